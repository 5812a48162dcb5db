/**
 * `npm run preview` start-up (issue 13, goal 5): time from spawning it to its "Preview ready" line
 * with nothing changed since the last start (goal ≤ 0.6 s), beside the first start, which builds
 * the renderer and bundles the preview, as the baseline. Runs in a temporary copy of the sources
 * (node_modules linked), so the checkout's out/ is left alone and the first start really builds.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { root } from '../scripts/build-config.mjs';
import { repeat, verdict } from './lib/figures';

/** What `npm run preview` reads from the checkout. */
const COPIED = [
  'electron',
  'shared',
  'renderer',
  'scripts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];
const READY = 'Preview ready at ';
const START_CAP_MS = 180_000;

async function copyCheckout(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'ajam-preview-bench-'));
  for (const entry of COPIED) await cp(join(root, entry), join(copy, entry), { recursive: true });
  await symlink(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** Seconds from spawn to the ready line; the preview (its whole process group) is stopped after. */
async function timeStart(cwd: string, command: readonly string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const seconds = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${READY}" within the cap`)), START_CAP_MS);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith(READY)) return;
        clearTimeout(timer);
        resolve((performance.now() - started) / 1000);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`preview exited with ${code}: ${errors}`));
      });
    });
    return seconds;
  } finally {
    // npm runs the preview in a shell of its own: stop the whole group it was started in.
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  }
}

export default async function previewBenchmark(): Promise<string[]> {
  const copy = await copyCheckout();
  const npm = ['npm', 'run', '--silent', 'preview'];
  const node = [process.execPath, 'scripts/preview.mjs'];
  try {
    const building = await repeat(async () => {
      await rm(join(copy, 'out'), { recursive: true, force: true });
      return timeStart(copy, npm);
    });
    const unchanged = await repeat(() => timeStart(copy, npm));
    const direct = await repeat(() => timeStart(copy, node));
    // How loaded the machine is: a bare Node start costs ~0.05 s on an idle one.
    const bare = await repeat(async () => {
      const started = performance.now();
      await new Promise((resolve) => spawn(process.execPath, ['-e', '0']).once('exit', resolve));
      return (performance.now() - started) / 1000;
    });
    return [
      verdict('preview: first start (builds the renderer and the preview bundle)', building, {}, ' s'),
      verdict('preview: `npm run preview` start, nothing changed', unchanged, { atMost: 0.6 }, ' s'),
      verdict('preview: `node scripts/preview.mjs` start, nothing changed', direct, {}, ' s'),
      verdict('preview: a bare `node -e 0` start (machine load)', bare, {}, ' s'),
    ];
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
