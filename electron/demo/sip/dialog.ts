/**
 * The requests the demo sends inside a dialog it has with the softphone (RFC 3261 12.2.1.1), the
 * ACK to the answers of its own INVITE (17.1.1.3 and 13.2.2.4) and its CANCEL (9.1). Pure but for
 * the random Via branch.
 */
import { randomBytes } from 'node:crypto';
import type { Headers, SipRequest, SipResponse } from './message';
import { cseqOf, header, uriOf } from './message';

export const USER_AGENT = 'Asterisk PBX 22.10.1';
/** The Via host Asterisk's WebSocket transport cannot name (RFC 7118 5.2): an invalid one. */
const VIA_HOST = 'df7jal23ls0d.invalid';

const branch = (): string => `z9hG4bK${randomBytes(8).toString('hex')}`;

/** The demo's view of a dialog: its address (with tag), the softphone's, where requests go. */
export interface DialogState {
  readonly callId: string;
  localAddr: string;
  remoteAddr: string;
  remoteTarget: string;
  /** The last CSeq number the demo used in this dialog. */
  cseq: number;
}

/** A new request in the dialog; it takes the next CSeq number (an ACK reuses the current one). */
export function inDialog(d: DialogState, method: string, extra: Headers = [], body = ''): SipRequest {
  const cseq = method === 'ACK' ? d.cseq : ++d.cseq;
  return {
    kind: 'request',
    method,
    uri: d.remoteTarget,
    headers: [
      ['Via', `SIP/2.0/WS ${VIA_HOST};branch=${branch()}`],
      ['Max-Forwards', '70'],
      ['From', d.localAddr],
      ['To', d.remoteAddr],
      ['Call-ID', d.callId],
      ['CSeq', `${cseq} ${method}`],
      ['User-Agent', USER_AGENT],
      ...extra,
    ],
    body,
  };
}

/**
 * The ACK of a final answer to the demo's INVITE: a 2xx's goes to its Contact in a transaction of
 * its own; a failure's reuses the INVITE's Via and Request-URI.
 */
export function ackOf(d: DialogState, invite: SipRequest, res: SipResponse): SipRequest {
  const failed = res.status >= 300;
  return {
    kind: 'request',
    method: 'ACK',
    uri: failed ? invite.uri : uriOf(header(res.headers, 'Contact') ?? invite.uri),
    headers: [
      ['Via', failed ? (header(invite.headers, 'Via') ?? '') : `SIP/2.0/WS ${VIA_HOST};branch=${branch()}`],
      ['Max-Forwards', '70'],
      ['From', d.localAddr],
      ['To', header(res.headers, 'To') ?? d.remoteAddr],
      ['Call-ID', d.callId],
      ['CSeq', `${cseqOf(invite.headers)?.seq ?? 1} ACK`],
    ],
    body: '',
  };
}

/** CANCEL of the demo's INVITE: the same Via, From, To, Call-ID and CSeq number. */
export function cancelOf(invite: SipRequest): SipRequest {
  return {
    kind: 'request',
    method: 'CANCEL',
    uri: invite.uri,
    headers: invite.headers
      .filter(([n]) => ['via', 'from', 'to', 'call-id', 'max-forwards'].includes(n.toLowerCase()))
      .concat([['CSeq', `${cseqOf(invite.headers)?.seq ?? 1} CANCEL`]]),
    body: '',
  };
}
