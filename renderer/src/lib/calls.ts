/**
 * Pure: channels -> calls. A call is every channel joined by a bridge or a shared linkedid (union-find,
 * so a transfer that bridges two calls shows as one). No DOM, no Svelte: the board store derives from it
 * and the tests call it directly.
 */
import type { BoardPatch, BoardSnapshot, Channel } from '../../../shared/model';
import { known } from './callerid';

export type CallPhase = 'ringing' | 'dialing' | 'up' | 'hold' | 'down';

export interface Call {
  /** Stable across patches: the uniqueid of the call's oldest channel. */
  readonly id: string;
  /** Oldest first. */
  readonly channels: readonly Channel[];
  readonly startedAt: number;
  readonly phase: CallPhase;
  /**
   * The ChannelStateDesc of the channel that gave the call its phase, so the badge's words match its
   * colour and icon (during an attended transfer the caller is Up while the new leg rings: Ringing).
   */
  readonly state: string;
  readonly bridged: boolean;
  readonly onHold: boolean;
  readonly recording: boolean;
  readonly parkedAt: string | undefined;
}

export type CallFilter = 'all' | 'ringing' | 'up' | 'hold' | 'recording';
export type CallSort = 'longest' | 'newest' | 'caller' | 'exten' | 'state';

/** Asterisk's ChannelStateDesc -> the coarse phase that picks the color and icon. */
export function channelPhase(channel: Channel): CallPhase {
  if (channel.onHold) return 'hold';
  switch (channel.state) {
    case 'Up':
      return 'up';
    case 'Ring':
    case 'Ringing':
    case 'Pre-ring':
      return 'ringing';
    case 'Dialing':
    case 'Dialing Offhook':
    case 'OffHook':
    case 'Rsrvd':
      return 'dialing';
    default:
      return 'down';
  }
}

const phaseRank: Record<CallPhase, number> = { ringing: 0, dialing: 1, hold: 2, up: 3, down: 4 };

/** The call's most telling phase: ringing beats hold beats talking beats dialing. */
const callPhaseRank: Record<CallPhase, number> = { ringing: 0, hold: 1, up: 2, dialing: 3, down: 4 };

/** The call's phase and the state of the (oldest) channel that set it. */
export function callPhase(channels: readonly Channel[]): { phase: CallPhase; state: string } {
  let best: CallPhase = 'down';
  let state = channels[0]?.state ?? '';
  for (const ch of channels) {
    const phase = channelPhase(ch);
    if (callPhaseRank[phase] < callPhaseRank[best]) {
      best = phase;
      state = ch.state;
    }
  }
  return { phase: best, state };
}

/** Union-find over channel indexes; integer arrays keep 2,000 channels well under a millisecond. */
function find(parent: Int32Array, x: number): number {
  let root = x;
  while (parent[root] !== root) root = parent[root] as number;
  while (parent[x] !== root) {
    const next = parent[x] as number;
    parent[x] = root;
    x = next;
  }
  return root;
}

function joinFirst(parent: Int32Array, firstOf: Map<string, number>, key: string, index: number): void {
  const first = firstOf.get(key);
  if (first === undefined) {
    firstOf.set(key, index);
    return;
  }
  const a = find(parent, index);
  const b = find(parent, first);
  if (a !== b) parent[a] = b;
}

/**
 * `previous` (the last result, by id) lets an unchanged call keep its object identity, so the board
 * re-renders only the calls a patch touched.
 */
export function groupCalls(
  byId: Readonly<Record<string, Channel>>,
  previous?: ReadonlyMap<string, Call>,
): Call[] {
  const channels = Object.values(byId);
  const parent = new Int32Array(channels.length);
  for (let i = 0; i < channels.length; i++) parent[i] = i;
  const byLinked = new Map<string, number>();
  const byBridge = new Map<string, number>();
  channels.forEach((ch, i) => {
    if (ch.linkedid) joinFirst(parent, byLinked, ch.linkedid, i);
    // Every parked call waits in the same parking bridge: sharing it does not make them one call.
    if (ch.bridgeId && ch.parkedAt === undefined) joinFirst(parent, byBridge, ch.bridgeId, i);
  });
  const groups = new Map<number, Channel[]>();
  channels.forEach((ch, i) => {
    const root = find(parent, i);
    const list = groups.get(root);
    if (list) list.push(ch);
    else groups.set(root, [ch]);
  });
  const calls: Call[] = [];
  for (const list of groups.values()) {
    const call = makeCall(list, previous);
    if (call) calls.push(call);
  }
  return calls;
}

/**
 * One call from its channels (any order; sorted here, oldest first). The previous call of the same
 * id is returned as is when its channels are the very same objects, so its row does not re-render.
 */
export function makeCall(list: Channel[], previous?: ReadonlyMap<string, Call>): Call | undefined {
  if (list.length > 1) list.sort(byStart);
  const first = list[0];
  if (!first) return undefined;
  const before = previous?.get(first.uniqueid);
  if (before && sameChannels(before.channels, list)) return before;
  const { phase, state } = callPhase(list);
  return {
    id: first.uniqueid,
    channels: list,
    startedAt: first.startedAt,
    phase,
    state,
    bridged: list.some((c) => c.bridgeId !== null && c.parkedAt === undefined),
    onHold: list.some((c) => c.onHold),
    recording: list.some((c) => c.recording),
    parkedAt: list.find((c) => c.parkedAt !== undefined)?.parkedAt,
  };
}

/** The cache groupCalls reuses unchanged calls from. Plain (not reactive): it is only ever replaced. */
export function indexCalls(calls: readonly Call[]): ReadonlyMap<string, Call> {
  return new Map(calls.map((c) => [c.id, c]));
}

function sameChannels(a: readonly Channel[], b: readonly Channel[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function byStart(a: Channel, b: Channel): number {
  return a.startedAt - b.startedAt || (a.uniqueid < b.uniqueid ? -1 : a.uniqueid > b.uniqueid ? 1 : 0);
}

/**
 * Case- and accent-insensitive form for search: `Díaz`, `DIAZ` and `diaz` all fold to `diaz` (NFD
 * splits a letter from its accents, which are then dropped).
 */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

// Channels are immutable (a patch replaces the object), so each one's folded text is computed once,
// not on every keystroke for every channel.
const haystacks = new WeakMap<Channel, string>();

function haystack(ch: Channel): string {
  let text = haystacks.get(ch);
  if (text === undefined) {
    text = fold(
      [
        // Asterisk's `<unknown>` placeholder is not a name: "unknown" must not match every caller.
        known(ch.callerIdName),
        known(ch.callerIdNum),
        known(ch.connectedLineName),
        known(ch.connectedLineNum),
        ch.channel,
        ch.context,
        ch.exten,
      ].join('\u0000'),
    );
    haystacks.set(ch, text);
  }
  return text;
}

export function matchesFilter(call: Call, filter: CallFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'ringing':
      return call.phase === 'ringing' || call.phase === 'dialing';
    case 'up':
      return call.channels.some((c) => c.state === 'Up');
    case 'hold':
      return call.onHold;
    case 'recording':
      return call.recording;
  }
}

export function matchesSearch(call: Call, query: string): boolean {
  return matchesFolded(call, fold(query.trim()));
}

/** matchesSearch for a query already trimmed and folded (callers testing many calls fold it once). */
export function matchesFolded(call: Call, folded: string): boolean {
  if (!folded) return true;
  return call.channels.some((c) => haystack(c).includes(folded));
}

export const FILTERS: readonly CallFilter[] = ['all', 'ringing', 'up', 'hold', 'recording'];

/** How many calls each filter chip would show with this search: the chips count what they offer. */
export function countByFilter(calls: readonly Call[], query: string): Record<CallFilter, number> {
  const counts: Record<CallFilter, number> = { all: 0, ringing: 0, up: 0, hold: 0, recording: 0 };
  for (const call of calls) {
    if (!matchesSearch(call, query)) continue;
    for (const f of FILTERS) if (matchesFilter(call, f)) counts[f]++;
  }
  return counts;
}

export function channelsIn(calls: readonly Call[]): number {
  let n = 0;
  for (const call of calls) n += call.channels.length;
  return n;
}

function firstCaller(call: Call): string {
  const c = call.channels[0];
  return c ? (known(c.callerIdName) || known(c.callerIdNum)).toLowerCase() : '';
}

function firstExten(call: Call): string {
  return call.channels[0]?.exten ?? '';
}

const compare: Record<CallSort, (a: Call, b: Call) => number> = {
  longest: (a, b) => a.startedAt - b.startedAt,
  newest: (a, b) => b.startedAt - a.startedAt,
  caller: (a, b) => firstCaller(a).localeCompare(firstCaller(b)),
  exten: (a, b) => firstExten(a).localeCompare(firstExten(b), undefined, { numeric: true }),
  state: (a, b) => phaseRank[a.phase] - phaseRank[b.phase],
};

/** Filter, search and sort; ties fall back to the id so rows never swap places between patches. */
export function visibleCalls(
  calls: readonly Call[],
  filter: CallFilter,
  query: string,
  sort: CallSort,
): Call[] {
  return calls.filter((c) => matchesFilter(c, filter) && matchesSearch(c, query)).sort(callOrder(sort));
}

/** The board's total order for a sort: ties fall back to start time, then the id. */
export function callOrder(sort: CallSort): (a: Call, b: Call) => number {
  const cmp = compare[sort];
  return (a, b) => cmp(a, b) || a.startedAt - b.startedAt || a.id.localeCompare(b.id);
}

/** Applies a patch to a snapshot without mutating it (the store keeps snapshots as $state.raw). */
export function applyPatch(board: BoardSnapshot, patch: BoardPatch): BoardSnapshot {
  const tooMany = patch.tooMany === undefined ? board.tooMany : (patch.tooMany ?? undefined);
  return {
    channels: patch.channels ? merge(board.channels, patch.channels) : board.channels,
    bridges: patch.bridges ? merge(board.bridges, patch.bridges) : board.bridges,
    endpoints: patch.endpoints ? merge(board.endpoints, patch.endpoints) : board.endpoints,
    ...(tooMany ? { tooMany } : {}),
  };
}

function merge<T>(
  base: Readonly<Record<string, T>>,
  changes: Readonly<Record<string, T | null>>,
): Record<string, T> {
  const out: Record<string, T> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
