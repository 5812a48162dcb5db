/**
 * The console service against the real demo PBX over HTTP on 127.0.0.1, driven through the router
 * exactly as a window drives it (in-memory transport: same validation, same JSON copies).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { startDemoPbx } from '../../electron/demo/server';
import type { DemoPbx } from '../../electron/demo/api';
import { connectInMemory, type MemoryClient } from '../../electron/ipc/memory';
import { applyPatch } from '../../electron/state/patches';
import { fail, type CallOutcome, type SessionStatus } from '../../shared/ipc';
import { notice, wordNotice } from '../../shared/notices';
import { englishFormat, noticesEn } from '../../shared/notices-en';
import { noticesEs, spanishFormat } from '../../shared/notices-es';
import { header, responseTo } from '../../electron/demo/sip/message';
import { SipClient } from '../softphone/client';
import type { BoardSnapshot } from '../../shared/model';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { calls?: number; eventsPerSecond?: number } = {}) {
  const pbx = await startDemoPbx({
    calls: options.calls ?? 3,
    callsPerSecond: 0,
    eventsPerSecond: options.eventsPerSecond ?? 0,
    failedLoginDelayMs: 20,
  });
  cleanups.push(() => pbx.close());
  const console_ = createConsole({
    createClient: (profile) =>
      createClient(profile, { minBackoffMs: 100, maxBackoffMs: 300, random: () => 0.5 }),
    patchIntervalMs: 30,
  });
  cleanups.push(() => console_.close());
  const window = connectInMemory(console_.router);
  cleanups.push(async () => window.close());
  const statuses: SessionStatus[] = [];
  window.api.onSessionStatus((status) => statuses.push(status));
  return { pbx, console: console_, window, statuses };
}

/** What the renderer holds: the subscribe snapshot with every patch and snapshot event applied. */
async function follow(window: MemoryClient) {
  const result = await window.api.subscribeBoard();
  if (!result.ok) throw new Error(result.error.message);
  const view = { board: result.value as BoardSnapshot, updates: 0 };
  window.api.onBoardPatch((patch) => {
    view.board = applyPatch(view.board, patch);
    view.updates++;
  });
  window.api.onBoardSnapshot((board) => {
    view.board = board;
    view.updates++;
  });
  return view;
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function pbxChannels(pbx: DemoPbx) {
  return pbx.office
    .channels()
    .map((c) => ({ uniqueid: c.uniqueid, channel: c.channel, state: c.state, bridgeId: c.bridgeId }))
    .sort((a, b) => a.uniqueid.localeCompare(b.uniqueid));
}

function boardChannels(board: BoardSnapshot) {
  return Object.values(board.channels)
    .map((c) => ({ uniqueid: c.uniqueid, channel: c.channel, state: c.state, bridgeId: c.bridgeId }))
    .sort((a, b) => a.uniqueid.localeCompare(b.uniqueid));
}

describe('the console service against the demo PBX', () => {
  it('connects, reports status, and the board is exactly the PBX channels', async () => {
    const { pbx, window, statuses } = await setup();
    const result = await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      state: 'connected',
      url: pbx.url,
      user: 'admin',
      sessionTimeoutSeconds: 60,
    });
    expect(result.value.server).toMatch(/^Asterisk \d+/);
    await until('status events', () => statuses.at(-1)?.state === 'connected');
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'connected']);

    const view = await follow(window);
    expect(pbxChannels(pbx).length).toBeGreaterThan(0);
    expect(boardChannels(view.board)).toEqual(pbxChannels(pbx));
    expect((await window.api.getStatus()).ok).toBe(true);
  });

  it("hangs up a channel and the board drops it; an unknown channel gets Asterisk's words", async () => {
    const { pbx, window } = await setup();
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    const view = await follow(window);
    const victim = pbx.office.channels()[0];
    if (!victim) throw new Error('the demo has no calls');
    const done = await window.api.hangup({ channel: victim.channel });
    // Asterisk's words stay as they are; the operator reads a sentence keyed by the control (item 18).
    expect(done).toEqual({
      ok: true,
      value: {
        message: 'Channel Hungup',
        notice: notice('control.done.hangup', { channel: victim.channel }, 'Channel Hungup'),
      },
    });
    await until('the hangup to reach the board', () => view.board.channels[victim.uniqueid] === undefined);
    await until(
      'the board to match the PBX',
      () => JSON.stringify(boardChannels(view.board)) === JSON.stringify(pbxChannels(pbx)),
    );

    const missing = await window.api.hangup({ channel: 'PJSIP/999-deadbeef' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).toBe('action-failed');
      expect(missing.error.message).toContain('No such channel');
      expect(missing.error.notice).toEqual(
        notice('control.failed.hangup', { channel: 'PJSIP/999-deadbeef' }, 'No such channel'),
      );
    }
  });

  it('click-to-dial rings the operator first and the new call appears on the board', async () => {
    const { pbx, window } = await setup({ calls: 0 });
    const connected = await window.api.connect({
      url: pbx.url,
      user: 'admin',
      secret: '12345',
      operatorEndpoint: 'PJSIP/101',
    });
    expect(connected.ok && connected.value.operatorEndpoint).toBe('PJSIP/101');
    const view = await follow(window);
    expect(Object.keys(view.board.channels)).toEqual([]);
    const dialled = await window.api.originate({ number: '102' });
    expect(dialled).toMatchObject({
      ok: true,
      value: {
        message: 'Originate successfully queued',
        requestId: expect.stringMatching(/^console-originate-/),
      },
    });
    await until('the originated call on the board', () =>
      Object.values(view.board.channels).some((c) => c.channel.startsWith('PJSIP/101-')),
    );
    await until(
      'the board to match the PBX',
      () => JSON.stringify(boardChannels(view.board)) === JSON.stringify(pbxChannels(pbx)),
    );
  });

  it('click-to-dial tells the window that asked, and only it, that the operator answered', async () => {
    const { pbx, console: console_, window } = await setup({ calls: 0 });
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345', operatorEndpoint: 'PJSIP/101' });
    const other = connectInMemory(console_.router);
    cleanups.push(async () => other.close());
    const outcomes: CallOutcome[] = [];
    const overheard: CallOutcome[] = [];
    window.api.onCallOutcome((outcome) => outcomes.push(outcome));
    other.api.onCallOutcome((outcome) => overheard.push(outcome));

    const dialled = await window.api.originate({ number: '102' });
    if (!dialled.ok) throw new Error(dialled.error.message);
    await until('the outcome', () => outcomes.length === 1);
    expect(outcomes[0]).toEqual({
      requestId: dialled.value.requestId,
      control: 'dial',
      target: '102',
      endpoint: 'PJSIP/101',
      ok: true,
      reason: 'answered',
      reasonCode: 4,
      notice: notice('outcome.answered', { endpoint: 'PJSIP/101' }),
      message: 'PJSIP/101 answered',
    });
    // The PBX did ring the operator's phone, which now dials 102.
    expect(pbx.office.channels().some((c) => c.channel.startsWith('PJSIP/101-'))).toBe(true);
    expect(pbx.office.channels().some((c) => c.channel.startsWith('PJSIP/102-'))).toBe(true);
    expect(overheard).toEqual([]);
  });

  it('a busy operator desk phone rings with the call waiting and declines it: "busy" from DialEnd and the cause, not from Reason 0', async () => {
    const { pbx, window } = await setup({ calls: 0 });
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345', operatorEndpoint: 'PJSIP/101' });
    const view = await follow(window);
    // The operator is already on a call.
    pbx.office.placeCall({ from: '+34911000333', fromName: 'Ocupado', to: '101' });
    pbx.office.step();
    const before = pbxChannels(pbx);
    expect(before.filter((c) => c.channel.startsWith('PJSIP/101-') && c.state === 'Up')).toHaveLength(1);
    const outcomes: CallOutcome[] = [];
    window.api.onCallOutcome((outcome) => outcomes.push(outcome));

    const dialled = await window.api.originate({ number: '103' });
    // What Asterisk answers to the Originate itself: only that it was queued.
    expect(dialled.ok && dialled.value.message).toBe('Originate successfully queued');
    await until('the outcome', () => outcomes.length === 1);
    const outcome = outcomes[0] as CallOutcome;
    expect(outcome).toMatchObject({
      requestId: dialled.ok ? dialled.value.requestId : '',
      control: 'dial',
      target: '103',
      ok: false,
      // As a real Asterisk 22.10.1 reports a 486: Reason 0, the busy is in the channel's events.
      reasonCode: 0,
      dialStatus: 'BUSY',
      hangupCause: 17,
      reason: 'busy',
      notice: notice('outcome.busy', { endpoint: 'PJSIP/101' }),
      message: 'PJSIP/101 is busy',
    });
    expect(wordNotice(noticesEn, outcome.notice, englishFormat)).toBe('PJSIP/101 is busy');
    expect(wordNotice(noticesEs, outcome.notice, spanishFormat)).toBe('PJSIP/101 está ocupado');
    // The waiting call came and went; the call in progress is untouched, on the PBX and the board.
    expect(pbxChannels(pbx)).toEqual(before);
    await until(
      'the board to match the PBX',
      () => JSON.stringify(boardChannels(view.board)) === JSON.stringify(pbxChannels(pbx)),
    );
  });

  it.each([
    [486, 'Busy Here', 'busy', 17, 'BUSY', 'PJSIP/101 is busy', 'PJSIP/101 está ocupado'],
    [
      603,
      'Decline',
      'declined',
      21,
      'NOANSWER',
      'PJSIP/101 declined the call',
      'PJSIP/101 ha rechazado la llamada',
    ],
  ] as const)(
    'a click-to-dial the registered softphone answers with %i is worded "%s" from its events, in English and Spanish',
    async (status, phrase, reason, cause, dialStatus, english, spanish) => {
      const { pbx, window } = await setup({ calls: 0 });
      const phone = await SipClient.connect(pbx.sip.url, pbx.sip.user, pbx.sip.password);
      cleanups.push(async () => phone.close());
      expect((await phone.register()).final.status).toBe(200);
      await window.api.connect({
        url: pbx.url,
        user: 'admin',
        secret: '12345',
        operatorEndpoint: 'PJSIP/101',
      });
      const outcomes: CallOutcome[] = [];
      window.api.onCallOutcome((outcome) => outcomes.push(outcome));

      const dialled = await window.api.originate({ number: '102' });
      expect(dialled.ok).toBe(true);
      const invite = await phone.request('INVITE');
      phone.send(responseTo(invite, status, phrase, [], '', 'decline'));
      await phone.request('ACK', header(invite.headers, 'Call-ID'));
      await until('the outcome', () => outcomes.length === 1);
      const outcome = outcomes[0] as CallOutcome;
      expect(outcome).toMatchObject({ ok: false, reason, reasonCode: 0, dialStatus, hangupCause: cause });
      expect(outcome.message).toBe(english);
      expect(wordNotice(noticesEs, outcome.notice, spanishFormat)).toBe(spanish);
      await until('the declined channel gone', () => pbx.office.channels().length === 0);
    },
  );

  it('listening from a phone the PBX does not have fails with Reason 0', async () => {
    const { pbx, window } = await setup({ calls: 1 });
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345', operatorEndpoint: 'PJSIP/199' });
    const target = pbx.office.channels()[0];
    if (!target) throw new Error('no calls');
    const outcomes: CallOutcome[] = [];
    window.api.onCallOutcome((outcome) => outcomes.push(outcome));
    const spied = await window.api.spy({ channel: target.channel, mode: 'whisper' });
    expect(spied.ok && spied.value.message).toBe('Originate successfully queued');
    await until('the outcome', () => outcomes.length === 1);
    expect(outcomes[0]).toMatchObject({
      control: 'whisper',
      target: target.channel,
      endpoint: 'PJSIP/199',
      ok: false,
      reason: 'failed',
      reasonCode: 0,
    });
  });

  it('a wrong secret comes back as the core words it, and the session is closed', async () => {
    const { pbx, window, statuses } = await setup();
    const result = await window.api.connect({ url: pbx.url, user: 'admin', secret: 'wrong' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('auth');
    expect(result.error.message.length).toBeGreaterThan(10);
    await until('the closed status', () => statuses.at(-1)?.state === 'closed');
    expect(statuses.at(-1)?.error).toEqual(result.error);
    expect(await window.api.hangup({ channel: 'PJSIP/101-00000001' })).toEqual(
      fail('not-connected', notice('console.not-connected')),
    );
  });

  it('shows lost and back across a PBX restart and resyncs the board', async () => {
    const { pbx, window, statuses } = await setup();
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    const view = await follow(window);
    // A call the restarted PBX will not have: it must not survive as a ghost.
    const ghostName = pbx.office.placeCall({ from: '+34911000111', fromName: 'Antes', to: '105' });
    await until('the first call on the board', () =>
      Object.values(view.board.channels).some(
        (c) => c.channel === ghostName && c.callerIdNum === '+34911000111',
      ),
    );

    await pbx.stop();
    await until('lost', () => statuses.at(-1)?.state === 'lost', 15_000);
    const lost = statuses.at(-1);
    expect(lost?.retryInSeconds).toBeGreaterThanOrEqual(0);
    expect(lost?.error?.message.length).toBeGreaterThan(0);

    await pbx.start();
    // Placed before the console logs in again: only the resync's lists can show it.
    const placedName = pbx.office.placeCall({ from: '+34933000222', fromName: 'Después', to: '105' });
    await until('back', () => statuses.at(-1)?.state === 'back', 15_000);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'connected', 'lost', 'back']);
    // Same seed, same ids: the restarted office reuses the ghost's uniqueid, so only the caller
    // number tells the resynced board from the stale one.
    await until(
      'the board to match the restarted PBX',
      () =>
        JSON.stringify(boardChannels(view.board)) === JSON.stringify(pbxChannels(pbx)) &&
        Object.values(view.board.channels).some((c) => c.callerIdNum === '+34933000222'),
    );
    const callers = Object.values(view.board.channels).map((c) => c.callerIdNum);
    expect(callers).toContain('+34933000222');
    expect(callers).not.toContain('+34911000111');
    expect(Object.values(view.board.channels).some((c) => c.channel === placedName)).toBe(true);
    const status = await window.api.getStatus();
    expect(status.ok && status.value.state).toBe('back');
  });

  it('spy needs the operator endpoint, and is refused with a reason without it', async () => {
    const { pbx, window } = await setup();
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    const target = pbx.office.channels()[0];
    if (!target) throw new Error('no calls');
    const refused = await window.api.spy({ channel: target.channel, mode: 'listen' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('no-operator');
  });

  it('disconnect logs off, empties the board and says closed', async () => {
    const { pbx, window } = await setup();
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    const view = await follow(window);
    expect(Object.keys(view.board.channels).length).toBeGreaterThan(0);
    const closed = await window.api.disconnect();
    expect(closed.ok && closed.value.state).toBe('closed');
    await until('the board to empty', () => Object.keys(view.board.channels).length === 0);
  });

  it('batches a burst of events into at most one patch per ~30 ms per window', async () => {
    const { pbx, window } = await setup({ calls: 6 });
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    await follow(window);
    const arrivals: number[] = [];
    window.api.onBoardPatch(() => arrivals.push(performance.now()));
    // Drive the office hard for a while: every few ms a call advances or a new one rings.
    for (let i = 0; i < 300 && arrivals.length < 15; i++) {
      if (i % 10 === 0) pbx.office.placeCall();
      pbx.office.step();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until('a stream of patches', () => arrivals.length >= 10, 5_000);
    // The batcher starts flushes at least 30 ms apart, but a flush's own work (or a busy machine
    // pausing the process in it) delays its delivery, so neighbouring arrivals can come closer.
    // Judge the whole stream: n patches span at least (n - 1) intervals, less one for such a delay.
    // Without batching they would come every few ms, one per step of the office.
    const span = (arrivals.at(-1) as number) - (arrivals[0] as number);
    expect(span).toBeGreaterThanOrEqual((arrivals.length - 2) * 30);
  });

  it('records, stops, transfers and parks with the PBX answering each in its own words', async () => {
    const { pbx, window } = await setup();
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    const view = await follow(window);
    const bridged = pbx.office.channels().filter((c) => c.bridgeId !== null);
    const [first, second, third] = bridged;
    if (!first || !second || !third) throw new Error('the demo has too few bridged channels');

    const started = await window.api.startRecording({ channel: first.channel });
    expect(started.ok).toBe(true);
    await until('the recording mark', () => view.board.channels[first.uniqueid]?.recording === true);
    expect(await window.api.stopRecording({ channel: first.channel })).toMatchObject({
      ok: true,
      // app_mixmonitor answers a bare `Response: Success`, no Message line.
      value: { message: 'Success', notice: { key: 'control.done.record-stop' } },
    });
    await until(
      'the recording mark to clear',
      () => view.board.channels[first.uniqueid]?.recording === false,
    );

    expect(await window.api.atxfer({ channel: second.channel, exten: '105' })).toMatchObject({
      ok: true,
      value: { message: 'Atxfer successfully queued', notice: { key: 'control.done.atxfer' } },
    });
    expect(await window.api.park({ channel: third.channel, timeoutSeconds: 30 })).toMatchObject({
      ok: true,
      value: { message: 'Park successful', notice: { key: 'control.done.park', detail: 'Park successful' } },
    });
    const gone = await window.api.redirect({ channel: 'PJSIP/999-00000000', exten: '101' });
    expect(gone.ok).toBe(false);
    if (!gone.ok) {
      expect(gone.error.code).toBe('action-failed');
      expect(gone.error.notice).toMatchObject({
        key: 'control.failed.redirect',
        params: { channel: 'PJSIP/999-00000000', exten: '101' },
        detail: 'Channel does not exist: PJSIP/999-00000000',
      });
    }
  });
});
