/**
 * The reducer: AMI events -> the board (channels by Uniqueid, bridges, devices and hints).
 *
 * Pure: no I/O, no clock (the arrival time comes in as `now`), the input board is never changed and
 * every entry an event does not touch keeps its identity. Events Asterisk 22 sends that the board
 * does not use, and events about channels it never saw, leave the board as it was (the same object).
 * Field names are Asterisk's own (main/manager_channels.c, manager_bridges.c, res/parking, ...).
 */
import { get, getAll, eventName, type AmiMessage } from '../../shared/ami';
import type { BoardSnapshot, Channel, Endpoint } from '../../shared/model';
import { BoardDraft, isSafeKey, withChanges, type BoardWriter, type Changes } from './draft';
import {
  bridgeFromFacts,
  channelFromFacts,
  deviceStateToken,
  extensionStateToken,
  readBridgeFacts,
  readChannelFacts,
  type BridgeFacts,
  type ChannelFacts,
} from './fields';

type Handler = (draft: BoardWriter, event: AmiMessage, now: number) => void;

/** The snapshot fields of `facts` onto the known channel, stamping answeredAt when it goes Up. */
function refresh(draft: BoardWriter, facts: ChannelFacts | undefined, now: number): Channel | undefined {
  if (!facts) return undefined;
  const current = draft.channel(facts.uniqueid);
  if (!current) {
    // Events trail a Hangup now and then (ConfbridgeLeave, NewCallerid: 21h, 27f); any other
    // channel we never saw means the board missed something.
    if (!draft.wasHungUp(facts.uniqueid)) draft.anomaly('unknown-channel', facts.uniqueid);
    return undefined;
  }
  const { uniqueid: _id, ...changes } = facts;
  if (facts.state === 'Up' && current.state !== 'Up' && current.answeredAt === undefined) {
    (changes as Changes<Channel>).answeredAt = now;
  }
  return draft.updateChannel(current.uniqueid, changes);
}

/** Refreshes the channel the event is about, then applies `extra` to it. */
function refreshWith(draft: BoardWriter, event: AmiMessage, now: number, extra: Changes<Channel>): void {
  const channel = refresh(draft, readChannelFacts(event), now);
  if (channel) draft.updateChannel(channel.uniqueid, extra);
}

function ensureBridge(draft: BoardWriter, facts: BridgeFacts, now: number): void {
  const current = draft.bridge(facts.bridgeId);
  if (current) {
    const { bridgeId: _id, ...changes } = facts;
    draft.updateBridge(facts.bridgeId, changes);
  } else {
    draft.putBridge(bridgeFromFacts(facts, now));
  }
}

function leaveBridge(draft: BoardWriter, uniqueid: string, bridgeId: string): void {
  const bridge = draft.bridge(bridgeId);
  if (bridge?.channels.includes(uniqueid)) {
    draft.updateBridge(bridgeId, { channels: bridge.channels.filter((id) => id !== uniqueid) });
  }
  if (draft.channel(uniqueid)?.bridgeId === bridgeId) draft.updateChannel(uniqueid, { bridgeId: null });
}

/** Puts a known channel in a known bridge, taking it out of any other (a missed BridgeLeave). */
export function joinBridge(draft: BoardWriter, uniqueid: string, bridgeId: string): void {
  const channel = draft.channel(uniqueid);
  const bridge = draft.bridge(bridgeId);
  if (!channel || !bridge) return;
  if (channel.bridgeId !== null && channel.bridgeId !== bridgeId)
    leaveBridge(draft, uniqueid, channel.bridgeId);
  if (!bridge.channels.includes(uniqueid)) {
    draft.updateBridge(bridgeId, { channels: [...bridge.channels, uniqueid] });
  }
  draft.updateChannel(uniqueid, { bridgeId });
}

function removeChannel(draft: BoardWriter, uniqueid: string): void {
  const channel = draft.channel(uniqueid);
  if (!channel) return;
  if (channel.bridgeId !== null) leaveBridge(draft, uniqueid, channel.bridgeId);
  draft.removeChannel(uniqueid);
}

function upsertEndpoint(draft: BoardWriter, id: string | undefined, changes: Changes<Endpoint>): void {
  if (!isSafeKey(id)) return;
  const current = draft.endpoint(id);
  const base: Endpoint = current ?? { id, state: 'UNKNOWN', kind: 'device' };
  draft.putEndpoint(withChanges(base, changes));
}

function parkingChanges(event: AmiMessage): Changes<Channel> {
  return {
    parkedAt: get(event, 'ParkingSpace') || undefined,
    parkingLot: get(event, 'Parkinglot') || undefined,
  };
}

/** Devices Asterisk keeps for its own features (DeviceStateList lists them, 26a): not endpoints. */
const INTERNAL_DEVICE = /^(?:Queue:|MWI:|park:|confbridge:)/i;

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  [
    'newchannel',
    (draft, event, now) => {
      const facts = readChannelFacts(event);
      if (!facts) {
        // Asterisk always sends the whole block: one cut off after a name is a caller ID whose CR/LF
        // started a message of its own (perhaps a fake Hangup of someone else's call).
        const channel = get(event, 'Channel');
        if (channel !== undefined) draft.anomaly('truncated', channel);
        return;
      }
      // Uniqueids are never reused: a Newchannel after its Hangup came out of order, and the channel
      // is gone already. Shown, it would stay on the board for ever.
      if (draft.wasHungUp(facts.uniqueid)) {
        draft.anomaly('newchannel-after-hangup', facts.uniqueid);
        return;
      }
      // A Newchannel for a channel already known (queued before a resync) keeps its start time.
      if (draft.channel(facts.uniqueid)) refresh(draft, facts, now);
      else {
        const channel = channelFromFacts(facts, now);
        draft.putChannel(facts.state === 'Up' ? { ...channel, answeredAt: now } : channel);
      }
    },
  ],
  [
    'newexten',
    (draft, event, now) =>
      refreshWith(draft, event, now, { application: get(event, 'Application') || undefined }),
  ],
  [
    'rename',
    (draft, event) => {
      const uniqueid = get(event, 'Uniqueid');
      const newname = get(event, 'Newname');
      if (uniqueid && newname) draft.updateChannel(uniqueid, { channel: newname });
    },
  ],
  [
    'hangup',
    (draft, event) => {
      const uniqueid = get(event, 'Uniqueid');
      if (!uniqueid) return;
      // A Hangup naming its channel twice is a caller ID with CR/LF splicing a fake one into the
      // stream (rawman does not escape values): believed, it would drop a live call.
      if (getAll(event, 'Uniqueid').length > 1) {
        draft.anomaly('ambiguous', uniqueid);
        return;
      }
      if (!draft.channel(uniqueid) && !draft.wasHungUp(uniqueid)) draft.anomaly('unknown-hangup', uniqueid);
      draft.noteHangup(uniqueid);
      removeChannel(draft, uniqueid);
    },
  ],
  [
    'dialbegin',
    (draft, event, now) => {
      refresh(draft, readChannelFacts(event), now);
      const dest = refresh(draft, readChannelFacts(event, 'Dest'), now);
      if (!dest) return;
      // Originate dials with no calling channel: then there is nobody to point at.
      const caller = get(event, 'Uniqueid');
      if (caller) draft.updateChannel(dest.uniqueid, { dialedBy: caller });
      // app_dial (a caller) and the dial API (none) name the outgoing channel's application
      // AppDial / AppDial2 without any Newexten; CoreShowChannels then lists it so.
      if (dest.application === undefined) {
        draft.updateChannel(dest.uniqueid, { application: caller ? 'AppDial' : 'AppDial2' });
      }
    },
  ],
  [
    'dialstate',
    (draft, event, now) => {
      refresh(draft, readChannelFacts(event), now);
      refresh(draft, readChannelFacts(event, 'Dest'), now);
    },
  ],
  [
    'dialend',
    (draft, event, now) => {
      refresh(draft, readChannelFacts(event), now);
      const dest = refresh(draft, readChannelFacts(event, 'Dest'), now);
      if (dest && get(event, 'DialStatus') !== 'ANSWER')
        draft.updateChannel(dest.uniqueid, { dialedBy: undefined });
    },
  ],
  [
    'localbridge',
    (draft, event, now) => {
      const one = refresh(draft, readChannelFacts(event, 'LocalOne'), now);
      const two = refresh(draft, readChannelFacts(event, 'LocalTwo'), now);
      if (one && two) {
        draft.updateChannel(one.uniqueid, { localPeer: two.uniqueid });
        draft.updateChannel(two.uniqueid, { localPeer: one.uniqueid });
      }
    },
  ],
  [
    'bridgecreate',
    (draft, event, now) => {
      const facts = readBridgeFacts(event);
      if (facts) ensureBridge(draft, facts, now);
    },
  ],
  [
    'bridgeenter',
    (draft, event, now) => {
      const bridge = readBridgeFacts(event);
      if (!bridge) return;
      // BridgeEnter carries the whole bridge: a missed BridgeCreate costs nothing.
      ensureBridge(draft, bridge, now);
      const channel = refresh(draft, readChannelFacts(event), now);
      if (channel) joinBridge(draft, channel.uniqueid, bridge.bridgeId);
    },
  ],
  [
    'bridgeleave',
    (draft, event, now) => {
      const bridge = readBridgeFacts(event);
      const channel = refresh(draft, readChannelFacts(event), now);
      if (!bridge) return;
      if (draft.bridge(bridge.bridgeId)) ensureBridge(draft, bridge, now);
      if (channel) leaveBridge(draft, channel.uniqueid, bridge.bridgeId);
    },
  ],
  [
    'bridgedestroy',
    (draft, event) => {
      const bridgeId = get(event, 'BridgeUniqueid');
      const bridge = bridgeId ? draft.bridge(bridgeId) : undefined;
      if (!bridge) return;
      for (const uniqueid of bridge.channels) {
        if (draft.channel(uniqueid)?.bridgeId === bridge.bridgeId)
          draft.updateChannel(uniqueid, { bridgeId: null });
      }
      draft.removeBridge(bridge.bridgeId);
    },
  ],
  [
    'bridgemerge',
    (draft, event, now) => {
      const to = readBridgeFacts(event, 'To');
      const from = readBridgeFacts(event, 'From');
      if (!to || !from) return;
      ensureBridge(draft, to, now);
      // Asterisk also sends BridgeLeave/BridgeEnter per moved channel; moving them here first
      // keeps the board right if those were filtered or lost, and makes them no-ops otherwise.
      for (const uniqueid of draft.bridge(from.bridgeId)?.channels ?? [])
        joinBridge(draft, uniqueid, to.bridgeId);
    },
  ],
  [
    'originateresponse',
    (draft, event) => {
      // An Originate of an application (Application=Wait) runs it with no Newexten: only this
      // event says what the new channel runs.
      const uniqueid = get(event, 'Uniqueid');
      const application = get(event, 'Application');
      if (uniqueid && application && get(event, 'Response') === 'Success') {
        draft.updateChannel(uniqueid, { application });
      }
    },
  ],
  ['hold', (draft, event, now) => refreshWith(draft, event, now, { onHold: true })],
  ['unhold', (draft, event, now) => refreshWith(draft, event, now, { onHold: false })],
  [
    'musiconholdstart',
    (draft, event, now) => refreshWith(draft, event, now, { musicOnHold: get(event, 'Class') || 'default' }),
  ],
  ['musiconholdstop', (draft, event, now) => refreshWith(draft, event, now, { musicOnHold: undefined })],
  ['mixmonitorstart', (draft, event, now) => refreshWith(draft, event, now, { recording: true })],
  ['mixmonitorstop', (draft, event, now) => refreshWith(draft, event, now, { recording: false })],
  [
    'varset',
    (draft, event, now) => {
      // MixMonitor announces its file through the channel variable, not through MixMonitorStart.
      if (get(event, 'Variable') === 'MIXMONITOR_FILENAME') {
        refreshWith(draft, event, now, { recordingFile: get(event, 'Value') || undefined });
      } else {
        refresh(draft, readChannelFacts(event), now);
      }
    },
  ],
  ['parkedcall', parked],
  ['parkedcallswap', parked],
  ['parkedcallgiveup', unparked],
  ['parkedcalltimeout', unparked],
  ['unparkedcall', unparked],
  [
    'devicestatechange',
    (draft, event) => {
      const state = get(event, 'State');
      const device = get(event, 'Device');
      // app_queue's, MWI's, parking's and ConfBridge's own devices (26a) are no phones.
      if (device !== undefined && INTERNAL_DEVICE.test(device)) return;
      if (state !== undefined) upsertEndpoint(draft, device, { state: deviceStateToken(state) });
    },
  ],
  [
    'contactstatus',
    (draft, event) => {
      const name = get(event, 'EndpointName');
      const status = get(event, 'ContactStatus');
      if (name && status) upsertEndpoint(draft, `PJSIP/${name}`, { reachability: status });
    },
  ],
  [
    'peerstatus',
    (draft, event) => {
      const status = get(event, 'PeerStatus');
      if (status) upsertEndpoint(draft, get(event, 'Peer'), { peerStatus: status });
    },
  ],
  ['extensionstatus', extensionStatus],
  [
    'endpointlist',
    (draft, event) => {
      const name = get(event, 'ObjectName');
      if (!name) return;
      const changes: Changes<Endpoint> = {};
      const state = get(event, 'DeviceState');
      if (state !== undefined) changes.state = deviceStateToken(state);
      const active = Number(get(event, 'ActiveChannels'));
      if (Number.isInteger(active) && active >= 0) changes.activeChannels = active;
      upsertEndpoint(draft, `PJSIP/${name}`, changes);
    },
  ],
]);

function parked(draft: BoardWriter, event: AmiMessage, now: number): void {
  const channel = refresh(draft, readChannelFacts(event, 'Parkee'), now);
  if (channel) draft.updateChannel(channel.uniqueid, parkingChanges(event));
}

function unparked(draft: BoardWriter, event: AmiMessage, now: number): void {
  const channel = refresh(draft, readChannelFacts(event, 'Parkee'), now);
  if (channel) draft.updateChannel(channel.uniqueid, { parkedAt: undefined, parkingLot: undefined });
}

function extensionStatus(draft: BoardWriter, event: AmiMessage): void {
  const exten = get(event, 'Exten');
  const context = get(event, 'Context');
  if (!exten || !context) return;
  const id = `${exten}@${context}`;
  const status = get(event, 'Status');
  // -1 and -2: the hint was deactivated or removed from the dialplan.
  if (status === '-1' || status === '-2') {
    draft.removeEndpoint(id);
    return;
  }
  const hint = get(event, 'Hint');
  upsertEndpoint(draft, id, {
    kind: 'hint',
    state: extensionStateToken(status, get(event, 'StatusText')),
    label: exten,
    exten,
    context,
    hint: hint || undefined,
  });
}

/** Applies one event to the draft. Events without a handler still refresh the channel they describe. */
export function applyEvent(draft: BoardWriter, event: AmiMessage, now: number): void {
  const name = eventName(event);
  if (name === undefined) return;
  const handler = HANDLERS.get(name.toLowerCase());
  if (handler) handler(draft, event, now);
  else refresh(draft, readChannelFacts(event), now);
}

/** The board after one event that arrived at `now` (epoch ms). */
export function reduceEvent(board: BoardSnapshot, event: AmiMessage, now: number): BoardSnapshot {
  const draft = new BoardDraft(board);
  applyEvent(draft, event, now);
  return draft.finish();
}

/**
 * The board after a batch of events (one WaitEvent body) that arrived at `now`. Same result as
 * reducing them one by one, but each map is copied once per batch instead of once per event.
 */
export function reduceEvents(board: BoardSnapshot, events: Iterable<AmiMessage>, now: number): BoardSnapshot {
  const draft = new BoardDraft(board);
  for (const event of events) applyEvent(draft, event, now);
  return draft.finish();
}

/** Events with their own arrival times, reduced as one batch. */
export interface TimedEvent {
  readonly event: AmiMessage;
  readonly at: number;
}

export function reduceTimedEvents(board: BoardSnapshot, events: Iterable<TimedEvent>): BoardSnapshot {
  const draft = new BoardDraft(board);
  for (const { event, at } of events) applyEvent(draft, event, at);
  return draft.finish();
}
