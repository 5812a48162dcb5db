/**
 * The Local pair a dialing application calls (app_dial's Dial(Local/...), app_queue's
 * ring_entry(), an attended transfer's consultation): chan_local's two halves and the LocalBridge
 * that tells they are one pair, as captures 20g, 23f and 27f show them.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Chan } from './model';
import { STATE } from './model';
import { snapshot } from './snapshot';

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
