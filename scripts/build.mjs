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

const root = path.resolve(import.meta.dirname, '..');
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

/** Electron 42 runs Node 22 in main and Chromium 14x in the preload; the CLI runs on Node 20. */
const common = {
  bundle: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  tsconfig: path.join(root, 'tsconfig.json'),
};

const tasks = [];
if (parts.has('main')) {
  rmSync(path.join(out, 'main'), { recursive: true, force: true });
  tasks.push(
    esbuild({
      ...common,
      entryPoints: [path.join(root, 'electron/main.ts')],
      outfile: path.join(out, 'main/main.js'),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      // Production dependencies load from node_modules in app.asar; electron is the runtime itself.
      packages: 'external',
    }),
  );
}
if (parts.has('preload')) {
  rmSync(path.join(out, 'preload'), { recursive: true, force: true });
  tasks.push(
    esbuild({
      ...common,
      entryPoints: [path.join(root, 'electron/preload.ts')],
      outfile: path.join(out, 'preload/preload.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
    }),
  );
}
if (parts.has('cli')) {
  rmSync(path.join(out, 'cli'), { recursive: true, force: true });
  tasks.push(
    esbuild({
      ...common,
      entryPoints: [path.join(root, 'electron/cli/main.ts')],
      outfile: path.join(out, 'cli/ajam.js'),
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
    }),
  );
}
await Promise.all(tasks);

if (parts.has('renderer')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: path.join(root, 'renderer/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: path.join(out, 'renderer'), emptyOutDir: true, sourcemap: false },
  });
}
console.log(`built ${[...parts].join(', ')} into ${path.relative(root, out) || '.'}/`);
