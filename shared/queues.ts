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

/** A queue's own figures: everything in QueueView but its members and callers. */
export type QueueHead = Omit<QueueView, 'queue' | 'members' | 'callers'>;

/**
 * What changed in one queue since the last patch (main sends only the queues that changed, and in
 * them only what changed). Members come whole, by interface; the callers come as the whole list
 * because one leaving moves everyone behind it up a place.
 */
export interface QueuePatch {
  readonly queue: string;
  readonly head?: QueueHead;
  /** Members added or changed, whole (a new interface is appended, as app_queue lists it). */
  readonly members?: readonly QueueMember[];
  /** Interfaces of members removed. */
  readonly removed?: readonly string[];
  readonly callers?: readonly QueueCaller[];
}

export function queueHead(q: QueueView): QueueHead {
  const { queue: _queue, members: _members, callers: _callers, ...head } = q;
  return head;
}

/** A queue's figures before anything is known of it. */
export const EMPTY_QUEUE_HEAD: QueueHead = {
  strategy: '',
  serviceLevelSeconds: 0,
  serviceLevelPerf: 0,
  completed: 0,
  abandoned: 0,
  holdTime: 0,
  talkTime: 0,
};

/**
 * `queues` with `patches` applied (pure; the renderer applies them in place, tests and tools fold
 * them with this). Patching is idempotent: a patch over a snapshot that already holds it changes nothing.
 */
export function applyQueuePatches(
  queues: readonly QueueView[],
  patches: readonly QueuePatch[],
): readonly QueueView[] {
  const out = [...queues];
  for (const p of patches) {
    const at = out.findIndex((q) => q.queue === p.queue);
    const before: QueueView = out[at] ?? { queue: p.queue, ...EMPTY_QUEUE_HEAD, members: [], callers: [] };
    const after: QueueView = {
      ...(p.head ? { ...p.head, queue: p.queue } : before),
      members: patchMembers(before.members, p.members ?? [], p.removed ?? []),
      callers: p.callers ?? before.callers,
    };
    if (at < 0) out.push(after);
    else out[at] = after;
  }
  return out;
}

/** Members with `changed` set (in place, or appended when new) and `removed` dropped. */
export function patchMembers(
  members: readonly QueueMember[],
  changed: readonly QueueMember[],
  removed: readonly string[],
): readonly QueueMember[] {
  if (changed.length === 0 && removed.length === 0) return members;
  const byIface = new Map(changed.map((m) => [m.interface, m]));
  const gone = new Set(removed);
  const out: QueueMember[] = [];
  for (const m of members) {
    if (gone.has(m.interface)) continue;
    const next = byIface.get(m.interface);
    out.push(next ?? m);
    byIface.delete(m.interface);
  }
  for (const m of byIface.values()) if (!gone.has(m.interface)) out.push(m);
  return out;
}

/** Whole seconds a caller has waited at `now`. */
export function waitSeconds(caller: QueueCaller, now: number): number {
  return Math.max(0, Math.floor((now - caller.joinedAt) / 1000));
}

/** The caller who has waited longest (the highlighted one), if any. */
export function longestWaiting(queue: { readonly callers: readonly QueueCaller[] }): QueueCaller | undefined {
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
