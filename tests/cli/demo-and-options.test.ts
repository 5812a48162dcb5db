/**
 * `ajam` against `ajam demo` over real HTTP on 127.0.0.1: connection options on either side of the
 * command, no control characters in what reaches the PBX, the demo's --traffic and --uploads, and
 * `watch --count` ending promptly against a living office.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { waitFor } from '../ajam/helpers';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(args, {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
    env,
    signal: new AbortController().signal,
  });
  return { code, ...out };
}

/** `ajam demo ARGS` in this process until stop(); its banner once it listens. */
async function demo(args: string[]) {
  const stop = new AbortController();
  const out = { stdout: '', stderr: '' };
  const done = runCli(['demo', ...args], {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
    env: {},
    signal: stop.signal,
  });
  let exited: number | undefined;
  void done.then((code) => (exited = code));
  await waitFor(() => out.stdout.includes('Ctrl-C') || exited !== undefined, 20_000, 'demo banner');
  const url = /listening at (\S+)/.exec(out.stdout)?.[1];
  return {
    out,
    url,
    exited: () => exited,
    async stop(): Promise<number> {
      stop.abort();
      return done;
    },
  };
}

const running: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop();
});

async function stillPbx(): Promise<DemoPbx> {
  const pbx = await startDemoPbx({ calls: 2, seed: 11, failedLoginDelayMs: 50 });
  running.push(() => pbx.close());
  return pbx;
}

describe('connection options before the command (issue 12 item 25)', () => {
  it('ajam --url U --user N ping works as ajam ping --url U --user N', async () => {
    const pbx = await stillPbx();
    const before = await cli(['--url', pbx.url, '--user', 'admin', 'ping'], { AJAM_SECRET: '12345' });
    expect(before.stderr).toBe('');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ ping: 'Pong' });
    const mixed = await cli([`--url=${pbx.url}`, 'channels', '--user', 'admin', '--secret', '12345']);
    expect(mixed.code).toBe(0);
    expect(JSON.parse(mixed.stdout)).toHaveLength(pbx.office.channels().length);
  });

  it('anything else before the command is a usage error naming it', async () => {
    const r = await cli(['--count', '5', 'watch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"--count"');
    expect((await cli(['--url'])).code).toBe(2);
  });
});

describe('control characters (issue 12 item 10)', () => {
  it('are refused with a usage error before anything is sent', async () => {
    const pbx = await stillPbx();
    const env = { AJAM_URL: pbx.url, AJAM_USER: 'admin', AJAM_SECRET: '12345' };
    const fake = 'x\r\nEvent: Hangup\r\nChannel: PJSIP/102-00000001';
    const channelsBefore = pbx.office.channels().map((c) => c.channel);
    const tries = [
      ['action', 'UserEvent', 'UserEvent=demo', `Body=${fake}`],
      ['action', `UserEvent\r\nBody: x`],
      ['hangup', `PJSIP/nobody\nX`],
      [
        'originate',
        '--channel',
        'PJSIP/101',
        '--context',
        'from-internal',
        '--exten',
        '200',
        '--callerid',
        `A${fake}`,
      ],
      ['redirect', channelsBefore[0] as string, '--context', 'from-internal', '--exten', '102\t'],
      ['ping', '--user', 'admin\r\nX: y'],
    ];
    for (const args of tries) {
      const r = await cli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('control characters');
      expect(r.stdout).toBe('');
    }
    const secret = await cli(['ping'], { ...env, AJAM_SECRET: 'se\ncret' });
    expect(secret.code).toBe(2);
    expect(secret.stderr).not.toContain('se\ncret');
    // Nothing reached the office: the same channels, no originate.
    expect(pbx.office.channels().map((c) => c.channel)).toEqual(channelsBefore);
  });
});

describe('ajam demo', () => {
  it('--uploads makes a missing folder, and uploads land in it (issue 12 item 24)', async () => {
    const dir = join(makeTempDir('ajam-demo-missing-'), 'not', 'there', 'yet');
    const d = await demo(['--traffic', 'off', '--uploads', dir]);
    running.push(() => d.stop());
    expect(d.url).toBeDefined();
    expect(statSync(dir).isDirectory()).toBe(true);
    const wav = join(makeTempDir('ajam-demo-wav-'), 'exten-113-hello.wav');
    writeFileSync(wav, Buffer.concat([riffHeader(800), Buffer.alloc(800)]));
    const r = await cli(['upload', wav, '--mapping', 'recordings'], {
      AJAM_URL: d.url,
      AJAM_USER: 'admin',
      AJAM_SECRET: '12345',
    });
    expect(r.stderr).not.toMatch(/no reply/i);
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['exten-113-hello.wav']);
  }, 30_000);

  it('--uploads naming a file is refused at start, clearly', async () => {
    const file = join(makeTempDir('ajam-demo-file-'), 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await cli(['demo', '--uploads', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--uploads ${file}: cannot create or use this folder`);
    expect(existsSync(join(file, 'x'))).toBe(false);
  });

  it('--traffic takes off, calm or lively; --calls goes with a still office', async () => {
    expect((await cli(['demo', '--traffic', 'busy'])).stderr).toContain('off, calm, lively');
    expect((await cli(['demo', '--traffic', 'lively', '--calls', '3'])).code).toBe(2);
  });

  it('is lively by default: watch --count 5 ends within seconds (issue 12 item 22)', async () => {
    const d = await demo(['--port', '0']);
    running.push(() => d.stop());
    expect(d.out.stdout).toContain('Traffic: lively');
    const env = { AJAM_URL: d.url, AJAM_USER: 'admin', AJAM_SECRET: '12345' };
    const channels = JSON.parse((await cli(['channels'], env)).stdout) as Array<{ channel: string }>;
    expect(channels.length).toBeGreaterThanOrEqual(12);
    expect(channels.some((c) => c.channel.startsWith('PJSIP/101-'))).toBe(false);
    const started = Date.now();
    const stop = new AbortController();
    const guard = setTimeout(() => stop.abort(), 25_000);
    let stdout = '';
    const code = await runCli(['watch', '--count', '5'], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => undefined },
      env,
      signal: stop.signal,
    });
    clearTimeout(guard);
    const took = Date.now() - started;
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(5);
    expect(took).toBeLessThan(15_000);
  }, 40_000);
});

/** A minimal PCM WAV header for `dataBytes` bytes of 8 kHz 16-bit mono. */
function riffHeader(dataBytes: number): Buffer {
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
  return h;
}
