import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../shared/ami';
import { applyPatch, EMPTY_BOARD, type BoardSnapshot, type BoardUpdate } from '../../shared/model';
import { applyEvent, reduceEvent, reduceTimedEvents, type TimedEvent } from '../../electron/state/channels';
import { createLiveBoard } from '../../electron/state/live';
import { createBatcher, diffBoards, type BatchClock } from '../../electron/state/patches';
import { resyncBoard } from '../../electron/state/snapshot';
import { LiveStore } from '../../electron/state/store';
import { rng } from '../../electron/demo/rng';
import { boardProblems, ev, Script } from './helpers';

/** A clock that only moves when told; timers never fire (the tests flush when they choose). */
class StillClock implements BatchClock {
  time = Date.UTC(2026, 10, 26, 9, 0, 0);
  now(): number {
    return this.time;
  }
  setTimer(): unknown {
    return undefined;
  }
  clearTimer(): void {}
}

/**
 * Random PBX activity through the scripted PBX: calls start, ring, answer, bridge, hold, record,
 * change caller ID, end (sometimes without BridgeLeave), devices change; each step appends events.
 */
function randomStep(s: Script, r: () => number, n: number): void {
  const ids = [...s.channels.keys()];
  const pick = (): string | undefined => ids[Math.floor(r() * ids.length)];
  const roll = r();
  if (roll < 0.2 || ids.length < 2) {
    s.newChannel(`PJSIP/${100 + (n % 50)}-${n.toString(16).padStart(8, '0')}`, `u${n}`, {
      state: r() < 0.5 ? 4 : 0,
      cidNum: String(100 + (n % 50)),
      cidName: r() < 0.2 ? 'Ana "la jefa"' : 'Beto',
    });
  } else if (roll < 0.35) {
    const id = pick();
    if (id) s.newstate(id, [4, 5, 6, 6][Math.floor(r() * 4)]!);
  } else if (roll < 0.45) {
    const id = pick();
    if (id) s.newexten(id, String(200 + Math.floor(r() * 5)), r() < 0.5 ? 'Dial' : 'Wait');
  } else if (roll < 0.55) {
    const a = pick();
    const b = pick();
    if (a && b && a !== b) {
      const bridge = `br-${n}`;
      s.bridgeCreate(bridge);
      s.bridgeEnter(bridge, a);
      s.bridgeEnter(bridge, b);
    }
  } else if (roll < 0.65) {
    const id = pick();
    if (id) s.emit(r() < 0.5 ? 'Hold' : 'Unhold', s.block(id));
  } else if (roll < 0.7) {
    const id = pick();
    if (id) s.emit(r() < 0.5 ? 'MixMonitorStart' : 'MixMonitorStop', s.block(id));
  } else if (roll < 0.8) {
    s.emit('DeviceStateChange', [
      ['Device', `PJSIP/${100 + Math.floor(r() * 5)}`],
      ['State', r() < 0.5 ? 'INUSE' : 'NOT_INUSE'],
    ]);
  } else if (roll < 0.85) {
    s.emit('ExtensionStatus', [
      ['Exten', String(100 + Math.floor(r() * 3))],
      ['Context', 'internos'],
      ['Hint', 'PJSIP/100'],
      ['Status', r() < 0.2 ? '-1' : String(Math.floor(r() * 2))],
    ]);
  } else {
    const id = pick();
    // Hangup only, as when BridgeLeave was missed: the reducer must still take it out of its bridge.
    if (id) s.hangup(id);
  }
}

function mirror(updates: readonly BoardUpdate[]): BoardSnapshot {
  return updates.reduce<BoardSnapshot>(
    (m, u) => (u.kind === 'snapshot' ? u.board : applyPatch(m, u.patch)),
    EMPTY_BOARD,
  );
}

describe('LiveStore (the mutable store behind the live board)', () => {
  it('patches from touched keys equal diffBoards of before/after, over 300 random event streams', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const s = new Script();
      const store = new LiveStore();
      let pure = EMPTY_BOARD;
      let mark = store.mark();
      let marked = store.snapshot();
      for (let n = 0; n < 60; n++) {
        const from = s.events.length;
        randomStep(s, r, n);
        for (const event of s.events.slice(from)) {
          applyEvent(store, event, 1000 + n);
          pure = reduceEvent(pure, event, 1000 + n);
        }
        if (r() < 0.3) {
          const now = store.snapshot();
          expect(now, `seed ${seed} step ${n}: same board as the pure reducer`).toEqual(pure);
          // Exact: the same keys and the same entry objects as the diff of the two snapshots.
          expect(store.patchSince(mark), `seed ${seed} step ${n}`).toEqual(diffBoards(marked, now));
          expect(applyPatch(marked, store.patchSince(mark))).toEqual(now);
          store.release(mark);
          mark = store.mark();
          marked = now;
        }
      }
      expect(store.snapshot()).toEqual(pure);
      expect(boardProblems(store.snapshot()), `seed ${seed}`).toEqual([]);
    }
  });

  it('never changes a snapshot it handed out, and keeps untouched entries and maps by identity', () => {
    const s = new Script();
    s.newChannel('PJSIP/101-00000001', 'a', { state: 6 });
    s.newChannel('PJSIP/102-00000002', 'b', { state: 6 });
    const store = new LiveStore();
    for (const e of s.events) applyEvent(store, e, 1);
    const before = store.snapshot();
    const frozen = JSON.stringify(before);
    expect(store.snapshot()).toBe(before);
    s.newstate('b', 7);
    applyEvent(store, s.events.at(-1)!, 2);
    const after = store.snapshot();
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after).not.toBe(before);
    expect(after.channels['a']).toBe(before.channels['a']);
    expect(after.channels['b']?.state).toBe('Busy');
    expect(after.bridges).toBe(before.bridges);
    expect(after.endpoints).toBe(before.endpoints);
    // Repeating what is known changes nothing, not even the snapshot's identity.
    applyEvent(store, s.events.at(-1)!, 3);
    expect(store.snapshot()).toBe(after);
  });

  it('names nothing for a call that came and went between two patches', () => {
    const s = new Script();
    s.newChannel('PJSIP/101-00000001', 'a', { state: 6 });
    const store = new LiveStore();
    applyEvent(store, s.events[0]!, 1);
    const mark = store.mark();
    s.emit('Hold', s.block('a'));
    s.emit('Unhold', s.block('a'));
    s.newChannel('PJSIP/102-00000002', 'b', { state: 4 });
    s.hangup('b');
    for (const e of s.events.slice(1)) applyEvent(store, e, 2);
    // Hold then Unhold gives a new object equal in content: it is sent, as diffBoards would.
    const patch = store.patchSince(mark);
    expect(Object.keys(patch.channels ?? {})).toEqual(['a']);
    expect(patch.channels?.['a']).toEqual(store.snapshot().channels['a']);
    expect(patch.endpoints).toBeUndefined();
    store.release(mark);
    expect(() => store.patchSince(mark)).toThrow(/released/);
  });

  it('notes changes only while a subscriber holds a base, one shared base per flush', () => {
    const clock = new StillClock();
    const store = new LiveStore();
    const batcher = createBatcher(store, { clock });
    const s = new Script();
    s.newChannel('PJSIP/101-00000001', 'a', { state: 4 });
    applyEvent(store, s.events[0]!, 1);
    expect(store.trackedLogs).toBe(0);
    const first: BoardUpdate[] = [];
    const offFirst = batcher.subscribe((u) => first.push(u));
    const second: BoardUpdate[] = [];
    const offSecond = batcher.subscribe((u) => second.push(u));
    // Nothing changed between the two subscriptions: they share one base.
    expect(store.trackedLogs).toBe(1);
    s.newstate('a', 6);
    applyEvent(store, s.events.at(-1)!, 2);
    const third: BoardUpdate[] = [];
    const offThird = batcher.subscribe((u) => third.push(u));
    expect(store.trackedLogs).toBe(2);
    s.newstate('a', 5);
    applyEvent(store, s.events.at(-1)!, 3);
    batcher.flush();
    // Both early windows got the very same patch object; after the flush all share one base again.
    const patchOf = (u: BoardUpdate | undefined): unknown => (u?.kind === 'patch' ? u.patch : undefined);
    expect(patchOf(first[1])).toBeDefined();
    expect(patchOf(first[1])).toBe(patchOf(second[1]));
    expect(patchOf(third[1])).not.toBe(patchOf(first[1]));
    expect(third).toHaveLength(2);
    expect(store.trackedLogs).toBe(1);
    for (const got of [first, second, third]) expect(mirror(got)).toEqual(store.snapshot());
    offFirst();
    offSecond();
    expect(store.trackedLogs).toBe(1);
    offThird();
    expect(store.trackedLogs).toBe(0);
    batcher.subscribe(() => undefined);
    batcher.close();
    expect(store.trackedLogs).toBe(0);
    expect(() => batcher.subscribe(() => undefined)).toThrow(/closed/);
  });

  it('ignores ids that name Object.prototype members instead of treating them as channels', () => {
    let store = new LiveStore();
    let pure = EMPTY_BOARD;
    const junk: AmiMessage[] = [
      ev('Hangup', { Uniqueid: 'constructor' }),
      ev('Newstate', { Uniqueid: 'toString', Linkedid: 'x', ChannelState: '6', ChannelStateDesc: 'Up' }),
      ev('Rename', { Uniqueid: 'hasOwnProperty', Newname: 'x' }),
      ev('BridgeDestroy', { BridgeUniqueid: 'constructor' }),
      ev('Hold', { Uniqueid: '__proto__', Linkedid: 'x', ChannelState: '6' }),
    ];
    for (const event of junk) {
      applyEvent(store, event, 1);
      pure = reduceEvent(pure, event, 1);
    }
    expect(pure).toBe(EMPTY_BOARD);
    expect(store.snapshot()).toBe(EMPTY_BOARD);
    // A channel really called `constructor` is an ordinary channel, in both. (A fresh store: this
    // one saw `constructor` hang up above, and a Newchannel after its Hangup is a ghost.)
    const s = new Script();
    s.newChannel('PJSIP/1-1', 'constructor', { state: 6 });
    s.hangup('constructor');
    store = new LiveStore();
    applyEvent(store, s.events[0]!, 2);
    pure = reduceEvent(pure, s.events[0]!, 2);
    expect(Object.keys(store.snapshot().channels)).toEqual(['constructor']);
    expect(store.snapshot()).toEqual(pure);
    applyEvent(store, s.events[1]!, 3);
    expect(reduceEvent(pure, s.events[1]!, 3).channels).toEqual({});
    expect(store.snapshot()).toBe(EMPTY_BOARD);
  });
});

describe('createLiveBoard over random streams', () => {
  it('every subscriber, however late it came, mirrors the board with exact patches; the board is the pure reducer’s', () => {
    for (let seed = 1; seed <= 120; seed++) {
      const r = rng(seed * 7919);
      const clock = new StillClock();
      const live = createLiveBoard({ clock });
      const s = new Script();
      const timed: TimedEvent[] = [];
      type Window = { updates: BoardUpdate[]; held: BoardSnapshot; off: () => void; open: boolean };
      const windows: Window[] = [];
      const open = (): void => {
        const w: Window = { updates: [], held: EMPTY_BOARD, off: () => undefined, open: true };
        w.off = live.subscribe((u) => {
          if (u.kind === 'patch') {
            // The patch names exactly what differs from what this window holds.
            expect(u.patch, `seed ${seed}`).toEqual(diffBoards(w.held, live.board()));
          }
          w.updates.push(u);
          w.held = mirror(w.updates);
        });
        windows.push(w);
      };
      open();
      for (let n = 0; n < 50; n++) {
        clock.time += 7;
        const from = s.events.length;
        randomStep(s, r, n);
        for (const event of s.events.slice(from)) {
          live.push(event);
          timed.push({ event, at: clock.time });
        }
        const roll = r();
        if (roll < 0.25) live.flush();
        else if (roll < 0.3) open();
        else if (roll < 0.33) {
          const w = windows.find((x) => x.open);
          if (w) {
            w.off();
            w.open = false;
          }
        }
      }
      live.flush();
      const pure = reduceTimedEvents(EMPTY_BOARD, timed);
      expect(live.board(), `seed ${seed}`).toEqual(pure);
      for (const w of windows.filter((x) => x.open)) expect(mirror(w.updates), `seed ${seed}`).toEqual(pure);
      live.close();
    }
  });

  it('resyncs to what the pure resync gives, and sends subscribers only the difference', () => {
    const clock = new StillClock();
    const live = createLiveBoard({ clock });
    const s = new Script();
    const r = rng(5);
    for (let n = 0; n < 40; n++) randomStep(s, r, n);
    for (const e of s.events) live.push(e);
    const got: BoardUpdate[] = [];
    live.subscribe((u) => got.push(u));
    const before = live.board();
    clock.time += 60_000;
    const lists = { channels: s.coreShowChannels(), bridges: s.bridgeList() };
    live.resync(lists);
    const expected = resyncBoard(before, lists, clock.now());
    expect(live.board()).toEqual(expected);
    live.flush();
    expect(got.at(-1)).toEqual({ kind: 'patch', patch: diffBoards(before, expected) });
    expect(mirror(got)).toEqual(live.board());
    live.clear();
    live.flush();
    expect(live.board()).toBe(EMPTY_BOARD);
    expect(mirror(got)).toEqual(EMPTY_BOARD);
    live.close();
  });

  it('starts from an initial board and returns it as is until something changes', () => {
    const s = new Script();
    s.newChannel('PJSIP/101-00000001', 'a', { state: 6 });
    const initial = reduceEvent(EMPTY_BOARD, s.events[0]!, 1);
    const live = createLiveBoard({ clock: new StillClock(), initial });
    expect(live.board()).toBe(initial);
    const got: BoardUpdate[] = [];
    live.subscribe((u) => got.push(u));
    expect(got).toEqual([{ kind: 'snapshot', board: initial }]);
    s.hangup('a');
    live.push(s.events.at(-1)!);
    live.flush();
    expect(got[1]).toEqual({ kind: 'patch', patch: { channels: { a: null } } });
    live.close();
  });
});
