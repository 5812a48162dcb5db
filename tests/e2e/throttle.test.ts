/**
 * The counters' throttle (renderer/src/lib/throttle.ts) on a hand-driven clock: the first value at
 * once, then at most one per period and always the latest, with a grace shown by the next offer
 * when one comes in time, an urgent one (a search, a filter) at once, and nothing after stop.
 */
import { describe, expect, it } from 'vitest';
import { Throttle, type ThrottleClock } from '../../renderer/src/lib/throttle';

function manualClock(): ThrottleClock & { advance(ms: number): void } {
  let now = 1000;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    later(run, delay) {
      const timer = { at: now + delay, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.run();
    },
  };
}

describe('counter throttle', () => {
  it('shows the first value at once, then the latest at most once per period', () => {
    const clock = manualClock();
    const shown: number[] = [];
    const throttle = new Throttle<number>(250, clock, (v) => shown.push(v));
    throttle.offer(1);
    expect(shown).toEqual([1]);
    // Thirty patches a second: within one period only the last value is shown, when it ends.
    for (let v = 2; v <= 9; v++) {
      clock.advance(30);
      throttle.offer(v);
    }
    expect(shown).toEqual([1]);
    // The period ends at 250 ms: the latest value (9) shows then, the ones before it never.
    clock.advance(30);
    expect(shown).toEqual([1, 9]);
    throttle.offer(10);
    clock.advance(200);
    expect(shown).toEqual([1, 9]);
    clock.advance(50);
    expect(shown).toEqual([1, 9, 10]);
    // Quiet for longer than a period: the next one shows at once.
    clock.advance(1000);
    throttle.offer(11);
    expect(shown).toEqual([1, 9, 10, 11]);
  });

  it('with a grace, a value due shows with the next offer, not from a timer between offers', () => {
    const clock = manualClock();
    const shown: number[] = [];
    const throttle = new Throttle<number>(250, clock, (v) => shown.push(v), 100);
    throttle.offer(1);
    // Offers every 30 ms: at 240 ms the period has not ended, and 30 ms later no timer has fired…
    for (let v = 2; v <= 9; v++) {
      clock.advance(30);
      throttle.offer(v);
    }
    clock.advance(29);
    expect(shown).toEqual([1]);
    // …so the offer at 270 ms shows at once: the value is drawn in the frame that offer causes.
    clock.advance(1);
    throttle.offer(10);
    expect(shown).toEqual([1, 10]);
    // Offers stop: the latest still shows, at the period's end plus the grace and not before.
    clock.advance(30);
    throttle.offer(11);
    clock.advance(250 + 100 - 30 - 1);
    expect(shown).toEqual([1, 10]);
    clock.advance(1);
    expect(shown).toEqual([1, 10, 11]);
  });

  it('shows an urgent value at once and drops what waited; stop drops a waiting value', () => {
    const clock = manualClock();
    const shown: string[] = [];
    const throttle = new Throttle<string>(250, clock, (v) => shown.push(v));
    throttle.offer('a');
    clock.advance(10);
    throttle.offer('b');
    throttle.offer('search', true);
    expect(shown).toEqual(['a', 'search']);
    clock.advance(500);
    expect(shown).toEqual(['a', 'search']);
    throttle.offer('c');
    clock.advance(10);
    throttle.offer('d');
    throttle.stop();
    clock.advance(500);
    expect(shown).toEqual(['a', 'search', 'c']);
  });
});
