/**
 * PickupChan(<channel>[&<channel>...][,p]) on a channel already answered (an Originate of the
 * operator's phone, as main's pickup control sends): app_directed_pickup.c finds the ringing leg
 * whose name starts with one of the names (strncasecmp over the name's length), and main/pickup.c's
 * ast_do_pickup() takes it. The picker's connected line becomes the caller's, the Pickup event
 * names the picker (Channel...) and the leg it took (Target...), then ast_channel_move() puts the
 * picker in the leg's place: the caller's Dial hears the answer and bridges with the picker, and
 * the leg itself is gone, answered elsewhere (the hangup cause ast_do_pickup() sets).
 */
import { EVENT_FLAG } from '../permissions';
import { snapshot, STATE } from '../office';
import type { Chan, Office } from '../office';

/** AST_CAUSE_ANSWERED_ELSEWHERE. */
const ANSWERED_ELSEWHERE: readonly [number, string] = [26, 'Answered elsewhere'];

/**
 * The name prefixes PickupChan's data asks for: before the options, split on `&`. A name without
 * `-` is a device and gets one appended (`PJSIP/102` takes `PJSIP/102-...`, never `PJSIP/1020-...`);
 * one with `-` is matched as written (my_ast_get_channel_by_name_locked()).
 */
export function pickupNames(data: string): string[] {
  const names = data.split(',')[0] ?? '';
  return names
    .split('&')
    .filter((n) => n !== '')
    .map((n) => (n.includes('-') ? n : `${n}-`));
}

/** Takes the call ringing at one of the named channels; false when none can be picked up. */
export function pickupChan(office: Office, picker: Chan, data: string): boolean {
  const names = pickupNames(data).map((n) => n.toLowerCase());
  // ast_can_pickup(): a ringing leg no dialplan runs on (the outgoing side of a Dial).
  const call = office
    .officeCalls()
    .find(
      (c) =>
        c.phase === 'ringing' &&
        c.callee !== picker &&
        c.callee.state === STATE.ringing &&
        names.some((n) => c.callee.name.toLowerCase().startsWith(n)),
    );
  if (!call) return false;
  const { caller, callee: target } = call;
  picker.connectedNum = target.connectedNum;
  picker.connectedName = target.connectedName;
  office.ev(EVENT_FLAG.call, 'NewConnectedLine', snapshot(picker));
  office.ev(EVENT_FLAG.call, 'Pickup', [...snapshot(picker), ...snapshot(target, 'Target')]);
  // The picker stands where the ringing leg was: the caller's Dial is answered by it.
  target.call = null;
  call.callee = picker;
  picker.call = call;
  call.phase = 'up';
  office.dialAnswered(caller, picker);
  office.removeChan(target, ...ANSWERED_ELSEWHERE);
  return true;
}
