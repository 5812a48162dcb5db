/**
 * Which members a queue caller rings now, as app_queue decides it: is_our_turn() (with autofill, the
 * first N callers may ring when N members are free), can_ring_entry() (not paused, a free or
 * unknown device with ringinuse=no, not being rung for another caller), then ring_one()'s best
 * metric: the lowest penalty, all of it for ringall, the member called least recently otherwise.
 * Pure.
 */

/** What the choice needs to know of a member. */
export interface Candidate {
  readonly iface: string;
  readonly paused: boolean;
  /** The member's Status: devicestate.h's number (0 unknown, 1 not in use, 2 in use, ...). */
  readonly status: number;
  readonly penalty: number;
  /** When it last completed a call (epoch s, 0 never). */
  readonly lastCall: number;
}

/** member_status_available(): a member whose device is free or unknown. */
function available(status: number): boolean {
  return status === 0 || status === 1;
}

export function membersToRing<M extends Candidate>(
  members: readonly M[],
  strategy: string,
  /** The caller's place in the queue, from 1. */
  position: number,
  /** Interfaces (lower case) another caller is ringing now: app_queue's pending_members. */
  pending: ReadonlySet<string>,
): M[] {
  const free = members.filter((m) => !m.paused && available(m.status) && !pending.has(m.iface.toLowerCase()));
  if (position < 1 || position > Math.max(1, free.length) || free.length === 0) return [];
  const best = Math.min(...free.map((m) => m.penalty));
  const tier = free.filter((m) => m.penalty === best);
  if (strategy === 'ringall') return tier;
  const next = [...tier].sort((a, b) => a.lastCall - b.lastCall)[0];
  return next ? [next] : [];
}
