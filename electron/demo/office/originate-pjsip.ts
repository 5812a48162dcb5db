/**
 * Originate of a PJSIP phone (`PJSIP/<ext>`): the phone rings (a registered softphone for real,
 * through Office.phoneRinger), and once answered the channel runs its dialplan or application.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import { pickupChan } from '../switchboard/pickup';
import type { Chan, Endpoint, Lines, OriginateRequest } from './model';
import { STATE } from './model';
import { ENDPOINTS } from './phones';
import { originateFailure, originateResponse } from './originate-response';
import { snapshot } from './snapshot';

/** Originate of `PJSIP/<ext>`: rings the endpoint; on answer it runs the dialplan or application. */
export function originatePjsip(
  office: Office,
  req: OriginateRequest,
  onResponse: (lines: Lines) => void,
): boolean {
  const m = /^PJSIP\/(\d+)$/i.exec(req.channel);
  const endpoint = m ? ENDPOINTS.find((e) => e.id === m[1]) : undefined;
  // manager.c's fast_originate(): a failed dial leaves no channel, so the response names the
  // requested one and has no Uniqueid. Reason is pbx.c's pbx_dial_reason() of the hangup cause.
  const fail = (reason = 0): boolean => {
    if (req.async) {
      office.ev(EVENT_FLAG.call, 'OriginateResponse', originateFailure(req, req.channel, reason));
    }
    return false;
  };
  const device = endpoint ? office.deviceStates.get(`PJSIP/${endpoint.id}`) : undefined;
  // No such endpoint, or a phone that is not registered: chan_pjsip cannot make the channel.
  if (!endpoint || device === undefined || device === 'UNAVAILABLE' || device === 'INVALID') return fail(0);
  const c = office.newChan(office.pjsipName(endpoint.id), {
    callerIdNum: req.callerIdNum ?? '',
    callerIdName: req.callerIdName ?? '',
    context: req.context ?? 'from-internal',
    exten: req.exten ?? 's',
    priority: req.priority ?? 1,
    endpoint,
    ...(req.channelId ? { uniqueid: req.channelId, linkedid: req.channelId } : {}),
  });
  if (req.variables) for (const [k, v] of req.variables) c.vars.set(k, v);
  office.newchannel(c);
  // dial.c begin_dial_channel() once ast_call() sent the INVITE: an Originate dials with no
  // calling channel, so only the Dest* side and the DialString (the resource after the tech).
  office.ev(EVENT_FLAG.call, 'DialBegin', [...snapshot(c, 'Dest'), ['DialString', endpoint.id]]);
  office.newstate(c, STATE.ringing);
  // Asterisk rings an endpoint that is already on a call (no device_state_busy_at): call waiting.
  const inUse = device !== 'NOT_INUSE' && device !== 'RINGING';
  office.setDevice(`PJSIP/${endpoint.id}`, inUse ? 'RINGINUSE' : 'RINGING');
  const answered = (): void => originateAnswered(office, c, req, onResponse);
  // A registered softphone really rings (electron/demo/sip); the office's own phones answer at once.
  const rung = office.phoneRinger?.(c, req.variables ?? [], answered, (cause, causeTxt, reason) => {
    if (!office.chans.includes(c)) return;
    // Asterisk 22.10.1 reports the failed Originate before the channel's Hangup (declined, no answer).
    fail(reason);
    office.removeChan(c, cause, causeTxt);
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
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(c), ['Cause', '17']]);
  office.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(c, 'Dest'), ['DialStatus', 'BUSY']]);
  fail(0);
  office.removeChan(c, 17, 'User busy');
  office.setDevice(`PJSIP/${endpoint.id}`, device);
  return false;
}

/** The originated channel is answered: OriginateResponse Success, then its dialplan or application. */
export function originateAnswered(
  office: Office,
  c: Chan,
  req: OriginateRequest,
  onResponse: (lines: Lines) => void,
): void {
  if (!office.chans.includes(c)) return;
  const endpoint = c.endpoint as Endpoint;
  office.newstate(c, STATE.up);
  office.setDevice(`PJSIP/${endpoint.id}`, 'INUSE');
  // dial.c handle_frame() on the answer, before fast_originate() sends the response (05d-1).
  office.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(c, 'Dest'), ['DialStatus', 'ANSWER']]);
  onResponse(originateResponse(c, req));
  office.processedCalls++;
  if (req.application) {
    c.app = req.application;
    c.appData = req.data ?? '';
    office.ev(EVENT_FLAG.dialplan, 'Newexten', [
      ...snapshot(c),
      ['Extension', c.exten],
      ['Application', c.app],
      ['AppData', c.appData],
    ]);
    if (/^chanspy$/i.test(req.application)) office.startSpy(c, c.appData);
    // PickupChan takes the ringing call or, finding none, returns -1 and the channel hangs up.
    if (/^pickupchan$/i.test(req.application) && !pickupChan(office, c, c.appData)) office.farEndHangup(c);
  } else {
    office.runDialplan(c);
  }
}
