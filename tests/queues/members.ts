/** A queue member as main sends it, for tests: an idle dynamic member named by its interface. */
import type { QueueMember } from '../../shared/queues';

export function queueMember(iface: string, fields: Partial<QueueMember> = {}): QueueMember {
  return {
    interface: iface,
    name: iface,
    stateInterface: iface,
    dynamic: true,
    penalty: 0,
    status: 'NOT_INUSE',
    paused: false,
    pausedReason: '',
    lastPause: 0,
    callsTaken: 0,
    lastCall: 0,
    inCall: false,
    ringing: false,
    wrapupSeconds: 0,
    ...fields,
  };
}
