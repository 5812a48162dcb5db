/**
 * The softphone's shared vocabulary: what main hands the renderer to register (only on request, over
 * `softphone:credentials`), the WebSocket address derived from the AJAM one, and the header by which
 * the console's own Originates tell the softphone to answer by itself.
 *
 * Runs in main, preload and renderer alike: no imports.
 */

/** One STUN or TURN server, as RTCPeerConnection takes it. */
export interface IceServer {
  readonly urls: string;
  readonly username?: string;
  readonly credential?: string;
}

/** Everything JsSIP needs to register as the operator's own extension. */
export interface SoftphoneAccount {
  /** The PJSIP endpoint / auth user name, e.g. `101`. */
  readonly user: string;
  readonly password: string;
  /** `wss://pbx:8089/asterisk/ws` (res_http_websocket on the AJAM server). */
  readonly wsUrl: string;
  /** The SIP domain (the PBX's host name): `sip:<user>@<domain>`. */
  readonly domain: string;
  readonly iceServers: readonly IceServer[];
}

/**
 * The SIP WebSocket on the same HTTP server as AJAM: Asterisk's res_http_websocket registers `ws`
 * under http.conf's prefix, so `https://pbx:8089/asterisk` becomes `wss://pbx:8089/asterisk/ws`
 * and `http://pbx:8088/asterisk` becomes `ws://pbx:8088/asterisk/ws`. Undefined for anything that
 * is not an http(s) URL.
 */
export function deriveSipWsUrl(ajamUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(ajamUrl.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const prefix = url.pathname.replace(/\/+$/, '');
  return `${scheme}//${url.host}${prefix}/ws`;
}

/** The host a `ws(s)://` URL names, as the SIP domain; undefined when it is not one. */
export function sipDomainOf(wsUrl: string): string | undefined {
  try {
    const url = new URL(wsUrl);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return undefined;
    return url.hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/**
 * The SIP header the console's Originates add to the INVITE that rings the operator's softphone
 * (`PJSIP_HEADER(add,…)` on the dialed channel), carrying the Originate's ActionID: the softphone
 * answers by itself only a call whose header names an Originate this window just queued.
 */
export const AUTO_ANSWER_HEADER = 'X-AJAM-Auto-Answer';

/**
 * The Originate `Variable` that makes PJSIP add the header on the outgoing INVITE. Only PJSIP
 * channels have PJSIP_HEADER; for other technologies nothing is added (no auto-answer there).
 */
export function autoAnswerVariable(endpoint: string, requestId: string): string | undefined {
  if (!/^PJSIP\//i.test(endpoint)) return undefined;
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(requestId)) return undefined;
  return `PJSIP_HEADER(add,${AUTO_ANSWER_HEADER})=${requestId}`;
}

/** `PJSIP/101` -> `101`: the softphone's user when it is the operator's endpoint. */
export function endpointUser(endpoint: string): string | undefined {
  const match = /^PJSIP\/([^/@\s]+)$/i.exec(endpoint);
  return match?.[1];
}
