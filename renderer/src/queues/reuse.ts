/**
 * Keeps the objects of what did not change between two snapshots, so the panel's keyed lists
 * re-render only the queues, members and callers that did (a snapshot crosses IPC as a copy). Pure.
 */
import type { QueueView } from '../../../shared/queues';

function shallowSame(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  }
  return true;
}

function reuseList<T extends object>(
  prev: readonly T[],
  next: readonly T[],
  key: (x: T) => string,
): readonly T[] {
  const old = new Map(prev.map((x) => [key(x), x]));
  let same = prev.length === next.length;
  const out = next.map((x, i) => {
    const before = old.get(key(x));
    const kept = before && shallowSame(before, x) ? before : x;
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? prev : out;
}

export function reuseQueues(prev: readonly QueueView[], next: readonly QueueView[]): readonly QueueView[] {
  const old = new Map(prev.map((q) => [q.queue, q]));
  let same = prev.length === next.length;
  const out = next.map((q, i) => {
    const before = old.get(q.queue);
    if (!before) {
      same = false;
      return q;
    }
    const members = reuseList(before.members, q.members, (m) => m.interface);
    const callers = reuseList(before.callers, q.callers, (c) => c.uniqueid || c.channel);
    const merged: QueueView = { ...q, members, callers };
    const kept = shallowSame(before, merged) ? before : merged;
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? prev : out;
}
