/**
 * `npm run bench`: runs every benchmarks/*.bench.ts (or those whose name contains one of the
 * arguments: `npm run bench -- rawman`), each in a child process of its own with --expose-gc. A
 * bench default-exports an async function returning the lines to print; baselines are measured in
 * the same run, so ratios compare like with like. Lines starting with PASS / MISS (see
 * lib/figures.ts) are gathered into a closing summary, one line per figure.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * Where the *.bench.ts files are: this folder, unless AJAM_BENCH_DIR names another. The harness's
 * own test (tests/bench/run.test.ts) points it at fixture benches in a temp folder, so it can check
 * the child process, the summary and the exit code without running the real, minutes-long benches.
 */
const benchDir = process.env['AJAM_BENCH_DIR'] ?? here;
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmarks match ${filters.join(' ')}`);
  process.exitCode = 2;
}

function runOne(file: string, verdicts: string[]): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(here, 'lib', 'child.ts'), join(benchDir, file)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    if (/^(PASS|MISS) /.test(line)) verdicts.push(`${line.slice(0, 4)} ${file}: ${line.slice(5)}`);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

let failed = 0;
const verdicts: string[] = [];
for (const file of files) {
  console.log(`\n== ${file}`);
  const started = performance.now();
  const code = await runOne(file, verdicts);
  if (code !== 0) {
    failed += 1;
    console.error(`${file} failed (exit ${code})`);
  }
  console.log(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

if (verdicts.length > 0) {
  const passed = verdicts.filter((v) => v.startsWith('PASS')).length;
  console.log(`\n== summary: ${passed} of ${verdicts.length} goals met`);
  for (const v of verdicts) console.log(v);
}
if (failed > 0) process.exitCode = 1;
