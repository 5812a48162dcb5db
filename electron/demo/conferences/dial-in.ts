/**
 * A phone of the living office calls its meeting room: a PJSIP channel of that phone dials the
 * room's extension in from-internal, answers (Answer()) and runs ConfBridge(<room>), entering the
 * bridge in the same step; the phone is in use while it is there. The events are those of a channel
 * running ConfBridge() in the captures (confbridge-app.ts).
 */
import type { Chan, Endpoint, Office } from '../office';
import { ENDPOINTS, STATE } from '../office';
import { OPERATOR_ENDPOINT } from '../traffic';
import type { ConfBridgeApp, UserProfile } from './confbridge-app';

export function phoneJoinsRoom(
  office: Office,
  app: ConfBridgeApp,
  endpoint: Endpoint,
  room: string,
  profile: UserProfile,
): Chan {
  const c = office.newChan(office.pjsipName(endpoint.id), {
    state: STATE.ring,
    callerIdNum: endpoint.id,
    callerIdName: endpoint.name,
    context: 'from-internal',
    exten: room,
    endpoint,
  });
  office.newchannel(c);
  office.setDevice(`PJSIP/${endpoint.id}`, 'INUSE');
  office.newexten(c, 'Answer', '');
  office.newstate(c, STATE.up);
  c.priority = 2;
  app.start(c, room, profile, true);
  return c;
}

/**
 * The phones that may call the room now: idle ones, never the operator's own (its calls are the
 * softphone's, electron/demo/sip).
 */
export function idlePhones(office: Office): Endpoint[] {
  return ENDPOINTS.filter(
    (e) => e.id !== OPERATOR_ENDPOINT && office.deviceState(`PJSIP/${e.id}`) === 'NOT_INUSE',
  );
}
