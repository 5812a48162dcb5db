/**
 * Actions on top of the session: ActionID correlation, list actions collected to their completion
 * event, which actions are safe to send twice, and typed rows for the common lists.
 */
import { eventName, get, type AmiMessage } from '../../shared/ami';
import type { AjamClient, ListResult } from './api';
import { errors } from './errors';
import type { RequestOptions, Session } from './session';

/**
 * Actions that change nothing on the PBX, so replaying them after a silent re-login cannot do
 * anything twice. Everything else (Originate, Hangup, Redirect, Command, Setvar, ...) is never replayed.
 */
const SAFE = new Set(
  [
    'Ping',
    'WaitEvent',
    'Events',
    'Status',
    'Getvar',
    'CoreSettings',
    'CoreStatus',
    'CoreShowChannels',
    'CoreShowChannelMap',
    'BridgeList',
    'BridgeInfo',
    'BridgeTechnologyList',
    'DeviceStateList',
    'ExtensionState',
    'ExtensionStateList',
    'PresenceState',
    'PresenceStateList',
    'PJSIPShowEndpoints',
    'PJSIPShowEndpoint',
    'PJSIPShowContacts',
    'PJSIPShowAors',
    'PJSIPShowRegistrationsInbound',
    'PJSIPShowRegistrationsOutbound',
    'QueueStatus',
    'QueueSummary',
    'ParkedCalls',
    'Parkinglots',
    'MailboxCount',
    'MailboxStatus',
    'ListCommands',
    'ListCategories',
    'ShowDialPlan',
    'GetConfig',
    'GetConfigJSON',
    'ConfbridgeList',
    'ConfbridgeListRooms',
    'SIPpeers',
    'IAXpeers',
    'VoicemailUsersList',
    'AgentList',
  ].map((a) => a.toLowerCase()),
);

export function isSafeToReplay(action: string): boolean {
  return SAFE.has(action.toLowerCase());
}

let counter = 0;
const prefix = `ajam-${process.pid.toString(36)}-${Date.now().toString(36)}`;

export function nextActionId(): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

function checkAction(action: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(action)) {
    throw errors.actionFailed(action || '(empty)', 'not a valid action name (letters, digits and _ only)');
  }
}

function buildFields(
  action: string,
  fields: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  checkAction(action);
  const out: Record<string, string> = { Action: action };
  let hasId = false;
  for (const [k, v] of Object.entries(fields ?? {})) {
    const lower = k.toLowerCase();
    if (lower === 'action') continue;
    if (lower === 'actionid') hasId = true;
    out[k] = v;
  }
  if (!hasId) out['ActionID'] = nextActionId();
  return out;
}

function idOf(fields: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(fields)) if (k.toLowerCase() === 'actionid') return v;
  return undefined;
}

/** Sends one action and returns all messages of its reply, the response first. */
async function exchange(
  session: Session,
  action: string,
  fields: Readonly<Record<string, string>> | undefined,
  options: Partial<RequestOptions> = {},
): Promise<{ id: string | undefined; messages: AmiMessage[] }> {
  const full = buildFields(action, fields);
  const id = idOf(full);
  const messages = await session.request(full, { safe: isSafeToReplay(action), ...options });
  const response = messages[0]!;
  const echoed = get(response, 'ActionID');
  if (id !== undefined && echoed !== undefined && echoed !== id) {
    throw errors.parse(action, `the answer carries ActionID "${echoed}" but "${id}" was sent`);
  }
  return { id, messages };
}

export async function sendAction(
  session: Session,
  action: string,
  fields?: Readonly<Record<string, string>>,
): Promise<AmiMessage> {
  return (await exchange(session, action, fields)).messages[0]!;
}

/**
 * A list action: rawman returns the response, the items and the `...Complete` event in one body.
 * Items are the events carrying our ActionID; the completion event is the one with EventList: Complete.
 */
export async function listAction(
  session: Session,
  action: string,
  fields?: Readonly<Record<string, string>>,
): Promise<ListResult> {
  const { id, messages } = await exchange(session, action, fields);
  return collectList(messages, id);
}

export function collectList(messages: readonly AmiMessage[], actionId: string | undefined): ListResult {
  const [response, ...rest] = messages;
  if (response === undefined) throw errors.parse('list', 'empty answer');
  const events: AmiMessage[] = [];
  let complete: AmiMessage | undefined;
  for (const m of rest) {
    if (eventName(m) === undefined) continue;
    const mid = get(m, 'ActionID');
    if (actionId !== undefined && mid !== undefined && mid !== actionId) continue;
    if (get(m, 'EventList')?.toLowerCase() === 'complete') {
      complete = m;
      break;
    }
    events.push(m);
  }
  return { response, events, complete };
}

// ---- typed rows for the common lists ---------------------------------------------------------

/** `HH:MM:SS` (hours may exceed 24) -> seconds; 0 for anything else. */
export function durationSeconds(text: string | undefined): number {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!m) return 0;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

const str = (m: AmiMessage, key: string): string => get(m, key) ?? '';

/** One live channel, with exactly the keys `ajam channels` prints. */
export interface ChannelRow {
  readonly channel: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly state: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly connectedLineNum: string;
  readonly connectedLineName: string;
  readonly context: string;
  readonly exten: string;
  readonly durationSeconds: number;
  readonly bridgeId: string | null;
}

/** A CoreShowChannel item, or a Status item (`BridgeID`, and `Seconds` instead of `Duration`). */
export function channelRow(m: AmiMessage): ChannelRow {
  const bridge = str(m, 'BridgeId');
  const seconds = get(m, 'Seconds');
  return {
    channel: str(m, 'Channel'),
    uniqueid: str(m, 'Uniqueid'),
    linkedid: str(m, 'Linkedid'),
    state: str(m, 'ChannelStateDesc'),
    callerIdNum: str(m, 'CallerIDNum'),
    callerIdName: str(m, 'CallerIDName'),
    connectedLineNum: str(m, 'ConnectedLineNum'),
    connectedLineName: str(m, 'ConnectedLineName'),
    context: str(m, 'Context'),
    exten: str(m, 'Exten'),
    durationSeconds:
      seconds !== undefined && /^\d+$/.test(seconds) ? Number(seconds) : durationSeconds(get(m, 'Duration')),
    bridgeId: bridge === '' ? null : bridge,
  };
}

export interface BridgeRow {
  readonly bridgeId: string;
  readonly type: string;
  readonly technology: string;
  readonly creator: string;
  readonly name: string;
  readonly numChannels: number;
  readonly durationSeconds: number;
}

export function bridgeRow(m: AmiMessage): BridgeRow {
  return {
    bridgeId: str(m, 'BridgeUniqueid'),
    type: str(m, 'BridgeType'),
    technology: str(m, 'BridgeTechnology'),
    creator: str(m, 'BridgeCreator'),
    name: str(m, 'BridgeName'),
    numChannels: Number(get(m, 'BridgeNumChannels') ?? 0) || 0,
    durationSeconds: durationSeconds(get(m, 'BridgeDuration')),
  };
}

export interface EndpointRow {
  readonly id: string;
  readonly transport: string;
  readonly aor: string;
  readonly contacts: string;
  readonly deviceState: string;
  readonly activeChannels: string;
}

export function endpointRow(m: AmiMessage): EndpointRow {
  return {
    id: str(m, 'ObjectName'),
    transport: str(m, 'Transport'),
    aor: str(m, 'Aor'),
    contacts: str(m, 'Contacts'),
    deviceState: str(m, 'DeviceState'),
    activeChannels: str(m, 'ActiveChannels'),
  };
}

export interface DeviceStateRow {
  readonly device: string;
  readonly state: string;
}

export function deviceStateRow(m: AmiMessage): DeviceStateRow {
  return { device: str(m, 'Device'), state: str(m, 'State') };
}

export interface QueueStatusResult {
  readonly queues: ReadonlyArray<Record<string, string>>;
  readonly members: ReadonlyArray<Record<string, string>>;
  readonly callers: ReadonlyArray<Record<string, string>>;
}

const fieldsOf = (m: AmiMessage): Record<string, string> =>
  Object.fromEntries(m.lines.map(([k, v]) => [k, v]));

export function queueStatus(list: ListResult): QueueStatusResult {
  const pick = (name: string) => list.events.filter((e) => eventName(e) === name).map(fieldsOf);
  return { queues: pick('QueueParams'), members: pick('QueueMember'), callers: pick('QueueEntry') };
}

/**
 * The live channels: CoreShowChannels (write = system or reporting), or for a user refused it,
 * Status (system, call or reporting), which lists the same channels with the same fields.
 */
export async function coreShowChannels(client: Pick<AjamClient, 'list'>): Promise<ChannelRow[]> {
  try {
    return (await client.list('CoreShowChannels')).events
      .filter((e) => eventName(e) === 'CoreShowChannel')
      .map(channelRow);
  } catch (error) {
    if ((error as { code?: unknown } | undefined)?.code !== 'permission') throw error;
    return (await client.list('Status')).events.filter((e) => eventName(e) === 'Status').map(channelRow);
  }
}

export async function bridgeList(client: Pick<AjamClient, 'list'>): Promise<BridgeRow[]> {
  return (await client.list('BridgeList')).events
    .filter((e) => eventName(e) === 'BridgeListItem')
    .map(bridgeRow);
}

export async function pjsipEndpoints(client: Pick<AjamClient, 'list'>): Promise<EndpointRow[]> {
  return (await client.list('PJSIPShowEndpoints')).events
    .filter((e) => eventName(e) === 'EndpointList')
    .map(endpointRow);
}

export async function deviceStates(client: Pick<AjamClient, 'list'>): Promise<DeviceStateRow[]> {
  return (await client.list('DeviceStateList')).events
    .filter((e) => eventName(e) === 'DeviceStateChange')
    .map(deviceStateRow);
}

export { exchange as exchangeAction };
