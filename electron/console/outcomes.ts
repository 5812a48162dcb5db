/**
 * Outcomes of the controls Asterisk only queues. Click-to-dial and listen/whisper/barge are an
 * `Originate` with `Async: true`, whose answer is always "Originate successfully queued"; how the
 * call went arrives later as an `OriginateResponse` event carrying the Originate's ActionID. This
 * module matches the two (the caller picks the ActionID, so a response that races ahead of the
 * HTTP answer still finds its request) and gives up after a bounded wait, because an event lost to
 * a reconnect would otherwise leave the operator waiting for nothing.
 */
import { eventName, get, type AmiMessage } from '../../shared/ami';
import {
  englishMessage,
  type CallOutcome,
  type CallOutcomeControl,
  type CallOutcomeReason,
} from '../../shared/ipc';
import { notice, type Notice } from '../../shared/notices';

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

/** main/pbx.c pbx_dial_reason(): the AST_CONTROL_* value an Originate's failure is reported as. */
export function reasonOf(code: number | undefined, success: boolean): CallOutcomeReason {
  if (success) return 'answered';
  switch (code) {
    case 1:
      return 'hung-up';
    case 3:
      return 'no-answer';
    case 5:
      return 'busy';
    case 8:
      return 'congestion';
    default:
      // 0 (and anything newer): the channel could not be created or the dial failed otherwise.
      return 'failed';
  }
}

/** The outcome as a notice for the renderer to word (`message` is its English). */
function describe(reason: CallOutcomeReason, endpoint: string, waitedSeconds?: number): Notice {
  if (reason === 'no-response')
    return notice('outcome.no-response', { endpoint, seconds: waitedSeconds ?? 0 });
  return notice(`outcome.${reason}`, { endpoint });
}

function worded(item: Notice): { notice: Notice; message: string } {
  return { notice: item, message: englishMessage(item) };
}

/** The outcome an OriginateResponse reports for a request; pure. */
export function outcomeFromResponse(
  requestId: string,
  info: OriginateRequestInfo,
  event: AmiMessage,
): CallOutcome {
  const success = get(event, 'Response')?.toLowerCase() === 'success';
  const codeText = get(event, 'Reason');
  const code = codeText !== undefined && /^-?\d+$/.test(codeText.trim()) ? Number(codeText) : undefined;
  const reason = reasonOf(code, success);
  return {
    requestId,
    ...info,
    ok: success,
    reason,
    ...(code === undefined ? {} : { reasonCode: code }),
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
  readonly timer: unknown;
}

/** The Originates of one session still waiting for their OriginateResponse. */
export class OriginateWatch {
  readonly #pending = new Map<string, Pending>();
  readonly #timeoutMs: number;
  readonly #timers: OutcomeTimers;

  constructor(options: { timeoutMs?: number; timers?: OutcomeTimers } = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_OUTCOME_TIMEOUT_MS;
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
    this.#pending.set(requestId, { info, report, timer });
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
    if (eventName(event) !== 'OriginateResponse') return false;
    const requestId = get(event, 'ActionID');
    if (requestId === undefined) return false;
    const pending = this.#pending.get(requestId);
    if (!pending) return false;
    this.forget(requestId);
    pending.report(outcomeFromResponse(requestId, pending.info, event));
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
