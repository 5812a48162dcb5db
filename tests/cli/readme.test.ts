/**
 * The README's `ajam` examples, line by line, as bash runs them, against `ajam demo` on 127.0.0.1.
 * The only change is the one the README allows: its example port 8088 becomes a free one. `npm run
 * ajam --` is what package.json's script runs (tsx electron/cli/main.ts), called directly so the
 * lines run in a temporary folder holding the `exten-113-*.wav` files the upload line names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../ajam/helpers';
import { tempDirs } from '../setup/temp-dirs';

const ROOT = join(import.meta.dirname, '../..');
const makeTempDir = tempDirs();

/** The shell block of the README's CLI section, one command per entry. */
function readmeCliLines(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `ajam` CLI'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no ```sh block in the README CLI section');
  return block.split('\n').filter((line) => line.trim() !== '');
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `npm run ajam -- ARGS` as the package script runs it; any other npm call is the real npm. */
const PRELUDE = `npm() { if [ "$1" = run ] && [ "$2" = ajam ] && [ "$3" = -- ]; then shift 3; "${ROOT}/node_modules/.bin/tsx" "${ROOT}/electron/cli/main.ts" "$@"; else command npm "$@"; fi; }`;

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function bash(script: string, cwd: string): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn('bash', ['-c', `${PRELUDE}\n${script}`], {
    cwd,
    env: { ...process.env, AJAM_URL: '', AJAM_USER: '', AJAM_SECRET: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Ran>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done: Object.assign(done, { peek: () => stdout }) };
}

let demo: ChildProcess | undefined;
afterEach(async () => {
  if (demo?.pid !== undefined && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo?.on('exit', resolve));
    process.kill(-demo.pid, 'SIGINT');
    await exited;
  }
  demo = undefined;
});

describe('the README CLI examples', () => {
  it('each line runs verbatim against ajam demo and succeeds', async () => {
    const lines = readmeCliLines();
    expect(lines[0]).toMatch(/^npm run ajam -- demo --port 8088\b/);
    const port = String(await freePort());
    const withPort = (line: string): string => line.replaceAll('8088', port);
    const cwd = makeTempDir('ajam-readme-');
    writeFileSync(join(cwd, 'exten-113-welcome.wav'), wav(1600));
    writeFileSync(join(cwd, 'exten-113-goodbye.wav'), wav(800));

    // The first line in a terminal of its own, until Ctrl-C.
    let demoOut = '';
    // Its own process group, so Ctrl-C (SIGINT to the group) reaches the demo as in a terminal.
    const server = spawn('bash', ['-c', `${PRELUDE}\n${withPort(lines[0] as string)}`], {
      cwd,
      detached: true,
    });
    demo = server;
    server.stdout.on('data', (d: Buffer) => (demoOut += d.toString()));
    server.stderr.on('data', (d: Buffer) => (demoOut += d.toString()));
    await waitFor(() => demoOut.includes('Ctrl-C') || server.exitCode !== null, 60_000, 'the demo');
    expect(demoOut).toContain(`listening at http://127.0.0.1:${port}/asterisk`);

    // The rest in one shell, as typed: the export carries over. A marker after each line keeps its status.
    const script = lines
      .slice(1)
      .map((line, i) => `${withPort(line)}\necho "@@ line ${i + 1} exit $?"`)
      .join('\n');
    const { done } = bash(script, cwd);
    const ran = await done;
    const statuses = [...ran.stdout.matchAll(/^@@ line (\d+) exit (\d+)$/gm)].map((m) => Number(m[2]));
    const failed = statuses.map((code, i) => ({ line: lines[i + 1], code })).filter((x) => x.code !== 0);
    expect(failed, ran.stderr).toEqual([]);
    expect(statuses).toHaveLength(lines.length - 1);
    // What the lines say they do, they did.
    expect(ran.stdout).toContain('"ping": "Pong"');
    expect(ran.stdout).toContain('"Message": "Channel Hungup"');
    expect(ran.stdout).toContain('"Message": "Originate successfully queued"');
    expect(ran.stdout).toContain('"Message": "Redirect successful"');
    expect(ran.stdout).toContain('"Message": "Park successful"');
    expect(ran.stdout).toContain('"channel": "PJSIP/trunk-00000002"');
    expect(ran.stdout).toMatch(/"exten": "103",\s+"dnd": true/);
    expect(ran.stdout).toMatch(/"exten": "104",\s+"forward": "600123456"/);
    expect(ran.stdout).toMatch(/"mailbox": "101@default",\s+"new": \d+/);
    const watched = ran.stdout.split('\n').filter((l) => l.startsWith('{"Event":'));
    expect(watched.length).toBeGreaterThanOrEqual(20);
    expect(ran.stdout).toContain('exten-113-welcome.wav');
    expect(ran.stdout).toContain('exten-113-goodbye.wav');
  }, 180_000);
});

/** A small PCM WAV (8 kHz, 16-bit, mono) with `dataBytes` of silence. */
function wav(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([h, Buffer.alloc(dataBytes)]);
}
