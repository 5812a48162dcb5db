/**
 * The renderer's pure board logic (renderer/src/lib/calls.ts): how channels become calls, and how
 * filter, search and sort pick what the operator sees. The browser tests show it end to end; these
 * pin the rules directly.
 */
import { describe, expect, it } from 'vitest';
import type { Channel, Endpoint } from '../../shared/model';
import { applyPatch, groupCalls, visibleCalls } from '../../renderer/src/lib/calls';
import { endpointRows } from '../../renderer/src/lib/endpoints';

function ch(uniqueid: string, over: Partial<Channel> = {}): Channel {
  return {
    channel: `PJSIP/${uniqueid}`,
    uniqueid,
    linkedid: uniqueid,
    state: 'Up',
    callerIdNum: '',
    callerIdName: '',
    connectedLineNum: '',
    connectedLineName: '',
    context: 'from-internal',
    exten: '100',
    startedAt: 1000,
    bridgeId: null,
    onHold: false,
    recording: false,
    ...over,
  };
}

function byId(...channels: Channel[]): Record<string, Channel> {
  return Object.fromEntries(channels.map((c) => [c.uniqueid, c]));
}

describe('groupCalls', () => {
  it('keeps parked calls apart although they all wait in the one parking bridge', () => {
    const calls = groupCalls(
      byId(
        ch('p1', { bridgeId: 'parking', parkedAt: '701' }),
        ch('p2', { bridgeId: 'parking', parkedAt: '702' }),
      ),
    );
    expect(calls.map((c) => c.channels.map((x) => x.uniqueid))).toEqual([['p1'], ['p2']]);
    expect(calls.every((c) => !c.bridged)).toBe(true);
  });

  it('puts bridged channels and channels sharing a linkedid in one call, oldest first', () => {
    const calls = groupCalls(
      byId(
        ch('b', { linkedid: 'a', startedAt: 2000, bridgeId: 'br1' }),
        ch('a', { startedAt: 1000, bridgeId: 'br1' }),
        ch('c', { startedAt: 500, state: 'Ringing' }),
        ch('d', { linkedid: 'c', startedAt: 600, state: 'Ring' }),
        ch('e', { startedAt: 700 }),
      ),
    );
    const shape = calls.map((c) => [c.id, c.channels.map((x) => x.uniqueid), c.phase]).sort();
    expect(shape).toEqual([
      ['a', ['a', 'b'], 'up'],
      ['c', ['c', 'd'], 'ringing'],
      ['e', ['e'], 'up'],
    ]);
  });

  it('joins two calls that a transfer bridged together (different linkedids, one bridge)', () => {
    const calls = groupCalls(
      byId(ch('a', { bridgeId: 'x' }), ch('b', { linkedid: 'a' }), ch('c', { bridgeId: 'x', linkedid: 'c' })),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.channels.map((c) => c.uniqueid)).toEqual(['a', 'b', 'c']);
  });

  it('marks hold, recording and parking from any channel of the call', () => {
    const [call] = groupCalls(
      byId(ch('a', { onHold: true }), ch('b', { linkedid: 'a', recording: true, parkedAt: '701' })),
    );
    expect(call).toMatchObject({ onHold: true, recording: true, parkedAt: '701', phase: 'hold' });
  });

  it('keeps an untouched call the same object across a patch, and replaces a touched one', () => {
    const board = { channels: byId(ch('a'), ch('b', { startedAt: 5 })), bridges: {}, endpoints: {} };
    const first = groupCalls(board.channels);
    const previous = new Map(first.map((c) => [c.id, c]));
    const next = applyPatch(board, { channels: { a: ch('a', { state: 'Ringing' }) } });
    const second = groupCalls(next.channels, previous);
    expect(second.find((c) => c.id === 'b')).toBe(previous.get('b'));
    expect(second.find((c) => c.id === 'a')).not.toBe(previous.get('a'));
    expect(second.find((c) => c.id === 'a')?.phase).toBe('ringing');
  });
});

describe('applyPatch', () => {
  it('adds, replaces and removes (null) without touching the old snapshot', () => {
    const old = {
      channels: byId(ch('a'), ch('b')),
      bridges: {},
      endpoints: { e: { id: 'e', state: 'INUSE' } },
    };
    const next = applyPatch(old, {
      channels: { a: null, c: ch('c') },
      endpoints: { e: { id: 'e', state: 'NOT_INUSE' } },
    });
    expect(Object.keys(next.channels).sort()).toEqual(['b', 'c']);
    expect(Object.keys(old.channels).sort()).toEqual(['a', 'b']);
    expect(next.endpoints['e']?.state).toBe('NOT_INUSE');
    expect(next.bridges).toBe(old.bridges);
  });
});

describe('visibleCalls', () => {
  const calls = groupCalls(
    byId(
      ch('a', { callerIdName: 'Ana García', callerIdNum: '600111222', startedAt: 3, exten: '102' }),
      ch('b', { callerIdName: 'Luis', startedAt: 1, exten: '110', onHold: true }),
      ch('c', { callerIdName: 'Carmen', startedAt: 2, exten: '9', state: 'Ringing', recording: true }),
    ),
  );
  const ids = (list: { id: string }[]) => list.map((c) => c.id);

  it('sorts by age, newest, caller, extension (numeric) and state', () => {
    expect(ids(visibleCalls(calls, 'all', '', 'longest'))).toEqual(['b', 'c', 'a']);
    expect(ids(visibleCalls(calls, 'all', '', 'newest'))).toEqual(['a', 'c', 'b']);
    expect(ids(visibleCalls(calls, 'all', '', 'caller'))).toEqual(['a', 'c', 'b']);
    expect(ids(visibleCalls(calls, 'all', '', 'exten'))).toEqual(['c', 'a', 'b']);
    expect(ids(visibleCalls(calls, 'all', '', 'state'))).toEqual(['c', 'b', 'a']);
  });

  it('filters by phase and flags, and searches names, numbers and channels case-insensitively', () => {
    expect(ids(visibleCalls(calls, 'ringing', '', 'longest'))).toEqual(['c']);
    expect(ids(visibleCalls(calls, 'hold', '', 'longest'))).toEqual(['b']);
    expect(ids(visibleCalls(calls, 'recording', '', 'longest'))).toEqual(['c']);
    expect(ids(visibleCalls(calls, 'up', '', 'longest'))).toEqual(['b', 'a']);
    expect(ids(visibleCalls(calls, 'all', 'garcía', 'longest'))).toEqual(['a']);
    expect(ids(visibleCalls(calls, 'all', '111', 'longest'))).toEqual(['a']);
    expect(ids(visibleCalls(calls, 'all', 'pjsip/c', 'longest'))).toEqual(['c']);
    expect(ids(visibleCalls(calls, 'all', 'nobody', 'longest'))).toEqual([]);
  });
});

describe('endpointRows', () => {
  const hint = (exten: string, state: string, devices: string, context = 'from-internal'): Endpoint => ({
    id: `${exten}@${context}`,
    kind: 'hint',
    state,
    label: exten,
    exten,
    context,
    hint: devices,
  });
  const device = (id: string, state: string): Endpoint => ({ id, kind: 'device', state });
  const map = (...list: Endpoint[]): Record<string, Endpoint> =>
    Object.fromEntries(list.map((e) => [e.id, e]));

  it('merges a hint with its device, preferring the device state, one row per extension in order', () => {
    const rows = endpointRows(
      map(
        device('PJSIP/110', 'INUSE'),
        hint('110', 'NOT_INUSE', 'PJSIP/110'),
        hint('9', 'RINGING', 'PJSIP/9'),
        device('PJSIP/9', 'RINGING'),
        hint('101', 'INUSE', 'PJSIP/101'),
        device('PJSIP/101', 'UNKNOWN'),
      ),
    );
    expect(rows.map((r) => [r.number, r.device, r.state])).toEqual([
      ['9', 'PJSIP/9', 'RINGING'],
      // An UNKNOWN device says nothing: the hint's state stands.
      ['101', 'PJSIP/101', 'INUSE'],
      // The stale hint (Idle) loses to its device (In use).
      ['110', 'PJSIP/110', 'INUSE'],
    ]);
  });

  it('keeps a device no hint names as its own row, and a hint whose device is unknown', () => {
    const rows = endpointRows(map(device('PJSIP/205', 'BUSY'), hint('300', 'UNAVAILABLE', 'PJSIP/300')));
    expect(rows).toEqual([
      { key: 'PJSIP/205', number: '205', device: 'PJSIP/205', state: 'BUSY' },
      { key: '300@from-internal', number: '300', device: 'PJSIP/300', state: 'UNAVAILABLE' },
    ]);
  });

  it('takes the hint state when the hint watches several devices', () => {
    const rows = endpointRows(
      map(
        device('PJSIP/120', 'NOT_INUSE'),
        device('Custom:dnd120', 'BUSY'),
        hint('120', 'BUSY', 'PJSIP/120&Custom:dnd120'),
      ),
    );
    expect(rows).toEqual([{ key: '120@from-internal', number: '120', device: 'PJSIP/120', state: 'BUSY' }]);
  });
});
