/**
 * Hold in an office call: the caller's phone holds (Hold, ONHOLD lamp) and the callee hears music
 * (MusicOnHoldStart), then the reverse.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Call } from './model';
import { snapshot } from './snapshot';

/** The caller's phone puts the call on hold: the callee hears music. */
export function holdCall(office: Office, call: Call): void {
  if (call.phase !== 'up' && call.phase !== 'unheld') return;
  const { caller, callee } = call;
  call.phase = 'held';
  caller.held = true;
  office.ev(EVENT_FLAG.call, 'Hold', [...snapshot(caller), ['MusicClass', 'default']]);
  office.ev(EVENT_FLAG.call, 'MusicOnHoldStart', [...snapshot(callee), ['Class', 'default']]);
  if (caller.endpoint) office.setDevice(`PJSIP/${caller.endpoint.id}`, 'ONHOLD');
}

/** The caller takes the call off hold: the music stops, the lamp is in use again. */
export function unholdCall(office: Office, call: Call): void {
  if (call.phase !== 'held') return;
  const { caller, callee } = call;
  call.phase = 'unheld';
  caller.held = false;
  office.ev(EVENT_FLAG.call, 'Unhold', snapshot(caller));
  office.ev(EVENT_FLAG.call, 'MusicOnHoldStop', snapshot(callee));
  if (caller.endpoint) office.setDevice(`PJSIP/${caller.endpoint.id}`, 'INUSE');
}
