/**
 * How a member's leg ends: cancelled while it rang (hangupcalls(), 20j) or hung up when its call
 * ended (20h). A Local pair goes half by half, each half telling the Local device's state; a phone
 * behind it (phones.ts) goes with it.
 */
import type { Office } from '../office';
import { snapshot } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Leg } from './legs';
import { localStateChanged, removeChannel } from './legs';
import { hangupPhone } from './phones';

/**
 * ast_hangup() of a leg that never answered (20j): chan_local asks ;2 to hang up, ;1 goes, then
 * ;2 (whose Dial cancels the phone it rang). A phone member's own channel just goes. `cause` is
 * the ;1's hangup cause: none (20j), or 26 when another member answered.
 */
export function cancelLeg(office: Office, leg: Leg, cause = 0): void {
  const { one, two } = leg;
  if (!office.chans.includes(one)) return;
  if (!two) {
    hangupPhone(office, leg);
    return;
  }
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(two), ['Cause', String(cause)]]);
  removeChannel(office, one, cause);
  localStateChanged(office, one);
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(two), ['Cause', '16']]);
  hangupPhone(office, leg);
  removeChannel(office, two, cause);
  localStateChanged(office, two);
}

/**
 * The leg of a call that ended (20h): the bridge let it go, so its ;1 is hung up Normal Clearing
 * and ;2 follows (with the phone it talked to, if any).
 */
export function endTalkingLeg(office: Office, leg: Leg): void {
  const { one, two } = leg;
  if (!office.chans.includes(one)) return;
  if (!two) {
    hangupPhone(office, leg);
    return;
  }
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(two), ['Cause', '16']]);
  removeChannel(office, one, 16);
  localStateChanged(office, one);
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(two), ['Cause', '16']]);
  hangupPhone(office, leg);
  office.leaveBridge(two);
  removeChannel(office, two, 16);
  localStateChanged(office, two);
}
