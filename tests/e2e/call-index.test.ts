/**
 * The board's incremental grouping and view (renderer/src/lib/call-index.ts, call-view.ts) against the
 * full recomputation they replace (groupCalls, visibleCalls, countByFilter): after every patch of a
 * seeded random stream — calls starting and ending, transfers bridging two calls, parking, holds,
 * renames — under every sort, filter and a search, they must agree exactly, and a call no patch
 * touched must keep its object (its row does not re-render).
 */
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/model';
import { CallIndex } from '../../renderer/src/lib/call-index';
import { CallView } from '../../renderer/src/lib/call-view';
import { countByFilter, groupCalls, visibleCalls } from '../../renderer/src/lib/calls';
import type { Call, CallFilter, CallSort } from '../../renderer/src/lib/calls';

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const NAMES = ['Ana García', 'Luis Pérez', 'Díaz', '<unknown>', '', 'Carmen Ruiz', 'luis'];
const STATES = ['Up', 'Ring', 'Ringing', 'Dialing', 'Down', 'Up', 'Up'];

function channel(rand: () => number, uniqueid: string, over: Partial<Channel> = {}): Channel {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  return {
    channel: `PJSIP/${uniqueid}`,
    uniqueid,
    linkedid: uniqueid,
    state: pick(STATES),
    callerIdNum: String(Math.floor(rand() * 1000)),
    callerIdName: pick(NAMES),
    connectedLineNum: '',
    connectedLineName: pick(NAMES),
    context: 'from-internal',
    exten: String(100 + Math.floor(rand() * 20)),
    // Few distinct start times, so the sorts' ties (and their fallback to the id) are exercised.
    startedAt: 1000 + Math.floor(rand() * 8) * 1000,
    bridgeId: null,
    onHold: false,
    recording: false,
    ...over,
  };
}

/** One random patch over the current channels: what main's batcher could send. */
function randomPatch(
  rand: () => number,
  live: Record<string, Channel>,
  next: () => string,
): Record<string, Channel | null> {
  const patch: Record<string, Channel | null> = {};
  const ids = Object.keys(live);
  const any = (): Channel | undefined => live[ids[Math.floor(rand() * ids.length)] as string];
  const changes = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < changes; i++) {
    const r = rand();
    const ch = any();
    if (r < 0.15 || !ch) {
      // A new call: two legs sharing a linkedid, sometimes bridged.
      const a = next();
      const b = next();
      const bridgeId = rand() < 0.6 ? `br-${a}` : null;
      patch[a] = channel(rand, a, { bridgeId });
      patch[b] = channel(rand, b, { linkedid: a, bridgeId });
    } else if (r < 0.25) {
      patch[ch.uniqueid] = null;
    } else if (r < 0.35) {
      // A transfer: this channel joins another call's bridge.
      const other = any();
      if (other?.bridgeId) patch[ch.uniqueid] = { ...ch, bridgeId: other.bridgeId };
    } else if (r < 0.42) {
      patch[ch.uniqueid] = { ...ch, bridgeId: 'parking', parkedAt: String(700 + Math.floor(rand() * 9)) };
    } else if (r < 0.48) {
      const { parkedAt: _gone, ...rest } = ch;
      patch[ch.uniqueid] = { ...rest, bridgeId: null, linkedid: rand() < 0.5 ? ch.uniqueid : ch.linkedid };
    } else if (r < 0.6) {
      patch[ch.uniqueid] = { ...ch, onHold: !ch.onHold };
    } else if (r < 0.7) {
      patch[ch.uniqueid] = { ...ch, recording: !ch.recording };
    } else if (r < 0.85) {
      patch[ch.uniqueid] = { ...ch, state: STATES[Math.floor(rand() * STATES.length)] as string };
    } else {
      patch[ch.uniqueid] = { ...ch, callerIdName: NAMES[Math.floor(rand() * NAMES.length)] as string };
    }
  }
  return patch;
}

function shape(calls: Iterable<Call>): string[] {
  return [...calls].map((c) => `${c.id}:${c.channels.map((x) => x.uniqueid).join(',')}:${c.phase}`).sort();
}

const SORTS: readonly CallSort[] = ['longest', 'newest', 'caller', 'exten', 'state'];
const SETTINGS: readonly [CallFilter, string, CallSort][] = [
  ['all', '', 'longest'],
  ['hold', '', 'newest'],
  ['ringing', 'luis', 'caller'],
  ['up', 'diaz', 'exten'],
  ['recording', '', 'state'],
  ['all', '  ANA ', 'state'],
];

describe('CallIndex and CallView', () => {
  for (const [filter, query, sort] of SETTINGS) {
    it(`agree with a full regroup and re-sort after every patch (${filter}, "${query}", ${sort})`, () => {
      const rand = rng(filter.length * 31 + query.length * 7 + SORTS.indexOf(sort));
      let n = 0;
      const next = (): string => `u${n++}`;
      const live: Record<string, Channel> = {};
      const index = new CallIndex();
      const view = new CallView();
      view.use(filter, query, sort, () => index.calls());
      let previous = new Map<string, Call>();
      for (let step = 0; step < 400; step++) {
        const patch = randomPatch(rand, live, next);
        for (const [id, ch] of Object.entries(patch)) {
          if (ch) live[id] = ch;
          else delete live[id];
        }
        const changes = index.apply(patch);
        view.apply(changes);

        const full = groupCalls(live);
        expect(shape(index.calls())).toEqual(shape(full));
        expect(index.channelCount).toBe(Object.keys(live).length);
        const expected = visibleCalls(full, filter, query, sort);
        expect(view.list.map((c) => c.id)).toEqual(expected.map((c) => c.id));
        expect(view.counts).toEqual(countByFilter(full, query));
        expect(view.channelCount).toBe(expected.reduce((sum, c) => sum + c.channels.length, 0));

        // Untouched calls are the same objects as before the patch; changed ones are reported.
        const touched = new Set(Object.keys(patch));
        const removedIds = new Set(changes.removed.map((c) => c.id));
        for (const call of index.calls()) {
          const before = previous.get(call.id);
          const changed = call.channels.some((c) => touched.has(c.uniqueid));
          if (before && !changed && !removedIds.has(call.id)) expect(call).toBe(before);
          if (before !== call) expect(changes.added).toContain(call);
        }
        previous = new Map([...index.calls()].map((c) => [c.id, c]));
      }
      expect(Object.keys(live).length).toBeGreaterThan(20);
    });
  }

  it('rebuilds from a snapshot, and on new settings, to the same list', () => {
    const rand = rng(99);
    let n = 0;
    const live: Record<string, Channel> = {};
    for (let i = 0; i < 30; i++)
      Object.assign(
        live,
        randomPatch(rand, live, () => `s${n++}`),
      );
    for (const id of Object.keys(live)) if (live[id] === null) delete live[id];
    const index = new CallIndex();
    const view = new CallView();
    index.reset(live as Record<string, Channel>);
    view.rebuild(index.calls());
    const full = groupCalls(live as Record<string, Channel>);
    expect(view.list.map((c) => c.id)).toEqual(visibleCalls(full, 'all', '', 'longest').map((c) => c.id));
    view.use('up', 'ana', 'caller', () => index.calls());
    expect(view.list.map((c) => c.id)).toEqual(visibleCalls(full, 'up', 'ana', 'caller').map((c) => c.id));
    expect(view.counts).toEqual(countByFilter(full, 'ana'));
  });
});
