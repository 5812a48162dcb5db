/**
 * The AMI security events manager.c reports for logins and requests (report_* functions), with
 * the fields main/security_events.c puts in them: its required IEs in table order, then the
 * optional ones that are set (here only SessionTV, and AccountID for RequestBadFormat). Pure.
 */
import type { Lines } from './office';

export type SecurityEventName =
  | 'SuccessfulAuth'
  | 'InvalidAccountID'
  | 'InvalidPassword'
  | 'ChallengeResponseFailed'
  | 'RequestNotAllowed'
  | 'RequestBadFormat';

/** security_events_defs.h: InvalidPassword is at version 2, the others at 1. */
const VERSION: Readonly<Record<SecurityEventName, string>> = {
  SuccessfulAuth: '1',
  InvalidAccountID: '1',
  InvalidPassword: '2',
  ChallengeResponseFailed: '1',
  RequestNotAllowed: '1',
  RequestBadFormat: '1',
};

export interface SecurityEventInput {
  readonly eventMs: number;
  /** sessionstart_tv: 0 for a session that never logged in (prints the epoch). */
  readonly sessionMs: number;
  readonly accountId: string;
  readonly sessionId: string;
  readonly local: string;
  readonly remote: string;
  /** RequestNotAllowed / RequestBadFormat: the action name. */
  readonly action?: string;
  /** ChallengeResponseFailed. */
  readonly challenge?: string;
  readonly response?: string;
  readonly expected?: string;
}

/** ast_json_timeval() with AST_ISO8601_FORMAT on a UTC server: 2026-11-26T03:24:54.861+0000. */
export function isoTv(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** report_req_*(): snprintf(request_type, 64, "Action: %s"). */
function requestType(action: string): string {
  return `Action: ${action}`.slice(0, 63);
}

/** The event's body (after Event/Privilege/SystemName). */
export function securityEventLines(name: SecurityEventName, e: SecurityEventInput): Lines {
  const severity = name === 'SuccessfulAuth' ? 'Informational' : 'Error';
  const head: Lines = [
    ['EventTV', isoTv(e.eventMs)],
    ['Severity', severity],
    ['Service', 'AMI'],
    ['EventVersion', VERSION[name]],
  ];
  const where: Lines = [
    ['SessionID', e.sessionId],
    ['LocalAddress', e.local],
    ['RemoteAddress', e.remote],
  ];
  const account: Lines = [['AccountID', e.accountId]];
  const sessionTv: Lines = [['SessionTV', isoTv(e.sessionMs)]];
  switch (name) {
    case 'SuccessfulAuth':
      return [...head, ...account, ...where, ['UsingPassword', '0'], ...sessionTv];
    case 'InvalidAccountID':
    case 'InvalidPassword':
      return [...head, ...account, ...where, ...sessionTv];
    case 'ChallengeResponseFailed':
      return [
        ...head,
        ...account,
        ...where,
        ['Challenge', e.challenge ?? ''],
        ['Response', e.response ?? ''],
        ['ExpectedResponse', e.expected ?? ''],
        ...sessionTv,
      ];
    case 'RequestNotAllowed':
      return [...head, ...account, ...where, ['RequestType', requestType(e.action ?? '')], ...sessionTv];
    case 'RequestBadFormat':
      // AccountID is optional here and comes after SessionTV.
      return [...head, ...where, ['RequestType', requestType(e.action ?? '')], ...sessionTv, ...account];
  }
}
