/**
 * What Asterisk 22.10.1 makes of a SIP failure answer to its INVITE: res_pjsip.c
 * ast_sip_hangup_sip2cause() gives the channel's hangup cause, main/channel.c's causes[] its text,
 * and main/dial.c ast_hangup_cause_to_dial_status() the DialEnd status of a dial that read the
 * hangup. Pure.
 */

/** ast_sip_hangup_sip2cause(): a SIP status as a Q.850 cause. */
export function sipToCause(status: number): number {
  switch (status) {
    case 401:
    case 403:
    case 407:
    case 603:
      return 21; // CALL_REJECTED
    case 404:
    case 485:
    case 604:
      return 1; // UNALLOCATED
    case 408:
      return 18; // NO_USER_RESPONSE
    case 409:
      return 41; // NORMAL_TEMPORARY_FAILURE
    case 410:
      return 22; // NUMBER_CHANGED
    case 420:
      return 3; // NO_ROUTE_DESTINATION
    case 480:
    case 483:
      return 19; // NO_ANSWER
    case 484:
      return 28; // INVALID_NUMBER_FORMAT
    case 486:
    case 600:
      return 17; // USER_BUSY
    case 488:
    case 606:
      return 58; // BEARERCAPABILITY_NOTAVAIL
    case 500:
      return 38; // FAILURE (NETWORK_OUT_OF_ORDER)
    case 501:
      return 29; // FACILITY_REJECTED
    case 502:
      return 27; // DESTINATION_OUT_OF_ORDER
    case 503:
      return 34; // CONGESTION
    case 504:
      return 102; // RECOVERY_ON_TIMER_EXPIRE
    case 505:
      return 127; // INTERWORKING
    default:
      // 4xx it has no case for: something wrong with our request; 5xx: the far end's problem.
      if (status >= 400 && status < 500) return 127; // INTERWORKING
      if (status >= 500 && status < 600) return 34; // CONGESTION
      if (status >= 600 && status < 700) return 127; // INTERWORKING
      return 16; // NORMAL
  }
}

const CAUSE_TEXT: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  22: 'Number changed',
  27: 'Destination out of order',
  28: 'Invalid number format',
  29: 'Facility rejected',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  41: 'Temporary failure',
  58: 'Bearer capability not available',
  102: 'Recover on timer expiry',
  127: 'Interworking, unspecified',
};

/** ast_cause2str(): the Hangup event's Cause-txt. */
export function causeText(cause: number): string {
  return CAUSE_TEXT[cause] ?? 'Unknown';
}

/** ast_hangup_cause_to_dial_status(): NOANSWER for every cause it has no word for. */
export function dialStatusOfCause(cause: number): string {
  switch (cause) {
    case 17:
      return 'BUSY';
    case 34:
      return 'CONGESTION';
    case 3:
    case 20:
      return 'CHANUNAVAIL';
    default:
      return 'NOANSWER';
  }
}
