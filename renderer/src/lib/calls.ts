/**
 * Pure: channels -> calls. A call is every channel joined by a bridge or a shared linkedid (union-find,
 * so a transfer that bridges two calls shows as one). No DOM, no Svelte: the board store derives from it
 * and the tests call it directly.
 */
import type { BoardPatch, BoardSnapshot, Channel } from '../../../shared/model';

export type CallPhase = 'ringing' | 'dialing' | 'up' | 'hold' | 'down';

export interface Call {
  /** Stable across patches: the uniqueid of the call's oldest channel. */
  readonly id: string;
  /** Oldest first. */
  readonly channels: readonly Channel[];
  readonly startedAt: number;
  readonly phase: CallPhase;
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

function callPhase(channels: readonly Channel[]): CallPhase {
  const phases = channels.map(channelPhase);
  if (phases.includes('ringing')) return 'ringing';
  if (phases.includes('hold')) return 'hold';
  if (phases.includes('up')) return 'up';
  if (phases.includes('dialing')) return 'dialing';
  return 'down';
}

function find(parent: Map<string, string>, x: string): string {
  let root = x;
  for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
  // Path compression keeps 2,000 channels linear in practice.
  let node = x;
  while (node !== root) {
    const next = parent.get(node) ?? root;
    parent.set(node, root);
    node = next;
  }
  return root;
}

function union(parent: Map<string, string>, a: string, b: string): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent.set(ra, rb);
}

export function groupCalls(board: BoardSnapshot): Call[] {
  const parent = new Map<string, string>();
  const channels = Object.values(board.channels);
  for (const ch of channels) {
    const key = `c:${ch.uniqueid}`;
    parent.set(key, key);
  }
  for (const ch of channels) {
    const key = `c:${ch.uniqueid}`;
    if (ch.linkedid) {
      if (!parent.has(`l:${ch.linkedid}`)) parent.set(`l:${ch.linkedid}`, `l:${ch.linkedid}`);
      union(parent, key, `l:${ch.linkedid}`);
    }
    if (ch.bridgeId) {
      if (!parent.has(`b:${ch.bridgeId}`)) parent.set(`b:${ch.bridgeId}`, `b:${ch.bridgeId}`);
      union(parent, key, `b:${ch.bridgeId}`);
    }
  }
  const groups = new Map<string, Channel[]>();
  for (const ch of channels) {
    const root = find(parent, `c:${ch.uniqueid}`);
    const list = groups.get(root);
    if (list) list.push(ch);
    else groups.set(root, [ch]);
  }
  const calls: Call[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.startedAt - b.startedAt || a.uniqueid.localeCompare(b.uniqueid));
    const first = list[0];
    if (!first) continue;
    calls.push({
      id: first.uniqueid,
      channels: list,
      startedAt: first.startedAt,
      phase: callPhase(list),
      bridged: list.some((c) => c.bridgeId !== null),
      onHold: list.some((c) => c.onHold),
      recording: list.some((c) => c.recording),
      parkedAt: list.find((c) => c.parkedAt !== undefined)?.parkedAt,
    });
  }
  return calls;
}

function haystack(ch: Channel): string {
  return [
    ch.callerIdName,
    ch.callerIdNum,
    ch.connectedLineName,
    ch.connectedLineNum,
    ch.channel,
    ch.context,
    ch.exten,
  ]
    .join('\u0000')
    .toLowerCase();
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
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return call.channels.some((c) => haystack(c).includes(q));
}

function firstCaller(call: Call): string {
  const c = call.channels[0];
  return c ? (c.callerIdName || c.callerIdNum).toLowerCase() : '';
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
export function visibleCalls(calls: readonly Call[], filter: CallFilter, query: string, sort: CallSort): Call[] {
  const cmp = compare[sort];
  return calls
    .filter((c) => matchesFilter(c, filter) && matchesSearch(c, query))
    .sort((a, b) => cmp(a, b) || a.startedAt - b.startedAt || a.id.localeCompare(b.id));
}

/** Applies a patch to a snapshot without mutating it (the store keeps snapshots as $state.raw). */
export function applyPatch(board: BoardSnapshot, patch: BoardPatch): BoardSnapshot {
  return {
    channels: patch.channels ? merge(board.channels, patch.channels) : board.channels,
    bridges: patch.bridges ? merge(board.bridges, patch.bridges) : board.bridges,
    endpoints: patch.endpoints ? merge(board.endpoints, patch.endpoints) : board.endpoints,
  };
}

function merge<T>(base: Readonly<Record<string, T>>, changes: Readonly<Record<string, T | null>>): Record<string, T> {
  const out: Record<string, T> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
