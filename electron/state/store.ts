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
} from '../../shared/model';
import { BoardWriter, isSafeKey } from './draft';
import type { PatchSource } from './patches';

/** For each key touched since it started, the value the key had then (undefined: it was absent). */
type Originals<T> = Map<string, T | undefined>;

/** A point in the store's history that a later patch is computed from (one per subscriber base). */
export class ChangeLog {
  readonly channels: Originals<Channel> = new Map();
  readonly bridges: Originals<Bridge> = new Map();
  readonly endpoints: Originals<Endpoint> = new Map();

  get empty(): boolean {
    return this.channels.size === 0 && this.bridges.size === 0 && this.endpoints.size === 0;
  }

  clear(): void {
    this.channels.clear();
    this.bridges.clear();
    this.endpoints.clear();
  }
}

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

  set(id: string, value: T): void {
    if (this.#entries.get(id) === value) return;
    this.#note(id);
    this.#entries.set(id, value);
    this.#view = undefined;
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

  /** Makes the entries those of `record` (by identity: unchanged entries are not noted). */
  load(record: Readonly<Record<string, T>>): void {
    for (const id of [...this.#entries.keys()]) if (!Object.hasOwn(record, id)) this.delete(id);
    for (const id of Object.keys(record)) if (isSafeKey(id)) this.set(id, record[id] as T);
    // The record now holds exactly the entries: reuse it rather than build an equal one.
    if (this.#entries.size === Object.keys(record).length) this.#view = record;
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

  constructor(initial: BoardSnapshot = EMPTY_BOARD) {
    super();
    this.load(initial);
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
    if (isSafeKey(channel.uniqueid)) this.#channels.set(channel.uniqueid, channel);
  }
  removeChannel(id: string): void {
    this.#channels.delete(id);
  }
  putBridge(bridge: Bridge): void {
    if (isSafeKey(bridge.bridgeId)) this.#bridges.set(bridge.bridgeId, bridge);
  }
  removeBridge(id: string): void {
    this.#bridges.delete(id);
  }
  putEndpoint(endpoint: Endpoint): void {
    if (isSafeKey(endpoint.id)) this.#endpoints.set(endpoint.id, endpoint);
  }
  removeEndpoint(id: string): void {
    this.#endpoints.delete(id);
  }

  /** The whole board as an immutable snapshot; the same object while nothing changes. */
  snapshot(): BoardSnapshot {
    const channels = this.#channels.view();
    const bridges = this.#bridges.view();
    const endpoints = this.#endpoints.view();
    const last = this.#snapshot;
    if (last.channels !== channels || last.bridges !== bridges || last.endpoints !== endpoints) {
      const empty =
        channels === EMPTY_BOARD.channels &&
        bridges === EMPTY_BOARD.bridges &&
        endpoints === EMPTY_BOARD.endpoints;
      this.#snapshot = empty ? EMPTY_BOARD : { channels, bridges, endpoints };
    }
    return this.#snapshot;
  }

  /** Makes the store hold `board` (a resync, a clear); logs note only the entries that differ. */
  load(board: BoardSnapshot): void {
    this.#channels.load(board.channels);
    this.#bridges.load(board.bridges);
    this.#endpoints.load(board.endpoints);
    if (this.snapshot() !== board && this.#sameViews(board)) this.#snapshot = board;
  }

  #sameViews(board: BoardSnapshot): boolean {
    return (
      this.#channels.view() === board.channels &&
      this.#bridges.view() === board.bridges &&
      this.#endpoints.view() === board.endpoints
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
