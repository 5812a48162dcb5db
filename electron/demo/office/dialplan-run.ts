/**
 * A channel running the dialplan: from its context, extension and priority until an application
 * that waits (Newexten per step), another module's application (Office.dialplanApps), a parking
 * space, or a phone to Dial; and Redirect, which sends a channel there from wherever it was.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import { lotOfSpace } from '../switchboard/dialplan';
import type { Chan } from './model';
import { STATE } from './model';
import { dialplanOf } from './dialplan';
import { ENDPOINTS } from './phones';
import { snapshot } from './snapshot';

/** Redirect action: the channel continues in the dialplan at context/exten/priority. */
export function redirect(office: Office, c: Chan, context: string, exten: string, priority: number): void {
  c.running?.leave(c);
  const peer = office.peerOf(c);
  if (c.call) {
    const call = c.call;
    const dialing = call.phase === 'ringing' && call.caller === c;
    call.phase = 'done';
    office.calls.splice(office.calls.indexOf(call), 1);
    c.call = null;
    if (peer) peer.call = null;
    // The redirect pulls the caller out of its Dial: the phone it rang stops ringing.
    if (dialing) office.cancelDial(call, 16, 'Normal Clearing');
  }
  if (c.bridge) office.leaveBridge(c);
  // Redirected out of the lot: it no longer holds its space.
  office.freeSpace(c);
  c.context = context;
  c.exten = exten;
  c.priority = priority;
  office.runDialplan(c);
  if (peer && office.chans.includes(peer) && peer.endpoint) {
    office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(peer), ['Cause', '16']]);
    office.leaveBridge(peer);
    office.removeChan(peer, 16, 'Normal Clearing');
  }
}

/** Runs the channel's dialplan from its current priority until an application that waits. */
export function runDialplan(office: Office, c: Chan): void {
  const spot = lotOfSpace(c.context, c.exten);
  if (spot) {
    office.parkedCallApp(c, spot.lot, spot.space);
    return;
  }
  const steps = dialplanOf(c.context, c.exten);
  if (c.context === 'demo' || steps) {
    if (!steps) {
      office.hangup(c, 16);
      return;
    }
    for (let p = c.priority; p <= steps.length; p++) {
      const [app, data] = steps[p - 1] as readonly [string, string];
      c.priority = p;
      const run = office.dialplanApps.get(app);
      if (run) {
        run(c, data);
        return;
      }
      office.newexten(c, app, data);
      if (app === 'Answer' && c.state !== STATE.up) office.newstate(c, STATE.up);
      if (app !== 'Answer') return;
    }
    return;
  }
  if (ENDPOINTS.some((e) => e.id === c.exten)) {
    c.connectedNum = '';
    c.connectedName = '';
    office.dial(c, c.exten);
    return;
  }
  office.hangup(c, 16);
}
