/**
 * The captures bound to time: httptimeout=5 sessions (07i-07q), expiry after 12 s (07n, 07o,
 * 07s), and WaitEvent timeouts (05g, and the clamp of 05i/05m shown with httptimeout=13 so the
 * 50 s wait becomes 3 s while the answer bytes stay those of the capture).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { loadCapture } from './capture';
import { get, login, replay, request, SessionMap } from './replay';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function play(pbx: DemoPbx, map: SessionMap, name: string): Promise<void> {
  const conns = await replay(loadCapture(name), pbx.port, map);
  for (const c of conns.values()) c.close();
}

describe('httptimeout=5', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, httptimeout: 5 });
  });
  afterAll(() => pbx.close());

  it('07i/07k/07l/07m/07n/07o: Max-Age=5, each request re-arms, WaitEvent never blocks, expired after 12 s', async () => {
    const map = new SessionMap();
    await play(pbx, map, '07i-rawman-login-httptimeout5.http');
    map.set('7d7f8777', await login(pbx.port, 'admin', '12345'));
    await sleep(3000);
    await play(pbx, map, '07k-rawman-ping-after-3s-still-valid.http');
    await sleep(3000);
    await play(pbx, map, '07l-rawman-ping-after-another-3s-still-valid.http');
    const started = Date.now();
    await play(pbx, map, '07m-rawman-waitevent-with-httptimeout5.http');
    expect(Date.now() - started).toBeLessThan(500);
    await sleep(12_000);
    await play(pbx, map, '07n-rawman-ping-after-12s-expired.http');
    await play(pbx, map, '07o-mxml-ping-expired-cookie.http');
  }, 30_000);

  it('07q: a drained session WaitEvent returns at once', async () => {
    const map = new SessionMap();
    const id = await login(pbx.port, 'admin', '12345');
    await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', id));
    map.set('c0e565e0', id);
    const started = Date.now();
    await play(pbx, map, '07q-rawman-waitevent-drained-httptimeout5.http');
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('httptimeout=60', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0 });
  });
  afterAll(() => pbx.close());

  it('07s: a cookie of a session that never logged in is gone after 12 s', async () => {
    const res = await request(pbx.port, get('rawman?action=Ping'));
    const id = /mansession_id="([0-9a-f]{8})"/.exec(res.toString('latin1'))?.[1] as string;
    const map = new SessionMap();
    map.set('5b9c253e', id);
    await sleep(12_000);
    await play(pbx, map, '07s-unauth-cookie-after-12s-httptimeout60.http');
  }, 30_000);

  it('05g: WaitEvent Timeout=3 with nothing queued answers after 3 s', async () => {
    const map = new SessionMap();
    const id = await login(pbx.port, 'admin', '12345');
    await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', id));
    map.set('65811877', id);
    const started = Date.now();
    await play(pbx, map, '05g-rawman-waitevent-timeout-no-events.http');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2900);
    expect(took).toBeLessThan(4500);
  });
});

describe('WaitEvent clamp (05i, 05m) with httptimeout=13: httptimeout - 10 = 3 s', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, httptimeout: 13 });
  });
  afterAll(() => pbx.close());

  for (const name of [
    '05i-rawman-waitevent-timeout-clamped.http',
    '05m-rawman-waitevent-no-timeout-param.http',
  ]) {
    it(name, async () => {
      const id = await login(pbx.port, 'admin', '12345');
      await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', id));
      const map = new SessionMap();
      map.set(name.startsWith('05i') ? '33d064bd' : '65811877', id);
      const started = Date.now();
      const conns = await replay(loadCapture(name), pbx.port, map, undefined, (b) =>
        Buffer.from(b.toString('latin1').replace('Max-Age=13', 'Max-Age=60'), 'latin1'),
      );
      for (const c of conns.values()) c.close();
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1900);
      expect(took).toBeLessThan(4500);
    });
  }
});
