/**
 * `npm run preview` skips the renderer's Vite build and the preview's bundle when the content hash
 * of their inputs matches the one stored beside the output (scripts/cached-build.mjs). Checked on
 * real files in temporary folders: an unchanged second start does not build, an edited or added
 * source does, and so do a missing output and a build that failed halfway. The input lists
 * themselves are checked against what the builds read, so an input the hash leaves out cannot go
 * unnoticed.
 */
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildInputs, bundleOptions, root } from '../../scripts/build-config.mjs';
import { buildUnlessUnchanged } from '../../scripts/cached-build.mjs';
import { hashInputs } from '../../scripts/input-hash.mjs';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ajam-build-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A project in `dir`: two source folders and a lockfile; its "build" copies a marker into out/. */
async function project(): Promise<{ step: () => Promise<boolean>; builds: () => number }> {
  await mkdir(path.join(dir, 'src/nested'), { recursive: true });
  await writeFile(path.join(dir, 'src/main.ts'), 'export const a = 1;\n');
  await writeFile(path.join(dir, 'src/nested/view.svelte'), '<p>hello</p>\n');
  await writeFile(path.join(dir, 'lock.json'), '{"v":1}\n');
  let count = 0;
  const step = (extra = 'production'): Promise<boolean> =>
    buildUnlessUnchanged({
      root: dir,
      inputs: ['src', 'lock.json'],
      extra,
      output: path.join(dir, 'out/index.html'),
      stamp: path.join(dir, 'out.inputs-sha256'),
      build: async () => {
        count++;
        await mkdir(path.join(dir, 'out'), { recursive: true });
        await writeFile(path.join(dir, 'out/index.html'), `build ${count}`);
      },
    });
  return { step, builds: () => count };
}

describe('cached build step', () => {
  it('builds the first time, not again while nothing changed, and again once a source changed', async () => {
    const { step, builds } = await project();
    expect(await step()).toBe(true);
    expect(await step()).toBe(false);
    // A touch changes the time, not the bytes: still the same inputs.
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dir, 'src/nested/view.svelte'), later, later);
    expect(await step()).toBe(false);
    await appendFile(path.join(dir, 'src/nested/view.svelte'), '<p>more</p>\n');
    expect(await step()).toBe(true);
    expect(await step()).toBe(false);
    // Same length, other bytes.
    await writeFile(path.join(dir, 'src/main.ts'), 'export const a = 2;\n');
    expect(await step()).toBe(true);
    expect(builds()).toBe(3);
  });

  it('builds again for a new file, a changed lockfile, another build mode or a missing output', async () => {
    const { step, builds } = await project();
    await step();
    await writeFile(path.join(dir, 'src/nested/added.ts'), 'export {};\n');
    expect(await step()).toBe(true);
    await writeFile(path.join(dir, 'lock.json'), '{"v":2}\n');
    expect(await step()).toBe(true);
    expect(await step()).toBe(false);
    await rm(path.join(dir, 'out'), { recursive: true });
    expect(await step()).toBe(true);
    expect(builds()).toBe(4);
  });

  it('a build that fails leaves no stamp behind, so the next start builds', async () => {
    const { step } = await project();
    await step();
    await appendFile(path.join(dir, 'src/main.ts'), 'export const b = 2;\n');
    await expect(
      buildUnlessUnchanged({
        root: dir,
        inputs: ['src', 'lock.json'],
        extra: 'production',
        output: path.join(dir, 'out/index.html'),
        stamp: path.join(dir, 'out.inputs-sha256'),
        build: () => Promise.reject(new Error('vite failed')),
      }),
    ).rejects.toThrow('vite failed');
    await expect(readFile(path.join(dir, 'out.inputs-sha256'), 'utf8')).rejects.toThrow();
    expect(await step()).toBe(true);
  });
});

describe('the renderer and preview inputs', () => {
  it("change hash when a renderer source is edited in a copy of the checkout's inputs", async () => {
    for (const input of buildInputs.renderer)
      await cp(path.join(root, input), path.join(dir, input), { recursive: true });
    const before = await hashInputs(dir, buildInputs.renderer, 'production');
    expect(await hashInputs(root, buildInputs.renderer, 'production')).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashInputs(dir, buildInputs.renderer, 'production')).toBe(before);
    const app = path.join(dir, 'renderer/src/App.svelte');
    const original = await readFile(app);
    await appendFile(app, '\n');
    expect(await hashInputs(dir, buildInputs.renderer, 'production')).not.toBe(before);
    await writeFile(app, original);
    expect(await hashInputs(dir, buildInputs.renderer, 'production')).toBe(before);
    expect(await hashInputs(dir, buildInputs.renderer, 'development')).not.toBe(before);
  });

  it('cover every file of ours the preview bundle is made from', async () => {
    const result = await build({
      ...bundleOptions(dir).preview,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const ours = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'));
    expect(ours).toContain('electron/preview.ts');
    const uncovered = ours.filter(
      (file) => !buildInputs.preview.some((input) => file === input || file.startsWith(`${input}/`)),
    );
    expect(uncovered).toEqual([]);
  });

  it('cover every file of ours the renderer imports (relative imports never leave the inputs)', async () => {
    const files = (await readdirRecursive(path.join(root, 'renderer/src'))).filter((f) =>
      /\.(ts|svelte)$/.test(f),
    );
    expect(files.length).toBeGreaterThan(20);
    const outside: string[] = [];
    const targets = new Set<string>();
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = path.relative(root, path.resolve(path.dirname(file), match[1] as string));
        targets.add(target.split('/')[0] as string);
        const covered = buildInputs.renderer.some(
          (input) => target === input || target.startsWith(`${input}/`),
        );
        if (!covered) outside.push(`${path.relative(root, file)} -> ${target}`);
      }
    }
    // The scan sees imports into shared/ as well as within renderer/: it reads the imports at all.
    expect([...targets].sort()).toEqual(['renderer', 'shared']);
    expect(outside).toEqual([]);
  });
});

async function readdirRecursive(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? readdirRecursive(path.join(folder, e.name))
        : Promise.resolve([path.join(folder, e.name)]),
    ),
  );
  return nested.flat();
}
