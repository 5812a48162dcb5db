/**
 * The softphone end to end (issue 11): the built renderer in Debian's Chromium with a fake microphone
 * (`--use-fake-device-for-media-stream`, its beep), through the real preview started with --demo,
 * against the demo PBX's SIP-over-WebSocket side and its werift media on 127.0.0.1. The page
 * registers by itself as the operator (101); the tests call 600 (echo) and check RTP bytes grow
 * both ways in getStats, hold and unhold, a DTMF digit reaching the demo, a blind transfer, hang-up,
 * an incoming call answered, call waiting (its beep, answered or declined busy), a click-to-dial
 * answered by itself, and the level meters moving.
 */
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Office } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { startPreview, type Preview, type PreviewSoftphone } from '../../electron/preview';
import { buildRenderer, cleanup } from './harness';

/** Records every RTCPeerConnection the page makes, so the test can read its getStats. */
const RECORD_CONNECTIONS = `
  (() => {
    const Original = window.RTCPeerConnection;
    const made = [];
    window.__connections = made;
    window.RTCPeerConnection = class extends Original {
      constructor(...args) { super(...args); made.push(this); }
    };
  })();
`;

/** Records the page's live Web Audio oscillators, so the test can tell the ringtone from the call-waiting beep. */
const RECORD_TONES = `
  (() => {
    const live = new Set();
    window.__tones = () => [...live].map((o) => o.frequency.value).sort((a, b) => a - b);
    const { start, stop } = OscillatorNode.prototype;
    OscillatorNode.prototype.start = function (...args) { live.add(this); return start.apply(this, args); };
    OscillatorNode.prototype.stop = function (...args) { live.delete(this); return stop.apply(this, args); };
  })();
`;

/** RTP bytes of the newest peer connection: [sent, received]. */
const RTP_BYTES = `(async () => {
  const pc = window.__connections[window.__connections.length - 1];
  if (!pc) return [0, 0];
  let sent = 0, received = 0;
  (await pc.getStats()).forEach((r) => {
    if (r.type === 'outbound-rtp' && r.kind === 'audio') sent += r.bytesSent;
    if (r.type === 'inbound-rtp' && r.kind === 'audio') received += r.bytesReceived;
  });
  return [sent, received];
})()`;

let rendererDir: string;
let preview: Preview;
let browser: Browser;

beforeAll(async () => {
  rendererDir = await buildRenderer();
  preview = await startPreview({
    rendererDir,
    demo: { calls: 0, callsPerSecond: 0, eventsPerSecond: 0, failedLoginDelayMs: 50, seed: 11 },
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}, 120_000);

// A failed test must not leave its page registered (or in a call) for the next one, and the calls a
// test left in the office (a transfer's parties talk on) must not keep the next test's phones busy.
const contexts: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  const office = preview?.pbx?.office as Office | undefined;
  for (const { channel } of office?.channels() ?? []) {
    const chan = office?.find(channel);
    if (chan) office?.hangup(chan);
  }
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  if (rendererDir) await cleanup(rendererDir);
});

async function until<T>(what: string, read: () => Promise<T> | T, ok: (value: T) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    last = await read();
  }
  return last;
}

async function open(locale = 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale });
  await context.addInitScript(RECORD_CONNECTIONS);
  await context.addInitScript(RECORD_TONES);
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(preview.url);
  return { page, errors };
}

function pbx() {
  const demo = preview.pbx;
  if (!demo) throw new Error('the preview started no demo PBX');
  return demo;
}

/** A device's state as the demo's hints see it (what DeviceStateChange last said). */
const deviceState = (device: string): string => (pbx().office as Office).deviceState(device);

const rtp = (page: Page) => page.evaluate<[number, number]>(RTP_BYTES);
const tones = (page: Page) => page.evaluate<number[]>('window.__tones()');

async function registered(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByRole('status', { name: 'Softphone' }).textContent(), { timeout: 15_000 })
    .toContain('Registered as 101');
}

async function dial(page: Page, number: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Number', exact: true }).fill(number);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
}

describe('the softphone against the demo PBX', () => {
  it('registers by itself as the operator, calls 600 with media both ways, holds, sends DTMF, hangs up', async () => {
    const { page, errors } = await open();
    await expect
      .poll(() => page.getByRole('status', { name: 'Softphone' }).textContent(), { timeout: 15_000 })
      .toContain('Registered as 101');
    expect(pbx().sip.registered()).toBe(true);

    await page.getByRole('textbox', { name: 'Number', exact: true }).fill('600');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    const call = page.getByRole('group', { name: /^Call with 600/ });
    await expect.poll(() => call.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');

    // RTP flows both ways and keeps flowing: the fake microphone's beep goes out, the echo comes back.
    const first = await until(
      'RTP both ways',
      () => rtp(page),
      ([sent, received]) => sent > 0 && received > 0,
    );
    const later = await until(
      'RTP to grow',
      () => rtp(page),
      ([sent, received]) => sent > first[0] + 2000 && received > first[1] + 2000,
    );
    expect(later[0]).toBeGreaterThan(first[0]);
    const seen = pbx()
      .sip.calls()
      .find((c) => c.peer === '600' && c.state === 'up');
    expect(seen?.rtpBytesIn).toBeGreaterThan(0);
    expect(seen?.rtpBytesOut).toBeGreaterThan(0);

    // The meters report live values: the beep is heard in the microphone and comes back echoed.
    const mic = page.getByRole('meter', { name: 'Microphone level' });
    const remote = page.getByRole('meter', { name: 'Remote audio level' });
    await expect
      .poll(async () => Number(await mic.getAttribute('aria-valuenow')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await remote.getAttribute('aria-valuenow')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => call.getByRole('timer', { name: 'Call time' }).textContent()).toMatch(/^00:0\d$/);

    // DTMF as RFC 4733 telephone-events reaches the demo.
    await call.getByRole('button', { name: 'Keypad' }).click();
    await call.getByRole('button', { name: '5', exact: true }).click();
    await until(
      'the digit at the demo',
      () => pbx().sip.dtmf(),
      (digits) => digits.some((d) => d.digit === '5' && d.via === 'rfc4733'),
    );

    // Hold and back: a re-INVITE the demo sees, and the button says it is pressed.
    const hold = call.getByRole('button', { name: 'Hold' });
    await hold.click();
    await expect.poll(() => call.getAttribute('data-phase')).toBe('held');
    expect(await hold.getAttribute('aria-pressed')).toBe('true');
    await until(
      'the demo to see the hold',
      () =>
        pbx()
          .sip.calls()
          .find((c) => c.callId === seen?.callId)?.held,
      (h) => h === true,
    );
    await hold.click();
    await expect.poll(() => call.getAttribute('data-phase')).toBe('active');
    await until(
      'the demo to see the unhold',
      () =>
        pbx()
          .sip.calls()
          .find((c) => c.callId === seen?.callId)?.held,
      (h) => h === false,
    );

    // Mute stops the microphone meter.
    const mute = call.getByRole('button', { name: 'Mute' });
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => Number(await mic.getAttribute('aria-valuenow'))).toBe(0);
    await mute.click();

    await call.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => call.count()).toBe(0);
    await until(
      'the demo to see the hang-up',
      () =>
        pbx()
          .sip.calls()
          .find((c) => c.callId === seen?.callId)?.state,
      (s) => s === 'ended',
    );
    expect(errors).toEqual([]);
  }, 90_000);

  it('transfers a call blind, and connects a held call with a second one (attended)', async () => {
    const { page } = await open();
    await registered(page);
    // Blind: 102 answers, then goes to 103 by REFER; our leg ends.
    await dial(page, '102');
    const first = page.getByRole('group', { name: /^Call with 102/ });
    await expect.poll(() => first.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
    const callId = await until(
      'the demo to see the call',
      () =>
        pbx()
          .sip.calls()
          .find((c) => c.peer === '102' && c.state === 'up')?.callId,
      (id) => id !== undefined,
    );
    await first.getByRole('button', { name: 'Transfer' }).click();
    await first.getByRole('textbox', { name: 'Number to transfer to' }).fill('103');
    await first.locator('form').getByRole('button', { name: 'Transfer', exact: true }).click();
    await until(
      'the REFER at the demo',
      () =>
        pbx()
          .sip.calls()
          .find((c) => c.callId === callId)?.referredTo,
      (to) => to === '103',
    );
    await expect.poll(() => first.count(), { timeout: 10_000 }).toBe(0);

    // Attended: 104 on hold, a second call to 105, then the two are put through to each other.
    await dial(page, '104');
    const held = page.getByRole('group', { name: /^Call with 104/ });
    await expect.poll(() => held.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
    await held.getByRole('button', { name: 'Hold' }).click();
    await expect.poll(() => held.getAttribute('data-phase')).toBe('held');
    await dial(page, '105');
    const second = page.getByRole('group', { name: /^Call with 105/ });
    await expect.poll(() => second.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
    await held.getByRole('button', { name: 'Transfer' }).click();
    await held.getByRole('button', { name: 'Connect 104 with 105' }).click();
    await expect
      .poll(() => page.getByRole('group', { name: /^Call with / }).count(), { timeout: 10_000 })
      .toBe(0);
    const ended = pbx()
      .sip.calls()
      .filter((c) => c.peer === '104' || c.peer === '105');
    expect(ended.map((c) => c.state)).toEqual(['ended', 'ended']);
    expect(ended.find((c) => c.peer === '104')?.referredTo).toBe('105');
  }, 90_000);

  it('rings for an incoming call with its caller and answers it', async () => {
    const { page } = await open();
    await expect
      .poll(() => page.getByRole('status', { name: 'Softphone' }).textContent(), { timeout: 15_000 })
      .toContain('Registered as 101');
    const channel = await pbx().sip.ring('103');
    expect(channel).not.toBeNull();
    const call = page.getByRole('group', { name: /^Call with .*103/ });
    await expect.poll(() => call.getAttribute('data-phase'), { timeout: 15_000 }).toBe('incoming');
    await call.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => call.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
    await until(
      'RTP in',
      () => rtp(page),
      ([, received]) => received > 0,
    );
    await call.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => call.count()).toBe(0);
  }, 60_000);

  it('a second call while talking is call waiting: a soft beep, caller ID, answered (the first held) or declined busy', async () => {
    const { page, errors } = await open();
    await registered(page);
    // Alone, an incoming call plays the full ringtone (two tones).
    expect(await pbx().sip.ring('105')).not.toBeNull();
    const alone = page.getByRole('group', { name: /^Call with .*105/ });
    await expect.poll(() => alone.getAttribute('data-phase'), { timeout: 15_000 }).toBe('incoming');
    await expect.poll(() => tones(page)).toEqual([440, 480]);
    expect(await alone.textContent()).toContain('Incoming call');
    await alone.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => alone.count()).toBe(0);
    await expect.poll(() => tones(page)).toEqual([]);

    await dial(page, '600');
    const first = page.getByRole('group', { name: /^Call with 600/ });
    await expect.poll(() => first.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
    const firstId = await until(
      'the demo to see the echo call',
      () =>
        pbx()
          .sip.calls()
          .find((c) => c.peer === '600' && c.state === 'up')?.callId,
      (id) => id !== undefined,
    );

    // 103 calls while 600 talks: Asterisk rings the busy endpoint anyway (RINGINUSE), the phone beeps.
    expect(await pbx().sip.ring('103')).toMatch(/^PJSIP\/103-/);
    const waiting = page.getByRole('group', { name: /^Call with .*103/ });
    await expect.poll(() => waiting.getAttribute('data-phase'), { timeout: 15_000 }).toBe('incoming');
    expect(deviceState('PJSIP/101')).toBe('RINGINUSE');
    expect(await waiting.textContent()).toContain('Call waiting');
    expect(await waiting.textContent()).toContain('103');
    await expect.poll(() => tones(page)).toEqual([440]);
    expect(await first.getAttribute('data-phase')).toBe('active');

    // Answering it holds the first call (a re-INVITE the demo sees) and talks to 103.
    await waiting.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => waiting.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
    await expect.poll(() => first.getAttribute('data-phase'), { timeout: 15_000 }).toBe('held');
    await until(
      'the demo to see the first call held',
      () =>
        pbx()
          .sip.calls()
          .find((c) => c.callId === firstId)?.held,
      (held) => held === true,
    );
    await expect.poll(() => tones(page)).toEqual([]);
    const before = await rtp(page);
    await until(
      'RTP from 103',
      () => rtp(page),
      ([, received]) => received > before[1] + 1000,
    );
    expect(deviceState('PJSIP/101')).toBe('INUSE');
    await waiting.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => waiting.count()).toBe(0);
    await first.getByRole('button', { name: 'Hold' }).click();
    await expect.poll(() => first.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');

    // Declined: 486 Busy Here, the caller's Dial ends BUSY, the first call goes on.
    expect(await pbx().sip.ring('104')).toMatch(/^PJSIP\/104-/);
    const declined = page.getByRole('group', { name: /^Call with .*104/ });
    await expect.poll(() => declined.getAttribute('data-phase'), { timeout: 15_000 }).toBe('incoming');
    await expect.poll(() => tones(page)).toEqual([440]);
    await declined.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => declined.count()).toBe(0);
    await until(
      'the demo to end the declined call',
      () =>
        pbx()
          .sip.calls()
          .filter((c) => c.peer === '104')
          .map((c) => c.state),
      (states) => states.length > 0 && states.every((state) => state === 'ended'),
    );
    await expect.poll(() => tones(page)).toEqual([]);
    expect(await first.getAttribute('data-phase')).toBe('active');
    expect(deviceState('PJSIP/101')).toBe('INUSE');
    expect(deviceState('PJSIP/104')).toBe('NOT_INUSE');
    await first.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => first.count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it('answers by itself the calls a click-to-dial or the grid of this window rings, and only those', async () => {
    const { page } = await open();
    await expect
      .poll(() => page.getByRole('status', { name: 'Softphone' }).textContent(), { timeout: 15_000 })
      .toContain('Registered as 101');
    // Click-to-dial from the Dial panel: main originates on PJSIP/101 with the auto-answer header.
    await page.getByLabel('Number to dial').fill('600');
    await page.getByRole('button', { name: 'Dial', exact: true }).click();
    const call = page.getByRole('group', { name: /^Call with / });
    await expect.poll(() => call.first().getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
    await expect.poll(() => call.first().textContent()).toContain('Answered by itself');
    await call.first().getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => call.count()).toBe(0);
    // A call from the switchboard grid: the extension's button originates from the operator's phone.
    await page.locator('button[data-exten="102"]').click();
    const fromGrid = page.getByRole('group', { name: /^Call with / });
    await expect.poll(() => fromGrid.first().getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
    await expect.poll(() => fromGrid.first().textContent()).toContain('Answered by itself');
    await fromGrid.first().getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => fromGrid.count(), { timeout: 10_000 }).toBe(0);

    // A call the console did not start rings and waits for the operator.
    expect(await pbx().sip.ring('106')).not.toBeNull();
    const ringing = page.getByRole('group', { name: /^Call with .*106/ });
    await expect.poll(() => ringing.getAttribute('data-phase'), { timeout: 15_000 }).toBe('incoming');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await ringing.getAttribute('data-phase')).toBe('incoming');
    await ringing.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => ringing.count()).toBe(0);
  }, 60_000);
});

describe('"Try the demo PBX" in the app', () => {
  it('connects to the embedded demo and registers the softphone by itself as its operator', async () => {
    const own = await startPreview({ rendererDir });
    try {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      contexts.push(context);
      await context.addInitScript(RECORD_CONNECTIONS);
      const page = await context.newPage();
      await page.goto(own.url);
      await page.getByRole('button', { name: 'Try the demo PBX' }).click();
      await registered(page);
      await dial(page, '601');
      const call = page.getByRole('group', { name: /^Call with 601/ });
      await expect.poll(() => call.getAttribute('data-phase'), { timeout: 15_000 }).toBe('active');
      await until(
        'RTP in',
        () => rtp(page),
        ([, received]) => received > 0,
      );
      await call.getByRole('button', { name: 'Hang up' }).click();
      await expect.poll(() => call.count()).toBe(0);
    } finally {
      await own.close();
    }
  }, 60_000);
});

describe('why the softphone did not register', () => {
  /** A preview connected to `pbx` as admin, its softphone given by the flags, and its page. */
  async function registerWith(
    pbx: DemoPbx,
    softphone: PreviewSoftphone,
    tls?: { kind: 'ca'; pem: string },
  ): Promise<{ page: Page; close: () => Promise<void> }> {
    const own = await startPreview({
      rendererDir,
      connect: { url: pbx.url, user: 'admin', secret: '12345', ...(tls ? { tls } : {}) },
      softphone,
    });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(own.url);
    return { page, close: () => own.close() };
  }

  it('says the PBX refused the password (401), that nothing answered at the URL, and that TLS is not trusted', async () => {
    const plain = await startDemoPbx({ calls: 0, callsPerSecond: 0, eventsPerSecond: 0 });
    const tlsPbx = await startDemoPbx({ tls: true, calls: 0, callsPerSecond: 0, eventsPerSecond: 0 });
    const closing: (() => Promise<void>)[] = [() => plain.close(), () => tlsPbx.close()];
    try {
      const status = (page: Page) => page.getByRole('status', { name: 'Softphone' });
      const problem = (page: Page) => page.locator('.phone-status .problem');

      const wrong = await registerWith(plain, { user: '101', password: 'not-the-password' });
      closing.push(wrong.close);
      await expect
        .poll(() => status(wrong.page).textContent(), { timeout: 15_000 })
        .toContain('Not registered');
      await expect
        .poll(() => problem(wrong.page).textContent())
        .toContain('The PBX refused the SIP user or password.');
      expect(await problem(wrong.page).textContent()).toContain('401');

      // A port nobody listens on: the WebSocket never opens.
      const closed = await startDemoPbx({ calls: 0, callsPerSecond: 0, eventsPerSecond: 0 });
      const deadUrl = closed.sip.url;
      await closed.close();
      const nobody = await registerWith(plain, { user: '101', password: 'softphone101', url: deadUrl });
      closing.push(nobody.close);
      await expect
        .poll(() => problem(nobody.page).textContent(), { timeout: 20_000 })
        .toContain(`Nothing answered as a SIP WebSocket at ${deadUrl}`);

      // wss to the demo's self-signed certificate: main trusts it (the profile's CA), Chromium does not.
      const pem = tlsPbx.certificatePem;
      if (!pem) throw new Error('the TLS demo has no certificate');
      const untrusted = await registerWith(
        tlsPbx,
        { user: '101', password: 'softphone101' },
        { kind: 'ca', pem },
      );
      closing.push(untrusted.close);
      await expect
        .poll(() => problem(untrusted.page).textContent(), { timeout: 20_000 })
        .toContain('its certificate is not trusted by the system');
      expect(await problem(untrusted.page).textContent()).toContain(
        `wss://127.0.0.1:${tlsPbx.port}/asterisk/ws`,
      );
      // The button offers another try.
      expect(await untrusted.page.getByRole('button', { name: 'Register', exact: true }).count()).toBe(1);
    } finally {
      for (const close of closing.reverse()) await close().catch(() => undefined);
    }
  }, 120_000);
});
