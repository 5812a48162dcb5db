/**
 * Pure: the board's channels grouped into calls, kept up to date patch by patch. groupCalls regroups
 * every channel on each patch (2,000 channels: Maps, a union-find and an array per call, thirty times
 * a second); this regroups only the calls a patch touches, so a patch costs what it changed. The
 * result is the same as groupCalls on the same channels (tests/e2e/call-index.test.ts checks it).
 */
import type { Channel } from '../../../shared/model';
import { makeCall } from './calls';
import type { Call } from './calls';

/** What one `apply` did to the set of calls: replaced calls appear in both lists. */
export interface CallChanges {
  readonly removed: readonly Call[];
  readonly added: readonly Call[];
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set) set.add(id);
  else index.set(key, new Set([id]));
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

/** Queues the ids not walked yet (a function, not a closure per channel: patches arrive 30 times a second). */
function enqueue(ids: Set<string> | undefined, grouped: Set<string>, queue: string[]): void {
  if (!ids) return;
  for (const id of ids)
    if (!grouped.has(id)) {
      grouped.add(id);
      queue.push(id);
    }
}

/** The bridge that joins a channel to others: every parked call shares the parking bridge, apart. */
function joiningBridge(ch: Channel): string | null {
  return ch.bridgeId && ch.parkedAt === undefined ? ch.bridgeId : null;
}

export class CallIndex {
  readonly #channels = new Map<string, Channel>();
  readonly #byLinked = new Map<string, Set<string>>();
  readonly #byBridge = new Map<string, Set<string>>();
  /** The call each channel is in, by channel uniqueid. */
  readonly #callOf = new Map<string, Call>();
  readonly #calls = new Map<string, Call>();

  get channelCount(): number {
    return this.#channels.size;
  }

  get callCount(): number {
    return this.#calls.size;
  }

  channel(uniqueid: string): Channel | undefined {
    return this.#channels.get(uniqueid);
  }

  channels(): IterableIterator<Channel> {
    return this.#channels.values();
  }

  calls(): IterableIterator<Call> {
    return this.#calls.values();
  }

  /** Replaces everything (a snapshot): no call keeps its identity, and the caller starts afresh. */
  reset(channels: Readonly<Record<string, Channel>>): void {
    this.#channels.clear();
    this.#byLinked.clear();
    this.#byBridge.clear();
    this.#callOf.clear();
    this.#calls.clear();
    this.apply(channels);
  }

  /** Applies channel changes (null: the channel is gone) and regroups the calls they touch. */
  apply(changes: Readonly<Record<string, Channel | null>>): CallChanges {
    const touched = new Map<string, Call>();
    const seeds: string[] = [];
    for (const id in changes) {
      const next = changes[id] ?? null;
      const before = this.#channels.get(id);
      if (before === next) continue;
      if (before) {
        this.#unlink(before);
        const call = this.#callOf.get(id);
        if (call) touched.set(call.id, call);
        this.#callOf.delete(id);
      }
      if (next) {
        this.#channels.set(id, next);
        this.#link(next);
        seeds.push(id);
      } else {
        this.#channels.delete(id);
      }
    }
    // Every channel left in a touched call may now belong elsewhere (or alone): regroup from them too.
    for (const call of touched.values())
      for (const ch of call.channels) if (this.#channels.has(ch.uniqueid)) seeds.push(ch.uniqueid);

    const grouped = new Set<string>();
    const added: Call[] = [];
    for (const seed of seeds) {
      if (grouped.has(seed)) continue;
      const list = this.#component(seed, grouped);
      // A call reached only through a new link (a bridge joining two calls) is touched as well.
      for (const ch of list) {
        const old = this.#callOf.get(ch.uniqueid);
        if (old) touched.set(old.id, old);
      }
      const call = makeCall(list, touched) as Call;
      for (const ch of call.channels) this.#callOf.set(ch.uniqueid, call);
      added.push(call);
    }
    for (const call of touched.values()) this.#calls.delete(call.id);
    for (const call of added) this.#calls.set(call.id, call);
    // A call regrouped into the very same object did not change: it is neither removed nor added.
    const kept = new Set(added.filter((c) => touched.get(c.id) === c));
    return {
      removed: [...touched.values()].filter((c) => !kept.has(c)),
      added: added.filter((c) => !kept.has(c)),
    };
  }

  /** The channels joined to `seed` by a shared linkedid or bridge (a breadth-first walk). */
  #component(seed: string, grouped: Set<string>): Channel[] {
    const list: Channel[] = [];
    const queue = [seed];
    grouped.add(seed);
    for (let i = 0; i < queue.length; i++) {
      const ch = this.#channels.get(queue[i] as string) as Channel;
      list.push(ch);
      const bridge = joiningBridge(ch);
      if (ch.linkedid) enqueue(this.#byLinked.get(ch.linkedid), grouped, queue);
      if (bridge) enqueue(this.#byBridge.get(bridge), grouped, queue);
    }
    return list;
  }

  #link(ch: Channel): void {
    if (ch.linkedid) addTo(this.#byLinked, ch.linkedid, ch.uniqueid);
    const bridge = joiningBridge(ch);
    if (bridge) addTo(this.#byBridge, bridge, ch.uniqueid);
  }

  #unlink(ch: Channel): void {
    if (ch.linkedid) removeFrom(this.#byLinked, ch.linkedid, ch.uniqueid);
    const bridge = joiningBridge(ch);
    if (bridge) removeFrom(this.#byBridge, bridge, ch.uniqueid);
  }
}
