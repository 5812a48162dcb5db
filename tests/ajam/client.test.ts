import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventName, get, type AmiMessage } from '../../shared/ami';
import type { AjamClient, ConnectionStatus, Profile } from '../../electron/ajam/api';
import { coreShowChannels } from '../../electron/ajam/actions';
import { createClient } from '../../electron/ajam/client';
import { AjamError } from '../../electron/ajam/errors';
import { startDemoPbx } from '../../electron/demo/server';
import type { DemoPbx } from '../../electron/demo/api';
import { rawPost, recordingTransport, sleep, waitFor, type RecordingTransport } from './helpers';

let pbx: DemoPbx;
const open: AjamClient[] = [];

function client(profile: Partial<Profile> = {}, fast = true): { c: AjamClient; t: RecordingTransport } {
  const full: Profile = { url: pbx.url, user: 'admin', secret: '12345', ...profile };
  const t = recordingTransport(full);
  const c = createClient(
    full,
    fast ? { transport: t, minBackoffMs: 100, maxBackoffMs: 400 } : { transport: t },
  );
  open.push(c);
  return { c, t };
}

async function rejection(p: Promise<unknown>): Promise<AjamError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AjamError);
    return e as AjamError;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  pbx = await startDemoPbx({ seed: 7, calls: 2, failedLoginDelayMs: 50 });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await pbx.close();
});

describe('login and actions against the demo PBX', () => {
  it('logs in, keeps the cookie exactly as set, and pings', async () => {
    const { c, t } = client();
    await c.connect();
    expect(c.status()).toMatchObject({ state: 'connected', user: 'admin', sessionTimeoutSeconds: 60 });
    expect(c.sessionCookie()).toMatch(/^"[0-9a-f]{8}"$/);
    const pong = await c.send('Ping');
    expect(get(pong, 'Ping')).toBe('Pong');
    expect(t.log.map((r) => r.what)).toEqual(['Login', 'Ping']);
  });

  it('refuses a wrong secret with an auth error naming manager.conf', async () => {
    const { c } = client({ secret: 'wrong' });
    const e = await rejection(c.connect());
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/manager\.conf/);
    expect(e.message).not.toContain('wrong');
    expect(c.status().state).toBe('idle');
  });

  it('reports permission denied for the limited user, naming the write class', async () => {
    const { c } = client({ user: 'limited', secret: '54321' });
    await c.connect();
    expect(get(await c.send('Ping'), 'Response')).toBe('Success');
    const e = await rejection(c.list('CoreShowChannels'));
    expect(e.code).toBe('permission');
    expect(e.message).toMatch(/write = system or reporting/);
    const o = await rejection(
      c.send('Originate', { Channel: 'Local/100@demo', Application: 'Wait', Data: '1' }),
    );
    expect(o.code).toBe('permission');
    expect(o.message).toMatch(/write = originate/);
  });

  it('stops the event loop for good when the resync lacks a privilege, instead of retrying', async () => {
    const { c, t } = client({ user: 'limited', secret: '54321' });
    const statuses: ConnectionStatus[] = [];
    c.onStatus((s) => statuses.push(s));
    c.onResync(async () => {
      await c.list('CoreShowChannels');
    });
    await c.connect();
    c.startEvents();
    await waitFor(() => c.status().state === 'closed');
    expect(c.status().error?.code).toBe('permission');
    expect(c.status().error?.message).toMatch(/write = system or reporting/);
    expect(statuses.some((s) => s.state === 'lost')).toBe(false);
    // Well past the first backoff step: nothing more is sent.
    const sent = t.log.length;
    await sleep(500);
    expect(t.log.length).toBe(sent);
  });

  it("turns Response: Error into action-failed carrying Asterisk's Message", async () => {
    const { c } = client();
    await c.connect();
    const e = await rejection(c.send('Hangup', { Channel: 'PJSIP/nope-00000001' }));
    expect(e.code).toBe('action-failed');
    expect(e.pbxMessage).toBe('No such channel');
    const u = await rejection(c.send('NoSuchActionXyz'));
    expect(u.pbxMessage).toMatch(/^Invalid\/unknown command/);
  });

  it('collects a list action to its completion event, typed', async () => {
    const { c } = client();
    await c.connect();
    const list = await c.list('CoreShowChannels');
    expect(get(list.response, 'EventList')).toBe('start');
    expect(list.events.every((e) => eventName(e) === 'CoreShowChannel')).toBe(true);
    expect(eventName(list.complete!)).toBe('CoreShowChannelsComplete');
    expect(Number(get(list.complete!, 'ListItems'))).toBe(list.events.length);
    const rows = await coreShowChannels(c);
    expect(rows.map((r) => r.channel).sort()).toEqual(
      pbx.office
        .channels()
        .map((ch) => ch.channel)
        .sort(),
    );
    for (const row of rows) {
      const ch = pbx.office.channels().find((x) => x.channel === row.channel)!;
      expect(row).toMatchObject({ uniqueid: ch.uniqueid, linkedid: ch.linkedid, bridgeId: ch.bridgeId });
    }
  });

  it('correlates ActionIDs across concurrent actions', async () => {
    const { c } = client();
    await c.connect();
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => c.send('Getvar', { Variable: 'X', ActionID: `id-${i}` })),
    );
    replies.forEach((r, i) => expect(get(r, 'ActionID')).toBe(`id-${i}`));
  });

  it('sends Logoff on close, after which the old cookie is dead', async () => {
    const { c, t } = client();
    await c.connect();
    const cookie = c.sessionCookie()!;
    await c.close();
    expect(t.log.at(-1)?.what).toBe('Logoff');
    const raw = await rawPost(pbx.url, cookie, 'Action=Ping');
    expect(raw.body).toContain('Permission denied');
    expect(raw.setCookie).not.toContain(cookie);
    expect((await rejection(c.send('Ping'))).code).toBe('closed');
  });
});

describe('lost sessions', () => {
  it('logs in again silently and replays a safe action when the session is gone', async () => {
    const { c, t } = client();
    await c.connect();
    const first = c.sessionCookie()!;
    // Someone else logs this session off: Asterisk answers the next request with a new id.
    await rawPost(pbx.url, first, 'Action=Logoff');
    const rows = await coreShowChannels(c);
    expect(rows).toHaveLength(pbx.office.channels().length);
    expect(c.sessionCookie()).not.toBe(first);
    expect(t.log.map((r) => r.what)).toEqual(['Login', 'CoreShowChannels', 'Login', 'CoreShowChannels']);
  });

  it('never replays an Originate: it logs in again and reports that the call was not placed', async () => {
    const { c, t } = client();
    await c.connect();
    await pbx.stop();
    await pbx.start(); // sessions are gone, as after an Asterisk restart
    const before = pbx.office.channels().length;
    const fields = { Channel: 'Local/100@demo', Context: 'demo', Exten: '100', Priority: '1', Async: 'true' };
    const e = await rejection(c.send('Originate', fields));
    expect(e.code).toBe('session-expired');
    expect(e.message).toMatch(/did not run Originate/);
    expect(t.log.filter((r) => r.what === 'Originate')).toHaveLength(1);
    await sleep(200);
    expect(pbx.office.channels().length).toBe(before);
    // Already logged in again: the user's retry goes straight through.
    expect(get(await c.send('Originate', fields), 'Response')).toBe('Success');
    expect(t.log.filter((r) => r.what === 'Login')).toHaveLength(2);
  });

  it('expires after httptimeout when idle but the keep-alive Ping keeps it', async () => {
    await pbx.close();
    pbx = await startDemoPbx({ seed: 7, calls: 0, httptimeout: 2, failedLoginDelayMs: 50 });
    const { c, t } = client();
    await c.connect();
    const cookie = c.sessionCookie()!;
    expect(c.status().sessionTimeoutSeconds).toBe(2);
    // A second session without keep-alive, to prove this PBX really expires idle sessions.
    const idle = await rawPost(pbx.url, undefined, 'Action=Login&Username=admin&Secret=12345');
    const idleCookie = /mansession_id=("[0-9a-f]+")/.exec(idle.setCookie)![1]!;
    await sleep(9000);
    expect((await rawPost(pbx.url, idleCookie, 'Action=Ping')).body).toContain('Permission denied');
    expect(t.log.filter((r) => r.what === 'Ping').length).toBeGreaterThanOrEqual(3);
    expect(c.sessionCookie()).toBe(cookie);
    expect(t.log.filter((r) => r.what === 'Login')).toHaveLength(1);
  }, 20_000);
});

describe('events', () => {
  it('delivers events in order with exactly one WaitEvent in flight, tolerating the first SuccessfulAuth', async () => {
    const { c, t } = client();
    const events: AmiMessage[] = [];
    c.onEvent((e) => events.push(e));
    let resyncs = 0;
    c.onResync(() => void (resyncs += 1));
    await c.connect();
    c.startEvents();
    c.startEvents(); // idempotent
    for (let i = 1; i <= 25; i++) await c.send('UserEvent', { UserEvent: 'seq', N: String(i) });
    await waitFor(
      () => events.filter((e) => eventName(e) === 'UserEvent').length === 25,
      10_000,
      '25 UserEvents',
    );
    const seq = events.filter((e) => eventName(e) === 'UserEvent').map((e) => Number(get(e, 'N')));
    expect(seq).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(eventName(events[0]!)).toBe('SuccessfulAuth');
    expect(events.some((e) => eventName(e) === 'WaitEventComplete')).toBe(false);
    expect(t.maxEventsInFlight()).toBe(1);
    expect(resyncs).toBe(1);
    // Actions are never stuck behind the long-poll.
    const started = performance.now();
    await c.send('Ping');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('says lost when the PBX goes away and back after it returns, with a resync before new events', async () => {
    const { c } = client();
    const statuses: ConnectionStatus[] = [];
    const order: string[] = [];
    c.onStatus((s) => statuses.push(s));
    c.onResync(() => void order.push('resync'));
    c.onEvent((e) => order.push(eventName(e) ?? '?'));
    await c.connect();
    c.startEvents();
    await waitFor(() => order.includes('SuccessfulAuth'), 5000, 'first events');
    await pbx.stop();
    await waitFor(() => statuses.some((s) => s.state === 'lost'), 10_000, 'lost');
    const lost = statuses.find((s) => s.state === 'lost')!;
    expect(lost.error?.code).toBe('refused');
    expect(lost.retryInSeconds).toBeGreaterThan(0);
    order.length = 0;
    await pbx.start();
    await waitFor(() => c.status().state === 'connected', 10_000, 'back');
    pbx.office.placeCall();
    await waitFor(() => order.includes('Newchannel'), 10_000, 'events after restart');
    expect(order[0]).toBe('resync');
    expect(order.indexOf('resync')).toBeLessThan(order.indexOf('Newchannel'));
  });

  it('does not spin when httptimeout <= 10 makes WaitEvent return at once', async () => {
    await pbx.close();
    pbx = await startDemoPbx({ seed: 7, calls: 0, httptimeout: 5, failedLoginDelayMs: 50 });
    const { c, t } = client();
    await c.connect();
    c.startEvents();
    await sleep(3000);
    const polls = t.log.filter((r) => r.what === 'WaitEvent').length;
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(6);
  });
});
