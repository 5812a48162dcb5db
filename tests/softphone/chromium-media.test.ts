/**
 * Chromium's WebRTC against the demo PBX's werift media, through the demo's SIP over WebSocket:
 * the page makes the offer (fake microphone), the test's SIP client carries it in the INVITE, and
 * the answer goes back to the page. ICE on 127.0.0.1, DTLS-SRTP, audio echoed by 600, a digit sent
 * with RTCDTMFSender arriving as RFC 4733.
 */
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { drainEvents, field } from '../demo/messages';
import { login } from '../wire/replay';
import { SipClient } from './client';

let browser: Browser;
let pbx: DemoPbx;
let client: SipClient;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
    ],
  });
  pbx = await startDemoPbx({ calls: 0 });
  client = await SipClient.connect(pbx.sip.url, pbx.sip.user, pbx.sip.password);
  expect((await client.register()).final.status).toBe(200);
}, 30_000);

afterAll(async () => {
  client?.close();
  await browser?.close();
  await pbx?.close();
});

/** Page-side code as strings: the root type-check has no DOM types. */
const OFFER = `(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const pc = new RTCPeerConnection();
  window.pc = pc;
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    setTimeout(resolve, 5000);
  });
  return pc.localDescription.sdp;
})()`;

const BYTES = `(async () => {
  let sent = 0, received = 0;
  (await window.pc.getStats()).forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.bytesSent;
    if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.bytesReceived;
  });
  return { sent, received };
})()`;

async function waitBytes(page: Page, min: number): Promise<{ sent: number; received: number }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const b = (await page.evaluate(BYTES)) as { sent: number; received: number };
    if ((b.sent > min && b.received > min) || Date.now() > deadline) return b;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Chromium WebRTC with the demo PBX', () => {
  it('calls 600: ICE on 127.0.0.1, DTLS-SRTP, audio both ways, a digit as RFC 4733', async () => {
    const id = await login(pbx.port, 'admin', '12345');
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${pbx.port}/`);
    const offer = (await page.evaluate(OFFER)) as string;
    const { dialog, final } = await client.invite('600', offer);
    expect(final.status).toBe(200);
    await page.evaluate(
      `window.pc.setRemoteDescription({ type: 'answer', sdp: ${JSON.stringify(final.body)} })`,
    );
    const bytes = await waitBytes(page, 2000);
    expect(bytes.sent).toBeGreaterThan(2000);
    expect(bytes.received).toBeGreaterThan(2000);
    const pair = (await page.evaluate(`(async () => {
      let out = '';
      const stats = await window.pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) {
          out = stats.get(s.localCandidateId).address + ' ' + stats.get(s.remoteCandidateId).address;
        }
      });
      return out;
    })()`)) as string;
    expect(pair).toBe('127.0.0.1 127.0.0.1');
    expect(await page.evaluate(`window.pc.getSenders()[0].dtmf.canInsertDTMF`)).toBe(true);
    await page.evaluate(`window.pc.getSenders()[0].dtmf.insertDTMF('7', 120)`);
    const deadline = Date.now() + 8000;
    while (!pbx.sip.dtmf().some((d) => d.digit === '7') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(pbx.sip.dtmf()).toEqual([{ digit: '7', via: 'rfc4733', channel: pbx.sip.calls()[0]?.channel }]);
    const end = (await drainEvents(pbx.port, id)).find((e) => field(e, 'Event') === 'DTMFEnd') ?? [];
    // insertDTMF's 120 ms, whatever clock the telephone-events run at (Chromium picks Opus' 48 kHz).
    expect(Number(field(end, 'DurationMs'))).toBeGreaterThanOrEqual(100);
    expect(Number(field(end, 'DurationMs'))).toBeLessThan(200);
    expect(final.body).toMatch(/a=rtpmap:\d+ opus\/48000/);
    expect((await client.transact(dialog, 'BYE')).status).toBe(200);
    await page.close();
  }, 60_000);
});
