/**
 * Test helpers for the board: events from the real captures, a small scripted PBX that writes events
 * with the exact field blocks Asterisk 22 uses, and the board's consistency rules.
 */
import { makeMessage, type AmiMessage } from '../../shared/ami';
import type { BoardSnapshot } from '../../shared/model';
import { parseMxml } from '../../electron/ajam/mxml';
import { parseRawman } from '../../electron/ajam/rawman';
import { responsesOf } from '../ajam/capture';

export interface CapturedBody {
  /** The response's Date header, epoch ms. */
  readonly at: number;
  /** Every message of the body, the Response block included. */
  readonly messages: AmiMessage[];
}

/** The AMI messages of each rawman or mxml response in a capture, with the time the server sent it. */
export function captureBodies(name: string): CapturedBody[] {
  const xml = name.includes('mxml');
  return responsesOf(name, xml ? 'text/xml' : 'text/plain').map((response) => {
    const date = response.headers.find(([k]) => k.toLowerCase() === 'date')?.[1] ?? '';
    const parsed = xml ? parseMxml(response.body.toString('utf8')) : parseRawman(response.body);
    if (parsed.error) throw new Error(`${name}: ${JSON.stringify(parsed.error)}`);
    return { at: Date.parse(date), messages: parsed.messages };
  });
}

/** Event messages only (drops the Response block). */
export function eventsOf(body: CapturedBody): AmiMessage[] {
  return body.messages.filter((m) => m.fields['event'] !== undefined);
}

export function ev(name: string, fields: Readonly<Record<string, string>> = {}): AmiMessage {
  return makeMessage([['Event', name], ...Object.entries(fields)]);
}

interface SimChannel {
  channel: string;
  uniqueid: string;
  linkedid: string;
  state: number;
  cidNum: string;
  cidName: string;
  colNum: string;
  colName: string;
  context: string;
  exten: string;
  priority: number;
}

const STATE_DESC = ['Down', 'Rsrvd', 'OffHook', 'Dialing', 'Ring', 'Ringing', 'Up', 'Busy'];

/** A scripted PBX: keeps channel snapshots and writes events the way Asterisk prints them. */
export class Script {
  readonly channels = new Map<string, SimChannel>();
  readonly events: AmiMessage[] = [];
  #bridges = new Map<string, { type: string; tech: string; members: Set<string> }>();

  /** Asterisk's channel block for `uniqueid`, under `prefix` (names C-escaped as Asterisk does). */
  block(uniqueid: string, prefix = ''): Array<[string, string]> {
    const c = this.channels.get(uniqueid);
    if (!c) throw new Error(`script: no channel ${uniqueid}`);
    const esc = (s: string): string => s.replace(/[\\"']/g, (m) => `\\${m}`);
    return [
      [`${prefix}Channel`, c.channel],
      [`${prefix}ChannelState`, String(c.state)],
      [`${prefix}ChannelStateDesc`, STATE_DESC[c.state] ?? 'Unknown'],
      [`${prefix}CallerIDNum`, c.cidNum || '<unknown>'],
      [`${prefix}CallerIDName`, esc(c.cidName) || '<unknown>'],
      [`${prefix}ConnectedLineNum`, c.colNum || '<unknown>'],
      [`${prefix}ConnectedLineName`, esc(c.colName) || '<unknown>'],
      [`${prefix}Language`, 'es'],
      [`${prefix}AccountCode`, ''],
      [`${prefix}Context`, c.context],
      [`${prefix}Exten`, c.exten],
      [`${prefix}Priority`, String(c.priority)],
      [`${prefix}Uniqueid`, c.uniqueid],
      [`${prefix}Linkedid`, c.linkedid],
    ];
  }

  bridgeBlock(id: string, prefix = ''): Array<[string, string]> {
    const b = this.#bridges.get(id);
    if (!b) throw new Error(`script: no bridge ${id}`);
    return [
      [`${prefix}BridgeUniqueid`, id],
      [`${prefix}BridgeType`, b.type],
      [`${prefix}BridgeTechnology`, b.tech],
      [`${prefix}BridgeCreator`, '<unknown>'],
      [`${prefix}BridgeName`, '<unknown>'],
      [`${prefix}BridgeNumChannels`, String(b.members.size)],
      [`${prefix}BridgeVideoSourceMode`, 'none'],
    ];
  }

  emit(name: string, ...parts: Array<Array<[string, string]>>): AmiMessage {
    const message = makeMessage([
      ['Event', name],
      ['Privilege', 'call,all'],
      ['SystemName', 'pbx'],
      ...parts.flat(),
    ]);
    this.events.push(message);
    return message;
  }

  newChannel(
    channel: string,
    uniqueid: string,
    o: Partial<Omit<SimChannel, 'channel' | 'uniqueid'>> = {},
  ): string {
    this.channels.set(uniqueid, {
      channel,
      uniqueid,
      linkedid: o.linkedid ?? uniqueid,
      state: o.state ?? 0,
      cidNum: o.cidNum ?? '',
      cidName: o.cidName ?? '',
      colNum: o.colNum ?? '',
      colName: o.colName ?? '',
      context: o.context ?? 'from-internal',
      exten: o.exten ?? 's',
      priority: 1,
    });
    this.emit('Newchannel', this.block(uniqueid));
    return uniqueid;
  }

  set(uniqueid: string, changes: Partial<SimChannel>): void {
    const c = this.channels.get(uniqueid);
    if (!c) throw new Error(`script: no channel ${uniqueid}`);
    Object.assign(c, changes);
  }

  newstate(uniqueid: string, state: number): void {
    this.set(uniqueid, { state });
    this.emit('Newstate', this.block(uniqueid));
  }

  newexten(uniqueid: string, exten: string, app: string, data = ''): void {
    const c = this.channels.get(uniqueid);
    this.set(uniqueid, { exten, priority: (c?.priority ?? 0) + 1 });
    this.emit('Newexten', this.block(uniqueid), [
      ['Extension', exten],
      ['Application', app],
      ['AppData', data],
    ]);
  }

  dialBegin(caller: string | null, dest: string, dialString: string): void {
    this.emit('DialBegin', caller ? this.block(caller) : [], this.block(dest, 'Dest'), [
      ['DialString', dialString],
    ]);
  }

  dialEnd(caller: string | null, dest: string, status: string): void {
    this.emit('DialEnd', caller ? this.block(caller) : [], this.block(dest, 'Dest'), [
      ['DialStatus', status],
    ]);
  }

  bridgeCreate(id: string, type = 'basic', tech = 'simple_bridge'): void {
    this.#bridges.set(id, { type, tech, members: new Set() });
    this.emit('BridgeCreate', this.bridgeBlock(id));
  }

  bridgeEnter(id: string, uniqueid: string, swap?: string): void {
    this.#bridges.get(id)?.members.add(uniqueid);
    this.emit(
      'BridgeEnter',
      this.bridgeBlock(id),
      this.block(uniqueid),
      swap ? [['SwapUniqueid', swap]] : [],
    );
  }

  bridgeLeave(id: string, uniqueid: string): void {
    this.#bridges.get(id)?.members.delete(uniqueid);
    this.emit('BridgeLeave', this.bridgeBlock(id), this.block(uniqueid));
  }

  bridgeDestroy(id: string): void {
    this.emit('BridgeDestroy', this.bridgeBlock(id));
    this.#bridges.delete(id);
  }

  hangup(uniqueid: string, cause = '16', text = 'Normal Clearing'): void {
    this.emit('Hangup', this.block(uniqueid), [
      ['Cause', cause],
      ['Cause-txt', text],
    ]);
    this.channels.delete(uniqueid);
  }

  /** What CoreShowChannels would answer now (BridgeId from the script's bridges). */
  coreShowChannels(durations: Readonly<Record<string, string>> = {}): AmiMessage[] {
    return [...this.channels.values()].map((c) => {
      const bridge = [...this.#bridges].find(([, b]) => b.members.has(c.uniqueid))?.[0] ?? '';
      return makeMessage([
        ['Event', 'CoreShowChannel'],
        ['ActionID', 'csc'],
        ...this.block(c.uniqueid),
        ['Application', 'Dial'],
        ['ApplicationData', ''],
        ['Duration', durations[c.uniqueid] ?? '00:00:10'],
        ['BridgeId', bridge],
      ]);
    });
  }

  bridgeList(): AmiMessage[] {
    return [...this.#bridges.keys()].map((id) =>
      makeMessage([['Event', 'BridgeListItem'], ['ActionID', 'bl'], ...this.bridgeBlock(id)]),
    );
  }
}

/**
 * The rules every board must keep: keys match ids, every channel's bridge exists and lists it, every
 * bridge member exists and points back, no member twice. Returns what is broken (empty when fine).
 */
export function boardProblems(board: BoardSnapshot): string[] {
  const problems: string[] = [];
  for (const [key, channel] of Object.entries(board.channels)) {
    if (key !== channel.uniqueid) problems.push(`channel key ${key} != ${channel.uniqueid}`);
    if (channel.bridgeId !== null) {
      const bridge = board.bridges[channel.bridgeId];
      if (!bridge) problems.push(`${key} points at missing bridge ${channel.bridgeId}`);
      else if (!bridge.channels.includes(key)) problems.push(`${channel.bridgeId} does not list ${key}`);
    }
  }
  for (const [key, bridge] of Object.entries(board.bridges)) {
    if (key !== bridge.bridgeId) problems.push(`bridge key ${key} != ${bridge.bridgeId}`);
    if (new Set(bridge.channels).size !== bridge.channels.length)
      problems.push(`${key} lists a channel twice`);
    for (const uid of bridge.channels) {
      if (board.channels[uid]?.bridgeId !== key) problems.push(`${key} lists ${uid}, which is not in it`);
    }
  }
  for (const [key, endpoint] of Object.entries(board.endpoints)) {
    if (key !== endpoint.id) problems.push(`endpoint key ${key} != ${endpoint.id}`);
  }
  return problems;
}

/** The fields CoreShowChannels can tell, for comparing a reduced board with a fresh snapshot. */
export function listedView(board: BoardSnapshot): unknown {
  const channels = Object.values(board.channels)
    .map((c) => ({
      channel: c.channel,
      uniqueid: c.uniqueid,
      linkedid: c.linkedid,
      state: c.state,
      callerIdNum: c.callerIdNum,
      callerIdName: c.callerIdName,
      connectedLineNum: c.connectedLineNum,
      connectedLineName: c.connectedLineName,
      context: c.context,
      exten: c.exten,
      application: c.application,
      bridgeId: c.bridgeId,
      localPeer: c.localPeer,
    }))
    .sort((a, b) => a.uniqueid.localeCompare(b.uniqueid));
  const bridges = Object.values(board.bridges)
    .map((b) => ({
      bridgeId: b.bridgeId,
      type: b.type,
      technology: b.technology,
      channels: [...b.channels].sort(),
    }))
    .sort((a, b) => a.bridgeId.localeCompare(b.bridgeId));
  return { channels, bridges };
}
