/**
 * `npm run bench` itself (benchmarks/run.ts), on fixture benches in a temp folder (AJAM_BENCH_DIR):
 * each bench runs in a child process with `gc` exposed, the PASS/MISS lines of every bench are
 * gathered into the closing summary, and a bench that throws makes the run fail.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../setup/temp-dirs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const figures = pathToFileURL(path.join(root, 'benchmarks', 'lib', 'figures.ts')).href;
const tempDir = tempDirs();

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runBenches(dir: string, ...filters: string[]): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'benchmarks', 'run.ts'), ...filters],
    {
      cwd: root,
      env: { ...process.env, AJAM_BENCH_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run bench', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('ajam-bench-harness-');
    // The pid tells the two benches' processes apart from each other and from the runner's.
    writeFileSync(
      path.join(dir, 'alpha.bench.ts'),
      `import { collectGarbage, verdict } from ${JSON.stringify(figures)};
export default async () => {
  collectGarbage();
  return [
    'alpha: gc is a ' + typeof (globalThis as { gc?: unknown }).gc + ', pid ' + process.pid,
    verdict('alpha: fast', [3, 1, 2], { atLeast: 1.5 }, '×'),
    verdict('alpha: slow', [80, 70, 90], { atMost: 50 }, ' ms'),
    verdict('alpha: informational', [5], {}),
  ];
};
`,
    );
    writeFileSync(
      path.join(dir, 'beta.bench.ts'),
      `import { verdict } from ${JSON.stringify(figures)};
export default async () => ['beta: pid ' + process.pid, verdict('beta: ratio', [1, 1, 1], { atLeast: 0.9 })];
`,
    );
    writeFileSync(
      path.join(dir, 'broken.bench.ts'),
      `export default async () => { throw new Error('the broken bench broke'); };\n`,
    );
  });

  it('runs each bench in a child of its own with gc exposed and sums up its verdicts', async () => {
    const run = await runBenches(dir, 'alpha', 'beta');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('alpha: gc is a function');
    const pids = [...run.stdout.matchAll(/(?:alpha|beta): .*pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    expect(new Set(pids).size).toBe(2);
    const summary = run.stdout.slice(run.stdout.indexOf('== summary'));
    expect(summary.split('\n').filter(Boolean)).toEqual([
      '== summary: 2 of 3 goals met',
      'PASS alpha.bench.ts: alpha: fast — median 2.00× (min 1.00, max 3.00; 3 runs) — goal ≥ 1.5×',
      'MISS alpha.bench.ts: alpha: slow — median 80.0 ms (min 70.0, max 90.0; 3 runs) — goal ≤ 50 ms',
      'PASS beta.bench.ts: beta: ratio — median 1.00 (min 1.00, max 1.00; 3 runs) — goal ≥ 0.9',
    ]);
    // INFO lines are printed where they come but are not goals.
    expect(run.stdout).toContain('INFO alpha: informational');
  });

  it('fails the run when a bench throws, after running the others', async () => {
    const run = await runBenches(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the broken bench broke');
    expect(run.stderr).toContain('broken.bench.ts failed (exit 1)');
    expect(run.stdout).toContain('== summary: 2 of 3 goals met');
  });

  it('fails when no bench matches the filter', async () => {
    const run = await runBenches(dir, 'nothing-called-this');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('no benchmarks match nothing-called-this');
  });
});
