/** app_queue's choice of the members a caller rings (electron/demo/queues/pick.ts). */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../electron/demo/queues/pick';
import { membersToRing } from '../../electron/demo/queues/pick';

const member = (iface: string, over: Partial<Candidate> = {}): Candidate => ({
  iface,
  paused: false,
  status: 1,
  penalty: 0,
  lastCall: 0,
  ...over,
});
const ifaces = (list: readonly Candidate[]): string[] => list.map((m) => m.iface);
const none = new Set<string>();

describe('membersToRing', () => {
  it('skips paused members, busy devices (ringinuse=no) and members another caller is ringing', () => {
    const members = [
      member('Local/201@agents', { paused: true }),
      member('Local/202@agents', { status: 2 }),
      member('Local/203@agents', { status: 6 }),
      member('Local/204@agents', { status: 0 }),
      member('Local/205@agents'),
      member('Local/206@agents'),
    ];
    expect(ifaces(membersToRing(members, 'ringall', 1, new Set(['local/206@agents'])))).toEqual([
      'Local/204@agents',
      'Local/205@agents',
    ]);
  });

  it('rings only the lowest penalty: all of it for ringall, the least recently called for the others', () => {
    const members = [
      member('A', { penalty: 1 }),
      member('B', { penalty: 0, lastCall: 1796132663 }),
      member('C', { penalty: 0, lastCall: 1796132600 }),
    ];
    expect(ifaces(membersToRing(members, 'ringall', 1, none))).toEqual(['B', 'C']);
    expect(ifaces(membersToRing(members, 'rrmemory', 1, none))).toEqual(['C']);
    expect(ifaces(membersToRing(members, 'leastrecent', 1, none))).toEqual(['C']);
  });

  it('lets the first N callers ring when N members are free (autofill), the others wait their turn', () => {
    const members = [member('A'), member('B')];
    expect(membersToRing(members, 'ringall', 2, none)).toHaveLength(2);
    expect(membersToRing(members, 'ringall', 3, none)).toEqual([]);
    expect(membersToRing([], 'ringall', 1, none)).toEqual([]);
  });
});
