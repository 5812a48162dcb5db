/**
 * Pure: the live channel of each busy queue member, found in one walk of the board's channels
 * instead of one walk per member per patch (issue 13: a queues panel beside 2,000 channels).
 */
import { memberDevice } from '../../../shared/queues';

interface Member {
  readonly interface: string;
  readonly stateInterface: string;
}

/**
 * For each device in `devices`, the first channel (in `channels`' order) named `<device>-<id>`:
 * what `memberChannel` answers for a member of that device, for all of them at once.
 */
export function channelsOfDevices<C extends { readonly channel: string }>(
  devices: ReadonlySet<string>,
  channels: Iterable<C>,
): Map<string, C> {
  const out = new Map<string, C>();
  if (devices.size === 0) return out;
  for (const c of channels) {
    const name = c.channel;
    // A name starts with `<device>-` exactly when the part before one of its dashes is the device.
    for (let dash = name.indexOf('-'); dash > 0; dash = name.indexOf('-', dash + 1)) {
      const device = name.slice(0, dash);
      if (devices.has(device) && !out.has(device)) out.set(device, c);
    }
  }
  return out;
}

/** The devices of the members in a call (those a "listen" button is shown for). */
export function busyDevices(
  members: Iterable<Member & { readonly inCall: boolean; readonly status: string }>,
): Set<string> {
  const out = new Set<string>();
  for (const m of members)
    if (m.inCall || m.status === 'INUSE' || m.status === 'ONHOLD') out.add(memberDevice(m));
  return out;
}
