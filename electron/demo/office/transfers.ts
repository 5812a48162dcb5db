/**
 * Transfers in the office: BlindTransfer (ast_bridge_transfer_blind(), 27e) and the attended
 * transfer, both for the office's PJSIP calls (Atxfer: consultation, then the transferer's hangup
 * completes it) and for the captures' Dial callers on Local channels (27f).
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Bridge, Chan, Lines, Transfer } from './model';
import { STATE } from './model';
import { dialplanOf } from './dialplan';
import { setDialAnswered } from './hangups';
import { dialLocalPair, localBridge } from './local-pair';
import { localDevice } from './names';
import { ENDPOINTS } from './phones';
import { bridgeSnapshot, snapshot } from './snapshot';

/**
 * BlindTransfer action (ast_bridge_transfer_blind(), 27e): the transferer's bridge peer leaves for
 * context/exten and the transferer hangs up. Unhold first, BLINDTRANSFER on both, the BlindTransfer
 * event with the transferee as it was and the bridge before it left. Outside a two-party bridge
 * the transfer is invalid: a BlindTransfer event with `Result: Invalid` and no transferee.
 */
export function blindTransfer(office: Office, c: Chan, context: string, exten: string): boolean {
  const bridge = c.bridge;
  const peer = office.peerOf(c);
  const tail: Lines = [
    ['IsExternal', 'Yes'],
    ['Context', context],
    ['Extension', exten],
  ];
  if (!bridge || !peer || office.transfers.some((t) => t.transferer === c || t.transferee === c)) {
    office.ev(EVENT_FLAG.call, 'BlindTransfer', [
      ['Result', 'Invalid'],
      ...snapshot(c, 'Transferer'),
      ...tail,
    ]);
    return false;
  }
  office.ev(EVENT_FLAG.call, 'Unhold', snapshot(c));
  office.setVar(peer, 'BLINDTRANSFER', c.name);
  office.setVar(c, 'BLINDTRANSFER', peer.name);
  if (c.partner && c.vars.has('DIAL_ANSWERED_MS')) {
    blindTransferDialCaller(office, c, peer, bridge, context, exten, tail);
    return true;
  }
  const event: Lines = [
    ['Result', 'Success'],
    ...snapshot(c, 'Transferer'),
    ...snapshot(peer, 'Transferee'),
    ...bridgeSnapshot(bridge),
    ...tail,
  ];
  const call = c.call;
  if (call) {
    call.phase = 'done';
    office.calls.splice(office.calls.indexOf(call), 1);
  }
  c.call = null;
  peer.call = null;
  if (peer.held) {
    peer.held = false;
    office.ev(EVENT_FLAG.call, 'MusicOnHoldStop', snapshot(peer));
  }
  office.leaveBridge(peer);
  office.ev(EVENT_FLAG.call, 'BlindTransfer', event);
  if (c.monitorId) office.stopMonitor(c);
  office.leaveBridge(c);
  if (c.partner) office.hangupLocal(c, 16);
  else office.removeChan(c, 16, 'Normal Clearing');
  peer.context = context;
  peer.exten = exten;
  peer.priority = 1;
  peer.connectedNum = '';
  peer.connectedName = '';
  office.runDialplan(peer);
  return true;
}

/**
 * BlindTransfer by the caller side of a Dial (27e): the callee (the transferee) is sent on at
 * once, the bridge tells both they have no peer, and the caller's Dial returns and its Local
 * pair hangs up (dialCallerEnds).
 */
export function blindTransferDialCaller(
  office: Office,
  c: Chan,
  peer: Chan,
  bridge: Bridge,
  context: string,
  exten: string,
  tail: Lines,
): void {
  const transferee = snapshot(peer, 'Transferee');
  const before = bridgeSnapshot(bridge);
  office.setVar(peer, 'BRIDGEPEER', '');
  Object.assign(peer, { context, exten, priority: 1 });
  office.newexten(peer, peer.app, peer.appData);
  office.setVar(c, 'BRIDGEPEER', '');
  office.leaveBridge(peer);
  office.ev(EVENT_FLAG.call, 'BlindTransfer', [
    ['Result', 'Success'],
    ...snapshot(c, 'Transferer'),
    ...transferee,
    ...before,
    ...tail,
  ]);
  office.leaveBridge(c);
  office.dialCallerEnds(c);
  const steps = dialplanOf(context, exten);
  const next = steps?.[1];
  if (next) {
    peer.priority = 2;
    office.newexten(peer, next[0], next[1]);
  }
}

/**
 * Atxfer (the atxfer feature code, then the extension, as DTMF on the transferer): the transferee
 * hears hold music in the original bridge while the transferer leaves it and dials the target on
 * a new channel. step() answers the target into a consultation bridge, then the transferer hangs
 * up, which completes the transfer (AttendedTransfer). The demo dials the target's PJSIP channel
 * directly where Asterisk goes through a Local channel pair.
 */
export function atxfer(office: Office, c: Chan, exten: string): void {
  const bridge = c.bridge;
  const transferee = office.peerOf(c) ?? undefined;
  if (!bridge || !transferee || office.transfers.some((t) => t.transferer === c || t.transferee === c))
    return;
  const endpoint = ENDPOINTS.find((e) => e.id === exten);
  if (!endpoint || office.deviceStates.get(`PJSIP/${exten}`) !== 'NOT_INUSE') return;
  if (c.call) {
    office.calls.splice(office.calls.indexOf(c.call), 1);
    c.call.phase = 'done';
  }
  c.call = null;
  transferee.call = null;
  office.ev(EVENT_FLAG.call, 'MusicOnHoldStart', [...snapshot(transferee), ['Class', 'default']]);
  office.leaveBridge(c);
  const target = office.ringEndpoint(c, endpoint);
  office.transfers.push({ transferer: c, transferee, origBridge: bridge, target, targetBridge: null });
}

/** An attended transfer one step on: the target answers into a consultation bridge, then the transferer hangs up. */
export function advanceTransfer(office: Office, t: Transfer): void {
  if (!t.targetBridge) {
    const { transferer, target } = t;
    office.newstate(target, STATE.up);
    office.dialEnd(transferer, target, 'ANSWER');
    transferer.connectedNum = target.callerIdNum;
    transferer.connectedName = target.callerIdName;
    const bridge = office.createBasicBridge();
    t.targetBridge = bridge;
    office.enterBridge(bridge, transferer);
    office.enterBridge(bridge, target);
    if (target.endpoint) office.setDevice(`PJSIP/${target.endpoint.id}`, 'INUSE');
    office.processedCalls++;
    return;
  }
  office.hangupChan(t.transferer, 16, 'Normal Clearing', false);
}

/** A channel of a transfer in progress hangs up: complete, cancel or fall back to a plain call. */
export function hangupInTransfer(
  office: Office,
  t: Transfer,
  c: Chan,
  cause: number,
  causeTxt: string,
): void {
  office.transfers.splice(office.transfers.indexOf(t), 1);
  const { transferer, transferee, origBridge, target } = t;
  const consult = t.targetBridge;
  const drop = (x: Chan): void => {
    if (x.monitorId) office.stopMonitor(x);
    office.leaveBridge(x);
    office.removeChan(x, cause, causeTxt);
  };
  // Back to the original bridge: `x` joins the held transferee, whose music stops, and shows it.
  const rejoin = (x: Chan): void => {
    office.leaveBridge(x);
    office.enterBridge(origBridge, x);
    office.ev(EVENT_FLAG.call, 'MusicOnHoldStop', snapshot(transferee));
    x.connectedNum = transferee.callerIdNum;
    x.connectedName = transferee.callerIdName;
  };
  if (c === transferer && consult) {
    // The transferer hangs up after the target answered: the bridges merge into the original.
    office.ev(EVENT_FLAG.call, 'AttendedTransfer', [
      ['Result', 'Success'],
      ...snapshot(transferer, 'OrigTransferer'),
      ...bridgeSnapshot(origBridge, 'Orig'),
      ...snapshot(transferer, 'SecondTransferer'),
      ...bridgeSnapshot(consult, 'Second'),
      ...snapshot(transferee, 'Transferee'),
      ...snapshot(target, 'TransferTarget'),
      ['IsExternal', 'No'],
      ['DestType', 'Bridge'],
      ['DestBridgeUniqueid', origBridge.id],
    ]);
    drop(transferer);
    rejoin(target);
    transferee.connectedNum = target.callerIdNum;
    transferee.connectedName = target.callerIdName;
    office.pairCall(transferee, target, 'up');
    return;
  }
  if (c === transferer) {
    // Hung up while the target was still ringing: the consultation is abandoned with it.
    office.dialEnd(transferer, target, 'CANCEL');
    drop(target);
    drop(transferer);
    office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(transferee), ['Cause', String(cause)]]);
    drop(transferee);
    return;
  }
  if (c === target) {
    // The target refused or hung up: the transferer goes back to the transferee.
    if (!consult) office.dialEnd(transferer, target, 'BUSY');
    drop(target);
    rejoin(transferer);
    office.pairCall(transferer, transferee, 'up');
    return;
  }
  // The transferee hung up: what is left is the transferer's call with the target.
  drop(transferee);
  office.pairCall(transferer, target, consult ? 'up' : 'ringing');
}

/**
 * Atxfer on a Dial's caller side (27f): the feature code and the extension arrive as DTMF, the
 * caller is held, a Local pair dials the target in a consultation bridge the caller moves into.
 * Its hangup then completes the transfer (completeAtxfer).
 */
export function atxferDialCaller(office: Office, c: Chan, context: string, exten: string): void {
  const orig = c.bridge;
  const transferee = office.peerOf(c);
  if (!orig || !transferee) return;
  const digits = `${c.vars.get('FEATUREMAP(atxfer)') ?? '*2'}${exten}`.split('');
  const dtmf = (d: string): void =>
    office.ev(EVENT_FLAG.dtmf, 'DTMFEnd', [
      ...snapshot(c),
      ['Digit', d],
      ['DurationMs', '0'],
      ['Direction', 'Received'],
    ]);
  digits.slice(0, 2).forEach(dtmf);
  office.ev(EVENT_FLAG.call, 'Hold', snapshot(c));
  digits.slice(2).forEach(dtmf);
  const { one: t1, two: t2 } = dialLocalPair(office, exten, context, c.linkedid);
  office.setVar(t1, 'TRANSFERERNAME', c.name);
  office.setVar(t1, 'ATTENDEDTRANSFER', c.name);
  const consult = office.createBasicBridge();
  office.setVar(t2, 'ATTENDEDTRANSFER', c.name);
  office.setVar(t2, 'TRANSFERERNAME', c.name);
  Object.assign(t2, { callerIdNum: c.callerIdNum, callerIdName: c.callerIdName });
  office.ev(EVENT_FLAG.call, 'NewCallerid', [
    ...snapshot(t2),
    ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
  ]);
  localBridge(office, t1, t2, { context, exten, optimize: true });
  const steps = dialplanOf(context, exten);
  office.newexten(t2, steps?.[0]?.[0] ?? 'Answer', steps?.[0]?.[1] ?? '');
  office.newstate(t2, STATE.up);
  Object.assign(t1, { connectedNum: c.callerIdNum, connectedName: c.callerIdName });
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(t1));
  office.enterBridge(consult, t1);
  office.setVar(t1, 'ATTENDEDTRANSFER', '');
  office.newstate(t1, STATE.up);
  office.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(t1, 'Dest'), ['DialStatus', 'ANSWER']]);
  office.leaveBridge(c);
  office.enterBridge(consult, c);
  office.bridgePeers(consult);
  Object.assign(c, { connectedNum: '', connectedName: '' });
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(c));
  const device = localDevice(t1.name);
  office.setDevice(device, 'INUSE');
  office.setDevice(device, 'INUSE');
  const next = steps?.[1];
  if (next) {
    t2.priority = 2;
    office.newexten(t2, next[0], next[1]);
  }
  office.localTransfers.set(c, { orig, consult, transferee, target: t1 });
}

/**
 * The transferer of a Local attended transfer hangs up (27f): its Dial ends, the consultation
 * bridge merges into the original one, AttendedTransfer, connected lines swap, the pair hangs up.
 */
export function completeAtxfer(office: Office, c: Chan): void {
  const t = office.localTransfers.get(c) as { orig: Bridge; consult: Bridge; transferee: Chan; target: Chan };
  office.localTransfers.delete(c);
  const other = c.partner as Chan;
  office.setVar(c, 'BRIDGEPEER', '');
  const secondTransferer = snapshot(c, 'SecondTransferer');
  office.leaveBridge(c);
  setDialAnswered(office, c);
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', '16']]);
  office.ev(EVENT_FLAG.call, 'BridgeMerge', [
    ...bridgeSnapshot(t.orig, 'To'),
    ...bridgeSnapshot(t.consult, 'From'),
  ]);
  t.consult.channels = t.consult.channels.filter((x) => x !== t.target);
  t.target.bridge = null;
  office.ev(EVENT_FLAG.call, 'BridgeLeave', [...bridgeSnapshot(t.consult), ...snapshot(t.target)]);
  office.enterBridge(t.orig, t.target);
  office.bridgePeers(t.orig);
  office.ev(EVENT_FLAG.call, 'AttendedTransfer', [
    ['Result', 'Success'],
    ...snapshot(c, 'OrigTransferer'),
    ...bridgeSnapshot(t.orig, 'Orig'),
    ...secondTransferer,
    ...bridgeSnapshot(t.consult, 'Second'),
    ...snapshot(t.transferee, 'Transferee'),
    ['IsExternal', 'No'],
    ['DestType', 'Bridge'],
    ['DestBridgeUniqueid', t.orig.id],
  ]);
  Object.assign(t.target, {
    connectedNum: t.transferee.callerIdNum,
    connectedName: t.transferee.callerIdName,
  });
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(t.target));
  Object.assign(t.transferee, { connectedNum: '', connectedName: '' });
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(t.transferee));
  office.setVar(other, 'CHANLOCALSTATUS', 'ANSWER');
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '16']]);
  office.ev(EVENT_FLAG.call, 'BridgeDestroy', bridgeSnapshot(t.consult));
  office.bridges.splice(office.bridges.indexOf(t.consult), 1);
  office.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(c), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']]);
  office.chans.splice(office.chans.indexOf(c), 1);
  // chan_local hands the caller ID back as the originating ;1 goes (27f: NewCallerid after its Hangup).
  Object.assign(other, { callerIdNum: '', callerIdName: '' });
  office.ev(EVENT_FLAG.call, 'Hangup', [
    ...snapshot(other),
    ['Cause', '16'],
    ['Cause-txt', 'Normal Clearing'],
  ]);
  office.chans.splice(office.chans.indexOf(other), 1);
  office.ev(EVENT_FLAG.call, 'NewCallerid', [
    ...snapshot(other),
    ['CID-CallingPres', '67 (Number Unavailable)'],
  ]);
  const device = localDevice(c.name);
  office.setDevice(device, 'NOT_INUSE');
  office.setDevice(device, 'NOT_INUSE');
}
