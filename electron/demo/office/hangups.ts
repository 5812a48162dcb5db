/**
 * How channels go: an AMI Hangup, the far end hanging up, a Local pair hung up through one half
 * (06o), a parked half (23h), a Dial caller whose callee went away (23f, 27e), and app_dial
 * cancelling a ringing leg. Each path emits the SoftHangupRequest/HangupRequest/Hangup order its
 * capture shows, then the Local device's state twice, as chan_local publishes it.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Call, Chan } from './model';
import { STATE } from './model';
import { localDevice } from './names';
import { snapshot } from './snapshot';

/** Hangup action. */
export function hangup(office: Office, c: Chan, cause = 16): void {
  const running = c.running ?? c.partner?.running;
  if (running) {
    running.hangup(c, cause);
    return;
  }
  const endedBy = c.endedBy ?? c.partner?.endedBy;
  if (endedBy) {
    endedBy(c, cause);
    return;
  }
  if (c.partner) {
    office.hangupLocal(c, cause);
    return;
  }
  office.hangupChan(c, cause, cause === 16 ? 'Normal Clearing' : 'Unknown', true);
}

/** The far end of a channel hangs up (not an AMI Hangup): its call ends with Normal Clearing. */
export function farEndHangup(office: Office, c: Chan): void {
  // A member's phone in a queue call (electron/demo/queues): app_queue ends the call its way.
  if (c.endedBy) {
    c.endedBy(c, 16);
    return;
  }
  office.hangupChan(c, 16, 'Normal Clearing', false);
}

/**
 * Hang up one PJSIP channel of an office call (the far end hung up, or an AMI Hangup when
 * `requested`): the peer follows, as a two-party basic bridge dissolves.
 */
export function hangupChan(
  office: Office,
  c: Chan,
  cause: number,
  causeTxt: string,
  requested: boolean,
): void {
  if (!office.chans.includes(c)) return;
  if (requested) office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
  const transfer = office.transfers.find((t) => t.transferer === c || t.transferee === c || t.target === c);
  if (transfer) {
    office.hangupInTransfer(transfer, c, cause, causeTxt);
    return;
  }
  const call = c.call;
  const peer = call ? (call.caller === c ? call.callee : call.caller) : office.peerOf(c);
  const dialing = call?.phase === 'ringing' && call.caller === c;
  if (call) {
    call.phase = 'done';
    office.calls.splice(office.calls.indexOf(call), 1);
  }
  if (call && dialing) office.cancelDial(call, cause, causeTxt);
  if (c.monitorId) office.stopMonitor(c);
  if (c.spying) office.stopSpy(c);
  const gaveUp = office.leaveParking(c);
  office.leaveBridge(c);
  office.removeChan(c, cause, causeTxt);
  if (gaveUp) office.ev(EVENT_FLAG.call, 'ParkedCallGiveUp', gaveUp);
  if (peer && office.chans.includes(peer)) {
    if (call && call.phase === 'done' && peer === call.callee && peer.state !== STATE.up) {
      office.dialEnd(c, peer, 'CANCEL');
    }
    office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(peer), ['Cause', String(cause)]]);
    if (peer.monitorId) office.stopMonitor(peer);
    office.leaveBridge(peer);
    office.removeChan(peer, cause, causeTxt);
  }
}

/**
 * app_dial when its caller leaves while the phone still rings (hangs up, or is redirected):
 * wait_for_answer() publishes DialEnd CANCEL, then hanguptree() hangs up the ringing leg with the
 * caller's hangup cause, Normal Clearing when it has none (a Redirect is no hangup).
 */
export function cancelDial(office: Office, call: Call, cause: number, causeTxt: string): void {
  const { caller, callee } = call;
  caller.call = null;
  callee.call = null;
  if (!office.chans.includes(callee)) return;
  office.dialEnd(caller, callee, 'CANCEL');
  office.removeChan(callee, cause, causeTxt);
}

/** The channel is gone (Hangup): its phone's lamp goes out with its last channel, and whoever listens hears of it. */
export function removeChan(office: Office, c: Chan, cause: number, causeTxt: string): void {
  office.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(c), ['Cause', String(cause)], ['Cause-txt', causeTxt]]);
  office.chans.splice(office.chans.indexOf(c), 1);
  if (c.endpoint && !office.chans.some((o) => o.endpoint === c.endpoint)) {
    office.setDevice(`PJSIP/${c.endpoint.id}`, 'NOT_INUSE');
  }
  office.onChannelRemoved?.(c);
}

/** A Local pair hung up through one half, as in capture 06o. */
export function hangupLocal(office: Office, c: Chan, cause: number): void {
  const other = c.partner as Chan;
  // A pair hung up as another's peer may run an application that ends it its own way too.
  const endedBy = c.endedBy ?? other.endedBy;
  if (endedBy) {
    endedBy(c, cause);
    return;
  }
  if (c.parking) {
    hangupParkedLocal(office, c, other);
    return;
  }
  if (office.localTransfers.has(c)) {
    office.completeAtxfer(c);
    return;
  }
  if (c.spying) {
    // The spyer's ChanSpy ends first; chan_local then hangs the pair up (27d).
    office.stopSpy(c);
    office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '0']]);
    office.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(c), ['Cause', '0'], ['Cause-txt', 'Unknown']]);
    office.chans.splice(office.chans.indexOf(c), 1);
    office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(other), ['Cause', String(cause)]]);
    office.leaveBridge(other);
    office.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(other), ['Cause', '0'], ['Cause-txt', 'Unknown']]);
    office.chans.splice(office.chans.indexOf(other), 1);
    const device = localDevice(c.name);
    const state = office.deviceState(device);
    office.setDevice(device, state);
    office.setDevice(device, state);
    return;
  }
  // Whoever the pair was bridged with by a Dial (another Local pair) is hung up after it.
  const peers = [c, other].map((x) => office.peerOf(x)).filter((x): x is Chan => x !== null);
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '0']]);
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(other), ['Cause', String(cause)]]);
  const [first, second] = c.name.endsWith(';1') ? [other, c] : [c, other];
  const gaveUp = [first, second].map((x) => office.leaveParking(x)).find((x) => x !== null) ?? null;
  hangupInTurn(office, [first, second], '0', 'Unknown');
  publishLocalDevice(office, c.name);
  if (gaveUp) office.ev(EVENT_FLAG.call, 'ParkedCallGiveUp', gaveUp);
  for (const peer of peers) {
    if (!office.chans.includes(peer)) continue;
    if (peer.partner) office.hangupLocal(peer, cause);
    else office.hangupChan(peer, cause, cause === 16 ? 'Normal Clearing' : 'Unknown', false);
  }
}

/**
 * A Local half left alone in its bridge (its peer was parked) ends its application: the pair
 * hangs up with Normal Clearing, the bridge goes with it.
 */
export function endLocalPair(office: Office, c: Chan): void {
  const other = c.partner as Chan;
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '16']]);
  office.leaveBridge(c);
  office.clearLocalPair(c, other);
}

/**
 * The end both ways of ending a Local pair share (a lone half, a parked half timing out): Normal
 * Clearing for the half, then its partner leaves the bridge and follows, then the Local device.
 */
export function clearLocalPair(office: Office, c: Chan, other: Chan): void {
  office.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(c), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']]);
  office.chans.splice(office.chans.indexOf(c), 1);
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(other), ['Cause', '16']]);
  office.leaveBridge(other);
  office.ev(EVENT_FLAG.call, 'Hangup', [
    ...snapshot(other),
    ['Cause', '16'],
    ['Cause-txt', 'Normal Clearing'],
  ]);
  office.chans.splice(office.chans.indexOf(other), 1);
  publishLocalDevice(office, c.name);
}

/**
 * A parked Local half hung up (23h): the lot tells ParkedCallGiveUp at once, frees the space and
 * lets it out of the holding bridge; chan_local then hangs up its partner, both Normal Clearing.
 */
export function hangupParkedLocal(office: Office, c: Chan, other: Chan): void {
  office.ev(EVENT_FLAG.call, 'ParkedCallGiveUp', office.parkedCallLines(c));
  office.parkMusic(c, false);
  office.freeSpace(c);
  office.leaveBridge(c);
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '16']]);
  hangupInTurn(office, [c, other], '16', 'Normal Clearing');
  publishLocalDevice(office, c.name);
}

/**
 * The caller side of a Dial whose callee went away (transferred or parked): app_dial's times
 * and status, then the Local pair hangs up with Normal Clearing (23f, 27e).
 */
export function dialCallerEnds(office: Office, c: Chan): void {
  setDialAnswered(office, c);
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', '16']]);
  const other = c.partner;
  if (other) {
    office.setVar(other, 'CHANLOCALSTATUS', 'ANSWER');
    office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '16']]);
  }
  hangupInTurn(office, other ? [c, other] : [c], '16', 'Normal Clearing');
  publishLocalDevice(office, c.name);
}

/**
 * app_dial's times and status on a caller whose answered Dial ends (23f, 27e, 27f), counted from
 * the answer the demo noted in DIAL_ANSWERED_MS.
 */
export function setDialAnswered(office: Office, c: Chan): void {
  const answered = Number(c.vars.get('DIAL_ANSWERED_MS') ?? office.now());
  const ms = Math.max(0, office.now() - answered);
  for (const [v, value] of [
    ['ANSWEREDTIME', String(Math.floor(ms / 1000))],
    ['ANSWEREDTIME_MS', String(ms)],
    ['DIALEDTIME', String(Math.floor(ms / 1000))],
    ['DIALEDTIME_MS', String(ms)],
    ['DIALSTATUS', 'ANSWER'],
  ] as const) {
    office.setVar(c, v, value);
  }
}

/** The channels leave in turn, each out of its bridge (its MixMonitor stopped first), then Hangup. */
function hangupInTurn(office: Office, chans: readonly Chan[], cause: string, causeTxt: string): void {
  for (const x of chans) {
    if (x.monitorId) office.stopMonitor(x);
    office.leaveBridge(x);
    office.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(x), ['Cause', cause], ['Cause-txt', causeTxt]]);
    office.chans.splice(office.chans.indexOf(x), 1);
  }
}

/** chan_local publishes the Local device's state twice as a pair goes (06o, 23h). */
function publishLocalDevice(office: Office, channelName: string): void {
  const device = localDevice(channelName);
  const state = office.deviceState(device);
  office.setDevice(device, state);
  office.setDevice(device, state);
}
