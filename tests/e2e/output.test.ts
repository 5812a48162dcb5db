/**
 * What the end-to-end tests write stays out of git: screenshots go to an ignored folder, and the
 * README's images are tracked files that only `npm run screenshots` refreshes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS } from './harness';

const root = join(import.meta.dirname, '../..');

function git(...args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout };
}

describe('end-to-end output', () => {
  it('writes screenshots into a git-ignored folder', () => {
    const shot = relative(root, join(SCREENSHOTS, 'board-light-en.png'));
    expect(git('check-ignore', '-q', shot).status).toBe(0);
    // Nothing under it is tracked either (an ignore rule does not untrack a committed file).
    expect(git('ls-files', relative(root, SCREENSHOTS)).stdout).toBe('');
  });

  it('keeps the README’s images as tracked files outside what the tests write', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+\.png)\)/g)].map((m) => m[1] ?? '');
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(() => execFileSync('git', ['ls-files', '--error-unmatch', image], { cwd: root })).not.toThrow();
      expect(git('check-ignore', '-q', image).status).toBe(1);
      expect(image.startsWith(relative(root, SCREENSHOTS))).toBe(false);
    }
  });

  it('has a script that refreshes them', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['screenshots']).toBe('node scripts/screenshots.mjs');
    const script = await readFile(join(root, 'scripts/screenshots.mjs'), 'utf8');
    expect(script).toContain('tests/e2e/.out/screenshots');
    expect(script).toContain('docs/screenshots');
  });
});
