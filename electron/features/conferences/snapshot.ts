/**
 * The rooms at connect: ConfbridgeListRooms, then ConfbridgeList per room (both need `reporting`,
 * 21j). With no room at all both answer `Response: Error` "No active conferences." (21a): that is an
 * empty list, not a failure.
 */
import { eventName, type AmiMessage } from '../../../shared/ami';
import type { AjamClient } from '../../ajam/api';
import { AjamError } from '../../ajam/errors';

export interface ConferenceLists {
  readonly rooms: readonly AmiMessage[];
  readonly lists: ReadonlyMap<string, readonly AmiMessage[]>;
}

const NONE = /^No active conferences\.?$|^No Conference by that name found\.?$/;

function isNone(error: unknown): boolean {
  return error instanceof AjamError && error.code === 'action-failed' && NONE.test(error.pbxMessage ?? '');
}

export async function fetchConferences(client: Pick<AjamClient, 'list'>): Promise<ConferenceLists> {
  let rooms: AmiMessage[];
  try {
    rooms = (await client.list('ConfbridgeListRooms')).events.filter(
      (e) => eventName(e) === 'ConfbridgeListRooms',
    );
  } catch (error) {
    if (isNone(error)) return { rooms: [], lists: new Map() };
    throw error;
  }
  const lists = new Map<string, readonly AmiMessage[]>();
  for (const room of rooms) {
    const name = room.lines.find(([k]) => k === 'Conference')?.[1] ?? '';
    try {
      lists.set(name, (await client.list('ConfbridgeList', { Conference: name })).events);
    } catch (error) {
      // The room ended between the two requests.
      if (!isNone(error)) throw error;
    }
  }
  return { rooms, lists };
}

/**
 * The whole dialplan (ShowDialPlan, write class config or reporting), read once per connect to find
 * the rooms' extensions. Asterisk warns it "may take a lot of capacity": a few thousand priorities
 * on a large FreePBX, one list per connect.
 */
export async function fetchDialplan(client: Pick<AjamClient, 'list'>): Promise<AmiMessage[]> {
  const { events } = await client.list('ShowDialPlan');
  return events.filter((e) => eventName(e) === 'ListDialplan');
}
