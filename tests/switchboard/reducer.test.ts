/**
 * The switchboard's reducer, fed the events a real Asterisk 22.10.1 sent (shared/asterisk-wire,
 * captures 22–27): what each extension, lot and parked call looks like after them.
 */
import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../shared/ami';
import { EMPTY_BOARD } from '../../shared/model';
import { secondsLeft } from '../../shared/switchboard';
import { stateOfStatus } from '../../electron/features/switchboard/hints';
import { applySwitchboardEvent, SwitchboardState } from '../../electron/features/switchboard/reducer';
import {
  applyAstdb,
  applyEndpointDetails,
  buildSwitchboardState,
} from '../../electron/features/switchboard/snapshot';
import { extensionView } from '../../electron/features/switchboard/view';
import { captureEvents, listItems } from './captures';

const T0 = 1_800_000_000_000;

function feed(state: SwitchboardState, events: ReturnType<typeof captureEvents>, now = T0): void {
  for (const event of events) applySwitchboardEvent(state, event, now);
}

/** The hints of capture 25e (101 with DND lamp and presence, 102 with presence, 103, *76101). */
function hintsOf25e(): SwitchboardState {
  return buildSwitchboardState(
    { hints: listItems('25e-rawman-extensionstatelist-with-presence.http', 'esl-pres') },
    T0,
  );
}

function view(state: SwitchboardState, id: string) {
  return extensionView(state, id, []);
}

describe('switchboard reducer, from captured events', () => {
  it('lists one extension per hint, leaving out feature-code lamps (*76101), with the presence provider', () => {
    const state = hintsOf25e();
    expect(state.extensionIds().sort()).toEqual([
      '101@from-internal',
      '102@from-internal',
      '103@from-internal',
    ]);
    expect(view(state, '101@from-internal')).toMatchObject({
      exten: '101',
      context: 'from-internal',
      state: 'idle',
      statusText: 'Idle',
      hint: 'Custom:ext101&Custom:DND101,CustomPresence:101',
      dnd: false,
      presence: null,
      voicemail: null,
      forward: null,
    });
  });

  it('follows ExtensionStatus through ringing, in use, busy and hold (26c), with StatusText as sent', () => {
    const state = hintsOf25e();
    const seen: string[] = [];
    for (const event of captureEvents('26c-rawman-hint-aggregate-two-devices.http', 'ExtensionStatus')) {
      applySwitchboardEvent(state, event, T0);
      const ext = view(state, '101@from-internal');
      if (ext && event.fields['exten'] === '101') seen.push(`${ext.state}/${ext.statusText}`);
    }
    expect(seen).toContain('ringing/Ringing');
    expect(seen).toContain('inuse/InUse');
    // 26c: DND101 BUSY beats INUSE; with DND101 then NOT_INUSE the held call shows as Hold.
    expect(seen).toContain('busy/Busy');
    expect(seen).toContain('onhold/Hold');
    expect(seen.indexOf('onhold/Hold')).toBeGreaterThan(seen.indexOf('busy/Busy'));
  });

  it('maps every Status of 26b to a state that differs without colour', () => {
    expect([0, 1, 2, 4, 8, 9, 16, -1].map(stateOfStatus)).toEqual([
      'idle',
      'inuse',
      'busy',
      'unavailable',
      'ringing',
      'ringing',
      'onhold',
      'unavailable',
    ]);
  });

  it('turns the FreePBX DND lamp (24c DeviceStateChange Custom:DND101 BUSY) into DND, and off again (24d)', () => {
    const state = hintsOf25e();
    feed(state, captureEvents('24c-rawman-dnd-devstate-busy.http', 'ExtensionStatus', 'DeviceStateChange'));
    const on = view(state, '101@from-internal');
    expect(on?.dnd).toBe(true);
    expect(on?.state).toBe('dnd');
    expect(on?.statusText).toBe('Busy');
    feed(state, captureEvents('24d-rawman-dnd-cf-off.http', 'ExtensionStatus', 'DeviceStateChange'));
    expect(view(state, '101@from-internal')).toMatchObject({ dnd: false, state: 'idle' });
  });

  it('reads DND and call forward from AstDB (24a DBGetTree: Key /DND/101, /CF/101)', () => {
    const file = '24a-rawman-astdb-dnd-cf-put-get.http';
    const state = buildSwitchboardState(
      {
        hints: listItems('25e-rawman-extensionstatelist-with-presence.http', 'esl-pres'),
        dnd: listItems(file, 'dbtree-dnd'),
        forward: listItems(file, 'dbtree-cf'),
      },
      T0,
    );
    expect(view(state, '101@from-internal')).toMatchObject({ dnd: true, forward: '600123456', state: 'dnd' });
    expect(view(state, '102@from-internal')).toMatchObject({ dnd: false, forward: null });
  });

  it('shows presence from PresenceStateChange and PresenceStatus (25b, 25d) on the hint naming the provider', () => {
    const state = hintsOf25e();
    feed(state, captureEvents('25b-rawman-presence-set-dnd-lunch.http', 'PresenceStateChange'));
    expect(view(state, '101@from-internal')?.presence).toEqual({
      state: 'dnd',
      subtype: 'Lunch',
      message: 'Back at 2',
    });
    // 103's hint names no provider: it never shows one.
    expect(view(state, '103@from-internal')?.presence).toBeNull();
    const other = hintsOf25e();
    feed(other, captureEvents('25d-rawman-presence-values.http', 'PresenceStatus'));
    const last = captureEvents('25d-rawman-presence-values.http', 'PresenceStatus')
      .filter((e) => e.fields['exten'] === '101')
      .at(-1);
    expect(view(other, '101@from-internal')?.presence?.state).toBe(last?.fields['status']);
  });

  it('reads presence from the PresenceStateList items (25e)', () => {
    const state = buildSwitchboardState(
      {
        hints: listItems('25e-rawman-extensionstatelist-with-presence.http', 'esl-pres'),
        presence: listItems('25e-rawman-extensionstatelist-with-presence.http', 'psl-2'),
      },
      T0,
    );
    expect(view(state, '102@from-internal')?.presence).toEqual({
      state: 'xa',
      subtype: 'Out',
      message: 'Back Monday',
    });
    expect(view(state, '101@from-internal')?.presence).toEqual({
      state: 'available',
      subtype: '',
      message: '',
    });
  });

  it('counts voicemail from MessageWaiting (22b: New 3 includes urgent, Old 0) on the mailbox number', () => {
    const state = hintsOf25e();
    feed(state, captureEvents('22b-rawman-mwi-refresh-messagewaiting.http', 'MessageWaiting'));
    expect(view(state, '101@from-internal')?.voicemail).toEqual({ mailbox: '101@default', new: 3, old: 0 });
    expect(view(state, '102@from-internal')?.voicemail).toEqual({ mailbox: '102@default', new: 0, old: 1 });
    expect(view(state, '103@from-internal')?.voicemail).toBeNull();
  });

  it('reads counts and full names from VoicemailUsersList (22a)', () => {
    const state = buildSwitchboardState(
      {
        hints: listItems('25e-rawman-extensionstatelist-with-presence.http', 'esl-pres'),
        mailboxes: listItems('22a-rawman-voicemail-empty-mailbox.http', 'vmul-0'),
      },
      T0,
    );
    expect(view(state, '101@from-internal')).toMatchObject({
      name: 'Alice Example',
      voicemail: { new: 0, old: 0 },
    });
    expect(view(state, '102@from-internal')?.name).toBe('Bob Example');
  });

  it('lists parking lots (23a) and the parked call of ParkedCalls (23c), timed from ParkingDuration', () => {
    const state = buildSwitchboardState(
      {
        lots: listItems('23a-rawman-parkinglots-parkedcalls-empty.http', 'lots'),
        parked: listItems('23c-rawman-parkedcalls-one-parked.http', 'parked-1'),
      },
      T0,
    );
    expect([...state.lots.values()]).toEqual([
      { name: 'default', startSpace: '701', stopSpace: '720', timeout: 45 },
      { name: 'shortlot', startSpace: '751', stopSpace: '760', timeout: 10 },
    ]);
    const call = state.parked.get('default/701');
    expect(call).toEqual({
      space: '701',
      lot: 'default',
      channel: 'Local/100@demo-00000008;2',
      uniqueid: 'ajamtest-1796132694.17',
      callerIdNum: '5553001',
      callerIdName: 'Park Me',
      parkedBy: 'Local/100@demo',
      parkedAt: T0 - 1000,
      timeout: 45,
    });
    expect(call && secondsLeft(call, T0)).toBe(44);
  });

  it('adds a parked call on ParkedCall (23b) and removes it on UnParkedCall (23e)', () => {
    const state = new SwitchboardState();
    feed(state, captureEvents('23b-rawman-park-answered-channel.http'));
    expect([...state.parked.keys()]).toEqual(['default/701']);
    // DeviceStateChange park:701@parkedcalls INUSE: where the space is dialled to take the call.
    expect(state.parkContexts.get('701')).toBe('parkedcalls');
    expect(state.takeTouched().parked.has('default/701')).toBe(true);
    feed(state, captureEvents('23e-rawman-unpark-by-dialing-space-701.http'));
    expect(state.parked.size).toBe(0);
    expect(state.takeTouched().parked.has('default/701')).toBe(true);
  });

  it('removes a parked call on ParkedCallTimeOut (23f then 23g) and ParkedCallGiveUp (23h)', () => {
    const state = new SwitchboardState();
    feed(state, captureEvents('23f-rawman-park-bridged-channel-shortlot.http'));
    expect(state.parked.get('shortlot/751')).toMatchObject({ parkedBy: 'Local/400@demo', timeout: 10 });
    feed(state, captureEvents('23g-rawman-parked-call-timeout.http'));
    expect(state.parked.has('shortlot/751')).toBe(false);
    feed(state, captureEvents('23h-rawman-parked-call-giveup.http', 'ParkedCall'));
    expect(state.parked.get('default/705')).toMatchObject({ timeout: 60 });
    feed(state, captureEvents('23h-rawman-parked-call-giveup.http', 'ParkedCallGiveUp'));
    expect(state.parked.size).toBe(0);
  });

  it('keeps time in the lot across a ParkedCallSwap, with the new channel', () => {
    const state = new SwitchboardState();
    feed(state, captureEvents('23b-rawman-park-answered-channel.http', 'ParkedCall'));
    const swap = captureEvents('23b-rawman-park-answered-channel.http', 'ParkedCall')[0];
    if (!swap) throw new Error('23b has a ParkedCall');
    const lines = swap.lines.map(([k, v]) =>
      k === 'Event'
        ? (['Event', 'ParkedCallSwap'] as const)
        : k === 'ParkeeChannel'
          ? ([k, 'PJSIP/200-00000001'] as const)
          : ([k, v] as const),
    );
    applySwitchboardEvent(state, makeMessage(lines), T0 + 30_000);
    expect(state.parked.get('default/701')).toMatchObject({
      channel: 'PJSIP/200-00000001',
      parkedAt: T0,
      timeout: 45,
    });
  });

  it('touches only what an event names', () => {
    const state = hintsOf25e();
    state.takeTouched();
    feed(state, captureEvents('25b-rawman-presence-set-dnd-lunch.http', 'PresenceStateChange'));
    expect([...state.takeTouched().extensions]).toEqual(['101@from-internal']);
    expect(EMPTY_BOARD.channels).toEqual({});
  });
});

describe('AstDB read again (no event says it changed)', () => {
  it('drops DND and forward that another console cleared (24a then 24d), touching only that extension', () => {
    const state = buildSwitchboardState(
      {
        hints: listItems('25e-rawman-extensionstatelist-with-presence.http', 'esl-pres'),
        dnd: listItems('24a-rawman-astdb-dnd-cf-put-get.http', 'dbtree-dnd'),
        forward: listItems('24a-rawman-astdb-dnd-cf-put-get.http', 'dbtree-cf'),
      },
      T0,
    );
    state.takeTouched();
    expect(view(state, '101@from-internal')).toMatchObject({ dnd: true, forward: '600123456' });
    applyAstdb(state, { dnd: listItems('24d-rawman-dnd-cf-off.http', 'dbtree-empty'), forward: [] });
    expect(view(state, '101@from-internal')).toMatchObject({ dnd: false, forward: null, state: 'idle' });
    expect([...state.takeTouched().extensions]).toEqual(['101@from-internal']);
    // Read again with nothing changed: nothing touched.
    applyAstdb(state, { dnd: [], forward: [] });
    expect(state.takeTouched().extensions.size).toBe(0);
  });
});

describe('names', () => {
  const endpointList = (name: string) =>
    makeMessage([
      ['Event', 'EndpointList'],
      ['ObjectType', 'endpoint'],
      ['ObjectName', name],
      ['DeviceState', 'Not in use'],
    ]);

  it('an endpoint no hint names gets a button of its own, named from its caller ID (EndpointDetail)', () => {
    const state = buildSwitchboardState({ endpoints: [endpointList('201')] }, T0);
    expect(state.extensionIds()).toEqual(['201@']);
    expect(view(state, '201@')).toMatchObject({
      exten: '201',
      context: '',
      name: '',
      state: 'idle',
      devices: ['PJSIP/201'],
    });
    applyEndpointDetails(state, [
      makeMessage([
        ['Event', 'EndpointDetail'],
        ['ObjectType', 'endpoint'],
        ['ObjectName', '201'],
        ['Callerid', '"Recepción \\"Norte\\"" <201>'],
      ]),
    ]);
    expect(view(state, '201@')?.name).toBe('Recepción "Norte"');
  });

  it('an endpoint its hint names shows on the hint’s button, not twice', () => {
    const hint = makeMessage([
      ['Event', 'ExtensionStatus'],
      ['Exten', '201'],
      ['Context', 'ext-local'],
      ['Hint', 'PJSIP/201&Custom:DND201'],
      ['Status', '0'],
      ['StatusText', 'Idle'],
    ]);
    const state = buildSwitchboardState({ hints: [hint], endpoints: [endpointList('201')] }, T0);
    expect(state.extensionIds()).toEqual(['201@ext-local']);
    expect(view(state, '201@ext-local')?.devices).toEqual(['PJSIP/201']);
  });
});
