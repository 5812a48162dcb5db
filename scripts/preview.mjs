#!/usr/bin/env node
// `npm run preview`: the browser preview (electron/preview.ts; its flags pass through). Builds the
// renderer and bundles the preview only when their inputs changed since the last build (content
// hashes beside the output in out/), then runs the bundle in this same process: an unchanged start
// costs hashing a few megabytes and loading one file, not a Vite build and a tsx compile.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './build-config.mjs';
import { buildRenderer, bundlePreview } from './build-steps.mjs';

const out = path.join(root, 'out');
const say = (what) => () => process.stderr.write(`preview: ${what} changed, building it\n`);
await Promise.all([
  buildRenderer(out, { ifChanged: true, onBuild: say('the renderer') }),
  bundlePreview(out, { ifChanged: true, onBuild: say('the preview server') }),
]);
const { runPreviewCommand } = await import(pathToFileURL(path.join(out, 'preview', 'preview.mjs')).href);
runPreviewCommand(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
