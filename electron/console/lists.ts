/**
 * The list actions a (re)sync reads, through the client. CoreShowChannels is the truth and must
 * succeed; the others enrich the board and may be missing on a given PBX (no res_parking, no
 * PJSIP, a user without `system` read), so their refusal by Asterisk is tolerated — but not a
 * network failure, which means the resync itself failed and the core will retry.
 */
import type { AmiMessage } from '../../shared/ami';
import { get } from '../../shared/ami';
import type { AjamClient } from '../ajam/api';
import type { BoardLists } from '../state/snapshot';

type Lister = Pick<AjamClient, 'list'>;

function refusedByPbx(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'action-failed' || code === 'permission';
}

async function optionalList(client: Lister, action: string): Promise<AmiMessage[] | undefined> {
  try {
    return (await client.list(action)).events;
  } catch (error) {
    if (refusedByPbx(error)) return undefined;
    throw error;
  }
}

export async function fetchBoardLists(client: Lister): Promise<BoardLists> {
  const [channels, bridges, devices, hints, endpoints, parked] = await Promise.all([
    client.list('CoreShowChannels').then((result) => result.events),
    optionalList(client, 'BridgeList'),
    optionalList(client, 'DeviceStateList'),
    optionalList(client, 'ExtensionStateList'),
    optionalList(client, 'PJSIPShowEndpoints'),
    optionalList(client, 'ParkedCalls'),
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

/** `Asterisk 22.10.1` from CoreSettings, or undefined when the user may not read it. */
export async function fetchServerName(client: Pick<AjamClient, 'send'>): Promise<string | undefined> {
  try {
    const settings = await client.send('CoreSettings');
    const version = get(settings, 'AsteriskVersion');
    return version ? `Asterisk ${version}` : undefined;
  } catch (error) {
    if (refusedByPbx(error)) return undefined;
    throw error;
  }
}
