import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { startDemoPbx } from '../../electron/demo/server';
import type { DemoPbx } from '../../electron/demo/api';
import { CHANNEL_ROW_KEYS, closedPort, waitFor } from '../ajam/helpers';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(
  args: string[],
  env: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    signal: signal ?? new AbortController().signal,
  });
  return { code, stdout, stderr };
}

let pbx: DemoPbx;
let env: Record<string, string>;

beforeEach(async () => {
  pbx = await startDemoPbx({ seed: 11, calls: 2, failedLoginDelayMs: 50 });
  env = { AJAM_URL: pbx.url, AJAM_USER: 'admin', AJAM_SECRET: '12345' };
});
afterEach(async () => pbx.close());

describe('ajam commands in-process against the demo PBX', () => {
  it('ping prints the round trip as JSON', async () => {
    const r = await cli(['ping'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out['ping']).toBe('Pong');
    expect(out['roundTripMs']).toBeTypeOf('number');
    expect(out['sessionTimeoutSeconds']).toBe(60);
  });

  it('takes the connection from options as well as from the environment', async () => {
    const r = await cli(['ping', '--url', pbx.url, '--user', 'admin', '--secret', '12345'], {});
    expect(r.code).toBe(0);
  });

  it('channels prints exactly the keys of issue 2 and exactly the PBX channels', async () => {
    const r = await cli(['channels'], env);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const expected = pbx.office.channels();
    expect(rows.map((x) => x['channel']).sort()).toEqual(expected.map((c) => c.channel).sort());
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(CHANNEL_ROW_KEYS);
      const c = expected.find((x) => x.channel === row['channel'])!;
      expect(row).toMatchObject({
        uniqueid: c.uniqueid,
        linkedid: c.linkedid,
        state: c.state,
        callerIdNum: c.callerIdNum,
        callerIdName: c.callerIdName,
        connectedLineNum: c.connectedLineNum,
        connectedLineName: c.connectedLineName,
        context: c.context,
        exten: c.exten,
        bridgeId: c.bridgeId,
      });
    }
  });

  it('action prints the response, and for a list the events and completion', async () => {
    const single = await cli(['action', 'Command', 'Command=core show uptime'], env);
    expect(single.code).toBe(0);
    const s = JSON.parse(single.stdout) as { response: Record<string, unknown> };
    expect(s.response['Message']).toBe('Command output follows');
    expect(Array.isArray(s.response['Output'])).toBe(true);
    const list = await cli(['action', 'CoreShowChannels'], env);
    const l = JSON.parse(list.stdout) as { events: unknown[]; complete: Record<string, string> };
    expect(l.events).toHaveLength(pbx.office.channels().length);
    expect(l.complete['EventList']).toBe('Complete');
  });

  it('originate, redirect and hangup act on the PBX', async () => {
    const before = pbx.office.channels().length;
    const o = await cli(
      [
        'originate',
        '--channel',
        'Local/100@demo',
        '--context',
        'demo',
        '--exten',
        '100',
        '--callerid',
        'Ana <201>',
      ],
      env,
    );
    expect(o.code).toBe(0);
    expect(JSON.parse(o.stdout).response.Message).toBe('Originate successfully queued');
    await waitFor(() => pbx.office.channels().length > before, 5000, 'originated channels');
    const target = pbx.office.channels()[0]!;
    const rd = await cli(['redirect', target.channel, '--context', 'demo', '--exten', '200'], env);
    expect(rd.code).toBe(0);
    const h = await cli(['hangup', target.channel], env);
    expect(h.code).toBe(0);
    await waitFor(() => !pbx.office.channels().some((c) => c.channel === target.channel), 5000, 'hangup');
  });

  it('watch prints NDJSON and stops after --count', async () => {
    const r = await cli(['watch', '--count', '1'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).Event).toBe('SuccessfulAuth');
  });

  it('watch stops after --seconds and on abort', async () => {
    const t = performance.now();
    expect((await cli(['watch', '--seconds', '0.5'], env)).code).toBe(0);
    expect(performance.now() - t).toBeLessThan(5000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    expect((await cli(['watch'], env, ac.signal)).code).toBe(0);
  });
});

describe('exit codes and errors', () => {
  it.each([
    [['hangup', 'PJSIP/nope-1'], 1, /No such channel/],
    [['action', 'Originate', 'Channel=x'], 1, /./],
  ])('%j exits %i when the PBX answers with an error', async (args, code, text) => {
    const r = await cli(args, env);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(text);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lists channels through Status for a user without system or reporting', async () => {
    const r = await cli(['channels'], { ...env, AJAM_USER: 'limited', AJAM_SECRET: '54321' });
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });

  it('exits 1 with the manager.conf classes for a user who may list channels neither way', async () => {
    const r = await cli(['channels'], { ...env, AJAM_USER: 'dialer', AJAM_SECRET: 'dialer' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/write = .*call/);
    expect(r.stderr).toMatch(/Status/);
  });

  it('exits 3 on a wrong secret without printing it', async () => {
    const r = await cli(['ping'], { ...env, AJAM_SECRET: 'hunter2' });
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 4 when nothing listens and on a wrong prefix', async () => {
    const port = await closedPort();
    expect((await cli(['ping'], { ...env, AJAM_URL: `http://127.0.0.1:${port}/asterisk` })).code).toBe(4);
    const r = await cli(['ping'], { ...env, AJAM_URL: pbx.url.replace('/asterisk', '/nope') });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/prefix/);
  });

  it.each([
    [['ping', '--bogus']],
    [['ping', 'extra']],
    [['nosuchcommand']],
    [['watch', '--count', 'x']],
    [['originate', '--channel', 'X']],
    [['originate', '--channel', 'X', '--context', 'c', '--exten', '1', '--application', 'Wait']],
    [['redirect', 'X', '--context', 'c']],
    [['action']],
    [['action', 'Ping', 'novalue']],
    [['ping', '--fingerprint', 'abc']],
    [['ping', '--ca', '/no/such/file.pem']],
  ])('%j exits 2 with one line', async (args) => {
    const r = await cli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('exits 2 when no URL is given, and for a malformed URL', async () => {
    expect((await cli(['ping'], { AJAM_USER: 'a', AJAM_SECRET: 'b' })).stderr).toMatch(/AJAM_URL/);
    expect((await cli(['ping'], { ...env, AJAM_URL: 'pbx:8088' })).code).toBe(2);
  });

  it('prints help for ajam and for each command', async () => {
    const top = await cli(['--help'], {});
    expect(top.code).toBe(0);
    for (const name of ['ping', 'action', 'channels', 'watch', 'hangup', 'originate', 'redirect', 'demo']) {
      expect(top.stdout).toContain(name);
      const r = await cli([name, '--help'], {});
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: ajam/);
    }
    expect((await cli(['ping', '--help'], {})).stdout).toMatch(/AJAM_SECRET/);
  });

  it('connects over https with --ca and --fingerprint', async () => {
    const tlsPbx = await startDemoPbx({ seed: 1, calls: 0, tls: true });
    try {
      const dir = makeTempDir('ajam-cli-');
      const ca = join(dir, 'pbx.pem');
      writeFileSync(ca, tlsPbx.certificatePem!);
      const tlsEnv = { ...env, AJAM_URL: tlsPbx.url };
      expect((await cli(['ping', '--ca', ca], tlsEnv)).code).toBe(0);
      expect((await cli(['ping', '--fingerprint', tlsPbx.fingerprint!], tlsEnv)).code).toBe(0);
      const wrong = await cli(['ping', '--fingerprint', '11'.repeat(32)], tlsEnv);
      expect(wrong.code).toBe(4);
      expect(wrong.stderr).toMatch(/pinned fingerprint/);
      expect((await cli(['ping'], tlsEnv)).code).toBe(4);
    } finally {
      await tlsPbx.close();
    }
  });
});

describe('the ajam binary', () => {
  function spawnAjam(args: string[], extraEnv: Record<string, string>) {
    const child = spawn(process.execPath, ['bin/ajam.js', ...args], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, ...extraEnv },
    });
    const out = { stdout: '', stderr: '', code: null as number | null };
    child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
    const exited = new Promise<number>((resolve) =>
      child.on('exit', (code) => resolve((out.code = code ?? -1))),
    );
    return { child, out, exited };
  }

  it('watch survives a PBX restart saying lost and back; channels right after matches the PBX', async () => {
    const w = spawnAjam(['watch', '--seconds', '20'], env);
    try {
      await waitFor(() => w.out.stdout.includes('SuccessfulAuth'), 45_000, 'watch to start');
      await pbx.stop();
      await waitFor(() => /connection lost/.test(w.out.stderr), 10_000, 'lost on stderr');
      await pbx.start();
      await waitFor(() => /connection back/.test(w.out.stderr), 15_000, 'back on stderr');
      const linesBefore = w.out.stdout.trim().split('\n').length;
      pbx.office.placeCall();
      await waitFor(
        () => w.out.stdout.trim().split('\n').length > linesBefore,
        10_000,
        'events after restart',
      );
      for (const line of w.out.stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited).toBe(0);
    }
    const ch = spawnAjam(['channels'], env);
    expect(await ch.exited).toBe(0);
    const rows = JSON.parse(ch.out.stdout) as Array<{ channel: string }>;
    expect(rows.map((r) => r.channel).sort()).toEqual(
      pbx.office
        .channels()
        .map((c) => c.channel)
        .sort(),
    );
  }, 60_000);

  it('demo starts the PBX, prints URL, users and uploads folder, and stops on SIGINT', async () => {
    const uploads = makeTempDir('ajam-demo-up-');
    const d = spawnAjam(['demo', '--calls', '1', '--seed', '5', '--uploads', uploads], {});
    try {
      // A cold tsx start of the whole CLI can take a while on a loaded 2-core machine.
      await waitFor(() => d.out.stdout.includes('Ctrl-C'), 45_000, 'demo banner');
      const url = /listening at (\S+)/.exec(d.out.stdout)![1]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/asterisk$/);
      expect(d.out.stdout).toContain('admin / 12345');
      expect(d.out.stdout).toContain('limited / 54321');
      expect(d.out.stdout).toContain(uploads);
      const r = await cli(['channels'], { AJAM_URL: url, AJAM_USER: 'admin', AJAM_SECRET: '12345' });
      expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
    } finally {
      d.child.kill('SIGINT');
      expect(await d.exited).toBe(0);
    }
  }, 90_000);
});
