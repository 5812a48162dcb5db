/**
 * The channels app_queue dials for a member (ring_entry()): a `Local/<exten>@<context>` pair whose
 * ;1 is the queue's outgoing channel and whose ;2 runs the member's dialplan. The event sequences
 * follow captures 20g (answered at once), 20j (rings until the queue gives up) and 20h (hung up
 * when the call ends). Members that are phones, or whose ;2 rings a phone, are phones.ts's.
 */
import type { Bridge, Chan, Office } from '../office';
import {
  callerToTwo,
  dialLocalPair,
  localBridge,
  localDevice,
  PRESENTATION,
  snapshot,
  STATE,
} from '../office';
import { EVENT_FLAG } from '../permissions';
import { localDeviceState } from '../conferences/local-app';
import type { MemberAnswer } from './agents';

/** One member being rung for one caller. */
export interface Leg {
  readonly iface: string;
  readonly memberName: string;
  /** The queue's outgoing channel: ;1 of the member's Local pair, or the member's phone's channel. */
  readonly one: Chan;
  /** The member's side of a Local pair, running its dialplan (;2); null for a phone. */
  readonly two: Chan | null;
  /** The phone a Local member's ;2 dialed (FreePBX's from-queue), once it rings. */
  phone: Chan | null;
  /** Where ;2 and that phone talk once it answered. */
  phoneBridge: Bridge | null;
  readonly plan: MemberAnswer;
  readonly startedMs: number;
  answered: boolean;
  /** A registered softphone rings (electron/demo/sip): only its user picks it up. */
  human: boolean;
}

/** A state change of a Local half: chan_local tells the device's state again (one event per change). */
export function localStateChanged(office: Office, c: Chan): void {
  const device = localDevice(c.name);
  office.setDevice(device, localDeviceState(office, device));
}

/**
 * ring_entry(): the Local pair is made and called. AgentCalled shows the outgoing channel as
 * app_queue has set it up (the caller's extension and connected line, 20g: `DestExten: 300`) while
 * DialBegin shows it as last published (its own extension, no connected line).
 */
export function dialMember(
  office: Office,
  caller: Chan,
  queue: string,
  member: { readonly iface: string; readonly name: string },
  target: { readonly exten: string; readonly context: string; readonly noOptimize: boolean },
  plan: MemberAnswer,
  nowMs: number,
): Leg {
  const { exten, context } = target;
  const { one, two } = dialLocalPair(office, exten, context, caller.linkedid);
  Object.assign(one, { callerIdNum: caller.callerIdNum, callerIdName: caller.callerIdName });
  office.newexten(one, 'AppQueue', '(Outgoing Line)');
  office.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(one), ...PRESENTATION]);
  const dialed = `${exten}@${context}`;
  office.setVar(one, 'DIALEDPEERNUMBER', dialed);
  office.setVar(two, 'DIALEDPEERNUMBER', dialed);
  // ;1 has the caller's caller ID already: it is ;2's connected line too.
  callerToTwo(office, one, two, caller);
  localBridge(office, one, two, { context, exten, optimize: !target.noOptimize });
  const prepared: Chan = {
    ...one,
    exten: caller.exten,
    connectedNum: caller.callerIdNum,
    connectedName: caller.callerIdName,
  };
  office.ev(EVENT_FLAG.agent, 'AgentCalled', [
    ...snapshot(caller),
    ...snapshot(prepared, 'Dest'),
    ['Queue', queue],
    ['Interface', member.iface],
    ['MemberName', member.name],
  ]);
  const leg: Leg = {
    iface: member.iface,
    memberName: member.name,
    one,
    two,
    plan,
    startedMs: nowMs,
    answered: false,
    human: false,
    phone: null,
    phoneBridge: null,
  };
  office.ev(EVENT_FLAG.call, 'DialBegin', [
    ...snapshot(caller),
    ...snapshot(one, 'Dest'),
    ['DialString', member.iface],
  ]);
  return leg;
}

/**
 * The member's ;2 runs its first application: Answer() brings both halves up (the queue then
 * connects: `true`), Ringing() makes ;1 ring and the queue hears RINGING (DialState).
 */
export function runMemberDialplan(office: Office, caller: Chan, leg: Leg): boolean {
  const { one, two, plan } = leg;
  if (plan.kind === 'phone' || !two) return false;
  const [first, then] = plan.steps;
  office.newexten(two, first?.[0] ?? 'Answer', first?.[1] ?? '');
  const answers = plan.kind === 'answer';
  if (answers) {
    office.newstate(two, STATE.up);
    localStateChanged(office, two);
    if (then) {
      two.priority = 2;
      office.newexten(two, then[0], then[1]);
    }
  }
  // ;1 now shows what app_queue set on it: the caller's extension and connected line.
  Object.assign(one, {
    exten: caller.exten,
    connectedNum: caller.callerIdNum,
    connectedName: caller.callerIdName,
  });
  office.newstate(one, answers ? STATE.up : STATE.ringing);
  localStateChanged(office, one);
  office.newexten(one, 'AppQueue', '(Outgoing Line)');
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(one));
  if (answers) {
    leg.answered = true;
    return true;
  }
  if (then) {
    two.priority = 2;
    office.newexten(two, then[0], then[1]);
  }
  office.ev(EVENT_FLAG.call, 'DialState', [
    ...snapshot(caller),
    ...snapshot(one, 'Dest'),
    ['DialStatus', 'RINGING'],
  ]);
  return false;
}

/** app_queue's DialEnd for one leg of the caller's attempt. */
export function dialEnd(office: Office, caller: Chan, leg: Leg, status: string): void {
  office.ev(EVENT_FLAG.call, 'DialEnd', [
    ...snapshot(caller),
    ...snapshot(leg.one, 'Dest'),
    ['DialStatus', status],
  ]);
}

/** ast_cause2str() for the causes a queue's channels hang up with. */
const CAUSE_TEXT: Readonly<Record<number, string>> = {
  0: 'Unknown',
  16: 'Normal Clearing',
  26: 'Answered elsewhere',
};

/** A channel goes with its Hangup event (cause 0 reads Unknown, 16 Normal Clearing). */
export function removeChannel(office: Office, c: Chan, cause: number): void {
  office.ev(EVENT_FLAG.call, 'Hangup', [
    ...snapshot(c),
    ['Cause', String(cause)],
    ['Cause-txt', CAUSE_TEXT[cause] ?? 'Normal Clearing'],
  ]);
  const i = office.chans.indexOf(c);
  if (i >= 0) office.chans.splice(i, 1);
}
