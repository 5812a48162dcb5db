#!/usr/bin/env node
// Builds everything the app and the CLI run from, into out/ (or --out DIR):
//   out/main/main.js        the Electron main process, ESM (package.json is "type": "module"); dependencies
//                           stay external and ship in node_modules inside app.asar
//   out/preload/preload.cjs the sandboxed preload: ONE CommonJS file, everything but `electron` bundled in,
//                           because a sandboxed preload cannot require other files
//   out/cli/ajam.js         the `ajam` CLI (bin/ajam.js loads it)
//   out/renderer/           the Svelte app, by Vite with renderer/vite.config.ts
// No source maps: the package must not carry them (electron-builder.yml excludes them as well).
// Usage: node scripts/build.mjs [--out DIR] [--only main,preload,cli,renderer]
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build as esbuild } from 'esbuild';
import { bundleOptions, root } from './build-config.mjs';
import { buildRenderer } from './build-steps.mjs';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'out' }, only: { type: 'string' } },
  strict: true,
});
const out = path.resolve(root, values.out);
const parts = new Set((values.only ?? 'main,preload,cli,renderer').split(',').map((s) => s.trim()));
for (const part of parts) {
  if (!['main', 'preload', 'cli', 'renderer'].includes(part)) {
    console.error(`build: unknown part "${part}" (main, preload, cli, renderer)`);
    process.exit(2);
  }
}

const options = bundleOptions(out);
const tasks = [];
for (const part of ['main', 'preload', 'cli']) {
  if (!parts.has(part)) continue;
  rmSync(path.join(out, part), { recursive: true, force: true });
  tasks.push(esbuild(options[part]));
}
await Promise.all(tasks);

// Always built here; the hash of its inputs is stored beside it so `npm run preview` can skip it.
if (parts.has('renderer')) await buildRenderer(out);
console.log(`built ${[...parts].join(', ')} into ${path.relative(root, out) || '.'}/`);
