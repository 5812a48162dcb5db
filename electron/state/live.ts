/**
 * The live board the console service holds: events go in as they arrive, resyncs replace state after
 * a reconnect, reconciles correct it while connected, subscribers (windows) get a snapshot and then
 * batched patches.
 *
 * Events are applied on arrival to a mutable store (./store) by the same handlers as the pure reducer,
 * so an event costs what it touches whatever the board's size; each patch is built from the keys
 * touched since the subscriber's last one; the immutable snapshot is built only when asked for
 * (board(), a window subscribing, a resync).
 */
import type { AmiMessage } from '../../shared/ami';
import { EMPTY_BOARD, type BoardSnapshot, type BoardUpdate } from '../../shared/model';
import { applyEvent } from './channels';
import type { BoardAnomaly } from './draft';
import { createBatcher, diffBoards, systemClock, type BatchClock } from './patches';
import { buildBoard, resyncBoard, type BoardLists } from './snapshot';
import { DEFAULT_BOARD_LIMITS, LiveStore, type BoardLimits, type ChangeLog } from './store';

export interface LiveBoardOptions {
  readonly clock?: BatchClock;
  /** At most one patch per this many ms (default 30). */
  readonly intervalMs?: number;
  readonly initial?: BoardSnapshot;
  /** How many channels (and bridges) and endpoints the board holds at most (DEFAULT_BOARD_LIMITS). */
  readonly limits?: BoardLimits;
}

/** A reconcile under way: the changes events make meanwhile (they are newer than the lists). */
export interface ReconcileToken {
  readonly log: ChangeLog;
}

export interface LiveBoard {
  /** An AMI event just arrived (from the WaitEvent loop). Any event is accepted; unknown ones do nothing. */
  push(event: AmiMessage): void;
  /**
   * The list actions' items, fetched after a (re)connect: the board becomes what they say, keeping
   * start times of channels it already had. `fresh: true` starts from nothing (another PBX).
   */
  resync(lists: BoardLists, options?: { readonly fresh?: boolean }): void;
  /** Call before fetching the lists for a reconcile: events from now on win over those lists. */
  beginReconcile(): ReconcileToken;
  /**
   * Brings the board in line with lists fetched while events kept flowing: only what differs
   * changes (a patch, never a new snapshot: no flicker), and nothing an event changed since
   * `token` was taken is touched. Returns how many entries changed.
   */
  reconcile(token: ReconcileToken, lists: BoardLists): number;
  /** A reconcile that will not finish (its lists could not be fetched). */
  cancelReconcile(token: ReconcileToken): void;
  /** Hears events the stream cannot explain (a reason to reconcile); returns the unsubscribe. */
  onAnomaly(listener: (kind: BoardAnomaly, uniqueid: string) => void): () => void;
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

/**
 * The lists cut to the channel limit, channels the board already shows first (so a full board does
 * not swap what it shows at each reconcile); `cut` says whether anything was left out.
 */
function withinLimit(
  lists: BoardLists,
  limit: number,
  shown: Readonly<Record<string, unknown>>,
): { lists: BoardLists; cut: boolean } {
  if (lists.channels.length <= limit) return { lists, cut: false };
  const known = lists.channels.filter((item) => Object.hasOwn(shown, item.fields['uniqueid'] ?? ''));
  const others = lists.channels.filter((item) => !Object.hasOwn(shown, item.fields['uniqueid'] ?? ''));
  return { lists: { ...lists, channels: [...known, ...others].slice(0, limit) }, cut: true };
}

export function createLiveBoard(options: LiveBoardOptions = {}): LiveBoard {
  const clock = options.clock ?? systemClock;
  const limits = options.limits ?? DEFAULT_BOARD_LIMITS;
  const store = new LiveStore(options.initial ?? EMPTY_BOARD, limits);
  const batcher = createBatcher(store, { clock, intervalMs: options.intervalMs ?? 30 });
  const anomalyListeners = new Set<(kind: BoardAnomaly, uniqueid: string) => void>();
  store.onAnomaly = (kind, uniqueid) => {
    for (const listener of anomalyListeners) listener(kind, uniqueid);
  };

  /** Hangups remembered for channels the PBX still lists were wrong (or faked): forget them. */
  const believeLists = (board: BoardSnapshot): void => {
    for (const id of Object.keys(board.channels)) store.forgetHangup(id);
  };

  return {
    push(event): void {
      applyEvent(store, event, clock.now());
      batcher.changed();
    },
    resync(lists, resyncOptions = {}): void {
      const now = clock.now();
      const fitted = withinLimit(
        lists,
        limits.channels,
        resyncOptions.fresh ? {} : store.snapshot().channels,
      );
      // A resync reads every list item anyway: materialising the board for the pure resync costs no more.
      const next = resyncOptions.fresh
        ? buildBoard(fitted.lists, now)
        : resyncBoard(store.snapshot(), fitted.lists, now);
      store.load(next);
      if (fitted.cut) store.markTooMany('channels');
      believeLists(next);
      batcher.changed();
    },
    beginReconcile: () => ({ log: store.track() }),
    reconcile({ log }, lists): number {
      const current = store.snapshot();
      const fitted = withinLimit(lists, limits.channels, current.channels);
      const target = resyncBoard(current, fitted.lists, clock.now());
      const diff = diffBoards(current, target);
      // The mark is earned again by whatever does not fit this time.
      store.clearTooMany();
      if (fitted.cut) store.markTooMany('channels');
      let changed = 0;
      // The lists are older than any event applied since the token: those entries stay as events left them.
      for (const [id, channel] of Object.entries(diff.channels ?? {})) {
        if (log.channels.has(id)) continue;
        changed += 1;
        if (channel) store.putChannel(channel);
        else store.removeChannel(id);
      }
      for (const [id, bridge] of Object.entries(diff.bridges ?? {})) {
        if (log.bridges.has(id)) continue;
        changed += 1;
        if (bridge) store.putBridge(bridge);
        else store.removeBridge(id);
      }
      for (const [id, endpoint] of Object.entries(diff.endpoints ?? {})) {
        if (log.endpoints.has(id)) continue;
        changed += 1;
        if (endpoint) store.putEndpoint(endpoint);
        else store.removeEndpoint(id);
      }
      for (const id of Object.keys(target.channels)) if (!log.channels.has(id)) store.forgetHangup(id);
      store.release(log);
      repairLinks(store);
      batcher.changed();
      return changed;
    },
    cancelReconcile: ({ log }) => store.release(log),
    onAnomaly(listener) {
      anomalyListeners.add(listener);
      return () => anomalyListeners.delete(listener);
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

/**
 * After a partial reconcile (entries events touched meanwhile were kept), a channel may name a bridge
 * that is gone, or a bridge a channel that is gone: the board's links must still hold.
 */
function repairLinks(store: LiveStore): void {
  const board = store.snapshot();
  for (const channel of Object.values(board.channels)) {
    if (channel.bridgeId !== null && !Object.hasOwn(board.bridges, channel.bridgeId)) {
      store.updateChannel(channel.uniqueid, { bridgeId: null });
    }
  }
  for (const bridge of Object.values(board.bridges)) {
    const members = bridge.channels.filter((id) => Object.hasOwn(board.channels, id));
    if (members.length !== bridge.channels.length) store.updateBridge(bridge.bridgeId, { channels: members });
  }
}
