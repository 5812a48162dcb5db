/**
 * The live board's state. The pure reducer (BoardDraft) must copy a 2,000-entry map to change one
 * entry, because a BoardSnapshot is a plain immutable record; at 200 events/s that copy, and the diff
 * walking 2,000 entries every 30 ms, would cost more than everything else. Here the maps are mutable
 * (an event costs what it touches), entries are still replaced and never mutated (so every snapshot
 * or patch handed out stays valid), patches are built from the keys touched since a subscriber's
 * mark, and an immutable snapshot is materialised only when someone asks for one.
 */
import {
  EMPTY_BOARD,
  type BoardPatch,
  type BoardSnapshot,
  type Bridge,
  type Channel,
  type Endpoint,
  type TooMany,
} from '../../shared/model';
import { BoardWriter, isSafeKey, type BoardAnomaly } from './draft';
import type { PatchSource } from './patches';

/** For each key touched since it started, the value the key had then (undefined: it was absent). */
type Originals<T> = Map<string, T | undefined>;

/** A point in the store's history that a later patch is computed from (one per subscriber base). */
export class ChangeLog {
  readonly channels: Originals<Channel> = new Map();
  readonly bridges: Originals<Bridge> = new Map();
  readonly endpoints: Originals<Endpoint> = new Map();
  /** The TooMany mark when it first changed since this log started (`false`: it has not). */
  tooMany: TooMany | undefined | false = false;

  get empty(): boolean {
    return (
      this.channels.size === 0 &&
      this.bridges.size === 0 &&
      this.endpoints.size === 0 &&
      this.tooMany === false
    );
  }

  clear(): void {
    this.channels.clear();
    this.bridges.clear();
    this.endpoints.clear();
    this.tooMany = false;
  }
}

/** How big the live board may grow; past a limit new entries are left out and the board says so. */
export interface BoardLimits {
  /** Channels, and bridges alike. */
  readonly channels: number;
  readonly endpoints: number;
}

/**
 * Far above what an operator can follow, and below what would make every snapshot a window gets
 * (and the main process's memory) grow without end when a PBX, or something posing as one, floods.
 */
export const DEFAULT_BOARD_LIMITS: BoardLimits = { channels: 10_000, endpoints: 20_000 };

/**
 * Hung-up Uniqueids remembered against a late Newchannel. A Newchannel comes out of order by a few
 * events at most; older ghosts are the periodic reconcile's job.
 */
const HANGUPS_KEPT = 4096;

/** Released logs kept for reuse: a flush releases one and marks one, so two alternate. */
const SPARE_LOGS = 2;

/** One map of the board: its entries, the logs watching it, and its materialised record. */
class Table<T> {
  readonly #entries = new Map<string, T>();
  readonly #logs = new Set<Originals<T>>();
  readonly #empty: Readonly<Record<string, T>>;
  #view: Readonly<Record<string, T>> | undefined;

  constructor(empty: Readonly<Record<string, T>>) {
    this.#empty = empty;
    this.#view = empty;
  }

  get(id: string): T | undefined {
    return this.#entries.get(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** False when `id` is new and the table already holds `limit` entries: nothing is stored. */
  set(id: string, value: T, limit = Infinity): boolean {
    const current = this.#entries.get(id);
    if (current === value) return true;
    if (current === undefined && this.#entries.size >= limit) return false;
    this.#note(id);
    this.#entries.set(id, value);
    this.#view = undefined;
    return true;
  }

  delete(id: string): void {
    if (!this.#entries.has(id)) return;
    this.#note(id);
    this.#entries.delete(id);
    this.#view = undefined;
  }

  #note(id: string): void {
    for (const originals of this.#logs) if (!originals.has(id)) originals.set(id, this.#entries.get(id));
  }

  watch(originals: Originals<T>): void {
    this.#logs.add(originals);
  }
  unwatch(originals: Originals<T>): void {
    this.#logs.delete(originals);
  }

  /** The entries as an immutable record, built at most once per change. */
  view(): Readonly<Record<string, T>> {
    // Object.fromEntries defines own properties, so even an odd key could not reach the prototype.
    this.#view ??= this.#entries.size === 0 ? this.#empty : Object.fromEntries(this.#entries);
    return this.#view;
  }

  /** What turns the entries as they were when `originals` started into the current ones. */
  changesSince(originals: Originals<T>): Record<string, T | null> | undefined {
    let out: Record<string, T | null> | undefined;
    for (const [id, before] of originals) {
      const now = this.#entries.get(id);
      // Touched and put back (or created and removed) since the mark: nothing to send.
      if (now !== before) (out ??= {})[id] = now ?? null;
    }
    return out;
  }

  /**
   * Makes the entries those of `record` (by identity: unchanged entries are not noted), at most
   * `limit` of them (entries already held are kept first); false when some were left out.
   */
  load(record: Readonly<Record<string, T>>, limit = Infinity): boolean {
    for (const id of [...this.#entries.keys()]) if (!Object.hasOwn(record, id)) this.delete(id);
    let complete = true;
    for (const id of Object.keys(record)) {
      if (isSafeKey(id) && !this.set(id, record[id] as T, limit)) complete = false;
    }
    // The record now holds exactly the entries: reuse it rather than build an equal one.
    if (this.#entries.size === Object.keys(record).length) this.#view = record;
    return complete;
  }
}

export class LiveStore extends BoardWriter implements PatchSource<ChangeLog> {
  readonly #channels = new Table<Channel>(EMPTY_BOARD.channels);
  readonly #bridges = new Table<Bridge>(EMPTY_BOARD.bridges);
  readonly #endpoints = new Table<Endpoint>(EMPTY_BOARD.endpoints);
  readonly #logs = new Set<ChangeLog>();
  readonly #spare: ChangeLog[] = [];
  #latest: ChangeLog | undefined;
  #snapshot: BoardSnapshot = EMPTY_BOARD;
  readonly #limits: BoardLimits;
  #tooMany: TooMany | undefined;
  /** Uniqueids whose Hangup was seen, oldest first, at most HANGUPS_KEPT. */
  readonly #hungUp = new Set<string>();
  /** Hears what the event stream cannot explain (the live board reconciles then). */
  onAnomaly: ((kind: BoardAnomaly, uniqueid: string) => void) | undefined;

  constructor(initial: BoardSnapshot = EMPTY_BOARD, limits: BoardLimits = DEFAULT_BOARD_LIMITS) {
    super();
    this.#limits = limits;
    this.load(initial);
  }

  get limits(): BoardLimits {
    return this.#limits;
  }

  /** The TooMany mark, as the snapshot carries it. */
  get tooMany(): TooMany | undefined {
    return this.#tooMany;
  }

  override noteHangup(uniqueid: string): void {
    this.#hungUp.delete(uniqueid);
    this.#hungUp.add(uniqueid);
    if (this.#hungUp.size > HANGUPS_KEPT) {
      const oldest = this.#hungUp.values().next().value;
      if (oldest !== undefined) this.#hungUp.delete(oldest);
    }
  }

  override wasHungUp(uniqueid: string): boolean {
    return this.#hungUp.has(uniqueid);
  }

  /** The PBX lists the channel: whatever Hangup we saw for it, it exists. */
  forgetHangup(uniqueid: string): void {
    this.#hungUp.delete(uniqueid);
  }

  override anomaly(kind: BoardAnomaly, uniqueid: string): void {
    // Past the channel limit, events about channels left out are expected.
    if (this.#tooMany?.channels !== undefined) return;
    this.onAnomaly?.(kind, uniqueid);
  }

  /** Marks the board incomplete because `kind` reached its limit (kept until the next load). */
  markTooMany(kind: keyof TooMany): void {
    if (this.#tooMany?.[kind] !== undefined) return;
    this.#setTooMany({ ...this.#tooMany, [kind]: this.#limits[kind] });
  }

  #setTooMany(next: TooMany | undefined): void {
    if (next === this.#tooMany) return;
    for (const log of this.#logs) if (log.tooMany === false) log.tooMany = this.#tooMany;
    this.#tooMany = next;
  }

  channel(id: string): Channel | undefined {
    return this.#channels.get(id);
  }
  bridge(id: string): Bridge | undefined {
    return this.#bridges.get(id);
  }
  endpoint(id: string): Endpoint | undefined {
    return this.#endpoints.get(id);
  }
  putChannel(channel: Channel): void {
    if (!isSafeKey(channel.uniqueid)) return;
    if (!this.#channels.set(channel.uniqueid, channel, this.#limits.channels)) this.markTooMany('channels');
  }
  removeChannel(id: string): void {
    this.#channels.delete(id);
  }
  putBridge(bridge: Bridge): void {
    if (!isSafeKey(bridge.bridgeId)) return;
    if (!this.#bridges.set(bridge.bridgeId, bridge, this.#limits.channels)) this.markTooMany('channels');
  }
  removeBridge(id: string): void {
    this.#bridges.delete(id);
  }
  putEndpoint(endpoint: Endpoint): void {
    if (!isSafeKey(endpoint.id)) return;
    if (!this.#endpoints.set(endpoint.id, endpoint, this.#limits.endpoints)) this.markTooMany('endpoints');
  }
  removeEndpoint(id: string): void {
    this.#endpoints.delete(id);
  }

  /** The whole board as an immutable snapshot; the same object while nothing changes. */
  snapshot(): BoardSnapshot {
    const channels = this.#channels.view();
    const bridges = this.#bridges.view();
    const endpoints = this.#endpoints.view();
    const tooMany = this.#tooMany;
    const last = this.#snapshot;
    if (
      last.channels !== channels ||
      last.bridges !== bridges ||
      last.endpoints !== endpoints ||
      last.tooMany !== tooMany
    ) {
      const empty =
        channels === EMPTY_BOARD.channels &&
        bridges === EMPTY_BOARD.bridges &&
        endpoints === EMPTY_BOARD.endpoints &&
        tooMany === undefined;
      this.#snapshot = empty
        ? EMPTY_BOARD
        : { channels, bridges, endpoints, ...(tooMany ? { tooMany } : {}) };
    }
    return this.#snapshot;
  }

  /**
   * Makes the store hold `board` (a resync, a clear) within the limits; logs note only the entries
   * that differ. The TooMany mark becomes what this load left out (`board`'s own mark is history:
   * a resync's lists are the truth), to which the caller may add with markTooMany.
   */
  load(board: BoardSnapshot): void {
    const channels = this.#channels.load(board.channels, this.#limits.channels);
    const bridges = this.#bridges.load(board.bridges, this.#limits.channels);
    const endpoints = this.#endpoints.load(board.endpoints, this.#limits.endpoints);
    const tooMany: { -readonly [K in keyof TooMany]: TooMany[K] } = {};
    if (!channels || !bridges) tooMany.channels = this.#limits.channels;
    if (!endpoints) tooMany.endpoints = this.#limits.endpoints;
    const same =
      tooMany.channels === this.#tooMany?.channels && tooMany.endpoints === this.#tooMany?.endpoints;
    if (!same) this.#setTooMany(Object.keys(tooMany).length > 0 ? tooMany : undefined);
    if (this.snapshot() !== board && this.#sameViews(board)) this.#snapshot = board;
  }

  #sameViews(board: BoardSnapshot): boolean {
    return (
      this.#channels.view() === board.channels &&
      this.#bridges.view() === board.bridges &&
      this.#endpoints.view() === board.endpoints &&
      this.#tooMany === board.tooMany
    );
  }

  /** A mark of the current state. Subscribers marked while nothing changes share one log. */
  mark(): ChangeLog {
    const latest = this.#latest;
    if (latest && latest.empty && this.#logs.has(latest)) return latest;
    const log = this.#spare.pop() ?? new ChangeLog();
    this.#logs.add(log);
    this.#channels.watch(log.channels);
    this.#bridges.watch(log.bridges);
    this.#endpoints.watch(log.endpoints);
    this.#latest = log;
    return log;
  }

  /**
   * A log of its own (never shared with a subscriber's mark): what changes from now on. Release it
   * when done.
   */
  track(): ChangeLog {
    const log = this.#spare.pop() ?? new ChangeLog();
    this.#logs.add(log);
    this.#channels.watch(log.channels);
    this.#bridges.watch(log.bridges);
    this.#endpoints.watch(log.endpoints);
    return log;
  }

  /** The TooMany mark goes (a reconcile whose lists fit); whatever is refused next sets it again. */
  clearTooMany(): void {
    this.#setTooMany(undefined);
  }

  /** What turns the board at `log`'s mark into the current one: O(keys touched since), not O(board). */
  patchSince(log: ChangeLog): BoardPatch {
    if (!this.#logs.has(log))
      throw new Error('patchSince: this change log was released or is not this store’s');
    const patch: { -readonly [K in keyof BoardPatch]: BoardPatch[K] } = {};
    const channels = this.#channels.changesSince(log.channels);
    if (channels) patch.channels = channels;
    const bridges = this.#bridges.changesSince(log.bridges);
    if (bridges) patch.bridges = bridges;
    const endpoints = this.#endpoints.changesSince(log.endpoints);
    if (endpoints) patch.endpoints = endpoints;
    if (log.tooMany !== false && log.tooMany !== this.#tooMany) patch.tooMany = this.#tooMany ?? null;
    return patch;
  }

  /** Stops noting changes for `log` (no subscriber holds it any more). Releasing twice is harmless. */
  release(log: ChangeLog): void {
    if (!this.#logs.delete(log)) return;
    this.#channels.unwatch(log.channels);
    this.#bridges.unwatch(log.bridges);
    this.#endpoints.unwatch(log.endpoints);
    if (this.#latest === log) this.#latest = undefined;
    log.clear();
    if (this.#spare.length < SPARE_LOGS) this.#spare.push(log);
  }

  /** How many logs are noting changes (each costs a little on every change). */
  get trackedLogs(): number {
    return this.#logs.size;
  }
}
