/**
 * res_parking in the office: Park into a lot's holding bridge, retrieval by ParkedCall, the lot's
 * timeout and comeback, and the ParkedCall* events with manager_build_parked_call_string()'s
 * fields (23e-23h). The lots themselves are switchboard/dialplan.ts's.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { ParkingLot } from '../switchboard/dialplan';
import { PARKING_LOTS } from '../switchboard/dialplan';
import type { Bridge, Chan, Lines, Parking } from './model';
import { STATE } from './model';
import { HINT_CONTEXT } from './dialplan';
import { parkerDialString } from './names';
import { ENDPOINTS } from './phones';
import { snapshot, bridgeSnapshot } from './snapshot';

/** res_parking's `default` lot, as the captures' res_parking.conf sets it (701-720, 45 s); `shortlot` beside it. */
export const PARKING_LOT = PARKING_LOTS[0] as ParkingLot;

/**
 * Park action: the channel moves into the lot's holding bridge and keeps its dialplan location;
 * its peer hangs up. The parker is the peer only when the action named it as TimeoutChannel;
 * otherwise the channel parks itself. A channel outside any bridge is first pulled out of its
 * dialplan (ast_channel_yank(): a fresh channel with the same name, no application, one
 * priority on), which is why its Duration starts again.
 */
export function park(
  office: Office,
  c: Chan,
  timeoutSeconds: number,
  timeoutChannel = '',
  lot: ParkingLot = PARKING_LOT,
  wantSpace?: number,
): number | null {
  if (c.parking) return c.parking.space;
  const taken = new Set(
    office.parked().map((x) => `${(x.parking as Parking).lot}/${(x.parking as Parking).space}`),
  );
  // findslot => first: the lowest free space, or the one PARKINGEXTEN asked for while it is free.
  let space = wantSpace ?? lot.startSpace;
  if (wantSpace === undefined) while (taken.has(`${lot.name}/${space}`) && space <= lot.stopSpace) space++;
  if (space < lot.startSpace || space > lot.stopSpace || taken.has(`${lot.name}/${space}`)) return null;
  const peer = office.peerOf(c);
  const parker = peer && timeoutChannel && peer.name === timeoutChannel ? peer : c;
  if (c.call) {
    office.calls.splice(office.calls.indexOf(c.call), 1);
    c.call.phase = 'done';
    c.call = null;
  }
  const device = `park:${space}@${lot.context}`;
  c.parking = {
    parkerDialString: parkerDialString(parker.name),
    lot: lot.name,
    context: lot.context,
    space,
    timeoutSeconds,
    startMs: office.now(),
  };
  if (!c.bridge) {
    c.priority++;
    c.app = '';
    c.appData = '';
    c.createdMs = office.now();
    const bridge = parkingBridge(office, lot);
    office.ev(EVENT_FLAG.call, 'ParkedCall', office.parkedCallLines(c));
    office.setDevice(device, 'INUSE');
    office.enterBridge(bridge, c);
    office.parkMusic(c, true);
    return space;
  }
  const bridge = parkingBridge(office, lot);
  if (parker === peer && peer.partner && peer.vars.has('DIAL_ANSWERED_MS')) {
    // The Dial caller named as TimeoutChannel parks its callee like the DTMF park feature (23f):
    // the callee moves to the lot, then the caller's Dial ends and its Local pair hangs up.
    office.setVar(c, 'BLINDTRANSFER', peer.name);
    office.leaveBridge(c);
    office.ev(EVENT_FLAG.call, 'ParkedCall', office.parkedCallLines(c));
    office.setDevice(device, 'INUSE');
    office.enterBridge(bridge, c);
    office.parkMusic(c, true);
    office.setVar(c, 'BLINDTRANSFER', '');
    office.setVar(c, 'BRIDGEPEER', '');
    office.setVar(peer, 'BRIDGEPEER', '');
    office.leaveBridge(peer);
    office.dialCallerEnds(peer);
    return space;
  }
  office.leaveBridge(c);
  office.setDevice(device, 'INUSE');
  office.enterBridge(bridge, c);
  office.parkMusic(c, true);
  if (peer?.partner) {
    office.endLocalPair(peer);
  } else if (peer) {
    peer.call = null;
    office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(peer), ['Cause', '16']]);
    office.leaveBridge(peer);
    office.removeChan(peer, 16, 'Normal Clearing');
  }
  office.ev(EVENT_FLAG.call, 'ParkedCall', office.parkedCallLines(c));
  return space;
}

/**
 * A phone dials the parked call's space (`ParkedCall(<lot>,<space>)`, 23e): its new channel
 * answers, the space frees, UnParkedCall names both, and the two leave for a bridge of their own,
 * a call like any other from then on. False when the phone is not free.
 */
export function retrieve(office: Office, parked: Chan, endpointId: string): boolean {
  const p = parked.parking;
  const endpoint = ENDPOINTS.find((e) => e.id === endpointId);
  if (!p || !endpoint || office.deviceStates.get(`PJSIP/${endpoint.id}`) !== 'NOT_INUSE') return false;
  const retriever = office.newChan(office.pjsipName(endpoint.id), {
    state: STATE.ring,
    callerIdNum: endpoint.id,
    callerIdName: endpoint.name,
    context: HINT_CONTEXT,
    exten: String(p.space),
    endpoint,
  });
  office.newchannel(retriever);
  office.setDevice(`PJSIP/${endpoint.id}`, 'INUSE');
  office.newexten(retriever, 'ParkedCall', `${p.lot},${p.space}`);
  office.newstate(retriever, STATE.up);
  unparkInto(office, parked, retriever);
  return true;
}

/**
 * ParkedCall(<lot>,<space>) on a channel already answered (an Originate of the operator's phone
 * into the lot's context, as 23e dials 701@parkedcalls): the call waiting there is retrieved; an
 * empty space plays pbx-invalidpark and the application returns -1, so the channel hangs up.
 */
export function parkedCallApp(office: Office, c: Chan, lot: ParkingLot, space: number): void {
  c.priority = 1;
  office.newexten(c, 'ParkedCall', `${lot.name},${space}`);
  const parked = office.parked().find((x) => x.parking?.lot === lot.name && x.parking.space === space);
  if (!parked) {
    office.farEndHangup(c);
    return;
  }
  unparkInto(office, parked, c);
}

/** The parked call leaves its space for a new bridge with the retriever (UnParkedCall, 23e). */
export function unparkInto(office: Office, parked: Chan, retriever: Chan): void {
  const bridge = office.createBasicBridge();
  const lines = office.parkedCallLines(parked);
  office.freeSpace(parked);
  office.ev(EVENT_FLAG.call, 'UnParkedCall', [
    ...lines.slice(0, 14),
    ...snapshot(retriever, 'Retriever'),
    ...lines.slice(14),
  ]);
  office.parkMusic(parked, false);
  office.leaveBridge(parked);
  office.enterBridge(bridge, parked);
  retriever.linkedid = parked.linkedid;
  office.enterBridge(bridge, retriever);
  parked.connectedNum = retriever.callerIdNum;
  parked.connectedName = retriever.callerIdName;
  retriever.connectedNum = parked.callerIdNum;
  retriever.connectedName = parked.callerIdName;
  office.pairCall(parked, retriever, 'up');
}

/** The lot's hold music for a parked channel (none where no music on hold is installed: the captures'). */
export function parkMusic(office: Office, c: Chan, start: boolean): void {
  if (office.opts.musicOnHold === false) return;
  if (start) office.ev(EVENT_FLAG.call, 'MusicOnHoldStart', [...snapshot(c), ['Class', 'default']]);
  else office.ev(EVENT_FLAG.call, 'MusicOnHoldStop', snapshot(c));
}

/** Every parked call whose lot timeout has run out times out now (the server looks every half second). */
export function expireParking(office: Office): void {
  const now = office.now();
  for (const c of office.parked()) {
    const p = c.parking as Parking;
    if (p.timeoutSeconds > 0 && now >= p.startMs + p.timeoutSeconds * 1000) parkTimeout(office, c);
  }
}

/**
 * res_parking's timeout (23g): the parking variables, the space freed, ParkedCallTimeOut already
 * naming where the call goes, out of the holding bridge. With comebacktoorigin the call rings its
 * parker's phone again; otherwise it runs the lot's comebackcontext (the captures': NoOp, Hangup).
 */
export function parkTimeout(office: Office, c: Chan): void {
  const p = c.parking as Parking;
  const lot = PARKING_LOTS.find((l) => l.name === p.lot) ?? PARKING_LOT;
  const flat = p.parkerDialString.replace(/\//g, '_');
  if (office.timingOut.has(c)) return;
  office.timingOut.add(c);
  office.setVar(c, 'PARKING_SPACE', String(p.space));
  // The parked channel's own thread goes on with the rest: a WaitEvent can wake in between (23g).
  const rest = (): void => {
    office.timingOut.delete(c);
    if (office.chans.includes(c) && c.parking) parkTimeoutRest(office, c, p, lot, flat);
  };
  if (office.opts.defer) office.opts.defer(rest);
  else rest();
}

/** The rest of the timeout, on the parked channel's own thread: variables, ParkedCallTimeOut, the comeback. */
export function parkTimeoutRest(office: Office, c: Chan, p: Parking, lot: ParkingLot, flat: string): void {
  office.setVar(c, 'PARKEDLOT', p.lot);
  office.setVar(c, 'PARKER', p.parkerDialString);
  office.setVar(c, 'PARKER_FLAT', flat);
  office.setVar(c, 'BRIDGE_FEATURES', '');
  const from = { context: c.context, exten: c.exten, priority: c.priority };
  const to = lot.comebackToOrigin
    ? { context: 'park-dial', exten: flat, priority: 1 }
    : { context: lot.comebackContext, exten: flat, priority: 1 };
  Object.assign(c, to);
  const lines = office.parkedCallLines(c);
  Object.assign(c, from);
  office.freeSpace(c);
  office.ev(EVENT_FLAG.call, 'ParkedCallTimeOut', lines);
  office.parkMusic(c, false);
  office.leaveBridge(c);
  Object.assign(c, to);
  const parker = ENDPOINTS.find((e) => `PJSIP/${e.id}` === p.parkerDialString);
  if (lot.comebackToOrigin && parker && c.endpoint !== parker) {
    office.dial(c, parker.id);
    return;
  }
  office.newexten(c, 'AppDial', '(Outgoing Line)');
  Object.assign(c, { exten: 's', priority: 1 });
  office.newexten(c, 'NoOp', 'parked call timed out');
  c.priority = 2;
  office.newexten(c, 'Hangup', '');
  const other = c.partner;
  if (!other) {
    office.hangup(c, 16);
    return;
  }
  // Hangup() in the dialplan of a Local half: Normal Clearing for both (23g).
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', '16']]);
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '16']]);
  office.clearLocalPair(c, other);
}

/** Parked channels in parking order (one lot), as res_parking's ParkedCalls walks them. */
export function parked(office: Office): Chan[] {
  return office.chans
    .filter((c) => c.parking !== undefined)
    .sort((a, b) => (a.parking as Parking).space - (b.parking as Parking).space);
}

/**
 * parking_manager.c's manager_build_parked_call_string(): the parkee snapshot, then the lot's
 * view. Timeout is what remains and Duration what passed, in whole seconds, printed with %lu, so
 * a call parked for ever (time limit 0) shows the unsigned wrap of a negative remainder.
 */
export function parkedCallLines(office: Office, c: Chan): Lines {
  const p = c.parking as Parking;
  const nowSec = Math.floor(office.now() / 1000);
  const startSec = Math.floor(p.startMs / 1000);
  const remaining = BigInt(startSec + p.timeoutSeconds - nowSec);
  const unsigned = remaining < 0n ? remaining + 2n ** 64n : remaining;
  return [
    ...snapshot(c, 'Parkee'),
    ['ParkerDialString', p.parkerDialString],
    ['Parkinglot', p.lot],
    ['ParkingSpace', String(p.space)],
    ['ParkingTimeout', unsigned.toString()],
    ['ParkingDuration', String(nowSec - startSec)],
  ];
}

/** The lot's holding bridge, made (BridgeCreate) by the first call parked. */
export function parkingBridge(office: Office, lot: ParkingLot = PARKING_LOT): Bridge {
  const existing = office.bridges.find((b) => b.type === 'parking' && b.name === lot.name);
  if (existing) return existing;
  const bridge: Bridge = {
    id: office.bridgeId(),
    channels: [],
    type: 'parking',
    technology: 'holding_bridge',
    creator: 'Parking',
    name: lot.name,
  };
  office.bridges.push(bridge);
  office.ev(EVENT_FLAG.call, 'BridgeCreate', bridgeSnapshot(bridge));
  return bridge;
}

/**
 * A parked channel hanging up: the hold music stops, the space frees and the channel leaves the
 * holding bridge. Returns the ParkedCallGiveUp lines (as parked), told once it is gone.
 */
export function leaveParking(office: Office, c: Chan): Lines | null {
  if (!c.parking) return null;
  const lines = office.parkedCallLines(c);
  office.parkMusic(c, false);
  office.freeSpace(c);
  office.leaveBridge(c);
  return lines;
}

/** The channel gives its parking space back: the space's `park:` device is free again. */
export function freeSpace(office: Office, c: Chan): void {
  const p = c.parking;
  if (!p) return;
  delete c.parking;
  office.setDevice(`park:${p.space}@${p.context}`, 'NOT_INUSE');
}
