/**
 * The demo PBX's office over real HTTP on 127.0.0.1: event sequences, actions acting on the state,
 * restart, TLS and the upload bookkeeping.
 */
import { request as httpsRequest } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Office } from '../../electron/demo/office';
import { ENDPOINTS } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { get, login, request } from '../wire/replay';
import { action, drainEvents, field, named } from './messages';

let pbx: DemoPbx | null = null;
afterEach(async () => {
  await pbx?.close();
  pbx = null;
});

const body = (b: Buffer): string => b.toString('utf8').split('\r\n\r\n').slice(1).join('\r\n\r\n');
const eventNames = (text: string): string[] =>
  [...text.matchAll(/^Event: (\w+)/gm)].map((m) => m[1] as string).filter((n) => n !== 'WaitEventComplete');

async function waitEvents(port: number, id: string): Promise<string> {
  return body(await request(port, get('rawman?action=WaitEvent&Timeout=0', id)));
}

describe('office simulation', () => {
  it('starts with the requested calls bridged, deterministically for a seed', async () => {
    pbx = await startDemoPbx({ calls: 3, seed: 7 });
    const a = pbx.office.channels().map((c) => [c.channel, c.callerIdNum, c.state]);
    expect(pbx.office.channels()).toHaveLength(6);
    expect(pbx.office.channels().every((c) => c.state === 'Up' && c.bridgeId !== null)).toBe(true);
    await pbx.close();
    pbx = await startDemoPbx({ calls: 3, seed: 7 });
    expect(pbx.office.channels().map((c) => [c.channel, c.callerIdNum, c.state])).toEqual(a);
  });

  it('a placed call rings, answers into a bridge, holds, unholds and hangs up with Asterisk events', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    await waitEvents(pbx.port, id);
    const caller = pbx.office.placeCall({ from: '101', fromName: 'Recepción', to: '102' });
    expect(caller).toMatch(/^PJSIP\/101-[0-9a-f]{8}$/);
    let text = await waitEvents(pbx.port, id);
    expect(eventNames(text)).toEqual([
      'Newchannel',
      // 101 is a static member of the demo's reception queue: app_queue reports its device's new
      // state before the manager's DeviceStateChange, as captures 20d and 20g show.
      'QueueMemberStatus',
      'DeviceStateChange',
      'ExtensionStatus',
      'Newexten',
      'Newchannel',
      'DialBegin',
      'Newstate',
      'DeviceStateChange',
      'ExtensionStatus',
      'Newstate',
    ]);
    expect(text).toContain('CallerIDName: Recepción');
    pbx.office.step();
    text = await waitEvents(pbx.port, id);
    expect(eventNames(text)).toEqual([
      'Newstate',
      'DialEnd',
      'Newstate',
      'BridgeCreate',
      'BridgeEnter',
      'BridgeEnter',
      'DeviceStateChange',
      'ExtensionStatus',
    ]);
    pbx.office.step();
    expect(eventNames(await waitEvents(pbx.port, id))).toEqual([
      'Hold',
      'MusicOnHoldStart',
      'QueueMemberStatus',
      'DeviceStateChange',
      'ExtensionStatus',
    ]);
    pbx.office.step();
    expect(eventNames(await waitEvents(pbx.port, id))).toEqual([
      'Unhold',
      'MusicOnHoldStop',
      'QueueMemberStatus',
      'DeviceStateChange',
      'ExtensionStatus',
    ]);
    pbx.office.step();
    text = await waitEvents(pbx.port, id);
    expect(eventNames(text)).toContain('BridgeDestroy');
    expect(eventNames(text).filter((e) => e === 'Hangup')).toHaveLength(2);
    expect(pbx.office.channels()).toHaveLength(0);
  });

  it('tells each hint change with ExtensionStatus after the device change, and only real changes', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    await drainEvents(pbx.port, id);
    const states = async (): Promise<string[]> =>
      (await drainEvents(pbx!.port, id))
        .filter((m) => ['DeviceStateChange', 'ExtensionStatus'].includes(field(m, 'Event') ?? ''))
        .map((m) =>
          field(m, 'Event') === 'DeviceStateChange'
            ? `device ${field(m, 'Device')} ${field(m, 'State')}`
            : `hint ${field(m, 'Exten')}@${field(m, 'Context')} ${field(m, 'Hint')} ${field(m, 'Status')} ${field(m, 'StatusText')}`,
        );
    pbx.office.placeCall({ from: '103', to: '104' });
    expect(await states()).toEqual([
      'device PJSIP/103 INUSE',
      'hint 103@from-internal PJSIP/103&Custom:DND103,CustomPresence:103 1 InUse',
      'device PJSIP/104 RINGING',
      'hint 104@from-internal PJSIP/104&Custom:DND104,CustomPresence:104 8 Ringing',
    ]);
    pbx.office.step(); // answered
    expect(await states()).toEqual([
      'device PJSIP/104 INUSE',
      'hint 104@from-internal PJSIP/104&Custom:DND104,CustomPresence:104 1 InUse',
    ]);
    // The same extension state again (INUSE -> INUSE) is no news for a hint: no ExtensionStatus.
    // setDevice is the office's own (not DemoOffice's): what a phone's own state change does.
    (pbx.office as Office).setDevice('PJSIP/104', 'INUSE');
    expect(await states()).toEqual(['device PJSIP/104 INUSE']);
    // A device no hint names changes alone.
    (pbx.office as Office).setDevice('Custom:night', 'INUSE');
    expect(await states()).toEqual(['device Custom:night INUSE']);
    for (let i = 0; i < 6 && pbx.office.channels().length > 0; i++) pbx.office.step();
    expect(pbx.office.channels()).toHaveLength(0);
    const end = await states();
    expect(end).toContain('hint 103@from-internal PJSIP/103&Custom:DND103,CustomPresence:103 0 Idle');
    expect(end).toContain('hint 104@from-internal PJSIP/104&Custom:DND104,CustomPresence:104 0 Idle');
    // ExtensionStateList agrees with the last ExtensionStatus of every hint.
    const list = named(await action(pbx.port, id, 'action=ExtensionStateList'), 'ExtensionStatus');
    // In the hints container's order (hashed on the extension), so compared as sets.
    expect(list.map((m) => `${field(m, 'Exten')} ${field(m, 'StatusText')}`).sort()).toEqual(
      [...ENDPOINTS.map((e) => e.id), '100'].map((e) => `${e} Idle`).sort(),
    );
  });

  it('the limited user (read=call) does not get dialplan or security events', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'limited', '54321');
    pbx.office.placeCall({ from: '101', to: '102' });
    const text = await waitEvents(pbx.port, id);
    expect(eventNames(text)).not.toContain('Newexten');
    expect(eventNames(text)).not.toContain('SuccessfulAuth');
    expect(eventNames(text)).toContain('Newchannel');
  });

  it('Hangup, Originate with CallerID, Redirect act on the office', async () => {
    pbx = await startDemoPbx({ calls: 1, seed: 3 });
    const id = await login(pbx.port, 'admin', '12345');
    const first = pbx.office.channels()[0]?.channel as string;
    const hung = body(
      await request(pbx.port, get(`rawman?action=Hangup&Channel=${encodeURIComponent(first)}`, id)),
    );
    expect(hung).toBe('Response: Success\r\nMessage: Channel Hungup\r\n\r\n');
    expect(pbx.office.channels()).toHaveLength(0);

    const orig = body(
      await request(
        pbx.port,
        get(
          `rawman?action=Originate&Channel=PJSIP/103&Context=demo&Exten=100&Priority=1&CallerID=${encodeURIComponent('"Ana" <555>')}`,
          id,
        ),
      ),
    );
    expect(orig).toBe('Response: Success\r\nMessage: Originate successfully queued\r\n\r\n');
    const ch = pbx.office.channels()[0];
    expect(ch?.channel).toMatch(/^PJSIP\/103-/);
    expect([ch?.callerIdNum, ch?.callerIdName, ch?.context, ch?.exten]).toEqual([
      '555',
      'Ana',
      'demo',
      '100',
    ]);

    const red = body(
      await request(
        pbx.port,
        get(
          `rawman?action=Redirect&Channel=${encodeURIComponent(ch?.channel as string)}&Context=demo&Exten=200&Priority=1`,
          id,
        ),
      ),
    );
    expect(red).toBe('Response: Success\r\nMessage: Redirect successful\r\n\r\n');
    expect(pbx.office.channels()[0]?.exten).toBe('200');
    const list = body(await request(pbx.port, get('rawman?action=CoreShowChannels', id)));
    expect(list).toContain('Application: Echo');
  });

  it('a caller redirected while its Dial rings: DialEnd CANCEL and the ringing phone hangs up (app_dial)', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    await drainEvents(pbx.port, id);
    const caller = pbx.office.placeCall({ from: '103', to: '104' });
    const ringing = pbx.office.channels().find((c) => c.channel.startsWith('PJSIP/104-'))?.channel as string;
    expect(ringing).toBeDefined();
    await drainEvents(pbx.port, id);
    const red = await action(
      pbx.port,
      id,
      `action=Redirect&Channel=${encodeURIComponent(caller)}&Context=from-internal&Exten=200&Priority=1`,
    );
    expect(field(red[0] ?? [], 'Message')).toBe('Redirect successful');
    const events = await drainEvents(pbx.port, id);
    const seq = events.map((m) => `${field(m, 'Event')} ${field(m, 'Channel') ?? field(m, 'Device')}`);
    const cancel = events.findIndex((m) => field(m, 'Event') === 'DialEnd');
    const hangup = events.findIndex((m) => field(m, 'Event') === 'Hangup');
    expect(field(events[cancel] ?? [], 'DialStatus')).toBe('CANCEL');
    expect(field(events[cancel] ?? [], 'DestChannel')).toBe(ringing);
    expect(field(events[hangup] ?? [], 'Channel')).toBe(ringing);
    // hanguptree() with the caller's cause: none after a Redirect, so Normal Clearing.
    expect(field(events[hangup] ?? [], 'Cause')).toBe('16');
    expect(cancel).toBeLessThan(hangup);
    expect(seq).toContain('DeviceStateChange PJSIP/104');
    expect(seq.indexOf(`Newexten ${caller}`)).toBeGreaterThan(hangup);
    expect(pbx.office.channels().map((c) => c.channel)).toEqual([caller]);
    expect((pbx.office as Office).deviceStates.get('PJSIP/104')).toBe('NOT_INUSE');
  });

  it('a caller hung up while its Dial rings: DialEnd CANCEL, the ringing leg with its cause, then the caller', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const caller = pbx.office.placeCall({ from: '103', to: '104' });
    const ringing = pbx.office.channels().find((c) => c.channel.startsWith('PJSIP/104-'))?.channel as string;
    await drainEvents(pbx.port, id);
    await action(pbx.port, id, `action=Hangup&Channel=${encodeURIComponent(caller)}&Cause=21`);
    const events = await drainEvents(pbx.port, id);
    const order = events
      .filter((m) => ['DialEnd', 'Hangup'].includes(field(m, 'Event') as string))
      .map(
        (m) =>
          `${field(m, 'Event')} ${field(m, 'DestChannel') ?? field(m, 'Channel')} ${field(m, 'DialStatus') ?? field(m, 'Cause')}`,
      );
    expect(order).toEqual([`DialEnd ${ringing} CANCEL`, `Hangup ${ringing} 21`, `Hangup ${caller} 21`]);
    expect(pbx.office.channels()).toHaveLength(0);
  });

  it('stop/start is a restart: sessions are gone, the cookie gets Permission denied and a new id', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const port = pbx.port;
    await pbx.stop();
    await expect(request(port, get('rawman?action=Ping', id))).rejects.toThrow();
    await pbx.start();
    expect(pbx.port).toBe(port);
    const res = (await request(port, get('rawman?action=Ping', id))).toString('latin1');
    expect(res).toContain('Message: Permission denied');
    expect(res).not.toContain(`mansession_id="${id}"`);
  });

  it('a second WaitEvent on the same session ends the first with an empty answer', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    await waitEvents(pbx.port, id);
    const first = request(pbx.port, get('rawman?action=WaitEvent&Timeout=20', id));
    await new Promise((r) => setTimeout(r, 300));
    const second = request(pbx.port, get('rawman?action=WaitEvent&Timeout=1', id));
    expect(body(await first)).toBe('');
    expect(body(await second)).toBe(
      'Response: Success\r\nMessage: Waiting for Event completed.\r\n\r\nEvent: WaitEventComplete\r\n\r\n',
    );
  });

  it('background traffic places calls by itself', async () => {
    pbx = await startDemoPbx({ calls: 0, callsPerSecond: 2 });
    await new Promise((r) => setTimeout(r, 1600));
    expect(pbx.office.channels().length).toBeGreaterThan(0);
  });
});

describe('https', () => {
  it('serves TLS with a self-signed certificate whose fingerprint it reports', async () => {
    pbx = await startDemoPbx({ calls: 0, tls: true });
    expect(pbx.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/asterisk$/);
    expect(pbx.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(
        `${pbx?.url}/rawman?action=Ping`,
        { ca: pbx?.certificatePem, checkServerIdentity: () => undefined },
        (res) => {
          let data = '';
          res.on('data', (d: Buffer) => (data += d.toString()));
          res.on('end', () => resolve(data));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(text).toBe('Response: Error\r\nMessage: Permission denied\r\n\r\n');
  });
});
