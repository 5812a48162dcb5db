/**
 * The switchboard's `ajam` commands in-process against the demo PBX over HTTP on 127.0.0.1: the
 * JSON shapes of issue 8, DND and forward written where FreePBX keeps them (checked with the
 * PBX's own Getvar/DBGet), park and parked, and the exit codes as for every other command.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { runCli } from '../../electron/cli/run';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { get } from '../../shared/ami';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let pbx: DemoPbx;
let env: Record<string, string>;

beforeEach(async () => {
  pbx = await startDemoPbx({ seed: 11, calls: 2, failedLoginDelayMs: 50 });
  env = { AJAM_URL: pbx.url, AJAM_USER: 'admin', AJAM_SECRET: '12345' };
});
afterEach(async () => pbx.close());

async function cli(args: string[], as: Record<string, string> = env): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: as,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

function json<T>(run: Run): T {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

async function pbxClient() {
  const client = createClient({ url: pbx.url, user: 'admin', secret: '12345' });
  await client.connect();
  return client;
}

const EXTENSION_KEYS = [
  'exten',
  'context',
  'name',
  'state',
  'statusText',
  'dnd',
  'forward',
  'presence',
  'voicemail',
];
const PARKED_KEYS = ['space', 'lot', 'channel', 'callerIdNum', 'callerIdName', 'parkedBy', 'secondsLeft'];

describe('ajam switchboard commands against the demo PBX', () => {
  it('extensions: one object per extension with exactly the keys of issue 8, names from the PBX', async () => {
    const rows = json<Record<string, unknown>[]>(await cli(['extensions']));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(EXTENSION_KEYS);
      expect(['idle', 'ringing', 'inuse', 'busy', 'onhold', 'unavailable', 'dnd']).toContain(row['state']);
      expect(row['voicemail'] === null || Object.keys(row['voicemail'] as object).join() === 'new,old').toBe(
        true,
      );
    }
    // Feature-code lamps (*76101) are not extensions.
    expect(rows.some((r) => String(r['exten']).includes('*'))).toBe(false);
    expect(rows.filter((r) => r['name'] !== '').length).toBeGreaterThan(rows.length / 2);
  });

  it('dnd on writes AstDB DND/<ext> and the lamp, shows on the extension, and off undoes both', async () => {
    expect(json(await cli(['dnd', '101', 'on']))).toEqual({ exten: '101', dnd: true });
    const client = await pbxClient();
    try {
      const lamp = await client.send('Getvar', { Variable: 'DEVICE_STATE(Custom:DND101)' });
      expect(get(lamp, 'Value')).toBe('BUSY');
      const rows = json<{ exten: string; dnd: boolean; state: string }[]>(await cli(['extensions']));
      expect(rows.find((r) => r.exten === '101')).toMatchObject({ dnd: true, state: 'dnd' });
      expect(json(await cli(['dnd', '101']))).toEqual({ exten: '101', dnd: true });
      expect(json(await cli(['dnd', '101', 'off']))).toEqual({ exten: '101', dnd: false });
      expect(get(await client.send('Getvar', { Variable: 'DEVICE_STATE(Custom:DND101)' }), 'Value')).toBe(
        'NOT_INUSE',
      );
      // Off twice is still off (24d: the key is already gone).
      expect(json(await cli(['dnd', '101', 'off']))).toEqual({ exten: '101', dnd: false });
    } finally {
      await client.close();
    }
  });

  it('forward sets and clears CF/<ext>, and only that key', async () => {
    expect(json(await cli(['forward', '102', '600123456']))).toEqual({ exten: '102', forward: '600123456' });
    expect(json(await cli(['forward', '103', '700']))).toEqual({ exten: '103', forward: '700' });
    const rows = json<{ exten: string; forward: string | null }[]>(await cli(['extensions']));
    expect(rows.find((r) => r.exten === '102')?.forward).toBe('600123456');
    expect(json(await cli(['forward', '102', 'off']))).toEqual({ exten: '102', forward: null });
    expect(json(await cli(['forward', '103']))).toEqual({ exten: '103', forward: '700' });
  });

  it('mailbox prints {mailbox, new, old, urgent}', async () => {
    const out = json<Record<string, unknown>>(await cli(['mailbox', '101@default']));
    expect(Object.keys(out)).toEqual(['mailbox', 'new', 'old', 'urgent']);
    expect(out['mailbox']).toBe('101@default');
    for (const key of ['new', 'old', 'urgent']) expect(Number.isInteger(out[key])).toBe(true);
  });

  it('park puts a live call in a lot and parked lists it with the keys of issue 8', async () => {
    const up = pbx.office.channels().find((c) => c.state === 'Up');
    expect(up, 'the demo starts with calls').toBeDefined();
    const parkedRun = await cli(['park', up!.channel, '--timeout', '30']);
    expect(parkedRun.code, parkedRun.stderr).toBe(0);
    expect(parkedRun.stdout).toContain('Park successful');
    const rows = json<Record<string, unknown>[]>(await cli(['parked']));
    const row = rows.find((r) => r['channel'] === up!.channel);
    expect(row).toBeDefined();
    expect(Object.keys(row!)).toEqual(PARKED_KEYS);
    expect(row!['secondsLeft']).toBeGreaterThan(20);
    expect(row!['secondsLeft']).toBeLessThanOrEqual(30);
  });

  it('exit codes as for every command: usage 2, the PBX refusing 1', async () => {
    expect((await cli(['dnd', '101', 'maybe'])).code).toBe(2);
    expect((await cli(['dnd'])).code).toBe(2);
    expect((await cli(['forward', '101\r\nAction: Originate', '600'])).code).toBe(2);
    expect((await cli(['park'])).code).toBe(2);
    expect((await cli(['park', 'PJSIP/1-1', '--timeout', 'soon'])).code).toBe(2);
    expect((await cli(['mailbox', 'a b'])).code).toBe(2);
    // A missing channel: Asterisk's words, exit 1 (23i).
    const missing = await cli(['park', 'Local/nope@demo-0000ffff;2']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Channel does not exist');
    // write = call cannot touch AstDB (24f: DBPut needs system).
    const limited = await cli(['dnd', '101', 'on'], { ...env, AJAM_USER: 'limited', AJAM_SECRET: '54321' });
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/system/);
  });
});
