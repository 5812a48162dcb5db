#!/usr/bin/env node
/**
 * Refreshes the README's images. The end-to-end tests write their screenshots into the git-ignored
 * tests/e2e/.out/screenshots (so `npm test` leaves the tree clean); this script runs the tests that
 * take them and copies the results into the tracked docs/screenshots the README points at.
 *
 *   npm run screenshots              run the screenshot-taking e2e tests, then copy
 *   npm run screenshots -- --copy    only copy what the last test run left
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'tests/e2e/.out/screenshots');
const to = join(root, 'docs/screenshots');
// The tests that take the README's pictures; the rest of the suite has nothing to show.
const tests = ['tests/e2e/console.test.ts', 'tests/e2e/profiles.test.ts'];

if (!process.argv.includes('--copy')) {
  const vitest = join(root, 'node_modules/.bin/vitest');
  const run = spawnSync(vitest, ['run', ...tests], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('The screenshot tests failed: docs/screenshots was left as it was.');
    process.exit(run.status ?? 1);
  }
}

const shots = existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.png')) : [];
if (shots.length === 0) {
  console.error(`No screenshots in ${from}: run without --copy first.`);
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const name of shots.sort()) {
  copyFileSync(join(from, name), join(to, name));
  console.log(`docs/screenshots/${name}`);
}
console.log(`${shots.length} screenshots copied; review them with git diff and commit.`);
