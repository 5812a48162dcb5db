/**
 * Renderer rules the operator relies on, pinned directly (the Chromium tests show them end to end):
 * Asterisk's `<unknown>` caller ID placeholder, the call badge's state, accent-blind search and the
 * counts, and transfer targets the console knows. (Which keys start a hang-up: operator.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/model';
import { caller, connectedLine, known, partyText, who } from '../../renderer/src/lib/callerid';
import {
  channelsIn,
  countByFilter,
  fold,
  groupCalls,
  matchesSearch,
  visibleCalls,
} from '../../renderer/src/lib/calls';
import { endpointRows } from '../../renderer/src/lib/endpoints';
import { isKnownTarget, knownTargets } from '../../renderer/src/lib/targets';

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

describe('caller ID with Asterisk’s <unknown> placeholder', () => {
  // As Asterisk 22 reports a call from a trunk that sent a number only, before it is answered.
  const ringing = ch('t1', {
    channel: 'PJSIP/trunk-00000001',
    callerIdNum: '600123456',
    callerIdName: '<unknown>',
    connectedLineNum: '<unknown>',
    connectedLineName: '<unknown>',
  });

  it('shows the placeholder as nothing', () => {
    expect(known('<unknown>')).toBe('');
    expect(known(' <unknown> ')).toBe('');
    expect(known('Ana')).toBe('Ana');
    expect(caller(ringing)).toEqual({ name: '', num: '600123456' });
    expect(connectedLine(ringing)).toEqual({ name: '', num: '' });
    expect(partyText(ringing.connectedLineName, ringing.connectedLineNum)).toBe('');
    expect(who(ringing)).toBe('600123456');
  });

  it('falls back to the channel name, never to the placeholder', () => {
    const anonymous = ch('a1', { callerIdNum: '<unknown>', callerIdName: '<unknown>' });
    expect(who(anonymous)).toBe('PJSIP/a1');
    expect(partyText('Ana García', '102')).toBe('Ana García <102>');
    expect(partyText('102', '102')).toBe('102');
  });

  it('does not let "unknown" match every anonymous caller in a search', () => {
    const [call] = groupCalls(byId(ringing));
    expect(call && matchesSearch(call, 'unknown')).toBe(false);
    expect(call && matchesSearch(call, '600123')).toBe(true);
  });
});

describe('the call badge', () => {
  it('during an attended transfer reads the state of the ringing leg that colours it', () => {
    // Caller and transferer Up (the caller on hold music), the consultation leg to 103 ringing.
    const calls = groupCalls(
      byId(
        ch('caller', { startedAt: 1000, bridgeId: 'b1', linkedid: 'caller' }),
        ch('transferer', { startedAt: 1001, linkedid: 'caller' }),
        ch('target', { startedAt: 2000, linkedid: 'caller', state: 'Ringing' }),
      ),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ phase: 'ringing', state: 'Ringing' });
  });

  it('reads the state of the first channel when all agree', () => {
    const [call] = groupCalls(byId(ch('a', { bridgeId: 'b' }), ch('b', { bridgeId: 'b', startedAt: 2000 })));
    expect(call).toMatchObject({ phase: 'up', state: 'Up' });
  });

  it('a dialing call reads Dialing, not the Up of an older leg', () => {
    const [call] = groupCalls(
      byId(ch('a', { linkedid: 'a' }), ch('b', { linkedid: 'a', startedAt: 2000, state: 'Dialing' })),
    );
    // Talking beats dialing in the call's phase: then the badge says Up, and so does its colour.
    expect(call).toMatchObject({ phase: 'up', state: 'Up' });
  });
});

describe('search', () => {
  const channels = byId(
    ch('1', { callerIdName: 'Jorge Díaz', callerIdNum: '105', startedAt: 1 }),
    ch('2', { callerIdName: 'Ana García', callerIdNum: '102', state: 'Ringing', startedAt: 2 }),
    ch('3', { connectedLineName: 'Recepción', connectedLineNum: '101', onHold: true, startedAt: 3 }),
    ch('4', { callerIdName: 'Móvil', callerIdNum: '600123456', recording: true, startedAt: 4 }),
  );
  const calls = groupCalls(channels);
  const ids = (query: string, filter: Parameters<typeof visibleCalls>[1] = 'all') =>
    visibleCalls(calls, filter, query, 'longest').map((c) => c.id);

  it('ignores accents and case both ways', () => {
    expect(fold('Díaz')).toBe('diaz');
    expect(fold('RECEPCIÓN')).toBe('recepcion');
    expect(ids('diaz')).toEqual(['1']);
    expect(ids('DÍAZ')).toEqual(['1']);
    expect(ids('garcia')).toEqual(['2']);
    expect(ids('recepcion')).toEqual(['3']);
    expect(ids('movil')).toEqual(['4']);
    expect(ids('  ')).toEqual(['1', '2', '3', '4']);
  });

  it('counts per filter chip what the search leaves', () => {
    expect(countByFilter(calls, '')).toEqual({ all: 4, ringing: 1, up: 3, hold: 1, recording: 1 });
    expect(countByFilter(calls, 'ia')).toEqual({ all: 2, ringing: 1, up: 1, hold: 0, recording: 0 });
    const shown = visibleCalls(calls, 'up', 'ia', 'longest');
    expect(shown.map((c) => c.id)).toEqual(['1']);
    expect(channelsIn(shown)).toBe(1);
    expect(channelsIn(calls)).toBe(4);
  });
});

describe('transfer targets', () => {
  const rows = endpointRows({
    'PJSIP/101': { id: 'PJSIP/101', state: 'NOT_INUSE', kind: 'device' },
    '101@ext-local': {
      id: '101@ext-local',
      state: 'Idle',
      kind: 'hint',
      hint: 'PJSIP/101',
      exten: '101',
      label: 'Recepción',
    },
    'PJSIP/120': { id: 'PJSIP/120', state: 'UNAVAILABLE', kind: 'device' },
    'Custom:dnd101': { id: 'Custom:dnd101', state: 'NOT_INUSE', kind: 'device' },
  });

  it('knows the extensions of hints and endpoints, once each', () => {
    expect(knownTargets(rows)).toEqual([
      { exten: '101', label: 'Recepción' },
      { exten: '120' },
      // A custom device state is not something to dial.
    ]);
  });

  it('asks about anything else', () => {
    const known = knownTargets(rows);
    expect(isKnownTarget('101', known)).toBe(true);
    expect(isKnownTarget(' 120 ', known)).toBe(true);
    expect(isKnownTarget('999', known)).toBe(false);
    expect(isKnownTarget('10', known)).toBe(false);
    expect(isKnownTarget('', known)).toBe(false);
  });
});
