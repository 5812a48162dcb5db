/**
 * What a test of the demo's SIP side opens — the demo PBX, SIP-over-WebSocket clients and werift
 * media peers — closed after each test (media first, then clients, then the PBX). Call
 * `softphoneRig()` at the top level of a test file.
 */
import { afterEach, expect } from 'vitest';
import type { DemoOptions, DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { SipClient, TestMedia } from './client';

export interface SoftphoneRig {
  /** Starts the demo PBX for this test; it is closed after the test. */
  start(options: DemoOptions): Promise<DemoPbx>;
  /** The PBX this test started. */
  readonly pbx: DemoPbx;
  /** Closes the PBX now (a test about closing it). */
  closePbx(): Promise<void>;
  /** A client connected to `pbx`'s softphone account and registered (200), closed after the test. */
  registered(pbx?: DemoPbx): Promise<SipClient>;
  /** A client to close after the test. */
  keep(client: SipClient): SipClient;
  /** A werift media peer, closed after the test. */
  newMedia(): TestMedia;
}

export function softphoneRig(): SoftphoneRig {
  let current: DemoPbx | null = null;
  const clients: SipClient[] = [];
  const media: TestMedia[] = [];
  afterEach(async () => {
    for (const m of media.splice(0)) await m.close();
    for (const c of clients.splice(0)) c.close();
    await current?.close();
    current = null;
  });
  const rig: SoftphoneRig = {
    async start(options) {
      current = await startDemoPbx(options);
      return current;
    },
    get pbx() {
      if (!current) throw new Error('no demo PBX started in this test');
      return current;
    },
    async closePbx() {
      await current?.close();
      current = null;
    },
    async registered(pbx = rig.pbx) {
      const c = rig.keep(await SipClient.connect(pbx.sip.url, pbx.sip.user, pbx.sip.password));
      const { final } = await c.register();
      expect(final.status).toBe(200);
      return c;
    },
    keep(client) {
      clients.push(client);
      return client;
    },
    newMedia() {
      const m = new TestMedia();
      media.push(m);
      return m;
    },
  };
  return rig;
}

/** Polls `check` every 50 ms until it holds; fails naming `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
