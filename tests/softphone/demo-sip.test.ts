/**
 * The demo PBX's softphone side end to end on 127.0.0.1: a SIP-over-WebSocket client registers as
 * 101 with digest auth, calls 600 and 601 with werift media (RTP bytes both ways from werift's
 * stats), holds, sends DTMF both ways a softphone can, transfers, cancels, and is called; the
 * board's AMI events for those calls are read over HTTP as the console reads them.
 */
import { describe, expect, it } from 'vitest';
import { header, responseTo } from '../../electron/demo/sip/message';
import { action, drainEvents, field } from '../demo/messages';
import { login } from '../wire/replay';
import { SipClient } from './client';
import { softphoneRig, until } from './rig';

const rig = softphoneRig();

/**
 * UDP sockets open in this process, werift's ICE sockets among them (unref'd, so only the handle
 * list shows them).
 */
function udpSockets(): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => {
    const inner = (h as { _handle?: { constructor?: { name?: string } } })._handle;
    return inner?.constructor?.name === 'UDP';
  }).length;
}

type Event = Awaited<ReturnType<typeof drainEvents>>[number];
/** The events naming `channel` as their channel or as the one a Dial rings. */
const names = (events: readonly Event[], channel: string): string[] =>
  events
    .filter((e) => field(e, 'Channel') === channel || field(e, 'DestChannel') === channel)
    .map((e) => field(e, 'Event') ?? '');

describe('demo PBX: SIP over WebSocket', () => {
  it('tells its account and answers REGISTER with a digest challenge, then 200 (a wrong password gets 401 again)', async () => {
    const pbx = await rig.start({ calls: 0 });
    expect(pbx.sip.url).toBe(`ws://127.0.0.1:${pbx.port}/asterisk/ws`);
    expect(pbx.sip).toMatchObject({ user: '101', uri: 'sip:101@127.0.0.1', realm: 'asterisk' });
    const c = await SipClient.connect(pbx.sip.url, '101', pbx.sip.password);
    rig.keep(c);
    expect(c.ws.protocol).toBe('sip');
    const wrong = await c.register(600, 'not-the-password');
    expect(wrong.first.status).toBe(401);
    expect(header(wrong.first.headers, 'WWW-Authenticate')).toMatch(
      /^Digest realm="asterisk",nonce="[0-9a-f]+"/,
    );
    expect(wrong.final.status).toBe(401);
    expect(pbx.sip.registered()).toBe(false);
    const right = await c.register();
    expect(right.first.status).toBe(401);
    expect(right.final.status).toBe(200);
    expect(header(right.final.headers, 'Contact')).toMatch(/;expires=600$/);
    expect(pbx.sip.registered()).toBe(true);
    const off = await c.register(0);
    expect(off.final.status).toBe(200);
    expect(pbx.sip.registered()).toBe(false);
  });

  it('closes a WebSocket whose message grows past the frame limit in fragments (1009)', async () => {
    const pbx = await rig.start({ calls: 0 });
    const c = await SipClient.connect(pbx.sip.url, '101', 'x');
    rig.keep(c);
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.ws.send(Buffer.alloc(40_000, 0x41), { fin: false });
    c.ws.send(Buffer.alloc(40_000, 0x41), { fin: false });
    expect(await closed).toBe(1009);
  });

  it('serves wss:// on a demo with TLS, with its self-signed certificate', async () => {
    const pbx = await rig.start({ calls: 0, tls: true });
    expect(pbx.sip.url).toBe(`wss://127.0.0.1:${pbx.port}/asterisk/ws`);
    const c = await SipClient.connect(pbx.sip.url, pbx.sip.user, pbx.sip.password, pbx.certificatePem);
    rig.keep(c);
    expect((await c.register()).final.status).toBe(200);
    const m = rig.newMedia();
    const { dialog, final } = await c.invite('601', await m.offer());
    expect(final.status).toBe(200);
    await m.accept(final.body);
    await until(async () => (await m.bytes()).received > 800, 'the tone over a wss-signalled call');
    expect((await c.transact(dialog, 'BYE')).status).toBe(200);
  });

  it('refuses an upgrade without the sip subprotocol', async () => {
    const pbx = await rig.start({ calls: 0 });
    await expect(SipClient.connect(pbx.sip.url.replace('/ws', '/wsx'), '101', 'x')).rejects.toThrow();
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(pbx.sip.url, 'chat');
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
      ws.once('error', () => undefined);
    });
    ws.terminate();
    expect(status).toBe(400);
  });

  it('calls 600: challenged INVITE, 200 with a loopback answer, RTP echoed both ways, DTMF by RFC 4733 and INFO, hold, BYE; the board sees it all', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    await drainEvents(pbx.port, id);
    const c = await rig.registered(pbx);
    const m = rig.newMedia();
    const { dialog, final, challenged } = await c.invite('600', await m.offer());
    expect(challenged).toBe(true);
    expect(final.status).toBe(200);
    expect(header(final.headers, 'Content-Type')).toBe('application/sdp');
    const candidates = final.body.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.every((l) => l.split(' ')[4] === '127.0.0.1')).toBe(true);
    await m.accept(final.body);
    m.startSending();
    await until(async () => (await m.bytes()).received > 3200, 'echoed audio');
    const bytes = await m.bytes();
    expect(bytes.sent).toBeGreaterThan(3200);
    const view = pbx.sip.calls()[0];
    expect(view).toMatchObject({ peer: '600', direction: 'outgoing', state: 'up' });
    expect(view?.rtpBytesIn).toBeGreaterThan(0);
    expect(view?.rtpBytesOut).toBeGreaterThan(0);
    const channel = view?.channel ?? '';
    expect(channel).toMatch(/^PJSIP\/101-[0-9a-f]{8}$/);

    await m.sendDigit(5);
    await until(() => pbx.sip.dtmf().some((d) => d.via === 'rfc4733'), 'RFC 4733 digit');
    const info = await c.transact(
      dialog,
      'INFO',
      [['Content-Type', 'application/dtmf-relay']],
      'Signal=#\r\nDuration=160\r\n',
    );
    expect(info.status).toBe(200);
    expect(pbx.sip.dtmf()).toEqual([
      { digit: '5', via: 'rfc4733', channel },
      { digit: '#', via: 'info', channel },
    ]);

    const held = await c.transact(
      dialog,
      'INVITE',
      [['Content-Type', 'application/sdp']],
      m.pc.localDescription?.sdp.replace('a=sendrecv', 'a=sendonly'),
    );
    expect(held.status).toBe(200);
    expect(held.body).toContain('a=recvonly');
    c.send(c.inDialog(dialog, 'ACK', [], '', dialog.cseq));
    expect(pbx.sip.calls()[0]?.held).toBe(true);
    const unheld = await c.transact(
      dialog,
      'INVITE',
      [['Content-Type', 'application/sdp']],
      m.pc.localDescription?.sdp,
    );
    expect(unheld.body).toContain('a=sendrecv');
    c.send(c.inDialog(dialog, 'ACK', [], '', dialog.cseq));
    expect(pbx.sip.calls()[0]?.held).toBe(false);

    const bye = await c.transact(dialog, 'BYE');
    expect(bye.status).toBe(200);
    expect(pbx.sip.calls()[0]?.state).toBe('ended');
    const events = await drainEvents(pbx.port, id);
    expect(names(events, channel)).toEqual([
      'Newchannel',
      'Newexten',
      'Newstate',
      'Newexten',
      'DTMFBegin',
      'DTMFEnd',
      'DTMFBegin',
      'DTMFEnd',
      'Hold',
      'Unhold',
      'HangupRequest',
      'SoftHangupRequest',
      'Hangup',
    ]);
    // As Asterisk 22.10.1 ended a JsSIP call to Echo() on BYE: no cause queued, 16 for the
    // application, and a Hangup with cause 0.
    const hangup =
      events.find((e) => field(e, 'Event') === 'Hangup' && field(e, 'Channel') === channel) ?? [];
    expect([field(hangup, 'Cause'), field(hangup, 'Cause-txt')]).toEqual(['0', 'Unknown']);
    const newchannel =
      events.find((e) => field(e, 'Event') === 'Newchannel' && field(e, 'Channel') === channel) ?? [];
    expect(field(newchannel, 'Exten')).toBe('600');
    expect(field(newchannel, 'CallerIDNum')).toBe('101');
    const echo = events.filter((e) => field(e, 'Event') === 'Newexten' && field(e, 'Channel') === channel);
    expect(echo.map((e) => field(e, 'Application'))).toEqual(['Answer', 'Echo']);
    const end = events.find((e) => field(e, 'Event') === 'DTMFEnd' && field(e, 'Digit') === '5') ?? [];
    expect(field(end, 'DurationMs')).toBe('100');
    expect(field(end, 'Direction')).toBe('Received');
    expect(pbx.office.channels()).toEqual([]);
  });

  it('calls 601: a tone arrives without sending anything', async () => {
    const pbx = await rig.start({ calls: 0 });
    const c = await rig.registered(pbx);
    const m = rig.newMedia();
    const { dialog, final } = await c.invite('601', await m.offer());
    expect(final.status).toBe(200);
    expect(final.body).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 /);
    await m.accept(final.body);
    await until(async () => (await m.bytes()).received > 1600, 'the tone');
    expect((await c.transact(dialog, 'BYE')).status).toBe(200);
  });

  it('CANCEL of a call still ringing an office phone: 200, 487, DialEnd CANCEL on the board, the media it was making closed', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const c = await rig.registered(pbx);
    const challenge = await c.challenge();
    const m = rig.newMedia();
    const offer = await m.offer();
    const before = udpSockets();
    const { callId, invite } = c.startInvite('102', offer, { challenge });
    const ringing = await c.next((x) => x.kind === 'response' && x.status === 180, '180 Ringing');
    expect(header(ringing.headers, 'Call-ID')).toBe(callId);
    await drainEvents(pbx.port, id);
    c.cancel(invite);
    expect((await c.response(callId, 'CANCEL')).status).toBe(200);
    expect((await c.response(callId, 'INVITE')).status).toBe(487);
    const events = await drainEvents(pbx.port, id);
    const dialEnd = events.find((e) => field(e, 'Event') === 'DialEnd') ?? [];
    expect(field(dialEnd, 'DialStatus')).toBe('CANCEL');
    expect(field(dialEnd, 'DestChannel')).toMatch(/^PJSIP\/102-/);
    expect(pbx.office.channels()).toEqual([]);
    // The answer werift was making for the offer is closed with the call: its UDP sockets go.
    await until(() => udpSockets() <= before, 'the demo side of the media closed');
  });

  it('a call to an office phone rings, answers into a bridge; REFER blind-transfers the phone to 103 and the PBX hangs up the softphone', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const c = await rig.registered(pbx);
    const m = rig.newMedia();
    await drainEvents(pbx.port, id);
    const { dialog, final } = await c.invite('102', await m.offer());
    expect(final.status).toBe(200);
    await m.accept(final.body);
    const channel = pbx.sip.calls()[0]?.channel ?? '';
    let events = await drainEvents(pbx.port, id);
    expect(names(events, channel)).toEqual([
      'Newchannel',
      'Newexten',
      'DialBegin',
      'Newstate',
      'DialEnd',
      'Newstate',
      'BridgeEnter',
    ]);
    const refer = await c.transact(dialog, 'REFER', [
      ['Refer-To', '<sip:103@127.0.0.1>'],
      ['Referred-By', '<sip:101@127.0.0.1>'],
    ]);
    expect(refer.status).toBe(202);
    // As Asterisk 22.10.1 does: a 100 Trying sipfrag (subscription active) first, then the outcome.
    const trying = await c.request('NOTIFY', dialog.callId);
    expect(trying.body).toBe('SIP/2.0 100 Trying\r\n');
    expect(header(trying.headers, 'Subscription-State')).toBe('active;expires=599');
    const notify = await c.request('NOTIFY', dialog.callId);
    expect(header(notify.headers, 'Event')).toBe(`refer;id=${dialog.cseq}`);
    expect(notify.body).toBe('SIP/2.0 200 OK\r\n');
    const bye = await c.request('BYE', dialog.callId);
    expect(bye.method).toBe('BYE');
    events = await drainEvents(pbx.port, id);
    const blind = events.find((e) => field(e, 'Event') === 'BlindTransfer') ?? [];
    expect(field(blind, 'TransfererChannel')).toBe(channel);
    expect(field(blind, 'TransfereeChannel')).toMatch(/^PJSIP\/102-/);
    expect(field(blind, 'Extension')).toBe('103');
    expect(names(events, channel)).toContain('Hangup');
    expect(
      pbx.office
        .channels()
        .map((x) => x.channel.slice(0, 10))
        .sort(),
    ).toEqual(['PJSIP/102-', 'PJSIP/103-']);
    expect(pbx.sip.calls()[0]).toMatchObject({ state: 'ended', referredTo: '103' });
  });

  it('rings the registered softphone (an office phone calls 101): INVITE with a loopback offer, answered, media, BYE from the phone', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    await expect(pbx.sip.ring('102')).resolves.toBeNull();
    const c = await rig.registered(pbx);
    await drainEvents(pbx.port, id);
    const caller = await pbx.sip.ring('102');
    expect(caller).toMatch(/^PJSIP\/102-/);
    const invite = await c.request('INVITE');
    expect(header(invite.headers, 'From')).toContain('"Ana García" <sip:102@127.0.0.1>');
    const offered = invite.body.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((l) => l.split(' ')[4] === '127.0.0.1')).toBe(true);
    const m = rig.newMedia();
    const dialog = c.answer(invite, await m.answer(invite.body));
    const ack = await c.request('ACK', dialog.callId);
    expect(ack.method).toBe('ACK');
    await until(async () => (await m.bytes()).received > 1600, 'the caller speaking');
    m.startSending();
    await until(() => (pbx.sip.calls()[0]?.rtpBytesIn ?? 0) > 1600, 'the softphone heard');
    const channel = pbx.sip.calls()[0]?.channel ?? '';
    expect(channel).toMatch(/^PJSIP\/101-/);
    // Hold from the callee's side: the answer is the demo's offer turned answer (its DTLS role settled).
    const hold = await c.transact(
      dialog,
      'INVITE',
      [['Content-Type', 'application/sdp']],
      m.pc.localDescription?.sdp.replace('a=sendrecv', 'a=sendonly'),
    );
    expect(hold.status).toBe(200);
    expect(hold.body).toContain('a=recvonly');
    expect(hold.body).not.toContain('a=setup:actpass');
    expect(hold.body).toMatch(/a=setup:(active|passive)/);
    c.send(c.inDialog(dialog, 'ACK', [], '', dialog.cseq));
    expect(pbx.sip.calls()[0]?.held).toBe(true);
    expect((await c.transact(dialog, 'BYE')).status).toBe(200);
    const events = await drainEvents(pbx.port, id);
    expect(names(events, channel)).toEqual([
      'Newchannel',
      'DialBegin',
      'Newstate',
      'Newstate',
      'DialEnd',
      'BridgeEnter',
      'Hold',
      'HangupRequest',
      'BridgeLeave',
      'Hangup',
    ]);
    expect(pbx.office.channels()).toEqual([]);
  });

  it('an Originate of PJSIP/101 rings the registered softphone with its PJSIP_HEADER, and goes on when it answers', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const c = await rig.registered(pbx);
    await drainEvents(pbx.port, id);
    const query = new URLSearchParams({
      action: 'Originate',
      Channel: 'PJSIP/101',
      Context: 'from-internal',
      Exten: '102',
      Priority: '1',
      Async: 'true',
      ActionID: 'ctd-1',
      Variable: 'PJSIP_HEADER(add,X-AJAM-Auto-Answer)=ctd-1',
    });
    const reply = await action(pbx.port, id, query.toString());
    expect(field(reply[0] ?? [], 'Response')).toBe('Success');
    const invite = await c.request('INVITE');
    expect(header(invite.headers, 'X-AJAM-Auto-Answer')).toBe('ctd-1');
    let events = await drainEvents(pbx.port, id);
    expect(events.some((e) => field(e, 'Event') === 'OriginateResponse')).toBe(false);
    const m = rig.newMedia();
    const dialog = c.answer(invite, await m.answer(invite.body));
    await c.request('ACK', dialog.callId);
    await until(async () => (await m.bytes()).received > 800, 'audio after answer');
    events = await drainEvents(pbx.port, id);
    const response = events.find((e) => field(e, 'Event') === 'OriginateResponse') ?? [];
    expect(field(response, 'Response')).toBe('Success');
    expect(field(response, 'ActionID')).toBe('ctd-1');
    const channel = field(response, 'Channel') ?? '';
    expect(channel).toMatch(/^PJSIP\/101-/);
    const dial = events.find((e) => field(e, 'Event') === 'DialBegin') ?? [];
    expect(field(dial, 'Channel')).toBe(channel);
    expect(field(dial, 'DestChannel')).toMatch(/^PJSIP\/102-/);
    expect((await c.transact(dialog, 'BYE')).status).toBe(200);
    expect(pbx.office.channels()).toEqual([]);
  });

  it('a click-to-dial of 600 rings the softphone, and once answered the echo sends back what it hears', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const c = await rig.registered(pbx);
    await drainEvents(pbx.port, id);
    const query = new URLSearchParams({
      action: 'Originate',
      Channel: 'PJSIP/101',
      Context: 'from-internal',
      Exten: '600',
      Priority: '1',
      Async: 'true',
      ActionID: 'ctd-600',
    });
    expect(field((await action(pbx.port, id, query.toString()))[0] ?? [], 'Response')).toBe('Success');
    const invite = await c.request('INVITE');
    const m = rig.newMedia();
    const dialog = c.answer(invite, await m.answer(invite.body));
    await c.request('ACK', dialog.callId);
    m.startSending();
    await until(async () => (await m.bytes()).received > 3200, 'the echo');
    const events = await drainEvents(pbx.port, id);
    const channel =
      field(events.find((e) => field(e, 'Event') === 'OriginateResponse') ?? [], 'Channel') ?? '';
    const apps = events
      .filter((e) => field(e, 'Event') === 'Newexten' && field(e, 'Channel') === channel)
      .map((e) => field(e, 'Application'));
    expect(apps).toEqual(['Answer', 'Echo']);
    expect((await c.transact(dialog, 'BYE')).status).toBe(200);
    expect(pbx.office.channels()).toEqual([]);
  });

  it('an Originate the softphone declines fails as on a real Asterisk 22.10.1 (Reason 0, DialEnd BUSY, cause 17)', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const c = await rig.registered(pbx);
    await drainEvents(pbx.port, id);
    const query = new URLSearchParams({
      action: 'Originate',
      Channel: 'PJSIP/101',
      Context: 'from-internal',
      Exten: '102',
      Priority: '1',
      Async: 'true',
      ActionID: 'ctd-2',
    });
    await action(pbx.port, id, query.toString());
    const invite = await c.request('INVITE');
    c.send(responseTo(invite, 486, 'Busy Here', [], '', 'x1'));
    const ack = await c.request('ACK', header(invite.headers, 'Call-ID'));
    expect(ack.method).toBe('ACK');
    await until(async () => pbx.office.channels().length === 0, 'the originated channel gone');
    const events = await drainEvents(pbx.port, id);
    const response = events.find((e) => field(e, 'Event') === 'OriginateResponse') ?? [];
    expect(field(response, 'Response')).toBe('Failure');
    expect(field(response, 'Reason')).toBe('0');
    expect(field(response, 'Channel')).toBe('PJSIP/101');
    const hangup = events.find((e) => field(e, 'Event') === 'Hangup') ?? [];
    expect(field(hangup, 'Cause-txt')).toBe('User busy');
    // The order the real one sent them in.
    expect(
      events
        .map((e) => field(e, 'Event'))
        .filter((name) => ['HangupRequest', 'DialEnd', 'OriginateResponse', 'Hangup'].includes(name ?? '')),
    ).toEqual(['HangupRequest', 'DialEnd', 'OriginateResponse', 'Hangup']);
    const dialEnd = events.find((e) => field(e, 'Event') === 'DialEnd') ?? [];
    expect(field(dialEnd, 'DialStatus')).toBe('BUSY');
  });

  it('an Originate of the softphone while it talks rings as call waiting (RINGINUSE); declined, it fails busy and 101 is in use again', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const c = await rig.registered(pbx);
    await pbx.sip.ring('102');
    const first = await c.request('INVITE');
    const m = rig.newMedia();
    const dialog = c.answer(first, await m.answer(first.body));
    await c.request('ACK', dialog.callId);
    const device = async (): Promise<string | undefined> => {
      const query = `action=Getvar&Variable=${encodeURIComponent('DEVICE_STATE(PJSIP/101)')}`;
      return field((await action(pbx.port, id, query))[0] ?? [], 'Value');
    };
    await until(async () => (await device()) === 'INUSE', '101 in use');
    await drainEvents(pbx.port, id);
    const query = new URLSearchParams({
      action: 'Originate',
      Channel: 'PJSIP/101',
      Context: 'from-internal',
      Exten: '103',
      Priority: '1',
      Async: 'true',
      ActionID: 'cw-1',
      ChannelId: 'cw-leg-1',
    });
    await action(pbx.port, id, query.toString());
    const waiting = await c.request('INVITE');
    expect(header(waiting.headers, 'Call-ID')).not.toBe(dialog.callId);
    c.send(responseTo(waiting, 486, 'Busy Here', [], '', 'cw'));
    await c.request('ACK', header(waiting.headers, 'Call-ID'));
    await until(() => pbx.office.channels().every((ch) => ch.uniqueid !== 'cw-leg-1'), 'the leg gone');
    const events = await drainEvents(pbx.port, id);
    const leg = events.filter(
      (e) => field(e, 'Uniqueid') === 'cw-leg-1' || field(e, 'DestUniqueid') === 'cw-leg-1',
    );
    expect(leg.map((e) => field(e, 'Event'))).toEqual([
      'Newchannel',
      'DialBegin',
      'Newstate',
      'HangupRequest',
      'DialEnd',
      'OriginateResponse',
      'Hangup',
    ]);
    // An Originate dials with no calling channel: only the Dest side (05d-1).
    const begin = leg[1] ?? [];
    expect(field(begin, 'Channel')).toBeUndefined();
    expect(field(begin, 'DialString')).toBe('101');
    expect(field(leg[4] ?? [], 'DialStatus')).toBe('BUSY');
    expect([field(leg[5] ?? [], 'Reason'), field(leg[5] ?? [], 'Channel')]).toEqual(['0', 'PJSIP/101']);
    const states = events
      .filter((e) => field(e, 'Event') === 'DeviceStateChange' && field(e, 'Device') === 'PJSIP/101')
      .map((e) => field(e, 'State'));
    expect(states).toEqual(['RINGINUSE', 'INUSE']);
    expect(await device()).toBe('INUSE');
    expect((await c.transact(dialog, 'BYE')).status).toBe(200);
  });

  it('attended transfer: REFER with Replaces joins the two office phones and ends both softphone legs', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const c = await rig.registered(pbx);
    const m1 = rig.newMedia();
    const first = await c.invite('102', await m1.offer());
    expect(first.final.status).toBe(200);
    const held = await c.transact(
      first.dialog,
      'INVITE',
      [['Content-Type', 'application/sdp']],
      m1.pc.localDescription?.sdp.replace('a=sendrecv', 'a=inactive'),
    );
    expect(held.body).toContain('a=inactive');
    c.send(c.inDialog(first.dialog, 'ACK', [], '', first.dialog.cseq));
    const m2 = rig.newMedia();
    const second = await c.invite('103', await m2.offer());
    expect(second.final.status).toBe(200);
    await drainEvents(pbx.port, id);
    const replaces = encodeURIComponent(
      `${second.dialog.callId};to-tag=${second.dialog.remoteTag};from-tag=${second.dialog.localTag}`,
    );
    const refer = await c.transact(first.dialog, 'REFER', [
      ['Refer-To', `<sip:103@127.0.0.1?Replaces=${replaces}>`],
    ]);
    expect(refer.status).toBe(202);
    expect((await c.request('NOTIFY', first.dialog.callId)).body).toBe('SIP/2.0 100 Trying\r\n');
    const notify = await c.request('NOTIFY', first.dialog.callId);
    expect(notify.body).toBe('SIP/2.0 200 OK\r\n');
    await c.request('BYE', first.dialog.callId);
    await c.request('BYE', second.dialog.callId);
    const events = await drainEvents(pbx.port, id);
    const attended = events.find((e) => field(e, 'Event') === 'AttendedTransfer') ?? [];
    expect(field(attended, 'Result')).toBe('Success');
    expect(field(attended, 'TransfereeChannel')).toMatch(/^PJSIP\/102-/);
    expect(field(attended, 'TransferTargetChannel')).toMatch(/^PJSIP\/103-/);
    const left = pbx.office.channels();
    expect(left.map((x) => x.channel.slice(0, 10)).sort()).toEqual(['PJSIP/102-', 'PJSIP/103-']);
    expect(left[0]?.bridgeId).toBe(left[1]?.bridgeId);
    expect(pbx.sip.calls().map((x) => x.state)).toEqual(['ended', 'ended']);
  });

  it('a declined incoming call: 603 is ACKed and both channels go with User busy', async () => {
    const pbx = await rig.start({ calls: 0 });
    const c = await rig.registered(pbx);
    await pbx.sip.ring('104');
    const invite = await c.request('INVITE');
    expect(header(invite.headers, 'From')).toContain('<sip:104@127.0.0.1>');
    c.send(responseTo(invite, 603, 'Decline', [], '', 'd1'));
    await c.request('ACK', header(invite.headers, 'Call-ID'));
    await until(() => pbx.office.channels().length === 0, 'both channels gone');
    expect(pbx.sip.calls()[0]?.state).toBe('ended');
  });

  it('with ringEverySeconds a free office phone calls the registered softphone by itself; a busy one does not', async () => {
    const pbx = await rig.start({ calls: 0, sip: { ringEverySeconds: 1, password: 'pw-for-this-run' } });
    expect(pbx.sip.password).toBe('pw-for-this-run');
    // 102 is on a call with 106: it cannot be the one that calls.
    pbx.office.placeCall({ from: '106', to: '102' });
    pbx.office.step();
    const c = await rig.registered(pbx);
    expect(await pbx.sip.ring('102')).toBeNull();
    const invite = await c.request('INVITE');
    expect(header(invite.headers, 'From')).toMatch(/<sip:10[3-5]@127\.0\.0\.1>/);
    c.send(responseTo(invite, 486, 'Busy Here', [], '', 'b1'));
  });

  it('an offer werift cannot take gets 488 and leaves nothing behind; a lost WebSocket hangs its calls up', async () => {
    const pbx = await rig.start({ calls: 0 });
    const c = await rig.registered(pbx);
    const bad = await c.invite('600', 'v=0\r\nthis is not SDP\r\n');
    expect(bad.final.status).toBe(488);
    expect(pbx.office.channels()).toEqual([]);
    const m = rig.newMedia();
    const good = await c.invite('601', await m.offer());
    expect(good.final.status).toBe(200);
    expect(pbx.office.channels()).toHaveLength(1);
    c.close();
    await until(() => pbx.office.channels().length === 0, 'the call hung up with its WebSocket');
    expect(pbx.sip.registered()).toBe(false);
    expect(pbx.sip.calls().map((x) => [x.peer, x.state])).toEqual([['601', 'ended']]);
  });

  it('closing the demo with calls up hangs them up and closes their media', async () => {
    const pbx = await rig.start({ calls: 0 });
    const c = await rig.registered(pbx);
    const m = rig.newMedia();
    const offer = await m.offer();
    const before = udpSockets();
    const { final } = await c.invite('601', offer);
    expect(final.status).toBe(200);
    expect(udpSockets()).toBeGreaterThan(before);
    await rig.closePbx();
    await until(() => udpSockets() <= before, 'the demo side of the media closed');
  });

  it('a REFER on a call to 600 has nothing to transfer: NOTIFY 400 (404 for an unknown extension), the call goes on', async () => {
    // What a real Asterisk 22.10.1 answered a JsSIP REFER on a call to Echo(): 202, NOTIFY 100 Trying,
    // then 400 Bad Request (AST_BRIDGE_TRANSFER_INVALID), or 404 Not Found when the target is no extension.
    const pbx = await rig.start({ calls: 0 });
    const c = await rig.registered(pbx);
    const m = rig.newMedia();
    const { dialog } = await c.invite('600', await m.offer());
    expect((await c.transact(dialog, 'REFER', [['Refer-To', '<sip:103@127.0.0.1>']])).status).toBe(202);
    expect((await c.request('NOTIFY', dialog.callId)).body).toBe('SIP/2.0 100 Trying\r\n');
    const notify = await c.request('NOTIFY', dialog.callId);
    expect(notify.body).toBe('SIP/2.0 400 Bad Request\r\n');
    expect((await c.transact(dialog, 'REFER', [['Refer-To', '<sip:6999@127.0.0.1>']])).status).toBe(202);
    expect((await c.request('NOTIFY', dialog.callId)).body).toBe('SIP/2.0 100 Trying\r\n');
    expect((await c.request('NOTIFY', dialog.callId)).body).toBe('SIP/2.0 404 Not Found\r\n');
    expect(pbx.sip.calls()[0]?.state).toBe('up');
    expect((await c.transact(dialog, 'BYE')).status).toBe(200);
  });

  it('answers OPTIONS, and an AMI Hangup of the softphone channel sends it BYE', async () => {
    const pbx = await rig.start({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const c = await rig.registered(pbx);
    const m = rig.newMedia();
    const { dialog } = await c.invite('600', await m.offer());
    const options = await c.transact(dialog, 'OPTIONS');
    expect(options.status).toBe(200);
    expect(header(options.headers, 'Allow')).toContain('REFER');
    const channel = pbx.sip.calls()[0]?.channel ?? '';
    await action(pbx.port, id, `action=Hangup&Channel=${encodeURIComponent(channel)}`);
    const bye = await c.request('BYE', dialog.callId);
    expect(bye.method).toBe('BYE');
    expect(pbx.sip.calls()[0]?.state).toBe('ended');
  });
});
