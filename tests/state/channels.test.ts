import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../shared/ami';
import { EMPTY_BOARD, type BoardSnapshot } from '../../shared/model';
import { reduceEvent, reduceEvents } from '../../electron/state/channels';
import { buildBoard } from '../../electron/state/snapshot';
import { boardProblems, captureBodies, ev, eventsOf, listedView, Script } from './helpers';

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);

function run(script: Script, now = T0): BoardSnapshot {
  let board = EMPTY_BOARD;
  script.events.forEach((event, i) => {
    board = reduceEvent(board, event, now + i * 1000);
    expect(boardProblems(board), `after event ${i} ${event.fields['event']}`).toEqual([]);
  });
  return board;
}

describe('reducer on the real captures (Asterisk 22.10.1)', () => {
  it('reduces the originate of 05c + 05d-1 to two Local channels, Up, running Wait', () => {
    let board = EMPTY_BOARD;
    for (const name of [
      '05c-rawman-waitevent-wakes-on-originate.http',
      '05d-rawman-waitevent-followup-1.http',
    ]) {
      for (const body of captureBodies(name)) board = reduceEvents(board, eventsOf(body), body.at);
    }
    expect(boardProblems(board)).toEqual([]);
    const one = board.channels['ajamtest-1795663496.0'];
    const two = board.channels['ajamtest-1795663496.1'];
    expect(one).toMatchObject({
      channel: 'Local/100@demo-00000000;1',
      linkedid: 'ajamtest-1795663496.0',
      state: 'Up',
      callerIdNum: '<unknown>',
      context: 'demo',
      exten: '100',
      application: 'Wait',
      bridgeId: null,
      onHold: false,
      recording: false,
      localPeer: 'ajamtest-1795663496.1',
    });
    expect(two).toMatchObject({
      channel: 'Local/100@demo-00000000;2',
      state: 'Up',
      localPeer: 'ajamtest-1795663496.0',
    });
    // 05c's Date is when Newchannel arrived; 05d-1's when both went Up.
    expect(one?.startedAt).toBe(Date.parse('Thu, 26 Nov 2026 03:24:56 GMT'));
    expect(one?.answeredAt).toBe(Date.parse('Thu, 26 Nov 2026 03:24:57 GMT'));
    // Originate dials with no calling channel, so there is no dialedBy.
    expect(one?.dialedBy).toBeUndefined();
    expect(board.endpoints['Local/100@demo']).toEqual({
      id: 'Local/100@demo',
      state: 'INUSE',
      kind: 'device',
    });
  });

  it('gets the same channels from the events (rawman 05c/05d-1 + mxml 05f) as CoreShowChannels 04t lists', () => {
    let board = EMPTY_BOARD;
    for (const name of [
      '05c-rawman-waitevent-wakes-on-originate.http',
      '05d-rawman-waitevent-followup-1.http',
      '05f-mxml-waitevent-with-events.http',
    ]) {
      for (const body of captureBodies(name)) board = reduceEvents(board, eventsOf(body), body.at);
    }
    const [list] = captureBodies('04t-rawman-coreshowchannels-with-channels.http');
    if (!list) throw new Error('04t has no response');
    const items = list.messages.filter((m) => m.fields['event'] === 'CoreShowChannel');
    const snapshot = buildBoard({ channels: items }, list.at);
    expect(Object.keys(board.channels)).toHaveLength(4);
    expect(listedView(board)).toEqual(listedView(snapshot));
    // The start times agree to within the second Duration is rounded to (plus the Date header's second).
    for (const [id, channel] of Object.entries(board.channels)) {
      const listed = snapshot.channels[id];
      expect(Math.abs((listed?.startedAt ?? 0) - channel.startedAt)).toBeLessThanOrEqual(2000);
    }
  });

  it('applies 06o: the hung-up originate disappears, the redirected channel moves to 200 running Echo', () => {
    let board = EMPTY_BOARD;
    for (const name of [
      '05c-rawman-waitevent-wakes-on-originate.http',
      '05d-rawman-waitevent-followup-1.http',
      '05f-mxml-waitevent-with-events.http',
      '06o-rawman-waitevent-after-redirect-hangup.http',
    ]) {
      for (const body of captureBodies(name)) board = reduceEvents(board, eventsOf(body), body.at);
    }
    expect(boardProblems(board)).toEqual([]);
    expect(Object.keys(board.channels).sort()).toEqual(['ajamtest-1795663517.2', 'ajamtest-1795663517.3']);
    expect(board.channels['ajamtest-1795663517.3']).toMatchObject({
      exten: '200',
      application: 'Echo',
      state: 'Up',
    });
    // The failed originates (Local/999) came and went within the batch; their device is INVALID.
    expect(board.endpoints['Local/999@demo']?.state).toBe('INVALID');
  });

  it('leaves nothing behind for the failing originate of 05k', () => {
    const [body] = captureBodies('05k-rawman-waitevent-session-logged-in-events-off.http');
    if (!body) throw new Error('05k has no response');
    const board = reduceEvents(EMPTY_BOARD, eventsOf(body), body.at);
    expect(board.channels).toEqual({});
    expect(board.bridges).toEqual({});
  });
});

describe('reducer on call scenarios', () => {
  /** Ana (101) calls Beto (102): ring, answer, bridge. */
  function basicCall(s: Script): void {
    s.newChannel('PJSIP/101-00000001', 'pbx-1.1', {
      state: 4,
      cidNum: '101',
      cidName: 'Ana "Recepción"',
      exten: '102',
    });
    s.newexten('pbx-1.1', '102', 'Dial', 'PJSIP/102,30');
    s.newChannel('PJSIP/102-00000002', 'pbx-1.2', {
      linkedid: 'pbx-1.1',
      cidNum: '102',
      cidName: 'Beto',
      colNum: '101',
      colName: 'Ana "Recepción"',
      exten: 's',
    });
    s.dialBegin('pbx-1.1', 'pbx-1.2', 'PJSIP/102');
    s.newstate('pbx-1.2', 5);
    s.set('pbx-1.1', { colNum: '102', colName: 'Beto' });
    s.emit('NewConnectedLine', s.block('pbx-1.1'));
    s.newstate('pbx-1.2', 6);
    s.newstate('pbx-1.1', 6);
    s.dialEnd('pbx-1.1', 'pbx-1.2', 'ANSWER');
    s.bridgeCreate('br-1');
    s.bridgeEnter('br-1', 'pbx-1.1');
    s.bridgeEnter('br-1', 'pbx-1.2');
  }

  it('rings, answers and bridges a call, unescaping names', () => {
    const s = new Script();
    s.newChannel('PJSIP/101-00000001', 'pbx-1.1', { state: 4, cidNum: '101', cidName: 'Ana "Recepción"' });
    s.newChannel('PJSIP/102-00000002', 'pbx-1.2', { linkedid: 'pbx-1.1', cidNum: '102', cidName: 'Beto' });
    s.dialBegin('pbx-1.1', 'pbx-1.2', 'PJSIP/102');
    s.newstate('pbx-1.2', 5);
    let board = run(s);
    expect(board.channels['pbx-1.1']?.callerIdName).toBe('Ana "Recepción"');
    expect(board.channels['pbx-1.2']).toMatchObject({ state: 'Ringing', dialedBy: 'pbx-1.1' });
    expect(board.channels['pbx-1.2']?.answeredAt).toBeUndefined();

    const s2 = new Script();
    basicCall(s2);
    board = run(s2);
    const ana = board.channels['pbx-1.1'];
    const beto = board.channels['pbx-1.2'];
    expect(ana).toMatchObject({
      state: 'Up',
      connectedLineNum: '102',
      connectedLineName: 'Beto',
      bridgeId: 'br-1',
    });
    expect(beto).toMatchObject({ state: 'Up', bridgeId: 'br-1', dialedBy: 'pbx-1.1', linkedid: 'pbx-1.1' });
    expect(ana?.application).toBe('Dial');
    expect(beto?.answeredAt).toBe(T0 + 6000);
    expect(ana?.startedAt).toBe(T0);
    expect(board.bridges['br-1']).toEqual({
      bridgeId: 'br-1',
      type: 'basic',
      technology: 'simple_bridge',
      channels: ['pbx-1.1', 'pbx-1.2'],
      createdAt: T0 + 9000,
    });
  });

  it('tracks hold, music on hold and recording', () => {
    const s = new Script();
    basicCall(s);
    s.emit('Hold', s.block('pbx-1.1'), [['MusicClass', 'default']]);
    s.emit('MusicOnHoldStart', s.block('pbx-1.2'), [['Class', 'espera']]);
    s.emit('VarSet', s.block('pbx-1.1'), [
      ['Variable', 'MIXMONITOR_FILENAME'],
      ['Value', '/var/spool/asterisk/monitor/auditoria-1.wav'],
    ]);
    s.emit('MixMonitorStart', s.block('pbx-1.1'));
    let board = run(s);
    expect(board.channels['pbx-1.1']).toMatchObject({
      onHold: true,
      recording: true,
      recordingFile: '/var/spool/asterisk/monitor/auditoria-1.wav',
    });
    expect(board.channels['pbx-1.2']).toMatchObject({ onHold: false, musicOnHold: 'espera' });

    s.emit('Unhold', s.block('pbx-1.1'));
    s.emit('MusicOnHoldStop', s.block('pbx-1.2'));
    s.emit('MixMonitorStop', s.block('pbx-1.1'));
    board = run(s);
    expect(board.channels['pbx-1.1']).toMatchObject({ onHold: false, recording: false });
    expect(board.channels['pbx-1.2']?.musicOnHold).toBeUndefined();
    expect('musicOnHold' in (board.channels['pbx-1.2'] ?? {})).toBe(false);
  });

  it('follows an attended transfer: the target is swapped into the call, the transferer leaves', () => {
    const s = new Script();
    basicCall(s);
    // Ana puts Beto on hold and calls Carla (103) on a second channel.
    s.emit('Hold', s.block('pbx-1.1'));
    s.newChannel('PJSIP/101-00000003', 'pbx-1.3', { state: 4, cidNum: '101', cidName: 'Ana', exten: '103' });
    s.newChannel('PJSIP/103-00000004', 'pbx-1.4', { linkedid: 'pbx-1.3', cidNum: '103', cidName: 'Carla' });
    s.dialBegin('pbx-1.3', 'pbx-1.4', 'PJSIP/103');
    s.newstate('pbx-1.4', 6);
    s.newstate('pbx-1.3', 6);
    s.dialEnd('pbx-1.3', 'pbx-1.4', 'ANSWER');
    s.bridgeCreate('br-2');
    s.bridgeEnter('br-2', 'pbx-1.3');
    s.bridgeEnter('br-2', 'pbx-1.4');
    // Ana completes the transfer: Carla replaces Ana in Beto's bridge, Ana's channels go.
    s.bridgeLeave('br-2', 'pbx-1.4');
    s.bridgeEnter('br-1', 'pbx-1.4', 'pbx-1.1');
    s.bridgeLeave('br-1', 'pbx-1.1');
    s.emit('AttendedTransfer', [['Result', 'Success']]);
    s.bridgeLeave('br-2', 'pbx-1.3');
    s.bridgeDestroy('br-2');
    s.hangup('pbx-1.1');
    s.hangup('pbx-1.3');
    const board = run(s);
    expect(Object.keys(board.channels).sort()).toEqual(['pbx-1.2', 'pbx-1.4']);
    expect(board.bridges['br-1']?.channels).toEqual(['pbx-1.2', 'pbx-1.4']);
    expect(board.bridges['br-2']).toBeUndefined();
    expect(board.channels['pbx-1.4']?.bridgeId).toBe('br-1');
  });

  it('merges bridges: every channel of the source ends in the destination', () => {
    const s = new Script();
    basicCall(s);
    s.newChannel('PJSIP/103-00000005', 'pbx-1.5', { state: 6 });
    s.bridgeCreate('br-3');
    s.bridgeEnter('br-3', 'pbx-1.5');
    s.emit('BridgeMerge', s.bridgeBlock('br-1', 'To'), s.bridgeBlock('br-3', 'From'));
    const board = run(s);
    expect(board.bridges['br-1']?.channels).toEqual(['pbx-1.1', 'pbx-1.2', 'pbx-1.5']);
    expect(board.bridges['br-3']?.channels).toEqual([]);
    expect(board.channels['pbx-1.5']?.bridgeId).toBe('br-1');
  });

  it('parks a call and takes it back (UnParkedCall), and clears parking on give-up and timeout', () => {
    const s = new Script();
    basicCall(s);
    s.bridgeLeave('br-1', 'pbx-1.2');
    s.bridgeCreate('park-lot', 'parking', 'holding_bridge');
    s.bridgeEnter('park-lot', 'pbx-1.2');
    s.emit('ParkedCall', s.block('pbx-1.2', 'Parkee'), [
      ['ParkerDialString', 'PJSIP/101'],
      ['Parkinglot', 'default'],
      ['ParkingSpace', '701'],
      ['ParkingTimeout', '45'],
      ['ParkingDuration', '0'],
    ]);
    let board = run(s);
    expect(board.channels['pbx-1.2']).toMatchObject({
      parkedAt: '701',
      parkingLot: 'default',
      bridgeId: 'park-lot',
    });
    expect(board.bridges['park-lot']?.type).toBe('parking');

    s.emit('UnParkedCall', s.block('pbx-1.2', 'Parkee'), s.block('pbx-1.1', 'Retriever'), [
      ['Parkinglot', 'default'],
      ['ParkingSpace', '701'],
    ]);
    board = run(s);
    expect(board.channels['pbx-1.2']?.parkedAt).toBeUndefined();
    expect(board.channels['pbx-1.2']?.parkingLot).toBeUndefined();

    for (const end of ['ParkedCallGiveUp', 'ParkedCallTimeOut']) {
      const t = new Script();
      basicCall(t);
      t.emit('ParkedCall', t.block('pbx-1.2', 'Parkee'), [
        ['Parkinglot', 'default'],
        ['ParkingSpace', '702'],
      ]);
      t.emit(end, t.block('pbx-1.2', 'Parkee'), [['ParkingSpace', '702']]);
      expect(run(t).channels['pbx-1.2']?.parkedAt, end).toBeUndefined();
    }
  });

  it('hangs up: the channel leaves its bridge and the board', () => {
    const s = new Script();
    basicCall(s);
    s.bridgeLeave('br-1', 'pbx-1.1');
    s.hangup('pbx-1.1');
    s.bridgeLeave('br-1', 'pbx-1.2');
    s.hangup('pbx-1.2');
    s.bridgeDestroy('br-1');
    const board = run(s);
    expect(board.channels).toEqual({});
    expect(board.bridges).toEqual({});
  });

  it('a Hangup without BridgeLeave still takes the channel out of its bridge', () => {
    const s = new Script();
    basicCall(s);
    s.hangup('pbx-1.1');
    const board = run(s);
    expect(board.bridges['br-1']?.channels).toEqual(['pbx-1.2']);
  });

  it('renames a channel, keeping its key and start time', () => {
    const s = new Script();
    basicCall(s);
    s.emit('Rename', [
      ['Channel', 'PJSIP/102-00000002'],
      ['Newname', 'PJSIP/102-00000002<ZOMBIE>'],
      ['Uniqueid', 'pbx-1.2'],
    ]);
    const board = run(s);
    expect(board.channels['pbx-1.2']).toMatchObject({
      channel: 'PJSIP/102-00000002<ZOMBIE>',
      startedAt: T0 + 2000,
    });
  });

  it('updates caller ID from NewCallerid', () => {
    const s = new Script();
    basicCall(s);
    s.set('pbx-1.2', { cidName: 'Beto \\ Ventas', cidNum: '5551234' });
    s.emit('NewCallerid', s.block('pbx-1.2'), [
      ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
    ]);
    const board = run(s);
    expect(board.channels['pbx-1.2']).toMatchObject({
      callerIdName: 'Beto \\ Ventas',
      callerIdNum: '5551234',
    });
  });

  it('keeps devices, contacts, peers and hints', () => {
    let board = EMPTY_BOARD;
    const events = [
      ev('DeviceStateChange', { Device: 'PJSIP/101', State: 'NOT_INUSE' }),
      ev('ContactStatus', {
        URI: 'sip:101@10.0.0.5:5060',
        ContactStatus: 'Reachable',
        AOR: '101',
        EndpointName: '101',
        RoundtripUsec: '1234',
      }),
      ev('PeerStatus', { ChannelType: 'PJSIP', Peer: 'PJSIP/101', PeerStatus: 'Reachable' }),
      ev('ExtensionStatus', {
        Exten: '101',
        Context: 'from-internal',
        Hint: 'PJSIP/101',
        Status: '9',
        StatusText: 'InUse&Ringing',
      }),
      ev('DeviceStateChange', { Device: 'PJSIP/101', State: 'RINGINUSE' }),
      ev('ExtensionStatus', { Exten: '102', Context: 'from-internal', Hint: 'PJSIP/102', Status: '0' }),
    ];
    events.forEach((e, i) => (board = reduceEvent(board, e, T0 + i)));
    expect(board.endpoints['PJSIP/101']).toEqual({
      id: 'PJSIP/101',
      kind: 'device',
      state: 'RINGINUSE',
      reachability: 'Reachable',
      peerStatus: 'Reachable',
    });
    expect(board.endpoints['101@from-internal']).toEqual({
      id: '101@from-internal',
      kind: 'hint',
      state: 'RINGINUSE',
      label: '101',
      exten: '101',
      context: 'from-internal',
      hint: 'PJSIP/101',
    });
    expect(board.endpoints['102@from-internal']?.state).toBe('NOT_INUSE');
    // A hint removed from the dialplan (-2) leaves the board.
    board = reduceEvent(
      board,
      ev('ExtensionStatus', { Exten: '102', Context: 'from-internal', Hint: 'PJSIP/102', Status: '-2' }),
      T0,
    );
    expect(board.endpoints['102@from-internal']).toBeUndefined();
  });
});

describe('reducer safety', () => {
  const s = new Script();
  s.newChannel('PJSIP/101-00000001', 'pbx-1.1', { state: 6 });
  const base = run(s);

  it('returns the same board for unknown events, events for unknown channels and junk', () => {
    const junk = [
      ev('SuccessfulAuth', { AccountID: 'admin' }),
      ev('SomethingNew', { Uniqueid: 'pbx-1.1' }),
      ev('Newstate', { Uniqueid: 'nope', Linkedid: 'nope', ChannelState: '6', ChannelStateDesc: 'Up' }),
      ev('Hangup', { Uniqueid: 'nope' }),
      ev('Hangup', {}),
      ev('BridgeEnter', { BridgeUniqueid: '' }),
      ev('BridgeDestroy', { BridgeUniqueid: 'never-seen' }),
      ev('BridgeLeave', { BridgeUniqueid: 'never-seen', Uniqueid: 'nope' }),
      ev('Rename', { Uniqueid: 'nope', Newname: 'x' }),
      ev('VarSet', { Channel: 'none', Uniqueid: 'none', Variable: 'GLOBALX', Value: '1' }),
      ev('ParkedCall', { ParkeeUniqueid: 'nope', ParkingSpace: '701' }),
      ev('Hold', {}),
      ev('ExtensionStatus', { Exten: '', Context: '' }),
      ev('DeviceStateChange', { Device: '__proto__', State: 'INUSE' }),
      ev('Newchannel', { Uniqueid: '__proto__', Linkedid: 'x', ChannelState: '0' }),
      ev('Cel', { UniqueID: 'pbx-1.1', LinkedID: 'pbx-1.1', Exten: '999', Context: 'elsewhere' }),
      ev('OriginateResponse', { Uniqueid: 'pbx-1.1', Channel: 'PJSIP/other', Response: 'Success' }),
      ev('OriginateResponse', { Uniqueid: 'nope', Response: 'Success', Application: 'Wait' }),
      ev('OriginateResponse', { Uniqueid: 'pbx-1.1', Response: 'Failure', Application: 'Wait' }),
      ev('DialBegin', { DestUniqueid: 'nope', DestLinkedid: 'nope', DestChannelState: '0' }),
      ev('BridgeMerge', { ToBridgeUniqueid: '' }),
      // A message that is not an event at all.
      makeMessage([['Response', 'Success']]),
    ];
    for (const event of junk)
      expect(reduceEvent(base, event, T0 + 99), JSON.stringify(event.lines)).toBe(base);
    expect(Object.getPrototypeOf(reduceEvents(base, junk, T0).endpoints)).toBe(Object.prototype);
  });

  it('never changes its input and keeps untouched entries by identity', () => {
    const t = new Script();
    t.newChannel('PJSIP/101-00000001', 'a', { state: 6 });
    t.newChannel('PJSIP/102-00000002', 'b', { state: 6 });
    const before = run(t);
    const frozen = JSON.stringify(before);
    t.newstate('b', 7);
    const after = reduceEvent(before, t.events.at(-1) ?? ev('x'), T0 + 5);
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after.channels['a']).toBe(before.channels['a']);
    expect(after.channels['b']).not.toBe(before.channels['b']);
    expect(after.bridges).toBe(before.bridges);
    // Repeating what is known changes nothing, not even identity.
    expect(reduceEvent(after, t.events.at(-1) ?? ev('x'), T0 + 6)).toBe(after);
  });

  it('keeps the start time when a Newchannel repeats for a known channel', () => {
    const again = reduceEvent(base, s.events[0] ?? ev('x'), T0 + 50_000);
    expect(again.channels['pbx-1.1']?.startedAt).toBe(T0);
  });

  it('is JSON-safe: a JSON round trip gives an equal board', () => {
    const t = new Script();
    t.newChannel('PJSIP/101-00000001', 'a', { state: 6, cidName: 'Zoë' });
    t.emit('MusicOnHoldStart', t.block('a'), [['Class', 'default']]);
    t.emit('MusicOnHoldStop', t.block('a'));
    const board = run(t);
    expect(JSON.parse(JSON.stringify(board))).toStrictEqual(board);
  });
});
