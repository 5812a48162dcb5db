/**
 * Formats checked against a real Asterisk 22.10.1 built from source and driven over the same
 * rawman requests: BridgeInfo, ExtensionState, Parkinglots, Getvar of a function without a channel,
 * parking in the lot's holding bridge, the device state cache, and Dial of a Local channel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { login } from '../wire/replay';
import type { Message } from './messages';
import { EVENT_HEAD, action, bridgeKeys, drainEvents, field, keys, named, snapshotKeys } from './messages';

let pbx: DemoPbx | null = null;
afterEach(async () => {
  await pbx?.close();
  pbx = null;
});

async function start(calls = 0): Promise<{ pbx: DemoPbx; id: string }> {
  pbx = await startDemoPbx({ calls, seed: 5 });
  const id = await login(pbx.port, 'admin', '12345');
  await drainEvents(pbx.port, id);
  return { pbx, id };
}

const enc = encodeURIComponent;

/** The captures' `Originate Channel=Local/100@demo Application=Dial Data=Local/200@demo/n`. */
async function dialLocal(port: number, id: string): Promise<void> {
  const ok = await action(
    port,
    id,
    `action=Originate&Channel=${enc('Local/100@demo')}&Application=Dial&Data=${enc('Local/200@demo/n')}`,
  );
  expect(field(ok[0] as Message, 'Response')).toBe('Success');
}

/** `Originate Channel=Local/100@demo Context=demo Exten=100`: a pair of channels waiting in Wait(600). */
async function waitingLocal(port: number, id: string): Promise<void> {
  const ok = await action(
    port,
    id,
    `action=Originate&Channel=${enc('Local/100@demo')}&Context=demo&Exten=100&Priority=1`,
  );
  expect(field(ok[0] as Message, 'Response')).toBe('Success');
}

async function coreShowChannels(port: number, id: string): Promise<Map<string, Message>> {
  const list = named(await action(port, id, 'action=CoreShowChannels'), 'CoreShowChannel');
  return new Map(list.map((m) => [field(m, 'Channel') as string, m]));
}

const pick = (m: Message | undefined, names: string[]): Array<readonly [string, string | undefined]> =>
  names.map((n) => [n, m ? field(m, n) : undefined] as const);

describe('BridgeInfo (manager_bridges.c)', () => {
  it('lists each member as BridgeInfoChannel, then the bridge in BridgeInfoComplete; errors as Asterisk', async () => {
    const { pbx, id } = await start();
    await dialLocal(pbx.port, id);
    const bridgeId = field(
      named(await action(pbx.port, id, 'action=BridgeList'), 'BridgeListItem')[0] as Message,
      'BridgeUniqueid',
    ) as string;
    const list = await action(pbx.port, id, `action=BridgeInfo&BridgeUniqueid=${bridgeId}&ActionID=bi`);
    expect(list[0]).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'bi'],
      ['EventList', 'start'],
      ['Message', 'Bridge channel listing will follow'],
    ]);
    const members = list.slice(1, -1);
    expect(members).toHaveLength(2);
    for (const m of members) expect(keys(m)).toEqual(['Event', 'ActionID', ...snapshotKeys()]);
    // Asterisk walks the members in its container's hash order: compare them as a set.
    expect(members.map((m) => field(m, 'Channel')).sort()).toEqual([
      expect.stringMatching(/^Local\/100@demo-[0-9a-f]{8};1$/),
      expect.stringMatching(/^Local\/200@demo-[0-9a-f]{8};1$/),
    ]);
    expect(list.at(-1)).toEqual([
      ['Event', 'BridgeInfoComplete'],
      ['ActionID', 'bi'],
      ['EventList', 'Complete'],
      ['ListItems', '2'],
      ['BridgeUniqueid', bridgeId],
      ['BridgeType', 'basic'],
      ['BridgeTechnology', 'simple_bridge'],
      ['BridgeCreator', '<unknown>'],
      ['BridgeName', '<unknown>'],
      ['BridgeNumChannels', '2'],
      ['BridgeVideoSourceMode', 'none'],
    ]);
    expect(await action(pbx.port, id, 'action=BridgeInfo')).toEqual([
      [
        ['Response', 'Error'],
        ['Message', 'BridgeUniqueid must be provided'],
      ],
    ]);
    expect(await action(pbx.port, id, 'action=BridgeInfo&BridgeUniqueid=nope')).toEqual([
      [
        ['Response', 'Error'],
        ['Message', 'Specified BridgeUniqueid not found'],
      ],
    ]);
  });
});

describe('ExtensionState (manager.c action_extensionstate)', () => {
  it('answers the hint and its state; an extension without a hint is -1 Unknown in context default', async () => {
    const { pbx, id } = await start();
    expect(await action(pbx.port, id, 'action=ExtensionState&Exten=100&Context=demo&ActionID=e1')).toEqual([
      [
        ['Response', 'Success'],
        ['ActionID', 'e1'],
        ['Message', 'Extension Status'],
        ['Exten', '100'],
        ['Context', 'demo'],
        ['Hint', 'Custom:ext100'],
        ['Status', '0'],
        ['StatusText', 'Idle'],
      ],
    ]);
    expect(await action(pbx.port, id, 'action=ExtensionState&Exten=999')).toEqual([
      [
        ['Response', 'Success'],
        ['Message', 'Extension Status'],
        ['Exten', '999'],
        ['Context', 'default'],
        ['Hint', ''],
        ['Status', '-1'],
        ['StatusText', 'Unknown'],
      ],
    ]);
    pbx.office.placeCall({ from: '+34911234567', to: '102' });
    const ringing = await action(pbx.port, id, 'action=ExtensionState&Exten=102&Context=from-internal');
    expect(pick(ringing[0], ['Hint', 'Status', 'StatusText'])).toEqual([
      ['Hint', 'PJSIP/102&Custom:DND102,CustomPresence:102'],
      ['Status', '8'],
      ['StatusText', 'Ringing'],
    ]);
    expect((await action(pbx.port, id, 'action=ExtensionState'))[0]).toEqual([
      ['Response', 'Error'],
      ['Message', 'Extension not specified'],
    ]);
  });
});

describe('Parkinglots (res_parking parking_manager.c)', () => {
  it('one Parkinglot per lot of res_parking.conf (23a: default and shortlot), then ParkinglotsComplete', async () => {
    const { pbx, id } = await start();
    expect(await action(pbx.port, id, 'action=Parkinglots&ActionID=pl')).toEqual([
      [
        ['Response', 'Success'],
        ['ActionID', 'pl'],
        ['EventList', 'start'],
        ['Message', 'Parking lots will follow'],
      ],
      [
        ['Event', 'Parkinglot'],
        ['ActionID', 'pl'],
        ['Name', 'default'],
        ['StartSpace', '701'],
        ['StopSpace', '720'],
        ['Timeout', '45'],
      ],
      [
        ['Event', 'Parkinglot'],
        ['ActionID', 'pl'],
        ['Name', 'shortlot'],
        ['StartSpace', '751'],
        ['StopSpace', '760'],
        ['Timeout', '10'],
      ],
      [
        ['Event', 'ParkinglotsComplete'],
        ['ActionID', 'pl'],
        ['EventList', 'Complete'],
        ['ListItems', '2'],
      ],
    ]);
    const commands = (await action(pbx.port, id, 'action=ListCommands'))[0] as Message;
    expect(field(commands, 'Parkinglots')).toBe('Get a list of parking lots  (Priv: call,all)');
  });
});

describe('Getvar of a function without a channel', () => {
  it('reads a dummy channel: CHANNEL(state) is Down, CHANNEL(name) empty', async () => {
    const { pbx, id } = await start();
    expect(await action(pbx.port, id, `action=Getvar&Variable=${enc('CHANNEL(state)')}`)).toEqual([
      [
        ['Response', 'Success'],
        ['Variable', 'CHANNEL(state)'],
        ['Value', 'Down'],
      ],
    ]);
    const name = await action(pbx.port, id, `action=Getvar&Variable=${enc('CHANNEL(name)')}`);
    expect(field(name[0] as Message, 'Value')).toBe('');
  });
});

describe('device state cache (devicestate.c, func_devstate.c)', () => {
  it('never lists Local devices; DEVICE_STATE(Custom:...) is cached, told and re-evaluates its hints', async () => {
    const { pbx, id } = await start();
    await waitingLocal(pbx.port, id);
    const told = await drainEvents(pbx.port, id);
    expect(named(told, 'DeviceStateChange').map((m) => field(m, 'Device'))).toContain('Local/100@demo');
    const devices = async (): Promise<string[]> =>
      named(await action(pbx.port, id, 'action=DeviceStateList'), 'DeviceStateChange').map(
        (m) => `${field(m, 'Device')} ${field(m, 'State')}`,
      );
    expect((await devices()).filter((d) => d.startsWith('Local/'))).toEqual([]);
    expect(await devices()).not.toContain('Custom:ext100 INUSE');

    const set = `action=Setvar&Variable=${enc('DEVICE_STATE(Custom:ext100)')}`;
    expect(await action(pbx.port, id, `${set}&Value=INUSE`)).toEqual([
      [
        ['Response', 'Success'],
        ['Message', 'Variable Set'],
      ],
    ]);
    const events = await drainEvents(pbx.port, id);
    expect(events.map((m) => field(m, 'Event'))).toEqual(['DeviceStateChange', 'ExtensionStatus']);
    expect(keys(events[0] as Message)).toEqual([...EVENT_HEAD, 'Device', 'State']);
    expect(pick(events[0], ['Device', 'State'])).toEqual([
      ['Device', 'Custom:ext100'],
      ['State', 'INUSE'],
    ]);
    expect(pick(events[1], ['Exten', 'Context', 'Hint', 'Status', 'StatusText'])).toEqual([
      ['Exten', '100'],
      ['Context', 'demo'],
      ['Hint', 'Custom:ext100'],
      ['Status', '1'],
      ['StatusText', 'InUse'],
    ]);
    expect(await devices()).toContain('Custom:ext100 INUSE');
    const get = await action(pbx.port, id, `action=Getvar&Variable=${enc('DEVICE_STATE(Custom:ext100)')}`);
    expect(field(get[0] as Message, 'Value')).toBe('INUSE');
    // The same state again is no change: nothing is told.
    await action(pbx.port, id, `${set}&Value=INUSE`);
    expect(await drainEvents(pbx.port, id)).toEqual([]);
    for (const bad of [
      `${set}&Value=bogus`,
      `action=Setvar&Variable=${enc('DEVICE_STATE(PJSIP/1)')}&Value=INUSE`,
    ]) {
      expect(await action(pbx.port, id, bad)).toEqual([
        [
          ['Response', 'Error'],
          ['Message', 'Variable not set'],
        ],
      ]);
    }
  });
});

describe('Dial of a Local channel from Originate (app_dial, core_local)', () => {
  it('creates the dialed pair, bridges the caller with its ;1, and hangs it all up together', async () => {
    const { pbx, id } = await start();
    await dialLocal(pbx.port, id);
    const events = await drainEvents(pbx.port, id);
    const chans = await coreShowChannels(pbx.port, id);
    const name = (re: RegExp): string => [...chans.keys()].find((n) => re.test(n)) as string;
    const caller = chans.get(name(/^Local\/100@demo-.*;1$/));
    const out = chans.get(name(/^Local\/200@demo-.*;1$/));
    const echo = chans.get(name(/^Local\/200@demo-.*;2$/));
    expect(chans.size).toBe(4);
    const cols = [
      'CallerIDNum',
      'ConnectedLineNum',
      'Context',
      'Exten',
      'Priority',
      'Application',
      'ApplicationData',
    ];
    expect(pick(caller, cols)).toEqual([
      ['CallerIDNum', '<unknown>'],
      ['ConnectedLineNum', '<unknown>'],
      ['Context', 'demo'],
      ['Exten', '100'],
      ['Priority', '1'],
      ['Application', 'Dial'],
      ['ApplicationData', 'Local/200@demo/n'],
    ]);
    expect(pick(out, cols)).toEqual([
      ['CallerIDNum', '100'],
      ['ConnectedLineNum', '<unknown>'],
      ['Context', 'demo'],
      ['Exten', ''],
      ['Priority', '1'],
      ['Application', 'AppDial'],
      ['ApplicationData', '(Outgoing Line)'],
    ]);
    expect(pick(echo, cols)).toEqual([
      ['CallerIDNum', '<unknown>'],
      ['ConnectedLineNum', '100'],
      ['Context', 'demo'],
      ['Exten', '200'],
      ['Priority', '2'],
      ['Application', 'Echo'],
      ['ApplicationData', ''],
    ]);
    const bridge = field(caller as Message, 'BridgeId') as string;
    expect(bridge).not.toBe('');
    expect(field(out as Message, 'BridgeId')).toBe(bridge);
    expect(field(echo as Message, 'BridgeId')).toBe('');
    // All four share the originated call's linkedid.
    expect(new Set([...chans.values()].map((m) => field(m, 'Linkedid'))).size).toBe(1);

    const dial = named(events, 'DialBegin').find((m) => field(m, 'DialString') === '200@demo/n') as Message;
    expect(keys(dial)).toEqual([...EVENT_HEAD, ...snapshotKeys(), ...snapshotKeys('Dest'), 'DialString']);
    const local = named(events, 'LocalBridge').find((m) => field(m, 'Exten') === '200') as Message;
    expect(field(local, 'LocalOptimization')).toBe('No');
    expect(named(events, 'NewCallerid').map((m) => field(m, 'CallerIDNum'))).toEqual(['100']);
    expect(named(events, 'NewConnectedLine').map((m) => field(m, 'ConnectedLineNum'))).toEqual(['100']);
    expect(named(events, 'BridgeEnter').map((m) => field(m, 'Channel'))).toEqual([
      field(out as Message, 'Channel'),
      field(caller as Message, 'Channel'),
    ]);

    await action(pbx.port, id, `action=Hangup&Channel=${enc(field(caller as Message, 'Channel') as string)}`);
    expect((await coreShowChannels(pbx.port, id)).size).toBe(0);
    expect(named(await drainEvents(pbx.port, id), 'BridgeDestroy')).toHaveLength(1);
    expect(named(await action(pbx.port, id, 'action=BridgeList'), 'BridgeListItem')).toEqual([]);
  });
});

describe('parking in the lot holding bridge (res_parking)', () => {
  const parkingBridge = [
    ['BridgeType', 'parking'],
    ['BridgeTechnology', 'holding_bridge'],
    ['BridgeCreator', 'Parking'],
    ['BridgeName', 'default'],
  ] as const;

  it('a self-park: BridgeCreate, ParkedCall, park:701 INUSE, BridgeEnter, hold music; location kept', async () => {
    const { pbx, id } = await start();
    await waitingLocal(pbx.port, id);
    await drainEvents(pbx.port, id);
    const chan = [...(await coreShowChannels(pbx.port, id)).keys()].find((n) => n.endsWith(';2')) as string;
    const ok = await action(pbx.port, id, `action=Park&Channel=${enc(chan)}&ActionID=pk`);
    expect(ok[0]).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'pk'],
      ['Message', 'Park successful\n'],
    ]);
    const events = await drainEvents(pbx.port, id);
    expect(events.map((m) => field(m, 'Event'))).toEqual([
      'BridgeCreate',
      'ParkedCall',
      'DeviceStateChange',
      'BridgeEnter',
      'MusicOnHoldStart',
    ]);
    const [create, parked, device, enter, moh] = events as [Message, Message, Message, Message, Message];
    expect(keys(create)).toEqual([...EVENT_HEAD, ...bridgeKeys()]);
    expect(pick(create, [...parkingBridge.map(([k]) => k), 'BridgeNumChannels'])).toEqual([
      ...parkingBridge,
      ['BridgeNumChannels', '0'],
    ]);
    // Wait(600) is interrupted: the channel is one priority on, in its own context and extension.
    expect(
      pick(parked, [
        'ParkeeChannel',
        'ParkeeContext',
        'ParkeeExten',
        'ParkeePriority',
        'ParkerDialString',
        'Parkinglot',
        'ParkingSpace',
        'ParkingTimeout',
      ]),
    ).toEqual([
      ['ParkeeChannel', chan],
      ['ParkeeContext', 'demo'],
      ['ParkeeExten', '100'],
      ['ParkeePriority', '3'],
      ['ParkerDialString', 'Local/100@demo'],
      ['Parkinglot', 'default'],
      ['ParkingSpace', '701'],
      ['ParkingTimeout', '45'],
    ]);
    expect(pick(device, ['Device', 'State'])).toEqual([
      ['Device', 'park:701@parkedcalls'],
      ['State', 'INUSE'],
    ]);
    expect(
      pick(enter, ['BridgeUniqueid', 'BridgeNumChannels', 'Channel', 'Context', 'Exten', 'Priority']),
    ).toEqual([
      ['BridgeUniqueid', field(create, 'BridgeUniqueid')],
      ['BridgeNumChannels', '1'],
      ['Channel', chan],
      ['Context', 'demo'],
      ['Exten', '100'],
      ['Priority', '3'],
    ]);
    expect(pick(moh, ['Channel', 'Context', 'Exten', 'Class'])).toEqual([
      ['Channel', chan],
      ['Context', 'demo'],
      ['Exten', '100'],
      ['Class', 'default'],
    ]);
    const shown = (await coreShowChannels(pbx.port, id)).get(chan);
    expect(
      pick(shown, ['Context', 'Exten', 'Priority', 'Application', 'ApplicationData', 'Duration', 'BridgeId']),
    ).toEqual([
      ['Context', 'demo'],
      ['Exten', '100'],
      ['Priority', '3'],
      ['Application', ''],
      ['ApplicationData', ''],
      ['Duration', '00:00:00'],
      ['BridgeId', field(create, 'BridgeUniqueid')],
    ]);
    const items = named(await action(pbx.port, id, 'action=BridgeList'), 'BridgeListItem');
    expect(items.map((m) => pick(m, [...parkingBridge.map(([k]) => k), 'BridgeNumChannels']))).toEqual([
      [...parkingBridge, ['BridgeNumChannels', '1']],
    ]);
    const list = named(await action(pbx.port, id, 'action=ParkedCalls'), 'ParkedCall');
    expect(pick(list[0], ['ParkeeContext', 'ParkeeExten', 'ParkeePriority'])).toEqual([
      ['ParkeeContext', 'demo'],
      ['ParkeeExten', '100'],
      ['ParkeePriority', '3'],
    ]);
    const cached = named(await action(pbx.port, id, 'action=DeviceStateList'), 'DeviceStateChange');
    expect(cached.map((m) => `${field(m, 'Device')} ${field(m, 'State')}`)).toContain(
      'park:701@parkedcalls INUSE',
    );

    // Hanging up (23h): ParkedCallGiveUp at once, hold music stops, the space frees, the channel leaves.
    await action(pbx.port, id, `action=Hangup&Channel=${enc(chan)}`);
    const gone = (await drainEvents(pbx.port, id)).map((m) =>
      field(m, 'Event') === 'DeviceStateChange'
        ? `${field(m, 'Device')} ${field(m, 'State')}`
        : field(m, 'Event'),
    );
    expect(gone.filter((e) => !/HangupRequest$/.test(e ?? '')).slice(0, 4)).toEqual([
      'ParkedCallGiveUp',
      'MusicOnHoldStop',
      'park:701@parkedcalls NOT_INUSE',
      'BridgeLeave',
    ]);
    expect(gone).not.toContain('BridgeDestroy');
    // The lot keeps its bridge, empty.
    const after = named(await action(pbx.port, id, 'action=BridgeList'), 'BridgeListItem');
    expect(after.map((m) => field(m, 'BridgeNumChannels'))).toEqual(['0']);
  });

  it('a bridged call parked: it keeps its application, the peer hangs up, ParkedCall comes last', async () => {
    const { pbx, id } = await start();
    const caller = pbx.office.placeCall({ from: '+34911234567', fromName: 'Cliente', to: '103' });
    pbx.office.step();
    await drainEvents(pbx.port, id);
    await action(pbx.port, id, `action=Park&Channel=${enc(caller)}`);
    const events = await drainEvents(pbx.port, id);
    const names = events.map((m) => field(m, 'Event'));
    expect(names.slice(0, 4)).toEqual(['BridgeCreate', 'BridgeLeave', 'DeviceStateChange', 'BridgeEnter']);
    expect(names.at(-1)).toBe('ParkedCall');
    expect(names).toContain('Hangup');
    const parked = events.at(-1) as Message;
    expect(pick(parked, ['ParkeeContext', 'ParkeeExten', 'ParkerDialString', 'ParkingSpace'])).toEqual([
      ['ParkeeContext', 'from-internal'],
      ['ParkeeExten', '103'],
      ['ParkerDialString', 'PJSIP/trunk'],
      ['ParkingSpace', '701'],
    ]);
    const chans = await coreShowChannels(pbx.port, id);
    expect([...chans.keys()]).toEqual([caller]);
    expect(pick(chans.get(caller), ['Context', 'Application'])).toEqual([
      ['Context', 'from-internal'],
      ['Application', 'Dial'],
    ]);
  });
});
