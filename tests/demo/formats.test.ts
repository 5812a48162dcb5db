/**
 * Formats the captures do not cover, checked over real HTTP against what Asterisk 22.10.1's source
 * writes: list actions (res_pjsip, app_queue, res_manager_devicestate, pbx.c, manager_bridges.c),
 * MixMonitor, Park, Atxfer and the call events (manager_channels.c, manager_bridges.c,
 * stasis_bridges.c).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { ENDPOINTS } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { login } from '../wire/replay';
import type { Message } from './messages';
import { EVENT_HEAD, action, bridgeKeys, drainEvents, field, keys, named, snapshotKeys } from './messages';

let pbx: DemoPbx | null = null;
afterEach(async () => {
  await pbx?.close();
  pbx = null;
});

async function start(calls: number): Promise<{ pbx: DemoPbx; id: string }> {
  pbx = await startDemoPbx({ calls, seed: 3 });
  const id = await login(pbx.port, 'admin', '12345');
  await drainEvents(pbx.port, id);
  return { pbx, id };
}

/** astman_send_listack() then astman_send_list_complete_start(): the frame of every list. */
function expectList(list: Message[], message: string, complete: string): Message[] {
  expect(list[0]).toEqual([
    ['Response', 'Success'],
    ['ActionID', 'L1'],
    ['EventList', 'start'],
    ['Message', message],
  ]);
  const items = list.slice(1, -1);
  expect(list.at(-1)).toEqual([
    ['Event', complete],
    ['ActionID', 'L1'],
    ['EventList', 'Complete'],
    ['ListItems', String(items.length)],
  ]);
  return items;
}

describe('list actions', () => {
  it('PJSIPShowEndpoints: EndpointList with the channel count in ActiveChannels', async () => {
    const { pbx, id } = await start(2);
    const list = await action(pbx.port, id, 'action=PJSIPShowEndpoints&ActionID=L1');
    const items = expectList(
      list,
      'A listing of Endpoints follows, presented as EndpointList events',
      'EndpointListComplete',
    );
    expect(items.map((m) => field(m, 'ObjectName'))).toEqual(ENDPOINTS.map((e) => e.id));
    for (const m of items) {
      expect(keys(m)).toEqual([
        'Event',
        'ActionID',
        'ObjectType',
        'ObjectName',
        'Transport',
        'Aor',
        'Auths',
        'OutboundAuths',
        'Contacts',
        'DeviceState',
        'ActiveChannels',
      ]);
      const name = field(m, 'ObjectName') as string;
      const live = pbx.office.channels().filter((c) => c.channel.startsWith(`PJSIP/${name}-`)).length;
      expect(field(m, 'ActiveChannels')).toBe(String(live));
      expect(field(m, 'Contacts')).toMatch(new RegExp(`^${name}/sip:${name}@[\\d.]+:5060,$`));
      expect(['Not in use', 'In use', 'Ringing', 'On Hold']).toContain(field(m, 'DeviceState'));
    }
    expect(items.some((m) => field(m, 'ActiveChannels') !== '0')).toBe(true);
  });

  it('QueueStatus: QueueParams and QueueMember with the ActionID last, Member filter', async () => {
    const { pbx, id } = await start(1);
    const items = expectList(
      await action(pbx.port, id, 'action=QueueStatus&Queue=soporte&ActionID=L1'),
      'Queue status will follow',
      'QueueStatusComplete',
    );
    const params = named(items, 'QueueParams');
    expect(params).toHaveLength(1);
    expect(keys(params[0] as Message)).toEqual([
      'Event',
      'Queue',
      'Max',
      'Strategy',
      'Calls',
      'Holdtime',
      'TalkTime',
      'Completed',
      'Abandoned',
      'ServiceLevel',
      'ServicelevelPerf',
      'ServicelevelPerf2',
      'Weight',
      'ActionID',
    ]);
    const members = named(items, 'QueueMember');
    expect(members.length).toBeGreaterThan(1);
    for (const m of members) {
      expect(keys(m)).toEqual([
        'Event',
        'Queue',
        'Name',
        'Location',
        'StateInterface',
        'Membership',
        'Penalty',
        'CallsTaken',
        'LastCall',
        'LastPause',
        'LoginTime',
        'InCall',
        'Status',
        'Paused',
        'PausedReason',
        'Wrapuptime',
        'ActionID',
      ]);
    }
    expect(named(items, 'QueueEntry')).toHaveLength(Number(field(params[0] as Message, 'Calls')));
    const location = field(members[0] as Message, 'Location') as string;
    const one = await action(
      pbx.port,
      id,
      `action=QueueStatus&ActionID=L1&Member=${encodeURIComponent(location)}`,
    );
    expect(
      named(expectList(one, 'Queue status will follow', 'QueueStatusComplete'), 'QueueMember'),
    ).toHaveLength(1);
  });

  it('DeviceStateList and ExtensionStateList: one event per device / hint, consistent states', async () => {
    const { pbx, id } = await start(1);
    const devices = expectList(
      await action(pbx.port, id, 'action=DeviceStateList&ActionID=L1'),
      'Device State Changes will follow',
      'DeviceStateListComplete',
    );
    for (const m of devices) expect(keys(m)).toEqual(['Event', 'ActionID', 'Device', 'State']);
    const state = new Map(devices.map((m) => [field(m, 'Device'), field(m, 'State')]));
    const hints = expectList(
      await action(pbx.port, id, 'action=ExtensionStateList&ActionID=L1'),
      'Extension Statuses will follow',
      'ExtensionStateListComplete',
    );
    const text: Record<string, [string, string]> = {
      NOT_INUSE: ['0', 'Idle'],
      INUSE: ['1', 'InUse'],
      RINGING: ['8', 'Ringing'],
      ONHOLD: ['16', 'Hold'],
    };
    for (const m of hints) {
      expect(keys(m)).toEqual(['Event', 'ActionID', 'Exten', 'Context', 'Hint', 'Status', 'StatusText']);
      // A Custom device nobody set is not cached: UNKNOWN, which a hint shows as Idle.
      // The office's hints are FreePBX's `PJSIP/101&Custom:DND101,CustomPresence:101`; DND is off here.
      const device = (field(m, 'Hint') ?? '').split(/[&,]/)[0] ?? '';
      const expected = text[state.get(device) ?? 'NOT_INUSE'];
      expect([field(m, 'Status'), field(m, 'StatusText')]).toEqual(expected);
    }
    expect(hints.some((m) => field(m, 'StatusText') === 'InUse')).toBe(true);
    expect(hints.map((m) => `${field(m, 'Exten')}@${field(m, 'Context')} ${field(m, 'Hint')}`)).toContain(
      '100@demo Custom:ext100',
    );
    expect(state.has('Custom:ext100')).toBe(false);
  });

  it('BridgeList: BridgeListItem with the ActionID before the bridge snapshot', async () => {
    const { pbx, id } = await start(2);
    const items = expectList(
      await action(pbx.port, id, 'action=BridgeList&ActionID=L1'),
      'Bridge listing will follow',
      'BridgeListComplete',
    );
    const bridges = new Set(pbx.office.channels().map((c) => c.bridgeId));
    expect(items).toHaveLength(bridges.size);
    for (const m of items) {
      expect(keys(m)).toEqual(['Event', 'ActionID', ...bridgeKeys()]);
      expect(bridges.has(field(m, 'BridgeUniqueid') as string)).toBe(true);
      expect(field(m, 'BridgeNumChannels')).toBe('2');
    }
  });
});

describe('call events', () => {
  it('DialBegin, DialEnd, BridgeEnter, Hold and Unhold carry manager_channels.c fields in order', async () => {
    const { pbx, id } = await start(0);
    pbx.office.placeCall({ from: '101', to: '102' });
    pbx.office.step();
    pbx.office.step();
    pbx.office.step();
    const events = await drainEvents(pbx.port, id);
    const only = (name: string): Message => {
      const list = named(events, name);
      expect(list, name).toHaveLength(1);
      return list[0] as Message;
    };
    expect(keys(only('DialBegin'))).toEqual([
      ...EVENT_HEAD,
      ...snapshotKeys(),
      ...snapshotKeys('Dest'),
      'DialString',
    ]);
    expect(field(only('DialBegin'), 'DialString')).toBe('102');
    expect(keys(only('DialEnd'))).toEqual([
      ...EVENT_HEAD,
      ...snapshotKeys(),
      ...snapshotKeys('Dest'),
      'DialStatus',
    ]);
    for (const m of named(events, 'BridgeEnter')) {
      expect(keys(m)).toEqual([...EVENT_HEAD, ...bridgeKeys(), ...snapshotKeys()]);
    }
    expect(keys(only('Hold'))).toEqual([...EVENT_HEAD, ...snapshotKeys(), 'MusicClass']);
    expect(keys(only('Unhold'))).toEqual([...EVENT_HEAD, ...snapshotKeys()]);
    expect(keys(only('MusicOnHoldStart'))).toEqual([...EVENT_HEAD, ...snapshotKeys(), 'Class']);
  });
});

describe('MixMonitor and StopMixMonitor (app_mixmonitor.c)', () => {
  it('needs a file, answers MixMonitorID only with i(), stops without a Message line', async () => {
    const { pbx, id } = await start(1);
    const chan = pbx.office.channels()[0]?.channel as string;
    const c = encodeURIComponent(chan);
    expect(await action(pbx.port, id, `action=MixMonitor&Channel=${c}&ActionID=m1`)).toEqual([
      [
        ['Response', 'Error'],
        ['ActionID', 'm1'],
        ['Message', 'Could not start monitoring channel'],
      ],
    ]);
    const plain = await action(pbx.port, id, `action=MixMonitor&Channel=${c}&File=a.wav&ActionID=m2`);
    expect(plain).toEqual([
      [
        ['Response', 'Success'],
        ['ActionID', 'm2'],
      ],
    ]);
    const events = await drainEvents(pbx.port, id);
    // The audiohook makes the bridge tell its members their peer again (27c): BRIDGEPEER twice.
    expect(events.map((m) => field(m, 'Event'))).toEqual(['VarSet', 'VarSet', 'VarSet', 'MixMonitorStart']);
    expect(field(events[0] as Message, 'Value')).toBe('/var/spool/asterisk/monitor/a.wav');
    expect(events.slice(1, 3).map((m) => field(m, 'Variable'))).toEqual(['BRIDGEPEER', 'BRIDGEPEER']);
    expect(keys(events[3] as Message)).toEqual([...EVENT_HEAD, ...snapshotKeys()]);
    const stop = await action(pbx.port, id, `action=StopMixMonitor&Channel=${c}&ActionID=s1`);
    expect(stop).toEqual([
      [
        ['Response', 'Success'],
        ['ActionID', 's1'],
      ],
    ]);
    expect((await action(pbx.port, id, `action=StopMixMonitor&Channel=${c}`))[0]).toEqual([
      ['Response', 'Error'],
      ['Message', 'Could not stop monitoring channel'],
    ]);
    const withId = await action(pbx.port, id, `action=MixMonitor&Channel=${c}&File=b.wav&Options=i(MID)`);
    const mid = field(withId[0] as Message, 'MixMonitorID') as string;
    // A 64-bit heap pointer as %p prints it, 12 hex digits like the real `0x7f4de400cec0`.
    expect(mid).toMatch(/^0x[0-9a-f]{12}$/);
    const vars = await drainEvents(pbx.port, id);
    expect(vars.some((m) => field(m, 'Variable') === 'MID' && field(m, 'Value') === mid)).toBe(true);
    const getvar = await action(pbx.port, id, `action=Getvar&Channel=${c}&Variable=MID`);
    expect(field(getvar[0] as Message, 'Value')).toBe(mid);
  });
});

describe('Park (res_parking)', () => {
  it('acks with its trailing newline and reports ParkedCall with the parkee snapshot', async () => {
    const { pbx, id } = await start(1);
    const chan = pbx.office.channels()[0]?.channel as string;
    const c = encodeURIComponent(chan);
    expect((await action(pbx.port, id, `action=Park&Channel=${c}&Timeout=abc`))[0]).toEqual([
      ['Response', 'Error'],
      ['Message', 'Invalid Timeout value.'],
    ]);
    const ok = await action(pbx.port, id, `action=Park&Channel=${c}&Timeout=30000&ActionID=p1`);
    expect(ok[0]).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'p1'],
      ['Message', 'Park successful\n'],
    ]);
    const parked = named(await drainEvents(pbx.port, id), 'ParkedCall');
    expect(parked).toHaveLength(1);
    const m = parked[0] as Message;
    expect(keys(m)).toEqual([
      ...EVENT_HEAD,
      ...snapshotKeys('Parkee'),
      'ParkerDialString',
      'Parkinglot',
      'ParkingSpace',
      'ParkingTimeout',
      'ParkingDuration',
    ]);
    expect(field(m, 'ParkeeChannel')).toBe(chan);
    // Without TimeoutChannel naming its peer, the channel parks itself.
    expect(field(m, 'ParkerDialString')).toBe(chan.replace(/-[0-9a-f]{8}$/, ''));
    expect(field(m, 'ParkingTimeout')).toBe('30');
  });
});

describe('ParkedCalls (res_parking parking_manager.c)', () => {
  it('lists each parked call with the ActionID last, then ParkedCallsComplete with Total', async () => {
    const { pbx, id } = await start(0);
    const empty = await action(pbx.port, id, 'action=ParkedCalls&ActionID=L1');
    expect(empty).toEqual([
      [
        ['Response', 'Success'],
        ['ActionID', 'L1'],
        ['EventList', 'start'],
        ['Message', 'Parked calls will follow'],
      ],
      [
        ['Event', 'ParkedCallsComplete'],
        ['ActionID', 'L1'],
        ['EventList', 'Complete'],
        ['ListItems', '0'],
        ['Total', '0'],
      ],
    ]);

    const first = pbx.office.placeCall({ from: '+34911234567', to: '101' });
    const second = pbx.office.placeCall({ from: '+34931234567', to: '102' });
    pbx.office.step();
    await action(pbx.port, id, `action=Park&Channel=${encodeURIComponent(first)}&Timeout=30000`);
    await action(pbx.port, id, `action=Park&Channel=${encodeURIComponent(second)}&Timeout=0`);
    const events = named(await drainEvents(pbx.port, id), 'ParkedCall');
    const list = await action(pbx.port, id, 'action=ParkedCalls&ActionID=L1');
    expect(list[0]).toEqual(empty[0]);
    expect(list.at(-1)).toEqual([
      ['Event', 'ParkedCallsComplete'],
      ['ActionID', 'L1'],
      ['EventList', 'Complete'],
      ['ListItems', '2'],
      ['Total', '2'],
    ]);
    const items = list.slice(1, -1);
    expect(items).toHaveLength(2);
    for (const [i, m] of items.entries()) {
      // astman_append(), not manager_event(): no Privilege or SystemName, the ActionID after the body.
      expect(keys(m)).toEqual([
        'Event',
        ...snapshotKeys('Parkee'),
        'ParkerDialString',
        'Parkinglot',
        'ParkingSpace',
        'ParkingTimeout',
        'ParkingDuration',
        'ActionID',
      ]);
      expect(field(m, 'Event')).toBe('ParkedCall');
      expect(field(m, 'ParkeeChannel')).toBe([first, second][i]);
      expect(field(m, 'ParkingSpace')).toBe(String(701 + i));
      expect(field(m, 'Parkinglot')).toBe('default');
      // The same parkee as the ParkedCall event announced.
      const announced = events[i] as Message;
      expect(field(m, 'ParkeeUniqueid')).toBe(field(announced, 'ParkeeUniqueid'));
      expect(field(m, 'ParkerDialString')).toBe(field(announced, 'ParkerDialString'));
      expect(Number(field(m, 'ParkingDuration'))).toBeLessThanOrEqual(1);
    }
    expect(Number(field(items[0] as Message, 'ParkingTimeout'))).toBeGreaterThanOrEqual(29);
    expect(Number(field(items[0] as Message, 'ParkingTimeout'))).toBeLessThanOrEqual(30);
    // A call parked for ever (time limit 0): the remainder 0 - elapsed seconds, printed with %lu,
    // so 0 within the first second and the unsigned wrap of -1 if the clock just ticked over.
    expect(['0', String(2n ** 64n - 1n)]).toContain(field(items[1] as Message, 'ParkingTimeout'));

    expect(await action(pbx.port, id, 'action=ParkedCalls&ParkingLot=nope')).toEqual([
      [
        ['Response', 'Error'],
        ['Message', 'Requested parking lot could not be found.'],
      ],
    ]);
    const one = await action(pbx.port, id, 'action=ParkedCalls&ParkingLot=default');
    expect(named(one, 'ParkedCall')).toHaveLength(2);

    // A parked caller who hangs up gives the space up and leaves the list.
    await action(pbx.port, id, `action=Hangup&Channel=${encodeURIComponent(first)}`);
    const gaveUp = named(await drainEvents(pbx.port, id), 'ParkedCallGiveUp');
    expect(gaveUp.map((m) => field(m, 'ParkeeChannel'))).toEqual([first]);
    const after = await action(pbx.port, id, 'action=ParkedCalls');
    expect(named(after, 'ParkedCall').map((m) => field(m, 'ParkeeChannel'))).toEqual([second]);
  });
});

describe('Atxfer', () => {
  it('dials the target on a new channel and completes with AttendedTransfer when the transferer hangs up', async () => {
    const { pbx, id } = await start(0);
    const transferer = pbx.office.placeCall({ from: '101', to: '102' });
    pbx.office.step();
    const transferee = pbx.office.channels().find((c) => c.channel.startsWith('PJSIP/102-'))
      ?.channel as string;
    const origBridge = pbx.office.channels()[0]?.bridgeId as string;
    await drainEvents(pbx.port, id);

    expect(
      (await action(pbx.port, id, `action=Atxfer&Channel=${encodeURIComponent(transferer)}&Exten=110`))[0],
    ).toEqual([
      ['Response', 'Success'],
      ['Message', 'Atxfer successfully queued'],
    ]);
    let events = await drainEvents(pbx.port, id);
    expect(events.map((m) => field(m, 'Event'))).toEqual([
      'MusicOnHoldStart',
      'BridgeLeave',
      'Newchannel',
      'DialBegin',
      'Newstate',
      'DeviceStateChange',
      'ExtensionStatus',
    ]);
    const target = field(named(events, 'DialBegin')[0] as Message, 'DestChannel') as string;
    // 110 answers for no queue: app_queue has nothing to say about it ringing.
    expect(target).toMatch(/^PJSIP\/110-[0-9a-f]{8}$/);
    expect(field(named(events, 'DialBegin')[0] as Message, 'Channel')).toBe(transferer);
    expect(field(named(events, 'MusicOnHoldStart')[0] as Message, 'Channel')).toBe(transferee);

    pbx.office.step(); // the target answers into a consultation bridge
    events = await drainEvents(pbx.port, id);
    expect(events.map((m) => field(m, 'Event'))).toEqual([
      'Newstate',
      'DialEnd',
      'BridgeCreate',
      'BridgeEnter',
      'BridgeEnter',
      'DeviceStateChange',
      'ExtensionStatus',
    ]);
    const channels = await action(pbx.port, id, 'action=CoreShowChannels');
    expect(named(channels, 'CoreShowChannel')).toHaveLength(3);

    // The transferer hangs up: the transferee and the target end up together in the original bridge.
    await action(pbx.port, id, `action=Hangup&Channel=${encodeURIComponent(transferer)}`);
    events = await drainEvents(pbx.port, id);
    const done = named(events, 'AttendedTransfer');
    expect(done).toHaveLength(1);
    const t = done[0] as Message;
    expect(keys(t)).toEqual([
      ...EVENT_HEAD,
      'Result',
      ...snapshotKeys('OrigTransferer'),
      ...bridgeKeys('Orig'),
      ...snapshotKeys('SecondTransferer'),
      ...bridgeKeys('Second'),
      ...snapshotKeys('Transferee'),
      ...snapshotKeys('TransferTarget'),
      'IsExternal',
      'DestType',
      'DestBridgeUniqueid',
    ]);
    expect(field(t, 'Result')).toBe('Success');
    expect(field(t, 'OrigTransfererChannel')).toBe(transferer);
    expect(field(t, 'TransfereeChannel')).toBe(transferee);
    expect(field(t, 'TransferTargetChannel')).toBe(target);
    expect(field(t, 'DestBridgeUniqueid')).toBe(origBridge);
    const left = pbx.office.channels();
    expect(left.map((c) => c.channel).sort()).toEqual([transferee, target].sort());
    expect(left.every((c) => c.bridgeId === origBridge)).toBe(true);
    expect(named(events, 'Hangup').map((m) => field(m, 'Channel'))).toEqual([transferer]);
  });

  it('falls back when the target hangs up: the transferer rejoins the transferee and shows it as connected', async () => {
    const { pbx, id } = await start(0);
    const transferer = pbx.office.placeCall({ from: '101', to: '102' });
    pbx.office.step();
    const origBridge = pbx.office.channels()[0]?.bridgeId as string;
    await drainEvents(pbx.port, id);
    await action(pbx.port, id, `action=Atxfer&Channel=${encodeURIComponent(transferer)}&Exten=110`);
    const dialed = named(await drainEvents(pbx.port, id), 'DialBegin')[0] as Message;
    const target = field(dialed, 'DestChannel') as string;
    pbx.office.step(); // the target answers into a consultation bridge
    const consulting = pbx.office.channels().find((c) => c.channel === transferer);
    expect(consulting?.connectedLineNum).toBe('110');
    await drainEvents(pbx.port, id);

    await action(pbx.port, id, `action=Hangup&Channel=${encodeURIComponent(target)}`);
    const events = await drainEvents(pbx.port, id);
    expect(named(events, 'AttendedTransfer')).toHaveLength(0);
    expect(named(events, 'MusicOnHoldStop').map((m) => field(m, 'Channel'))).toHaveLength(1);
    const back = pbx.office.channels().find((c) => c.channel === transferer);
    const transferee = pbx.office.channels().find((c) => c.channel.startsWith('PJSIP/102-'));
    expect(back?.bridgeId).toBe(origBridge);
    expect(transferee?.bridgeId).toBe(origBridge);
    expect([back?.connectedLineNum, back?.connectedLineName]).toEqual([
      transferee?.callerIdNum,
      transferee?.callerIdName,
    ]);
  });

  it('a channel outside a bridge is still answered "queued" (the DTMF goes nowhere)', async () => {
    const { pbx, id } = await start(0);
    const caller = pbx.office.placeCall({ from: '101', to: '102' });
    const res = await action(pbx.port, id, `action=Atxfer&Channel=${encodeURIComponent(caller)}&Exten=104`);
    expect(field(res[0] as Message, 'Message')).toBe('Atxfer successfully queued');
    expect(pbx.office.channels()).toHaveLength(2);
  });
});
