/**
 * Board -> subscribers: a full snapshot when a window (re)subscribes, then patches, at most one per
 * interval (~30 ms) however fast events arrive. The clock and timers are injected so the batching
 * is tested without real time. Over immutable snapshots the diff is by reference, which the reducer
 * makes exact (it keeps the identity of every entry it does not change); the live board's store
 * builds the same patch from the keys it touched instead (./store).
 */
import { applyPatch, type BoardPatch, type BoardSnapshot, type BoardUpdate } from '../../shared/model';

export { applyPatch };

function diffMap<T>(
  before: Readonly<Record<string, T>>,
  after: Readonly<Record<string, T>>,
): Record<string, T | null> | undefined {
  if (before === after) return undefined;
  let out: Record<string, T | null> | undefined;
  for (const key of Object.keys(after)) {
    const value = after[key] as T;
    if (!Object.hasOwn(before, key) || before[key] !== value) (out ??= {})[key] = value;
  }
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) (out ??= {})[key] = null;
  }
  return out;
}

/** What turns `before` into `after` (applyPatch(before, diff) deep-equals after); {} when nothing. */
export function diffBoards(before: BoardSnapshot, after: BoardSnapshot): BoardPatch {
  const patch: { -readonly [K in keyof BoardPatch]: BoardPatch[K] } = {};
  const channels = diffMap(before.channels, after.channels);
  if (channels) patch.channels = channels;
  const bridges = diffMap(before.bridges, after.bridges);
  if (bridges) patch.bridges = bridges;
  const endpoints = diffMap(before.endpoints, after.endpoints);
  if (endpoints) patch.endpoints = endpoints;
  if (before.tooMany !== after.tooMany) patch.tooMany = after.tooMany ?? null;
  return patch;
}

export function isEmptyPatch(patch: BoardPatch): boolean {
  return (
    patch.channels === undefined &&
    patch.bridges === undefined &&
    patch.endpoints === undefined &&
    patch.tooMany === undefined
  );
}

/** Time and timers, injected: the real ones in the app, a fake in tests. `now()` is epoch ms. */
export interface BatchClock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: BatchClock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const DEFAULT_PATCH_INTERVAL_MS = 30;

export interface PatchBatcherOptions {
  /** At most one patch per this many ms (default 30). */
  readonly intervalMs?: number;
  readonly clock?: BatchClock;
}

export interface PatchBatcher {
  /** The board may have changed: subscribers get a patch within the interval. */
  changed(): void;
  /** Sends the current board as a snapshot to `send` now, then patches; returns the unsubscribe. */
  subscribe(send: (update: BoardUpdate) => void): () => void;
  /** Sends what is pending right away (before a shutdown, or when a test wants it). */
  flush(): void;
  /** Stops the timer and drops every subscriber. */
  close(): void;
}

/**
 * Where a batcher's boards come from. A mark is a point in the board's history that a later patch is
 * computed from; each subscriber holds the mark of what it was last sent.
 */
export interface PatchSource<Mark> {
  /** The current board, whole (for a window that subscribes). */
  snapshot(): BoardSnapshot;
  /** A mark of the current state. */
  mark(): Mark;
  /** What turns the board at `mark` into the current one; empty when they are the same. */
  patchSince(mark: Mark): BoardPatch;
  /** No subscriber holds `mark` any more (it may be released more than once). */
  release(mark: Mark): void;
}

/** Boards as immutable snapshots: the mark is the snapshot itself, patches are diffs by reference. */
function snapshotSource(read: () => BoardSnapshot): PatchSource<BoardSnapshot> {
  return {
    snapshot: read,
    mark: read,
    patchSince: (mark) => diffBoards(mark, read()),
    release: () => undefined,
  };
}

interface Subscriber<Mark> {
  readonly send: (update: BoardUpdate) => void;
  /** The board this subscriber holds: patches are computed from it. */
  mark: Mark;
}

/**
 * Batches board changes for subscribers. `read` returns the current board. Each subscriber keeps the
 * board it was last sent, so one that subscribed between two patches never misses a change that was
 * undone in between.
 */
export function createPatchBatcher(
  read: () => BoardSnapshot,
  options: PatchBatcherOptions = {},
): PatchBatcher {
  return createBatcher(snapshotSource(read), options);
}

/** The same batching over any source of patches (the live board's source is its LiveStore). */
export function createBatcher<Mark>(
  source: PatchSource<Mark>,
  options: PatchBatcherOptions = {},
): PatchBatcher {
  const intervalMs = options.intervalMs ?? DEFAULT_PATCH_INTERVAL_MS;
  const clock = options.clock ?? systemClock;
  const subscribers = new Set<Subscriber<Mark>>();
  let timer: unknown;
  let timerSet = false;
  let lastFlushAt = -Infinity;
  let closed = false;

  const held = (mark: Mark): boolean => {
    for (const subscriber of subscribers) if (subscriber.mark === mark) return true;
    return false;
  };

  const flush = (): void => {
    if (timerSet) clock.clearTimer(timer);
    timerSet = false;
    if (closed) return;
    lastFlushAt = clock.now();
    if (subscribers.size === 0) return;
    // Subscribers that hold the same mark get the same patch object, computed once.
    const patches = new Map<Mark, BoardPatch>();
    for (const subscriber of subscribers) {
      if (!patches.has(subscriber.mark)) patches.set(subscriber.mark, source.patchSince(subscriber.mark));
    }
    const next = source.mark();
    for (const subscriber of [...subscribers]) {
      const patch = patches.get(subscriber.mark);
      subscriber.mark = next;
      if (patch && !isEmptyPatch(patch)) subscriber.send({ kind: 'patch', patch });
    }
    for (const mark of patches.keys()) if (mark !== next && !held(mark)) source.release(mark);
  };

  return {
    changed(): void {
      if (closed || timerSet) return;
      // Right away (next turn) after a quiet spell, otherwise when the interval since the last patch ends.
      const delay = Math.max(0, lastFlushAt + intervalMs - clock.now());
      timerSet = true;
      timer = clock.setTimer(flush, delay);
    },
    subscribe(send): () => void {
      if (closed) throw new Error('the board publisher is closed: cannot subscribe');
      const subscriber: Subscriber<Mark> = { send, mark: source.mark() };
      subscribers.add(subscriber);
      send({ kind: 'snapshot', board: source.snapshot() });
      return () => {
        if (!subscribers.delete(subscriber)) return;
        if (!held(subscriber.mark)) source.release(subscriber.mark);
      };
    },
    flush,
    close(): void {
      if (timerSet) clock.clearTimer(timer);
      timerSet = false;
      closed = true;
      const marks = new Set([...subscribers].map((s) => s.mark));
      subscribers.clear();
      for (const mark of marks) source.release(mark);
    },
  };
}
