/**
 * The live board: channels grouped into calls and what the operator chose to see of them, kept up to
 * date patch by patch (lib/call-index.ts, lib/call-view.ts) so a patch costs what it changed, not the
 * 2,000 channels around it. Everything derived from them reads one version number, bumped once per
 * patch, and Svelte renders what changed in the same task (main already gathers events into one patch
 * per ~30 ms, electron/state/patches.ts, so there is nothing left for the renderer to coalesce).
 */
import type { AjamApi, IpcError } from '../../../shared/ipc';
import type { BoardPatch, BoardSnapshot, Bridge, Channel, Endpoint, TooMany } from '../../../shared/model';
import { CallIndex } from '../lib/call-index';
import { CallView } from '../lib/call-view';
import type { Call, CallFilter, CallSort } from '../lib/calls';
import { endpointRows } from '../lib/endpoints';
import type { EndpointRow } from '../lib/endpoints';

type Changes<T> = Record<string, T | null>;

function applyChanges<T>(
  base: Readonly<Record<string, T>>,
  changes: Readonly<Changes<T>>,
): Record<string, T> {
  const out: Record<string, T> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

export class Board {
  filter = $state<CallFilter>('all');
  query = $state('');
  sort = $state<CallSort>('longest');
  selectedId = $state<string | null>(null);
  error = $state.raw<IpcError | null>(null);

  readonly #index = new CallIndex();
  readonly #view = new CallView();
  /** Bumped once per patch or snapshot: everything derived from the index reads it. */
  #version = $state(0);
  #bridges = $state.raw<Readonly<Record<string, Bridge>>>({});
  #endpoints = $state.raw<Readonly<Record<string, Endpoint>>>({});
  #tooMany = $state.raw<TooMany | undefined>(undefined);

  /** The view as of this patch: one pass over the changes, shared by the list and the counts. */
  #shown = $derived.by(() => {
    void this.#version;
    this.#view.use(this.filter, this.query, this.sort, () => this.#index.calls());
    return {
      list: this.#view.list.slice(),
      counts: this.#sameCounts(this.#view.counts),
      channels: this.#view.channelCount,
    };
  });
  #lastCounts: Readonly<Record<CallFilter, number>> = { all: 0, ringing: 0, up: 0, hold: 0, recording: 0 };

  visible: Call[] = $derived(this.#shown.list);
  /** Calls on the board, filtered or not. */
  callCount: number = $derived.by(() => {
    void this.#version;
    return this.#index.callCount;
  });
  channelCount: number = $derived.by(() => {
    void this.#version;
    return this.#index.channelCount;
  });
  /** Channels of the calls on screen (search and filter applied). */
  visibleChannelCount: number = $derived(this.#shown.channels);
  /** Whether search or filter hide anything: the totals then say "n of m". */
  narrowed: boolean = $derived(this.filter !== 'all' || this.query.trim() !== '');
  /** Per filter chip: the calls it would show with the current search. */
  filterCounts: Readonly<Record<CallFilter, number>> = $derived(this.#shown.counts);
  selected: Channel | undefined = $derived.by(() => {
    void this.#version;
    return this.selectedId === null ? undefined : this.#index.channel(this.selectedId);
  });
  /** Set while main's board is at a size limit and incomplete (see shared/model.ts TooMany). */
  tooMany: TooMany | undefined = $derived(this.#tooMany);
  /** One row per extension: a hint merged with its device (see lib/endpoints.ts). */
  endpoints: EndpointRow[] = $derived(endpointRows(this.#endpoints));
  /** Channels in on-screen order, for keyboard navigation. */
  order: string[] = $derived(this.visible.flatMap((call) => call.channels.map((c) => c.uniqueid)));
  /**
   * The board as one snapshot, built only when read (a whole copy of 2,000 channels): for panels that
   * look channels up now and then, not for anything that renders per patch.
   */
  snapshot: BoardSnapshot = $derived.by(() => {
    void this.#version;
    const channels: Record<string, Channel> = {};
    for (const ch of this.#index.channels()) channels[ch.uniqueid] = ch;
    return {
      channels,
      bridges: this.#bridges,
      endpoints: this.#endpoints,
      ...(this.#tooMany ? { tooMany: this.#tooMany } : {}),
    };
  });

  #api: AjamApi;

  constructor(api: AjamApi) {
    this.#api = api;
    api.onBoardPatch((patch) => this.#apply(patch));
    api.onBoardSnapshot((snapshot) => this.#replace(snapshot));
  }

  async subscribe(): Promise<void> {
    const result = await this.#api.subscribeBoard();
    if (result.ok) {
      this.#replace(result.value);
      this.error = null;
    } else {
      this.error = result.error;
    }
  }

  /** Asks main to check the board against the PBX now (the window came back to the front). */
  async reconcile(): Promise<void> {
    // What differs arrives as an ordinary patch; a failure changes nothing on screen.
    await this.#api.reconcileBoard();
  }

  clear(): void {
    this.#replace({ channels: {}, bridges: {}, endpoints: {} });
    this.selectedId = null;
  }

  /** Every live channel, for a panel that walks them once per patch (no copy, unlike `snapshot`). */
  channels(): Iterable<Channel> {
    void this.#version;
    return this.#index.channels();
  }

  /** The one other channel bridged with the channel of this name (a two-party call), by name. */
  peerOf(name: string): string | undefined {
    let bridgeId: string | null = null;
    for (const ch of this.#index.channels())
      if (ch.channel === name) {
        bridgeId = ch.bridgeId;
        break;
      }
    if (!bridgeId) return undefined;
    const others: Channel[] = [];
    for (const ch of this.#index.channels())
      if (ch.bridgeId === bridgeId && ch.channel !== name) others.push(ch);
    return others.length === 1 ? others[0]?.channel : undefined;
  }

  /** Moves the selection by `delta` channels in on-screen order; returns the new id. */
  move(delta: number): string | null {
    const order = this.order;
    if (order.length === 0) return null;
    const at = this.selectedId === null ? -1 : order.indexOf(this.selectedId);
    const next =
      at === -1 ? (delta > 0 ? 0 : order.length - 1) : Math.min(order.length - 1, Math.max(0, at + delta));
    this.selectedId = order[next] ?? null;
    return this.selectedId;
  }

  /** The previous counts object while no count changed: the chips then do not re-render. */
  #sameCounts(counts: Readonly<Record<CallFilter, number>>): Readonly<Record<CallFilter, number>> {
    const last = this.#lastCounts;
    for (const key in counts) {
      const f = key as CallFilter;
      if (counts[f] !== last[f]) return (this.#lastCounts = { ...counts });
    }
    return last;
  }

  /** A snapshot replaces everything at once. */
  #replace(snapshot: BoardSnapshot): void {
    this.#index.reset(snapshot.channels);
    this.#view.rebuild(this.#index.calls());
    this.#bridges = snapshot.bridges;
    this.#endpoints = snapshot.endpoints;
    this.#tooMany = snapshot.tooMany;
    this.#version++;
  }

  #apply(patch: BoardPatch): void {
    // Only what changed is replaced: the endpoints panel does not re-render for a channel's patch.
    if (patch.bridges) this.#bridges = applyChanges(this.#bridges, patch.bridges);
    if (patch.endpoints) this.#endpoints = applyChanges(this.#endpoints, patch.endpoints);
    if (patch.tooMany !== undefined) this.#tooMany = patch.tooMany ?? undefined;
    if (!patch.channels) return;
    this.#view.apply(this.#index.apply(patch.channels));
    this.#version++;
  }
}
