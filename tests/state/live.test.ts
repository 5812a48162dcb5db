import { describe, expect, it } from 'vitest';
import { applyPatch, EMPTY_BOARD, type BoardSnapshot, type BoardUpdate } from '../../shared/model';
import { createLiveBoard } from '../../electron/state/live';
import type { BatchClock } from '../../electron/state/patches';
import { boardProblems, Script } from './helpers';

class StepClock implements BatchClock {
  time = Date.UTC(2026, 10, 26, 9, 0, 0);
  timers = new Map<number, { at: number; fn: () => void }>();
  #id = 0;
  now(): number {
    return this.time;
  }
  setTimer(fn: () => void, ms: number): unknown {
    this.timers.set(++this.#id, { at: this.time + ms, fn });
    return this.#id;
  }
  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}

function mirror(updates: readonly BoardUpdate[]): BoardSnapshot {
  return updates.reduce<BoardSnapshot>(
    (m, u) => (u.kind === 'snapshot' ? u.board : applyPatch(m, u.patch)),
    EMPTY_BOARD,
  );
}

describe('createLiveBoard', () => {
  it('stamps events on arrival, folds them in one batch and publishes one patch per interval', () => {
    const clock = new StepClock();
    const live = createLiveBoard({ clock });
    const got: BoardUpdate[] = [];
    live.subscribe((u) => got.push(u));
    const s = new Script();
    const start = clock.now();
    s.newChannel('PJSIP/101-00000001', 'a', { state: 4 });
    live.push(s.events.at(-1)!);
    clock.advance(10);
    s.newstate('a', 6);
    live.push(s.events.at(-1)!);
    clock.advance(100);
    expect(live.board().channels['a']).toMatchObject({
      state: 'Up',
      startedAt: start,
      answeredAt: start + 10,
    });
    expect(mirror(got)).toEqual(live.board());
    // Snapshot, then the first patch (at once: quiet before), then one more after the interval.
    expect(got.map((u) => u.kind)).toEqual(['snapshot', 'patch', 'patch']);
  });

  it('resyncs after a reconnect: ghosts go, start times stay, subscribers get only the difference', () => {
    const clock = new StepClock();
    const live = createLiveBoard({ clock });
    const s = new Script();
    s.newChannel('PJSIP/101-00000001', 'a', { state: 6 });
    s.newChannel('PJSIP/102-00000002', 'b', { state: 6 });
    for (const e of s.events) live.push(e);
    const startA = clock.now();
    clock.advance(120_000);
    const got: BoardUpdate[] = [];
    live.subscribe((u) => got.push(u));
    // Missed: b hung up. The lists arrive.
    s.hangup('b');
    live.resync({ channels: s.coreShowChannels({ a: '00:01:59' }), bridges: s.bridgeList() });
    clock.advance(40);
    const board = live.board();
    expect(Object.keys(board.channels)).toEqual(['a']);
    expect(board.channels['a']?.startedAt).toBe(startA);
    expect(boardProblems(board)).toEqual([]);
    const patch = got[1];
    expect(patch?.kind).toBe('patch');
    if (patch?.kind === 'patch') expect(Object.keys(patch.patch.channels ?? {}).sort()).toEqual(['a', 'b']);
    expect(mirror(got)).toEqual(board);

    live.resync({ channels: [] }, { fresh: true });
    expect(live.board().channels).toEqual({});
    live.clear();
    expect(live.board()).toBe(EMPTY_BOARD);
    live.close();
  });
});
