/**
 * The endpoints panel's rows: one per extension. Asterisk reports a hint (`101@from-internal`, from
 * ExtensionStatus) and the device it watches (`PJSIP/101`, from DeviceStateChange) as two things; the
 * operator thinks of one phone. A hint and its device merge into one row; a device no hint names gets
 * a row of its own.
 */
import type { Endpoint } from '../../../shared/model';

export interface EndpointRow {
  /** Stable key: the hint id, or the device id for a device alone. */
  readonly key: string;
  /** What the operator dials: the hint's extension, or the device's resource (`PJSIP/105` -> `105`). */
  readonly number: string;
  /** The device shown under the number (`PJSIP/101`), when known. */
  readonly device?: string;
  readonly label?: string;
  readonly state: string;
}

/** `PJSIP/101&Custom:dnd101` -> ['PJSIP/101', 'Custom:dnd101']. */
function hintDevices(hint: string | undefined): string[] {
  return (hint ?? '')
    .split('&')
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

function resourceOf(device: string): string {
  const slash = device.indexOf('/');
  return slash === -1 ? device : device.slice(slash + 1);
}

function isKnown(state: string | undefined): state is string {
  return state !== undefined && state !== '' && state !== 'UNKNOWN';
}

export function endpointRows(endpoints: Readonly<Record<string, Endpoint>>): EndpointRow[] {
  const all = Object.values(endpoints);
  const devices = new Map(all.filter((e) => e.kind !== 'hint').map((e) => [e.id, e]));
  const merged = new Set<string>();
  const rows: EndpointRow[] = [];
  for (const hint of all) {
    if (hint.kind !== 'hint') continue;
    const named = hintDevices(hint.hint).filter((d) => devices.has(d));
    for (const d of named) merged.add(d);
    const primary = named[0] === undefined ? undefined : devices.get(named[0]);
    // One device: its DeviceStateChange is the freshest word on that phone. Several devices (a phone
    // plus a DND custom state): only the hint's aggregate says what the extension is.
    const deviceState = named.length === 1 ? primary?.state : undefined;
    const label = hint.label !== undefined && hint.label !== hint.exten ? hint.label : primary?.label;
    rows.push({
      key: hint.id,
      number: hint.exten ?? hint.id.split('@')[0] ?? hint.id,
      ...(primary ? { device: primary.id } : hint.hint ? { device: hint.hint } : {}),
      ...(label ? { label } : {}),
      state: isKnown(deviceState) ? deviceState : hint.state,
    });
  }
  for (const device of devices.values()) {
    if (merged.has(device.id)) continue;
    rows.push({
      key: device.id,
      number: resourceOf(device.id),
      device: device.id,
      ...(device.label ? { label: device.label } : {}),
      state: device.state,
    });
  }
  return rows.sort(
    (a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }) || a.key.localeCompare(b.key),
  );
}
