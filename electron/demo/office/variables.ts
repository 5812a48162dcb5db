/**
 * Channel and global variables and the few dialplan functions the demo knows (CHANNEL, CALLERID,
 * DEVICE_STATE, PRESENCE_STATE): Setvar announces a variable with VarSet, a function write says
 * nothing itself and tells what it changed (DeviceStateChange, PresenceStatus).
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import { DEVICE_STATES } from '../switchboard/devstate';
import { customProvider, parsePresence } from '../switchboard/presence';
import type { Chan } from './model';
import { STATE } from './model';
import { snapshot, stateDesc } from './snapshot';

/** Setvar: a channel's variable, or a global one without a channel; VarSet either way. */
export function setVar(office: Office, c: Chan | null, name: string, value: string): void {
  if (c) c.vars.set(name, value);
  else office.globals.set(name, value);
  office.ev(EVENT_FLAG.dialplan, 'VarSet', [
    ...(c ? snapshot(c) : [['Channel', 'none'] as const, ['Uniqueid', 'none'] as const]),
    ['Variable', name],
    ['Value', value],
  ]);
}

/**
 * Writes a dialplan function as Setvar does (no VarSet: only variables announce themselves).
 * Only DEVICE_STATE(Custom:name) is known; false is func_devstate's refusal or an unknown function.
 */
export function writeFunction(office: Office, name: string, value: string): boolean {
  const presence = /^PRESENCE_STATE\((.*)\)$/i.exec(name);
  if (presence) return office.writePresence(presence[1] as string, value);
  const fn = /^DEVICE_STATE\((.*)\)$/i.exec(name);
  if (!fn) return false;
  const device = /^Custom:(.+)$/i.exec(fn[1] as string);
  const state = DEVICE_STATES.find((s) => s === value.toUpperCase());
  if (!device || !state || state === 'UNKNOWN') return false;
  const custom = `Custom:${device[1] as string}`;
  // func_devstate keeps custom states in the AstDB, family CustomDevstate (24c).
  office.switchboard.astdb.put('CustomDevstate', device[1] as string, state);
  // The cache only publishes a change: writing the state a device already has says nothing.
  if (office.deviceStates.get(custom) !== state) office.setDevice(custom, state);
  return true;
}

/**
 * Getvar: a variable, or one of the few dialplan functions the demo knows. Without a channel a
 * function reads a dummy one (ast_dummy_channel_alloc(): Down, nameless).
 */
export function getVar(office: Office, c: Chan | null, name: string): string {
  const fn = /^([A-Z_]+)\((.*)\)$/i.exec(name);
  if (fn) {
    const arg = (fn[2] as string).toLowerCase();
    switch ((fn[1] as string).toUpperCase()) {
      case 'CHANNEL':
        if (arg === 'state') return stateDesc(c?.state ?? STATE.down);
        if (arg === 'name') return c?.name ?? '';
        if (arg === 'linkedid') return c?.linkedid ?? '';
        if (arg === 'uniqueid') return c?.uniqueid ?? '';
        return '';
      case 'CALLERID':
        if (arg === 'num') return c?.callerIdNum ?? '';
        if (arg === 'name') return c?.callerIdName ?? '';
        return '';
      case 'DEVICE_STATE':
        return office.deviceState(fn[2] as string);
      case 'PRESENCE_STATE':
        return readPresence(office, fn[2] as string);
      default:
        return '';
    }
  }
  if (c) return c.vars.get(name) ?? office.globals.get(name) ?? '';
  return office.globals.get(name) ?? '';
}

/**
 * PRESENCE_STATE(CustomPresence:x)=state,subtype,message: each hint naming the provider gets a
 * PresenceStatus, then the provider's PresenceStateChange (their order flips in Asterisk: 25d).
 */
export function writePresence(office: Office, provider: string, value: string): boolean {
  const key = customProvider(provider);
  const p = parsePresence(value);
  if (!key || !p) return false;
  office.switchboard.presence.set(key, p);
  for (const hint of office.hints) {
    if (hint.presence?.toLowerCase() !== key.toLowerCase()) continue;
    office.ev(EVENT_FLAG.call, 'PresenceStatus', [
      ['Exten', hint.exten],
      ['Context', hint.context],
      ['Hint', hint.app],
      ['Status', p.state],
      ['Subtype', p.subtype],
      ['Message', p.message],
    ]);
  }
  office.ev(EVENT_FLAG.call, 'PresenceStateChange', [
    ['Presentity', key],
    ['Status', p.state],
    ['Subtype', p.subtype],
    ['Message', p.message],
  ]);
  return true;
}

/** Getvar PRESENCE_STATE(CustomPresence:x,value|subtype|message). */
export function readPresence(office: Office, args: string): string {
  const [provider = '', field = 'value'] = args.split(',');
  const key = customProvider(provider);
  const p = key ? office.switchboard.presence.get(key) : undefined;
  if (field.toLowerCase() === 'subtype') return p?.subtype ?? '';
  if (field.toLowerCase() === 'message') return p?.message ?? '';
  return p?.state ?? 'not_set';
}
