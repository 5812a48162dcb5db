/**
 * Reading Asterisk's channel and bridge snapshots out of AMI messages. Every channel event (and
 * CoreShowChannel, ParkedCall, DialBegin's `Dest*`, LocalBridge's `LocalOne*`) carries the same block
 * of fields, built by ast_manager_build_channel_state_string_prefix(); bridges likewise with
 * ast_manager_build_bridge_state_string_prefix() (`To*`/`From*` in BridgeMerge).
 */
import { get, type AmiMessage } from '../../shared/ami';
import type { Channel, Bridge } from '../../shared/model';
import type { Changes } from './draft';

/** The snapshot fields one message tells about a channel. */
export interface ChannelFacts extends Changes<Channel> {
  readonly uniqueid: string;
}

/** ChannelState (ast_channel_state) -> ast_state2str(), for messages that carry only the number. */
const STATE_NAMES = [
  'Down',
  'Rsrvd',
  'OffHook',
  'Dialing',
  'Ring',
  'Ringing',
  'Up',
  'Busy',
  'Dialing Offhook',
  'Pre-ring',
];

const C_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/**
 * Asterisk escapes caller and connected-line names with ast_escape_c() before writing them (a name
 * `Ann "Boss"` arrives as `Ann \"Boss\"`), so the board shows the text the phone shows.
 */
export function unescapeName(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\(.)/g, (whole, ch: string) => C_ESCAPES[ch] ?? whole);
}

/** The lower-cased field names of a channel block under one prefix (what AmiMessage.fields is keyed by). */
interface ChannelKeys {
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly stateDesc: string;
  readonly state: string;
  readonly channel: string;
  readonly cidNum: string;
  readonly cidName: string;
  readonly colNum: string;
  readonly colName: string;
  readonly context: string;
  readonly exten: string;
}

/**
 * Built once per prefix: the reducer reads a dozen fields per event, and lower-casing `${prefix}Key`
 * for each was a visible share of the live board's cost. Prefixes are the handful the handlers pass.
 */
const CHANNEL_KEYS = new Map<string, ChannelKeys>();

function channelKeys(prefix: string): ChannelKeys {
  let keys = CHANNEL_KEYS.get(prefix);
  if (!keys) {
    const k = (name: string): string => `${prefix}${name}`.toLowerCase();
    keys = {
      uniqueid: k('Uniqueid'),
      linkedid: k('Linkedid'),
      stateDesc: k('ChannelStateDesc'),
      state: k('ChannelState'),
      channel: k('Channel'),
      cidNum: k('CallerIDNum'),
      cidName: k('CallerIDName'),
      colNum: k('ConnectedLineNum'),
      colName: k('ConnectedLineName'),
      context: k('Context'),
      exten: k('Exten'),
    };
    CHANNEL_KEYS.set(prefix, keys);
  }
  return keys;
}

function stateOf(fields: AmiMessage['fields'], keys: ChannelKeys): string | undefined {
  const desc = fields[keys.stateDesc];
  if (desc !== undefined && desc !== '') return desc;
  const code = fields[keys.state];
  if (code === undefined) return undefined;
  return STATE_NAMES[Number(code)] ?? 'Unknown';
}

/**
 * The channel snapshot in `message` under `prefix`, or undefined when there is none. A snapshot
 * always has Uniqueid, Linkedid and ChannelState; OriginateResponse and Rename have a Uniqueid but no snapshot,
 * and `Uniqueid: none` (a global VarSet) names no channel.
 */
export function readChannelFacts(message: AmiMessage, prefix = ''): ChannelFacts | undefined {
  const keys = channelKeys(prefix);
  const fields = message.fields;
  const uniqueid = fields[keys.uniqueid];
  const linkedid = fields[keys.linkedid];
  if (!uniqueid || uniqueid === 'none' || linkedid === undefined) return undefined;
  // CEL and Cdr carry UniqueID/LinkedID too, but describe the past: only a state block is a snapshot.
  const state = stateOf(fields, keys);
  if (state === undefined) return undefined;
  const facts: Changes<Channel> & { uniqueid: string } = { uniqueid, linkedid, state };
  const channel = fields[keys.channel];
  if (channel !== undefined) facts.channel = channel;
  const cidNum = fields[keys.cidNum];
  if (cidNum !== undefined) facts.callerIdNum = cidNum;
  const cidName = fields[keys.cidName];
  if (cidName !== undefined) facts.callerIdName = unescapeName(cidName);
  const colNum = fields[keys.colNum];
  if (colNum !== undefined) facts.connectedLineNum = colNum;
  const colName = fields[keys.colName];
  if (colName !== undefined) facts.connectedLineName = unescapeName(colName);
  const context = fields[keys.context];
  if (context !== undefined) facts.context = context;
  const exten = fields[keys.exten];
  if (exten !== undefined) facts.exten = exten;
  return facts;
}

/** A new Channel from a snapshot, created at `startedAt`. */
export function channelFromFacts(facts: ChannelFacts, startedAt: number): Channel {
  const channel: Channel = {
    channel: facts.channel ?? '',
    uniqueid: facts.uniqueid,
    linkedid: facts.linkedid ?? facts.uniqueid,
    state: facts.state ?? 'Unknown',
    callerIdNum: facts.callerIdNum ?? '',
    callerIdName: facts.callerIdName ?? '',
    connectedLineNum: facts.connectedLineNum ?? '',
    connectedLineName: facts.connectedLineName ?? '',
    context: facts.context ?? '',
    exten: facts.exten ?? '',
    startedAt,
    bridgeId: null,
    onHold: false,
    recording: false,
  };
  return channel;
}

/** `<unknown>` is what Asterisk prints for an empty creator or name. */
function known(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '<unknown>' ? undefined : value;
}

export interface BridgeFacts extends Changes<Bridge> {
  readonly bridgeId: string;
}

export function readBridgeFacts(message: AmiMessage, prefix = ''): BridgeFacts | undefined {
  const bridgeId = get(message, `${prefix}BridgeUniqueid`);
  if (!bridgeId) return undefined;
  return {
    bridgeId,
    type: get(message, `${prefix}BridgeType`) ?? '',
    technology: get(message, `${prefix}BridgeTechnology`) ?? '',
    name: known(get(message, `${prefix}BridgeName`)),
    creator: known(get(message, `${prefix}BridgeCreator`)),
  };
}

export function bridgeFromFacts(facts: BridgeFacts, createdAt: number): Bridge {
  const bridge: { -readonly [K in keyof Bridge]: Bridge[K] } = {
    bridgeId: facts.bridgeId,
    type: facts.type ?? '',
    technology: facts.technology ?? '',
    channels: [],
    createdAt,
  };
  if (facts.name !== undefined) bridge.name = facts.name;
  if (facts.creator !== undefined) bridge.creator = facts.creator;
  return bridge;
}

/** ast_devstate_str() tokens by ast_devstate2str() text (PJSIPShowEndpoints' DeviceState speaks the latter). */
const DEVICE_STATE_TOKENS: Readonly<Record<string, string>> = {
  unknown: 'UNKNOWN',
  'not in use': 'NOT_INUSE',
  'in use': 'INUSE',
  busy: 'BUSY',
  invalid: 'INVALID',
  unavailable: 'UNAVAILABLE',
  ringing: 'RINGING',
  'ring+inuse': 'RINGINUSE',
  'on hold': 'ONHOLD',
};

const TOKENS = new Set(Object.values(DEVICE_STATE_TOKENS));

/** Either spelling of a device state -> the DeviceStateChange token (NOT_INUSE, INUSE, ...). */
export function deviceStateToken(value: string): string {
  const upper = value.trim().toUpperCase();
  if (TOKENS.has(upper)) return upper;
  return DEVICE_STATE_TOKENS[value.trim().toLowerCase()] ?? 'UNKNOWN';
}

/** ExtensionStatus `Status` (ast_extension_states bits) -> a device state token. */
export function extensionStateToken(status: string | undefined, text: string | undefined): string {
  switch (status === undefined ? NaN : Number(status)) {
    case 0:
      return 'NOT_INUSE';
    case 1:
      return 'INUSE';
    case 2:
      return 'BUSY';
    case 4:
      return 'UNAVAILABLE';
    case 8:
      return 'RINGING';
    case 9:
      return 'RINGINUSE';
    case 16:
    case 17:
      return 'ONHOLD';
    default:
      break;
  }
  switch (text?.toLowerCase()) {
    case 'idle':
      return 'NOT_INUSE';
    case 'inuse':
      return 'INUSE';
    case 'busy':
      return 'BUSY';
    case 'unavailable':
      return 'UNAVAILABLE';
    case 'ringing':
      return 'RINGING';
    case 'inuse&ringing':
      return 'RINGINUSE';
    case 'hold':
    case 'inuse&hold':
      return 'ONHOLD';
    default:
      return 'UNKNOWN';
  }
}
