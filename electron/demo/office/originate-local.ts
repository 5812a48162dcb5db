/**
 * Originate of a Local channel (`Local/<exten>@<context>`), as captures 05c/05d (success), 05k
 * (failure), 23e (into a parking space) and 23f/27a (a Dial chain) show it, and Dial of a Local
 * channel by the originated ;1.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { ParkingLot } from '../switchboard/dialplan';
import { lotOfSpace } from '../switchboard/dialplan';
import type { Chan, Lines, OriginateRequest } from './model';
import { STATE } from './model';
import { DEMO_DIALPLAN, DIAL_VARIABLES } from './dialplan';
import { callerToTwo, dialLocalPair, localBridge, PRESENTATION } from './local-pair';
import { localDevice } from './names';
import { originateFailure, originateResponse } from './originate-response';
import { snapshot } from './snapshot';

/** Originate of `Local/<exten>@<context>`: the events of captures 05c/05d (success) and 05k (failure). */
export function originateLocal(
  office: Office,
  req: OriginateRequest,
  onResponse: (lines: Lines) => void,
): boolean {
  const m = /^Local\/([^@]+)@([^/]+)$/i.exec(req.channel);
  if (!m) return false;
  const lexten = m[1] as string;
  const lcontext = m[2] as string;
  const tag = `Local/${lexten}@${lcontext}-${office.nextUnrealSeq()}`;
  const init = { context: lcontext, exten: lexten };
  const id = req.channelId;
  const one = office.newChan(`${tag};1`, {
    ...init,
    state: STATE.down,
    ...(id ? { uniqueid: id, linkedid: id } : {}),
  });
  const two = office.newChan(`${tag};2`, {
    ...init,
    state: STATE.ring,
    linkedid: one.linkedid,
    ...(id ? { uniqueid: `${id};2` } : {}),
  });
  one.partner = two;
  two.partner = one;
  if (req.variables) for (const [k, v] of req.variables) one.vars.set(k, v);
  office.newchannel(one);
  office.newchannel(two);
  office.newexten(one, 'AppDial2', '(Outgoing Line)');
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
    office.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(one), ...pres]);
    Object.assign(one, { connectedNum: num, connectedName: name });
    office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(one));
    Object.assign(two, { callerIdNum: num, callerIdName: name, connectedNum: num, connectedName: name });
    office.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(two), ...pres]);
    office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(two));
  } else {
    Object.assign(one, { callerIdNum: num, callerIdName: name });
    Object.assign(two, { callerIdNum: num, callerIdName: name });
  }
  if (!exists) {
    for (const x of [two, one]) {
      office.ev(EVENT_FLAG.call, 'Hangup', [...snapshot(x), ['Cause', '0'], ['Cause-txt', 'Unknown']]);
      office.chans.splice(office.chans.indexOf(x), 1);
    }
    if (req.async) {
      office.ev(EVENT_FLAG.call, 'OriginateResponse', originateFailure(req, device, 0));
    }
    office.setDevice(device, 'INVALID');
    office.setDevice(device, 'INVALID');
    return false;
  }
  localBridge(office, one, two, { context: lcontext, exten: lexten, optimize: true });
  office.ev(EVENT_FLAG.call, 'DialBegin', [
    ...snapshot(one, 'Dest'),
    ['DialString', `${lexten}@${lcontext}`],
  ]);
  if (spot) return originateParkedCall(office, one, two, spot.lot, spot.space, req, onResponse);
  // ;2 runs the Local's own dialplan and answers; ;1 is then answered too.
  const steps = DEMO_DIALPLAN[lexten] as ReadonlyArray<readonly [string, string]>;
  if (steps[0]?.[0] === 'Set' && req.application)
    return originateDialChain(office, one, two, steps, req, onResponse);
  const localApp = office.localApps.get(steps[1]?.[0] ?? '');
  if (localApp && steps[0]?.[0] === 'Answer' && req.application) {
    one.app = req.application;
    one.appData = req.data ?? '';
    localApp({ one, two, data: steps[1]?.[1] ?? '', response: originateResponse(one, req), onResponse });
    office.processedCalls += 1;
    return true;
  }
  office.newexten(two, steps[0]?.[0] ?? 'Answer', steps[0]?.[1] ?? '');
  office.newstate(two, STATE.up);
  office.newstate(one, STATE.up);
  const response = originateResponse(one, req);
  if (req.application) {
    office.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
    one.app = req.application;
    one.appData = req.data ?? '';
    onResponse(response);
    office.setDevice(device, 'INUSE');
    office.setDevice(device, 'INUSE');
    if (/^dial$/i.test(req.application)) dialLocal(office, one, req.data ?? '');
    if (/^chanspy$/i.test(req.application)) office.startSpy(one, req.data ?? '');
  } else {
    office.setDevice(device, 'INUSE');
    office.setDevice(device, 'INUSE');
    office.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
    one.context = req.context ?? lcontext;
    one.exten = req.exten ?? lexten;
    const dp = one.context === 'demo' ? DEMO_DIALPLAN[one.exten] : undefined;
    // The answered ;1 goes straight to the first application that waits (capture 05d: Wait).
    const waitStep = dp ? dp.findIndex(([app]) => app !== 'Answer') : -1;
    if (dp && waitStep >= 0) {
      one.priority = waitStep + 1;
      office.newexten(
        one,
        (dp[waitStep] as readonly [string, string])[0],
        (dp[waitStep] as readonly [string, string])[1],
      );
    }
    onResponse(response);
  }
  two.priority = 2;
  office.newexten(two, steps[1]?.[0] ?? 'Wait', steps[1]?.[1] ?? '');
  // Every channel that starts a dialplan (pbx_run) is a processed call: ;2 always, ;1 unless it runs an app.
  office.processedCalls += req.application ? 1 : 2;
  return true;
}

/**
 * The originated ;2 runs Set, Set, Dial(Local/<callee>@demo,,tT) (extensions 400/410 of the
 * captures): app_dial clears its variables, dials the callee's Local pair (which takes the
 * caller's extension and caller ID), the callee answers, and caller and callee meet in a basic
 * bridge; the originate's ;1 is answered and runs its application (23f, 27a).
 */
export function originateDialChain(
  office: Office,
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
    office.newexten(two, app, data);
    // Set(FEATUREMAP(atxfer)=*2): the channel's own attended-transfer code (a function, no VarSet).
    const fm = /^(FEATUREMAP\(atxfer\))=(.*)$/.exec(data);
    if (app === 'Set' && fm) two.vars.set(fm[1] as string, fm[2] as string);
  }
  for (const v of DIAL_VARIABLES) office.setVar(two, v, '');
  const m = /^Local\/([^@]+)@([^,]+)/.exec((steps[dialStep] as readonly [string, string])[1]);
  const cexten = m?.[1] ?? '100';
  const ccontext = m?.[2] ?? 'demo';
  const callee = DEMO_DIALPLAN[cexten] as ReadonlyArray<readonly [string, string]>;
  const { one: c1, two: c2 } = dialLocalPair(office, cexten, ccontext, one.linkedid);
  const dialed = `${cexten}@${ccontext}`;
  office.setVar(c1, 'DIALEDPEERNUMBER', dialed);
  // app_dial gives the outgoing channel the caller's extension, its extension as the number
  // (the caller has none of its own), and the caller as connected line.
  Object.assign(c1, {
    exten: two.exten,
    callerIdNum: two.exten,
    callerIdName: two.callerIdName,
    connectedNum: two.callerIdNum,
    connectedName: two.callerIdName,
  });
  office.newexten(c1, 'AppDial', '(Outgoing Line)');
  office.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(c1), ...PRESENTATION]);
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(c1));
  office.setVar(c2, 'DIALEDPEERNUMBER', dialed);
  callerToTwo(office, c1, c2, two);
  localBridge(office, c1, c2, { context: ccontext, exten: cexten, optimize: true });
  office.ev(EVENT_FLAG.call, 'DialBegin', [
    ...snapshot(two),
    ...snapshot(c1, 'Dest'),
    ['DialString', dialed],
  ]);
  office.newexten(c2, callee[0]?.[0] ?? 'Answer', callee[0]?.[1] ?? '');
  office.newstate(c2, STATE.up);
  office.newstate(c1, STATE.up);
  two.vars.set('DIAL_ANSWERED_MS', String(office.now()));
  office.setVar(two, 'DIALSTATUS', 'ANSWER');
  office.setVar(two, 'DIALEDPEERNAME', c1.name);
  office.setVar(two, 'DIALEDPEERNUMBER', dialed);
  c1.exten = '';
  office.dialEnd(two, c1, 'ANSWER');
  office.newstate(two, STATE.up);
  office.newstate(one, STATE.up);
  office.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
  const bridge = office.createBasicBridge();
  const calleeDevice = `Local/${cexten}@${ccontext}`;
  office.setDevice(calleeDevice, 'INUSE');
  office.setDevice(calleeDevice, 'INUSE');
  const device = localDevice(one.name);
  office.setDevice(device, 'INUSE');
  office.setDevice(device, 'INUSE');
  office.newexten(c1, 'AppDial', '(Outgoing Line)');
  one.app = req.application ?? '';
  one.appData = req.data ?? '';
  office.enterBridge(bridge, c1);
  onResponse(originateResponse(one, req));
  office.enterBridge(bridge, two);
  office.bridgePeers(bridge);
  c2.priority = 2;
  office.newexten(c2, callee[1]?.[0] ?? 'Wait', callee[1]?.[1] ?? '');
  office.processedCalls += 3;
  return true;
}

/**
 * Originate of `Local/<space>@<lot context>` (23e): ;2 runs ParkedCall(<lot>,<space>) and answers;
 * when a call waits there it is unparked (UnParkedCall, Retriever = ;2) into a new bridge with ;2,
 * which takes its linked id; an empty space just answers.
 */
export function originateParkedCall(
  office: Office,
  one: Chan,
  two: Chan,
  lot: ParkingLot,
  space: number,
  req: OriginateRequest,
  onResponse: (lines: Lines) => void,
): boolean {
  const device = localDevice(one.name);
  office.newexten(two, 'ParkedCall', `${lot.name},${space}`);
  office.newstate(two, STATE.up);
  office.setDevice(device, 'INUSE');
  office.newstate(one, STATE.up);
  office.setDevice(device, 'INUSE');
  office.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
  one.app = req.application ?? '';
  one.appData = req.data ?? '';
  onResponse(originateResponse(one, req));
  office.processedCalls += 2;
  const parked = office.parked().find((c) => c.parking?.lot === lot.name && c.parking.space === space);
  if (!parked) return true;
  const bridge = office.createBasicBridge();
  const lines = office.parkedCallLines(parked);
  office.freeSpace(parked);
  office.ev(EVENT_FLAG.call, 'UnParkedCall', [
    ...lines.slice(0, 14),
    ...snapshot(two, 'Retriever'),
    ...lines.slice(14),
  ]);
  office.parkMusic(parked, false);
  office.leaveBridge(parked);
  office.enterBridge(bridge, parked);
  two.linkedid = parked.linkedid;
  office.enterBridge(bridge, two);
  office.bridgePeers(bridge);
  Object.assign(two, { connectedNum: parked.callerIdNum, connectedName: parked.callerIdName });
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(two));
  Object.assign(parked, { connectedNum: two.callerIdNum, connectedName: two.callerIdName });
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(parked));
  return true;
}

/**
 * `caller` runs Dial(Local/<exten>@demo[/n]), as in the originate of Application=Dial: the dialed
 * pair, the outgoing ;1 (AppDial, the caller's number as its caller ID, no extension once
 * answered) bridged with the caller, and ;2 running the extension. Other dial strings do nothing.
 */
export function dialLocal(office: Office, caller: Chan, data: string): void {
  const m = /^Local\/([^@/,]+)@([^/,]+)(\/n)?(?:,|$)/i.exec(data);
  if (!m) return;
  const exten = m[1] as string;
  const context = m[2] as string;
  const steps = context === 'demo' ? DEMO_DIALPLAN[exten] : undefined;
  if (!steps) return;
  const { one, two } = dialLocalPair(office, exten, context, caller.linkedid);
  // app_dial copies the caller's location and identity onto the outgoing channel.
  one.exten = caller.exten;
  one.callerIdNum = caller.callerIdNum || caller.exten;
  one.callerIdName = caller.callerIdName;
  office.newexten(one, 'AppDial', '(Outgoing Line)');
  office.ev(EVENT_FLAG.call, 'NewCallerid', [
    ...snapshot(one),
    ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
  ]);
  two.connectedNum = one.callerIdNum;
  two.connectedName = one.callerIdName;
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(two));
  localBridge(office, one, two, { context, exten, optimize: !m[3] });
  office.newexten(two, steps[0]?.[0] ?? 'Answer', steps[0]?.[1] ?? '');
  office.newstate(two, STATE.up);
  office.ev(EVENT_FLAG.call, 'DialBegin', [
    ...snapshot(caller),
    ...snapshot(one, 'Dest'),
    ['DialString', data.slice('Local/'.length).split(',')[0] as string],
  ]);
  office.newstate(one, STATE.up);
  const device = `Local/${exten}@${context}`;
  office.setDevice(device, 'INUSE');
  office.setDevice(device, 'INUSE');
  one.exten = '';
  office.dialEnd(caller, one, 'ANSWER');
  const bridge = office.createBasicBridge();
  office.newexten(one, 'AppDial', '(Outgoing Line)');
  office.enterBridge(bridge, one);
  office.enterBridge(bridge, caller);
  const wait = steps.findIndex(([app]) => app !== 'Answer');
  if (wait >= 0) {
    two.priority = wait + 1;
    office.newexten(
      two,
      (steps[wait] as readonly [string, string])[0],
      (steps[wait] as readonly [string, string])[1],
    );
  }
  office.processedCalls++;
}
