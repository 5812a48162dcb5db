/**
 * Hints and their devices on the board: the office simulation's own event stream, reduced, must keep
 * every hint (`101@from-internal`) in the state its device (`PJSIP/101`) is in, through ringing,
 * talking, hold and hangup, as Asterisk's ExtensionStatus after each DeviceStateChange makes it.
 * (Before the demo sent ExtensionStatus, a hint kept the state it was listed with: Idle during a call.)
 */
import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../shared/ami';
import { EMPTY_BOARD, type BoardSnapshot } from '../../shared/model';
import { ENDPOINTS, extensionStatusOf, HINT_CONTEXT, Office } from '../../electron/demo/office';
import { reduceEvents } from '../../electron/state/channels';
import { ev } from './helpers';

/** The office with its events collected as AMI messages instead of sent to sessions. */
function office(seed: number): { office: Office; take: () => AmiMessage[] } {
  let queue: AmiMessage[] = [];
  const sim = new Office({
    seed,
    emit: (_category, event, lines) => queue.push(ev(event, Object.fromEntries(lines))),
  });
  return {
    office: sim,
    take: () => {
      const out = queue;
      queue = [];
      return out;
    },
  };
}

/** What ExtensionStateList and DeviceStateList would tell a console at login. */
function listed(sim: Office): AmiMessage[] {
  return ENDPOINTS.flatMap((e) => {
    const device = `PJSIP/${e.id}`;
    const [status, text] = extensionStatusOf(sim.deviceStates.get(device));
    return [
      ev('DeviceStateChange', { Device: device, State: sim.deviceStates.get(device) ?? 'UNKNOWN' }),
      ev('ExtensionStatus', {
        Exten: e.id,
        Context: HINT_CONTEXT,
        Hint: device,
        Status: String(status),
        StatusText: text,
      }),
    ];
  });
}

function mismatches(board: BoardSnapshot): string[] {
  const out: string[] = [];
  for (const e of ENDPOINTS) {
    const device = board.endpoints[`PJSIP/${e.id}`];
    const hint = board.endpoints[`${e.id}@${HINT_CONTEXT}`];
    // The hint's token for one device is the device's own, except that an unknown device reads Idle.
    const expected = device?.state === 'UNKNOWN' ? 'NOT_INUSE' : device?.state;
    if (!device || !hint || hint.state !== expected)
      out.push(`${e.id}: device ${device?.state ?? '-'} hint ${hint?.state ?? '-'}`);
  }
  return out;
}

describe('hint state follows its device through calls', () => {
  it('agrees after every step of ringing, answer, hold, unhold and hangup', () => {
    const { office: sim, take } = office(5);
    let board = reduceEvents(EMPTY_BOARD, listed(sim), 0);
    expect(mismatches(board)).toEqual([]);
    const seen = new Set<string>();
    const check = (label: string): void => {
      expect(mismatches(board), label).toEqual([]);
      for (const e of ENDPOINTS) seen.add(board.endpoints[`${e.id}@${HINT_CONTEXT}`]?.state ?? '');
    };
    for (let round = 0; round < 12; round++) {
      if (round < 4) {
        sim.placeCall();
        board = reduceEvents(board, take(), round + 0.5);
        check(`round ${round}, placed`);
      }
      sim.step();
      board = reduceEvents(board, take(), round + 1);
      check(`round ${round}, stepped`);
    }
    // The run went through the states that matter, so agreeing was not trivially "all idle".
    expect([...seen]).toEqual(expect.arrayContaining(['NOT_INUSE', 'INUSE', 'RINGING', 'ONHOLD']));
  });

  it('ends with every hint idle once the office is quiet again', () => {
    const { office: sim, take } = office(9);
    let board = reduceEvents(EMPTY_BOARD, listed(sim), 0);
    sim.placeCall({ from: '101', to: '102' });
    board = reduceEvents(board, take(), 1);
    expect(board.endpoints[`102@${HINT_CONTEXT}`]?.state).toBe('RINGING');
    expect(board.endpoints[`101@${HINT_CONTEXT}`]?.state).toBe('INUSE');
    for (let i = 0; i < 10 && sim.channels().length > 0; i++) sim.step();
    board = reduceEvents(board, take(), 2);
    expect(sim.channels()).toHaveLength(0);
    for (const e of ENDPOINTS) {
      expect(board.endpoints[`${e.id}@${HINT_CONTEXT}`]?.state).toBe('NOT_INUSE');
      expect(board.endpoints[`PJSIP/${e.id}`]?.state).toBe('NOT_INUSE');
    }
  });
});
