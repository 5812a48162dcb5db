/**
 * The queues panel's busy members' live channels found in one walk of the board
 * (renderer/src/queues/member-channels.ts): the same channel `memberChannel` finds for each member,
 * first in the board's order, dashes in endpoint names included.
 */
import { describe, expect, it } from 'vitest';
import { busyDevices, channelsOfDevices } from '../../renderer/src/queues/member-channels';
import { memberChannel, memberDevice } from '../../shared/queues';

const members = [
  {
    interface: 'Local/123@from-queue/n',
    stateInterface: 'hint:123@ext-local',
    inCall: true,
    status: 'INUSE',
  },
  { interface: 'PJSIP/124', stateInterface: 'PJSIP/124', inCall: false, status: 'ONHOLD' },
  { interface: 'PJSIP/agent-a', stateInterface: 'PJSIP/agent-a', inCall: true, status: 'INUSE' },
  { interface: 'PJSIP/agent', stateInterface: 'PJSIP/agent', inCall: true, status: 'INUSE' },
  { interface: 'PJSIP/125', stateInterface: 'PJSIP/125', inCall: true, status: 'INUSE' },
  { interface: 'PJSIP/126', stateInterface: 'PJSIP/126', inCall: false, status: 'NOT_INUSE' },
] as const;

const channels = [
  { channel: 'PJSIP/trunk-00000001' },
  { channel: 'PJSIP/agent-a-00000002' },
  { channel: 'PJSIP/123-00000003' },
  { channel: 'PJSIP/124-00000004' },
  { channel: 'PJSIP/123-00000005' },
  { channel: 'PJSIP/agent-00000006' },
  { channel: 'PJSIP/126-00000007' },
  { channel: 'Local/125@from-queue-00000008;1' },
];

describe('busy members’ live channels', () => {
  it('finds what memberChannel finds for each busy member, in one walk', () => {
    const devices = busyDevices(members);
    expect([...devices].sort()).toEqual([
      'PJSIP/123',
      'PJSIP/124',
      'PJSIP/125',
      'PJSIP/agent',
      'PJSIP/agent-a',
    ]);
    const found = channelsOfDevices(devices, channels);
    for (const m of members.filter((m) => devices.has(memberDevice(m))))
      expect(found.get(memberDevice(m))).toBe(memberChannel(m, channels));
    expect(found.get('PJSIP/123')?.channel).toBe('PJSIP/123-00000003');
    // Both an endpoint and one whose name extends it with a dash: each its own channel (first one).
    expect(found.get('PJSIP/agent')?.channel).toBe('PJSIP/agent-a-00000002');
    expect(found.get('PJSIP/agent-a')?.channel).toBe('PJSIP/agent-a-00000002');
    expect(found.has('PJSIP/125')).toBe(false);
    expect(found.has('PJSIP/126')).toBe(false);
    expect(channelsOfDevices(new Set(), channels).size).toBe(0);
  });
});
