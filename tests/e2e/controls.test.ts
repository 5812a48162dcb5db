/**
 * Every call control end to end, in Debian's Chromium, against the real preview (console service,
 * router, WebSocket bridge) and the demo PBX over HTTP on 127.0.0.1. Each test gets a fresh demo
 * office (seeded, no background traffic) and drives it only through office.step(), so what the PBX
 * does is the same on every run. Each asserts three things: what the PBX did (its office state, or
 * what it answers and emits to a second AMI session of the test's own), what the board shows, and
 * the feedback in Asterisk's words.
 */
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import type { AjamClient } from '../../electron/ajam/api';
import { startDemoPbx } from '../../electron/demo/server';
import type { DemoChannel, DemoPbx } from '../../electron/demo/api';
import { startPreview } from '../../electron/preview';
import type { Preview } from '../../electron/preview';
import { get } from '../../shared/ami';
import type { AmiMessage } from '../../shared/ami';
import { launchChromium } from './browser';
import { boardIds, buildRenderer, cleanup, connectViaForm, pbxIds } from './harness';

const OPERATOR = 'PJSIP/106';
const CALLER = { from: '+34911234567', fromName: 'Cliente Madrid' } as const;

let rendererDir = '';
let preview: Preview;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/**
 * The bridge between the page and main, relayed so the tests can hold frames back. The board's view
 * of the PBX lags it by an event's trip (WaitEvent, reducer, ~30 ms batch, WebSocket): holding the
 * board patches lets a test act on a channel the PBX has already hung up while the board still shows
 * it. Holding responses keeps a control in flight for as long as a test needs. Requests the page sends
 * are counted by channel.
 */
const relay = {
  holdPatches: false,
  holdResponses: false,
  held: [] as string[],
  requests: [] as string[],
  toPage: undefined as ((frame: string) => void) | undefined,
};

function frameKind(frame: string): { t?: unknown; channel?: unknown } {
  try {
    return JSON.parse(frame) as { t?: unknown; channel?: unknown };
  } catch {
    return {};
  }
}

function holdBoardPatches(): void {
  relay.holdPatches = true;
}

function holdResponses(): void {
  relay.holdResponses = true;
}

/** Lets everything through again, held frames first, in the order they came. */
function releaseFrames(): void {
  relay.holdPatches = false;
  relay.holdResponses = false;
  for (const frame of relay.held.splice(0)) relay.toPage?.(frame);
}

function requestsOn(channel: string): number {
  return relay.requests.filter((c) => c === channel).length;
}

function relayBridge(route: WebSocketRoute): void {
  const server = route.connectToServer();
  relay.toPage = (frame) => route.send(frame);
  route.onMessage((m) => {
    const frame = typeof m === 'string' ? m : m.toString('utf8');
    const kind = frameKind(frame);
    if (kind.t === 'request' && typeof kind.channel === 'string') relay.requests.push(kind.channel);
    server.send(frame);
  });
  server.onMessage((m) => {
    const frame = typeof m === 'string' ? m : m.toString('utf8');
    const kind = frameKind(frame);
    const hold =
      (relay.holdPatches && kind.t === 'event' && kind.channel === 'board:patch') ||
      (relay.holdResponses && kind.t === 'response');
    if (hold) relay.held.push(frame);
    else route.send(frame);
  });
}

beforeAll(async () => {
  rendererDir = await buildRenderer();
  preview = await startPreview({ rendererDir });
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-US',
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  await page.routeWebSocket(/\/ipc$/, relayBridge);
  await page.goto(preview.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  if (rendererDir) await cleanup(rendererDir);
});

let pbx: DemoPbx;
/** The test's own AMI session: queries the PBX and records every event it emits. */
let ami: AjamClient;
let events: AmiMessage[] = [];

beforeEach(async () => {
  pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 7 });
  events = [];
  ami = createClient({ url: pbx.url, user: 'admin', secret: '12345' });
  await ami.connect();
  ami.onEvent((e) => events.push(e));
  ami.startEvents();
  await connectViaForm(page, pbx, { operatorEndpoint: OPERATOR });
  const status = page.getByRole('status', { name: 'Connection status' });
  await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
}, 60_000);

afterEach(async () => {
  releaseFrames();
  relay.requests = [];
  // A test that failed midway may have left a dialog open over the banner.
  if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape');
  const disconnect = page.getByRole('button', { name: 'Disconnect' });
  if (await disconnect.isVisible()) await disconnect.click();
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor({ timeout: 15_000 });
  await ami.close();
  await pbx.close();
  expect(pageErrors).toEqual([]);
}, 60_000);

// ---- helpers ----

function channelOf(name: string): DemoChannel | undefined {
  return pbx.office.channels().find((c) => c.channel === name);
}

function channelsOf(endpoint: string): DemoChannel[] {
  return pbx.office.channels().filter((c) => c.channel.startsWith(`${endpoint}-`));
}

function only(list: readonly DemoChannel[], what: string): DemoChannel {
  if (list.length !== 1) throw new Error(`expected one ${what}, the PBX has ${list.length}`);
  return list[0] as DemoChannel;
}

async function boardMatchesPbx(): Promise<void> {
  await expect.poll(() => boardIds(page), { timeout: 10_000 }).toEqual(pbxIds(pbx));
}

/** An answered call from outside to `to`; returns the caller's (trunk) and the callee's channels. */
async function answeredCall(to = '101'): Promise<{ caller: DemoChannel; callee: DemoChannel }> {
  const name = pbx.office.placeCall({ ...CALLER, to });
  pbx.office.step();
  const caller = channelOf(name);
  const callee = only(channelsOf(`PJSIP/${to}`), `PJSIP/${to} channel`);
  if (!caller) throw new Error(`the demo office dropped the call to ${to}`);
  expect(caller.state).toBe('Up');
  expect(callee.bridgeId).toBe(caller.bridgeId);
  await boardMatchesPbx();
  return { caller, callee };
}

function row(ch: DemoChannel) {
  return page.locator(`[data-uniqueid="${ch.uniqueid}"]`);
}

function cardOf(ch: DemoChannel) {
  return page.locator('article.card', { has: row(ch) });
}

async function select(ch: DemoChannel): Promise<void> {
  await row(ch).locator('.select').click();
  expect(await row(ch).locator('.select').getAttribute('aria-pressed')).toBe('true');
  expect(await page.getByRole('region', { name: 'Call controls' }).textContent()).toContain(ch.channel);
}

/** The device state the endpoints panel shows for an extension. */
function endpointState(exten: string): Promise<string | null> {
  return page
    .locator('section[aria-labelledby="endpoints-title"] li')
    .filter({ has: page.locator('.id', { hasText: new RegExp(`(^|/)${exten}$`) }) })
    .locator('.state')
    .textContent();
}

function controls() {
  return page.getByRole('region', { name: 'Call controls' });
}

/** The newest toast of a kind: main's notice worded for the operator, and Asterisk's own words as detail. */
async function expectToast(kind: 'ok' | 'error' | 'info', text: string, detail?: string): Promise<void> {
  await expect
    .poll(() => page.locator(`.toast.${kind} .text`).last().textContent(), { timeout: 10_000 })
    .toBe(text);
  if (detail !== undefined) {
    expect(await page.locator(`.toast.${kind}`).last().locator('.detail').textContent()).toBe(detail);
  }
}

/** Every toast of a kind on screen, oldest first. */
function toastTexts(kind: 'ok' | 'error'): Promise<string[]> {
  return page.locator(`.toast.${kind} .text`).allTextContents();
}

function eventsNamed(name: string, channel?: string): AmiMessage[] {
  return events.filter(
    (e) => get(e, 'Event') === name && (channel === undefined || get(e, 'Channel') === channel),
  );
}

/** What the PBX answers when asked the same thing directly: Asterisk's words, as the core reports them. */
async function pbxRefusal(action: string, fields: Record<string, string>): Promise<string> {
  let message = '';
  await ami.send(action, fields).then(
    () => undefined,
    // What Asterisk said, as the console shows it under its own sentence.
    (e: Error & { notice?: { detail?: string } }) => (message = e.notice?.detail ?? e.message),
  );
  if (!message) throw new Error(`${action} unexpectedly succeeded`);
  return message;
}

async function statusOf(channel: string): Promise<AmiMessage> {
  const listed = await ami.list('Status', { Channel: channel });
  const status = listed.events[0];
  if (!status) throw new Error(`the PBX reports no status for ${channel}`);
  return status;
}

// Generous timeouts: Chromium on two shared cores can take seconds per page under load.
describe('call controls in Chromium against the demo PBX', { timeout: 120_000 }, () => {
  it('blind transfer (BlindTransfer by the peer) moves the caller; done on the BlindTransfer event', async () => {
    const { caller, callee } = await answeredCall('101');
    await select(caller);
    await controls().getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Blind transfer' });
    await dialog.getByLabel('Extension').fill('102');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    // Queued first, then done on Asterisk's BlindTransfer event (not on the action's reply).
    await expectToast('info', `Transferring ${caller.channel} to 102…`);
    await expectToast('ok', `${caller.channel} was transferred to 102.`);
    await expect.poll(() => eventsNamed('BlindTransfer').length).toBe(1);
    expect(get(eventsNamed('BlindTransfer')[0] as AmiMessage, 'TransfereeChannel')).toBe(caller.channel);

    // The PBX: the caller left 101's bridge and now dials 102; 101's leg is gone.
    const moved = channelOf(caller.channel);
    expect(moved).toMatchObject({ context: 'from-internal', exten: '102', bridgeId: null });
    expect(channelOf(callee.channel)).toBeUndefined();
    const target = only(channelsOf('PJSIP/102'), 'PJSIP/102 channel');
    expect(target.state).toBe('Ringing');
    const dialsTo102 = () =>
      eventsNamed('DialBegin', caller.channel).filter((e) => get(e, 'DestChannel') === target.channel);
    await expect.poll(() => dialsTo102().length).toBe(1);

    // The board: 101's row went, 102's came, the caller's row says where it is now.
    await boardMatchesPbx();
    expect(await row(caller).locator('.where').textContent()).toBe('from-internal / 102');
    expect(await row(target).textContent()).toContain(target.channel);
    expect(await cardOf(target).locator('.line').count()).toBe(2);
    expect(await cardOf(caller).getAttribute('class')).toContain('ringing');

    // 102 answers: one bridged call, the caller and 102.
    pbx.office.step();
    const answered = channelOf(target.channel);
    expect(answered?.bridgeId).not.toBeNull();
    expect(channelOf(caller.channel)?.bridgeId).toBe(answered?.bridgeId);
    await expect.poll(() => cardOf(caller).getAttribute('class')).toContain('up');
    expect(await cardOf(caller).locator('.meta').textContent()).toContain('Bridged · 2 channels');
    expect(await cardOf(caller).locator(`[data-uniqueid="${target.uniqueid}"]`).count()).toBe(1);
  });

  it('attended transfer (keyboard: A, extension, Enter) consults, then completes when the transferer hangs up', async () => {
    const { caller, callee: transferer } = await answeredCall('101');
    await select(transferer);
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: 'Attended transfer' });
    await dialog.waitFor();
    await page.keyboard.type('103');
    await page.keyboard.press('Enter');
    // The caller is the party that moves; the transfer is only queued until Asterisk reports it.
    await expectToast('info', `Attended transfer of ${caller.channel} to 103 started…`);
    expect(await toastTexts('ok')).not.toContain(
      `The attended transfer of ${caller.channel} to 103 is complete.`,
    );

    // Consultation: 101 left the caller's bridge (the caller hears hold music) and rings 103.
    const target = only(channelsOf('PJSIP/103'), 'PJSIP/103 channel');
    expect(target.state).toBe('Ringing');
    expect(channelOf(transferer.channel)?.bridgeId).toBeNull();
    expect(channelOf(caller.channel)?.bridgeId).toBe(caller.bridgeId);
    await expect.poll(() => eventsNamed('MusicOnHoldStart', caller.channel).length).toBe(1);
    await boardMatchesPbx();
    expect(await row(target).textContent()).toContain(target.channel);

    // 103 answers into a consultation bridge with 101.
    pbx.office.step();
    const consult = channelOf(target.channel);
    expect(consult?.state).toBe('Up');
    expect(consult?.bridgeId).not.toBeNull();
    expect(channelOf(transferer.channel)?.bridgeId).toBe(consult?.bridgeId);
    await boardMatchesPbx();
    expect(await cardOf(caller).locator('.line').count()).toBe(3);

    // 101 hangs up: the transfer completes, the caller and 103 share the caller's original bridge.
    pbx.office.step();
    expect(channelOf(transferer.channel)).toBeUndefined();
    expect(channelOf(target.channel)?.bridgeId).toBe(caller.bridgeId);
    expect(channelOf(caller.channel)?.bridgeId).toBe(caller.bridgeId);
    await expect.poll(() => eventsNamed('AttendedTransfer').length).toBe(1);
    const done = eventsNamed('AttendedTransfer');
    expect(get(done[0] as AmiMessage, 'Result')).toBe('Success');
    // Shown done only now, after the PBX's AttendedTransfer event.
    await expectToast('ok', `The attended transfer of ${caller.channel} to 103 is complete.`);
    await boardMatchesPbx();
    expect(await row(transferer).count()).toBe(0);
    expect(await cardOf(caller).locator(`[data-uniqueid="${target.uniqueid}"]`).count()).toBe(1);
    expect(await cardOf(caller).locator('.meta').textContent()).toContain('Bridged · 2 channels');
  });

  it('park (keyboard: P) moves the call to a parking space and the board shows it parked', async () => {
    const { caller, callee } = await answeredCall('101');
    await select(caller);
    await page.keyboard.press('p');
    await expectToast('ok', `${caller.channel} parked.`, 'Park successful');

    // As in Asterisk 22: the caller keeps its dialplan place and waits in the parking bridge.
    const parkedChannel = channelOf(caller.channel);
    expect(parkedChannel).toMatchObject({ context: caller.context, exten: caller.exten });
    expect(parkedChannel?.bridgeId).toBeTruthy();
    expect(parkedChannel?.bridgeId).not.toBe(caller.bridgeId);
    const parkingBridge = (await ami.list('BridgeList')).events.find(
      (e) => get(e, 'BridgeUniqueid') === parkedChannel?.bridgeId,
    );
    expect(parkingBridge && get(parkingBridge, 'BridgeType')).toBe('parking');
    expect(channelOf(callee.channel)).toBeUndefined();
    await expect.poll(() => eventsNamed('ParkedCall').length).toBe(1);
    const parked = eventsNamed('ParkedCall');
    expect(get(parked[0] as AmiMessage, 'ParkeeChannel')).toBe(caller.channel);
    expect(get(parked[0] as AmiMessage, 'ParkingSpace')).toBe('701');

    await boardMatchesPbx();
    await expect.poll(() => cardOf(caller).locator('.chip.park').textContent()).toBe('Parked at 701');
    expect(await row(caller).locator('.where').textContent()).toBe(`${caller.context} / ${caller.exten}`);
  });

  it('record starts MixMonitor and shows the indicator; stop runs StopMixMonitor and removes it', async () => {
    const { caller } = await answeredCall('101');
    await select(caller);
    const record = controls().getByRole('button', { name: 'Record', exact: true });
    expect(await record.getAttribute('aria-pressed')).toBe('false');
    await record.click();
    await expectToast('ok', `Recording ${caller.channel}.`, 'Success');

    await expect.poll(() => eventsNamed('MixMonitorStart', caller.channel).length).toBe(1);
    const file = await ami.send('Getvar', { Channel: caller.channel, Variable: 'MIXMONITOR_FILENAME' });
    expect(get(file, 'Value')).toMatch(
      /^\/var\/spool\/asterisk\/monitor\/console-PJSIP-trunk-[0-9a-f]{8}-\d+\.wav$/,
    );
    await expect.poll(() => row(caller).locator('.rec-dot').count()).toBe(1);
    expect(await cardOf(caller).locator('.chip.rec').textContent()).toBe('Recording');
    const stop = controls().getByRole('button', { name: 'Stop recording', exact: true });
    expect(await stop.getAttribute('aria-pressed')).toBe('true');

    await stop.click();
    await expectToast('ok', `Recording of ${caller.channel} stopped.`, 'Success');
    await expect.poll(() => eventsNamed('MixMonitorStop', caller.channel).length).toBe(1);
    // Nothing left to stop: the PBX says so itself.
    expect(await pbxRefusal('StopMixMonitor', { Channel: caller.channel })).toContain(
      'Could not stop monitoring channel',
    );
    await expect.poll(() => row(caller).locator('.rec-dot').count()).toBe(0);
    expect(await cardOf(caller).locator('.chip.rec').count()).toBe(0);
    expect(await record.getAttribute('aria-pressed')).toBe('false');
  });

  it("listen, whisper (keyboard: W) and barge ring the operator's extension into ChanSpy", async () => {
    const { caller } = await answeredCall('101');
    await select(caller);
    const cases = [
      {
        mode: 'Listen',
        sentence: 'listen to',
        options: 'qE',
        trigger: () => controls().getByRole('button', { name: 'Listen' }).click(),
      },
      { mode: 'Whisper', sentence: 'whisper to', options: 'qEw', trigger: () => page.keyboard.press('w') },
      {
        mode: 'Barge',
        sentence: 'barge into',
        options: 'qEB',
        trigger: () => controls().getByRole('button', { name: 'Barge' }).click(),
      },
    ];
    for (const c of cases) {
      const before = pbxIds(pbx);
      await c.trigger();
      // Asterisk only queues the Originate; how it went follows as its own confirmation.
      await expect
        .poll(() => toastTexts('ok'), { timeout: 10_000 })
        .toEqual(
          expect.arrayContaining([
            `Your phone will ring to ${c.sentence} ${caller.channel}.`,
            `${c.mode} ${caller.channel}: ${OPERATOR} answered`,
          ]),
        );

      // The PBX rang the operator's own phone, which runs ChanSpy on the selected channel.
      await expect.poll(() => channelsOf(OPERATOR).length, { timeout: 10_000 }).toBe(1);
      const spy = only(channelsOf(OPERATOR), 'operator channel');
      expect(before).not.toContain(spy.uniqueid);
      expect(spy).toMatchObject({ callerIdName: c.mode, callerIdNum: 'spy', state: 'Up' });
      await expect.poll(() => eventsNamed('OriginateResponse').length).toBe(cases.indexOf(c) + 1);
      const response = eventsNamed('OriginateResponse').at(-1);
      expect(response && get(response, 'Response')).toBe('Success');
      expect(response && get(response, 'Channel')).toBe(spy.channel);
      expect(response && get(response, 'Application')).toBe('ChanSpy');
      expect(response && get(response, 'Data')).toBe(`${caller.channel},${c.options}`);
      const status = await statusOf(spy.channel);
      expect(get(status, 'Application')).toBe('ChanSpy');
      expect(get(status, 'Data')).toBe(`${caller.channel},${c.options}`);

      // A new call on the board: the operator's leg, named for the mode.
      await boardMatchesPbx();
      expect(await row(spy).locator('.caller').textContent()).toBe(c.mode);
      expect(await row(spy).locator('.chan').textContent()).toBe(spy.channel);

      // Done listening: the operator hangs up, which frees the phone for the next mode.
      await ami.send('Hangup', { Channel: spy.channel });
      await boardMatchesPbx();
      expect(await row(caller).locator('.select').getAttribute('aria-pressed')).toBe('true');
    }
  });

  it('a click-to-dial the operator’s busy phone refuses shows why, after Asterisk queued it', async () => {
    // The operator's own phone is on a call.
    const { caller, callee } = await answeredCall(OPERATOR.slice('PJSIP/'.length));
    const before = pbxIds(pbx);
    await page.getByLabel('Number to dial').fill('102');
    await page.getByRole('button', { name: 'Dial', exact: true }).click();
    await expect
      .poll(() => toastTexts('ok'), { timeout: 10_000 })
      .toContain('Your phone will ring, then 102 is called.');
    await expectToast('error', `Dial 102: ${OPERATOR} is busy`);
    expect(await page.getByRole('alert').last().textContent()).toContain(`${OPERATOR} is busy`);
    expect(await toastTexts('ok')).not.toContain(`Dial 102: ${OPERATOR} answered`);

    // The PBX: the busy phone rang with the call waiting and declined it (486), which a real
    // Asterisk 22.10.1 reports as Reason 0; "busy" came from the leg's DialEnd and hangup cause.
    await expect.poll(() => eventsNamed('OriginateResponse').length).toBe(1);
    const response = eventsNamed('OriginateResponse')[0] as AmiMessage;
    expect(get(response, 'Response')).toBe('Failure');
    expect(get(response, 'Reason')).toBe('0');
    expect(get(response, 'Channel')).toBe(OPERATOR);
    expect(get(response, 'Exten')).toBe('102');
    const refused = eventsNamed('Hangup').filter((e) => get(e, 'Cause') === '17');
    expect(refused.map((e) => get(e, 'Channel'))).toEqual([expect.stringMatching(/^PJSIP\/106-/)]);
    const leg = get(refused[0] as AmiMessage, 'Uniqueid');
    expect(get(response, 'Uniqueid')).toBe(leg);
    const dialEnd = eventsNamed('DialEnd').find((e) => get(e, 'DestUniqueid') === leg);
    expect(dialEnd && get(dialEnd, 'DialStatus')).toBe('BUSY');
    expect(channelsOf('PJSIP/102')).toEqual([]);
    expect(pbxIds(pbx)).toEqual(before);
    await boardMatchesPbx();
    expect(channelOf(caller.channel)?.bridgeId).toBe(callee.bridgeId);
  });

  it('shows hold when the PBX puts a call on hold, and clears it on unhold', async () => {
    // An internal caller, so its phone's device state shows the hold too.
    const name = pbx.office.placeCall({ from: '105', to: '101' });
    pbx.office.step();
    const caller = channelOf(name);
    if (!caller) throw new Error('the demo office dropped the call from 105');
    await boardMatchesPbx();
    expect(await row(caller).locator('.hold-mark').count()).toBe(0);

    pbx.office.step();
    await expect.poll(() => eventsNamed('Hold', caller.channel).length).toBe(1);
    await expect.poll(() => row(caller).locator('.hold-mark').count()).toBe(1);
    expect(await cardOf(caller).getAttribute('class')).toContain('hold');
    expect(await row(caller).locator('.hold-mark').getAttribute('title')).toBe('On hold');
    await expect.poll(() => endpointState('105')).toBe('On hold');

    pbx.office.step();
    await expect.poll(() => eventsNamed('Unhold', caller.channel).length).toBe(1);
    await expect.poll(() => row(caller).locator('.hold-mark').count()).toBe(0);
    expect(await cardOf(caller).getAttribute('class')).not.toContain('hold');
    await expect.poll(() => endpointState('105')).toBe('In use');
  });

  it('shows Asterisk’s own error when a control acts on a channel that just hung up', async () => {
    /** Each control, triggered from the UI on the selected channel, and what the PBX answers to it. */
    const cases: {
      label: (channel: string) => string;
      recording?: boolean;
      trigger: () => Promise<void>;
      refusal: (channel: string) => Promise<string>;
      asterisk: (channel: string) => string;
    }[] = [
      {
        label: (ch) => `Could not hang up ${ch}.`,
        trigger: async () => {
          await page.keyboard.press('Delete');
          const confirm = page.getByRole('dialog', { name: 'Hang up this channel?' });
          await confirm.getByRole('button', { name: 'Hang up', exact: true }).click();
        },
        refusal: (ch) => pbxRefusal('Hangup', { Channel: ch }),
        asterisk: () => 'No such channel',
      },
      {
        label: (ch) => `Could not transfer ${ch} to 102.`,
        trigger: async () => {
          await page.keyboard.press('t');
          await page.getByRole('dialog', { name: 'Blind transfer' }).getByLabel('Extension').fill('102');
          await page.keyboard.press('Enter');
        },
        refusal: (ch) =>
          pbxRefusal('Redirect', { Channel: ch, Context: 'from-internal', Exten: '102', Priority: '1' }),
        asterisk: (ch) => `Channel does not exist: ${ch}`,
      },
      {
        label: (ch) => `Could not park ${ch}.`,
        trigger: () => controls().getByRole('button', { name: 'Park' }).click(),
        refusal: (ch) => pbxRefusal('Park', { Channel: ch }),
        asterisk: (ch) => `Channel does not exist: ${ch}`,
      },
      {
        label: (ch) => `Could not start recording ${ch}.`,
        trigger: () => page.keyboard.press('r'),
        refusal: (ch) => pbxRefusal('MixMonitor', { Channel: ch, File: 'x.wav' }),
        asterisk: () => 'No such channel',
      },
      {
        label: (ch) => `Could not stop recording ${ch}.`,
        recording: true,
        trigger: () => controls().getByRole('button', { name: 'Stop recording' }).click(),
        refusal: (ch) => pbxRefusal('StopMixMonitor', { Channel: ch }),
        asterisk: () => 'No such channel',
      },
    ];
    for (const c of cases) {
      const { caller } = await answeredCall('101');
      await select(caller);
      if (c.recording) {
        await controls().getByRole('button', { name: 'Record', exact: true }).click();
        await expect.poll(() => row(caller).locator('.rec-dot').count()).toBe(1);
      }
      // The caller hangs up at the PBX; the board has not heard yet.
      holdBoardPatches();
      await ami.send('Hangup', { Channel: caller.channel });
      expect(channelOf(caller.channel)).toBeUndefined();
      expect(await row(caller).count()).toBe(1);

      await c.trigger();
      const words = await c.refusal(caller.channel);
      expect(words).toContain(c.asterisk(caller.channel));
      await expectToast('error', c.label(caller.channel), words);
      expect(await page.getByRole('alert').last().textContent()).toContain(c.asterisk(caller.channel));

      // The patch was held all along: the row is still there until it is let through.
      expect(await row(caller).count()).toBe(1);
      releaseFrames();
      await boardMatchesPbx();
      expect(await row(caller).count()).toBe(0);
    }
  });

  it('an attended transfer of a call that just ended is refused by the console, not sent', async () => {
    const { caller, callee } = await answeredCall('101');
    await select(callee);
    holdBoardPatches();
    await ami.send('Hangup', { Channel: caller.channel });
    expect(channelOf(caller.channel)).toBeUndefined();
    await controls().getByRole('button', { name: 'Attended transfer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attended transfer' });
    await dialog.getByLabel('Extension').fill('103');
    await dialog.getByRole('button', { name: 'Attended transfer' }).click();
    // The switchboard knows the caller is gone: no Atxfer reaches Asterisk, the reason is shown.
    await expectToast(
      'error',
      `${caller.channel} is not talking to anyone: there is nobody to do an attended transfer.`,
    );
    expect(requestsOn('switchboard:transfer')).toBeGreaterThan(0);
    expect(channelsOf('PJSIP/103')).toEqual([]);
    releaseFrames();
    await boardMatchesPbx();
  });

  it('sends a control once when its shortcut is pressed again while the first is on its way', async () => {
    const { caller } = await answeredCall('101');
    await select(caller);
    holdResponses();
    await page.keyboard.press('r');
    await expect.poll(() => requestsOn('channels:record-start')).toBe(1);
    expect(await controls().getByRole('button', { name: 'Record', exact: true }).isDisabled()).toBe(true);
    await page.keyboard.press('r');
    await page.keyboard.press('p');
    releaseFrames();
    await expectToast('ok', `Recording ${caller.channel}.`, 'Success');
    await expect.poll(() => row(caller).locator('.rec-dot').count()).toBe(1);

    // A later request is the marker: frames from the page arrive in order, so once it is here any
    // second MixMonitor would be too.
    await page.keyboard.press('r');
    await expectToast('ok', `Recording of ${caller.channel} stopped.`, 'Success');
    expect(requestsOn('channels:record-stop')).toBe(1);
    expect(requestsOn('channels:record-start')).toBe(1);
    expect(requestsOn('channels:park')).toBe(0);
    await expect.poll(() => eventsNamed('MixMonitorStop', caller.channel).length).toBe(1);
    expect(eventsNamed('MixMonitorStart', caller.channel)).toHaveLength(1);
    expect(channelOf(caller.channel)?.context).toBe('from-internal');
  });
});
