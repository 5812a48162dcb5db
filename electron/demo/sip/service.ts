/**
 * The demo's SIP user agent server for the operator's softphone (101): registrar, calls to 600
 * (echo), 601 (tone) and the office's phones, calls from the office to 101, hold, transfer and DTMF,
 * each shown on the board through the office as the `PJSIP/101-XXXXXXXX` channel Asterisk would
 * have. One registration at a time (the last REGISTER wins), as an AOR with max_contacts=1 and
 * remove_existing=yes. Links (WebSocket connections) are given by the transport; media by media.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Chan, Office } from '../office';
import { ENDPOINTS, snapshot, STATE } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { DemoSip, ReceivedDtmf, SipCallView } from './api';
import { ECHO_EXTEN, TONE_EXTEN } from './api';
import { Authenticator, type Credentials } from './auth';
import { infoDurationMs, parseDtmfInfo } from './dtmf';
import type { MediaMode } from './media';
import { MediaSession } from './media';
import type { Headers, SipMessage, SipRequest, SipResponse } from './message';
import {
  cseqOf,
  displayNameOf,
  header,
  param,
  parseMessage,
  responseTo,
  serializeMessage,
  uriHeaders,
  uriOf,
  userOf,
} from './message';
import { ackOf, cancelOf, inDialog, USER_AGENT } from './dialog';
import { attendedTransferLines, blindTransferLines, dtmfBeginLines, dtmfEndLines } from './board';
import { endpointDeviceState } from './devstate';
import { causeText, dialStatusOfCause, sipToCause } from './causes';
import { answerDirection, audioDirection, isHold, isWebRtcAudioOffer, redirected, settledSetup } from './sdp';

/** One WebSocket connection a softphone talks over. */
export interface SipLink {
  send(text: string): void;
  readonly closed: boolean;
}

const ALLOW =
  'OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, MESSAGE, REFER, INFO';
const DEFAULT_EXPIRES = 3600;
/** How long an office phone takes to pick up a softphone's call. */
const OFFICE_ANSWER_MS = 1_000;
/** Dial(PJSIP/101,30): an unanswered call to the softphone gives up after 30 s. */
const RING_TIMEOUT_MS = 30_000;

/** Ended calls and DTMF digits remembered for the tests' and the preview's questions. */
const MAX_KEPT = 200;

const tag = (): string => randomBytes(6).toString('hex');

interface Call {
  readonly callId: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly link: SipLink;
  /** Our tag and the softphone's, as they sit in our From/To when we send in the dialog. */
  readonly localTag: string;
  remoteTag: string;
  /** The softphone's From/To value (with its tag) and ours, for requests we send. */
  remoteAddr: string;
  localAddr: string;
  remoteTarget: string;
  cseq: number;
  /** The INVITE that opened it: CANCEL and 487 answer it. */
  invite: SipRequest | null;
  state: 'ringing' | 'up' | 'ended';
  held: boolean;
  peer: string;
  chan: Chan;
  /** The office's channel the softphone talks to (a phone), bridged with chan when up. */
  other: Chan | null;
  media: MediaSession | null;
  /** The answer being made for the softphone's offer, closed with the call if it ends first. */
  pending?: Promise<{ session: MediaSession; sdp: string }>;
  answerSdp: string;
  sdpVersion: number;
  referredTo?: string;
  /** RTP timestamps of telephone-events already begun and ended. */
  readonly dtmfBegun: Set<number>;
  readonly dtmfEnded: Set<number>;
  timers: NodeJS.Timeout[];
  /** An Originate's call: the office continues or fails it (Office.phoneRinger). */
  originate?: {
    readonly answered: () => void;
    readonly failed: (cause: number, causeTxt: string, reason: number) => void;
  };
}

export interface SipServiceOptions {
  readonly credentials: Credentials;
  /** The office the board shows (may be replaced when the demo restarts). */
  readonly office: () => Office;
  /** `ws://127.0.0.1:<port>/asterisk/ws`. */
  readonly url: () => string;
}

export class SipService {
  private readonly auth: Authenticator;
  private binding: { link: SipLink; contact: string; expiresAt: number } | null = null;
  private readonly calls: Call[] = [];
  private readonly received: ReceivedDtmf[] = [];
  /** Channels this service is hanging up itself (the office's removal hook then says nothing). */
  private readonly removing = new Set<Chan>();
  private hookedOffice: Office | null = null;

  constructor(private readonly opts: SipServiceOptions) {
    this.auth = new Authenticator(opts.credentials);
  }

  private get office(): Office {
    const office = this.opts.office();
    if (this.hookedOffice !== office) {
      this.hookedOffice = office;
      office.onChannelRemoved = (c) => this.channelRemoved(c);
      office.phoneRinger = (c, variables, answered, failed) =>
        this.originateRing(c, variables, answered, failed);
    }
    return office;
  }

  // ---- what the demo tells (DemoSip) ----

  view(): Omit<DemoSip, 'url' | 'uri' | 'user' | 'password' | 'realm'> {
    return {
      registered: () => this.isRegistered(),
      dtmf: () => [...this.received],
      calls: () => this.calls.map((c) => this.callView(c)),
      ring: (from) => this.ring(from),
    };
  }

  private callView(c: Call): SipCallView {
    return {
      callId: c.callId,
      channel: c.chan.name,
      peer: c.peer,
      direction: c.direction,
      state: c.state,
      held: c.held,
      ...(c.referredTo !== undefined ? { referredTo: c.referredTo } : {}),
      rtpBytesIn: c.media?.bytesIn ?? 0,
      rtpBytesOut: c.media?.bytesOut ?? 0,
    };
  }

  /** A long-running demo keeps the last MAX_KEPT ended calls for calls(), not all of them. */
  private prune(): void {
    let ended = this.calls.filter((c) => c.state === 'ended').length;
    for (let i = 0; i < this.calls.length && ended > MAX_KEPT;) {
      if ((this.calls[i] as Call).state === 'ended') {
        this.calls.splice(i, 1);
        ended--;
      } else i++;
    }
  }

  /** The office the board shows now (with this service's hooks in it). */
  currentOffice(): Office {
    return this.office;
  }

  isRegistered(): boolean {
    const b = this.binding;
    return b !== null && !b.link.closed && b.expiresAt > Date.now();
  }

  // ---- messages in ----

  /** One text frame from a link. */
  receive(link: SipLink, text: string): void {
    const m = parseMessage(text);
    if (!m) return;
    if (m.kind === 'response') {
      this.response(link, m);
      return;
    }
    void this.request(link, m).catch(() => {
      this.send(link, responseTo(m, 500, 'Internal Server Error'));
    });
  }

  /** A link went away: its registration with it, and its calls end as a lost phone's do. */
  linkClosed(link: SipLink): void {
    if (this.binding?.link === link) this.binding = null;
    for (const c of this.calls)
      if (c.link === link && c.state !== 'ended') this.endCall(c, 16, 'Normal Clearing', false);
  }

  /** Ends every call and forgets the registration (the demo stops). */
  close(): void {
    for (const c of this.calls) if (c.state !== 'ended') this.endCall(c, 16, 'Normal Clearing', false);
    this.binding = null;
  }

  private send(link: SipLink, m: SipMessage): void {
    if (!link.closed) link.send(serializeMessage(m));
  }

  private async request(link: SipLink, req: SipRequest): Promise<void> {
    const callId = header(req.headers, 'Call-ID') ?? '';
    const toTag = param(header(req.headers, 'To') ?? '', 'tag');
    const call = this.calls.find((c) => c.callId === callId && c.state !== 'ended');
    switch (req.method) {
      case 'REGISTER':
        this.register(link, req);
        return;
      case 'OPTIONS':
        this.send(
          link,
          responseTo(
            req,
            200,
            'OK',
            [
              ['Allow', ALLOW],
              ['Accept', 'application/sdp'],
              ['Server', USER_AGENT],
            ],
            '',
            toTag ? undefined : tag(),
          ),
        );
        return;
      case 'INVITE':
        if (toTag !== undefined) {
          if (call) await this.reinvite(call, req);
          else this.send(link, responseTo(req, 481, 'Call/Transaction Does Not Exist'));
          return;
        }
        await this.invite(link, req);
        return;
      case 'ACK':
        return;
      case 'CANCEL':
        this.cancel(link, req, call);
        return;
      case 'BYE':
        if (!call) {
          this.send(link, responseTo(req, 481, 'Call/Transaction Does Not Exist'));
          return;
        }
        this.send(link, responseTo(req, 200, 'OK'));
        this.endCall(call, 16, 'Normal Clearing', false, true);
        return;
      case 'INFO':
        this.info(link, req, call);
        return;
      case 'REFER':
        this.refer(link, req, call);
        return;
      case 'NOTIFY':
      case 'MESSAGE':
      case 'UPDATE':
        this.send(
          link,
          responseTo(
            req,
            call || req.method === 'MESSAGE' ? 200 : 481,
            call || req.method === 'MESSAGE' ? 'OK' : 'Call/Transaction Does Not Exist',
          ),
        );
        return;
      default:
        this.send(link, responseTo(req, 405, 'Method Not Allowed', [['Allow', ALLOW]]));
    }
  }

  /** An out-of-dialog request without the password: 401 with a challenge, false. */
  private authorized(link: SipLink, req: SipRequest): boolean {
    if (this.auth.verify(header(req.headers, 'Authorization'), req.method)) return true;
    this.send(
      link,
      responseTo(
        req,
        401,
        'Unauthorized',
        [
          ['WWW-Authenticate', this.auth.challenge()],
          ['Server', USER_AGENT],
        ],
        '',
        tag(),
      ),
    );
    return false;
  }

  private register(link: SipLink, req: SipRequest): void {
    const user = userOf(uriOf(header(req.headers, 'To') ?? ''));
    if (user !== this.opts.credentials.user) {
      this.send(link, responseTo(req, 404, 'Not Found', [], '', tag()));
      return;
    }
    if (!this.authorized(link, req)) return;
    // The office's hooks go in now, so an Originate of 101 rings this phone.
    void this.office;
    const contact = header(req.headers, 'Contact');
    const expires = Number.parseInt(
      (contact ? param(contact, 'expires') : undefined) ??
        header(req.headers, 'Expires') ??
        String(DEFAULT_EXPIRES),
      10,
    );
    const seconds = Number.isFinite(expires)
      ? Math.max(0, Math.min(expires, DEFAULT_EXPIRES))
      : DEFAULT_EXPIRES;
    if (seconds === 0 || contact === undefined || contact === '*') {
      if (this.binding?.link === link || contact === '*') this.binding = null;
      this.send(link, responseTo(req, 200, 'OK', [['Server', USER_AGENT]], '', tag()));
      return;
    }
    this.binding = { link, contact: uriOf(contact), expiresAt: Date.now() + seconds * 1000 };
    this.send(
      link,
      responseTo(
        req,
        200,
        'OK',
        [
          ['Contact', `<${uriOf(contact)}>;expires=${seconds}`],
          ['Expires', String(seconds)],
          ['Date', new Date().toUTCString()],
          ['Server', USER_AGENT],
        ],
        '',
        tag(),
      ),
    );
  }

  // ---- calls from the softphone ----

  private async invite(link: SipLink, req: SipRequest): Promise<void> {
    if (!this.authorized(link, req)) return;
    const callId = header(req.headers, 'Call-ID') ?? '';
    const exten = userOf(req.uri);
    const endpoint = ENDPOINTS.find((e) => e.id === exten && e.id !== this.opts.credentials.user);
    const mode: MediaMode | null =
      exten === ECHO_EXTEN ? 'echo' : exten === TONE_EXTEN || endpoint ? 'tone' : null;
    const localTag = tag();
    if (!mode) {
      this.send(link, responseTo(req, 404, 'Not Found', [], '', localTag));
      return;
    }
    if (!isWebRtcAudioOffer(req.body)) {
      this.send(link, responseTo(req, 488, 'Not Acceptable Here', [], '', localTag));
      return;
    }
    if (endpoint && this.office.deviceState(`PJSIP/${endpoint.id}`) !== 'NOT_INUSE') {
      this.send(link, responseTo(req, 486, 'Busy Here', [], '', localTag));
      return;
    }
    this.send(link, responseTo(req, 100, 'Trying'));
    const office = this.office;
    const me = ENDPOINTS.find((e) => e.id === this.opts.credentials.user) ?? null;
    const from = header(req.headers, 'From') ?? '';
    const chan = office.newChan(office.pjsipName(this.opts.credentials.user), {
      state: STATE.ring,
      callerIdNum: this.opts.credentials.user,
      callerIdName: me?.name ?? displayNameOf(from),
      context: 'from-internal',
      exten,
      endpoint: me,
    });
    office.newchannel(chan);
    office.setDevice(`PJSIP/${this.opts.credentials.user}`, 'INUSE');
    const call: Call = {
      callId,
      direction: 'outgoing',
      link,
      localTag,
      remoteTag: param(from, 'tag') ?? '',
      remoteAddr: from,
      localAddr: `${header(req.headers, 'To') ?? ''};tag=${localTag}`,
      remoteTarget: uriOf(header(req.headers, 'Contact') ?? from),
      cseq: 1,
      invite: req,
      state: 'ringing',
      held: false,
      peer: exten,
      chan,
      other: null,
      media: null,
      answerSdp: '',
      sdpVersion: 1,
      dtmfBegun: new Set(),
      dtmfEnded: new Set(),
      timers: [],
    };
    this.calls.push(call);
    this.prune();
    const answered = MediaSession.answer(req.body, mode, {
      dtmf: (e, ts, clock) => this.rtpDtmf(call, e.digit, e.end, e.duration / (clock / 1000), ts),
    });
    call.pending = answered;
    if (endpoint) {
      office.newexten(chan, 'Dial', `PJSIP/${endpoint.id},30`);
      const other = office.ringEndpoint(chan, endpoint);
      call.other = other;
      office.newstate(chan, STATE.ringing);
      this.send(
        link,
        responseTo(req, 180, 'Ringing', [['Contact', `<sip:${exten}@127.0.0.1;transport=ws>`]], '', localTag),
      );
      call.timers.push(
        setTimeout(() => {
          if (call.state !== 'ringing') return;
          office.newstate(other, STATE.up);
          office.dialAnswered(chan, other);
          office.setDevice(`PJSIP/${endpoint.id}`, 'INUSE');
          void this.answer(call, answered);
        }, OFFICE_ANSWER_MS),
      );
      for (const t of call.timers) t.unref();
      return;
    }
    office.newexten(chan, 'Answer', '');
    await this.answer(call, answered);
    if (call.state !== 'up') return;
    chan.priority = 2;
    office.newexten(chan, mode === 'echo' ? 'Echo' : 'Playtones', mode === 'echo' ? '' : '425');
  }

  private async answer(call: Call, answered: Promise<{ session: MediaSession; sdp: string }>): Promise<void> {
    let media: { session: MediaSession; sdp: string };
    try {
      media = await answered;
    } catch {
      if (call.state === 'ringing' && call.invite)
        this.send(call.link, responseTo(call.invite, 488, 'Not Acceptable Here', [], '', call.localTag));
      this.endCall(call, 58, 'Bearer capability not available', false);
      return;
    }
    if (call.state !== 'ringing' || !call.invite) {
      await media.session.close();
      return;
    }
    call.media = media.session;
    call.answerSdp = media.sdp;
    call.state = 'up';
    if (call.chan.state !== STATE.up) this.office.newstate(call.chan, STATE.up);
    this.send(
      call.link,
      responseTo(
        call.invite,
        200,
        'OK',
        [
          ['Contact', `<sip:${call.peer}@127.0.0.1;transport=ws>`],
          ['Allow', ALLOW],
          ['Server', USER_AGENT],
          ['Content-Type', 'application/sdp'],
        ],
        media.sdp,
        call.localTag,
      ),
    );
    media.session.start();
  }

  private async reinvite(call: Call, req: SipRequest): Promise<void> {
    const direction = audioDirection(req.body);
    const hold = isHold(direction);
    call.sdpVersion++;
    call.answerSdp = redirected(call.answerSdp, answerDirection(direction), call.sdpVersion);
    this.send(
      call.link,
      responseTo(
        req,
        200,
        'OK',
        [
          ['Contact', `<sip:${call.peer}@127.0.0.1;transport=ws>`],
          ['Content-Type', 'application/sdp'],
        ],
        call.answerSdp,
      ),
    );
    if (hold === call.held) return;
    call.held = hold;
    if (call.media) call.media.held = hold;
    const office = this.office;
    const peer = call.other;
    if (hold) {
      office.ev(EVENT_FLAG.call, 'Hold', [...snapshot(call.chan), ['MusicClass', 'default']]);
      if (peer) office.ev(EVENT_FLAG.call, 'MusicOnHoldStart', [...snapshot(peer), ['Class', 'default']]);
    } else {
      office.ev(EVENT_FLAG.call, 'Unhold', snapshot(call.chan));
      if (peer) office.ev(EVENT_FLAG.call, 'MusicOnHoldStop', snapshot(peer));
    }
    this.syncDevice();
  }

  private cancel(link: SipLink, req: SipRequest, call: Call | undefined): void {
    if (!call || call.state !== 'ringing' || !call.invite) {
      this.send(link, responseTo(req, 481, 'Call/Transaction Does Not Exist'));
      return;
    }
    this.send(link, responseTo(req, 200, 'OK'));
    this.send(link, responseTo(call.invite, 487, 'Request Terminated', [], '', call.localTag));
    this.endCall(call, 16, 'Normal Clearing', false, true);
  }

  // ---- DTMF ----

  private dtmf(
    call: Call,
    digit: string,
    via: ReceivedDtmf['via'],
    phase: 'begin' | 'end',
    durationMs: number,
  ): void {
    if (phase === 'begin') {
      this.received.push({ digit, via, channel: call.chan.name });
      if (this.received.length > MAX_KEPT) this.received.shift();
      this.office.ev(EVENT_FLAG.dtmf, 'DTMFBegin', dtmfBeginLines(call.chan, digit));
    } else {
      this.office.ev(EVENT_FLAG.dtmf, 'DTMFEnd', dtmfEndLines(call.chan, digit, durationMs));
    }
  }

  private rtpDtmf(call: Call, digit: string, end: boolean, durationMs: number, timestamp: number): void {
    if (call.state !== 'up') return;
    if (!call.dtmfBegun.has(timestamp)) {
      call.dtmfBegun.add(timestamp);
      this.dtmf(call, digit, 'rfc4733', 'begin', 0);
    }
    if (end && !call.dtmfEnded.has(timestamp)) {
      call.dtmfEnded.add(timestamp);
      this.dtmf(call, digit, 'rfc4733', 'end', Math.round(durationMs));
    }
  }

  private info(link: SipLink, req: SipRequest, call: Call | undefined): void {
    if (!call) {
      this.send(link, responseTo(req, 481, 'Call/Transaction Does Not Exist'));
      return;
    }
    const digit = parseDtmfInfo(header(req.headers, 'Content-Type') ?? '', req.body);
    if (digit === null) {
      this.send(
        link,
        responseTo(req, 415, 'Unsupported Media Type', [
          ['Accept', 'application/dtmf-relay, application/dtmf'],
        ]),
      );
      return;
    }
    this.send(link, responseTo(req, 200, 'OK'));
    this.dtmf(call, digit, 'info', 'begin', 0);
    this.dtmf(call, digit, 'info', 'end', infoDurationMs(req.body));
  }

  // ---- transfer ----

  private refer(link: SipLink, req: SipRequest, call: Call | undefined): void {
    const referTo = header(req.headers, 'Refer-To');
    if (!call || call.state !== 'up') {
      this.send(link, responseTo(req, 481, 'Call/Transaction Does Not Exist'));
      return;
    }
    if (!referTo) {
      this.send(link, responseTo(req, 400, 'Bad Request'));
      return;
    }
    const target = uriOf(referTo);
    const replaces = uriHeaders(target).get('replaces');
    this.send(
      link,
      responseTo(req, 202, 'Accepted', [['Contact', `<sip:${call.peer}@127.0.0.1;transport=ws>`]]),
    );
    call.referredTo = userOf(target);
    // Asterisk's progress monitor first says it is trying, then the outcome.
    this.notify(call, '100 Trying', cseqOf(req.headers)?.seq ?? 0, 'active;expires=599');
    const result = replaces
      ? this.attendedTransfer(call, replaces)
      : this.blindTransfer(call, userOf(target));
    this.notify(call, result, cseqOf(req.headers)?.seq ?? 0);
    // Asterisk hangs the transferer up once the transfer is done.
    if (result.startsWith('200')) this.endCall(call, 16, 'Normal Clearing', true);
  }

  /**
   * The office phone the softphone talked to is sent to `exten` (BlindTransfer, then its Dial).
   * res_pjsip_refer.c's order, as a real Asterisk 22.10.1 answered: an extension the dialplan lacks
   * is 404; a call with nothing bridged to it (600's Echo) is AST_BRIDGE_TRANSFER_INVALID, 400.
   */
  private blindTransfer(call: Call, exten: string): string {
    const other = call.other;
    const endpoint = ENDPOINTS.find((e) => e.id === exten);
    if (!endpoint && exten !== ECHO_EXTEN && exten !== TONE_EXTEN) return '404 Not Found';
    if (!other || !other.bridge) return '400 Bad Request';
    if (!endpoint) return '400 Bad Request';
    const office = this.office;
    office.ev(EVENT_FLAG.call, 'BlindTransfer', blindTransferLines(call.chan, other, 'from-internal', exten));
    call.other = null;
    this.removing.add(call.chan);
    office.redirect(other, 'from-internal', exten, 1);
    this.removing.delete(call.chan);
    return '200 OK';
  }

  /** Replaces names the softphone's other call: the two office phones are joined, both legs end. */
  private attendedTransfer(call: Call, replaces: string): string {
    const otherCallId = replaces.split(';')[0] ?? '';
    const second = this.calls.find((c) => c.callId === otherCallId && c.state === 'up');
    const a = call.other;
    const b = second?.other ?? null;
    // xfer_response_code2sip(): AST_BRIDGE_TRANSFER_INVALID (a party not in a bridge) is 400.
    if (!second || !a || !b || !a.bridge || !b.bridge) return '400 Bad Request';
    const office = this.office;
    const origBridge = a.bridge;
    office.ev(EVENT_FLAG.call, 'AttendedTransfer', attendedTransferLines(call.chan, second.chan, a, b));
    call.other = null;
    second.other = null;
    office.leaveBridge(b);
    office.enterBridge(origBridge, b);
    a.connectedNum = b.callerIdNum;
    a.connectedName = b.callerIdName;
    b.connectedNum = a.callerIdNum;
    b.connectedName = a.callerIdName;
    office.pairCall(a, b, 'up');
    this.endCall(second, 16, 'Normal Clearing', true);
    return '200 OK';
  }

  /** The REFER's outcome as a NOTIFY (RFC 3515: Event refer, a message/sipfrag body). */
  private notify(call: Call, status: string, referSeq: number, state = 'terminated;reason=noresource'): void {
    this.send(
      call.link,
      inDialog(
        call,
        'NOTIFY',
        [
          // RFC 3515 2.4.6: the id is the REFER's CSeq number.
          ['Event', `refer;id=${referSeq}`],
          ['Subscription-State', state],
          ['Content-Type', 'message/sipfrag;version=2.0'],
        ],
        `SIP/2.0 ${status}\r\n`,
      ),
    );
  }

  // ---- calls to the softphone ----

  /**
   * An office phone calls 101 (Dial(PJSIP/101,30)): INVITE with the demo's offer. While the
   * softphone is on a call this is call waiting: Asterisk rings the endpoint anyway (no
   * device_state_busy_at), as RINGINUSE, and the phone answers (holding the first) or declines (486).
   */
  async ring(fromId = '102'): Promise<string | null> {
    if (!this.binding || !this.isRegistered()) return null;
    const office = this.office;
    const caller = ENDPOINTS.find((e) => e.id === fromId && e.id !== this.opts.credentials.user);
    const me = ENDPOINTS.find((e) => e.id === this.opts.credentials.user);
    if (!caller || !me) return null;
    // A busy caller calls nobody; one call waiting at a time.
    if (office.deviceState(`PJSIP/${caller.id}`) !== 'NOT_INUSE') return null;
    if (this.calls.some((c) => c.state === 'ringing' && c.direction === 'incoming')) return null;
    const inCall = this.liveCalls().length > 0;
    if (!inCall && office.deviceState(`PJSIP/${me.id}`) !== 'NOT_INUSE') return null;
    const from = office.newChan(office.pjsipName(caller.id), {
      state: STATE.ring,
      callerIdNum: caller.id,
      callerIdName: caller.name,
      context: 'from-internal',
      exten: me.id,
      endpoint: caller,
    });
    office.newchannel(from);
    office.setDevice(`PJSIP/${caller.id}`, 'INUSE');
    office.newexten(from, 'Dial', `PJSIP/${me.id},30`);
    const chan = office.ringEndpoint(from, me, inCall ? 'RINGINUSE' : 'RINGING');
    office.newstate(from, STATE.ringing);
    const call = this.incomingCall(chan, from, caller.id, caller.name);
    if (!call) return null;
    await this.offerToPhone(call, [], RING_TIMEOUT_MS, 'tone', () => {
      office.dialEnd(from, chan, 'NOANSWER');
      this.endCall(call, 19, 'User alerting, no answer', false);
    });
    return from.name;
  }

  /**
   * An Originate of PJSIP/101 while the softphone is registered (Office.phoneRinger): the INVITE
   * carries the PJSIP_HEADER(add,...) variables as headers (the console's auto-answer mark); the
   * office goes on when it is answered, or fails the originate.
   */
  private originateRing(
    c: Chan,
    variables: ReadonlyArray<readonly [string, string]>,
    answered: () => void,
    failed: (cause: number, causeTxt: string, reason: number) => void,
  ): boolean {
    if (c.endpoint?.id !== this.opts.credentials.user || !this.isRegistered()) return false;
    const number = c.callerIdNum || c.exten;
    const call = this.incomingCall(c, null, number, c.callerIdName);
    if (!call) return false;
    call.originate = { answered, failed };
    const headers: Array<readonly [string, string]> = [];
    for (const [name, value] of variables) {
      const m = /^PJSIP_HEADER\(add,([A-Za-z0-9-]+)\)$/i.exec(name);
      if (m) headers.push([m[1] as string, value]);
    }
    // What the originated channel will run once answered: 600's echo, else a tone.
    const mode: MediaMode = c.exten === ECHO_EXTEN && c.context === 'from-internal' ? 'echo' : 'tone';
    void this.offerToPhone(call, headers, RING_TIMEOUT_MS, mode, () => {
      call.state = 'ended';
      this.settle(call);
      failed(19, 'User alerting, no answer', 3);
      this.syncDevice();
    });
    return true;
  }

  /** A call to the registered softphone, its channel `chan` already ringing; null when unregistered. */
  private incomingCall(chan: Chan, other: Chan | null, number: string, name: string): Call | null {
    const binding = this.binding;
    if (!binding) return null;
    const localTag = tag();
    const host = '127.0.0.1';
    const display = name ? `"${name.replace(/["\\]/g, '')}" ` : '';
    const call: Call = {
      callId: randomBytes(12).toString('hex'),
      direction: 'incoming',
      link: binding.link,
      localTag,
      remoteTag: '',
      remoteAddr: `<sip:${this.opts.credentials.user}@${host}>`,
      localAddr: `${display}<sip:${number || 'anonymous'}@${host}>;tag=${localTag}`,
      remoteTarget: binding.contact,
      cseq: 1,
      invite: null,
      state: 'ringing',
      held: false,
      peer: number,
      chan,
      other,
      media: null,
      answerSdp: '',
      sdpVersion: 1,
      dtmfBegun: new Set(),
      dtmfEnded: new Set(),
      timers: [],
    };
    this.calls.push(call);
    this.prune();
    return call;
  }

  /** The INVITE with the demo's offer, and the CANCEL when nobody answers in `timeoutMs`. */
  private async offerToPhone(
    call: Call,
    extra: Headers,
    timeoutMs: number,
    mode: MediaMode,
    noAnswer: () => void,
  ): Promise<void> {
    let offered: { session: MediaSession; sdp: string };
    try {
      offered = await MediaSession.offer(mode, {
        dtmf: (e, ts, clock) => this.rtpDtmf(call, e.digit, e.end, e.duration / (clock / 1000), ts),
      });
    } catch {
      // No media to offer is, for the caller, a phone that never answers.
      if (call.state === 'ringing') noAnswer();
      return;
    }
    const { session, sdp } = offered;
    call.media = session;
    call.answerSdp = sdp;
    if (call.state !== 'ringing') {
      await session.close();
      return;
    }
    const invite = inDialog(
      call,
      'INVITE',
      [
        ['Contact', `<sip:${userOf(uriOf(call.localAddr)) || 'asterisk'}@127.0.0.1;transport=ws>`],
        ['Allow', ALLOW],
        ...extra,
        ['Content-Type', 'application/sdp'],
      ],
      sdp,
    );
    call.invite = invite;
    this.send(call.link, invite);
    const timer = setTimeout(() => {
      if (call.state !== 'ringing') return;
      this.send(call.link, cancelOf(invite));
      noAnswer();
    }, timeoutMs);
    timer.unref();
    call.timers.push(timer);
  }

  /** Timers and media of a call that ended without endCall (the office hangs its channel up). */
  private settle(call: Call): void {
    for (const t of call.timers) clearTimeout(t);
    void call.media?.close();
  }

  private response(link: SipLink, res: SipResponse): void {
    const callId = header(res.headers, 'Call-ID') ?? '';
    const cseq = cseqOf(res.headers);
    const call = this.calls.find((c) => c.callId === callId);
    if (!call || !cseq || cseq.method !== 'INVITE' || call.direction !== 'incoming') return;
    if (res.status < 200) return;
    const toTag = param(header(res.headers, 'To') ?? '', 'tag') ?? '';
    if (call.invite && cseq.seq === cseqOf(call.invite.headers)?.seq) {
      // ACK for any final answer to our INVITE (a 2xx's ACK is its own transaction).
      this.send(link, ackOf(call, call.invite, res));
    }
    if (call.state !== 'ringing') return;
    if (res.status >= 300 && call.originate) {
      call.state = 'ended';
      this.settle(call);
      this.removing.add(call.chan);
      // As a real Asterisk 22.10.1 did with a JsSIP phone declining (486) an Originate of PJSIP/101:
      // HangupRequest with the cause, DialEnd BUSY, OriginateResponse Failure with Reason 0 (not
      // pbx_dial_reason's 5: the hangup reaches the dial before its busy frame), then the Hangup.
      // Other answers take the same path with their own cause (603 Decline: 21, DialEnd NOANSWER).
      const cause = sipToCause(res.status);
      this.office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(call.chan), ['Cause', String(cause)]]);
      this.office.ev(EVENT_FLAG.call, 'DialEnd', [
        ...snapshot(call.chan, 'Dest'),
        ['DialStatus', dialStatusOfCause(cause)],
      ]);
      call.originate.failed(cause, causeText(cause), 0);
      this.removing.delete(call.chan);
      // A call waiting declined: the call in progress is the endpoint's state again.
      this.syncDevice();
      return;
    }
    if (res.status >= 300) {
      const other = call.other;
      if (other)
        this.office.dialEnd(
          other,
          call.chan,
          res.status === 486 || res.status === 603 ? 'BUSY' : 'CHANUNAVAIL',
        );
      this.endCall(
        call,
        res.status === 486 || res.status === 603 ? 17 : 21,
        res.status === 486 || res.status === 603 ? 'User busy' : 'Call Rejected',
        false,
      );
      return;
    }
    call.remoteTag = toTag;
    call.remoteAddr = header(res.headers, 'To') ?? call.remoteAddr;
    call.remoteTarget = uriOf(header(res.headers, 'Contact') ?? call.remoteTarget);
    call.state = 'up';
    call.answerSdp = settledSetup(call.answerSdp, res.body);
    const media = call.media;
    if (media)
      void media.accept(res.body).then(
        () => media.start(),
        () => undefined,
      );
    if (call.originate) {
      call.originate.answered();
      return;
    }
    const office = this.office;
    const from = call.other as Chan;
    office.newstate(call.chan, STATE.up);
    office.dialEnd(from, call.chan, 'ANSWER');
    from.connectedNum = call.chan.callerIdNum;
    from.connectedName = call.chan.callerIdName;
    office.newstate(from, STATE.up);
    const bridge = office.createBasicBridge();
    office.enterBridge(bridge, from);
    office.enterBridge(bridge, call.chan);
    this.syncDevice();
  }

  /** The softphone's calls that still have a channel on the board. */
  private liveCalls(): Call[] {
    return this.calls.filter((c) => c.state !== 'ended');
  }

  /**
   * The endpoint's device state after a change among its calls, when some are left (the office
   * sets NOT_INUSE itself when its last channel goes): what chan_pjsip would aggregate.
   */
  private syncDevice(): void {
    const live = this.liveCalls();
    if (live.length === 0) return;
    const device = `PJSIP/${this.opts.credentials.user}`;
    const state = endpointDeviceState(live);
    if (this.office.deviceState(device) !== state) this.office.setDevice(device, state);
  }

  // ---- the end of a call ----

  /**
   * Ends a call: BYE to the softphone when `byeToPhone` (the PBX side hung up), the board's
   * channels hung up (the softphone's and the office phone it talked to), media closed.
   */
  private endCall(call: Call, cause: number, causeTxt: string, byeToPhone: boolean, fromPhone = false): void {
    if (call.state === 'ended') return;
    const wasUp = call.state === 'up';
    if (byeToPhone && wasUp) this.send(call.link, inDialog(call, 'BYE', []));
    call.state = 'ended';
    for (const t of call.timers) clearTimeout(t);
    void call.media?.close();
    void call.pending?.then(
      (m) => m.session.close(),
      () => undefined,
    );
    const office = this.office;
    if (call.originate) {
      // An originated channel runs the office's dialplan: the office hangs it up with whatever it reached.
      if (!office.chans.includes(call.chan)) return;
      this.removing.add(call.chan);
      if (fromPhone)
        office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(call.chan), ['Cause', String(cause)]]);
      office.farEndHangup(call.chan);
      this.removing.delete(call.chan);
      return;
    }
    const other = call.other;
    call.other = null;
    if (!wasUp && other && call.direction === 'outgoing' && office.chans.includes(other)) {
      office.dialEnd(call.chan, other, 'CANCEL');
    }
    // A BYE on a call running an application here (600's Echo, 601's tone): Asterisk 22.10.1 queued
    // the hangup without a cause, the application's soft hangup said 16, and the Hangup had none (0).
    const inApplication = fromPhone && wasUp && other === null && call.direction === 'outgoing';
    for (const c of [call.chan, other]) {
      if (!c || !office.chans.includes(c)) continue;
      this.removing.add(c);
      if (c === call.chan && inApplication) {
        office.ev(EVENT_FLAG.call, 'HangupRequest', snapshot(c));
        office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', '16']]);
        office.removeChan(c, 0, 'Unknown');
        this.removing.delete(c);
        continue;
      }
      if (c === call.chan && fromPhone)
        office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
      if (c === other)
        office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
      office.leaveBridge(c);
      office.removeChan(c, cause, causeTxt);
      this.removing.delete(c);
    }
    this.syncDevice();
  }

  /** The board hung up a channel (an AMI Hangup, a transfer elsewhere): the softphone hears BYE. */
  private channelRemoved(c: Chan): void {
    if (this.removing.has(c)) return;
    const call = this.calls.find((x) => x.state !== 'ended' && (x.chan === c || x.other === c));
    if (!call) return;
    if (call.other === c) call.other = null;
    if (call.state === 'ringing' && call.direction === 'incoming' && call.invite) {
      this.send(call.link, cancelOf(call.invite));
      this.endCall(call, 16, 'Normal Clearing', false);
      return;
    }
    if (call.state === 'ringing' && call.invite) {
      this.send(call.link, responseTo(call.invite, 603, 'Decline', [], '', call.localTag));
      this.endCall(call, 16, 'Normal Clearing', false);
      return;
    }
    this.endCall(call, 16, 'Normal Clearing', true);
  }
}
