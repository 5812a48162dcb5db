/**
 * Reading hints, extension states and device names. Pure.
 *
 * A hint is `devices[,presence provider]`, devices joined by `&` (capture 25e:
 * `Custom:ext101&Custom:DND101,CustomPresence:101`). ExtensionStatus `Status` is a bit set
 * (main/pbx.c ast_extension_state2str): 1 InUse, 2 Busy, 4 Unavailable, 8 Ringing, 16 OnHold;
 * -1 means no hint (capture 26b).
 */
import type { ExtensionState } from '../../../shared/switchboard';

export interface ParsedHint {
  /** As configured, e.g. `PJSIP/101`, `Custom:DND101`. */
  readonly devices: readonly string[];
  /** `CustomPresence:101`, when the hint names one. */
  readonly presence?: string;
}

export function parseHint(hint: string): ParsedHint {
  const comma = hint.indexOf(',');
  const devicePart = comma < 0 ? hint : hint.slice(0, comma);
  const presence = comma < 0 ? '' : hint.slice(comma + 1).trim();
  const devices = devicePart
    .split('&')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  return { devices, ...(presence === '' ? {} : { presence }) };
}

/** What the button shows for a hint's Status bits (ringing first: it is what an operator acts on). */
export function stateOfStatus(status: number): Exclude<ExtensionState, 'dnd'> {
  if (!Number.isFinite(status) || status < 0) return 'unavailable';
  if (status & 8) return 'ringing';
  if (status & 16) return 'onhold';
  if (status & 2) return 'busy';
  if (status & 1) return 'inuse';
  if (status & 4) return 'unavailable';
  return 'idle';
}

/** A device state (DeviceStateChange `State`) as the Status/StatusText a one-device hint would show. */
export function statusOfDeviceState(state: string): { status: number; statusText: string } {
  switch (state.toUpperCase()) {
    case 'NOT_INUSE':
      return { status: 0, statusText: 'Idle' };
    case 'INUSE':
      return { status: 1, statusText: 'InUse' };
    case 'BUSY':
      return { status: 2, statusText: 'Busy' };
    case 'RINGING':
      return { status: 8, statusText: 'Ringing' };
    case 'RINGINUSE':
      return { status: 9, statusText: 'InUse&Ringing' };
    case 'ONHOLD':
      return { status: 16, statusText: 'Hold' };
    case 'UNAVAILABLE':
    case 'INVALID':
      return { status: 4, statusText: 'Unavailable' };
    default:
      return { status: -1, statusText: 'Unknown' };
  }
}

/**
 * The device a channel belongs to: its name without the per-call suffix
 * (`PJSIP/101-0000002a` -> `PJSIP/101`, `Local/101@from-internal-00000001;2` -> `Local/101@from-internal`).
 */
export function deviceOfChannel(channel: string): string {
  const local = /^(.*)-[0-9a-fA-F]+;[12]$/.exec(channel);
  if (local) return local[1] as string;
  const dash = channel.lastIndexOf('-');
  return dash > channel.indexOf('/') ? channel.slice(0, dash) : channel;
}

/** Devices that ring a phone (not Custom: lamps, not MWI or park states): what a call can be on. */
export function isPhoneDevice(device: string): boolean {
  return /^[A-Za-z0-9_]+\//.test(device);
}

/** The extension a FreePBX DND lamp stands for: `Custom:DND101` -> `101`. */
export function dndLampExten(device: string): string | undefined {
  const m = /^Custom:DND(.+)$/i.exec(device);
  return m ? (m[1] as string) : undefined;
}

/** `"Alice Example" <101>` -> `Alice Example`; a bare name stays as it is; `<unknown>` is nothing. */
export function callerIdName(callerId: string): string {
  const m = /^\s*"((?:[^"\\]|\\.)*)"\s*(?:<[^>]*>)?\s*$/.exec(callerId);
  const name = m ? (m[1] as string).replace(/\\(.)/g, '$1') : callerId.replace(/<[^>]*>\s*$/, '').trim();
  return name === '<unknown>' ? '' : name;
}

/** `101@default` -> `101`. */
export function mailboxNumber(mailbox: string): string {
  const at = mailbox.indexOf('@');
  return at < 0 ? mailbox : mailbox.slice(0, at);
}

/**
 * Feature-code hints (FreePBX's `*76101` DND lamp, `*7x` toggles) are lamps, not extensions: they
 * do not get a button.
 */
export function isFeatureCode(exten: string): boolean {
  return /[*#]/.test(exten);
}
