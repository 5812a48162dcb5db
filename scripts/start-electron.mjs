#!/usr/bin/env node
// `npm start`'s launcher: runs the desktop app with the Electron binary, and says plainly what to do
// when there is none. Since Electron 42 the npm package downloads its binary on first use, not at
// install, and where the Electron releases cannot be reached `electron .` dies with a stack trace and
// advice that does not work either (`npx install-electron`). Here a missing binary is downloaded once,
// as the package would, and if that fails the operator gets one paragraph: why, how to get the binary,
// and how to use the console in a browser meanwhile. Exit status 1 then.
//
// Usage: node scripts/start-electron.mjs [--check] [electron arguments…]
//   --check   only make sure the binary is there (npm start runs this before the build)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));

function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** Where the binary is, or undefined: the same lookup as node_modules/electron/index.js, without its download. */
function electronBinary(dir) {
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const binary = path.join(override, relative || 'electron');
    return existsSync(binary) ? binary : undefined;
  }
  if (relative === '') return undefined;
  const binary = path.join(dir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

/** Runs the package's own installer once; resolves to its first error line, or undefined on success. */
function download(dir) {
  console.log('Downloading the Electron binary (about 100 MB, once)…');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, 'install.js')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve(error.message));
    child.on('close', (code) => {
      if (code === 0) return resolve(undefined);
      // install.js prints the error's stack: its first line says what happened, the rest is noise here.
      const first = output.split('\n').find((line) => line.trim() !== '' && !/^\s+at /.test(line));
      resolve((first ?? `the installer exited with status ${code}`).trim());
    });
  });
}

/** The Node.js the electron package declares (`>= 22.12.0` for Electron 45), when this one is older. */
function nodeNeeded() {
  let wanted;
  try {
    wanted = /(\d+)\.(\d+)/.exec(require('electron/package.json').engines?.node ?? '');
  } catch {
    return undefined;
  }
  if (!wanted) return undefined;
  const [major, minor] = process.versions.node.split('.').map(Number);
  const [needMajor, needMinor] = [Number(wanted[1]), Number(wanted[2])];
  const older = major < needMajor || (major === needMajor && minor < needMinor);
  return older ? `${needMajor}.${needMinor}` : undefined;
}

/** `why`: how the binary failed to arrive, completing "the Electron binary is not installed and …". */
function advice(why) {
  const needed = nodeNeeded();
  const oldNode = needed
    ? ` Electron and its download tools need Node.js ${needed} or newer; this is ${process.versions.node}.`
    : '';
  return [
    `The desktop app cannot start: the Electron binary is not installed and ${why}.${oldNode}`,
    'To get the binary, run `node node_modules/electron/install.js` on a network that reaches the Electron releases',
    '(github.com/electron/electron/releases), or set ELECTRON_MIRROR to a mirror of them',
    '(e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/) and run `npm start` again.',
    'Meanwhile the same console runs in a browser: `npm run preview -- --demo`.',
  ].join(' ');
}

async function ensureBinary() {
  const dir = electronPackageDir();
  if (dir === undefined) {
    console.error(advice('neither is the electron package: run `npm install` first'));
    return undefined;
  }
  let binary = electronBinary(dir);
  if (binary !== undefined) return binary;
  if (process.env['ELECTRON_SKIP_BINARY_DOWNLOAD']) {
    console.error(advice('was not downloaded, since ELECTRON_SKIP_BINARY_DOWNLOAD is set'));
    return undefined;
  }
  const failure = await download(dir);
  binary = electronBinary(dir);
  if (binary === undefined) {
    console.error(advice(`could not be downloaded (${failure ?? 'the installer left no binary behind'})`));
    return undefined;
  }
  return binary;
}

const args = process.argv.slice(2);
const checkOnly = args[0] === '--check';
const binary = await ensureBinary();
if (binary === undefined) process.exit(1);
if (checkOnly) process.exit(0);

// As node_modules/electron/cli.js does: the app in this folder, our arguments after it.
const child = spawn(binary, ['.', ...args], { cwd: root, stdio: 'inherit', windowsHide: false });
child.on('error', (error) => {
  console.error(`Could not run the Electron binary at ${binary}: ${error.message}`);
  process.exit(1);
});
child.on('close', (code, signal) => {
  if (code === null) {
    console.error(`Electron exited with signal ${signal}`);
    process.exit(1);
  }
  process.exit(code);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGUSR2']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
