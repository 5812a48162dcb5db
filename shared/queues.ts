/**
 * Call queues as the console shows them (issue 9): each queue's counters, members and waiting
 * callers, built from QueueStatus/QueueSummary at connect and kept live from app_queue's events.
 * Pure types and helpers; imports nothing.
 */

/** devicestate.h's enum ast_device_state, by the number app_queue prints as a member's Status. */
export const MEMBER_STATES = [
  'UNKNOWN',
  'NOT_INUSE',
  'INUSE',
  'BUSY',
  'INVALID',
  'UNAVAILABLE',
  'RINGING',
  'RINGINUSE',
  'ONHOLD',
] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

export function memberState(status: number): MemberState {
  return MEMBER_STATES[status] ?? 'UNKNOWN';
}

export interface QueueMember {
  /** Where calls go (`Location` in QueueStatus, `Interface` in events). */
  readonly interface: string;
  readonly name: string;
  /**
   * Whose state the member shows: may differ from `interface` (FreePBX: `Local/101@from-queue/n`
   * with `hint:101@ext-local`); state, spy and transfer act on this device.
   */
  readonly stateInterface: string;
  readonly dynamic: boolean;
  readonly penalty: number;
  readonly status: MemberState;
  readonly paused: boolean;
  readonly pausedReason: string;
  /** Epoch seconds of the last pause (0: never). */
  readonly lastPause: number;
  readonly callsTaken: number;
  /** Epoch seconds of the last call's end (0: none). */
  readonly lastCall: number;
  readonly inCall: boolean;
  /** Being rung by the queue right now (AgentCalled until connect or no answer). */
  readonly ringing: boolean;
  readonly wrapupSeconds: number;
}

export interface QueueCaller {
  readonly position: number;
  readonly channel: string;
  readonly uniqueid: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  /** Epoch ms when the caller joined (the wait ticks from here). */
  readonly joinedAt: number;
}

export interface QueueView {
  readonly queue: string;
  readonly strategy: string;
  readonly serviceLevelSeconds: number;
  /** Percentage of answered calls answered within the service level (QueueParams ServicelevelPerf). */
  readonly serviceLevelPerf: number;
  readonly completed: number;
  readonly abandoned: number;
  /** Average hold and talk seconds (app_queue's running averages). */
  readonly holdTime: number;
  readonly talkTime: number;
  /**
   * QueueSummary's counts (app_queue's manager_queues_summary): members logged in (not
   * UNAVAILABLE/INVALID) and available (free, not paused, out of wrap-up). Seeded by the summary at
   * connect, then kept from the members' events; absent when the user may not run QueueSummary.
   */
  readonly loggedIn?: number;
  readonly available?: number;
  /** The longest wait in seconds as QueueSummary told it at connect (the live one ticks from the callers). */
  readonly longestHoldSeconds?: number;
  readonly members: readonly QueueMember[];
  readonly callers: readonly QueueCaller[];
}

export interface QueuesSnapshot {
  readonly queues: readonly QueueView[];
}

/** Whole seconds a caller has waited at `now`. */
export function waitSeconds(caller: QueueCaller, now: number): number {
  return Math.max(0, Math.floor((now - caller.joinedAt) / 1000));
}

/** The caller who has waited longest (the highlighted one), if any. */
export function longestWaiting(queue: QueueView): QueueCaller | undefined {
  let best: QueueCaller | undefined;
  for (const c of queue.callers) if (!best || c.joinedAt < best.joinedAt) best = c;
  return best;
}

/**
 * The device a member's state, spy and transfer act on: the state interface when it names one
 * (FreePBX's `hint:101@ext-local` stands for PJSIP/101 through the hint; `Local/101@from-queue/n`
 * is only how the queue reaches it), else the interface itself.
 */
export function memberDevice(member: {
  readonly interface: string;
  readonly stateInterface: string;
}): string {
  const hint = /^hint:([^@]+)@/i.exec(member.stateInterface);
  if (hint) return `PJSIP/${hint[1] as string}`;
  if (member.stateInterface && member.stateInterface !== member.interface) return member.stateInterface;
  const local = /^Local\/([^@]+)@from-queue(?:\/n)?$/i.exec(member.interface);
  return local ? `PJSIP/${local[1] as string}` : member.interface;
}

/** The member's live channel among `channels` (names `<device>-<id>`), to listen in on or transfer. */
export function memberChannel<C extends { readonly channel: string }>(
  member: { readonly interface: string; readonly stateInterface: string },
  channels: Iterable<C>,
): C | undefined {
  const prefix = `${memberDevice(member)}-`;
  for (const c of channels) if (c.channel.startsWith(prefix)) return c;
  return undefined;
}
