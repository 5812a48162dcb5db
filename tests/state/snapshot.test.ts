import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../shared/ami';
import { EMPTY_BOARD, type BoardSnapshot } from '../../shared/model';
import { reduceEvents } from '../../electron/state/channels';
import { diffBoards } from '../../electron/state/patches';
import { buildBoard, parseDuration, resyncBoard } from '../../electron/state/snapshot';
import { boardProblems, captureBodies, ev, listedView, Script } from './helpers';

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);

describe('parseDuration', () => {
  it('reads HH:MM:SS, hours past 99 included, and refuses anything else', () => {
    expect(parseDuration('00:01:14')).toBe(74_000);
    expect(parseDuration('123:00:01')).toBe((123 * 3600 + 1) * 1000);
    for (const bad of ['', '1:2:3', '00:60:00', 'abc', '00:00', undefined])
      expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('buildBoard', () => {
  it('builds the 4 channels of capture 04t with start times from Duration', () => {
    const [list] = captureBodies('04t-rawman-coreshowchannels-with-channels.http');
    if (!list) throw new Error('no body');
    const items = list.messages.filter((m) => m.fields['event'] === 'CoreShowChannel');
    const board = buildBoard({ channels: items, bridges: [] }, list.at);
    expect(boardProblems(board)).toEqual([]);
    expect(Object.keys(board.channels).sort()).toEqual([
      'ajamtest-1795663496.0',
      'ajamtest-1795663496.1',
      'ajamtest-1795663517.2',
      'ajamtest-1795663517.3',
    ]);
    expect(board.channels['ajamtest-1795663496.0']).toEqual({
      channel: 'Local/100@demo-00000000;1',
      uniqueid: 'ajamtest-1795663496.0',
      linkedid: 'ajamtest-1795663496.0',
      state: 'Up',
      callerIdNum: '<unknown>',
      callerIdName: '<unknown>',
      connectedLineNum: '<unknown>',
      connectedLineName: '<unknown>',
      context: 'demo',
      exten: '100',
      application: 'Wait',
      startedAt: list.at - 74_000,
      bridgeId: null,
      onHold: false,
      recording: false,
      localPeer: 'ajamtest-1795663496.1',
    });
    expect(board.channels['ajamtest-1795663517.3']?.startedAt).toBe(list.at - 53_000);
  });

  it('builds bridges from BridgeList and members from BridgeId, endpoints from the lists', () => {
    const s = new Script();
    s.newChannel('PJSIP/101-00000001', 'a', { state: 6 });
    s.newChannel('PJSIP/102-00000002', 'b', { state: 6 });
    s.newChannel('PJSIP/103-00000003', 'c', { state: 6 });
    s.bridgeCreate('br-1');
    s.bridgeEnter('br-1', 'a');
    s.bridgeEnter('br-1', 'b');
    s.bridgeCreate('br-empty', 'holding', 'holding_bridge');
    const board = buildBoard(
      {
        channels: s.coreShowChannels({ a: '00:02:00' }),
        bridges: s.bridgeList(),
        devices: [ev('DeviceStateChange', { ActionID: 'd', Device: 'PJSIP/101', State: 'INUSE' })],
        endpoints: [
          ev('EndpointList', {
            ObjectType: 'endpoint',
            ObjectName: '103',
            DeviceState: 'Not in use',
            ActiveChannels: '0',
          }),
        ],
        hints: [
          ev('ExtensionStatus', {
            Exten: '101',
            Context: 'internos',
            Hint: 'PJSIP/101',
            Status: '1',
            StatusText: 'InUse',
          }),
        ],
      },
      T0,
    );
    expect(boardProblems(board)).toEqual([]);
    expect(board.bridges['br-1']).toEqual({
      bridgeId: 'br-1',
      type: 'basic',
      technology: 'simple_bridge',
      channels: ['a', 'b'],
      createdAt: T0,
    });
    expect(board.bridges['br-empty']?.channels).toEqual([]);
    expect(board.channels['a']?.startedAt).toBe(T0 - 120_000);
    expect(board.channels['c']?.bridgeId).toBeNull();
    expect(board.endpoints['PJSIP/101']?.state).toBe('INUSE');
    expect(board.endpoints['PJSIP/103']).toEqual({
      id: 'PJSIP/103',
      kind: 'device',
      state: 'NOT_INUSE',
      activeChannels: 0,
    });
    expect(board.endpoints['101@internos']?.state).toBe('INUSE');
  });

  it('creates a bridge a channel names even when BridgeList missed it (race or no permission)', () => {
    const item = makeMessage([
      ['Event', 'CoreShowChannel'],
      ['Channel', 'PJSIP/1-1'],
      ['ChannelState', '6'],
      ['ChannelStateDesc', 'Up'],
      ['Uniqueid', 'u1'],
      ['Linkedid', 'u1'],
      ['Duration', '00:00:05'],
      ['BridgeId', 'late-bridge'],
    ]);
    const board = buildBoard({ channels: [item, item] }, T0);
    expect(Object.keys(board.channels)).toEqual(['u1']);
    expect(board.bridges['late-bridge']?.channels).toEqual(['u1']);
    expect(boardProblems(board)).toEqual([]);
  });
});

describe('resyncBoard after a reconnect', () => {
  function liveBoard(): { script: Script; board: BoardSnapshot } {
    const s = new Script();
    s.newChannel('PJSIP/101-00000001', 'a', { state: 6, cidNum: '101' });
    s.newChannel('PJSIP/102-00000002', 'b', { state: 6, linkedid: 'a' });
    s.bridgeCreate('br-1');
    s.bridgeEnter('br-1', 'a');
    s.bridgeEnter('br-1', 'b');
    s.emit('Hold', s.block('a'));
    s.emit('MixMonitorStart', s.block('b'));
    const board = reduceEvents(EMPTY_BOARD, s.events, T0);
    return { script: s, board };
  }

  it('drops a channel whose Hangup was missed, with no ghost left in its bridge', () => {
    const { script, board } = liveBoard();
    // While disconnected: b hangs up (missed), a new call c starts (missed).
    script.bridgeLeave('br-1', 'b');
    script.hangup('b');
    script.newChannel('PJSIP/103-00000003', 'c', { state: 4 });
    const later = T0 + 600_000;
    const next = resyncBoard(
      board,
      { channels: script.coreShowChannels({ a: '00:10:00', c: '00:00:07' }), bridges: script.bridgeList() },
      later,
    );
    expect(boardProblems(next)).toEqual([]);
    expect(Object.keys(next.channels).sort()).toEqual(['a', 'c']);
    expect(next.bridges['br-1']?.channels).toEqual(['a']);
    expect(next.channels['c']?.startedAt).toBe(later - 7000);
  });

  it('keeps the real start time, hold and recording of channels that were already there', () => {
    const { script, board } = liveBoard();
    // Duration says 9:59 (rounded down): the timer must not move.
    const next = resyncBoard(
      board,
      { channels: script.coreShowChannels({ a: '00:09:59', b: '00:09:59' }), bridges: script.bridgeList() },
      T0 + 600_400,
    );
    expect(next.channels['a']?.startedAt).toBe(T0);
    expect(next.channels['a']?.onHold).toBe(true);
    expect(next.channels['b']?.recording).toBe(true);
    expect(next.bridges['br-1']?.createdAt).toBe(T0);
  });

  it('changes nothing, not even identity, when the lists say what the board already knows', () => {
    const { script, board } = liveBoard();
    const withApp = reduceEvents(board, [], T0);
    const lists = { channels: script.coreShowChannels(), bridges: script.bridgeList() };
    const first = resyncBoard(withApp, lists, T0 + 1000);
    // Only what the events could not tell (the Application) changed.
    expect(Object.keys(diffBoards(withApp, first).channels ?? {}).sort()).toEqual(['a', 'b']);
    const second = resyncBoard(first, lists, T0 + 2000);
    expect(second).toBe(first);
    expect(diffBoards(first, second)).toEqual({});
  });

  it('never duplicates: the same channel listed twice, or known and listed, stays one entry', () => {
    const { script, board } = liveBoard();
    const items = script.coreShowChannels();
    const next = resyncBoard(
      board,
      { channels: [...items, ...items], bridges: script.bridgeList() },
      T0 + 5000,
    );
    expect(Object.keys(next.channels).sort()).toEqual(['a', 'b']);
    expect(next.bridges['br-1']?.channels).toEqual(['a', 'b']);
  });

  it('takes parked marks from ParkedCalls when given and clears the stale ones', () => {
    const { script, board } = liveBoard();
    const parked = reduceEvents(
      board,
      [
        script.emit('ParkedCall', script.block('a', 'Parkee'), [
          ['Parkinglot', 'default'],
          ['ParkingSpace', '701'],
        ]),
      ],
      T0,
    );
    expect(parked.channels['a']?.parkedAt).toBe('701');
    const lists = { channels: script.coreShowChannels(), bridges: script.bridgeList() };
    expect(resyncBoard(parked, lists, T0).channels['a']?.parkedAt).toBe('701');
    const cleared = resyncBoard(parked, { ...lists, parked: [] }, T0);
    expect(cleared.channels['a']?.parkedAt).toBeUndefined();
    const moved = resyncBoard(
      parked,
      {
        ...lists,
        parked: [
          ev('ParkedCall', {
            ...Object.fromEntries(script.block('b', 'Parkee')),
            Parkinglot: 'default',
            ParkingSpace: '702',
          }),
        ],
      },
      T0,
    );
    expect(moved.channels['a']?.parkedAt).toBeUndefined();
    expect(moved.channels['b']?.parkedAt).toBe('702');
  });

  it('replaces devices and hints with the lists, keeping the other kind when its list was not fetched', () => {
    let board = reduceEvents(
      EMPTY_BOARD,
      [
        ev('DeviceStateChange', { Device: 'PJSIP/101', State: 'INUSE' }),
        ev('DeviceStateChange', { Device: 'PJSIP/gone', State: 'INUSE' }),
        ev('ExtensionStatus', { Exten: '101', Context: 'c', Hint: 'PJSIP/101', Status: '1' }),
      ],
      T0,
    );
    board = resyncBoard(
      board,
      { channels: [], devices: [ev('DeviceStateChange', { Device: 'PJSIP/101', State: 'NOT_INUSE' })] },
      T0,
    );
    expect(Object.keys(board.endpoints).sort()).toEqual(['101@c', 'PJSIP/101']);
    expect(board.endpoints['PJSIP/101']?.state).toBe('NOT_INUSE');
    board = resyncBoard(board, { channels: [], hints: [] }, T0);
    expect(Object.keys(board.endpoints)).toEqual(['PJSIP/101']);
  });

  it('agrees with the reducer: events then resync give the snapshot of the same calls', () => {
    const { script, board } = liveBoard();
    const snapshot = buildBoard({ channels: script.coreShowChannels(), bridges: script.bridgeList() }, T0);
    const view = listedView(
      resyncBoard(board, { channels: script.coreShowChannels(), bridges: script.bridgeList() }, T0),
    );
    expect(view).toEqual(listedView(snapshot));
  });
});
