/**
 * Which Electron, and which Node.js for what. Electron gets security fixes for its three newest majors
 * only, so the app follows the latest one (45); its tooling declares a newer Node.js than the tests, the
 * CLI and the preview need, and the README must say which needs what — checked against what the
 * installed packages declare, so a future upgrade that moves the floor fails here until the README does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface Manifest {
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const electron = require('electron/package.json') as Manifest;
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** `>= 22.12.0` -> `22.12`. */
function floor(range: string | undefined): string {
  const match = /^>=\s*(\d+)\.(\d+)(?:\.0)?$/.exec(range?.trim() ?? '');
  if (!match) throw new Error(`not a plain ">= x.y" range: ${range}`);
  return `${match[1]}.${match[2]}`;
}

describe('Electron', () => {
  it('is the 45 line, installed as package.json asks', () => {
    const wanted = pkg.devDependencies?.['electron'] ?? '';
    expect(wanted).toMatch(/^\^45\.\d+\.\d+$/);
    expect(Number(electron.version.split('.')[0])).toBe(45);
    // At least the version package.json names (a ^range lets npm install a newer 45.x).
    expect(electron.version.localeCompare(wanted.slice(1), 'en', { numeric: true })).toBeGreaterThanOrEqual(
      0,
    );
    // The lockfile pins the same version that is installed.
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, Manifest>;
    };
    expect(lock.packages['node_modules/electron']?.version).toBe(electron.version);
  });
});

describe('Node.js versions', () => {
  it('stay installable and testable on Node 20 (CI)', () => {
    expect(floor(pkg.engines?.node)).toBe('20.19');
  });

  it('are stated in the README for each use, as the packages declare them', () => {
    const forApp = floor(electron.engines?.node);
    const forTests = floor(pkg.engines?.node);
    expect(forApp).not.toBe(forTests);
    const lines = readme.split('\n');
    const line = (needle: string) => lines.find((text) => text.includes(needle)) ?? '';
    expect(line(`**Node.js ${forTests} or newer**`)).toMatch(/npm test/);
    expect(line(`**Node.js ${forTests} or newer**`)).toMatch(/npm install/);
    expect(readme).toMatch(
      new RegExp(`\\*\\*Node\\.js ${forTests.replace('.', '\\.')} or newer\\*\\*[^*]*CLI[^*]*preview`),
    );
    expect(line(`**Node.js ${forApp} or newer**`)).toMatch(/npm start/);
    expect(readme).toMatch(
      new RegExp(`\\*\\*Node\\.js ${forApp.replace('.', '\\.')} or newer\\*\\*[^*]*npm run dist`),
    );
    // The two commands' own line names the newer one, since `npm start` needs it.
    expect(readme).toContain(`On a fresh machine with Node.js ${forApp} or newer:`);
  });
});
