/**
 * Copy-on-write over a BoardSnapshot for one batch of events: each map is copied at most once per
 * batch (not once per event), entries are replaced, never mutated, so the result shares every
 * untouched channel, bridge and endpoint with the input and the patch layer can diff by reference.
 * The pure reducer (reduceEvent) uses it; the live board uses the mutable LiveStore (./store).
 */
import type { BoardSnapshot, Bridge, Channel, Endpoint } from '../../shared/model';

/**
 * What the event stream cannot explain (see channels.ts): a Hangup for a channel never seen, a
 * Newchannel after that channel's Hangup, an event about a channel never seen, an event naming its
 * channel twice or a Newchannel cut short before its Uniqueid (a value holding CR/LF spliced a fake
 * event in: rawman does not escape values).
 */
export type BoardAnomaly =
  'unknown-hangup' | 'newchannel-after-hangup' | 'unknown-channel' | 'ambiguous' | 'truncated';

/** A change set: a value sets the field, undefined removes an optional field. */
export type Changes<T> = { -readonly [K in keyof T]?: T[K] | undefined };

/** A key that would rewrite an object's prototype instead of naming an entry. */
export function isSafeKey(key: string | undefined): key is string {
  return key !== undefined && key !== '' && key !== '__proto__';
}

/**
 * `entry` with `changes` applied, or `entry` itself when nothing differs (keeps identity, so an event
 * that repeats what is known produces no patch).
 */
export function withChanges<T extends object>(entry: T, changes: Changes<T>): T {
  const current = entry as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key in changes) {
    const value = (changes as Record<string, unknown>)[key];
    if (current[key] === value) continue;
    if (value === undefined && !(key in current)) continue;
    if (
      Array.isArray(value) &&
      Array.isArray(current[key]) &&
      sameArray(value as unknown[], current[key] as unknown[])
    ) {
      continue;
    }
    out ??= { ...current };
    // Leave optional fields out rather than undefined: JSON and structured clone then agree.
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return (out as T | undefined) ?? entry;
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What the reducer's handlers read and write: a board being changed, one entry at a time. Entries are
 * replaced, never mutated, so every board or patch handed out earlier stays as it was. Two stores
 * implement it: BoardDraft (copy-on-write over an immutable snapshot, for the pure reducer) and
 * LiveStore (mutable maps, for the live board, where copying 2,000 entries per event would dominate).
 */
export abstract class BoardWriter {
  abstract channel(id: string): Channel | undefined;
  abstract bridge(id: string): Bridge | undefined;
  abstract endpoint(id: string): Endpoint | undefined;
  abstract putChannel(channel: Channel): void;
  abstract removeChannel(id: string): void;
  abstract putBridge(bridge: Bridge): void;
  abstract removeBridge(id: string): void;
  abstract putEndpoint(endpoint: Endpoint): void;
  abstract removeEndpoint(id: string): void;

  /**
   * Hangups seen, and events the stream cannot explain. The pure reducer has no memory beyond the
   * board and ignores them; the live store remembers hung-up channels (so a late Newchannel cannot
   * bring one back) and reports anomalies, after which the live board reconciles with the PBX.
   */
  noteHangup(_uniqueid: string): void {}
  wasHungUp(_uniqueid: string): boolean {
    return false;
  }
  anomaly(_kind: BoardAnomaly, _uniqueid: string): void {}

  /** Changes a known channel; unknown ids are ignored (events for channels we never saw). */
  updateChannel(id: string, changes: Changes<Channel>): Channel | undefined {
    const current = this.channel(id);
    if (!current) return undefined;
    const next = withChanges(current, changes);
    this.putChannel(next);
    return next;
  }
  updateBridge(id: string, changes: Changes<Bridge>): Bridge | undefined {
    const current = this.bridge(id);
    if (!current) return undefined;
    const next = withChanges(current, changes);
    this.putBridge(next);
    return next;
  }
}

/** An own entry only: `constructor` or `toString` must not find Object.prototype's members. */
function own<T>(map: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(map, id) ? map[id] : undefined;
}

export class BoardDraft extends BoardWriter {
  readonly #base: BoardSnapshot;
  #channels: Record<string, Channel> | undefined;
  #bridges: Record<string, Bridge> | undefined;
  #endpoints: Record<string, Endpoint> | undefined;

  constructor(base: BoardSnapshot) {
    super();
    this.#base = base;
  }

  channel(id: string): Channel | undefined {
    return own(this.#channels ?? this.#base.channels, id);
  }
  bridge(id: string): Bridge | undefined {
    return own(this.#bridges ?? this.#base.bridges, id);
  }
  endpoint(id: string): Endpoint | undefined {
    return own(this.#endpoints ?? this.#base.endpoints, id);
  }

  putChannel(channel: Channel): void {
    if (!isSafeKey(channel.uniqueid) || this.channel(channel.uniqueid) === channel) return;
    (this.#channels ??= { ...this.#base.channels })[channel.uniqueid] = channel;
  }
  removeChannel(id: string): void {
    if (this.channel(id) === undefined) return;
    delete (this.#channels ??= { ...this.#base.channels })[id];
  }
  putBridge(bridge: Bridge): void {
    if (!isSafeKey(bridge.bridgeId) || this.bridge(bridge.bridgeId) === bridge) return;
    (this.#bridges ??= { ...this.#base.bridges })[bridge.bridgeId] = bridge;
  }
  removeBridge(id: string): void {
    if (this.bridge(id) === undefined) return;
    delete (this.#bridges ??= { ...this.#base.bridges })[id];
  }
  putEndpoint(endpoint: Endpoint): void {
    if (!isSafeKey(endpoint.id) || this.endpoint(endpoint.id) === endpoint) return;
    (this.#endpoints ??= { ...this.#base.endpoints })[endpoint.id] = endpoint;
  }
  removeEndpoint(id: string): void {
    if (this.endpoint(id) === undefined) return;
    delete (this.#endpoints ??= { ...this.#base.endpoints })[id];
  }

  /** The resulting board: the base itself when nothing changed. */
  finish(): BoardSnapshot {
    if (!this.#channels && !this.#bridges && !this.#endpoints) return this.#base;
    return {
      channels: this.#channels ?? this.#base.channels,
      bridges: this.#bridges ?? this.#base.bridges,
      endpoints: this.#endpoints ?? this.#base.endpoints,
      ...(this.#base.tooMany ? { tooMany: this.#base.tooMany } : {}),
    };
  }
}
