// A content hash of a build's inputs, so that a build whose inputs did not change since the last one
// can be skipped (scripts/cached-build.mjs). Contents and paths count, not modification times: a
// checkout, a branch switch back or a `touch` leave the hash alone only when the bytes are the same.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file under `input` (a file or a folder, relative to `root`), as sorted `/`-separated paths
 * relative to `root`. A missing input is an empty list: its appearing later changes the hash.
 * @param {string} root
 * @param {string} input
 * @returns {Promise<string[]>}
 */
async function filesOf(root, input) {
  const full = path.join(root, input);
  let entries;
  try {
    entries = await readdir(full, { withFileTypes: true });
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code === 'ENOTDIR') return [input.split(path.sep).join('/')];
    if (code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() || entry.isFile())
      .map((entry) => filesOf(root, path.join(input, entry.name))),
  );
  return nested.flat();
}

/**
 * SHA-256 (hex) over `extra` (e.g. the build mode) and every input file's path and bytes.
 * @param {string} root
 * @param {readonly string[]} inputs files or folders, relative to `root`
 * @param {string} [extra]
 * @returns {Promise<string>}
 */
export async function hashInputs(root, inputs, extra = '') {
  const files = [...new Set((await Promise.all(inputs.map((input) => filesOf(root, input)))).flat())].sort();
  const contents = await Promise.all(files.map((file) => readFile(path.join(root, file))));
  const hash = createHash('sha256');
  hash.update(`${extra}\0${files.length}\0`);
  files.forEach((file, i) => {
    const bytes = /** @type {Buffer} */ (contents[i]);
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  });
  return hash.digest('hex');
}
