import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  EMPTY_BOARD,
  type BoardSnapshot,
  type BoardUpdate,
  type Channel,
} from '../../shared/model';
import { reduceEvent } from '../../electron/state/channels';
import { createPatchBatcher, diffBoards, isEmptyPatch, type BatchClock } from '../../electron/state/patches';
import { rng } from '../../electron/demo/rng';
import { Script } from './helpers';

function randomChannel(r: () => number, id: string): Channel {
  const states = ['Down', 'Ring', 'Ringing', 'Up', 'Busy'];
  const c: Record<string, unknown> = {
    channel: `PJSIP/${Math.floor(r() * 1000)}-0000000${id}`,
    uniqueid: id,
    linkedid: id,
    state: states[Math.floor(r() * states.length)],
    callerIdNum: String(Math.floor(r() * 999)),
    callerIdName: r() < 0.5 ? 'Ana' : 'Beto',
    connectedLineNum: '',
    connectedLineName: '',
    context: 'internos',
    exten: '100',
    startedAt: Math.floor(r() * 1e6),
    bridgeId: null,
    onHold: r() < 0.3,
    recording: r() < 0.3,
  };
  if (r() < 0.5) c['parkedAt'] = '701';
  return c as unknown as Channel;
}

/** A random board over a small id space so boards overlap, differ, and share entries by identity. */
function randomBoard(r: () => number, pool: Map<string, Channel>): BoardSnapshot {
  const channels: Record<string, Channel> = {};
  for (let i = 0; i < 12; i++) {
    if (r() < 0.5) continue;
    const id = `u${i}`;
    // Half the time reuse the pooled object (same identity), otherwise a fresh one (maybe equal).
    const pooled = pool.get(id);
    channels[id] = pooled && r() < 0.5 ? pooled : randomChannel(r, id);
    pool.set(id, channels[id]);
  }
  const endpoints: BoardSnapshot['endpoints'] =
    r() < 0.5 ? {} : { 'PJSIP/1': { id: 'PJSIP/1', state: r() < 0.5 ? 'INUSE' : 'NOT_INUSE' } };
  const bridges: BoardSnapshot['bridges'] =
    r() < 0.5
      ? {}
      : { b1: { bridgeId: 'b1', type: 'basic', technology: 'simple_bridge', channels: [], createdAt: 1 } };
  return { channels, bridges, endpoints };
}

describe('diffBoards / applyPatch', () => {
  it('apply(diff(a, b), a) equals b, and survives JSON, over 2,000 random pairs', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = rng(seed);
      const pool = new Map<string, Channel>();
      const a = randomBoard(r, pool);
      const b = randomBoard(r, pool);
      const patch = diffBoards(a, b);
      expect(applyPatch(a, patch), `seed ${seed}`).toEqual(b);
      const wire = JSON.parse(JSON.stringify(patch)) as typeof patch;
      expect(applyPatch(a, wire), `seed ${seed} over JSON`).toEqual(b);
      // Applying twice is applying once.
      expect(applyPatch(applyPatch(a, patch), patch), `seed ${seed} twice`).toEqual(b);
      // Only entries that differ by identity are sent.
      for (const [id, value] of Object.entries(patch.channels ?? {})) {
        expect(value === null ? id in a.channels && !(id in b.channels) : a.channels[id] !== value).toBe(
          true,
        );
      }
    }
  });

  it('gives an empty patch for the same board and names exactly the changed channel after an event', () => {
    const s = new Script();
    s.newChannel('PJSIP/1-1', 'a', { state: 6 });
    s.newChannel('PJSIP/2-2', 'b', { state: 4 });
    let board = EMPTY_BOARD;
    for (const e of s.events) board = reduceEvent(board, e, 1);
    expect(isEmptyPatch(diffBoards(board, board))).toBe(true);
    s.newstate('b', 6);
    const next = reduceEvent(board, s.events.at(-1) ?? s.events[0]!, 2);
    const patch = diffBoards(board, next);
    expect(Object.keys(patch)).toEqual(['channels']);
    expect(Object.keys(patch.channels ?? {})).toEqual(['b']);
    s.hangup('a');
    const gone = diffBoards(next, reduceEvent(next, s.events.at(-1)!, 3));
    expect(gone).toEqual({ channels: { a: null } });
  });

  it('ignores a __proto__ key in a patch instead of rewriting the prototype', () => {
    const patch = JSON.parse('{"channels":{"__proto__":{"polluted":true}}}') as Parameters<
      typeof applyPatch
    >[1];
    const out = applyPatch(EMPTY_BOARD, patch);
    expect(Object.getPrototypeOf(out.channels)).toBe(Object.prototype);
    expect(Object.keys(out.channels)).toEqual([]);
  });
});

/** A clock whose timers run only when the test advances time. */
class FakeClock implements BatchClock {
  time = 1_000_000;
  #timers: Array<{ at: number; fn: () => void; id: number }> = [];
  #next = 0;
  now(): number {
    return this.time;
  }
  setTimer(fn: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.#timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimer(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.#timers.length;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.#timers.sort((x, y) => x.at - y.at);
      const due = this.#timers[0];
      if (!due || due.at > end) break;
      this.#timers.shift();
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}

describe('createPatchBatcher', () => {
  function setup(): {
    clock: FakeClock;
    set: (b: BoardSnapshot) => void;
    batcher: ReturnType<typeof createPatchBatcher>;
    script: Script;
    step: (state?: number) => void;
    board: () => BoardSnapshot;
  } {
    const clock = new FakeClock();
    let board = EMPTY_BOARD;
    const batcher = createPatchBatcher(() => board, { clock, intervalMs: 30 });
    const script = new Script();
    script.newChannel('PJSIP/1-1', 'a', { state: 4 });
    board = reduceEvent(board, script.events[0]!, clock.now());
    let n = 0;
    return {
      clock,
      batcher,
      script,
      board: () => board,
      set: (b) => {
        board = b;
        batcher.changed();
      },
      step: (state) => {
        script.newstate('a', state ?? [4, 5, 6][n++ % 3]!);
        board = reduceEvent(board, script.events.at(-1)!, clock.now());
        batcher.changed();
      },
    };
  }

  it('sends a snapshot on subscribe, then at most one patch per 30 ms however many changes come', () => {
    const { clock, batcher, step, board } = setup();
    const got: Array<{ at: number; update: BoardUpdate }> = [];
    batcher.subscribe((update) => got.push({ at: clock.now(), update }));
    expect(got).toHaveLength(1);
    expect(got[0]?.update).toEqual({ kind: 'snapshot', board: board() });

    // 200 changes, one every 2 ms, for 400 ms.
    for (let i = 0; i < 200; i++) {
      step();
      clock.advance(2);
    }
    clock.advance(100);
    const patches = got.slice(1);
    expect(patches.every((p) => p.update.kind === 'patch')).toBe(true);
    for (let i = 1; i < patches.length; i++) {
      expect(patches[i]!.at - patches[i - 1]!.at).toBeGreaterThanOrEqual(30);
    }
    expect(patches.length).toBeGreaterThanOrEqual(12);
    expect(patches.length).toBeLessThanOrEqual(15);
    // The subscriber's board, rebuilt from snapshot + patches, is the current board.
    let mirror = EMPTY_BOARD;
    for (const { update } of got)
      mirror = update.kind === 'snapshot' ? update.board : applyPatch(mirror, update.patch);
    expect(mirror).toEqual(board());
    expect(clock.pending).toBe(0);
  });

  it('sends the first change after a quiet spell at once (no 30 ms wait) and nothing when nothing changed', () => {
    const { clock, batcher, step, set, board } = setup();
    const got: BoardUpdate[] = [];
    batcher.subscribe((u) => got.push(u));
    clock.advance(1000);
    step(6);
    clock.advance(0);
    expect(got).toHaveLength(2);
    set(board());
    clock.advance(100);
    expect(got).toHaveLength(2);
  });

  it('a window that resubscribes gets a full snapshot; each subscriber catches up from what it was sent', () => {
    const { clock, batcher, step, board } = setup();
    const first: BoardUpdate[] = [];
    batcher.subscribe((u) => first.push(u));
    step(5);
    const second: BoardUpdate[] = [];
    const unsubscribe = batcher.subscribe((u) => second.push(u));
    expect(second[0]).toEqual({ kind: 'snapshot', board: board() });
    // Undo the change before the patch goes: the first subscriber still needs it, the second not.
    step(4);
    step(5);
    clock.advance(50);
    const rebuild = (updates: BoardUpdate[]): BoardSnapshot =>
      updates.reduce<BoardSnapshot>(
        (m, u) => (u.kind === 'snapshot' ? u.board : applyPatch(m, u.patch)),
        EMPTY_BOARD,
      );
    expect(rebuild(first)).toEqual(board());
    expect(rebuild(second)).toEqual(board());
    unsubscribe();
    step(6);
    clock.advance(50);
    expect(rebuild(second)).not.toEqual(board());
    expect(rebuild(first)).toEqual(board());
    const again: BoardUpdate[] = [];
    batcher.subscribe((u) => again.push(u));
    expect(again).toEqual([{ kind: 'snapshot', board: board() }]);
  });

  it('flush sends at once; close stops timers and refuses new subscribers', () => {
    const { clock, batcher, step } = setup();
    const got: BoardUpdate[] = [];
    batcher.subscribe((u) => got.push(u));
    step();
    step();
    batcher.flush();
    expect(got).toHaveLength(2);
    step();
    expect(clock.pending).toBe(1);
    batcher.close();
    expect(clock.pending).toBe(0);
    clock.advance(100);
    expect(got).toHaveLength(2);
    expect(() => batcher.subscribe(() => undefined)).toThrow(/closed/);
  });
});
