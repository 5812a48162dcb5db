/**
 * The softphone's decisions, without JsSIP, WebRTC or the DOM: the call state machine, why a
 * registration failed, which calls answer by themselves, what a dialled number becomes, how loud a
 * buffer of samples is. The store (phone.svelte.ts) feeds these what JsSIP and Web Audio report.
 */

// ---------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------

/**
 * - dialing: INVITE sent, nothing back yet.   - ringing: the far end rings (180/183).
 * - incoming: an INVITE rings here.           - connecting: answered, media being set up.
 * - active: talking.                          - held: put on hold by us (re-INVITE sendonly).
 * - ended: hung up, declined, failed.
 */
export type CallPhase = 'dialing' | 'ringing' | 'incoming' | 'connecting' | 'active' | 'held' | 'ended';

export type CallEvent =
  'progress' | 'answer' | 'accepted' | 'confirmed' | 'hold' | 'unhold' | 'ended' | 'failed';

const TRANSITIONS: Readonly<Record<CallPhase, Partial<Record<CallEvent, CallPhase>>>> = {
  dialing: {
    progress: 'ringing',
    accepted: 'connecting',
    confirmed: 'active',
    failed: 'ended',
    ended: 'ended',
  },
  ringing: {
    progress: 'ringing',
    accepted: 'connecting',
    confirmed: 'active',
    failed: 'ended',
    ended: 'ended',
  },
  incoming: {
    answer: 'connecting',
    accepted: 'connecting',
    confirmed: 'active',
    failed: 'ended',
    ended: 'ended',
  },
  connecting: { accepted: 'connecting', confirmed: 'active', failed: 'ended', ended: 'ended' },
  active: { hold: 'held', confirmed: 'active', ended: 'ended', failed: 'ended' },
  held: { unhold: 'active', hold: 'held', ended: 'ended', failed: 'ended' },
  ended: {},
};

/** The phase after `event`; the same phase when the event means nothing there (a late 180, a BYE twice). */
export function nextPhase(phase: CallPhase, event: CallEvent): CallPhase {
  return TRANSITIONS[phase][event] ?? phase;
}

/** Phases in which the call still exists. */
export function isLive(phase: CallPhase): boolean {
  return phase !== 'ended';
}

/** Whether a call can be talked on now (hold, mute, DTMF, transfer make sense). */
export function isEstablished(phase: CallPhase): boolean {
  return phase === 'active' || phase === 'held';
}

/**
 * A new outgoing call may start when no other call is talking: every live call is on hold (the
 * second call while the first waits) or there is none. Ringing incoming calls do not block it.
 */
export function canPlaceCall(phases: readonly CallPhase[]): boolean {
  return phases.every((phase) => phase === 'held' || phase === 'ended' || phase === 'incoming');
}

/**
 * What sounds while a call rings here: the ringtone when it is the only call, the call-waiting
 * beep when another call is already dialled, talking or held (the operator is on the line, and a
 * full ringtone would drown the person they talk to). Nothing when no call rings.
 */
export function alertTone(phases: readonly CallPhase[]): 'ring' | 'waiting' | undefined {
  if (!phases.includes('incoming')) return undefined;
  return phases.some((phase) => phase !== 'incoming' && phase !== 'ended') ? 'waiting' : 'ring';
}

/**
 * What the operator typed, as a SIP user part: digits, `*`, `#`, `+` and letters of an endpoint
 * name; spaces, dashes, dots and brackets of a pasted number are dropped. Undefined: nothing to dial.
 */
export function dialTarget(text: string): string | undefined {
  const cleaned = text.trim().replace(/[\s().-]/g, '');
  if (!/^\+?[A-Za-z0-9*#_]{1,64}$/.test(cleaned)) return undefined;
  return cleaned;
}

/** DTMF keys of the keypad (RFC 4733 events 0-11; A-D left out, no phone has them). */
export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type DtmfKey = (typeof DTMF_KEYS)[number];

export function isDtmfKey(key: string): key is DtmfKey {
  return (DTMF_KEYS as readonly string[]).includes(key);
}

/** The caller as the card shows it: `"Reception" <102>` -> name `Reception`, number `102`. */
export function callerOf(
  displayName: string | undefined,
  user: string | undefined,
): {
  readonly name: string;
  readonly number: string;
} {
  const number = (user ?? '').trim();
  const name = (displayName ?? '').trim();
  return { name: name === number ? '' : name, number };
}

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

/**
 * Why registering failed, worded by the catalog:
 * - auth: 401/403/407 after the credentials were sent (wrong user or password).
 * - no-websocket: nothing answered at the WebSocket URL (refused, wrong path, no res_http_websocket).
 * - tls: the server is there but its certificate is not one Chromium trusts (wss only).
 * - timeout: the REGISTER got no answer.
 * - refused: another SIP final answer (404 no such endpoint, 503...).
 * - no-account: main has no SIP account for this session.
 */
export type RegistrationProblem = 'auth' | 'no-websocket' | 'tls' | 'timeout' | 'refused' | 'no-account';

/** JsSIP's registrationFailed: its cause, and the SIP status when a response came. */
export function registrationProblem(
  cause: string | undefined,
  statusCode: number | undefined,
): RegistrationProblem {
  if (statusCode === 401 || statusCode === 403 || statusCode === 407 || cause === 'Authentication Error') {
    return 'auth';
  }
  if (cause === 'Connection Error') return 'no-websocket';
  if (cause === 'Request Timeout') return 'timeout';
  return 'refused';
}

/**
 * A WebSocket that never opened: for `wss:` the certificate may be the reason. Main probes the
 * same host and port over TLS (cert:probe): a server that answers with a certificate Chromium does
 * not trust (self-signed, unknown CA) is `tls`; no answer at all is `no-websocket`.
 */
export function socketProblem(
  wsUrl: string,
  probe: { readonly reachable: boolean; readonly trustedBySystem: boolean } | undefined,
): RegistrationProblem {
  if (!/^wss:/i.test(wsUrl) || probe === undefined) return 'no-websocket';
  if (probe.reachable && !probe.trustedBySystem) return 'tls';
  return 'no-websocket';
}

/** `wss://pbx:8089/asterisk/ws` -> `https://pbx:8089/` (what cert:probe takes); undefined for ws:. */
export function probeUrlFor(wsUrl: string): string | undefined {
  try {
    const url = new URL(wsUrl);
    if (url.protocol !== 'wss:') return undefined;
    return `https://${url.host}/`;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Auto-answer
// ---------------------------------------------------------------------------------------------

/**
 * The Originates this window just queued (click-to-dial, listen/whisper/barge), by ActionID. An
 * incoming call whose X-AJAM-Auto-Answer header names one of them answers by itself, once; any other
 * call rings. The INVITE may beat the Originate's own response to this window, so a header not yet
 * known is `wait`: the store holds it ringing and asks again when the response comes.
 */
export class AutoAnswerBook {
  readonly #expected = new Map<string, number>();
  readonly #ttlMs: number;

  constructor(ttlMs = 60_000) {
    this.#ttlMs = ttlMs;
  }

  #prune(now: number): void {
    for (const [id, at] of this.#expected) if (now - at > this.#ttlMs) this.#expected.delete(id);
  }

  /** An Originate of ours was queued with this ActionID. */
  expect(requestId: string, now: number): void {
    this.#prune(now);
    this.#expected.set(requestId, now);
  }

  /**
   * An incoming call with this header value (undefined: no header). `answer` uses the entry up: a
   * second INVITE naming the same Originate rings like any call.
   */
  claim(header: string | undefined, now: number): 'answer' | 'wait' | 'ring' {
    this.#prune(now);
    const value = header?.trim();
    if (!value) return 'ring';
    if (this.#expected.delete(value)) return 'answer';
    return /^console-originate-[A-Za-z0-9_.-]{1,80}$/.test(value) ? 'wait' : 'ring';
  }
}

// ---------------------------------------------------------------------------------------------
// Levels
// ---------------------------------------------------------------------------------------------

/**
 * How loud a buffer of 8-bit time-domain samples (AnalyserNode.getByteTimeDomainData, 128 = silence)
 * is, 0-100: RMS on a dB scale from -60 dBFS (0) to 0 dBFS (100), so speech moves the meter visibly.
 */
export function levelOf(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = ((samples[i] ?? 128) - 128) / 128;
    sum += x * x;
  }
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
}

/** mm:ss, or h:mm:ss past an hour: the call timer. */
export function callTimer(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
