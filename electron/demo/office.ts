/**
 * The simulated office behind the demo PBX: PJSIP endpoints, calls between them, and Local
 * channels from Originate, emitting the AMI events Asterisk emits for each transition (the Local
 * originate sequences are copied from the captures in shared/asterisk-wire, 05c/05d/05f/05k/06o).
 * Seeded and deterministic: the same seed and the same calls give the same names and the same order.
 *
 * This file is the composition: the office's state, the channel events every part emits, and one
 * method per operation, delegating to the module that does it (office/*.ts). The modules call
 * each other through these methods, so a part replaced on an instance (a test's redirect) is the
 * one every caller reaches.
 */
import type { DemoChannel, DemoOffice } from './api';
import { EVENT_FLAG } from './permissions';
import { rng } from './rng';
import type { DeviceState } from './switchboard/devstate';
import type { Hint, ParkingLot } from './switchboard/dialplan';
import { SwitchboardState } from './switchboard/state';
import * as audiohooks from './office/audiohooks';
import { blankChan } from './office/blank-chan';
import * as bridges from './office/bridges';
import { HINTS } from './office/dialplan';
import * as dialing from './office/dialing';
import * as dialplanRun from './office/dialplan-run';
import * as devices from './office/devices';
import * as hangups from './office/hangups';
import * as hold from './office/hold';
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
import { bridgeUuid, mixMonitorId, seqHex, uniqueid } from './office/names';
import * as localOriginate from './office/originate-local';
import * as pjsipOriginate from './office/originate-pjsip';
import * as parking from './office/parking';
import { PARKING_LOT } from './office/parking';
import { ENDPOINTS } from './office/phones';
import { snapshot, stateDesc } from './office/snapshot';
import * as transfers from './office/transfers';
import * as variables from './office/variables';

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
export type { Hint } from './switchboard/dialplan';
export { STATE } from './office/model';
export { bridgeSnapshot, snapshot, stateDesc } from './office/snapshot';
export {
  DEMO_DIALPLAN,
  extensionExists,
  FROM_INTERNAL_DIALPLAN,
  HINT_CONTEXT,
  HINTS,
} from './office/dialplan';
export { ENDPOINTS, EXTERNAL_CALLERS, TRAFFIC_PHONES } from './office/phones';
export { localDevice, parkerDialString, SYSTEM_NAME } from './office/names';
export { callerToTwo, dialLocalPair, localBridge, PRESENTATION } from './office/local-pair';
export { blankChan } from './office/blank-chan';
export { extensionStatusOf } from './office/devices';
export { PARKING_LOT } from './office/parking';

export class Office implements DemoOffice {
  // ---- state ----

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
  /** Local attended transfers in consultation: the transferer's original bridge, peer and target. */
  readonly localTransfers = new Map<
    Chan,
    { orig: Bridge; consult: Bridge; transferee: Chan; target: Chan }
  >();
  /** Parked channels whose timeout is under way (office/parking.ts's parkTimeout). */
  readonly timingOut = new Set<Chan>();
  readonly random: () => number;
  readonly now: () => number;
  private uniqueSeq = 0;
  private pjsipSeq = 0;
  private localSeq = 0;
  private bridgeSeq = 0;
  private monitorSeq = 0;
  processedCalls = 0;
  /** Events the office has told so far (the traffic's way to notice a quiet spell). */
  eventsEmitted = 0;
  readonly startedMs: number;

  // ---- what other parts of the demo plug in ----

  /** Applications other modules run for an originated Local pair (see LocalApp), by name. */
  readonly localApps = new Map<string, LocalApp>();
  /** Applications other modules run when a channel's dialplan gets to them (their Newexten is theirs). */
  readonly dialplanApps = new Map<string, (c: Chan, data: string) => void>();
  /** Features that follow device states (queue members' state interfaces: electron/demo/queues). */
  readonly deviceWatchers: Array<(device: string, state: string) => void> = [];
  /** Hears every channel that goes (electron/demo/sip hangs up the softphone's leg when the board's goes). */
  onChannelRemoved: ((c: Chan) => void) | null = null;
  /** Rings a registered phone for an Originate; true when it took the call over (see originatePjsip). */
  phoneRinger:
    | ((
        c: Chan,
        variables: ReadonlyArray<readonly [string, string]>,
        answered: () => void,
        failed: (cause: number, causeTxt: string, reason: number) => void,
      ) => boolean)
    | null = null;

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
    return dialing.placeCall(this, options);
  }

  step(): void {
    for (const call of [...this.calls]) this.advance(call);
    this.stepTransfers();
  }

  /** Each attended transfer one step on: the target answers, then the transferer hangs up. */
  stepTransfers(): void {
    for (const t of [...this.transfers]) this.advanceTransfer(t);
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

  // ---- names (office/names.ts) ----

  /** The next `-XXXXXXXX` of an unreal channel: Local pairs and ConfBridge's CBAnn share one sequence. */
  nextUnrealSeq(): string {
    return seqHex(this.localSeq++);
  }

  /** The next `PJSIP/<endpoint>-XXXXXXXX` name (the softphone's calls, electron/demo/sip, take theirs here too). */
  pjsipName(endpointId: string): string {
    return `PJSIP/${endpointId}-${seqHex(this.pjsipSeq++)}`;
  }

  /** The next MixMonitor's id. */
  nextMonitorId(): string {
    return mixMonitorId(this.monitorSeq++);
  }

  /** The next bridge's id (a bridge made by another module takes its id here too). */
  bridgeId(): string {
    return bridgeUuid(this.opts.seed, this.bridgeSeq++);
  }

  // ---- channels and the events every part emits ----

  newChan(name: string, init: Partial<Chan>): Chan {
    const id = uniqueid(this.now(), this.uniqueSeq++);
    const c: Chan = { ...blankChan(name, id, this.now()), ...init };
    this.chans.push(c);
    return c;
  }

  find(name: string): Chan | undefined {
    return (
      this.chans.find((c) => c.name === name) ??
      this.chans.find((c) => c.name.toLowerCase() === name.toLowerCase())
    );
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

  // ---- device and hint state (office/devices.ts) ----

  hintState(hint: Hint): DeviceState {
    return devices.hintState(this, hint);
  }

  deviceState(device: string): string {
    return devices.deviceState(this, device);
  }

  setDevice(device: string, state: string): void {
    devices.setDevice(this, device, state);
  }

  // ---- office calls (office/dialing.ts, office/hold.ts) ----

  /** The office's two-party calls in progress, oldest first. */
  officeCalls(): readonly Call[] {
    return this.calls;
  }

  dialEnd(caller: Chan, callee: Chan, status: string): void {
    dialing.dialEnd(this, caller, callee, status);
  }

  pairCall(caller: Chan, callee: Chan, phase: Phase): void {
    dialing.pairCall(this, caller, callee, phase);
  }

  ringEndpoint(caller: Chan, endpoint: Endpoint, device = 'RINGING'): Chan {
    return dialing.ringEndpoint(this, caller, endpoint, device);
  }

  dial(caller: Chan, to: string): void {
    dialing.dial(this, caller, to);
  }

  advance(call: Call): void {
    dialing.advance(this, call);
  }

  answerCall(call: Call): void {
    dialing.answerCall(this, call);
  }

  dialAnswered(caller: Chan, answerer: Chan): void {
    dialing.dialAnswered(this, caller, answerer);
  }

  holdCall(call: Call): void {
    hold.holdCall(this, call);
  }

  unholdCall(call: Call): void {
    hold.unholdCall(this, call);
  }

  // ---- bridges (office/bridges.ts) ----

  createBasicBridge(): Bridge {
    return bridges.createBasicBridge(this);
  }

  enterBridge(bridge: Bridge, c: Chan): void {
    bridges.enterBridge(this, bridge, c);
  }

  leaveBridge(c: Chan): void {
    bridges.leaveBridge(this, c);
  }

  bridgePeers(bridge: Bridge): void {
    bridges.bridgePeers(this, bridge);
  }

  peerOf(c: Chan): Chan | null {
    return bridges.peerOf(c);
  }

  // ---- the dialplan (office/dialplan-run.ts) ----

  redirect(c: Chan, context: string, exten: string, priority: number): void {
    dialplanRun.redirect(this, c, context, exten, priority);
  }

  runDialplan(c: Chan): void {
    dialplanRun.runDialplan(this, c);
  }

  // ---- Originate (office/originate-local.ts, office/originate-pjsip.ts) ----

  originateLocal(req: OriginateRequest, onResponse: (lines: Lines) => void): boolean {
    return localOriginate.originateLocal(this, req, onResponse);
  }

  originatePjsip(req: OriginateRequest, onResponse: (lines: Lines) => void): boolean {
    return pjsipOriginate.originatePjsip(this, req, onResponse);
  }

  // ---- hangups (office/hangups.ts) ----

  hangup(c: Chan, cause = 16): void {
    hangups.hangup(this, c, cause);
  }

  farEndHangup(c: Chan): void {
    hangups.farEndHangup(this, c);
  }

  removeChan(c: Chan, cause: number, causeTxt: string): void {
    hangups.removeChan(this, c, cause, causeTxt);
  }

  hangupChan(c: Chan, cause: number, causeTxt: string, requested: boolean): void {
    hangups.hangupChan(this, c, cause, causeTxt, requested);
  }

  cancelDial(call: Call, cause: number, causeTxt: string): void {
    hangups.cancelDial(this, call, cause, causeTxt);
  }

  hangupLocal(c: Chan, cause: number): void {
    hangups.hangupLocal(this, c, cause);
  }

  endLocalPair(c: Chan): void {
    hangups.endLocalPair(this, c);
  }

  clearLocalPair(c: Chan, other: Chan): void {
    hangups.clearLocalPair(this, c, other);
  }

  dialCallerEnds(c: Chan): void {
    hangups.dialCallerEnds(this, c);
  }

  // ---- transfers (office/transfers.ts) ----

  blindTransfer(c: Chan, context: string, exten: string): boolean {
    return transfers.blindTransfer(this, c, context, exten);
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

  atxferDialCaller(c: Chan, context: string, exten: string): void {
    transfers.atxferDialCaller(this, c, context, exten);
  }

  completeAtxfer(c: Chan): void {
    transfers.completeAtxfer(this, c);
  }

  // ---- parking (office/parking.ts) ----

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

  parked(): Chan[] {
    return parking.parked(this);
  }

  parkedCallLines(c: Chan): Lines {
    return parking.parkedCallLines(this, c);
  }

  leaveParking(c: Chan): Lines | null {
    return parking.leaveParking(this, c);
  }

  freeSpace(c: Chan): void {
    parking.freeSpace(this, c);
  }

  // ---- ChanSpy and MixMonitor (office/audiohooks.ts) ----

  startSpy(spyer: Chan, data: string): void {
    audiohooks.startSpy(this, spyer, data);
  }

  stopSpy(spyer: Chan): void {
    audiohooks.stopSpy(this, spyer);
  }

  startMonitor(c: Chan, uidVariable = ''): string {
    return audiohooks.startMonitor(this, c, uidVariable);
  }

  stopMonitor(c: Chan): boolean {
    return audiohooks.stopMonitor(this, c);
  }

  // ---- variables and dialplan functions (office/variables.ts) ----

  setVar(c: Chan | null, name: string, value: string): void {
    variables.setVar(this, c, name, value);
  }

  getVar(c: Chan | null, name: string): string {
    return variables.getVar(this, c, name);
  }

  writeFunction(name: string, value: string): boolean {
    return variables.writeFunction(this, name, value);
  }

  writePresence(provider: string, value: string): boolean {
    return variables.writePresence(this, provider, value);
  }
}
