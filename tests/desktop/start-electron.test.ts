/**
 * `npm start`'s launcher (scripts/start-electron.mjs) in a subprocess, on this machine, which has no
 * Electron binary: the download it tries goes to a local "mirror" on 127.0.0.1 that has nothing, and
 * the launcher must answer with one paragraph of advice and a failing status, not a stack trace. With
 * a binary (a stand-in script through ELECTRON_OVERRIDE_DIST_PATH) it runs the app folder.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();
const root = path.resolve(import.meta.dirname, '../..');
const launcher = path.join(root, 'scripts/start-electron.mjs');
const electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const hasBinary = existsSync(path.join(electronDir, 'path.txt'));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The launcher with a minimal environment: no npm_config_* mirror or proxy from this shell leaks in. */
function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [launcher, ...args],
      {
        cwd: root,
        timeout: 60_000,
        env: { PATH: process.env['PATH'] ?? '', HOME: makeTempDir('ajam-home-'), ...env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let mirror: Server;
let mirrorUrl = '';
const asked: string[] = [];

beforeAll(async () => {
  mirror = createServer((request, response) => {
    asked.push(request.url ?? '');
    response.writeHead(404).end('no such release');
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  const address = mirror.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  mirrorUrl = `http://127.0.0.1:${address.port}/`;
});
afterAll(() => new Promise<void>((resolve) => mirror.close(() => resolve())));

describe.skipIf(hasBinary)('npm start without the Electron binary', () => {
  it('tries the download once, then prints one paragraph of advice and exits 1', async () => {
    const version = (
      JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string }
    ).version;
    const result = await run(['--check'], {
      ELECTRON_MIRROR: mirrorUrl,
      electron_config_cache: makeTempDir('ajam-electron-cache-'),
    });
    expect(result.code).toBe(1);
    // It asked the mirror for this version's zip.
    expect(asked.some((url) => url.includes(version) && url.endsWith('.zip'))).toBe(true);
    const text = result.stderr.trim();
    // One paragraph: no stack frames, no blank line, the three things to know.
    expect(text).not.toMatch(/^\s+at /m);
    expect(text).not.toContain('\n');
    expect(text).toMatch(
      /^The desktop app cannot start: the Electron binary is not installed and could not be downloaded \(.*404/,
    );
    expect(text).toContain('node node_modules/electron/install.js');
    expect(text).toContain('ELECTRON_MIRROR');
    expect(text).toContain('npm run preview -- --demo');
    expect(text).not.toContain('install-electron');
    // Nothing was left in the electron package.
    expect(existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
  });

  it('says so without a download when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const before = asked.length;
    const result = await run([], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: mirrorUrl });
    expect(result.code).toBe(1);
    expect(asked.length).toBe(before);
    expect(result.stderr).toContain(
      'the Electron binary is not installed and was not downloaded, since ELECTRON_SKIP_BINARY_DOWNLOAD is set',
    );
    expect(result.stderr).toContain('npm run preview -- --demo');
  });
});

describe('the start script', () => {
  it('checks for the binary before the build, then launches through the launcher', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['start']).toBe(
      'node scripts/start-electron.mjs --check && npm run build && node scripts/start-electron.mjs',
    );
  });
});

describe.skipIf(process.platform === 'win32')('npm start with a binary', () => {
  it('runs it on the app folder with the extra arguments, and passes its exit status on', async () => {
    const dist = makeTempDir('ajam-electron-dist-');
    const binary = path.join(dist, 'electron');
    writeFileSync(binary, '#!/bin/sh\necho "cwd=$(pwd) args=$*"\nexit 7\n');
    chmodSync(binary, 0o755);
    const checked = await run(['--check'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(checked).toMatchObject({ code: 0, stderr: '' });
    const result = await run(['--hidden'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(result.code).toBe(7);
    expect(result.stdout.trim()).toBe(`cwd=${root} args=. --hidden`);
  });
});
