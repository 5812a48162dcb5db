/**
 * Outcomes of the controls Asterisk only queues. Click-to-dial and listen/whisper/barge are an
 * `Originate` with `Async: true`, whose answer is always "Originate successfully queued"; how the
 * call went arrives later as an `OriginateResponse` event carrying the Originate's ActionID. This
 * module matches the two (the caller picks the ActionID, so a response that races ahead of the
 * HTTP answer still finds its request) and gives up after a bounded wait, because an event lost to
 * a reconnect would otherwise leave the operator waiting for nothing. The Originate also names its
 * channel (`ChannelId` = the ActionID), so the channel's own DialEnd and hangup causes are
 * collected too: a failure is worded from them (dial-evidence.ts), which a real Asterisk's
 * `Reason: 0` for a declined call cannot do.
 */
import { eventName, get, type AmiMessage } from '../../shared/ami';
import {
  englishMessage,
  type CallOutcome,
  type CallOutcomeControl,
  type CallOutcomeReason,
} from '../../shared/ipc';
import { notice, type Notice } from '../../shared/notices';
import {
  evidenceChannel,
  failureReason,
  NO_EVIDENCE,
  reasonOf,
  withEvent,
  type DialEvidence,
} from './dial-evidence';

export { reasonOf };

/** What the operator asked for, known before the Originate leaves. */
export interface OriginateRequestInfo {
  readonly control: CallOutcomeControl;
  /** The number dialled, or the channel spied on. */
  readonly target: string;
  /** The operator's phone, rung first. */
  readonly endpoint: string;
}

/** How long to wait for OriginateResponse: Asterisk rings 30 s by default, then runs the dialplan. */
export const DEFAULT_OUTCOME_TIMEOUT_MS = 60_000;

/**
 * After a failed OriginateResponse, how long to wait for the Hangup of a channel that was made:
 * Asterisk sends the response itself while the channel's events go through stasis, so the last of
 * them (the Hangup, after a decline) can come just after it.
 */
export const DEFAULT_EVIDENCE_GRACE_MS = 2_000;

/** The outcome as a notice for the renderer to word (`message` is its English). */
function describe(reason: CallOutcomeReason, endpoint: string, waitedSeconds?: number): Notice {
  if (reason === 'no-response')
    return notice('outcome.no-response', { endpoint, seconds: waitedSeconds ?? 0 });
  return notice(`outcome.${reason}`, { endpoint });
}

function worded(item: Notice): { notice: Notice; message: string } {
  return { notice: item, message: englishMessage(item) };
}

/**
 * The outcome an OriginateResponse reports for a request, a failure worded from what the events of
 * its channel said (`evidence`); pure.
 */
export function outcomeFromResponse(
  requestId: string,
  info: OriginateRequestInfo,
  event: AmiMessage,
  evidence: DialEvidence = NO_EVIDENCE,
): CallOutcome {
  const success = get(event, 'Response')?.toLowerCase() === 'success';
  const codeText = get(event, 'Reason');
  const code = codeText !== undefined && /^-?\d+$/.test(codeText.trim()) ? Number(codeText) : undefined;
  const reason = success ? reasonOf(code, true) : failureReason(evidence, code);
  const cause = evidence.hangupCause ?? evidence.requestCause;
  return {
    requestId,
    ...info,
    ok: success,
    reason,
    ...(code === undefined ? {} : { reasonCode: code }),
    ...(success || evidence.dialStatus === undefined ? {} : { dialStatus: evidence.dialStatus }),
    ...(success || cause === undefined ? {} : { hangupCause: cause }),
    ...worded(describe(reason, info.endpoint)),
  };
}

/** The outcome when no OriginateResponse came in time; pure. */
export function outcomeWithoutResponse(
  requestId: string,
  info: OriginateRequestInfo,
  waitedMs: number,
): CallOutcome {
  const waitedSeconds = Math.round(waitedMs / 1000);
  return {
    requestId,
    ...info,
    ok: false,
    reason: 'no-response',
    waitedSeconds,
    ...worded(describe('no-response', info.endpoint, waitedSeconds)),
  };
}

export interface OutcomeTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: OutcomeTimers = {
  set: (run, ms) => {
    const handle = setTimeout(run, ms);
    // A pending outcome must not keep a closing process (CLI, tests) alive.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Pending {
  readonly info: OriginateRequestInfo;
  readonly report: (outcome: CallOutcome) => void;
  timer: unknown;
  evidence: DialEvidence;
  /** A failed OriginateResponse held until its channel's Hangup (or the grace) comes. */
  response?: AmiMessage;
}

/**
 * The Originates of one session still waiting for their OriginateResponse. Each is keyed by its
 * ActionID, which the session also sends as the Originate's `ChannelId`: the Uniqueid of the
 * channel Asterisk makes for it.
 */
export class OriginateWatch {
  readonly #pending = new Map<string, Pending>();
  readonly #timeoutMs: number;
  readonly #graceMs: number;
  readonly #timers: OutcomeTimers;

  constructor(options: { timeoutMs?: number; graceMs?: number; timers?: OutcomeTimers } = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_OUTCOME_TIMEOUT_MS;
    this.#graceMs = options.graceMs ?? DEFAULT_EVIDENCE_GRACE_MS;
    this.#timers = options.timers ?? realTimers;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Starts waiting for `requestId` (before the Originate is sent: its response may win the race). */
  expect(requestId: string, info: OriginateRequestInfo, report: (outcome: CallOutcome) => void): void {
    this.forget(requestId);
    const timer = this.#timers.set(() => {
      if (!this.#pending.delete(requestId)) return;
      report(outcomeWithoutResponse(requestId, info, this.#timeoutMs));
    }, this.#timeoutMs);
    this.#pending.set(requestId, { info, report, timer, evidence: NO_EVIDENCE });
  }

  /** Stops waiting without a report (the Originate itself was refused: its error is the answer). */
  forget(requestId: string): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    this.#timers.clear(pending.timer);
    this.#pending.delete(requestId);
  }

  /** Every event from the session; reports and returns true when it settles a pending Originate. */
  feed(event: AmiMessage): boolean {
    if (eventName(event) !== 'OriginateResponse') return this.#note(event);
    const requestId = get(event, 'ActionID');
    if (requestId === undefined) return false;
    const pending = this.#pending.get(requestId);
    if (!pending || pending.response) return false;
    const failed = get(event, 'Response')?.toLowerCase() !== 'success';
    if (failed && pending.evidence.created && !pending.evidence.hungUp) {
      // The channel's hangup (its cause) is still on its way: hold the response for it, briefly.
      pending.response = event;
      this.#timers.clear(pending.timer);
      pending.timer = this.#timers.set(() => this.#settle(requestId), this.#graceMs);
      return false;
    }
    pending.response = event;
    return this.#settle(requestId);
  }

  /** An event about a watched Originate's channel adds to its evidence. */
  #note(event: AmiMessage): boolean {
    const channel = evidenceChannel(event);
    const pending = channel === undefined ? undefined : this.#pending.get(channel);
    if (!pending) return false;
    pending.evidence = withEvent(pending.evidence, event);
    return pending.response !== undefined && pending.evidence.hungUp && this.#settle(channel as string);
  }

  #settle(requestId: string): boolean {
    const pending = this.#pending.get(requestId);
    if (!pending?.response) return false;
    this.forget(requestId);
    pending.report(outcomeFromResponse(requestId, pending.info, pending.response, pending.evidence));
    return true;
  }

  /** The session ended: nothing more will come, and nobody is left to tell. */
  close(): void {
    for (const requestId of [...this.#pending.keys()]) this.forget(requestId);
  }
}

let sequence = 0;
const runTag = Math.floor(Math.random() * 0x100000000)
  .toString(16)
  .padStart(8, '0');

/** An ActionID unique in this run and unlike the core's own (`ajam-...`), for the Originates we watch. */
export function nextOriginateId(): string {
  sequence += 1;
  return `console-originate-${runTag}-${sequence}`;
}
