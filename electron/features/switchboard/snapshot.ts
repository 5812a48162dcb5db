/**
 * The switchboard at connect: the list actions that fill it (I/O, through the client), and the
 * state they make (pure). Only actions the user may run are sent (ListCommands said so; Asterisk
 * logs each refusal as a security event), and a list the PBX refuses or lacks (no res_parking, no
 * app_voicemail) leaves its part empty: the panel limits (./limits) say why.
 */
import { eventName, get, type AmiMessage } from '../../../shared/ami';
import type { AjamClient } from '../../ajam/api';
import { mayRun, type Capabilities } from '../../console/capabilities';
import { callerIdName } from './hints';
import { readHint, readLot, readParked, readPresence, SwitchboardState } from './reducer';

export interface SwitchboardLists {
  /** ExtensionStateList: ExtensionStatus items. */
  readonly hints?: readonly AmiMessage[];
  /** PJSIPShowEndpoints: EndpointList items. */
  readonly endpoints?: readonly AmiMessage[];
  /** PJSIPShowEndpoint answers' EndpointDetail items (the endpoint's caller ID). */
  readonly endpointDetails?: readonly AmiMessage[];
  /** DeviceStateList: DeviceStateChange items (phones, `Custom:DND<ext>` lamps). */
  readonly devices?: readonly AmiMessage[];
  /** PresenceStateList: PresenceStateChange items. */
  readonly presence?: readonly AmiMessage[];
  /** DBGetTree Family=DND / Family=CF: DBGetTreeResponse items (`Key: /DND/101`). */
  readonly dnd?: readonly AmiMessage[];
  readonly forward?: readonly AmiMessage[];
  /** VoicemailUsersList: VoicemailUserEntry items (counts and full names). */
  readonly mailboxes?: readonly AmiMessage[];
  readonly lots?: readonly AmiMessage[];
  readonly parked?: readonly AmiMessage[];
}

type Lister = Pick<AjamClient, 'list'>;

function refusedByPbx(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'action-failed' || code === 'permission';
}

async function optional(
  client: Lister,
  caps: Capabilities | undefined,
  action: string,
  fields?: Readonly<Record<string, string>>,
): Promise<AmiMessage[] | undefined> {
  if (!mayRun(caps, action)) return undefined;
  try {
    return (await client.list(action, fields)).events;
  } catch (error) {
    if (refusedByPbx(error)) return undefined;
    throw error;
  }
}

/** AstDB families: an empty family is an empty list (24d), a refusal is "unknown", not "off". */
async function family(
  client: Lister,
  caps: Capabilities | undefined,
  name: string,
): Promise<AmiMessage[] | undefined> {
  return optional(client, caps, 'DBGetTree', { Family: name });
}

/**
 * The lists the switchboard reads. `known`: lists the board's sync already fetched (hints,
 * devices, endpoints, parked calls), not asked for again.
 */
export async function fetchSwitchboardLists(
  client: Lister,
  caps: Capabilities | undefined,
  known: SwitchboardLists = {},
): Promise<SwitchboardLists> {
  const reuse = (
    have: readonly AmiMessage[] | undefined,
    action: string,
  ): Promise<readonly AmiMessage[] | undefined> =>
    have ? Promise.resolve(have) : optional(client, caps, action);
  const [hints, endpoints, devices, presence, dnd, forward, mailboxes, lots, parked] = await Promise.all([
    reuse(known.hints, 'ExtensionStateList'),
    reuse(known.endpoints, 'PJSIPShowEndpoints'),
    reuse(known.devices, 'DeviceStateList'),
    optional(client, caps, 'PresenceStateList'),
    family(client, caps, 'DND'),
    family(client, caps, 'CF'),
    optional(client, caps, 'VoicemailUsersList'),
    optional(client, caps, 'Parkinglots'),
    reuse(known.parked, 'ParkedCalls'),
  ]);
  return {
    ...(hints ? { hints } : {}),
    ...(endpoints ? { endpoints } : {}),
    ...(devices ? { devices } : {}),
    ...(presence ? { presence } : {}),
    ...(dnd ? { dnd } : {}),
    ...(forward ? { forward } : {}),
    ...(mailboxes ? { mailboxes } : {}),
    ...(lots ? { lots } : {}),
    ...(parked ? { parked } : {}),
  };
}

/** How many endpoints' caller IDs are asked for at once, and at most in all. */
const DETAIL_CONCURRENCY = 4;
const DETAIL_LIMIT = 2000;

/**
 * PJSIPShowEndpoints does not carry the caller ID; PJSIPShowEndpoint (one per endpoint) does. Asked
 * a few at a time after the grid is shown, so a big PBX does not hold the connect up.
 */
export async function fetchEndpointDetails(
  client: Lister,
  caps: Capabilities | undefined,
  names: readonly string[],
): Promise<AmiMessage[]> {
  if (!mayRun(caps, 'PJSIPShowEndpoint')) return [];
  const queue = names.slice(0, DETAIL_LIMIT);
  const out: AmiMessage[] = [];
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const items = await optional(client, caps, 'PJSIPShowEndpoint', { Endpoint: name });
      const detail = items?.find((e) => eventName(e) === 'EndpointDetail');
      if (detail) out.push(detail);
    }
  };
  await Promise.all(Array.from({ length: DETAIL_CONCURRENCY }, worker));
  return out;
}

/** `/DND/101` -> `101`. */
function astdbKey(item: AmiMessage, familyName: string): string | undefined {
  const key = get(item, 'Key') ?? '';
  const prefix = `/${familyName}/`;
  if (key.startsWith(prefix)) return key.slice(prefix.length);
  return get(item, 'Family') === familyName && key !== '' ? key : undefined;
}

/** Applies endpoint details (caller ID names) to the state. */
export function applyEndpointDetails(state: SwitchboardState, details: readonly AmiMessage[]): void {
  for (const item of details) {
    const name = get(item, 'ObjectName');
    const endpoint = name === undefined ? undefined : state.endpoints.get(name);
    const cid = callerIdName(get(item, 'Callerid') ?? get(item, 'CallerID') ?? '');
    if (endpoint && cid !== '' && endpoint.callerIdName !== cid) {
      state.putEndpoint({ ...endpoint, callerIdName: cid });
    }
  }
}

/** The state the lists describe, timed from `now`. Pure. */
export function buildSwitchboardState(lists: SwitchboardLists, now: number): SwitchboardState {
  const state = new SwitchboardState();
  for (const item of lists.hints ?? []) {
    if (eventName(item) !== 'ExtensionStatus') continue;
    const hint = readHint(item);
    if (hint) state.putHint(hint);
  }
  for (const item of lists.endpoints ?? []) {
    if (eventName(item) !== 'EndpointList') continue;
    const name = get(item, 'ObjectName');
    if (!name) continue;
    const cid = callerIdName(get(item, 'Callerid') ?? get(item, 'CallerID') ?? '');
    state.putEndpoint({ name, device: `PJSIP/${name}`, ...(cid ? { callerIdName: cid } : {}) });
    const deviceState = get(item, 'DeviceState');
    if (deviceState) state.deviceStates.set(`pjsip/${name.toLowerCase()}`, endpointDeviceState(deviceState));
  }
  applyEndpointDetails(state, lists.endpointDetails ?? []);
  for (const item of lists.devices ?? []) {
    const device = get(item, 'Device');
    const value = get(item, 'State');
    if (device && value) state.setDeviceState(device, value);
  }
  for (const item of lists.presence ?? []) {
    const provider = get(item, 'Presentity');
    if (provider) state.setPresence(provider, readPresence(item));
  }
  // AstDB after the lamps: FreePBX's DND is the database entry; the lamp only mirrors it.
  if (lists.dnd) {
    const on = new Set<string>();
    for (const item of lists.dnd) {
      const exten = astdbKey(item, 'DND');
      if (exten !== undefined && (get(item, 'Val') ?? '').toUpperCase() === 'YES') on.add(exten);
    }
    for (const exten of on) state.setDnd(exten, true);
  }
  for (const item of lists.forward ?? []) {
    const exten = astdbKey(item, 'CF');
    const value = get(item, 'Val') ?? '';
    if (exten !== undefined && value !== '') state.setForward(exten, value);
  }
  for (const item of lists.mailboxes ?? []) {
    if (eventName(item) !== 'VoicemailUserEntry') continue;
    const box = get(item, 'VoiceMailbox');
    if (!box) continue;
    const context = get(item, 'VMContext') ?? 'default';
    state.setMailbox({
      mailbox: `${box}@${context}`,
      new: Number.parseInt(get(item, 'NewMessageCount') ?? '0', 10) || 0,
      old: Number.parseInt(get(item, 'OldMessageCount') ?? '0', 10) || 0,
    });
    const fullname = get(item, 'Fullname') ?? '';
    if (fullname !== '' && fullname !== '(null)') state.mailboxNames.set(box, fullname);
  }
  for (const item of lists.lots ?? []) {
    if (eventName(item) !== 'Parkinglot') continue;
    const lot = readLot(item);
    if (lot) state.putLot(lot);
  }
  for (const item of lists.parked ?? []) {
    if (eventName(item) !== 'ParkedCall') continue;
    const call = readParked(item, now);
    if (call) state.putParked(call);
  }
  state.touchAll();
  return state;
}

/** PJSIPShowEndpoints' DeviceState text (`Not in use`, `In use`, `Unavailable`...) as a device state. */
function endpointDeviceState(text: string): string {
  switch (text.toLowerCase()) {
    case 'not in use':
      return 'NOT_INUSE';
    case 'in use':
      return 'INUSE';
    case 'busy':
      return 'BUSY';
    case 'ringing':
      return 'RINGING';
    case 'ring+inuse':
      return 'RINGINUSE';
    case 'on hold':
      return 'ONHOLD';
    case 'unavailable':
      return 'UNAVAILABLE';
    case 'invalid':
      return 'INVALID';
    default:
      return 'UNKNOWN';
  }
}

/** AstDB's DND and CF families, fetched again: no event says another console or a phone changed them. */
export async function fetchAstdb(
  client: Lister,
  caps: Capabilities | undefined,
): Promise<Pick<SwitchboardLists, 'dnd' | 'forward'> | undefined> {
  if (!mayRun(caps, 'DBGetTree')) return undefined;
  const [dnd, forward] = await Promise.all([family(client, caps, 'DND'), family(client, caps, 'CF')]);
  if (!dnd || !forward) return undefined;
  return { dnd, forward };
}

/**
 * Brings the state's DND and forward in line with AstDB as just read. Pure. A DND lamp that is
 * BUSY still counts (a PBX may light it without the database entry).
 */
export function applyAstdb(
  state: SwitchboardState,
  lists: Required<Pick<SwitchboardLists, 'dnd' | 'forward'>>,
): void {
  const dnd = new Set<string>();
  for (const item of lists.dnd) {
    const exten = astdbKey(item, 'DND');
    if (exten !== undefined && (get(item, 'Val') ?? '').toUpperCase() === 'YES') dnd.add(exten);
  }
  for (const exten of new Set([...state.dnd.keys(), ...dnd])) {
    const lamp = state.deviceStates.get(`custom:dnd${exten.toLowerCase()}`);
    state.setDnd(exten, dnd.has(exten) || lamp?.toUpperCase() === 'BUSY');
  }
  const forward = new Map<string, string>();
  for (const item of lists.forward) {
    const exten = astdbKey(item, 'CF');
    const value = get(item, 'Val') ?? '';
    if (exten !== undefined && value !== '') forward.set(exten, value);
  }
  for (const exten of new Set([...state.forward.keys(), ...forward.keys()])) {
    state.setForward(exten, forward.get(exten) ?? null);
  }
}
