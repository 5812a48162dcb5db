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
