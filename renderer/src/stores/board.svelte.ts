/**
 * The live board: the last snapshot with patches applied ($state.raw — replaced wholesale, never
 * deep-proxied, so 2,000 channels cost no proxies), and what the operator chose to see of it.
 */
import type { AjamApi, IpcError } from '../../../shared/ipc';
import type { BoardSnapshot, Channel, TooMany } from '../../../shared/model';
import { applyPatch, channelsIn, countByFilter, groupCalls, indexCalls, visibleCalls } from '../lib/calls';
import type { Call, CallFilter, CallSort } from '../lib/calls';
import { endpointRows } from '../lib/endpoints';
import type { EndpointRow } from '../lib/endpoints';

const EMPTY: BoardSnapshot = { channels: {}, bridges: {}, endpoints: {} };

export class Board {
  snapshot = $state.raw<BoardSnapshot>(EMPTY);
  filter = $state<CallFilter>('all');
  query = $state('');
  sort = $state<CallSort>('longest');
  selectedId = $state<string | null>(null);
  error = $state.raw<IpcError | null>(null);

  // Split by map: a patch that touches only channels leaves the endpoints map (and everything
  // derived from it) untouched, since applyPatch keeps unchanged maps by reference.
  #channels = $derived(this.snapshot.channels);
  #endpoints = $derived(this.snapshot.endpoints);

  #previous: ReadonlyMap<string, Call> = indexCalls([]);
  calls: Call[] = $derived.by(() => {
    const calls = groupCalls(this.#channels, this.#previous);
    this.#previous = indexCalls(calls);
    return calls;
  });
  visible: Call[] = $derived(visibleCalls(this.calls, this.filter, this.query, this.sort));
  channelCount: number = $derived(Object.keys(this.#channels).length);
  /** Channels of the calls on screen (search and filter applied). */
  visibleChannelCount: number = $derived(channelsIn(this.visible));
  /** Whether search or filter hide anything: the totals then say "n of m". */
  narrowed: boolean = $derived(this.filter !== 'all' || this.query.trim() !== '');
  /** Per filter chip: the calls it would show with the current search. */
  filterCounts = $derived(countByFilter(this.calls, this.query));
  selected: Channel | undefined = $derived(
    this.selectedId === null ? undefined : this.#channels[this.selectedId],
  );
  /** Set while main's board is at a size limit and incomplete (see shared/model.ts TooMany). */
  tooMany: TooMany | undefined = $derived(this.snapshot.tooMany);
  /** One row per extension: a hint merged with its device (see lib/endpoints.ts). */
  endpoints: EndpointRow[] = $derived(endpointRows(this.#endpoints));
  /** Channels in on-screen order, for keyboard navigation. */
  order: string[] = $derived(this.visible.flatMap((call) => call.channels.map((c) => c.uniqueid)));

  #api: AjamApi;

  constructor(api: AjamApi) {
    this.#api = api;
    api.onBoardPatch((patch) => (this.snapshot = applyPatch(this.snapshot, patch)));
    api.onBoardSnapshot((snapshot) => (this.snapshot = snapshot));
  }

  async subscribe(): Promise<void> {
    const result = await this.#api.subscribeBoard();
    if (result.ok) {
      this.snapshot = result.value;
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
    this.snapshot = EMPTY;
    this.selectedId = null;
  }

  /** The one other channel bridged with the channel of this name (a two-party call), by name. */
  peerOf(name: string): string | undefined {
    const channels = Object.values(this.#channels);
    const bridgeId = channels.find((c) => c.channel === name)?.bridgeId;
    if (!bridgeId) return undefined;
    const others = channels.filter((c) => c.bridgeId === bridgeId && c.channel !== name);
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
}
