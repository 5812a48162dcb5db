/**
 * What every bench reports: a figure measured over several runs (min / median / max printed, the
 * median judged against the goal) and one verdict line per figure, starting with PASS or
 * MISS, which `benchmarks/run.ts` collects into the closing summary.
 */

export interface Goal {
  /** The median must be at least this (ratios such as "≥ 2× the naive parser"). */
  readonly atLeast?: number;
  /** The median must be at most this (latencies, CPU shares, heap per event). */
  readonly atMost?: number;
}

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new Error('a figure needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

export function meets(value: number, goal: Goal): boolean {
  return (
    (goal.atLeast === undefined || value >= goal.atLeast) &&
    (goal.atMost === undefined || value <= goal.atMost)
  );
}

function describeGoal(goal: Goal, unit: string): string {
  const parts: string[] = [];
  if (goal.atLeast !== undefined) parts.push(`≥ ${goal.atLeast}${unit}`);
  if (goal.atMost !== undefined) parts.push(`≤ ${goal.atMost}${unit}`);
  return parts.join(' and ');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 100 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/**
 * One verdict line, e.g.
 * `PASS rawman: parser vs asterisk-manager, 64 KiB chunks — median 11.3× (min 10.8, max 12.0; 3 runs) — goal ≥ 10×`.
 * A goal-less figure (informational) prints INFO and is not counted.
 */
export function verdict(name: string, samples: readonly number[], goal: Goal, unit = ''): string {
  const s = spread(samples);
  const hasGoal = goal.atLeast !== undefined || goal.atMost !== undefined;
  const tag = !hasGoal ? 'INFO' : meets(s.median, goal) ? 'PASS' : 'MISS';
  const range = samples.length > 1 ? ` (min ${fmt(s.min)}, max ${fmt(s.max)}; ${samples.length} runs)` : '';
  const goalText = hasGoal ? ` — goal ${describeGoal(goal, unit)}` : '';
  return `${tag} ${name} — median ${fmt(s.median)}${unit}${range}${goalText}`;
}

/**
 * A figure that could not be measured within its cap (e.g. asterisk-manager on a 50k-event body):
 * reported as "> cap", never extrapolated. `passes` says whether being over the cap already meets
 * the goal (it does when the capped side is the baseline we must beat).
 */
export function overCap(name: string, cap: number, unit: string, passes: boolean, goalText: string): string {
  return `${passes ? 'PASS' : 'MISS'} ${name} — > ${fmt(cap)}${unit} (stopped at the cap) — goal ${goalText}`;
}

/** Runs `measure` `runs` times in turn (default 3) and returns the samples. */
export async function repeat(measure: () => number | Promise<number>, runs = 3): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measure());
  return samples;
}

/** Each bench runs in a process of its own started with --expose-gc (see run.ts): use this outside timed regions only. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function')
    throw new Error('run benches through `npm run bench` (it passes --expose-gc)');
  gc();
}
