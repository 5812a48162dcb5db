// The build steps scripts/build.mjs and scripts/preview.mjs share. Each writes, beside its output,
// the hash of the inputs it was made from (scripts/cached-build.mjs), so that `npm run preview`
// skips a step whose inputs did not change and a full build leaves that hash right as well.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildInputs, bundleOptions, root } from './build-config.mjs';
import { buildUnlessUnchanged } from './cached-build.mjs';

/** Vite's mode and what else shapes the output without being a file. */
const RENDERER_MODE = 'production; no source maps; renderer/vite.config.ts';

/**
 * The Svelte renderer into `out/renderer/` by Vite with renderer/vite.config.ts.
 * @param {string} out
 * @param {{ ifChanged?: boolean, onBuild?: () => void }} [how]
 * @returns {Promise<boolean>} whether it built
 */
export function buildRenderer(out, how = {}) {
  const outDir = path.join(out, 'renderer');
  return buildUnlessUnchanged({
    root,
    inputs: buildInputs.renderer,
    extra: `${RENDERER_MODE}; into ${path.relative(root, outDir)}`,
    output: path.join(outDir, 'index.html'),
    stamp: path.join(out, 'renderer.inputs-sha256'),
    force: !how.ifChanged,
    build: async () => {
      how.onBuild?.();
      const { build: viteBuild } = await import('vite');
      await viteBuild({
        configFile: path.join(root, 'renderer/vite.config.ts'),
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true, sourcemap: false },
      });
    },
  });
}

/**
 * electron/preview.ts bundled into `out/preview/preview.mjs` and the chunks it loads on demand
 * (werift stays in node_modules, which is why the bundle must stay inside the checkout).
 * @param {string} out
 * @param {{ ifChanged?: boolean, onBuild?: () => void }} [how]
 * @returns {Promise<boolean>} whether it built
 */
export function bundlePreview(out, how = {}) {
  const options = bundleOptions(out).preview;
  const outdir = String(options.outdir);
  return buildUnlessUnchanged({
    root,
    inputs: buildInputs.preview,
    // The options themselves, machine-specific paths made relative.
    extra: `esbuild ${JSON.stringify(options).replaceAll(root, '.')}`,
    output: path.join(outdir, 'preview.mjs'),
    stamp: path.join(out, 'preview.inputs-sha256'),
    force: !how.ifChanged,
    build: async () => {
      how.onBuild?.();
      rmSync(outdir, { recursive: true, force: true });
      const { build } = await import('esbuild');
      await build(options);
    },
  });
}
