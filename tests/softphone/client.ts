/**
 * A small SIP-over-WebSocket user agent for tests, the way JsSIP talks to Asterisk: REGISTER and
 * INVITE answer a 401 with digest credentials, in-dialog requests follow the dialog, and the media
 * is a werift peer (the offerer) whose stats say how many RTP bytes went each way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import WebSocket from 'ws';
import type { SipMessage, SipRequest, SipResponse } from '../../electron/demo/sip/message';
import {
  header,
  param,
  parseMessage,
  responseTo,
  serializeMessage,
  uriOf,
} from '../../electron/demo/sip/message';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const rand = (): string => randomBytes(6).toString('hex');
const WAIT_MS = 8_000;

export interface Dialog {
  readonly callId: string;
  readonly localTag: string;
  remoteTag: string;
  cseq: number;
  remoteTarget: string;
  /** Our From (outgoing) or To (incoming) with tag, and the other side's. */
  local: string;
  remote: string;
}

export class SipClient {
  private readonly inbox: SipMessage[] = [];
  private readonly waiters: Array<() => void> = [];
  readonly ws: WebSocket;
  private readonly contact = `sip:${rand()}@${rand()}.invalid;transport=ws`;

  private constructor(
    ws: WebSocket,
    readonly user: string,
    readonly password: string,
  ) {
    this.ws = ws;
    ws.on('message', (data) => {
      const m = parseMessage(String(data));
      if (!m) return;
      this.inbox.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** `ca`: the PEM to trust for wss:// (the demo's self-signed certificate). */
  static async connect(url: string, user: string, password: string, ca?: string): Promise<SipClient> {
    const ws = new WebSocket(url, 'sip', ca === undefined ? {} : { ca });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new SipClient(ws, user, password);
  }

  close(): void {
    this.ws.close();
  }

  send(m: SipMessage): void {
    this.ws.send(serializeMessage(m));
  }

  /** The next message that `match` takes, waiting up to WAIT_MS. */
  async next(match: (m: SipMessage) => boolean, what = 'a SIP message'): Promise<SipMessage> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const i = this.inbox.findIndex(match);
      if (i >= 0) return this.inbox.splice(i, 1)[0] as SipMessage;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async response(callId: string, method: string, final = true): Promise<SipResponse> {
    const m = await this.next(
      (x) =>
        x.kind === 'response' &&
        header(x.headers, 'Call-ID') === callId &&
        (header(x.headers, 'CSeq') ?? '').endsWith(` ${method}`) &&
        (!final || x.status >= 200),
      `a response to ${method}`,
    );
    return m as SipResponse;
  }

  async request(method: string, callId?: string): Promise<SipRequest> {
    return (await this.next(
      (x) =>
        x.kind === 'request' && x.method === method && (!callId || header(x.headers, 'Call-ID') === callId),
      `a ${method}`,
    )) as SipRequest;
  }

  private authorization(challenge: string, method: string, uri: string, password = this.password): string {
    const realm = /realm="([^"]+)"/.exec(challenge)?.[1] ?? '';
    const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
    const cnonce = rand();
    const nc = '00000001';
    const a1 = md5(`${this.user}:${realm}:${password}`);
    const response = md5(`${a1}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
    return `Digest algorithm=MD5, username="${this.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", qop=auth, cnonce="${cnonce}", nc=${nc}`;
  }

  private base(
    method: string,
    uri: string,
    callId: string,
    cseq: number,
    from: string,
    to: string,
  ): Array<readonly [string, string]> {
    return [
      ['Via', `SIP/2.0/WSS ${rand()}.invalid;branch=z9hG4bK${rand()}`],
      ['Max-Forwards', '69'],
      ['To', to],
      ['From', from],
      ['Call-ID', callId],
      ['CSeq', `${cseq} ${method}`],
    ];
  }

  /** REGISTER; the first answer (401), then the final one after the credentials. */
  async register(
    expires = 600,
    password = this.password,
  ): Promise<{ first: SipResponse; final: SipResponse }> {
    const callId = rand();
    const aor = `<sip:${this.user}@127.0.0.1>`;
    const from = `${aor};tag=${rand()}`;
    const uri = 'sip:127.0.0.1';
    const headers = (cseq: number): Array<readonly [string, string]> => [
      ...this.base('REGISTER', uri, callId, cseq, from, aor),
      ['Contact', `<${this.contact}>;expires=${expires}`],
      ['Expires', String(expires)],
    ];
    this.send({ kind: 'request', method: 'REGISTER', uri, headers: headers(1), body: '' });
    const first = await this.response(callId, 'REGISTER');
    if (first.status !== 401) return { first, final: first };
    const auth = this.authorization(
      header(first.headers, 'WWW-Authenticate') ?? '',
      'REGISTER',
      uri,
      password,
    );
    this.send({
      kind: 'request',
      method: 'REGISTER',
      uri,
      headers: [...headers(2), ['Authorization', auth]],
      body: '',
    });
    return { first, final: await this.response(callId, 'REGISTER') };
  }

  /** INVITE `exten` with `sdp`; answers the 401 and waits for the final answer (ACKs a 2xx). */
  async invite(
    exten: string,
    sdp: string,
  ): Promise<{ dialog: Dialog; final: SipResponse; challenged: boolean }> {
    const callId = rand();
    const localTag = rand();
    const uri = `sip:${exten}@127.0.0.1`;
    const from = `"Recepción" <sip:${this.user}@127.0.0.1>;tag=${localTag}`;
    const to = `<${uri}>`;
    const headers = (cseq: number): Array<readonly [string, string]> => [
      ...this.base('INVITE', uri, callId, cseq, from, to),
      ['Contact', `<${this.contact};ob>`],
      ['Content-Type', 'application/sdp'],
    ];
    this.send({ kind: 'request', method: 'INVITE', uri, headers: headers(1), body: sdp });
    let final = await this.response(callId, 'INVITE');
    let challenged = false;
    if (final.status === 401) {
      challenged = true;
      this.send(this.ackFor(final, uri, 1));
      const auth = this.authorization(header(final.headers, 'WWW-Authenticate') ?? '', 'INVITE', uri);
      this.send({
        kind: 'request',
        method: 'INVITE',
        uri,
        headers: [...headers(2), ['Authorization', auth]],
        body: sdp,
      });
      final = await this.response(callId, 'INVITE');
    }
    const cseq = challenged ? 2 : 1;
    const dialog: Dialog = {
      callId,
      localTag,
      remoteTag: param(header(final.headers, 'To') ?? '', 'tag') ?? '',
      cseq,
      remoteTarget: uriOf(header(final.headers, 'Contact') ?? uri),
      local: from,
      remote: header(final.headers, 'To') ?? to,
    };
    if (final.status >= 200 && final.status < 300) this.send(this.inDialog(dialog, 'ACK', [], '', cseq));
    else this.send(this.ackFor(final, uri, cseq));
    return { dialog, final, challenged };
  }

  /** Sends an INVITE and returns at once (for CANCEL), with what CANCEL needs. */
  startInvite(
    exten: string,
    sdp: string,
    auth?: { challenge: string },
  ): { callId: string; invite: SipRequest } {
    const callId = rand();
    const uri = `sip:${exten}@127.0.0.1`;
    const headers: Array<readonly [string, string]> = [
      ...this.base('INVITE', uri, callId, 1, `<sip:${this.user}@127.0.0.1>;tag=${rand()}`, `<${uri}>`),
      ['Contact', `<${this.contact};ob>`],
      ['Content-Type', 'application/sdp'],
      ...(auth ? [['Authorization', this.authorization(auth.challenge, 'INVITE', uri)] as const] : []),
    ];
    const invite: SipRequest = { kind: 'request', method: 'INVITE', uri, headers, body: sdp };
    this.send(invite);
    return { callId, invite };
  }

  /** A challenge to reuse (an INVITE to nowhere answered 401). */
  async challenge(): Promise<string> {
    const { callId, invite } = this.startInvite('600', '');
    const r = await this.response(callId, 'INVITE');
    this.send(this.ackFor(r, invite.uri, 1));
    return header(r.headers, 'WWW-Authenticate') ?? '';
  }

  cancel(invite: SipRequest): void {
    this.send({
      kind: 'request',
      method: 'CANCEL',
      uri: invite.uri,
      headers: invite.headers
        .filter(([n]) => ['via', 'from', 'to', 'call-id', 'max-forwards'].includes(n.toLowerCase()))
        .concat([['CSeq', `${/^\d+/.exec(header(invite.headers, 'CSeq') ?? '1')?.[0] ?? '1'} CANCEL`]]),
      body: '',
    });
  }

  ackFor(res: SipResponse, uri: string, cseq: number): SipRequest {
    return {
      kind: 'request',
      method: 'ACK',
      uri,
      headers: [
        ['Via', header(res.headers, 'Via') ?? ''],
        ['Max-Forwards', '69'],
        ['To', header(res.headers, 'To') ?? ''],
        ['From', header(res.headers, 'From') ?? ''],
        ['Call-ID', header(res.headers, 'Call-ID') ?? ''],
        ['CSeq', `${cseq} ACK`],
      ],
      body: '',
    };
  }

  inDialog(
    d: Dialog,
    method: string,
    extra: ReadonlyArray<readonly [string, string]> = [],
    body = '',
    cseq?: number,
  ): SipRequest {
    const seq = cseq ?? ++d.cseq;
    return {
      kind: 'request',
      method,
      uri: d.remoteTarget,
      headers: [...this.base(method, d.remoteTarget, d.callId, seq, d.local, d.remote), ...extra],
      body,
    };
  }

  /** Sends an in-dialog request and waits for its final answer. */
  async transact(
    d: Dialog,
    method: string,
    extra: ReadonlyArray<readonly [string, string]> = [],
    body = '',
  ): Promise<SipResponse> {
    this.send(this.inDialog(d, method, extra, body));
    return this.response(d.callId, method);
  }

  /** Answers an INVITE from the PBX with 200 and `sdp`; the dialog as the callee sees it. */
  answer(invite: SipRequest, sdp: string): Dialog {
    const localTag = rand();
    const ok = responseTo(
      invite,
      200,
      'OK',
      [
        ['Contact', `<${this.contact}>`],
        ['Content-Type', 'application/sdp'],
      ],
      sdp,
      localTag,
    );
    this.send(ok);
    const from = header(invite.headers, 'From') ?? '';
    return {
      callId: header(invite.headers, 'Call-ID') ?? '',
      localTag,
      remoteTag: param(from, 'tag') ?? '',
      cseq: 100,
      remoteTarget: uriOf(header(invite.headers, 'Contact') ?? from),
      local: header(ok.headers, 'To') ?? '',
      remote: from,
    };
  }
}

/** A werift peer on 127.0.0.1 sending 20 ms PCMU frames, and telephone-events on demand. */
export class TestMedia {
  readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'audio' });
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private ts = 0;
  received = 0;

  constructor() {
    this.pc = new RTCPeerConnection({
      codecs: {
        audio: [
          new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
          new RTCRtpCodecParameters({
            mimeType: 'audio/telephone-event',
            clockRate: 8000,
            channels: 1,
            payloadType: 101,
          }),
        ],
      },
      iceUseIpv6: false,
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
      iceAdditionalHostAddresses: ['127.0.0.1'],
    });
  }

  private async gathered(): Promise<string> {
    if (this.pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5000);
        this.pc.iceGatheringStateChange.subscribe((s) => {
          if (s === 'complete') {
            clearTimeout(t);
            resolve();
          }
        });
      });
    }
    return this.pc.localDescription?.sdp ?? '';
  }

  private hook(): void {
    for (const t of this.pc.getTransceivers()) {
      t.setDirection('sendrecv');
      void t.sender.replaceTrack(this.track);
      t.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => this.received++));
    }
  }

  async offer(): Promise<string> {
    this.pc.addTransceiver(this.track, { direction: 'sendrecv' });
    this.hook();
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.gathered();
  }

  async accept(answer: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  async answer(offer: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    this.hook();
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.gathered();
  }

  startSending(): void {
    this.timer = setInterval(() => {
      const header = new RtpHeader({
        payloadType: 0,
        sequenceNumber: this.seq++ & 0xffff,
        timestamp: (this.ts += 160) >>> 0,
        marker: false,
      });
      this.track.writeRtp(new RtpPacket(header, Buffer.alloc(160, 0x7f)));
    }, 20);
  }

  /**
   * One DTMF digit as RFC 4733 packets (two updates and three end packets, one timestamp), written
   * past the sender, which would stamp the audio codec's payload type on them.
   */
  async sendDigit(event: number): Promise<void> {
    const sender = this.pc.getTransceivers()[0]?.sender;
    if (!sender) throw new Error('no sender');
    const ts = (this.ts += 160) >>> 0;
    for (const [end, duration] of [
      [false, 160],
      [false, 320],
      [true, 800],
      [true, 800],
      [true, 800],
    ] as const) {
      const header = new RtpHeader({
        payloadType: 101,
        sequenceNumber: this.seq++ & 0xffff,
        timestamp: ts,
        marker: duration === 160,
        ssrc: sender.ssrc,
      });
      await sender.dtlsTransport.sendRtp(
        Buffer.from([event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]),
        header,
      );
    }
  }

  /** Bytes of RTP payload sent and received, from werift's stats. */
  async bytes(): Promise<{ sent: number; received: number }> {
    let sent = 0;
    let received = 0;
    for (const s of (await this.pc.getStats()).values()) {
      const r = s as { type: string; bytesSent?: number; bytesReceived?: number };
      if (r.type === 'outbound-rtp') sent += r.bytesSent ?? 0;
      if (r.type === 'inbound-rtp') received += r.bytesReceived ?? 0;
    }
    return { sent, received };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pc.close();
  }
}
