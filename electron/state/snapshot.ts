/**
 * The board from Asterisk's list actions: at connect (buildBoard) and after every reconnect
 * (resyncBoard), when events may have been missed.
 *
 * Resync rules: the lists are the truth for what exists (a channel missing from CoreShowChannels is
 * gone, whatever Hangup we missed; ids are Uniqueids, so nothing is listed twice); what the lists
 * cannot tell (start time to the millisecond, answer time, hold, recording, who dialed whom) is kept
 * from the previous board for channels that were already there; entries that did not change keep
 * their identity, so the patch after a resync names only what really changed.
 */
import { get, type AmiMessage } from '../../shared/ami';
import {
  EMPTY_BOARD,
  type BoardSnapshot,
  type Bridge,
  type Channel,
  type Endpoint,
} from '../../shared/model';
import { applyEvent } from './channels';
import { BoardDraft, isSafeKey, withChanges, type Changes } from './draft';
import {
  bridgeFromFacts,
  channelFromFacts,
  readBridgeFacts,
  readChannelFacts,
  type BridgeFacts,
} from './fields';

/** Item events of each list action, as collected by the client (without the ...Complete event). */
export interface BoardLists {
  /** CoreShowChannels -> `Event: CoreShowChannel` items. */
  readonly channels: readonly AmiMessage[];
  /** BridgeList -> `Event: BridgeListItem`. Without it, bridges are derived from the channels' BridgeId. */
  readonly bridges?: readonly AmiMessage[];
  /** DeviceStateList -> `Event: DeviceStateChange` items. */
  readonly devices?: readonly AmiMessage[];
  /** ExtensionStateList -> `Event: ExtensionStatus` items. */
  readonly hints?: readonly AmiMessage[];
  /** PJSIPShowEndpoints -> `Event: EndpointList` items. */
  readonly endpoints?: readonly AmiMessage[];
  /** ParkedCalls -> `Event: ParkedCall` items. Without it, parked marks are kept as they were. */
  readonly parked?: readonly AmiMessage[];
}

/**
 * CoreShowChannel's `Duration` ("HH:MM:SS", hours may pass 99) in ms; undefined when empty or
 * malformed (Asterisk leaves it empty for a channel without a creation time).
 */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  const [, h, m, s] = match;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

/** A fresh board from the lists, at `now` (epoch ms). */
export function buildBoard(lists: BoardLists, now: number): BoardSnapshot {
  return resyncBoard(EMPTY_BOARD, lists, now);
}

interface Listed {
  readonly changes: Changes<Channel>;
  readonly uniqueid: string;
  readonly bridgeId: string | null;
  readonly startedAt: number;
}

/** Local/x@ctx-00000001;1 <-> ;2 : the two halves of one Local channel share the name up to `;`. */
function localPairs(channels: Iterable<Listed>): Map<string, string> {
  const halves = new Map<string, { one?: string; two?: string }>();
  for (const listed of channels) {
    const name = listed.changes.channel;
    if (!name?.startsWith('Local/')) continue;
    const semi = name.lastIndexOf(';');
    const side = name.slice(semi + 1);
    if (semi < 0 || (side !== '1' && side !== '2')) continue;
    const pair = halves.get(name.slice(0, semi)) ?? {};
    if (side === '1') pair.one = listed.uniqueid;
    else pair.two = listed.uniqueid;
    halves.set(name.slice(0, semi), pair);
  }
  const peers = new Map<string, string>();
  for (const { one, two } of halves.values()) {
    if (one && two) {
      peers.set(one, two);
      peers.set(two, one);
    }
  }
  return peers;
}

function readListedChannels(items: readonly AmiMessage[], now: number): Map<string, Listed> {
  const listed = new Map<string, Listed>();
  for (const item of items) {
    const facts = readChannelFacts(item);
    if (!facts || !isSafeKey(facts.uniqueid) || listed.has(facts.uniqueid)) continue;
    const { uniqueid, ...changes } = facts;
    const bridgeId = get(item, 'BridgeId') || null;
    changes.application = get(item, 'Application') || undefined;
    const age = parseDuration(get(item, 'Duration'));
    listed.set(uniqueid, { uniqueid, changes, bridgeId, startedAt: age === undefined ? now : now - age });
  }
  return listed;
}

function resyncChannels(draft: BoardDraft, previous: BoardSnapshot, listed: Map<string, Listed>): void {
  for (const id of Object.keys(previous.channels)) if (!listed.has(id)) draft.removeChannel(id);
  const peers = localPairs(listed.values());
  for (const entry of listed.values()) {
    const before = Object.hasOwn(previous.channels, entry.uniqueid)
      ? previous.channels[entry.uniqueid]
      : undefined;
    // The previous start time is the real one (seen at Newchannel, or the first snapshot's):
    // a later Duration, rounded to the second, must not make the timer jump.
    const base = before ?? channelFromFacts({ uniqueid: entry.uniqueid }, entry.startedAt);
    const dialedBy = before?.dialedBy;
    const changes: Changes<Channel> = {
      ...entry.changes,
      bridgeId: entry.bridgeId,
      localPeer:
        peers.get(entry.uniqueid) ??
        (before?.localPeer && listed.has(before.localPeer) ? before.localPeer : undefined),
      dialedBy: dialedBy && listed.has(dialedBy) ? dialedBy : undefined,
    };
    draft.putChannel(withChanges(base, changes));
  }
}

function resyncBridges(
  draft: BoardDraft,
  previous: BoardSnapshot,
  lists: BoardLists,
  listed: Map<string, Listed>,
  now: number,
): void {
  const facts = new Map<string, BridgeFacts>();
  for (const item of lists.bridges ?? []) {
    const bridge = readBridgeFacts(item);
    if (bridge && isSafeKey(bridge.bridgeId)) facts.set(bridge.bridgeId, bridge);
  }
  const members = new Map<string, string[]>();
  for (const entry of listed.values()) {
    if (entry.bridgeId === null || !isSafeKey(entry.bridgeId)) continue;
    const list = members.get(entry.bridgeId) ?? [];
    list.push(entry.uniqueid);
    members.set(entry.bridgeId, list);
  }
  const ids = new Set([...facts.keys(), ...members.keys()]);
  for (const id of Object.keys(previous.bridges)) if (!ids.has(id)) draft.removeBridge(id);
  for (const id of ids) {
    const before: Bridge | undefined = Object.hasOwn(previous.bridges, id) ? previous.bridges[id] : undefined;
    const known = facts.get(id) ?? { bridgeId: id };
    const listedMembers = members.get(id) ?? [];
    // Keep the order channels entered in; newcomers go last.
    const kept = (before?.channels ?? []).filter((uid) => listedMembers.includes(uid));
    const channels = [...kept, ...listedMembers.filter((uid) => !kept.includes(uid))];
    const base =
      before ??
      bridgeFromFacts({ ...known, type: known.type ?? '', technology: known.technology ?? '' }, now);
    const { bridgeId: _id, ...changes } = known;
    draft.putBridge(withChanges(base, { ...changes, channels }));
  }
}

function resyncParked(draft: BoardDraft, previous: BoardSnapshot, lists: BoardLists, now: number): void {
  if (!lists.parked) return;
  const parkedIds = new Set<string>();
  for (const item of lists.parked) {
    const uniqueid = get(item, 'ParkeeUniqueid');
    if (uniqueid) parkedIds.add(uniqueid);
    applyEvent(draft, item, now);
  }
  for (const id of Object.keys(previous.channels)) {
    if (!parkedIds.has(id)) draft.updateChannel(id, { parkedAt: undefined, parkingLot: undefined });
  }
}

function resyncEndpoints(draft: BoardDraft, previous: BoardSnapshot, lists: BoardLists, now: number): void {
  const seen = new Set<string>();
  const note = (item: AmiMessage, id: string | undefined): void => {
    if (id) seen.add(id);
    applyEvent(draft, item, now);
  };
  for (const item of lists.devices ?? []) note(item, get(item, 'Device'));
  for (const item of lists.endpoints ?? []) {
    const name = get(item, 'ObjectName');
    note(item, name ? `PJSIP/${name}` : undefined);
  }
  for (const item of lists.hints ?? []) {
    const exten = get(item, 'Exten');
    const context = get(item, 'Context');
    note(item, exten && context ? `${exten}@${context}` : undefined);
  }
  const devicesListed = lists.devices !== undefined || lists.endpoints !== undefined;
  const hintsListed = lists.hints !== undefined;
  for (const endpoint of Object.values(previous.endpoints) as Endpoint[]) {
    if (seen.has(endpoint.id)) continue;
    const isHint = endpoint.kind === 'hint';
    if ((isHint && hintsListed) || (!isHint && devicesListed)) draft.removeEndpoint(endpoint.id);
  }
}

/**
 * The board after a reconnect: `previous` brought in line with the lists taken at `now`. Returns
 * `previous` itself when nothing changed.
 */
export function resyncBoard(previous: BoardSnapshot, lists: BoardLists, now: number): BoardSnapshot {
  const draft = new BoardDraft(previous);
  const listed = readListedChannels(lists.channels, now);
  resyncChannels(draft, previous, listed);
  resyncBridges(draft, previous, lists, listed, now);
  resyncParked(draft, previous, lists, now);
  resyncEndpoints(draft, previous, lists, now);
  return draft.finish();
}
