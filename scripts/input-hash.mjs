// A content hash of a build's inputs, so that a build whose inputs did not change since the last one
// can be skipped (scripts/cached-build.mjs). Contents and paths count, not modification times: a
// checkout, a branch switch back or a `touch` leave the hash alone only when the bytes are the same.
// Synchronous on purpose: a few hundred small files read one after another cost a fraction of what
// as many promises through the thread pool do, and nothing else runs while a start waits for this.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every file under `input` (a file or a folder, relative to `root`), as `/`-separated paths
 * relative to `root`. A missing input is an empty list: its appearing later changes the hash.
 * @param {string} root
 * @param {string} input
 * @returns {string[]}
 */
function filesOf(root, input) {
  let entries;
  try {
    entries = readdirSync(path.join(root, input), { withFileTypes: true });
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code === 'ENOTDIR') return [input.split(path.sep).join('/')];
    if (code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory() || entry.isFile())
    .flatMap((entry) => filesOf(root, path.join(input, entry.name)));
}

/**
 * SHA-256 (hex) over `extra` (e.g. the build mode) and every input file's path and bytes.
 * @param {string} root
 * @param {readonly string[]} inputs files or folders, relative to `root`
 * @param {string} [extra]
 * @returns {Promise<string>}
 */
export async function hashInputs(root, inputs, extra = '') {
  const files = [...new Set(inputs.flatMap((input) => filesOf(root, input)))].sort();
  const hash = createHash('sha256');
  hash.update(`${extra}\0${files.length}\0`);
  for (const file of files) {
    const bytes = readFileSync(path.join(root, file));
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
