/**
 * The Local pair a dialing application calls (app_dial's Dial(Local/...), app_queue's
 * ring_entry(), an attended transfer's consultation): chan_local's two halves and the LocalBridge
 * that tells they are one pair, as captures 20g, 23f and 27f show them.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Chan, Lines } from './model';
import { STATE } from './model';
import { snapshot } from './snapshot';

/** NewCallerid's presentation line for the caller IDs the dialing applications set. */
export const PRESENTATION: Lines = [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']];

/** `Local/<exten>@<context>-<seq>;1` down and `;2` ringing, in the dialing call's linked id, both announced. */
export function dialLocalPair(
  office: Office,
  exten: string,
  context: string,
  linkedid: string,
): { readonly one: Chan; readonly two: Chan } {
  const tag = `Local/${exten}@${context}-${office.nextUnrealSeq()}`;
  const init = { context, exten, linkedid };
  const one = office.newChan(`${tag};1`, { ...init, state: STATE.down });
  const two = office.newChan(`${tag};2`, { ...init, state: STATE.ring });
  one.partner = two;
  two.partner = one;
  office.newchannel(one);
  office.newchannel(two);
  return { one, two };
}

/** LocalBridge: the halves are one pair running <exten>@<context>; `/n` in the dial string stops optimization. */
export function localBridge(
  office: Office,
  one: Chan,
  two: Chan,
  target: { readonly context: string; readonly exten: string; readonly optimize: boolean },
): void {
  office.ev(EVENT_FLAG.call, 'LocalBridge', [
    ...snapshot(one, 'LocalOne'),
    ...snapshot(two, 'LocalTwo'),
    ['Context', target.context],
    ['Exten', target.exten],
    ['LocalOptimization', target.optimize ? 'Yes' : 'No'],
  ]);
}

/**
 * ;2 runs the dialplan as the dialing caller: the caller's caller ID, and ;1's caller ID as its
 * connected line (NewCallerid, then NewConnectedLine).
 */
export function callerToTwo(office: Office, one: Chan, two: Chan, caller: Chan): void {
  Object.assign(two, {
    callerIdNum: caller.callerIdNum,
    callerIdName: caller.callerIdName,
    connectedNum: one.callerIdNum,
    connectedName: one.callerIdName,
  });
  office.ev(EVENT_FLAG.call, 'NewCallerid', [...snapshot(two), ...PRESENTATION]);
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(two));
}
