/**
 * Issue 12 item 11: a `user:secret@` typed into the PBX URL never reaches a window through
 * SessionStatus (every window gets every status). Against the demo PBX over HTTP on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createTransport } from '../../electron/ajam/transport';
import { maskUrl } from '../../electron/ajam/url';
import { createConsole } from '../../electron/console/service';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory } from '../../electron/ipc/memory';
import type { SessionStatus } from '../../shared/ipc';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('maskUrl', () => {
  it('drops the userinfo and keeps the rest as typed', () => {
    expect(maskUrl('http://admin:s3cret@pbx:8088/asterisk')).toBe('http://pbx:8088/asterisk');
    expect(maskUrl('HTTPS://a:b@c@pbx/asterisk')).toBe('HTTPS://pbx/asterisk');
    expect(maskUrl('http://admin@pbx')).toBe('http://pbx');
    expect(maskUrl('http://pbx:8088/asterisk')).toBe('http://pbx:8088/asterisk');
    // An @ after the authority is not userinfo.
    expect(maskUrl('http://pbx/a@b')).toBe('http://pbx/a@b');
  });
});

describe('SessionStatus.url', () => {
  async function setup(strip: boolean) {
    const pbx = await startDemoPbx({ calls: 1, callsPerSecond: 0, eventsPerSecond: 0 });
    cleanups.push(() => pbx.close());
    const login = pbx.users[0];
    if (!login) throw new Error('the demo has no user');
    const console_ = createConsole({
      // `strip`: a transport that would accept the URL as typed, so the session gets as far as
      // connected while the core still holds the URL as typed.
      createClient: (profile) =>
        strip
          ? createClient(profile, { transport: createTransport({ ...profile, url: maskUrl(profile.url) }) })
          : createClient(profile),
    });
    cleanups.push(() => console_.close());
    const window = connectInMemory(console_.router);
    cleanups.push(async () => window.close());
    const statuses: SessionStatus[] = [];
    window.api.onSessionStatus((status) => statuses.push(status));
    const typed = pbx.url.replace('://', `://${login.user}:${login.secret}-typed@`);
    return { pbx, login, console: console_, window, statuses, typed };
  }

  it('never carries user:secret@ from a refused URL', async () => {
    const { window, statuses, typed, console: console_ } = await setup(false);
    const result = await window.api.connect({ url: typed, user: 'admin', secret: 'x' });
    expect(result.ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = JSON.stringify([statuses, console_.status(), result, await window.api.getStatus()]);
    expect(statuses.length).toBeGreaterThan(0);
    expect(seen).not.toContain('-typed@');
    expect(seen).not.toContain('-typed');
  });

  it('never carries user:secret@ while connected either', async () => {
    const { pbx, login, window, statuses, typed, console: console_ } = await setup(true);
    const result = await window.api.connect({ url: typed, user: login.user, secret: login.secret });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.state).toBe('connected');
    expect(result.value.url).toBe(pbx.url);
    expect(statuses.map((s) => s.url)).toEqual(statuses.map(() => pbx.url));
    expect(JSON.stringify(statuses)).not.toContain('-typed');
    // The core's own status (the CLI and uploads read it) is masked at the source too.
    expect(console_.client()?.status().url).toBe(pbx.url);
  });
});
