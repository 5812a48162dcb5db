/**
 * Waits for Asterisk to report a transfer or a park, from the event stream: BlindTransfer (27e),
 * AttendedTransfer (27f), ParkedCall (23b), or for a redirect the moved channel entering the
 * target (Newexten / DialBegin). A Hangup of the channel first ends the wait as "hung up"; no word
 * within the timeout ends it as "unconfirmed". The reply to the action itself is never taken as
 * done.
 */
import { eventName, get, type AmiMessage } from '../../../shared/ami';
import { englishMessage } from '../../../shared/ipc';
import { notice, type Notice } from '../../../shared/notices';
import type { SwitchboardControl, SwitchboardOutcome } from '../../../shared/switchboard';
import type { OutcomeTimers } from '../../console/outcomes';
import type { Confirmation } from './actions';

/** How long each kind is waited for: an attended transfer lasts as long as the consultation. */
export const CONFIRM_TIMEOUT_MS: Readonly<Record<Confirmation['kind'], number>> = {
  blind: 15_000,
  redirect: 15_000,
  park: 15_000,
  attended: 30 * 60_000,
  // From the request: the operator's phone rings first (Originate waits up to 30 s for an answer).
  pickup: 90_000,
  unpark: 90_000,
};

/** The channel whose hangup ends the wait: the one that was to move (or be taken). */
function movingChannel(c: Confirmation, target: string): string {
  switch (c.kind) {
    case 'blind':
    case 'attended':
      return c.transferee;
    case 'redirect':
    case 'park':
      return c.channel;
    case 'pickup':
      return c.target;
    case 'unpark':
      return target;
  }
}

interface Pending {
  readonly requestId: string;
  readonly control: SwitchboardControl;
  readonly target: string;
  readonly exten: string;
  readonly confirm: Confirmation;
  readonly report: (outcome: SwitchboardOutcome) => void;
  readonly timer: unknown;
  readonly waitMs: number;
}

const realTimers: OutcomeTimers = {
  set: (run, ms) => {
    const handle = setTimeout(run, ms);
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function outcome(pending: Pending, ok: boolean, item: Notice): SwitchboardOutcome {
  return {
    requestId: pending.requestId,
    control: pending.control,
    target: pending.target,
    ok,
    notice: item,
    message: englishMessage(item),
  };
}

/** The watched channel's name in an event's channel block (`Transferee`, `Parkee`, none). */
function channelIn(event: AmiMessage, prefix: string): string | undefined {
  return get(event, `${prefix}Channel`);
}

/** Whether the event settles the wait: the outcome, or undefined to keep waiting. */
export function settle(
  pending: Omit<Pending, 'report' | 'timer' | 'waitMs'>,
  event: AmiMessage,
): SwitchboardOutcome | undefined {
  const p = pending as Pending;
  const c = pending.confirm;
  const name = eventName(event);
  const channel = pending.target;
  const exten = pending.exten;
  switch (c.kind) {
    case 'blind':
      if (
        name === 'BlindTransfer' &&
        (channelIn(event, 'Transferer') === c.transferer || channelIn(event, 'Transferee') === c.transferee)
      ) {
        const result = get(event, 'Result') ?? '';
        return result === 'Success'
          ? outcome(p, true, notice('switchboard.outcome.transferred', { channel, exten }))
          : outcome(p, false, notice('switchboard.outcome.transfer-failed', { channel, exten }, result));
      }
      break;
    case 'attended':
      if (
        name === 'AttendedTransfer' &&
        (channelIn(event, 'OrigTransferer') === c.transferer ||
          channelIn(event, 'Transferee') === c.transferee)
      ) {
        const result = get(event, 'Result') ?? '';
        return result === 'Success'
          ? outcome(p, true, notice('switchboard.outcome.atxfer-done', { channel, exten }))
          : outcome(p, false, notice('switchboard.outcome.transfer-failed', { channel, exten }, result));
      }
      break;
    case 'redirect':
      if (
        (name === 'Newexten' || name === 'DialBegin') &&
        get(event, 'Channel') === c.channel &&
        (name === 'DialBegin' || get(event, 'Exten') === c.exten)
      ) {
        return outcome(p, true, notice('switchboard.outcome.transferred', { channel, exten }));
      }
      break;
    case 'park':
      if (name === 'ParkedCall' && channelIn(event, 'Parkee') === c.channel) {
        const lot = get(event, 'Parkinglot') ?? '';
        const space = get(event, 'ParkingSpace') ?? '';
        return outcome(p, true, notice('switchboard.outcome.parked', { channel, lot, space }));
      }
      break;
    case 'pickup':
      if (name === 'Pickup' && channelIn(event, 'Target') === c.target) {
        return outcome(p, true, notice('switchboard.outcome.picked-up', { exten: channel }));
      }
      break;
    case 'unpark':
      if (get(event, 'Parkinglot') === c.lot && get(event, 'ParkingSpace') === c.space) {
        const { lot, space } = c;
        if (name === 'UnParkedCall')
          return outcome(p, true, notice('switchboard.outcome.unparked', { lot, space }));
        // Gone from the space another way before the operator could take it.
        if (name === 'ParkedCallTimeOut' || name === 'ParkedCallGiveUp') {
          const parkee = get(event, 'ParkeeChannel') ?? `${lot}/${space}`;
          return outcome(p, false, notice('switchboard.outcome.hung-up', { channel: parkee }));
        }
      }
      break;
  }
  // The moving channel gone before any report: nothing will be transferred, parked or picked up.
  const moving = movingChannel(c, channel);
  if (name === 'Hangup' && get(event, 'Channel') === moving) {
    return outcome(p, false, notice('switchboard.outcome.hung-up', { channel: moving }));
  }
  return undefined;
}

export class ConfirmationWatch {
  readonly #pending = new Map<string, Pending>();
  readonly #timers: OutcomeTimers;
  readonly #timeouts: Readonly<Record<Confirmation['kind'], number>>;

  constructor(
    options: { timers?: OutcomeTimers; timeoutsMs?: Partial<Record<Confirmation['kind'], number>> } = {},
  ) {
    this.#timers = options.timers ?? realTimers;
    this.#timeouts = { ...CONFIRM_TIMEOUT_MS, ...options.timeoutsMs };
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Starts waiting (before the action is sent: its events may arrive before its reply). */
  expect(
    requestId: string,
    what: { control: SwitchboardControl; target: string; exten: string; confirm: Confirmation },
    report: (outcome: SwitchboardOutcome) => void,
  ): void {
    this.forget(requestId);
    const waitMs = this.#timeouts[what.confirm.kind];
    const timer = this.#timers.set(() => {
      const pending = this.#pending.get(requestId);
      if (!pending) return;
      this.#pending.delete(requestId);
      pending.report(
        outcome(
          pending,
          false,
          notice('switchboard.outcome.unconfirmed', { seconds: Math.round(waitMs / 1000) }),
        ),
      );
    }, waitMs);
    this.#pending.set(requestId, { requestId, ...what, report, timer, waitMs });
  }

  forget(requestId: string): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    this.#timers.clear(pending.timer);
    this.#pending.delete(requestId);
  }

  feed(event: AmiMessage): void {
    if (this.#pending.size === 0) return;
    for (const pending of [...this.#pending.values()]) {
      const done = settle(pending, event);
      if (!done) continue;
      this.forget(pending.requestId);
      pending.report(done);
    }
  }

  close(): void {
    for (const id of [...this.#pending.keys()]) this.forget(id);
  }
}
