/**
 * The live board the console service holds: events go in as they arrive, resyncs replace state after
 * a reconnect, subscribers (windows) get a snapshot and then batched patches.
 *
 * Events are applied on arrival to a mutable store (./store) by the same handlers as the pure reducer,
 * so an event costs what it touches whatever the board's size; each patch is built from the keys
 * touched since the subscriber's last one; the immutable snapshot is built only when asked for
 * (board(), a window subscribing, a resync).
 */
import type { AmiMessage } from '../../shared/ami';
import { EMPTY_BOARD, type BoardSnapshot, type BoardUpdate } from '../../shared/model';
import { applyEvent } from './channels';
import { createBatcher, systemClock, type BatchClock } from './patches';
import { buildBoard, resyncBoard, type BoardLists } from './snapshot';
import { LiveStore } from './store';

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
  const store = new LiveStore(options.initial ?? EMPTY_BOARD);
  const batcher = createBatcher(store, { clock, intervalMs: options.intervalMs ?? 30 });

  return {
    push(event): void {
      applyEvent(store, event, clock.now());
      batcher.changed();
    },
    resync(lists, resyncOptions = {}): void {
      const now = clock.now();
      // A resync reads every list item anyway: materialising the board for the pure resync costs no more.
      store.load(resyncOptions.fresh ? buildBoard(lists, now) : resyncBoard(store.snapshot(), lists, now));
      batcher.changed();
    },
    board: () => store.snapshot(),
    subscribe: (send) => batcher.subscribe(send),
    clear(): void {
      store.load(EMPTY_BOARD);
      batcher.changed();
    },
    flush: () => batcher.flush(),
    close: () => batcher.close(),
  };
}
