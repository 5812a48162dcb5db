/**
 * Queue members that are the office's phones: a `PJSIP/<id>` member is rung directly (the phone's
 * channel is app_queue's outgoing one); a FreePBX `Local/<id>@from-queue/n` member is a Local pair
 * whose ;2 dials the phone. The phone rings until someone picks it up (the office's life answers
 * it); its device state follows (RINGING, INUSE), so members' Status follows it too. No capture
 * has these members: the sequences are those of the Local members (legs.ts) and of app_dial's
 * calls in the office, put together.
 */
import type { Chan, Endpoint, Office } from '../office';
import { PRESENTATION, snapshot, STATE } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Leg } from './legs';
import { localStateChanged } from './legs';

/** ring_entry() of a `PJSIP/<id>` member: the phone's channel, announced, called and ringing. */
export function dialPhoneMember(
  office: Office,
  caller: Chan,
  queue: string,
  member: { readonly iface: string; readonly name: string },
  endpoint: Endpoint,
  nowMs: number,
): Leg {
  const one = office.newChan(office.pjsipName(endpoint.id), {
    context: 'from-internal',
    exten: endpoint.id,
    linkedid: caller.linkedid,
    endpoint,
  });
  office.newchannel(one);
  Object.assign(one, { callerIdNum: caller.callerIdNum, callerIdName: caller.callerIdName });
  office.newexten(one, 'AppQueue', '(Outgoing Line)');
  office.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(one), ...PRESENTATION]);
  Object.assign(one, { connectedNum: caller.callerIdNum, connectedName: caller.callerIdName });
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(one));
  office.ev(EVENT_FLAG.agent, 'AgentCalled', [
    ...snapshot(caller),
    ...snapshot(one, 'Dest'),
    ['Queue', queue],
    ['Interface', member.iface],
    ['MemberName', member.name],
  ]);
  office.ev(EVENT_FLAG.call, 'DialBegin', [
    ...snapshot(caller),
    ...snapshot(one, 'Dest'),
    ['DialString', endpoint.id],
  ]);
  // ring_entry() gave the channel the caller's extension (what ;1 of a Local member shows, 20g).
  one.exten = caller.exten;
  office.newstate(one, STATE.ringing);
  office.setDevice(`PJSIP/${endpoint.id}`, 'RINGING');
  office.ev(EVENT_FLAG.call, 'DialState', [
    ...snapshot(caller),
    ...snapshot(one, 'Dest'),
    ['DialStatus', 'RINGING'],
  ]);
  return {
    iface: member.iface,
    memberName: member.name,
    one,
    two: null,
    phone: one,
    phoneBridge: null,
    plan: { kind: 'phone', endpoint: endpoint.id },
    startedMs: nowMs,
    answered: false,
    human: false,
  };
}

/**
 * A FreePBX member's ;2 runs Dial(PJSIP/<id>): the phone rings, ;1 rings for the queue (DialState
 * RINGING to the caller).
 */
export function ringPhoneOfLocal(office: Office, caller: Chan, leg: Leg, endpoint: Endpoint): void {
  const { one, two } = leg;
  if (!two) return;
  office.newexten(two, 'Dial', `PJSIP/${endpoint.id},,Ttr`);
  leg.phone = office.ringEndpoint(two, endpoint);
  Object.assign(one, {
    exten: caller.exten,
    connectedNum: caller.callerIdNum,
    connectedName: caller.callerIdName,
  });
  office.newstate(one, STATE.ringing);
  localStateChanged(office, one);
  office.newexten(one, 'AppQueue', '(Outgoing Line)');
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(one));
  office.ev(EVENT_FLAG.call, 'DialState', [
    ...snapshot(caller),
    ...snapshot(one, 'Dest'),
    ['DialStatus', 'RINGING'],
  ]);
}

/** The member picks the phone up: the phone's channel answers (and ;2's Dial bridges it with the phone). */
export function answerPhone(office: Office, leg: Leg): void {
  const { one, two, phone } = leg;
  if (!phone) return;
  office.newstate(phone, STATE.up);
  if (two) {
    office.dialEnd(two, phone, 'ANSWER');
    office.newstate(two, STATE.up);
    localStateChanged(office, two);
    const bridge = office.createBasicBridge();
    office.enterBridge(bridge, two);
    office.enterBridge(bridge, phone);
    office.bridgePeers(bridge);
    leg.phoneBridge = bridge;
    office.newstate(one, STATE.up);
    localStateChanged(office, one);
  }
  if (phone.endpoint) office.setDevice(`PJSIP/${phone.endpoint.id}`, 'INUSE');
}

/**
 * The phone's side goes when its leg ends: a ringing phone is cancelled by ;2's Dial (or by
 * app_queue itself for a PJSIP member), an answered one leaves ;2's bridge; either way it hangs
 * up Normal Clearing and its device is free again.
 */
export function hangupPhone(office: Office, leg: Leg): void {
  const { two, phone } = leg;
  if (!phone || !office.chans.includes(phone)) return;
  if (two && phone.state !== STATE.up) office.dialEnd(two, phone, 'CANCEL');
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(phone), ['Cause', '16']]);
  office.leaveBridge(phone);
  office.removeChan(phone, 16, 'Normal Clearing');
}
