/**
 * Device and hint state: what a device's state is (cached, or as its driver answers), and what a
 * change tells AMI (DeviceStateChange, then ExtensionStatus for each hint whose aggregate moved).
 * The state tables themselves are switchboard/devstate.ts's.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { DeviceState } from '../switchboard/devstate';
import { aggregate, extensionStatus, isDeviceState } from '../switchboard/devstate';
import type { Hint } from '../switchboard/dialplan';
import { localDevice } from './names';

/** A one-device hint's extension state (Status, StatusText) for that device's state. */
export function extensionStatusOf(deviceState: string | undefined): readonly [number, string] {
  return extensionStatus(asDeviceState(deviceState ?? 'UNAVAILABLE'));
}

/** A device state name as the enum; anything else counts as INVALID, as ast_devstate_val() has it. */
export function asDeviceState(text: string): DeviceState {
  return isDeviceState(text) ? text : 'INVALID';
}

/** A hint's device state now: its devices' states folded together (ast_extension_state3). */
export function hintState(office: Office, hint: Hint): DeviceState {
  return aggregate(hint.devices.map((d) => asDeviceState(office.deviceState(d))));
}

/**
 * A device's state as a hint sees it: the cached one, else what its driver answers when asked
 * (an unset Custom device is UNKNOWN, a Local one is in use while it has channels).
 */
export function deviceState(office: Office, device: string): string {
  const cached = office.deviceStates.get(device);
  if (cached !== undefined) return cached;
  if (/^Custom:/i.test(device)) return 'UNKNOWN';
  if (/^Local\//i.test(device)) {
    return office.chans.some((c) => c.partner && localDevice(c.name) === device) ? 'INUSE' : 'NOT_INUSE';
  }
  return 'INVALID';
}

/** A device changes state: the cache, the watchers, DeviceStateChange, then the hints it moved. */
export function setDevice(office: Office, device: string, state: string): void {
  const named = office.hints.filter((h) => h.devices.some((d) => d.toLowerCase() === device.toLowerCase()));
  const before = named.map((h) => extensionStatus(office.hintState(h))[0]);
  // chan_local marks its states not cachable: DeviceStateList never lists a Local device.
  if (!/^Local\//i.test(device)) office.deviceStates.set(device, state);
  // app_queue hears a member's state interface before AMI gets the DeviceStateChange (20d).
  for (const watch of office.deviceWatchers) watch(device, state);
  office.ev(EVENT_FLAG.call, 'DeviceStateChange', [
    ['Device', device],
    ['State', state],
  ]);
  // Asterisk re-evaluates every hint naming the device and, when the hint's aggregate extension
  // state moved (not on every device event: RINGING->RINGING, UNKNOWN->NOT_INUSE, or ONHOLD under
  // a BUSY DND lamp say nothing new: 26b, 26c), tells AMI with ExtensionStatus.
  named.forEach((hint, i) => {
    const [status, text] = extensionStatus(office.hintState(hint));
    if (status === before[i]) return;
    office.ev(EVENT_FLAG.call, 'ExtensionStatus', [
      ['Exten', hint.exten],
      ['Context', hint.context],
      ['Hint', hint.app],
      ['Status', String(status)],
      ['StatusText', text],
    ]);
  });
}
