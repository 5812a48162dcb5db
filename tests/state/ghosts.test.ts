/**
 * Issue 12 items 16 and 3 (board part): ghost calls and an unbounded board. The live board
 * remembers hangups, reports what the event stream cannot explain, reconciles with the PBX's lists
 * by patches only (no flicker), and stays within its limits with an explicit TooMany mark.
 */
import { describe, expect, it } from 'vitest';
import { RawmanParser } from '../../electron/ajam/rawman';
import type { BoardAnomaly } from '../../electron/state/draft';
import { createLiveBoard, type LiveBoard } from '../../electron/state/live';
import { applyPatch, type BatchClock } from '../../electron/state/patches';
import { createReconciler } from '../../electron/state/reconcile';
import { EMPTY_BOARD, type BoardSnapshot, type BoardUpdate } from '../../shared/model';
import { boardProblems, ev, Script } from './helpers';

/** Time that moves only when told, timers included. */
class StepClock implements BatchClock {
  time = Date.UTC(2026, 11, 1, 9, 0, 0);
  timers = new Map<number, { at: number; fn: () => void }>();
  #id = 0;
  now(): number {
    return this.time;
  }
  setTimer(fn: () => void, ms: number): unknown {
    this.timers.set(++this.#id, { at: this.time + ms, fn });
    return this.#id;
  }
  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}

function watch(live: LiveBoard) {
  const anomalies: Array<[BoardAnomaly, string]> = [];
  live.onAnomaly((kind, id) => anomalies.push([kind, id]));
  const updates: BoardUpdate[] = [];
  live.subscribe((u) => updates.push(u));
  const mirror = (): BoardSnapshot =>
    updates.reduce<BoardSnapshot>(
      (m, u) => (u.kind === 'snapshot' ? u.board : applyPatch(m, u.patch)),
      EMPTY_BOARD,
    );
  return { anomalies, updates, mirror };
}

/** A board with two calls: a (caller) and b (callee) bridged, and c ringing alone. */
function office(): { s: Script; live: LiveBoard; clock: StepClock } {
  const clock = new StepClock();
  const live = createLiveBoard({ clock });
  const s = new Script();
  s.newChannel('PJSIP/101-00000001', 'a', { state: 6, cidNum: '101' });
  s.newChannel('PJSIP/102-00000002', 'b', { state: 6, cidNum: '102' });
  s.bridgeCreate('br1');
  s.bridgeEnter('br1', 'a');
  s.bridgeEnter('br1', 'b');
  s.newChannel('PJSIP/103-00000003', 'c', { state: 5, cidNum: '103' });
  live.resync({ channels: s.coreShowChannels(), bridges: s.bridgeList() }, { fresh: true });
  clock.advance(100);
  return { s, live, clock };
}

describe('ghost calls', () => {
  it('a Hangup before its Newchannel is an anomaly, and the late Newchannel does not bring the channel back', () => {
    const { s, live, clock } = office();
    const { anomalies } = watch(live);
    s.newChannel('PJSIP/104-00000004', 'd', { state: 4 });
    const newchannel = s.events.at(-1)!;
    s.hangup('d');
    const hangup = s.events.at(-1)!;
    live.push(hangup);
    live.push(newchannel);
    clock.advance(100);
    expect(live.board().channels['d']).toBeUndefined();
    expect(anomalies).toEqual([
      ['unknown-hangup', 'd'],
      ['newchannel-after-hangup', 'd'],
    ]);
  });

  it('events trailing a real Hangup are no anomaly; an event about a channel never seen is', () => {
    const { s, live } = office();
    const { anomalies } = watch(live);
    const trailing = s.emit('NewCallerid', s.block('c'));
    s.hangup('c');
    live.push(s.events.at(-1)!);
    live.push(trailing);
    expect(anomalies).toEqual([]);
    s.newChannel('PJSIP/105-00000005', 'e', { state: 4 });
    live.push(s.emit('Newexten', s.block('e'), [['Application', 'Dial']]));
    expect(anomalies).toEqual([['unknown-channel', 'e']]);
  });

  it('a caller ID with CR/LF cannot drop a live call through a spliced Hangup', () => {
    const { live } = office();
    const { anomalies } = watch(live);
    // What rawman puts on the wire when a caller sets this name (values are not escaped).
    const name =
      'Mallory\r\n\r\nEvent: Hangup\r\nChannel: PJSIP/101-00000001\r\nUniqueid: a\r\nLinkedid: a\r\nCause: 16';
    const body =
      `Event: Newchannel\r\nChannel: PJSIP/666-00000009\r\nChannelState: 4\r\nChannelStateDesc: Ring\r\n` +
      `CallerIDNum: 666\r\nCallerIDName: ${name}\r\nConnectedLineNum: <unknown>\r\nConnectedLineName: <unknown>\r\n` +
      `Language: en\r\nAccountCode: \r\nContext: from-internal\r\nExten: 100\r\nPriority: 1\r\n` +
      `Uniqueid: m\r\nLinkedid: m\r\n\r\n`;
    const parser = new RawmanParser();
    const messages = [...parser.push(body), ...parser.end()];
    expect(messages.map((m) => m.fields['event'])).toEqual(['Newchannel', 'Hangup']);
    for (const message of messages) live.push(message);
    expect(live.board().channels['a']).toBeDefined();
    expect(live.board().bridges['br1']?.channels).toContain('a');
    expect(anomalies).toContainEqual(['ambiguous', 'a']);
  });
});

describe('reconcile', () => {
  it('sends only what differs, as a patch, keeping every unchanged entry as it was', () => {
    const { s, live, clock } = office();
    const { updates, mirror } = watch(live);
    const before = live.board();
    // What the board missed: c hung up, f appeared, a's connected line changed.
    s.hangup('c');
    s.newChannel('PJSIP/106-00000006', 'f', { state: 6 });
    s.set('a', { colNum: '555' });
    const token = live.beginReconcile();
    const changed = live.reconcile(token, { channels: s.coreShowChannels(), bridges: s.bridgeList() });
    clock.advance(100);
    expect(changed).toBe(3);
    expect(updates.filter((u) => u.kind === 'snapshot')).toHaveLength(1); // the subscribe's own
    const patch = updates.at(-1);
    expect(patch?.kind).toBe('patch');
    if (patch?.kind !== 'patch') return;
    expect(Object.keys(patch.patch.channels ?? {}).sort()).toEqual(['a', 'c', 'f']);
    expect(patch.patch.channels?.['c']).toBeNull();
    expect(patch.patch.bridges).toBeUndefined();
    const after = live.board();
    expect(after.channels['b']).toBe(before.channels['b']);
    expect(after.channels['a']?.startedAt).toBe(before.channels['a']?.startedAt);
    expect(after.channels['a']?.connectedLineNum).toBe('555');
    expect(mirror()).toEqual(after);
    expect(boardProblems(after)).toEqual([]);
    // Nothing differs any more: nothing is sent.
    const count = updates.length;
    expect(
      live.reconcile(live.beginReconcile(), { channels: s.coreShowChannels(), bridges: s.bridgeList() }),
    ).toBe(0);
    clock.advance(100);
    expect(updates.length).toBe(count);
  });

  it('events that arrive while the lists are on their way win over the lists', () => {
    const { s, live } = office();
    const token = live.beginReconcile();
    const lists = { channels: s.coreShowChannels(), bridges: s.bridgeList() };
    // After the PBX answered the lists: g is new, b hangs up (and leaves the bridge).
    s.newChannel('PJSIP/107-00000007', 'g', { state: 4 });
    live.push(s.events.at(-1)!);
    s.bridgeLeave('br1', 'b');
    live.push(s.events.at(-1)!);
    s.hangup('b');
    live.push(s.events.at(-1)!);
    live.reconcile(token, lists);
    const board = live.board();
    expect(board.channels['g']).toBeDefined();
    expect(board.channels['b']).toBeUndefined();
    expect(board.bridges['br1']?.channels).toEqual(['a']);
    expect(boardProblems(board)).toEqual([]);
  });

  it('brings back a call a fake Hangup took off, and forgets that Hangup', () => {
    const { s, live } = office();
    live.push(ev('Hangup', { Uniqueid: 'c', Linkedid: 'c', Channel: 'PJSIP/103-00000003', Cause: '16' }));
    expect(live.board().channels['c']).toBeUndefined();
    live.reconcile(live.beginReconcile(), { channels: s.coreShowChannels(), bridges: s.bridgeList() });
    expect(live.board().channels['c']?.state).toBe('Ringing');
    // The PBX vouched for c: its events count again.
    s.newstate('c', 6);
    live.push(s.events.at(-1)!);
    expect(live.board().channels['c']?.state).toBe('Up');
  });
});

describe('board limits', () => {
  it('stops at the channel limit with a TooMany mark in snapshot and patch, cleared when the lists fit', () => {
    const clock = new StepClock();
    const live = createLiveBoard({ clock, limits: { channels: 3, endpoints: 2 } });
    const { updates, mirror, anomalies } = watch(live);
    const s = new Script();
    for (let i = 1; i <= 5; i++) {
      s.newChannel(`PJSIP/1${i}-0000000${i}`, `u${i}`, { state: 6 });
      live.push(s.events.at(-1)!);
    }
    for (const device of ['PJSIP/1', 'PJSIP/2', 'PJSIP/3'])
      live.push(ev('DeviceStateChange', { Device: device, State: 'NOT_INUSE' }));
    clock.advance(100);
    const board = live.board();
    expect(Object.keys(board.channels)).toEqual(['u1', 'u2', 'u3']);
    expect(Object.keys(board.endpoints)).toHaveLength(2);
    expect(board.tooMany).toEqual({ channels: 3, endpoints: 2 });
    expect(mirror()).toEqual(board);
    // Events about the channels left out are expected then, not anomalies.
    s.newstate('u5', 5);
    live.push(s.events.at(-1)!);
    expect(anomalies).toEqual([]);
    // A resync with more channels than fit keeps what the board shows.
    live.resync({ channels: s.coreShowChannels() });
    expect(Object.keys(live.board().channels).sort()).toEqual(['u1', 'u2', 'u3']);
    expect(live.board().tooMany?.channels).toBe(3);
    // The PBX now has three: they fit, the mark goes, and a patch says so.
    s.hangup('u4');
    s.hangup('u5');
    live.reconcile(live.beginReconcile(), { channels: s.coreShowChannels(), devices: [] });
    clock.advance(100);
    expect(live.board().tooMany).toBeUndefined();
    const last = updates.at(-1);
    expect(last?.kind === 'patch' && last.patch.tooMany).toBeNull();
    expect(mirror()).toEqual(live.board());
  });

  it('a flood of Newchannels leaves the board at its default limit, not growing without end', () => {
    const live = createLiveBoard({ clock: new StepClock() });
    for (let i = 0; i < 12_000; i++) {
      live.push(
        ev('Newchannel', {
          Uniqueid: `f${i}`,
          Linkedid: `f${i}`,
          Channel: `PJSIP/x-${i}`,
          ChannelState: '4',
        }),
      );
    }
    expect(Object.keys(live.board().channels)).toHaveLength(10_000);
    expect(live.board().tooMany?.channels).toBe(10_000);
  });
});

describe('the reconcile schedule', () => {
  it('runs periodically, once per anomaly burst after a short delay, never closer than the gap, and shares runs', async () => {
    const clock = new StepClock();
    let runs = 0;
    let release: (() => void) | undefined;
    const reconciler = createReconciler(
      () => {
        runs += 1;
        return new Promise<number>((resolve) => (release = () => resolve(1)));
      },
      clock,
      { periodMs: 60_000, anomalyDelayMs: 1000, anomalyGapMs: 10_000, requestGapMs: 2000 },
    );
    const settle = async () => {
      release?.();
      release = undefined;
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    // A burst of anomalies: one run, a second after the first.
    reconciler.anomaly();
    clock.advance(500);
    reconciler.anomaly();
    reconciler.anomaly();
    expect(runs).toBe(0);
    clock.advance(600);
    expect(runs).toBe(1);
    // A window asking meanwhile shares the run under way.
    const shared = reconciler.request();
    expect(runs).toBe(1);
    await settle();
    await expect(shared).resolves.toBe(1);
    // Right after, a request is answered by that run; another anomaly waits for the gap.
    await expect(reconciler.request()).resolves.toBe(0);
    reconciler.anomaly();
    clock.advance(5000);
    expect(runs).toBe(1);
    clock.advance(5000);
    expect(runs).toBe(2);
    await settle();
    // Quiet: the periodic one.
    clock.advance(59_000);
    expect(runs).toBe(2);
    clock.advance(1000);
    expect(runs).toBe(3);
    await settle();
    reconciler.stop();
    clock.advance(600_000);
    reconciler.anomaly();
    clock.advance(600_000);
    expect(runs).toBe(3);
  });
});

describe('a caller ID that splices a whole fake Hangup in', () => {
  it('drops the victim for a moment, but the cut-off Newchannel is an anomaly that brings a reconcile', () => {
    const { s, live } = office();
    const { anomalies } = watch(live);
    const name =
      'Mallory\r\n\r\nEvent: Hangup\r\nChannel: PJSIP/103-00000003\r\nUniqueid: c\r\nLinkedid: c\r\nCause: 16\r\n\r\nX: y';
    const body =
      `Event: Newchannel\r\nChannel: PJSIP/666-00000009\r\nChannelState: 4\r\nChannelStateDesc: Ring\r\n` +
      `CallerIDNum: 666\r\nCallerIDName: ${name}\r\nConnectedLineNum: <unknown>\r\nUniqueid: m\r\nLinkedid: m\r\n\r\n`;
    const parser = new RawmanParser();
    for (const message of [...parser.push(body), ...parser.end()]) live.push(message);
    expect(live.board().channels['c']).toBeUndefined();
    expect(anomalies).toEqual([['truncated', 'PJSIP/666-00000009']]);
    live.reconcile(live.beginReconcile(), { channels: s.coreShowChannels(), bridges: s.bridgeList() });
    expect(live.board().channels['c']).toBeDefined();
  });
});
