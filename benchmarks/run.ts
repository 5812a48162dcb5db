/**
 * `npm run bench`: runs every benchmarks/*.bench.ts in turn (or those whose name contains one of
 * the arguments: `npm run bench -- rawman`). A bench default-exports an async function returning
 * the lines to print; baselines are measured in the same run, so ratios compare like with like.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Bench = () => Promise<readonly string[]>;

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmarks match ${filters.join(' ')}`);
  process.exitCode = 2;
}

let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: unknown };
    if (typeof mod.default !== 'function') throw new Error('no default-exported bench function');
    const lines = await (mod.default as Bench)();
    for (const line of lines) console.log(line);
  } catch (e) {
    failed += 1;
    console.error(`${file} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  console.log(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
if (failed > 0) process.exitCode = 1;
