/** Reads rawman bodies from the demo PBX into messages (ordered key/value pairs) for the demo tests. */
import { get, request } from '../wire/replay';

export type Message = Array<readonly [string, string]>;

/** The messages of a raw HTTP answer's body, each as its lines in order. */
export function messages(response: Buffer): Message[] {
  const text = response.toString('utf8');
  const bodyText = text.slice(text.indexOf('\r\n\r\n') + 4);
  return bodyText
    .split('\r\n\r\n')
    .filter((block) => block !== '')
    .map((block) =>
      block.split('\r\n').map((line) => {
        const i = line.indexOf(': ');
        return [line.slice(0, i), line.slice(i + 2)] as const;
      }),
    );
}

export const keys = (m: Message): string[] => m.map(([k]) => k);
export const field = (m: Message, key: string): string | undefined => m.find(([k]) => k === key)?.[1];
export const named = (list: Message[], event: string): Message[] =>
  list.filter((m) => field(m, 'Event') === event);

/** One action as a GET on /rawman with the session cookie; its messages. */
export async function action(port: number, id: string, query: string): Promise<Message[]> {
  return messages(await request(port, get(`rawman?${query}`, id)));
}

/** The events queued for the session (a WaitEvent that returns at once). */
export async function drainEvents(port: number, id: string): Promise<Message[]> {
  const all = await action(port, id, 'action=WaitEvent&Timeout=0');
  return all.filter((m) => m[0]?.[0] === 'Event' && field(m, 'Event') !== 'WaitEventComplete');
}

/** The channel snapshot keys of ast_manager_build_channel_state_string_prefix(). */
export function snapshotKeys(prefix = ''): string[] {
  return [
    'Channel',
    'ChannelState',
    'ChannelStateDesc',
    'CallerIDNum',
    'CallerIDName',
    'ConnectedLineNum',
    'ConnectedLineName',
    'Language',
    'AccountCode',
    'Context',
    'Exten',
    'Priority',
    'Uniqueid',
    'Linkedid',
  ].map((k) => prefix + k);
}

/** The bridge snapshot keys of ast_manager_build_bridge_state_string_prefix(). */
export function bridgeKeys(prefix = ''): string[] {
  return [
    'BridgeUniqueid',
    'BridgeType',
    'BridgeTechnology',
    'BridgeCreator',
    'BridgeName',
    'BridgeNumChannels',
    'BridgeVideoSourceMode',
  ].map((k) => prefix + k);
}

/** The head every manager_event() puts first. */
export const EVENT_HEAD = ['Event', 'Privilege', 'SystemName'];
