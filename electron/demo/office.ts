/**
 * The simulated office behind the demo PBX: PJSIP endpoints, calls between them, and Local
 * channels from Originate, emitting the AMI events Asterisk emits for each transition (the Local
 * originate sequences are copied from the captures in shared/asterisk-wire, 05c/05d/05f/05k/06o).
 * Seeded and deterministic: the same seed and the same calls give the same names and the same order.
 */
import type { DemoChannel, DemoOffice } from './api';
import { EVENT_FLAG } from './permissions';
import { rng } from './rng';
import type { DeviceState } from './switchboard/devstate';
import { DEVICE_STATES } from './switchboard/devstate';
import { SwitchboardState } from './switchboard/state';
import { customProvider, parsePresence } from './switchboard/presence';
import type { Hint } from './switchboard/dialplan';
import type { ParkingLot } from './switchboard/dialplan';
import { lotOfSpace } from './switchboard/dialplan';
import { pickupChan } from './switchboard/pickup';
import type {
  Bridge,
  Call,
  Chan,
  Endpoint,
  Lines,
  LocalApp,
  OfficeOptions,
  OriginateRequest,
  Phase,
  Transfer,
} from './office/model';
import { STATE } from './office/model';

export type {
  Bridge,
  Call,
  Chan,
  Emit,
  Endpoint,
  Lines,
  LocalApp,
  OfficeOptions,
  OriginateRequest,
  Parking,
  RunningApp,
} from './office/model';
export { STATE } from './office/model';
import { bridgeSnapshot, snapshot, stateDesc, unknown } from './office/snapshot';

export { bridgeSnapshot, snapshot, stateDesc } from './office/snapshot';
import { DEMO_DIALPLAN, DIAL_VARIABLES, dialplanOf, HINTS } from './office/dialplan';
import { ENDPOINTS, EXTERNAL_CALLERS, FRONT_DESK } from './office/phones';

export {
  DEMO_DIALPLAN,
  extensionExists,
  FROM_INTERNAL_DIALPLAN,
  HINT_CONTEXT,
  HINTS,
} from './office/dialplan';
export { ENDPOINTS, EXTERNAL_CALLERS, TRAFFIC_PHONES } from './office/phones';
import { bridgeUuid, localDevice, mixMonitorId, seqHex, uniqueid } from './office/names';

export { localDevice, parkerDialString, SYSTEM_NAME } from './office/names';
import * as devices from './office/devices';

export { extensionStatusOf } from './office/devices';
import * as parking from './office/parking';
import * as transfers from './office/transfers';
import { PARKING_LOT } from './office/parking';

export { PARKING_LOT } from './office/parking';

export type { Hint } from './switchboard/dialplan';

/** What an OriginateResponse names as the call's destination: the application, or context and exten. */
function originateTarget(req: OriginateRequest): Lines {
  return req.application
    ? [
        ['Application', req.application],
        ['Data', req.data ?? ''],
      ]
    : [
        ['Context', req.context ?? ''],
        ['Exten', req.exten ?? ''],
      ];
}

/** A successful originate's OriginateResponse (Reason 4: answered) for its ;1 or channel. */
function originateResponse(one: Chan, req: OriginateRequest): Lines {
  return [
    ...(req.actionId ? [['ActionID', req.actionId] as const] : []),
    ['Response', 'Success'],
    ['Channel', one.name],
    ...originateTarget(req),
    ['Reason', '4'],
    ['Uniqueid', one.uniqueid],
    ['CallerIDNum', unknown(req.callerIdNum ?? '')],
    ['CallerIDName', unknown(req.callerIdName ?? '')],
  ];
}

export class Office implements DemoOffice {
  readonly chans: Chan[] = [];
  readonly bridges: Bridge[] = [];
  readonly globals = new Map<string, string>();
  readonly deviceStates = new Map<string, string>();
  /** The dialplan's hints (OfficeOptions.hints). */
  readonly hints: readonly Hint[];
  /** astspooldir: MixMonitor's relative files land in its `monitor` folder. */
  readonly spoolDir: string;
  /** AstDB, presence and the parking lots' timers: electron/demo/switchboard. */
  readonly switchboard: SwitchboardState;
  /** The office's two-party calls in progress (what step() and tick() advance). */
  readonly calls: Call[] = [];
  /** Attended transfers in their consultation phase. */
  readonly transfers: Transfer[] = [];
  readonly random: () => number;
  readonly now: () => number;
  private uniqueSeq = 0;
  private pjsipSeq = 0;
  private localSeq = 0;
  private bridgeSeq = 0;
  private monitorSeq = 0;
  /** Applications other modules run for an originated Local pair (see LocalApp), by name. */
  readonly localApps = new Map<string, LocalApp>();
  /** Applications other modules run when a channel's dialplan gets to them (their Newexten is theirs). */
  readonly dialplanApps = new Map<string, (c: Chan, data: string) => void>();
  processedCalls = 0;
  /** Events the office has told so far (the traffic's way to notice a quiet spell). */
  eventsEmitted = 0;
  readonly startedMs: number;

  constructor(readonly opts: OfficeOptions) {
    this.random = rng(opts.seed);
    this.now = opts.now ?? Date.now;
    this.startedMs = this.now();
    this.hints = opts.hints ?? HINTS;
    this.spoolDir = opts.spoolDir ?? '/var/spool/asterisk';
    this.switchboard = new SwitchboardState(opts.seed);
    // The feature captures' PBX has no phones at all: nothing PJSIP in DeviceStateList (26a).
    if (opts.phones !== false) for (const e of ENDPOINTS) this.deviceStates.set(`PJSIP/${e.id}`, 'NOT_INUSE');
  }

  hintState(hint: Hint): DeviceState {
    return devices.hintState(this, hint);
  }

  // ---- DemoOffice ----

  channels(): DemoChannel[] {
    return this.chans.map((c) => ({
      channel: c.name,
      uniqueid: c.uniqueid,
      linkedid: c.linkedid,
      state: stateDesc(c.state),
      callerIdNum: c.callerIdNum,
      callerIdName: c.callerIdName,
      connectedLineNum: c.connectedNum,
      connectedLineName: c.connectedName,
      context: c.context,
      exten: c.exten,
      bridgeId: c.bridge?.id ?? null,
    }));
  }

  placeCall(options: { from?: string; fromName?: string; to?: string } = {}): string {
    const idle = FRONT_DESK.filter((e) => this.deviceStates.get(`PJSIP/${e.id}`) === 'NOT_INUSE');
    const pick = <T>(list: readonly T[]): T => list[Math.floor(this.random() * list.length)] as T;
    const to = options.to ?? pick(idle.length > 0 ? idle : FRONT_DESK).id;
    let from = options.from;
    let fromName = options.fromName;
    if (from === undefined) {
      const idleOthers = idle.filter((e) => e.id !== to);
      const others = idleOthers.length > 0 ? idleOthers : FRONT_DESK.filter((e) => e.id !== to);
      if (this.random() < 0.5) {
        const [num, name] = pick(EXTERNAL_CALLERS);
        from = num;
        fromName = fromName ?? name;
      } else {
        const e = pick(others);
        from = e.id;
        fromName = fromName ?? e.name;
      }
    }
    const fromEndpoint = ENDPOINTS.find((e) => e.id === from) ?? null;
    fromName = fromName ?? fromEndpoint?.name ?? '';
    const trunk = fromEndpoint ? fromEndpoint.id : 'trunk';
    const caller = this.newChan(`PJSIP/${trunk}-${seqHex(this.pjsipSeq++)}`, {
      state: STATE.ring,
      callerIdNum: from,
      callerIdName: fromName,
      context: 'from-internal',
      exten: to,
      endpoint: fromEndpoint,
    });
    this.newchannel(caller);
    if (fromEndpoint) this.setDevice(`PJSIP/${fromEndpoint.id}`, 'INUSE');
    this.dial(caller, to);
    return caller.name;
  }

  step(): void {
    for (const call of [...this.calls]) this.advance(call);
    this.stepTransfers();
  }

  /** Each attended transfer one step on: the target answers, then the transferer hangs up. */
  stepTransfers(): void {
    for (const t of [...this.transfers]) this.advanceTransfer(t);
  }

  // ---- the simulation ----

  /** The next `-XXXXXXXX` of an unreal channel: Local pairs and ConfBridge's CBAnn share one sequence. */
  nextUnrealSeq(): string {
    return seqHex(this.localSeq++);
  }

  /** The next `PJSIP/<endpoint>-XXXXXXXX` name (the softphone's calls, electron/demo/sip, take theirs here too). */
  pjsipName(endpointId: string): string {
    return `PJSIP/${endpointId}-${seqHex(this.pjsipSeq++)}`;
  }

  /** Hears every channel that goes (electron/demo/sip hangs up the softphone's leg when the board's goes). */
  onChannelRemoved: ((c: Chan) => void) | null = null;

  newChan(name: string, init: Partial<Chan>): Chan {
    const id = uniqueid(this.now(), this.uniqueSeq++);
    const c: Chan = {
      name,
      uniqueid: id,
      linkedid: id,
      state: STATE.down,
      callerIdNum: '',
      callerIdName: '',
      connectedNum: '',
      connectedName: '',
      context: 'default',
      exten: 's',
      priority: 1,
      app: '',
      appData: '',
      createdMs: this.now(),
      vars: new Map(),
      bridge: null,
      partner: null,
      endpoint: null,
      call: null,
      held: false,
      monitorId: null,
      ...init,
    };
    this.chans.push(c);
    return c;
  }

  ev(category: number, event: string, lines: Lines): void {
    this.eventsEmitted++;
    this.opts.emit(category, event, lines);
  }

  newchannel(c: Chan): void {
    this.ev(EVENT_FLAG.call, 'Newchannel', snapshot(c));
  }

  newstate(c: Chan, state: number): void {
    c.state = state;
    this.ev(EVENT_FLAG.call, 'Newstate', snapshot(c));
  }

  /** app_dial's DialEnd for the caller's dial of `callee`. */
  dialEnd(caller: Chan, callee: Chan, status: string): void {
    this.ev(EVENT_FLAG.call, 'DialEnd', [
      ...snapshot(caller),
      ...snapshot(callee, 'Dest'),
      ['DialStatus', status],
    ]);
  }

  /** Two channels become one call the office steps through. */
  pairCall(caller: Chan, callee: Chan, phase: Phase): void {
    const call: Call = { caller, callee, phase };
    caller.call = call;
    callee.call = call;
    this.calls.push(call);
  }

  /** A new two-party bridge (what Dial's answer or a consultation call gets), announced by BridgeCreate. */
  createBasicBridge(): Bridge {
    const bridge: Bridge = {
      id: this.bridgeId(),
      channels: [],
      type: 'basic',
      technology: 'simple_bridge',
      creator: '<unknown>',
      name: '<unknown>',
    };
    this.bridges.push(bridge);
    this.ev(EVENT_FLAG.call, 'BridgeCreate', bridgeSnapshot(bridge));
    return bridge;
  }

  newexten(c: Chan, app: string, data: string): void {
    c.app = app;
    c.appData = data;
    this.ev(EVENT_FLAG.dialplan, 'Newexten', [
      ...snapshot(c),
      ['Extension', c.exten],
      ['Application', app],
      ['AppData', data],
    ]);
  }

  deviceState(device: string): string {
    return devices.deviceState(this, device);
  }

  /** Features that follow device states (queue members' state interfaces: electron/demo/queues). */
  readonly deviceWatchers: Array<(device: string, state: string) => void> = [];

  setDevice(device: string, state: string): void {
    devices.setDevice(this, device, state);
  }

  /**
   * The outgoing channel of `caller`'s Dial to an endpoint: created, linked by DialBegin, ringing.
   * `device` is the endpoint's state now: RINGINUSE when it rings while already on a call.
   */
  ringEndpoint(caller: Chan, endpoint: Endpoint, device = 'RINGING'): Chan {
    const to = endpoint.id;
    const callee = this.newChan(`PJSIP/${to}-${seqHex(this.pjsipSeq++)}`, {
      callerIdNum: to,
      callerIdName: endpoint.name,
      connectedNum: caller.callerIdNum,
      connectedName: caller.callerIdName,
      context: 'from-internal',
      exten: to,
      linkedid: caller.linkedid,
      endpoint,
      app: 'AppDial',
      appData: '(Outgoing Line)',
    });
    this.newchannel(callee);
    this.ev(EVENT_FLAG.call, 'DialBegin', [
      ...snapshot(caller),
      ...snapshot(callee, 'Dest'),
      ['DialString', to],
    ]);
    this.newstate(callee, STATE.ringing);
    this.setDevice(`PJSIP/${to}`, device);
    return callee;
  }

  /** `caller` runs Dial(PJSIP/<to>): a new ringing channel and the DialBegin that links them. */
  dial(caller: Chan, to: string): void {
    const endpoint = ENDPOINTS.find((e) => e.id === to);
    this.newexten(caller, 'Dial', `PJSIP/${to},30`);
    if (!endpoint || this.deviceStates.get(`PJSIP/${to}`) !== 'NOT_INUSE') {
      // Nobody to ring: Dial ends at once and the caller hangs up.
      this.farEndHangup(caller);
      return;
    }
    const callee = this.ringEndpoint(caller, endpoint);
    this.newstate(caller, STATE.ringing);
    this.pairCall(caller, callee, 'ringing');
    this.processedCalls++;
  }

  private advance(call: Call): void {
    switch (call.phase) {
      case 'ringing':
        this.answerCall(call);
        break;
      case 'up':
        this.holdCall(call);
        break;
      case 'held':
        this.unholdCall(call);
        break;
      case 'unheld':
        this.farEndHangup(call.caller);
        break;
      case 'done':
        break;
    }
  }

  /** The office's two-party calls in progress, oldest first. */
  officeCalls(): readonly Call[] {
    return this.calls;
  }

  /** The caller's phone puts the call on hold: the callee hears music. */
  holdCall(call: Call): void {
    if (call.phase !== 'up' && call.phase !== 'unheld') return;
    const { caller, callee } = call;
    call.phase = 'held';
    caller.held = true;
    this.ev(EVENT_FLAG.call, 'Hold', [...snapshot(caller), ['MusicClass', 'default']]);
    this.ev(EVENT_FLAG.call, 'MusicOnHoldStart', [...snapshot(callee), ['Class', 'default']]);
    if (caller.endpoint) this.setDevice(`PJSIP/${caller.endpoint.id}`, 'ONHOLD');
  }

  unholdCall(call: Call): void {
    if (call.phase !== 'held') return;
    const { caller, callee } = call;
    call.phase = 'unheld';
    caller.held = false;
    this.ev(EVENT_FLAG.call, 'Unhold', snapshot(caller));
    this.ev(EVENT_FLAG.call, 'MusicOnHoldStop', snapshot(callee));
    if (caller.endpoint) this.setDevice(`PJSIP/${caller.endpoint.id}`, 'INUSE');
  }

  /** The far end of a channel hangs up (not an AMI Hangup): its call ends with Normal Clearing. */
  farEndHangup(c: Chan): void {
    // A member's phone in a queue call (electron/demo/queues): app_queue ends the call its way.
    if (c.endedBy) {
      c.endedBy(c, 16);
      return;
    }
    this.hangupChan(c, 16, 'Normal Clearing', false);
  }

  /** The ringing phone is picked up: Dial answers and bridges the two. */
  answerCall(call: Call): void {
    if (call.phase !== 'ringing') return;
    const { caller, callee } = call;
    call.phase = 'up';
    this.newstate(callee, STATE.up);
    this.dialEnd(caller, callee, 'ANSWER');
    caller.connectedNum = callee.callerIdNum;
    caller.connectedName = callee.callerIdName;
    this.newstate(caller, STATE.up);
    const bridge = this.createBasicBridge();
    this.enterBridge(bridge, caller);
    this.enterBridge(bridge, callee);
    if (callee.endpoint) this.setDevice(`PJSIP/${callee.endpoint.id}`, 'INUSE');
  }

  /** The next bridge's id (a bridge made by another module takes its id here too). */
  bridgeId(): string {
    return bridgeUuid(this.opts.seed, this.bridgeSeq++);
  }

  enterBridge(bridge: Bridge, c: Chan): void {
    bridge.channels.push(c);
    c.bridge = bridge;
    this.ev(EVENT_FLAG.call, 'BridgeEnter', [...bridgeSnapshot(bridge), ...snapshot(c)]);
  }

  leaveBridge(c: Chan): void {
    const bridge = c.bridge;
    if (!bridge) return;
    bridge.channels = bridge.channels.filter((x) => x !== c);
    c.bridge = null;
    this.ev(EVENT_FLAG.call, 'BridgeLeave', [...bridgeSnapshot(bridge), ...snapshot(c)]);
    // The lot keeps its holding bridge while the lot exists, empty or not.
    if (bridge.channels.length === 0 && bridge.type !== 'parking') {
      this.ev(EVENT_FLAG.call, 'BridgeDestroy', bridgeSnapshot(bridge));
      this.bridges.splice(this.bridges.indexOf(bridge), 1);
    }
  }

  removeChan(c: Chan, cause: number, causeTxt: string): void {
    this.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(c), ['Cause', String(cause)], ['Cause-txt', causeTxt]]);
    this.chans.splice(this.chans.indexOf(c), 1);
    if (c.endpoint && !this.chans.some((o) => o.endpoint === c.endpoint)) {
      this.setDevice(`PJSIP/${c.endpoint.id}`, 'NOT_INUSE');
    }
    this.onChannelRemoved?.(c);
  }

  /**
   * Hang up one PJSIP channel of an office call (the far end hung up, or an AMI Hangup when
   * `requested`): the peer follows, as a two-party basic bridge dissolves.
   */
  hangupChan(c: Chan, cause: number, causeTxt: string, requested: boolean): void {
    if (!this.chans.includes(c)) return;
    if (requested) this.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
    const transfer = this.transfers.find((t) => t.transferer === c || t.transferee === c || t.target === c);
    if (transfer) {
      this.hangupInTransfer(transfer, c, cause, causeTxt);
      return;
    }
    const call = c.call;
    const peer = call ? (call.caller === c ? call.callee : call.caller) : this.peerOf(c);
    const dialing = call?.phase === 'ringing' && call.caller === c;
    if (call) {
      call.phase = 'done';
      this.calls.splice(this.calls.indexOf(call), 1);
    }
    if (call && dialing) this.cancelDial(call, cause, causeTxt);
    if (c.monitorId) this.stopMonitor(c);
    if (c.spying) this.stopSpy(c);
    const gaveUp = this.leaveParking(c);
    this.leaveBridge(c);
    this.removeChan(c, cause, causeTxt);
    if (gaveUp) this.ev(EVENT_FLAG.call, 'ParkedCallGiveUp', gaveUp);
    if (peer && this.chans.includes(peer)) {
      if (call && call.phase === 'done' && peer === call.callee && peer.state !== STATE.up) {
        this.dialEnd(c, peer, 'CANCEL');
      }
      this.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(peer), ['Cause', String(cause)]]);
      if (peer.monitorId) this.stopMonitor(peer);
      this.leaveBridge(peer);
      this.removeChan(peer, cause, causeTxt);
    }
  }

  /**
   * app_dial when its caller leaves while the phone still rings (hangs up, or is redirected):
   * wait_for_answer() publishes DialEnd CANCEL, then hanguptree() hangs up the ringing leg with the
   * caller's hangup cause, Normal Clearing when it has none (a Redirect is no hangup).
   */
  private cancelDial(call: Call, cause: number, causeTxt: string): void {
    const { caller, callee } = call;
    caller.call = null;
    callee.call = null;
    if (!this.chans.includes(callee)) return;
    this.dialEnd(caller, callee, 'CANCEL');
    this.removeChan(callee, cause, causeTxt);
  }

  // ---- AMI actions acting on the office ----

  find(name: string): Chan | undefined {
    return (
      this.chans.find((c) => c.name === name) ??
      this.chans.find((c) => c.name.toLowerCase() === name.toLowerCase())
    );
  }

  /** Hangup action. */
  hangup(c: Chan, cause = 16): void {
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
      this.hangupLocal(c, cause);
      return;
    }
    this.hangupChan(c, cause, cause === 16 ? 'Normal Clearing' : 'Unknown', true);
  }

  /**
   * A Local half left alone in its bridge (its peer was parked) ends its application: the pair
   * hangs up with Normal Clearing, the bridge goes with it.
   */
  endLocalPair(c: Chan): void {
    const other = c.partner as Chan;
    this.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '16']]);
    this.leaveBridge(c);
    this.clearLocalPair(c, other);
  }

  /**
   * The end both ways of ending a Local pair share (a lone half, a parked half timing out): Normal
   * Clearing for the half, then its partner leaves the bridge and follows, then the Local device.
   */
  clearLocalPair(c: Chan, other: Chan): void {
    this.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(c), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']]);
    this.chans.splice(this.chans.indexOf(c), 1);
    this.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(other), ['Cause', '16']]);
    this.leaveBridge(other);
    this.ev(EVENT_FLAG.call, 'Hangup', [
      ...snapshot(other),
      ['Cause', '16'],
      ['Cause-txt', 'Normal Clearing'],
    ]);
    this.chans.splice(this.chans.indexOf(other), 1);
    const device = localDevice(c.name);
    const state = this.deviceState(device);
    this.setDevice(device, state);
    this.setDevice(device, state);
  }

  /** A Local pair hung up through one half, as in capture 06o. */
  hangupLocal(c: Chan, cause: number): void {
    const other = c.partner as Chan;
    // A pair hung up as another's peer may run an application that ends it its own way too.
    const endedBy = c.endedBy ?? other.endedBy;
    if (endedBy) {
      endedBy(c, cause);
      return;
    }
    if (c.parking) {
      this.hangupParkedLocal(c, other);
      return;
    }
    if (this.localTransfers.has(c)) {
      this.completeAtxfer(c);
      return;
    }
    if (c.spying) {
      // The spyer's ChanSpy ends first; chan_local then hangs the pair up (27d).
      this.stopSpy(c);
      this.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '0']]);
      this.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(c), ['Cause', '0'], ['Cause-txt', 'Unknown']]);
      this.chans.splice(this.chans.indexOf(c), 1);
      this.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(other), ['Cause', String(cause)]]);
      this.leaveBridge(other);
      this.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(other), ['Cause', '0'], ['Cause-txt', 'Unknown']]);
      this.chans.splice(this.chans.indexOf(other), 1);
      const device = localDevice(c.name);
      const state = this.deviceState(device);
      this.setDevice(device, state);
      this.setDevice(device, state);
      return;
    }
    // Whoever the pair was bridged with by a Dial (another Local pair) is hung up after it.
    const peers = [c, other].map((x) => this.peerOf(x)).filter((x): x is Chan => x !== null);
    this.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
    this.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '0']]);
    this.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(other), ['Cause', String(cause)]]);
    const [first, second] = c.name.endsWith(';1') ? [other, c] : [c, other];
    const gaveUp = [first, second].map((x) => this.leaveParking(x)).find((x) => x !== null) ?? null;
    for (const x of [first, second]) {
      if (x.monitorId) this.stopMonitor(x);
      this.leaveBridge(x);
      this.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(x), ['Cause', '0'], ['Cause-txt', 'Unknown']]);
      this.chans.splice(this.chans.indexOf(x), 1);
    }
    const device = localDevice(c.name);
    const state = this.deviceState(device);
    this.setDevice(device, state);
    this.setDevice(device, state);
    if (gaveUp) this.ev(EVENT_FLAG.call, 'ParkedCallGiveUp', gaveUp);
    for (const peer of peers) {
      if (!this.chans.includes(peer)) continue;
      if (peer.partner) this.hangupLocal(peer, cause);
      else this.hangupChan(peer, cause, cause === 16 ? 'Normal Clearing' : 'Unknown', false);
    }
  }

  blindTransfer(c: Chan, context: string, exten: string): boolean {
    return transfers.blindTransfer(this, c, context, exten);
  }

  /**
   * A parked Local half hung up (23h): the lot tells ParkedCallGiveUp at once, frees the space and
   * lets it out of the holding bridge; chan_local then hangs up its partner, both Normal Clearing.
   */
  private hangupParkedLocal(c: Chan, other: Chan): void {
    this.ev(EVENT_FLAG.call, 'ParkedCallGiveUp', this.parkedCallLines(c));
    this.parkMusic(c, false);
    this.freeSpace(c);
    this.leaveBridge(c);
    this.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '16']]);
    for (const x of [c, other]) {
      if (x.monitorId) this.stopMonitor(x);
      this.leaveBridge(x);
      this.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(x), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']]);
      this.chans.splice(this.chans.indexOf(x), 1);
    }
    const device = localDevice(c.name);
    const state = this.deviceState(device);
    this.setDevice(device, state);
    this.setDevice(device, state);
  }

  /**
   * The caller side of a Dial whose callee went away (transferred or parked): app_dial's times
   * and status, then the Local pair hangs up with Normal Clearing (23f, 27e).
   */
  dialCallerEnds(c: Chan): void {
    const answered = Number(c.vars.get('DIAL_ANSWERED_MS') ?? this.now());
    const ms = Math.max(0, this.now() - answered);
    for (const [v, value] of [
      ['ANSWEREDTIME', String(Math.floor(ms / 1000))],
      ['ANSWEREDTIME_MS', String(ms)],
      ['DIALEDTIME', String(Math.floor(ms / 1000))],
      ['DIALEDTIME_MS', String(ms)],
      ['DIALSTATUS', 'ANSWER'],
    ] as const) {
      this.setVar(c, v, value);
    }
    this.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', '16']]);
    const other = c.partner;
    if (other) {
      this.setVar(other, 'CHANLOCALSTATUS', 'ANSWER');
      this.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(other), ['Cause', '16']]);
    }
    for (const x of other ? [c, other] : [c]) {
      if (x.monitorId) this.stopMonitor(x);
      this.leaveBridge(x);
      this.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(x), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']]);
      this.chans.splice(this.chans.indexOf(x), 1);
    }
    const device = localDevice(c.name);
    const state = this.deviceState(device);
    this.setDevice(device, state);
    this.setDevice(device, state);
  }

  /** Redirect action: the channel continues in the dialplan at context/exten/priority. */
  redirect(c: Chan, context: string, exten: string, priority: number): void {
    c.running?.leave(c);
    const peer = this.peerOf(c);
    if (c.call) {
      const call = c.call;
      const dialing = call.phase === 'ringing' && call.caller === c;
      call.phase = 'done';
      this.calls.splice(this.calls.indexOf(call), 1);
      c.call = null;
      if (peer) peer.call = null;
      // The redirect pulls the caller out of its Dial: the phone it rang stops ringing.
      if (dialing) this.cancelDial(call, 16, 'Normal Clearing');
    }
    if (c.bridge) this.leaveBridge(c);
    // Redirected out of the lot: it no longer holds its space.
    this.freeSpace(c);
    c.context = context;
    c.exten = exten;
    c.priority = priority;
    this.runDialplan(c);
    if (peer && this.chans.includes(peer) && peer.endpoint) {
      this.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(peer), ['Cause', '16']]);
      this.leaveBridge(peer);
      this.removeChan(peer, 16, 'Normal Clearing');
    }
  }

  /** Runs the channel's dialplan from its current priority until an application that waits. */
  runDialplan(c: Chan): void {
    const spot = lotOfSpace(c.context, c.exten);
    if (spot) {
      this.parkedCallApp(c, spot.lot, spot.space);
      return;
    }
    const steps = dialplanOf(c.context, c.exten);
    if (c.context === 'demo' || steps) {
      if (!steps) {
        this.hangup(c, 16);
        return;
      }
      for (let p = c.priority; p <= steps.length; p++) {
        const [app, data] = steps[p - 1] as readonly [string, string];
        c.priority = p;
        const run = this.dialplanApps.get(app);
        if (run) {
          run(c, data);
          return;
        }
        this.newexten(c, app, data);
        if (app === 'Answer' && c.state !== STATE.up) this.newstate(c, STATE.up);
        if (app !== 'Answer') return;
      }
      return;
    }
    if (ENDPOINTS.some((e) => e.id === c.exten)) {
      c.connectedNum = '';
      c.connectedName = '';
      this.dial(c, c.exten);
      return;
    }
    this.hangup(c, 16);
  }

  /** Originate of `Local/<exten>@<context>`: the events of captures 05c/05d (success) and 05k (failure). */
  originateLocal(req: OriginateRequest, onResponse: (lines: Lines) => void): boolean {
    const m = /^Local\/([^@]+)@([^/]+)$/i.exec(req.channel);
    if (!m) return false;
    const lexten = m[1] as string;
    const lcontext = m[2] as string;
    const tag = `Local/${lexten}@${lcontext}-${seqHex(this.localSeq++)}`;
    const init = { context: lcontext, exten: lexten };
    const id = req.channelId;
    const one = this.newChan(`${tag};1`, {
      ...init,
      state: STATE.down,
      ...(id ? { uniqueid: id, linkedid: id } : {}),
    });
    const two = this.newChan(`${tag};2`, {
      ...init,
      state: STATE.ring,
      linkedid: one.linkedid,
      ...(id ? { uniqueid: `${id};2` } : {}),
    });
    one.partner = two;
    two.partner = one;
    if (req.variables) for (const [k, v] of req.variables) one.vars.set(k, v);
    this.newchannel(one);
    this.newchannel(two);
    this.newexten(one, 'AppDial2', '(Outgoing Line)');
    const device = `Local/${lexten}@${lcontext}`;
    // res_parking makes an extension for every space of its lots' contexts (parkedcalls,701...).
    const spot = lotOfSpace(lcontext, lexten);
    const exists = (lcontext === 'demo' && DEMO_DIALPLAN[lexten] !== undefined) || spot !== undefined;
    const num = req.callerIdNum ?? '';
    const name = req.callerIdName ?? '';
    if (exists && (num || name)) {
      // The originate's caller ID reaches ;1, then chan_local copies it to ;2 as caller and connected line (23b).
      const pres: Lines = [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']];
      Object.assign(one, { callerIdNum: num, callerIdName: name });
      this.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(one), ...pres]);
      Object.assign(one, { connectedNum: num, connectedName: name });
      this.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(one));
      Object.assign(two, { callerIdNum: num, callerIdName: name, connectedNum: num, connectedName: name });
      this.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(two), ...pres]);
      this.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(two));
    } else {
      Object.assign(one, { callerIdNum: num, callerIdName: name });
      Object.assign(two, { callerIdNum: num, callerIdName: name });
    }
    const target = originateTarget(req);
    if (!exists) {
      for (const x of [two, one]) {
        this.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(x), ['Cause', '0'], ['Cause-txt', 'Unknown']]);
        this.chans.splice(this.chans.indexOf(x), 1);
      }
      if (req.async) {
        this.ev(EVENT_FLAG.call, 'OriginateResponse', [
          ...(req.actionId ? [['ActionID', req.actionId] as const] : []),
          ['Response', 'Failure'],
          ['Channel', device],
          ...target,
          ['Reason', '0'],
          ['Uniqueid', req.channelId || '<unknown>'],
          ['CallerIDNum', unknown(req.callerIdNum ?? '')],
          ['CallerIDName', unknown(req.callerIdName ?? '')],
        ]);
      }
      this.setDevice(device, 'INVALID');
      this.setDevice(device, 'INVALID');
      return false;
    }
    this.ev(EVENT_FLAG.call, 'LocalBridge', [
      ...snapshot(one, 'LocalOne'),
      ...snapshot(two, 'LocalTwo'),
      ['Context', lcontext],
      ['Exten', lexten],
      ['LocalOptimization', 'Yes'],
    ]);
    this.ev(EVENT_FLAG.call, 'DialBegin', [
      ...snapshot(one, 'Dest'),
      ['DialString', `${lexten}@${lcontext}`],
    ]);
    if (spot) return this.originateParkedCall(one, two, spot.lot, spot.space, req, onResponse);
    // ;2 runs the Local's own dialplan and answers; ;1 is then answered too.
    const steps = DEMO_DIALPLAN[lexten] as ReadonlyArray<readonly [string, string]>;
    if (steps[0]?.[0] === 'Set' && req.application)
      return this.originateDialChain(one, two, steps, req, onResponse);
    const localApp = this.localApps.get(steps[1]?.[0] ?? '');
    if (localApp && steps[0]?.[0] === 'Answer' && req.application) {
      one.app = req.application;
      one.appData = req.data ?? '';
      localApp({ one, two, data: steps[1]?.[1] ?? '', response: originateResponse(one, req), onResponse });
      this.processedCalls += 1;
      return true;
    }
    this.newexten(two, steps[0]?.[0] ?? 'Answer', steps[0]?.[1] ?? '');
    this.newstate(two, STATE.up);
    this.newstate(one, STATE.up);
    const response = originateResponse(one, req);
    if (req.application) {
      this.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
      one.app = req.application;
      one.appData = req.data ?? '';
      onResponse(response);
      this.setDevice(device, 'INUSE');
      this.setDevice(device, 'INUSE');
      if (/^dial$/i.test(req.application)) this.dialLocal(one, req.data ?? '');
      if (/^chanspy$/i.test(req.application)) this.startSpy(one, req.data ?? '');
    } else {
      this.setDevice(device, 'INUSE');
      this.setDevice(device, 'INUSE');
      this.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
      one.context = req.context ?? lcontext;
      one.exten = req.exten ?? lexten;
      const dp = one.context === 'demo' ? DEMO_DIALPLAN[one.exten] : undefined;
      // The answered ;1 goes straight to the first application that waits (capture 05d: Wait).
      const waitStep = dp ? dp.findIndex(([app]) => app !== 'Answer') : -1;
      if (dp && waitStep >= 0) {
        one.priority = waitStep + 1;
        this.newexten(
          one,
          (dp[waitStep] as readonly [string, string])[0],
          (dp[waitStep] as readonly [string, string])[1],
        );
      }
      onResponse(response);
    }
    two.priority = 2;
    this.newexten(two, steps[1]?.[0] ?? 'Wait', steps[1]?.[1] ?? '');
    // Every channel that starts a dialplan (pbx_run) is a processed call: ;2 always, ;1 unless it runs an app.
    this.processedCalls += req.application ? 1 : 2;
    return true;
  }

  /**
   * The originated ;2 runs Set, Set, Dial(Local/<callee>@demo,,tT) (extensions 400/410 of the
   * captures): app_dial clears its variables, dials the callee's Local pair (which takes the
   * caller's extension and caller ID), the callee answers, and caller and callee meet in a basic
   * bridge; the originate's ;1 is answered and runs its application (23f, 27a).
   */
  private originateDialChain(
    one: Chan,
    two: Chan,
    steps: ReadonlyArray<readonly [string, string]>,
    req: OriginateRequest,
    onResponse: (lines: Lines) => void,
  ): boolean {
    const dialStep = steps.findIndex(([app]) => app === 'Dial');
    for (let i = 0; i <= dialStep; i++) {
      two.priority = i + 1;
      const [app, data] = steps[i] as readonly [string, string];
      this.newexten(two, app, data);
      // Set(FEATUREMAP(atxfer)=*2): the channel's own attended-transfer code (a function, no VarSet).
      const fm = /^(FEATUREMAP\(atxfer\))=(.*)$/.exec(data);
      if (app === 'Set' && fm) two.vars.set(fm[1] as string, fm[2] as string);
    }
    for (const v of DIAL_VARIABLES) this.setVar(two, v, '');
    const m = /^Local\/([^@]+)@([^,]+)/.exec((steps[dialStep] as readonly [string, string])[1]);
    const cexten = m?.[1] ?? '100';
    const ccontext = m?.[2] ?? 'demo';
    const callee = DEMO_DIALPLAN[cexten] as ReadonlyArray<readonly [string, string]>;
    const tag = `Local/${cexten}@${ccontext}-${seqHex(this.localSeq++)}`;
    const init = { context: ccontext, exten: cexten, linkedid: one.linkedid };
    const c1 = this.newChan(`${tag};1`, { ...init, state: STATE.down });
    const c2 = this.newChan(`${tag};2`, { ...init, state: STATE.ring });
    c1.partner = c2;
    c2.partner = c1;
    this.newchannel(c1);
    this.newchannel(c2);
    const dialed = `${cexten}@${ccontext}`;
    this.setVar(c1, 'DIALEDPEERNUMBER', dialed);
    // app_dial gives the outgoing channel the caller's extension, its extension as the number
    // (the caller has none of its own), and the caller as connected line.
    Object.assign(c1, {
      exten: two.exten,
      callerIdNum: two.exten,
      callerIdName: two.callerIdName,
      connectedNum: two.callerIdNum,
      connectedName: two.callerIdName,
    });
    this.newexten(c1, 'AppDial', '(Outgoing Line)');
    const pres: Lines = [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']];
    this.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(c1), ...pres]);
    this.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(c1));
    this.setVar(c2, 'DIALEDPEERNUMBER', dialed);
    Object.assign(c2, {
      callerIdNum: two.callerIdNum,
      callerIdName: two.callerIdName,
      connectedNum: c1.callerIdNum,
      connectedName: c1.callerIdName,
    });
    this.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(c2), ...pres]);
    this.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(c2));
    this.ev(EVENT_FLAG.call, 'LocalBridge', [
      ...snapshot(c1, 'LocalOne'),
      ...snapshot(c2, 'LocalTwo'),
      ['Context', ccontext],
      ['Exten', cexten],
      ['LocalOptimization', 'Yes'],
    ]);
    this.ev(EVENT_FLAG.call, 'DialBegin', [
      ...snapshot(two),
      ...snapshot(c1, 'Dest'),
      ['DialString', dialed],
    ]);
    this.newexten(c2, callee[0]?.[0] ?? 'Answer', callee[0]?.[1] ?? '');
    this.newstate(c2, STATE.up);
    this.newstate(c1, STATE.up);
    two.vars.set('DIAL_ANSWERED_MS', String(this.now()));
    this.setVar(two, 'DIALSTATUS', 'ANSWER');
    this.setVar(two, 'DIALEDPEERNAME', c1.name);
    this.setVar(two, 'DIALEDPEERNUMBER', dialed);
    c1.exten = '';
    this.dialEnd(two, c1, 'ANSWER');
    this.newstate(two, STATE.up);
    this.newstate(one, STATE.up);
    this.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
    const bridge = this.createBasicBridge();
    const calleeDevice = `Local/${cexten}@${ccontext}`;
    this.setDevice(calleeDevice, 'INUSE');
    this.setDevice(calleeDevice, 'INUSE');
    const device = localDevice(one.name);
    this.setDevice(device, 'INUSE');
    this.setDevice(device, 'INUSE');
    this.newexten(c1, 'AppDial', '(Outgoing Line)');
    one.app = req.application ?? '';
    one.appData = req.data ?? '';
    this.enterBridge(bridge, c1);
    onResponse([
      ...(req.actionId ? [['ActionID', req.actionId] as const] : []),
      ['Response', 'Success'],
      ['Channel', one.name],
      ...originateTarget(req),
      ['Reason', '4'],
      ['Uniqueid', one.uniqueid],
      ['CallerIDNum', unknown(req.callerIdNum ?? '')],
      ['CallerIDName', unknown(req.callerIdName ?? '')],
    ]);
    this.enterBridge(bridge, two);
    this.bridgePeers(bridge);
    c2.priority = 2;
    this.newexten(c2, callee[1]?.[0] ?? 'Wait', callee[1]?.[1] ?? '');
    this.processedCalls += 3;
    return true;
  }

  /**
   * Originate of `Local/<space>@<lot context>` (23e): ;2 runs ParkedCall(<lot>,<space>) and answers;
   * when a call waits there it is unparked (UnParkedCall, Retriever = ;2) into a new bridge with ;2,
   * which takes its linked id; an empty space just answers.
   */
  private originateParkedCall(
    one: Chan,
    two: Chan,
    lot: ParkingLot,
    space: number,
    req: OriginateRequest,
    onResponse: (lines: Lines) => void,
  ): boolean {
    const device = localDevice(one.name);
    this.newexten(two, 'ParkedCall', `${lot.name},${space}`);
    this.newstate(two, STATE.up);
    this.setDevice(device, 'INUSE');
    this.newstate(one, STATE.up);
    this.setDevice(device, 'INUSE');
    this.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
    one.app = req.application ?? '';
    one.appData = req.data ?? '';
    onResponse([
      ...(req.actionId ? [['ActionID', req.actionId] as const] : []),
      ['Response', 'Success'],
      ['Channel', one.name],
      ...originateTarget(req),
      ['Reason', '4'],
      ['Uniqueid', one.uniqueid],
      ['CallerIDNum', unknown(req.callerIdNum ?? '')],
      ['CallerIDName', unknown(req.callerIdName ?? '')],
    ]);
    this.processedCalls += 2;
    const parked = this.parked().find((c) => c.parking?.lot === lot.name && c.parking.space === space);
    if (!parked) return true;
    const bridge = this.createBasicBridge();
    const lines = this.parkedCallLines(parked);
    this.freeSpace(parked);
    this.ev(EVENT_FLAG.call, 'UnParkedCall', [
      ...lines.slice(0, 14),
      ...snapshot(two, 'Retriever'),
      ...lines.slice(14),
    ]);
    this.parkMusic(parked, false);
    this.leaveBridge(parked);
    this.enterBridge(bridge, parked);
    two.linkedid = parked.linkedid;
    this.enterBridge(bridge, two);
    this.bridgePeers(bridge);
    Object.assign(two, { connectedNum: parked.callerIdNum, connectedName: parked.callerIdName });
    this.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(two));
    Object.assign(parked, { connectedNum: two.callerIdNum, connectedName: two.callerIdName });
    this.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(parked));
    return true;
  }

  atxferDialCaller(c: Chan, context: string, exten: string): void {
    transfers.atxferDialCaller(this, c, context, exten);
  }

  /** Local attended transfers in consultation: the transferer's original bridge, peer and target. */
  readonly localTransfers = new Map<
    Chan,
    { orig: Bridge; consult: Bridge; transferee: Chan; target: Chan }
  >();

  completeAtxfer(c: Chan): void {
    transfers.completeAtxfer(this, c);
  }

  /** The bridge tells each member its peer (BRIDGEPEER), as it does on every change of its members or hooks. */
  bridgePeers(bridge: Bridge): void {
    if (bridge.channels.length !== 2) return;
    const [a, b] = bridge.channels as [Chan, Chan];
    this.setVar(a, 'BRIDGEPEER', b.name);
    this.setVar(b, 'BRIDGEPEER', a.name);
  }

  /**
   * `caller` runs Dial(Local/<exten>@demo[/n]), as in the originate of Application=Dial: the dialed
   * pair, the outgoing ;1 (AppDial, the caller's number as its caller ID, no extension once
   * answered) bridged with the caller, and ;2 running the extension. Other dial strings do nothing.
   */
  private dialLocal(caller: Chan, data: string): void {
    const m = /^Local\/([^@/,]+)@([^/,]+)(\/n)?(?:,|$)/i.exec(data);
    if (!m) return;
    const exten = m[1] as string;
    const context = m[2] as string;
    const steps = context === 'demo' ? DEMO_DIALPLAN[exten] : undefined;
    if (!steps) return;
    const tag = `Local/${exten}@${context}-${seqHex(this.localSeq++)}`;
    const init = { context, exten, linkedid: caller.linkedid };
    const one = this.newChan(`${tag};1`, { ...init, state: STATE.down });
    const two = this.newChan(`${tag};2`, { ...init, state: STATE.ring });
    one.partner = two;
    two.partner = one;
    this.newchannel(one);
    this.newchannel(two);
    // app_dial copies the caller's location and identity onto the outgoing channel.
    one.exten = caller.exten;
    one.callerIdNum = caller.callerIdNum || caller.exten;
    one.callerIdName = caller.callerIdName;
    this.newexten(one, 'AppDial', '(Outgoing Line)');
    this.ev(EVENT_FLAG.call, 'NewCallerid', [
      ...snapshot(one),
      ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
    ]);
    two.connectedNum = one.callerIdNum;
    two.connectedName = one.callerIdName;
    this.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(two));
    this.ev(EVENT_FLAG.call, 'LocalBridge', [
      ...snapshot(one, 'LocalOne'),
      ...snapshot(two, 'LocalTwo'),
      ['Context', context],
      ['Exten', exten],
      ['LocalOptimization', m[3] ? 'No' : 'Yes'],
    ]);
    this.newexten(two, steps[0]?.[0] ?? 'Answer', steps[0]?.[1] ?? '');
    this.newstate(two, STATE.up);
    this.ev(EVENT_FLAG.call, 'DialBegin', [
      ...snapshot(caller),
      ...snapshot(one, 'Dest'),
      ['DialString', data.slice('Local/'.length).split(',')[0] as string],
    ]);
    this.newstate(one, STATE.up);
    const device = `Local/${exten}@${context}`;
    this.setDevice(device, 'INUSE');
    this.setDevice(device, 'INUSE');
    one.exten = '';
    this.dialEnd(caller, one, 'ANSWER');
    const bridge = this.createBasicBridge();
    this.newexten(one, 'AppDial', '(Outgoing Line)');
    this.enterBridge(bridge, one);
    this.enterBridge(bridge, caller);
    const wait = steps.findIndex(([app]) => app !== 'Answer');
    if (wait >= 0) {
      two.priority = wait + 1;
      this.newexten(
        two,
        (steps[wait] as readonly [string, string])[0],
        (steps[wait] as readonly [string, string])[1],
      );
    }
    this.processedCalls++;
  }

  /** Originate of `PJSIP/<ext>`: rings the endpoint; on answer it runs the dialplan or application. */
  originatePjsip(req: OriginateRequest, onResponse: (lines: Lines) => void): boolean {
    const m = /^PJSIP\/(\d+)$/i.exec(req.channel);
    const endpoint = m ? ENDPOINTS.find((e) => e.id === m[1]) : undefined;
    const target = originateTarget(req);
    // manager.c's fast_originate(): a failed dial leaves no channel, so the response names the
    // requested one and has no Uniqueid. Reason is pbx.c's pbx_dial_reason() of the hangup cause.
    const fail = (reason = 0): boolean => {
      if (req.async) {
        this.ev(EVENT_FLAG.call, 'OriginateResponse', [
          ...(req.actionId ? [['ActionID', req.actionId] as const] : []),
          ['Response', 'Failure'],
          ['Channel', req.channel],
          ...target,
          ['Reason', String(reason)],
          // fast_originate(): S_OR(channelid, "<unknown>").
          ['Uniqueid', req.channelId || '<unknown>'],
          ['CallerIDNum', unknown(req.callerIdNum ?? '')],
          ['CallerIDName', unknown(req.callerIdName ?? '')],
        ]);
      }
      return false;
    };
    const device = endpoint ? this.deviceStates.get(`PJSIP/${endpoint.id}`) : undefined;
    // No such endpoint, or a phone that is not registered: chan_pjsip cannot make the channel.
    if (!endpoint || device === undefined || device === 'UNAVAILABLE' || device === 'INVALID') return fail(0);
    const c = this.newChan(`PJSIP/${endpoint.id}-${seqHex(this.pjsipSeq++)}`, {
      callerIdNum: req.callerIdNum ?? '',
      callerIdName: req.callerIdName ?? '',
      context: req.context ?? 'from-internal',
      exten: req.exten ?? 's',
      priority: req.priority ?? 1,
      endpoint,
      ...(req.channelId ? { uniqueid: req.channelId, linkedid: req.channelId } : {}),
    });
    if (req.variables) for (const [k, v] of req.variables) c.vars.set(k, v);
    this.newchannel(c);
    // dial.c begin_dial_channel() once ast_call() sent the INVITE: an Originate dials with no
    // calling channel, so only the Dest* side and the DialString (the resource after the tech).
    this.ev(EVENT_FLAG.call, 'DialBegin', [...snapshot(c, 'Dest'), ['DialString', endpoint.id]]);
    this.newstate(c, STATE.ringing);
    // Asterisk rings an endpoint that is already on a call (no device_state_busy_at): call waiting.
    const inUse = device !== 'NOT_INUSE' && device !== 'RINGING';
    this.setDevice(`PJSIP/${endpoint.id}`, inUse ? 'RINGINUSE' : 'RINGING');
    const answered = (): void => this.originateAnswered(c, req, onResponse);
    // A registered softphone really rings (electron/demo/sip); the office's own phones answer at once.
    const rung = this.phoneRinger?.(c, req.variables ?? [], answered, (cause, causeTxt, reason) => {
      if (!this.chans.includes(c)) return;
      // Asterisk 22.10.1 reports the failed Originate before the channel's Hangup (declined, no answer).
      fail(reason);
      this.removeChan(c, cause, causeTxt);
    });
    if (rung) return true;
    if (!inUse) {
      answered();
      return true;
    }
    // An office desk phone on a call hears the waiting call and its user, busy talking, declines
    // it: the simplest of what a real phone does (answering would mean holding the call in
    // progress; ringing out takes the Originate's 30 s). Phones send that decline as 486 Busy
    // Here, and Asterisk 22.10.1 reported the softphone's 486 so: HangupRequest 17, DialEnd BUSY,
    // OriginateResponse Failure with Reason 0, Hangup 'User busy'; the phone is back on its call.
    this.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(c), ['Cause', '17']]);
    this.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(c, 'Dest'), ['DialStatus', 'BUSY']]);
    fail(0);
    this.removeChan(c, 17, 'User busy');
    this.setDevice(`PJSIP/${endpoint.id}`, device);
    return false;
  }

  /** Rings a registered phone for an Originate; true when it took the call over (see originatePjsip). */
  phoneRinger:
    | ((
        c: Chan,
        variables: ReadonlyArray<readonly [string, string]>,
        answered: () => void,
        failed: (cause: number, causeTxt: string, reason: number) => void,
      ) => boolean)
    | null = null;

  /** The originated channel is answered: OriginateResponse Success, then its dialplan or application. */
  private originateAnswered(c: Chan, req: OriginateRequest, onResponse: (lines: Lines) => void): void {
    if (!this.chans.includes(c)) return;
    const endpoint = c.endpoint as Endpoint;
    const target = originateTarget(req);
    this.newstate(c, STATE.up);
    this.setDevice(`PJSIP/${endpoint.id}`, 'INUSE');
    // dial.c handle_frame() on the answer, before fast_originate() sends the response (05d-1).
    this.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(c, 'Dest'), ['DialStatus', 'ANSWER']]);
    onResponse([
      ...(req.actionId ? [['ActionID', req.actionId] as const] : []),
      ['Response', 'Success'],
      ['Channel', c.name],
      ...target,
      ['Reason', '4'],
      ['Uniqueid', c.uniqueid],
      ['CallerIDNum', unknown(req.callerIdNum ?? '')],
      ['CallerIDName', unknown(req.callerIdName ?? '')],
    ]);
    this.processedCalls++;
    if (req.application) {
      c.app = req.application;
      c.appData = req.data ?? '';
      this.ev(EVENT_FLAG.dialplan, 'Newexten', [
        ...snapshot(c),
        ['Extension', c.exten],
        ['Application', c.app],
        ['AppData', c.appData],
      ]);
      if (/^chanspy$/i.test(req.application)) this.startSpy(c, c.appData);
      // PickupChan takes the ringing call or, finding none, returns -1 and the channel hangs up.
      if (/^pickupchan$/i.test(req.application) && !pickupChan(this, c, c.appData)) this.farEndHangup(c);
    } else {
      this.runDialplan(c);
    }
  }

  /**
   * ChanSpy(<name prefix>,<options>): the first other channel whose name starts with the prefix is
   * listened to (27d: pass the full name); its bridge re-announces BRIDGEPEER as the audiohook comes.
   */
  startSpy(spyer: Chan, data: string): void {
    const prefix = data.split(',')[0] ?? '';
    if (!prefix) return;
    const spyee =
      this.chans.find((x) => x !== spyer && x.name === prefix) ??
      this.chans.find((x) => x !== spyer && x.name.startsWith(prefix));
    if (!spyee) return;
    spyer.spying = spyee;
    this.ev(EVENT_FLAG.call, 'ChanSpyStart', [...snapshot(spyer, 'Spyer'), ...snapshot(spyee, 'Spyee')]);
    if (spyee.bridge) this.bridgePeers(spyee.bridge);
  }

  /** The spyer goes: the audiohook leaves the spyee's bridge, then ChanSpyStop (27d). */
  private stopSpy(spyer: Chan): void {
    const spyee = spyer.spying;
    if (!spyee) return;
    delete spyer.spying;
    if (spyee.bridge) this.bridgePeers(spyee.bridge);
    this.ev(EVENT_FLAG.call, 'ChanSpyStop', [...snapshot(spyer, 'Spyer'), ...snapshot(spyee, 'Spyee')]);
  }

  setVar(c: Chan | null, name: string, value: string): void {
    if (c) c.vars.set(name, value);
    else this.globals.set(name, value);
    this.ev(EVENT_FLAG.dialplan, 'VarSet', [
      ...(c ? snapshot(c) : [['Channel', 'none'] as const, ['Uniqueid', 'none'] as const]),
      ['Variable', name],
      ['Value', value],
    ]);
  }

  /**
   * Writes a dialplan function as Setvar does (no VarSet: only variables announce themselves).
   * Only DEVICE_STATE(Custom:name) is known; false is func_devstate's refusal or an unknown function.
   */
  writeFunction(name: string, value: string): boolean {
    const presence = /^PRESENCE_STATE\((.*)\)$/i.exec(name);
    if (presence) return this.writePresence(presence[1] as string, value);
    const fn = /^DEVICE_STATE\((.*)\)$/i.exec(name);
    if (!fn) return false;
    const device = /^Custom:(.+)$/i.exec(fn[1] as string);
    const state = DEVICE_STATES.find((s) => s === value.toUpperCase());
    if (!device || !state || state === 'UNKNOWN') return false;
    const custom = `Custom:${device[1] as string}`;
    // func_devstate keeps custom states in the AstDB, family CustomDevstate (24c).
    this.switchboard.astdb.put('CustomDevstate', device[1] as string, state);
    // The cache only publishes a change: writing the state a device already has says nothing.
    if (this.deviceStates.get(custom) !== state) this.setDevice(custom, state);
    return true;
  }

  /**
   * Getvar: a variable, or one of the few dialplan functions the demo knows. Without a channel a
   * function reads a dummy one (ast_dummy_channel_alloc(): Down, nameless).
   */
  getVar(c: Chan | null, name: string): string {
    const fn = /^([A-Z_]+)\((.*)\)$/i.exec(name);
    if (fn) {
      const arg = (fn[2] as string).toLowerCase();
      switch ((fn[1] as string).toUpperCase()) {
        case 'CHANNEL':
          if (arg === 'state') return stateDesc(c?.state ?? STATE.down);
          if (arg === 'name') return c?.name ?? '';
          if (arg === 'linkedid') return c?.linkedid ?? '';
          if (arg === 'uniqueid') return c?.uniqueid ?? '';
          return '';
        case 'CALLERID':
          if (arg === 'num') return c?.callerIdNum ?? '';
          if (arg === 'name') return c?.callerIdName ?? '';
          return '';
        case 'DEVICE_STATE':
          return this.deviceState(fn[2] as string);
        case 'PRESENCE_STATE':
          return this.readPresence(fn[2] as string);
        default:
          return '';
      }
    }
    if (c) return c.vars.get(name) ?? this.globals.get(name) ?? '';
    return this.globals.get(name) ?? '';
  }

  /**
   * PRESENCE_STATE(CustomPresence:x)=state,subtype,message: each hint naming the provider gets a
   * PresenceStatus, then the provider's PresenceStateChange (their order flips in Asterisk: 25d).
   */
  writePresence(provider: string, value: string): boolean {
    const key = customProvider(provider);
    const p = parsePresence(value);
    if (!key || !p) return false;
    this.switchboard.presence.set(key, p);
    for (const hint of this.hints) {
      if (hint.presence?.toLowerCase() !== key.toLowerCase()) continue;
      this.ev(EVENT_FLAG.call, 'PresenceStatus', [
        ['Exten', hint.exten],
        ['Context', hint.context],
        ['Hint', hint.app],
        ['Status', p.state],
        ['Subtype', p.subtype],
        ['Message', p.message],
      ]);
    }
    this.ev(EVENT_FLAG.call, 'PresenceStateChange', [
      ['Presentity', key],
      ['Status', p.state],
      ['Subtype', p.subtype],
      ['Message', p.message],
    ]);
    return true;
  }

  /** Getvar PRESENCE_STATE(CustomPresence:x,value|subtype|message). */
  private readPresence(args: string): string {
    const [provider = '', field = 'value'] = args.split(',');
    const key = customProvider(provider);
    const p = key ? this.switchboard.presence.get(key) : undefined;
    if (field.toLowerCase() === 'subtype') return p?.subtype ?? '';
    if (field.toLowerCase() === 'message') return p?.message ?? '';
    return p?.state ?? 'not_set';
  }

  /** The other party of a two-party bridge; parked calls share a holding bridge but are not each other's peers. */
  peerOf(c: Chan): Chan | null {
    if (!c.bridge || c.bridge.type === 'parking') return null;
    return c.bridge.channels.find((o) => o !== c) ?? null;
  }

  leaveParking(c: Chan): Lines | null {
    return parking.leaveParking(this, c);
  }

  freeSpace(c: Chan): void {
    parking.freeSpace(this, c);
  }

  park(
    c: Chan,
    timeoutSeconds: number,
    timeoutChannel = '',
    lot: ParkingLot = PARKING_LOT,
    wantSpace?: number,
  ): number | null {
    return parking.park(this, c, timeoutSeconds, timeoutChannel, lot, wantSpace);
  }

  retrieve(parked: Chan, endpointId: string): boolean {
    return parking.retrieve(this, parked, endpointId);
  }

  parkedCallApp(c: Chan, lot: ParkingLot, space: number): void {
    parking.parkedCallApp(this, c, lot, space);
  }

  parkMusic(c: Chan, start: boolean): void {
    parking.parkMusic(this, c, start);
  }

  expireParking(): void {
    parking.expireParking(this);
  }

  /** Parked channels whose timeout is under way (office/parking.ts's parkTimeout). */
  readonly timingOut = new Set<Chan>();

  parked(): Chan[] {
    return parking.parked(this);
  }

  parkedCallLines(c: Chan): Lines {
    return parking.parkedCallLines(this, c);
  }

  atxfer(c: Chan, exten: string): void {
    transfers.atxfer(this, c, exten);
  }

  advanceTransfer(t: Transfer): void {
    transfers.advanceTransfer(this, t);
  }

  hangupInTransfer(t: Transfer, c: Chan, cause: number, causeTxt: string): void {
    transfers.hangupInTransfer(this, t, c, cause, causeTxt);
  }

  /** MixMonitor: the id is the `%p` of its datastore; `uidVariable` (option i()) receives it. */
  startMonitor(c: Chan, uidVariable = ''): string {
    const id = mixMonitorId(this.monitorSeq++);
    c.monitorId = id;
    if (uidVariable) this.setVar(c, uidVariable, id);
    this.ev(EVENT_FLAG.call, 'MixMonitorStart', snapshot(c));
    return id;
  }

  stopMonitor(c: Chan): boolean {
    if (!c.monitorId) return false;
    c.monitorId = null;
    this.ev(EVENT_FLAG.call, 'MixMonitorStop', snapshot(c));
    return true;
  }

  /** Load for benchmarks: one harmless event on a live channel. */
  noise(): void {
    const c = this.chans[Math.floor(this.random() * this.chans.length)];
    if (!c) {
      this.setVar(null, 'DEMO_TICK', String(this.uniqueSeq));
      return;
    }
    this.setVar(c, 'DEMO_TICK', String(Math.floor(this.random() * 1e6)));
  }

  /** Background traffic: each live call advances with probability `p`. */
  tick(p: number): void {
    for (const call of [...this.calls]) if (this.random() < p) this.advance(call);
    for (const t of [...this.transfers]) if (this.random() < p) this.advanceTransfer(t);
  }

  activeCalls(): number {
    const ids = new Set(this.chans.map((c) => c.linkedid));
    return ids.size;
  }

  durationSeconds(c: Chan): number {
    return Math.floor((this.now() - c.createdMs) / 1000);
  }

  uptimeSeconds(): number {
    return Math.floor((this.now() - this.startedMs) / 1000);
  }
}
