/**
 * An office call's life: a phone places it, Dial rings the callee (Newchannel, DialBegin,
 * Ringing), the callee answers into a basic bridge (DialEnd ANSWER), and step()/tick() walk each
 * call on: ringing, up, held, unheld, hung up.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Call, Chan, Endpoint, Phase } from './model';
import { STATE } from './model';
import { ENDPOINTS, EXTERNAL_CALLERS, FRONT_DESK } from './phones';
import { snapshot } from './snapshot';

/** A call placed on the office: from a phone or an outside number (picked when not named) to a front-desk phone. */
export function placeCall(
  office: Office,
  options: { from?: string; fromName?: string; to?: string } = {},
): string {
  const idle = FRONT_DESK.filter((e) => office.deviceStates.get(`PJSIP/${e.id}`) === 'NOT_INUSE');
  const pick = <T>(list: readonly T[]): T => list[Math.floor(office.random() * list.length)] as T;
  const to = options.to ?? pick(idle.length > 0 ? idle : FRONT_DESK).id;
  let from = options.from;
  let fromName = options.fromName;
  if (from === undefined) {
    const idleOthers = idle.filter((e) => e.id !== to);
    const others = idleOthers.length > 0 ? idleOthers : FRONT_DESK.filter((e) => e.id !== to);
    if (office.random() < 0.5) {
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
  const caller = office.newChan(office.pjsipName(trunk), {
    state: STATE.ring,
    callerIdNum: from,
    callerIdName: fromName,
    context: 'from-internal',
    exten: to,
    endpoint: fromEndpoint,
  });
  office.newchannel(caller);
  if (fromEndpoint) office.setDevice(`PJSIP/${fromEndpoint.id}`, 'INUSE');
  office.dial(caller, to);
  return caller.name;
}

/** app_dial's DialEnd for the caller's dial of `callee`. */
export function dialEnd(office: Office, caller: Chan, callee: Chan, status: string): void {
  office.ev(EVENT_FLAG.call, 'DialEnd', [
    ...snapshot(caller),
    ...snapshot(callee, 'Dest'),
    ['DialStatus', status],
  ]);
}

/** Two channels become one call the office steps through. */
export function pairCall(office: Office, caller: Chan, callee: Chan, phase: Phase): void {
  const call: Call = { caller, callee, phase };
  caller.call = call;
  callee.call = call;
  office.calls.push(call);
}

/**
 * The outgoing channel of `caller`'s Dial to an endpoint: created, linked by DialBegin, ringing.
 * `device` is the endpoint's state now: RINGINUSE when it rings while already on a call.
 */
export function ringEndpoint(office: Office, caller: Chan, endpoint: Endpoint, device = 'RINGING'): Chan {
  const to = endpoint.id;
  const callee = office.newChan(office.pjsipName(to), {
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
  office.newchannel(callee);
  office.ev(EVENT_FLAG.call, 'DialBegin', [
    ...snapshot(caller),
    ...snapshot(callee, 'Dest'),
    ['DialString', to],
  ]);
  office.newstate(callee, STATE.ringing);
  office.setDevice(`PJSIP/${to}`, device);
  return callee;
}

/** `caller` runs Dial(PJSIP/<to>): a new ringing channel and the DialBegin that links them. */
export function dial(office: Office, caller: Chan, to: string): void {
  const endpoint = ENDPOINTS.find((e) => e.id === to);
  office.newexten(caller, 'Dial', `PJSIP/${to},30`);
  if (!endpoint || office.deviceStates.get(`PJSIP/${to}`) !== 'NOT_INUSE') {
    // Nobody to ring: Dial ends at once and the caller hangs up.
    office.farEndHangup(caller);
    return;
  }
  const callee = office.ringEndpoint(caller, endpoint);
  office.newstate(caller, STATE.ringing);
  office.pairCall(caller, callee, 'ringing');
  office.processedCalls++;
}

/** A call one step on: ringing is answered, up is held, held is taken off hold, then the far end hangs up. */
export function advance(office: Office, call: Call): void {
  switch (call.phase) {
    case 'ringing':
      office.answerCall(call);
      break;
    case 'up':
      office.holdCall(call);
      break;
    case 'held':
      office.unholdCall(call);
      break;
    case 'unheld':
      office.farEndHangup(call.caller);
      break;
    case 'done':
      break;
  }
}

/**
 * app_dial once the leg it rang (or whoever took that leg's place) answered: DialEnd ANSWER, the
 * caller's connected line becomes the answerer and the caller goes Up, then one basic bridge takes
 * both. Shared by a phone picking up, a softphone answering and a pickup.
 */
export function dialAnswered(office: Office, caller: Chan, answerer: Chan): void {
  office.dialEnd(caller, answerer, 'ANSWER');
  caller.connectedNum = answerer.callerIdNum;
  caller.connectedName = answerer.callerIdName;
  office.newstate(caller, STATE.up);
  const bridge = office.createBasicBridge();
  office.enterBridge(bridge, caller);
  office.enterBridge(bridge, answerer);
}

/** The ringing phone is picked up: Dial answers and bridges the two. */
export function answerCall(office: Office, call: Call): void {
  if (call.phase !== 'ringing') return;
  const { caller, callee } = call;
  call.phase = 'up';
  office.newstate(callee, STATE.up);
  dialAnswered(office, caller, callee);
  if (callee.endpoint) office.setDevice(`PJSIP/${callee.endpoint.id}`, 'INUSE');
}
