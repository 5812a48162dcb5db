/**
 * package.json's `dependencies` are what electron-builder packs into app.asar, and the packaged app
 * loads from there only what the main bundle imports (the preload is one self-contained file). The two
 * lists must be the same: a runtime dependency the bundle never imports is dead weight in every
 * installer (ws and fast-xml-parser were), and an import missing from `dependencies` would crash the
 * installed app at start. Bundles with the build's own esbuild options (scripts/build-config.mjs).
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions, root } from '../../scripts/build-config.mjs';

const options = bundleOptions(path.join(tmpdir(), 'ajam-deps-not-written'));

/** The bare packages a bundle leaves to `require`/`import` at run time. */
async function externalPackages(part: BuildOptions): Promise<string[]> {
  const result = await build({ ...part, write: false, metafile: true, logLevel: 'silent' });
  const builtins = new Set(builtinModules);
  const names = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((item) => item.external)
    .map((item) => item.path)
    .filter((spec) => !spec.startsWith('node:') && !spec.startsWith('.') && !builtins.has(spec))
    .map((spec) =>
      spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(names)].sort();
}

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('runtime dependencies', () => {
  it('are exactly the packages the main bundle imports (electron is the runtime, not a dependency)', async () => {
    const imported = await externalPackages(options.main);
    expect(imported).toContain('electron');
    expect(Object.keys(pkg.dependencies).sort()).toEqual(imported.filter((name) => name !== 'electron'));
    expect(Object.keys(pkg.devDependencies)).toContain('electron');
  });

  it('are not needed by the preload, which is one file with only electron left out', async () => {
    expect(await externalPackages(options.preload)).toEqual(['electron']);
  });

  it('leave the CLI, the preview and the tests to devDependencies or to what the app also uses', async () => {
    // The CLI runs from the repository (bin/ajam.js), where devDependencies are installed; whatever
    // it imports must be installed by `npm ci` one way or the other.
    const all = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
    for (const name of await externalPackages(options.cli)) expect(all.has(name), name).toBe(true);
    expect(pkg.devDependencies).toHaveProperty('ws');
    expect(pkg.devDependencies).toHaveProperty('fast-xml-parser');
  });
});
