/**
 * The live board the console service holds: events go in as they arrive, resyncs replace state after
 * a reconnect, subscribers (windows) get a snapshot and then batched patches. Events are stamped on
 * arrival and folded in one batch when the board is next read (at the latest at the next patch), so a
 * burst of events costs one copy of the channel map instead of one per event.
 */
import type { AmiMessage } from '../../shared/ami';
import { EMPTY_BOARD, type BoardSnapshot, type BoardUpdate } from '../../shared/model';
import { reduceTimedEvents, type TimedEvent } from './channels';
import { createPatchBatcher, systemClock, type BatchClock } from './patches';
import { buildBoard, resyncBoard, type BoardLists } from './snapshot';

export interface LiveBoardOptions {
  readonly clock?: BatchClock;
  /** At most one patch per this many ms (default 30). */
  readonly intervalMs?: number;
  readonly initial?: BoardSnapshot;
}

export interface LiveBoard {
  /** An AMI event just arrived (from the WaitEvent loop). Any event is accepted; unknown ones do nothing. */
  push(event: AmiMessage): void;
  /**
   * The list actions' items, fetched after a (re)connect: the board becomes what they say, keeping
   * start times of channels it already had. `fresh: true` starts from nothing (another PBX).
   */
  resync(lists: BoardLists, options?: { readonly fresh?: boolean }): void;
  /** The current board, with every event pushed so far applied. */
  board(): BoardSnapshot;
  /** A window (re)subscribes: it gets a snapshot now, then patches at most every interval. */
  subscribe(send: (update: BoardUpdate) => void): () => void;
  /** Empties the board (disconnect) and tells subscribers. */
  clear(): void;
  /** Sends any pending patch now. */
  flush(): void;
  close(): void;
}

export function createLiveBoard(options: LiveBoardOptions = {}): LiveBoard {
  const clock = options.clock ?? systemClock;
  let current = options.initial ?? EMPTY_BOARD;
  let pending: TimedEvent[] = [];

  const board = (): BoardSnapshot => {
    if (pending.length > 0) {
      const events = pending;
      pending = [];
      current = reduceTimedEvents(current, events);
    }
    return current;
  };
  const batcher = createPatchBatcher(board, { clock, intervalMs: options.intervalMs ?? 30 });

  return {
    push(event): void {
      pending.push({ event, at: clock.now() });
      batcher.changed();
    },
    resync(lists, resyncOptions = {}): void {
      // Events pushed before the lists were taken are older than them: fold them first.
      const before = board();
      current = resyncOptions.fresh
        ? buildBoard(lists, clock.now())
        : resyncBoard(before, lists, clock.now());
      batcher.changed();
    },
    board,
    subscribe: (send) => batcher.subscribe(send),
    clear(): void {
      pending = [];
      current = EMPTY_BOARD;
      batcher.changed();
    },
    flush: () => batcher.flush(),
    close: () => batcher.close(),
  };
}
