/**
 * The caller's side of Queue() as Asterisk 22.10.1 tells it: the variables queue_exec() clears and
 * sets (ANSWEREDTIME, DIALEDTIME, QUEUEWAIT and their _MS twins, QUEUEPOSITION, ABANDONED) and the
 * end of a caller that is an originated Local pair (20d, 20g, 20h, 20j).
 */
import type { Chan, Office } from '../office';
import { snapshot } from '../office';
import { EVENT_FLAG } from '../permissions';
import { localStateChanged, removeChannel } from './legs';

/** set_duration_var(): the seconds, then the milliseconds. */
function durationVariable(office: Office, c: Chan, name: string, ms: number): void {
  office.setVar(c, name, String(Math.floor(ms / 1000)));
  office.setVar(c, `${name}_MS`, String(ms));
}

/** queue_exec() starts by clearing the variables a previous Queue() may have left. */
export function joinVariables(office: Office, c: Chan): void {
  for (const name of [
    'ANSWEREDTIME',
    'ANSWEREDTIME_MS',
    'DIALEDTIME',
    'DIALEDTIME_MS',
    'QUEUEWAIT',
    'QUEUEWAIT_MS',
  ]) {
    office.setVar(c, name, '');
  }
}

/** leave_queue()'s QUEUEPOSITION, then try_calling()'s QUEUEWAIT once a member answered (20g). */
export function connectedVariables(office: Office, c: Chan, position: number, holdSeconds: number): void {
  office.setVar(c, 'QUEUEPOSITION', String(position));
  durationVariable(office, c, 'QUEUEWAIT', holdSeconds * 1000);
}

/** end_bridge_callback(): how long the call was answered and how old the caller's channel is (20h). */
export function answeredVariables(office: Office, c: Chan, answeredMs: number, nowMs: number): void {
  durationVariable(office, c, 'ANSWEREDTIME', answeredMs);
  durationVariable(office, c, 'DIALEDTIME', nowMs - c.createdMs);
}

/**
 * queue_exec()'s `stop:` for a caller nobody answered (20j): the wait, the channel's age, no answer,
 * then record_abandoned()'s ABANDONED.
 */
export function abandonedVariables(office: Office, c: Chan, waitedSeconds: number, nowMs: number): void {
  durationVariable(office, c, 'QUEUEWAIT', waitedSeconds * 1000);
  durationVariable(office, c, 'DIALEDTIME', nowMs - c.createdMs);
  durationVariable(office, c, 'ANSWEREDTIME', 0);
  office.setVar(c, 'ABANDONED', 'TRUE');
}

/**
 * The originate's ;1 is hung up (an AMI Hangup): chan_local asks ;2 to hang up too, ;1 goes, and
 * the Local device is free again although ;2 still runs Queue() (20h, 20j).
 */
export function hangupCallerOne(office: Office, two: Chan, one: Chan): void {
  office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(two), ['Cause', '0']]);
  removeChannel(office, one, 0);
  localStateChanged(office, one);
}

/**
 * Queue() has returned on the caller's ;2, which was asked to hang up: it goes with the cause it
 * was given (16 from the member's leg in 20h, none in 20j), and ;1 after it if still there.
 */
export function endCallerPair(office: Office, two: Chan, cause: number): void {
  office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(two), ['Cause', '16']]);
  removeChannel(office, two, cause);
  localStateChanged(office, two);
  const one = two.partner;
  if (one && office.chans.includes(one)) {
    office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(one), ['Cause', String(cause)]]);
    removeChannel(office, one, cause);
    localStateChanged(office, one);
  }
}

/** The caller's channel after Queue() returned: a Local pair ends half by half, a phone or trunk call just goes. */
export function endCaller(office: Office, c: Chan, cause: number): void {
  if (c.partner) {
    endCallerPair(office, c, cause);
    return;
  }
  if (!office.chans.includes(c)) return;
  office.removeChan(c, 16, 'Normal Clearing');
}
