/**
 * The live switchboard beside the real live board: who an extension talks to and since when
 * comes from the board's calls (capture 27a's bridged call), names are learned from a phone's own
 * calls, and patches carry only what changed.
 */
import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../shared/ami';
import {
  applySwitchboardPatch,
  type SwitchboardPatch,
  type SwitchboardSnapshot,
} from '../../shared/switchboard';
import { LiveSwitchboard, type SwitchboardUpdate } from '../../electron/features/switchboard/live';
import { buildSwitchboardState } from '../../electron/features/switchboard/snapshot';
import { createLiveBoard } from '../../electron/state/live';
import type { BatchClock } from '../../electron/state/patches';
import { captureEvents } from './captures';

function manualClock(start = 1_800_000_000_000): BatchClock & { tick(): void; t: number } {
  const timers = new Set<() => void>();
  const clock = {
    t: start,
    now: () => clock.t,
    setTimer: (run: () => void) => {
      timers.add(run);
      return run;
    },
    clearTimer: (handle: unknown) => timers.delete(handle as () => void),
    tick: () => {
      for (const run of [...timers]) {
        timers.delete(run);
        run();
      }
    },
  };
  return clock;
}

const hint = (exten: string, device: string) =>
  makeMessage([
    ['Event', 'ExtensionStatus'],
    ['Exten', exten],
    ['Context', 'demo'],
    ['Hint', device],
    ['Status', '0'],
    ['StatusText', 'Idle'],
  ]);

function setup() {
  const clock = manualClock();
  const board = createLiveBoard({ clock });
  const switchboard = new LiveSwitchboard({ clock });
  board.subscribe((update) => switchboard.board(update));
  switchboard.load(
    buildSwitchboardState(
      { hints: [hint('110', 'Local/110@demo'), hint('300', 'Local/300@demo')] },
      clock.now(),
    ),
    {},
  );
  const updates: SwitchboardUpdate[] = [];
  switchboard.subscribe((u) => updates.push(u));
  let shown: SwitchboardSnapshot | undefined;
  const current = () => {
    for (const u of updates.splice(0))
      shown = u.kind === 'snapshot' ? u.board : applySwitchboardPatch(shown as SwitchboardSnapshot, u.patch);
    return shown as SwitchboardSnapshot;
  };
  const settle = () => {
    clock.tick();
    clock.tick();
  };
  return { clock, board, switchboard, updates, current, settle };
}

describe('live switchboard', () => {
  it('says who an extension talks to and since when, from the board’s bridged call (27a)', () => {
    const { board, switchboard, current, settle, clock } = setup();
    expect(current().extensions['110@demo']?.calls).toEqual([]);
    for (const event of captureEvents('27a-rawman-bridged-call-setup.http')) {
      board.push(event);
      switchboard.push(event);
    }
    settle();
    const ext = current().extensions['110@demo'];
    expect(ext?.calls).toHaveLength(1);
    expect(ext?.calls[0]?.channel).toBe('Local/110@demo-0000000f;1');
    expect(ext?.talkingTo).toMatchObject({ num: '5556001', name: 'Monitored' });
    const channel = Object.values(board.board().channels).find(
      (c) => c.channel === 'Local/110@demo-0000000f;1',
    );
    expect(ext?.since).toBe(channel?.answeredAt ?? channel?.startedAt);
    expect(ext?.since).toBeLessThanOrEqual(clock.now());
    // The other extension was not touched by any of it.
    expect(current().extensions['300@demo']?.calls).toEqual([]);
  });

  it('patches only the extensions an event touched, and nothing when nothing changed', () => {
    const { switchboard, updates, settle } = setup();
    updates.splice(0);
    switchboard.push(
      makeMessage([
        ['Event', 'ExtensionStatus'],
        ['Exten', '300'],
        ['Context', 'demo'],
        ['Hint', 'Local/300@demo'],
        ['Status', '8'],
        ['StatusText', 'Ringing'],
      ]),
    );
    settle();
    const patches = updates.filter(
      (u): u is { kind: 'patch'; patch: SwitchboardPatch } => u.kind === 'patch',
    );
    expect(patches).toHaveLength(1);
    expect(Object.keys(patches[0]?.patch.extensions ?? {})).toEqual(['300@demo']);
    expect(patches[0]?.patch.extensions?.['300@demo']).toMatchObject({
      state: 'ringing',
      statusText: 'Ringing',
    });
    updates.splice(0);
    // The same state again: no patch at all.
    switchboard.push(
      makeMessage([
        ['Event', 'ExtensionStatus'],
        ['Exten', '300'],
        ['Context', 'demo'],
        ['Hint', 'Local/300@demo'],
        ['Status', '8'],
        ['StatusText', 'Ringing'],
      ]),
    );
    settle();
    expect(updates).toEqual([]);
  });

  it('learns a name from the caller ID of the extension’s own calls when nothing names it', () => {
    const { board, current, settle } = setup();
    board.push(
      makeMessage([
        ['Event', 'Newchannel'],
        ['Channel', 'Local/300@demo-00000001;1'],
        ['ChannelState', '4'],
        ['ChannelStateDesc', 'Ring'],
        ['CallerIDNum', '300'],
        ['CallerIDName', 'Recepción'],
        ['ConnectedLineNum', '<unknown>'],
        ['ConnectedLineName', '<unknown>'],
        ['Context', 'demo'],
        ['Exten', '200'],
        ['Uniqueid', 'u-300'],
        ['Linkedid', 'u-300'],
      ]),
    );
    settle();
    expect(current().extensions['300@demo']?.name).toBe('Recepción');
  });
});
