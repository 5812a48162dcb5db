/** `ajam queues` / `ajam queue ...` / `ajam conferences` / `ajam conference ...` against the demo PBX. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { DemoPbx } from '../../electron/demo/api';
import { conferenceRoomsOf } from '../../electron/demo/conferences/attach';
import type { Office } from '../../electron/demo/office';
import { queueBookOf } from '../../electron/demo/queues/attach';
import { startDemoPbx } from '../../electron/demo/server';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

interface QueueJson {
  queue: string;
  members: Array<Record<string, unknown>>;
  callers: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

let pbx: DemoPbx;
let env: Record<string, string>;
beforeEach(async () => {
  pbx = await startDemoPbx({ seed: 5, calls: 0, failedLoginDelayMs: 50 });
  env = { AJAM_URL: pbx.url, AJAM_USER: 'admin', AJAM_SECRET: '12345' };
});
afterEach(async () => pbx.close());

const queuesNow = async (): Promise<QueueJson[]> => {
  const r = await cli(['queues'], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as QueueJson[];
};

describe('ajam queues and ajam queue', () => {
  it('prints every queue with exactly the keys of the issue', async () => {
    const book = queueBookOf(pbx.office as Office);
    book.join('soporte', {
      channel: 'PJSIP/trunk-00000001',
      uniqueid: 'ajamtest-1.1',
      lines: [['Channel', 'PJSIP/trunk-00000001']],
      callerIdNum: '600111222',
      callerIdName: 'Cliente',
      connectedNum: '',
      connectedName: '',
    });
    const list = await queuesNow();
    expect(list.map((q) => q.queue)).toEqual(book.queues.map((q) => q.config.name));
    const soporte = list.find((q) => q.queue === 'soporte') as QueueJson;
    expect(Object.keys(soporte)).toEqual([
      'queue',
      'strategy',
      'serviceLevelSeconds',
      'serviceLevelPerf',
      'completed',
      'abandoned',
      'holdTime',
      'talkTime',
      'members',
      'callers',
    ]);
    expect(Object.keys(soporte.members[0] as object)).toEqual([
      'interface',
      'name',
      'stateInterface',
      'status',
      'paused',
      'pausedReason',
      'callsTaken',
      'lastCall',
      'inCall',
    ]);
    // FreePBX-style members: the interface and the state interface differ.
    expect(soporte.members.map((m) => [m['interface'], m['stateInterface']])).toContainEqual([
      'Local/122@from-queue/n',
      'hint:122@ext-local',
    ]);
    expect(soporte.callers).toEqual([
      {
        position: 1,
        channel: 'PJSIP/trunk-00000001',
        uniqueid: 'ajamtest-1.1',
        callerIdNum: '600111222',
        callerIdName: 'Cliente',
        // app_queue counts whole seconds of the wall clock: a second may turn between join and list.
        waitSeconds: expect.toSatisfy((n: number) => n === 0 || n === 1),
      },
    ]);
  });

  it('pauses with a reason, unpauses, adds and removes a member', async () => {
    const iface = 'Local/123@from-queue/n';
    let r = await cli(['queue', 'pause', iface, '--queue', 'soporte', '--reason', 'almuerzo'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      response: { Response: 'Success', Message: 'Interface paused successfully' },
    });
    let member = (await queuesNow())
      .find((q) => q.queue === 'soporte')
      ?.members.find((m) => m['interface'] === iface);
    expect([member?.['paused'], member?.['pausedReason']]).toEqual([true, 'almuerzo']);

    r = await cli(['queue', 'unpause', iface], env);
    expect(r.code, r.stderr).toBe(0);
    member = (await queuesNow())
      .find((q) => q.queue === 'soporte')
      ?.members.find((m) => m['interface'] === iface);
    expect([member?.['paused'], member?.['pausedReason']]).toEqual([false, '']);

    r = await cli(
      [
        'queue',
        'add',
        'ventas',
        'PJSIP/110',
        '--name',
        'Diego',
        '--state-interface',
        'PJSIP/110',
        '--penalty',
        '2',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const added = (await queuesNow())
      .find((q) => q.queue === 'ventas')
      ?.members.find((m) => m['interface'] === 'PJSIP/110');
    expect(added?.['name']).toBe('Diego');

    r = await cli(['queue', 'remove', 'ventas', 'PJSIP/110'], env);
    expect(r.code, r.stderr).toBe(0);
    const gone = (await queuesNow())
      .find((q) => q.queue === 'ventas')
      ?.members.some((m) => m['interface'] === 'PJSIP/110');
    expect(gone).toBe(false);
  });

  it("shows Asterisk's refusal as it comes, with exit code 1", async () => {
    const r = await cli(['queue', 'pause', 'Local/777@agents', '--queue', 'soporte'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Interface not found');
    const again = await cli(['queue', 'add', 'soporte', 'Local/122@from-queue/n'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Unable to add interface: Already there');
  });

  it('refuses a wrong command line with exit code 2 before connecting', async () => {
    expect((await cli(['queue', 'sleep', 'x'], env)).code).toBe(2);
    expect((await cli(['queue', 'pause'], env)).code).toBe(2);
    expect((await cli(['queue', 'pause', 'PJSIP/1\r\nEvil: x'], env)).code).toBe(2);
  });

  it('says which class is missing for a user without write = agent', async () => {
    const limited = { ...env, AJAM_USER: 'limited', AJAM_SECRET: '54321' };
    const r = await cli(['queue', 'pause', 'Local/123@from-queue/n'], limited);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/agent/);
  });
});

describe('ajam conferences and ajam conference', () => {
  const seat = (room: string, n: number, admin = false): void => {
    conferenceRoomsOf(pbx.office as Office).join(room, {
      channel: `PJSIP/1${n}-0000000${n}`,
      lines: [
        ['Channel', `PJSIP/1${n}-0000000${n}`],
        ['CallerIDNum', `1${n}`],
        ['CallerIDName', `Persona ${n}`],
        ['Uniqueid', `ajamtest-9.${n}`],
      ],
      admin,
      marked: admin,
    });
  };

  it('lists rooms as the issue says; no room is []', async () => {
    let r = await cli(['conferences'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    seat('900', 1, true);
    seat('900', 2);
    r = await cli(['conferences'], env);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        conference: '900',
        locked: false,
        parties: 2,
        participants: [
          {
            channel: 'PJSIP/11-00000001',
            callerIdNum: '11',
            callerIdName: 'Persona 1',
            admin: true,
            marked: true,
            muted: false,
          },
          {
            channel: 'PJSIP/12-00000002',
            callerIdNum: '12',
            callerIdName: 'Persona 2',
            admin: false,
            marked: false,
            muted: false,
          },
        ],
      },
    ]);
  });

  it('mutes participants (not admins), locks, kicks; errors come as Asterisk words them', async () => {
    seat('900', 1, true);
    seat('900', 2);
    expect((await cli(['conference', 'mute', '900', 'participants'], env)).code).toBe(0);
    expect((await cli(['conference', 'lock', '900'], env)).code).toBe(0);
    let rooms = JSON.parse((await cli(['conferences'], env)).stdout) as Array<{
      locked: boolean;
      participants: Array<{ muted: boolean }>;
    }>;
    expect(rooms[0]?.locked).toBe(true);
    expect(rooms[0]?.participants.map((p) => p.muted)).toEqual([false, true]);
    expect((await cli(['conference', 'kick', '900', 'PJSIP/12-00000002'], env)).code).toBe(0);
    rooms = JSON.parse((await cli(['conferences'], env)).stdout) as typeof rooms;
    expect(rooms[0]?.participants).toHaveLength(1);
    const bad = await cli(['conference', 'kick', '999', 'all'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('No Conference by that name found.');
  });
});
