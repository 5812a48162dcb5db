/**
 * The list actions a (re)sync reads, through the client. The channel list is the truth and must
 * succeed: CoreShowChannels, or Status for a user whose `write` has `call` but neither `system` nor
 * `reporting` (Status lists the same channels and fields; its items are reshaped to CoreShowChannel's
 * so the board reads one format). The others enrich the board and may be missing on a given PBX (no
 * res_parking, no PJSIP, a user without `system`), so their refusal by Asterisk is tolerated, and
 * when ListCommands said the user may not run one it is not sent at all (Asterisk would log each
 * refusal as a security event). A network failure is not tolerated: the resync itself failed and
 * the core will retry.
 */
import type { AmiMessage } from '../../shared/ami';
import { eventName, get, makeMessage } from '../../shared/ami';
import type { AjamClient } from '../ajam/api';
import type { BoardLists } from '../state/snapshot';
import { parseDuration } from '../state/snapshot';
import { durationText, mayRun, readCapabilities, type Capabilities } from './capabilities';

type Lister = Pick<AjamClient, 'list'>;

function refusedByPbx(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'action-failed' || code === 'permission';
}

async function optionalList(
  client: Lister,
  action: string,
  caps: Capabilities | undefined,
): Promise<AmiMessage[] | undefined> {
  if (!mayRun(caps, action)) return undefined;
  try {
    return (await client.list(action)).events;
  } catch (error) {
    if (refusedByPbx(error)) return undefined;
    throw error;
  }
}

/** A Status item as the CoreShowChannel item it stands for (`Seconds` becomes `Duration`). */
export function statusAsCoreShowChannel(item: AmiMessage): AmiMessage {
  const seconds = Number(get(item, 'Seconds'));
  const lines = item.lines.filter(([k]) => k.toLowerCase() !== 'event');
  return makeMessage([
    ['Event', 'CoreShowChannel'],
    ...lines,
    ...(Number.isFinite(seconds) && get(item, 'Duration') === undefined
      ? ([['Duration', durationText(seconds)]] as const)
      : []),
  ]);
}

async function statusChannels(client: Lister): Promise<AmiMessage[]> {
  const { events } = await client.list('Status');
  return events.filter((e) => eventName(e) === 'Status').map(statusAsCoreShowChannel);
}

async function channelList(client: Lister, caps: Capabilities | undefined): Promise<AmiMessage[]> {
  // Status also when the user may run neither: its refusal names the smallest class that would do.
  if (caps !== undefined && !mayRun(caps, 'CoreShowChannels')) return statusChannels(client);
  try {
    return (await client.list('CoreShowChannels')).events;
  } catch (error) {
    // Without ListCommands' word, a refusal is how we learn CoreShowChannels is not ours.
    if (caps === undefined && (error as { code?: unknown } | undefined)?.code === 'permission') {
      return statusChannels(client);
    }
    throw error;
  }
}

/** The live channels alone, as CoreShowChannel items. */
export function fetchChannels(client: Lister, caps?: Capabilities): Promise<AmiMessage[]> {
  return channelList(client, caps);
}

export async function fetchBoardLists(client: Lister, caps?: Capabilities): Promise<BoardLists> {
  const [channels, bridges, devices, hints, endpoints, parked] = await Promise.all([
    channelList(client, caps),
    optionalList(client, 'BridgeList', caps),
    optionalList(client, 'DeviceStateList', caps),
    optionalList(client, 'ExtensionStateList', caps),
    optionalList(client, 'PJSIPShowEndpoints', caps),
    optionalList(client, 'ParkedCalls', caps),
  ]);
  return {
    channels,
    ...(bridges ? { bridges } : {}),
    ...(devices ? { devices } : {}),
    ...(hints ? { hints } : {}),
    ...(endpoints ? { endpoints } : {}),
    ...(parked ? { parked } : {}),
  };
}

/** Each listed channel's age in whole seconds (channels without a creation time are left out). */
export function channelAges(lists: Pick<BoardLists, 'channels'>): number[] {
  const ages: number[] = [];
  for (const item of lists.channels) {
    const ms = parseDuration(get(item, 'Duration'));
    if (ms !== undefined) ages.push(ms / 1000);
  }
  return ages;
}

/** ListCommands needs no class and lists what the user may run; undefined if even that fails. */
export async function fetchCapabilities(client: Pick<AjamClient, 'send'>): Promise<Capabilities | undefined> {
  try {
    return readCapabilities(await client.send('ListCommands'));
  } catch (error) {
    if (refusedByPbx(error)) return undefined;
    throw error;
  }
}

/** `Asterisk 22.10.1` from CoreSettings, or undefined when the user may not read it. */
export async function fetchServerName(
  client: Pick<AjamClient, 'send'>,
  caps?: Capabilities,
): Promise<string | undefined> {
  if (!mayRun(caps, 'CoreSettings')) return undefined;
  try {
    const settings = await client.send('CoreSettings');
    const version = get(settings, 'AsteriskVersion');
    return version ? `Asterisk ${version}` : undefined;
  } catch (error) {
    if (refusedByPbx(error)) return undefined;
    throw error;
  }
}
