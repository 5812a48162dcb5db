/**
 * The demo PBX's SIP-over-WebSocket side as tests, the preview and the app see it: the operator's
 * account (what a softphone registers with) and what the demo observed of its calls. See README.md.
 */

/** The operator's phone in the demo office: reception, 101, idle at start. */
export const SIP_USER = '101';
/** res_pjsip's default realm, as in `WWW-Authenticate: Digest realm="asterisk"`. */
export const SIP_REALM = 'asterisk';
/** The password of 101 when the demo is not given one (tests, `--demo`); the app's demo makes its own. */
export const DEFAULT_SIP_PASSWORD = 'softphone101';
/** The dialplan's media extensions: 600 echoes what it hears, 601 plays a tone. */
export const ECHO_EXTEN = '600';
export const TONE_EXTEN = '601';

export interface DemoSipOptions {
  /** 101's SIP password (default DEFAULT_SIP_PASSWORD). */
  readonly password?: string;
  /**
   * Seconds between calls an office phone places to the registered softphone (0 or unset: never,
   * as tests want). A call nobody answers gives up after 30 s.
   */
  readonly ringEverySeconds?: number;
}

/** How a softphone registers as the operator: what JsSIP's UA configuration needs. */
export interface DemoSipAccount {
  /** `ws://127.0.0.1:<port>/asterisk/ws` (wss with tls); WebSocket subprotocol `sip`. */
  readonly url: string;
  /** `sip:101@127.0.0.1`. */
  readonly uri: string;
  /** Authorization user: 101. */
  readonly user: string;
  readonly password: string;
  readonly realm: string;
}

/** A DTMF digit the demo received on a softphone call. */
export interface ReceivedDtmf {
  readonly digit: string;
  /** SIP INFO (application/dtmf-relay or application/dtmf) or RFC 4733 RTP telephone-events. */
  readonly via: 'info' | 'rfc4733';
  /** The call's PJSIP channel (`PJSIP/101-0000000a`). */
  readonly channel: string;
}

/** One softphone call as the demo sees it. */
export interface SipCallView {
  readonly callId: string;
  readonly channel: string;
  /** Who the softphone talks to: 600, 601, an office phone, or the caller of an incoming call. */
  readonly peer: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly state: 'ringing' | 'up' | 'ended';
  /** The softphone put it on hold (re-INVITE sendonly/inactive). */
  readonly held: boolean;
  /** Where a REFER sent it, if one did. */
  readonly referredTo?: string;
  /** RTP bytes the demo received from and sent to the softphone on this call. */
  readonly rtpBytesIn: number;
  readonly rtpBytesOut: number;
}

export interface DemoSip extends DemoSipAccount {
  /** True while the softphone has a live registration (REGISTER with Expires > 0). */
  registered(): boolean;
  /** Every DTMF digit received, oldest first. */
  dtmf(): readonly ReceivedDtmf[];
  /** Calls of this run, oldest first (ended ones too). */
  calls(): readonly SipCallView[];
  /**
   * An office phone (default 102) calls the registered softphone now; resolves with the caller's
   * channel name, or null when no softphone is registered or either phone is busy.
   */
  ring(from?: string): Promise<string | null>;
}
