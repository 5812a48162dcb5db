/**
 * What the events of an originated channel say about why the Originate failed. OriginateResponse's
 * `Reason` alone cannot say it: main/pbx.c pbx_dial_reason() only sees the cause main/dial.c
 * stored for the dialled channel, and dial.c stores one only for a BUSY or CONGESTION control frame
 * or its own ring timeout. A phone that declines hangs its channel up instead (chan_pjsip queues a
 * hangup with ast_sip_hangup_sip2cause() of the SIP answer), so a real Asterisk 22.10.1 reports a
 * 486 as `Reason: 0` after `HangupRequest Cause: 17` and `DialEnd DialStatus: BUSY`. The console
 * names its Originate's channel (`ChannelId`), finds those events by that Uniqueid and words the
 * failure from them; `Reason` still decides when they say nothing (no channel was ever made, an
 * ordinary clearing). Pure.
 */
import { eventName, get, type AmiMessage } from '../../shared/ami';
import type { CallOutcomeReason } from '../../shared/ipc';

/** What was seen of one originated channel, before and just after its OriginateResponse. */
export interface DialEvidence {
  /** The channel exists or existed (Newchannel, DialBegin): its hangup is worth waiting for. */
  readonly created: boolean;
  readonly hungUp: boolean;
  /** `DialEnd`'s `DialStatus` (dial.c: ast_hangup_cause_to_dial_status() of the hangup cause). */
  readonly dialStatus?: string;
  /** `HangupRequest`'s `Cause`: what the far end's answer was mapped to, before the Hangup. */
  readonly requestCause?: number;
  /** `Hangup`'s `Cause`. */
  readonly hangupCause?: number;
}

export const NO_EVIDENCE: DialEvidence = { created: false, hungUp: false };

function causeOf(event: AmiMessage): number | undefined {
  const text = get(event, 'Cause')?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * The Uniqueid an event is about: the dialled side of Dial* events (an Originate has no caller,
 * so only Dest* fields are there), the channel itself otherwise.
 */
export function evidenceChannel(event: AmiMessage): string | undefined {
  const name = eventName(event);
  if (name === 'DialBegin' || name === 'DialEnd') return get(event, 'DestUniqueid');
  if (name === 'Newchannel' || name === 'HangupRequest' || name === 'Hangup') return get(event, 'Uniqueid');
  return undefined;
}

/** The evidence with one more event about its channel folded in (the caller matched the Uniqueid). */
export function withEvent(evidence: DialEvidence, event: AmiMessage): DialEvidence {
  switch (eventName(event)) {
    case 'Newchannel':
    case 'DialBegin':
      return evidence.created ? evidence : { ...evidence, created: true };
    case 'DialEnd': {
      const dialStatus = get(event, 'DialStatus');
      return { ...evidence, created: true, ...(dialStatus ? { dialStatus } : {}) };
    }
    case 'HangupRequest': {
      const cause = causeOf(event);
      return { ...evidence, created: true, ...(cause === undefined ? {} : { requestCause: cause }) };
    }
    case 'Hangup': {
      const cause = causeOf(event);
      return {
        ...evidence,
        created: true,
        hungUp: true,
        ...(cause === undefined ? {} : { hangupCause: cause }),
      };
    }
    default:
      return evidence;
  }
}

/**
 * A Q.850 cause (include/asterisk/causes.h) as an outcome, when it tells one. 0 (unknown) and 16
 * (normal clearing) tell nothing about a call that was never answered.
 */
export function causeReason(cause: number | undefined): CallOutcomeReason | undefined {
  switch (cause) {
    case 17: // USER_BUSY: SIP 486, 600
      return 'busy';
    case 18: // NO_USER_RESPONSE: SIP 408
    case 19: // NO_ANSWER: SIP 480, dial.c's ring timeout
      return 'no-answer';
    case 21: // CALL_REJECTED: SIP 603 Decline (also 401/403/407)
      return 'declined';
    case 34: // NORMAL_CIRCUIT_CONGESTION: SIP 503
    case 41: // NORMAL_TEMPORARY_FAILURE: SIP 409
    case 42: // SWITCH_CONGESTION
    case 44: // REQUESTED_CHAN_UNAVAIL
      return 'congestion';
    case 1: // UNALLOCATED: SIP 404, 485, 604
    case 3: // NO_ROUTE_DESTINATION: SIP 420, an endpoint that cannot be reached
    case 20: // SUBSCRIBER_ABSENT (UNREGISTERED)
    case 27: // DESTINATION_OUT_OF_ORDER: SIP 502
    case 38: // NETWORK_OUT_OF_ORDER
      return 'unavailable';
    default:
      return undefined;
  }
}

/**
 * A DialStatus as an outcome. dial.c derives it from the hangup cause and says NOANSWER for every
 * cause it has no word for (a 603's 21 among them), so a cause that tells more comes first.
 */
export function dialStatusReason(status: string | undefined): CallOutcomeReason | undefined {
  switch (status?.toUpperCase()) {
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
      return 'no-answer';
    case 'CONGESTION':
      return 'congestion';
    case 'CHANUNAVAIL':
      return 'unavailable';
    default:
      return undefined;
  }
}

/** main/pbx.c pbx_dial_reason(): the AST_CONTROL_* value an Originate's failure is reported as. */
export function reasonOf(code: number | undefined, success: boolean): CallOutcomeReason {
  if (success) return 'answered';
  switch (code) {
    case 1:
      return 'hung-up';
    case 3:
      return 'no-answer';
    case 5:
      return 'busy';
    case 8:
      return 'congestion';
    default:
      // 0 (and anything newer): the channel could not be created or the dial failed otherwise.
      return 'failed';
  }
}

/**
 * Why a failed Originate failed: the channel's own hangup cause, else its DialEnd, else the
 * response's Reason (the only word when no channel was made: chan_pjsip could not create one for
 * an unknown or unregistered endpoint).
 */
export function failureReason(evidence: DialEvidence, code: number | undefined): CallOutcomeReason {
  return (
    causeReason(evidence.hangupCause) ??
    causeReason(evidence.requestCause) ??
    dialStatusReason(evidence.dialStatus) ??
    reasonOf(code, false)
  );
}
