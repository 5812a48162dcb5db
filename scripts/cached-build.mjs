// Runs a build step only when the content hash of its inputs differs from the one stored beside its
// output by the last successful run (in the ignored build folder, never a tracked file).
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hashInputs } from './input-hash.mjs';

/**
 * @param {{
 *   root: string,
 *   inputs: readonly string[],
 *   extra?: string,
 *   output: string,
 *   stamp: string,
 *   build: () => Promise<unknown>,
 *   force?: boolean,
 * }} step `output` must exist for a skip; `stamp` is the file holding the last inputs' hash.
 * @returns {Promise<boolean>} whether it built
 */
export async function buildUnlessUnchanged(step) {
  // Hashed before building: an edit made while the build runs leaves a stale stamp, so the next
  // start builds again rather than trusting an output that may predate the edit.
  const hash = await hashInputs(step.root, step.inputs, step.extra);
  if (!step.force && existsSync(step.output)) {
    const stored = await readFile(step.stamp, 'utf8').catch(() => '');
    if (stored.trim() === hash) return false;
  }
  // A build that fails halfway must not leave the old stamp vouching for a half-written output.
  await rm(step.stamp, { force: true });
  await step.build();
  await writeFile(step.stamp, `${hash}\n`);
  return true;
}
