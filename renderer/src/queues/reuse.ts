/**
 * Keeps the objects of what did not change between two lists, so a keyed list re-renders only the
 * items that did (whatever crosses IPC arrives as a copy). Pure.
 */

export function shallowSame(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  }
  return true;
}

/** `next`, with each item equal to its namesake in `prev` replaced by it; `prev` itself when nothing changed. */
export function reuseList<T extends object>(
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
