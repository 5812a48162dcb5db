// The esbuild options of every bundle scripts/build.mjs makes, in one place, so the tests can bundle
// exactly what the build bundles (tests/desktop/dependencies.test.ts checks that package.json's
// runtime dependencies are what the main bundle imports).
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

const common = {
  bundle: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  tsconfig: path.join(root, 'tsconfig.json'),
};

/**
 * esbuild options per part, writing under `out`. Electron 45 runs Node 22+ in main and a recent
 * Chromium in the preload; the CLI runs on Node 20.
 * @param {string} out
 */
export function bundleOptions(out) {
  return {
    main: {
      ...common,
      entryPoints: [path.join(root, 'electron/main.ts')],
      outfile: path.join(out, 'main/main.js'),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      // Production dependencies load from node_modules in app.asar; electron is the runtime itself.
      packages: 'external',
    },
    preload: {
      ...common,
      entryPoints: [path.join(root, 'electron/preload.ts')],
      outfile: path.join(out, 'preload/preload.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
    },
    // `npm run preview` (scripts/preview.mjs) runs this bundle: it loads far faster than tsx
    // compiling electron/preview.ts and its few hundred imports on every start.
    // Split: what preview.ts imports on demand (the demo PBX) stays in chunks that load only when
    // used. Dependencies are bundled in (a development tool, never packaged): one ESM file loads
    // undici and ws 2-3x faster than Node resolving and wrapping their CommonJS files one by one.
    // werift, the demo's media stack, stays in node_modules and loads with the demo's chunk.
    preview: {
      ...common,
      entryPoints: { preview: path.join(root, 'electron/preview.ts') },
      outdir: path.join(out, 'preview'),
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['werift'],
      // The bundled CommonJS packages call require() for Node's own modules.
      banner: {
        js: "import { createRequire as __previewRequire } from 'node:module'; const require = __previewRequire(import.meta.url);",
      },
    },
    cli: {
      ...common,
      entryPoints: [path.join(root, 'electron/cli/main.ts')],
      outfile: path.join(out, 'cli/ajam.js'),
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
    },
  };
}

/**
 * What each cached step's output is made from (paths relative to root), hashed by
 * scripts/cached-build.mjs: sources, configuration, the lockfile (tool and library versions) and the
 * build scripts themselves. Generous on purpose: a needless rebuild costs a second, a missed one a
 * stale preview.
 */
export const buildInputs = {
  renderer: [
    'renderer',
    'shared',
    'package-lock.json',
    'tsconfig.json',
    'scripts/build.mjs',
    'scripts/build-steps.mjs',
  ],
  preview: [
    'electron',
    'shared',
    'package-lock.json',
    'tsconfig.json',
    'scripts/build-config.mjs',
    'scripts/build-steps.mjs',
  ],
};
