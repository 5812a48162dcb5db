/** Queue alerts and the operator's own memberships (renderer logic, pure). */
import { describe, expect, it } from 'vitest';
import { alertsDue } from '../../renderer/src/queues/alerts';
import { mine } from '../../renderer/src/queues/mine';
import type { QueueMember, QueueView } from '../../shared/queues';
import { queueMember } from './members';

const member = (iface: string, stateInterface: string): QueueMember => queueMember(iface, { stateInterface });

const queue = (name: string, joinedAt: number[], members: QueueMember[] = []): QueueView => ({
  queue: name,
  strategy: 'ringall',
  serviceLevelSeconds: 60,
  serviceLevelPerf: 0,
  completed: 0,
  abandoned: 0,
  holdTime: 0,
  talkTime: 0,
  members,
  callers: joinedAt.map((at, i) => ({
    position: i + 1,
    channel: `PJSIP/trunk-${i}`,
    uniqueid: `u${i}`,
    callerIdNum: '',
    callerIdName: '',
    joinedAt: at,
  })),
});

describe('alertsDue', () => {
  it('alerts on the longest wait past the threshold and on too many callers, per queue', () => {
    const now = 100_000;
    const queues = [queue('soporte', [now - 61_000, now - 5_000]), queue('ventas', [now - 1000, now, now])];
    expect(alertsDue(queues, { soporte: { maxWaitSeconds: 60 }, ventas: { maxCallers: 2 } }, now)).toEqual([
      { queue: 'soporte', kind: 'wait', value: 61 },
      { queue: 'ventas', kind: 'callers', value: 3 },
    ]);
    expect(alertsDue(queues, { soporte: { maxWaitSeconds: 61 }, ventas: { maxCallers: 3 } }, now)).toEqual(
      [],
    );
    expect(alertsDue(queues, {}, now)).toEqual([]);
  });
});

describe('mine', () => {
  it('finds the operator in FreePBX-style and PJSIP members', () => {
    const queues = [
      queue(
        'soporte',
        [],
        [
          member('Local/107@from-queue/n', 'hint:107@ext-local'),
          member('Local/108@from-queue/n', 'hint:108@ext-local'),
        ],
      ),
      queue('ventas', [], [member('PJSIP/107', 'PJSIP/107')]),
      queue('recepcion', [], [member('PJSIP/1070', 'PJSIP/1070')]),
    ];
    expect(mine(queues, 'PJSIP/107').map((m) => [m.queue, m.member.interface])).toEqual([
      ['soporte', 'Local/107@from-queue/n'],
      ['ventas', 'PJSIP/107'],
    ]);
    expect(mine(queues, undefined)).toEqual([]);
  });
});
