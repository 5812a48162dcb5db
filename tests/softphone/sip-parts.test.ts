/**
 * The demo's SIP pieces on their own: message parsing and serializing, WebSocket frames, SDP
 * direction and candidates, DTMF bodies and telephone-events, the tone, digest auth.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Authenticator, digestResponse } from '../../electron/demo/sip/auth';
import {
  infoDurationMs,
  muLaw,
  parseDtmfInfo,
  parseTelephoneEvent,
  toneFrame,
} from '../../electron/demo/sip/dtmf';
import {
  cseqOf,
  displayNameOf,
  header,
  headersNamed,
  param,
  parseMessage,
  responseTo,
  serializeMessage,
  uriHeaders,
  uriOf,
  userOf,
  type SipRequest,
} from '../../electron/demo/sip/message';
import {
  answerDirection,
  audioDirection,
  isHold,
  isWebRtcAudioOffer,
  loopbackOnly,
  redirected,
  settledSetup,
  telephoneEventTypes,
} from '../../electron/demo/sip/sdp';
import { acceptKey, frame, MessageAssembler, OPCODE, readFrames } from '../../electron/demo/sip/websocket';
import { endpointDeviceState } from '../../electron/demo/sip/devstate';

// A REGISTER as JsSIP 3.13 sends it over a WebSocket (compact forms and a folded line added).
const REGISTER =
  'REGISTER sip:127.0.0.1 SIP/2.0\r\n' +
  'Via: SIP/2.0/WSS 3n9bv1v0j4d5.invalid;branch=z9hG4bK6463081\r\n' +
  'Max-Forwards: 69\r\n' +
  't: <sip:101@127.0.0.1>\r\n' +
  'f: "Recepción" <sip:101@127.0.0.1>;tag=m0aa9sl4ou\r\n' +
  'i: r39ocdsipvqe1g04b9ub\r\n' +
  'CSeq: 1 REGISTER\r\n' +
  'Contact: <sip:4t1q8qfd@3n9bv1v0j4d5.invalid;transport=ws>;+sip.ice;reg-id=1;expires=600\r\n' +
  'Supported: path, gruu,\r\n' +
  ' outbound\r\n' +
  'Expires: 600\r\n' +
  'Content-Length: 0\r\n\r\n';

describe("the softphone endpoint's device state", () => {
  it('aggregates its calls as chan_pjsip does: a call ringing in while on another is RINGINUSE', () => {
    const up = { direction: 'outgoing', state: 'up', held: false } as const;
    const held = { ...up, held: true } as const;
    const ringingIn = { direction: 'incoming', state: 'ringing', held: false } as const;
    const dialling = { direction: 'outgoing', state: 'ringing', held: false } as const;
    expect(endpointDeviceState([])).toBe('NOT_INUSE');
    expect(endpointDeviceState([up])).toBe('INUSE');
    expect(endpointDeviceState([held])).toBe('ONHOLD');
    expect(endpointDeviceState([held, up])).toBe('INUSE');
    expect(endpointDeviceState([ringingIn])).toBe('RINGING');
    expect(endpointDeviceState([up, ringingIn])).toBe('RINGINUSE');
    expect(endpointDeviceState([ringingIn, held])).toBe('RINGINUSE');
    expect(endpointDeviceState([dialling])).toBe('INUSE');
    expect(endpointDeviceState([{ ...up, state: 'ended' }, ringingIn])).toBe('RINGING');
  });
});

describe('SIP messages', () => {
  it('parses a request: method, URI, compact and folded headers', () => {
    const m = parseMessage(REGISTER) as SipRequest;
    expect(m).toMatchObject({ kind: 'request', method: 'REGISTER', uri: 'sip:127.0.0.1', body: '' });
    expect(header(m.headers, 'to')).toBe('<sip:101@127.0.0.1>');
    expect(header(m.headers, 'From')).toBe('"Recepción" <sip:101@127.0.0.1>;tag=m0aa9sl4ou');
    expect(header(m.headers, 'Call-ID')).toBe('r39ocdsipvqe1g04b9ub');
    expect(header(m.headers, 'Supported')).toBe('path, gruu, outbound');
    expect(cseqOf(m.headers)).toEqual({ seq: 1, method: 'REGISTER' });
    expect(param(header(m.headers, 'Contact') ?? '', 'expires')).toBe('600');
    expect(param(header(m.headers, 'Contact') ?? '', '+sip.ice')).toBe('');
  });

  it('parses a response with a body cut at Content-Length in bytes', () => {
    const body = 'v=0\r\ns=ñ\r\n';
    const text = `SIP/2.0 200 OK\r\nCall-ID: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}extra`;
    expect(parseMessage(text)).toMatchObject({ kind: 'response', status: 200, reason: 'OK', body });
  });

  it('refuses what is not SIP', () => {
    expect(parseMessage('GET / HTTP/1.1\r\n\r\n')).toBeNull();
    expect(parseMessage('INVITE sip:600@x SIP/2.0\r\nno colon here\r\n\r\n')).toBeNull();
    expect(parseMessage('SIP/2.0 200 OK\r\nContent-Length: -1\r\n\r\n')).toBeNull();
  });

  it('serializes with a Content-Length of the body in bytes, and parses back the same', () => {
    const m = parseMessage(REGISTER) as SipRequest;
    const withBody: SipRequest = { ...m, body: 'Signal=ñ\r\n' };
    const text = serializeMessage(withBody);
    expect(text).toMatch(/\r\nContent-Length: 11\r\n\r\nSignal=ñ\r\n$/);
    expect(headersNamed(parseMessage(text)?.headers ?? [], 'Content-Length')).toEqual(['11']);
    expect(parseMessage(text)).toMatchObject({ method: 'REGISTER', body: 'Signal=ñ\r\n' });
  });

  it('builds a response: Via, From, Call-ID and CSeq copied, a To tag added once', () => {
    const m = parseMessage(REGISTER) as SipRequest;
    const r = responseTo(m, 401, 'Unauthorized', [['WWW-Authenticate', 'Digest x']], '', 'abc');
    expect(serializeMessage(r).split('\r\n')).toEqual([
      'SIP/2.0 401 Unauthorized',
      'Via: SIP/2.0/WSS 3n9bv1v0j4d5.invalid;branch=z9hG4bK6463081',
      'To: <sip:101@127.0.0.1>;tag=abc',
      'From: "Recepción" <sip:101@127.0.0.1>;tag=m0aa9sl4ou',
      'Call-ID: r39ocdsipvqe1g04b9ub',
      'CSeq: 1 REGISTER',
      'WWW-Authenticate: Digest x',
      'Content-Length: 0',
      '',
      '',
    ]);
    const again = responseTo({ ...m, headers: r.headers }, 200, 'OK', [], '', 'other');
    expect(header(again.headers, 'To')).toBe('<sip:101@127.0.0.1>;tag=abc');
  });

  it('reads URIs, users, display names and URI headers (Replaces)', () => {
    expect(uriOf('"Ana" <sip:102@127.0.0.1;transport=ws>;tag=1')).toBe('sip:102@127.0.0.1;transport=ws');
    expect(uriOf('sip:600@127.0.0.1;tag=x')).toBe('sip:600@127.0.0.1');
    expect(userOf('sip:600@127.0.0.1')).toBe('600');
    expect(userOf('sip:127.0.0.1')).toBe('');
    expect(displayNameOf('"Ana \\"A\\" García" <sip:102@h>')).toBe('Ana "A" García');
    expect(displayNameOf('<sip:102@h>')).toBe('');
    const target = uriOf('<sip:103@127.0.0.1?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>');
    expect(uriHeaders(target).get('replaces')).toBe('abc@h;to-tag=1;from-tag=2');
  });
});

describe('WebSocket frames', () => {
  it('answers the RFC 6455 example key', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  const masked = (opcode: number, payload: Buffer, fin = true): Buffer => {
    const mask = Buffer.from([1, 2, 3, 4]);
    const len = payload.length;
    const head = len < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | len]) : Buffer.alloc(4);
    if (len >= 126) {
      head[0] = (fin ? 0x80 : 0) | opcode;
      head[1] = 0x80 | 126;
      head.writeUInt16BE(len, 2);
    }
    const body = Buffer.from(payload.map((b, i) => b ^ (mask[i & 3] as number)));
    return Buffer.concat([head, mask, body]);
  };

  it('reads masked frames, keeps a partial one for later, and joins fragments', () => {
    const big = Buffer.alloc(300, 0x61);
    const bytes = Buffer.concat([
      masked(OPCODE.text, Buffer.from('INV'), false),
      masked(OPCODE.continuation, Buffer.from('ITE')),
      masked(OPCODE.text, big),
    ]);
    const partial = readFrames(bytes.subarray(0, bytes.length - 10));
    if ('error' in partial) throw new Error(partial.error);
    expect(partial.frames).toHaveLength(2);
    const all = readFrames(bytes);
    if ('error' in all) throw new Error(all.error);
    expect(all.used).toBe(bytes.length);
    const assembler = new MessageAssembler();
    const messages = all.frames.map((f) => assembler.push(f));
    expect(messages.map((m) => (m === null || m === 'too-big' ? m : m.payload.toString()))).toEqual([
      null,
      'INVITE',
      big.toString(),
    ]);
  });

  it('refuses a message whose fragments add up past the frame limit', () => {
    const assembler = new MessageAssembler();
    const part = { fin: false, opcode: OPCODE.continuation, payload: Buffer.alloc(40_000) };
    expect(assembler.push({ ...part, opcode: OPCODE.text })).toBeNull();
    expect(assembler.push(part)).toBe('too-big');
    expect(assembler.push({ fin: true, opcode: OPCODE.text, payload: Buffer.from('OPTIONS') })).toEqual({
      opcode: OPCODE.text,
      payload: Buffer.from('OPTIONS'),
    });
  });

  it('refuses an unmasked client frame', () => {
    expect(readFrames(frame(OPCODE.text, Buffer.from('x')))).toEqual({ error: 'unmasked client frame' });
  });

  it('writes unmasked frames with 7- and 16-bit lengths', () => {
    expect([...frame(OPCODE.text, Buffer.from('hi'))]).toEqual([0x81, 2, 0x68, 0x69]);
    const f = frame(OPCODE.text, Buffer.alloc(200));
    expect([...f.subarray(0, 4)]).toEqual([0x81, 126, 0, 200]);
    expect(f.length).toBe(204);
  });
});

const SDP = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 126',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2113937151 127.0.0.1 51000 typ host generation 0',
  'a=candidate:2 1 udp 2113937151 192.0.2.7 51001 typ host generation 0',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:126 telephone-event/8000',
  'a=sendonly',
  '',
].join('\r\n');

describe('SDP', () => {
  it('keeps only loopback candidates', () => {
    const out = loopbackOnly(SDP);
    expect(out).toContain('127.0.0.1 51000');
    expect(out).not.toContain('192.0.2.7');
    expect(out.endsWith('\r\n')).toBe(true);
  });

  it('reads the direction of the audio section, and answers it', () => {
    expect(audioDirection(SDP)).toBe('sendonly');
    expect(isHold(audioDirection(SDP))).toBe(true);
    expect(audioDirection(SDP.replace('a=sendonly', 'a=inactive'))).toBe('inactive');
    expect(audioDirection(SDP.replace('a=sendonly\r\n', ''))).toBe('sendrecv');
    expect(answerDirection('sendonly')).toBe('recvonly');
    expect(answerDirection('recvonly')).toBe('sendonly');
    expect(answerDirection('inactive')).toBe('inactive');
    expect(isHold('sendrecv')).toBe(false);
  });

  it('re-answers with a new direction and the next o= version, nothing else changed', () => {
    const out = redirected(SDP, 'recvonly', 3);
    expect(out).toContain('o=- 4611731400430051336 3 IN IP4 127.0.0.1');
    expect(out).toContain('a=recvonly');
    expect(out).not.toContain('a=sendonly');
    expect(out.split('\r\n').length).toBe(SDP.split('\r\n').length);
  });

  it("turns the demo's offer into an answer with the DTLS role the first answer left it", () => {
    const offer = `${SDP}a=setup:actpass\r\n`;
    expect(settledSetup(offer, 'a=setup:active\r\n')).toContain('a=setup:passive');
    expect(settledSetup(offer, 'a=setup:passive\r\n')).toContain('a=setup:active');
    expect(settledSetup(offer, 'a=setup:active\r\n')).not.toContain('actpass');
  });

  it('knows a WebRTC audio offer from anything else', () => {
    const webrtc = `${SDP}a=ice-ufrag:abcd\r\na=fingerprint:sha-256 AB:CD\r\n`;
    expect(isWebRtcAudioOffer(webrtc)).toBe(true);
    expect(isWebRtcAudioOffer(SDP)).toBe(false);
    expect(isWebRtcAudioOffer(webrtc.replace('m=audio', 'm=video'))).toBe(false);
    expect(isWebRtcAudioOffer('')).toBe(false);
  });

  it('finds the telephone-event payload types', () => {
    expect([...telephoneEventTypes(SDP)]).toEqual([[126, 8000]]);
    const both = SDP.replace(
      'a=rtpmap:126 telephone-event/8000',
      'a=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000',
    );
    expect([...telephoneEventTypes(both)]).toEqual([
      [110, 48000],
      [126, 8000],
    ]);
  });
});

describe('DTMF and the tone', () => {
  it('reads RFC 4733 events', () => {
    expect(parseTelephoneEvent(Uint8Array.from([5, 0x0a, 0x01, 0x40]))).toEqual({
      digit: '5',
      end: false,
      duration: 320,
    });
    expect(parseTelephoneEvent(Uint8Array.from([11, 0x8a, 0x03, 0x20]))).toEqual({
      digit: '#',
      end: true,
      duration: 800,
    });
    expect(parseTelephoneEvent(Uint8Array.from([16, 0, 0, 0]))).toBeNull();
    expect(parseTelephoneEvent(Uint8Array.from([1, 0]))).toBeNull();
  });

  it('reads INFO bodies', () => {
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=7\r\nDuration=160\r\n')).toBe('7');
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=10\r\n')).toBe('*');
    expect(parseDtmfInfo('application/dtmf-relay; charset=utf-8', 'Signal=#\r\n')).toBe('#');
    expect(parseDtmfInfo('application/dtmf', 'a')).toBe('A');
    expect(parseDtmfInfo('text/plain', 'Signal=1')).toBeNull();
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=12')).toBeNull();
    expect(infoDurationMs('Signal=1\r\nDuration=250\r\n')).toBe(250);
    expect(infoDurationMs('Signal=1')).toBe(100);
  });

  it('encodes G.711 mu-law and makes a 20 ms tone frame', () => {
    expect(muLaw(0)).toBe(0xff);
    expect(muLaw(-1)).toBe(0x7f);
    expect(muLaw(32767)).toBe(0x80);
    expect(muLaw(-32768)).toBe(0x00);
    const f = toneFrame(0);
    expect(f).toHaveLength(160);
    expect(new Set(f).size).toBeGreaterThan(10);
    expect(toneFrame(160)).not.toEqual(f);
  });
});

describe('digest auth', () => {
  const credentials = { user: '101', password: 'secret', realm: 'asterisk' };
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

  it('computes RFC 2617 responses with and without qop', () => {
    const d = {
      username: '101',
      realm: 'asterisk',
      nonce: 'n',
      uri: 'sip:127.0.0.1',
      response: '',
      cnonce: 'c',
      nc: '00000001',
      qop: true,
    };
    const ha1 = md5('101:asterisk:secret');
    const ha2 = md5('REGISTER:sip:127.0.0.1');
    expect(digestResponse(credentials, 'REGISTER', d)).toBe(md5(`${ha1}:n:00000001:c:auth:${ha2}`));
    expect(digestResponse(credentials, 'REGISTER', { ...d, qop: false })).toBe(md5(`${ha1}:n:${ha2}`));
  });

  it('accepts only an answer to a nonce it gave, for the right user, password and method', () => {
    const auth = new Authenticator(credentials);
    const challenge = auth.challenge();
    const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
    const header = (password: string, method: string, n = nonce, user = '101'): string => {
      const d = {
        username: user,
        realm: 'asterisk',
        nonce: n,
        uri: 'sip:127.0.0.1',
        response: '',
        cnonce: 'c',
        nc: '00000001',
        qop: true,
      };
      const response = digestResponse({ ...credentials, password, user }, method, d);
      return `Digest username="${user}", realm="asterisk", nonce="${n}", uri="sip:127.0.0.1", response="${response}", qop=auth, cnonce="c", nc=00000001, algorithm=MD5`;
    };
    expect(auth.verify(header('secret', 'REGISTER'), 'REGISTER')).toBe(true);
    expect(auth.verify(header('wrong', 'REGISTER'), 'REGISTER')).toBe(false);
    expect(auth.verify(header('secret', 'INVITE'), 'REGISTER')).toBe(false);
    expect(auth.verify(header('secret', 'REGISTER', 'made-up'), 'REGISTER')).toBe(false);
    expect(auth.verify(header('secret', 'REGISTER', nonce, '102'), 'REGISTER')).toBe(false);
    expect(auth.verify(undefined, 'REGISTER')).toBe(false);
  });
});
