/**
 * The bench harness's pure logic (benchmarks/lib/figures.ts): how a figure's runs are summed up and
 * judged against its goal. A wrong median or a flipped comparison would print PASS for a miss.
 */
import { describe, expect, it } from 'vitest';
import { meets, overCap, repeat, spread, verdict } from '../../benchmarks/lib/figures';

describe('spread', () => {
  it('takes the middle sample of an odd count, whatever the order', () => {
    expect(spread([9, 1, 5])).toEqual({ min: 1, median: 5, max: 9 });
    expect(spread([3, 7, 2, 8, 4])).toEqual({ min: 2, median: 4, max: 8 });
  });

  it('averages the two middle samples of an even count', () => {
    expect(spread([10, 2, 4, 100])).toEqual({ min: 2, median: 7, max: 100 });
    expect(spread([6, 2])).toEqual({ min: 2, median: 4, max: 6 });
  });

  it('sorts numerically, not as text', () => {
    expect(spread([10, 9, 100])).toEqual({ min: 9, median: 10, max: 100 });
  });

  it('leaves the samples it was given in their order', () => {
    const samples = [3, 1, 2];
    spread(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('takes a single sample as all three', () => {
    expect(spread([4.5])).toEqual({ min: 4.5, median: 4.5, max: 4.5 });
  });

  it('refuses a figure with no samples', () => {
    expect(() => spread([])).toThrow(/at least one sample/);
  });
});

describe('meets', () => {
  it('checks a lower bound, the bound itself included', () => {
    expect(meets(10, { atLeast: 10 })).toBe(true);
    expect(meets(9.99, { atLeast: 10 })).toBe(false);
  });

  it('checks an upper bound, the bound itself included', () => {
    expect(meets(50, { atMost: 50 })).toBe(true);
    expect(meets(50.01, { atMost: 50 })).toBe(false);
  });

  it('needs both bounds when both are given', () => {
    expect(meets(1, { atLeast: 0.9, atMost: 1.2 })).toBe(true);
    expect(meets(1.3, { atLeast: 0.9, atMost: 1.2 })).toBe(false);
    expect(meets(0.8, { atLeast: 0.9, atMost: 1.2 })).toBe(false);
  });
});

describe('verdict', () => {
  it('passes on the median, not on the best run', () => {
    const line = verdict('rawman: vs naive', [1.5, 2.5, 1.9], { atLeast: 2 }, '×');
    expect(line).toBe('MISS rawman: vs naive — median 1.90× (min 1.50, max 2.50; 3 runs) — goal ≥ 2×');
  });

  it('passes when the median meets the goal even if one run does not', () => {
    const line = verdict('ui: longest task', [60, 30, 40], { atMost: 50 }, ' ms');
    expect(line).toBe('PASS ui: longest task — median 40.0 ms (min 30.0, max 60.0; 3 runs) — goal ≤ 50 ms');
  });

  it('states both bounds of a two-sided goal', () => {
    expect(verdict('x', [1], { atLeast: 0.5, atMost: 2 })).toBe('PASS x — median 1.00 — goal ≥ 0.5 and ≤ 2');
  });

  it('prints INFO and no goal for a figure without one', () => {
    expect(verdict('reducer: events/s', [200_000, 210_000, 190_000], {}, ' events/s')).toBe(
      'INFO reducer: events/s — median 200000 events/s (min 190000, max 210000; 3 runs)',
    );
  });

  it('prints no range for a single run', () => {
    expect(verdict('one', [12.345], { atMost: 20 })).toBe('PASS one — median 12.3 — goal ≤ 20');
  });
});

describe('overCap', () => {
  it('says the measurement stopped at its cap and never gives an estimate', () => {
    const line = overCap('rawman: asterisk-manager, 50k events', 120, ' s', true, 'ours ≥ 10× theirs');
    expect(line).toBe(
      'PASS rawman: asterisk-manager, 50k events — > 120 s (stopped at the cap) — goal ours ≥ 10× theirs',
    );
  });

  it('is a MISS when being over the cap does not meet the goal', () => {
    expect(overCap('upload: 1 GiB', 60, ' s', false, '≤ 30 s')).toMatch(
      /^MISS upload: 1 GiB — > 60.0 s \(stopped at the cap\) — goal ≤ 30 s$/,
    );
  });
});

describe('repeat', () => {
  it('runs the measurement the asked number of times, in turn, sync or async', async () => {
    let n = 0;
    expect(await repeat(() => ++n)).toEqual([1, 2, 3]);
    expect(await repeat(async () => ++n, 2)).toEqual([4, 5]);
  });
});
