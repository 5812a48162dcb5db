/**
 * What the demo sends inside a dialog with the softphone (RFC 3261), and the AMI lines of the
 * softphone's DTMF and transfers, on their own.
 */
import { describe, expect, it } from 'vitest';
import type { Chan } from '../../electron/demo/office';
import { Office } from '../../electron/demo/office';
import {
  attendedTransferLines,
  blindTransferLines,
  dtmfBeginLines,
  dtmfEndLines,
} from '../../electron/demo/sip/board';
import { ackOf, cancelOf, inDialog, type DialogState } from '../../electron/demo/sip/dialog';
import type { SipRequest, SipResponse } from '../../electron/demo/sip/message';
import { header, parseMessage, serializeMessage } from '../../electron/demo/sip/message';

const dialog = (): DialogState => ({
  callId: 'c1',
  localAddr: '"Ana" <sip:102@127.0.0.1>;tag=ours',
  remoteAddr: '<sip:101@127.0.0.1>;tag=theirs',
  remoteTarget: 'sip:x@y.invalid;transport=ws',
  cseq: 1,
});

describe('requests in a dialog', () => {
  it('take the next CSeq, go to the remote target with our From and their To; ACK keeps the CSeq', () => {
    const d = dialog();
    const notify = inDialog(d, 'NOTIFY', [['Event', 'refer;id=3']], 'SIP/2.0 200 OK\r\n');
    expect(notify.uri).toBe('sip:x@y.invalid;transport=ws');
    expect(header(notify.headers, 'CSeq')).toBe('2 NOTIFY');
    expect(header(notify.headers, 'From')).toBe(d.localAddr);
    expect(header(notify.headers, 'To')).toBe(d.remoteAddr);
    expect(header(notify.headers, 'Via')).toMatch(/^SIP\/2\.0\/WS \S+\.invalid;branch=z9hG4bK[0-9a-f]{16}$/);
    expect(header(inDialog(d, 'BYE').headers, 'CSeq')).toBe('3 BYE');
    expect(header(inDialog(d, 'ACK').headers, 'CSeq')).toBe('3 ACK');
    const parsed = parseMessage(serializeMessage(notify));
    expect(parsed).toMatchObject({ kind: 'request', method: 'NOTIFY', body: 'SIP/2.0 200 OK\r\n' });
  });

  const invite = (): SipRequest => ({
    kind: 'request',
    method: 'INVITE',
    uri: 'sip:x@y.invalid;transport=ws',
    headers: [
      ['Via', 'SIP/2.0/WS h.invalid;branch=z9hG4bKabc'],
      ['Max-Forwards', '70'],
      ['From', '"Ana" <sip:102@127.0.0.1>;tag=ours'],
      ['To', '<sip:101@127.0.0.1>'],
      ['Call-ID', 'c1'],
      ['CSeq', '1 INVITE'],
      ['Content-Type', 'application/sdp'],
    ],
    body: 'v=0\r\n',
  });

  const answer = (status: number): SipResponse => ({
    kind: 'response',
    status,
    reason: '',
    headers: [
      ['Via', 'SIP/2.0/WS h.invalid;branch=z9hG4bKabc'],
      ['From', '"Ana" <sip:102@127.0.0.1>;tag=ours'],
      ['To', '<sip:101@127.0.0.1>;tag=theirs'],
      ['Call-ID', 'c1'],
      ['CSeq', '1 INVITE'],
      ['Contact', '<sip:phone@z.invalid;transport=ws>'],
    ],
    body: '',
  });

  it("ACK a 2xx to its Contact in a new transaction, a failure with the INVITE's Via and URI", () => {
    const ok = ackOf(dialog(), invite(), answer(200));
    expect(ok.uri).toBe('sip:phone@z.invalid;transport=ws');
    expect(header(ok.headers, 'Via')).not.toBe('SIP/2.0/WS h.invalid;branch=z9hG4bKabc');
    expect(header(ok.headers, 'To')).toBe('<sip:101@127.0.0.1>;tag=theirs');
    expect(header(ok.headers, 'CSeq')).toBe('1 ACK');
    const busy = ackOf(dialog(), invite(), answer(486));
    expect(busy.uri).toBe('sip:x@y.invalid;transport=ws');
    expect(header(busy.headers, 'Via')).toBe('SIP/2.0/WS h.invalid;branch=z9hG4bKabc');
    expect(header(busy.headers, 'To')).toBe('<sip:101@127.0.0.1>;tag=theirs');
  });

  it('CANCEL copies the INVITE’s Via, From, To and Call-ID, with its CSeq number', () => {
    const c = cancelOf(invite());
    expect(c.method).toBe('CANCEL');
    expect(c.uri).toBe('sip:x@y.invalid;transport=ws');
    expect(c.headers.map(([n]) => n)).toEqual(['Via', 'Max-Forwards', 'From', 'To', 'Call-ID', 'CSeq']);
    expect(header(c.headers, 'To')).toBe('<sip:101@127.0.0.1>');
    expect(header(c.headers, 'CSeq')).toBe('1 CANCEL');
    expect(c.body).toBe('');
  });
});

describe('AMI lines of the softphone', () => {
  const office = (): { office: Office; a: Chan; b: Chan; c: Chan; d: Chan } => {
    const o = new Office({ seed: 1, emit: () => undefined, now: () => 1_800_000_000_000 });
    const mk = (id: string): Chan => {
      const ch = o.newChan(o.pjsipName(id), { callerIdNum: id, state: 6 });
      return ch;
    };
    const a = mk('101');
    const b = mk('102');
    const c = mk('101');
    const d = mk('103');
    const one = o.createBasicBridge();
    o.enterBridge(one, a);
    o.enterBridge(one, b);
    const two = o.createBasicBridge();
    o.enterBridge(two, c);
    o.enterBridge(two, d);
    return { office: o, a, b, c, d };
  };
  const keys = (lines: ReadonlyArray<readonly [string, string]>): string[] => lines.map(([k]) => k);
  const get = (lines: ReadonlyArray<readonly [string, string]>, k: string): string | undefined =>
    lines.find(([key]) => key === k)?.[1];

  it('DTMFBegin and DTMFEnd: the channel, the digit, Received, and the duration at the end', () => {
    const { a } = office();
    const begin = dtmfBeginLines(a, '5');
    expect(keys(begin).slice(-2)).toEqual(['Digit', 'Direction']);
    expect(get(begin, 'Channel')).toBe(a.name);
    expect(get(begin, 'Direction')).toBe('Received');
    const end = dtmfEndLines(a, '#', 120);
    expect(keys(end).slice(-3)).toEqual(['Digit', 'DurationMs', 'Direction']);
    expect(get(end, 'DurationMs')).toBe('120');
  });

  it('BlindTransfer names the transferer, the transferee and its bridge, and where it goes', () => {
    const { a, b } = office();
    const lines = blindTransferLines(a, b, 'from-internal', '104');
    expect(get(lines, 'TransfererChannel')).toBe(a.name);
    expect(get(lines, 'TransfereeChannel')).toBe(b.name);
    expect(get(lines, 'BridgeUniqueid')).toBe(b.bridge?.id);
    expect(get(lines, 'BridgeNumChannels')).toBe('2');
    expect(keys(lines).slice(-3)).toEqual(['IsExternal', 'Context', 'Extension']);
    expect(get(lines, 'Extension')).toBe('104');
  });

  it('AttendedTransfer names both transferers and bridges, and the first bridge as the destination', () => {
    const { a, b, c, d } = office();
    const lines = attendedTransferLines(a, c, b, d);
    expect(get(lines, 'OrigTransfererChannel')).toBe(a.name);
    expect(get(lines, 'SecondTransfererChannel')).toBe(c.name);
    expect(get(lines, 'TransfereeChannel')).toBe(b.name);
    expect(get(lines, 'TransferTargetChannel')).toBe(d.name);
    expect(get(lines, 'OrigBridgeUniqueid')).toBe(b.bridge?.id);
    expect(get(lines, 'SecondBridgeUniqueid')).toBe(d.bridge?.id);
    expect(get(lines, 'DestBridgeUniqueid')).toBe(b.bridge?.id);
    expect(get(lines, 'DestType')).toBe('Bridge');
  });
});
