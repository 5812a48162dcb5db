/**
 * The app's built-in demo PBX (and a user it cannot serve): `session:connect-demo` starts it once on 127.0.0.1 and connects as its
 * admin, and the board shows its calls; a window without it gets a clear refusal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { createEmbeddedDemo } from '../../electron/demo/embedded';
import { connectInMemory } from '../../electron/ipc/memory';
import { fail } from '../../shared/ipc';
import { notice } from '../../shared/notices';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the embedded demo PBX', () => {
  it('starts once, connects as admin, and the board holds its calls', async () => {
    const demo = createEmbeddedDemo({ calls: 2, callsPerSecond: 0, failedLoginDelayMs: 20 });
    cleanups.push(() => demo.close());
    const console_ = createConsole({
      createClient: (profile) => createClient(profile),
      demo: demo.connectRequest,
    });
    cleanups.push(() => console_.close());
    const window = connectInMemory(console_.router);
    cleanups.push(async () => window.close());

    const first = await window.api.connectDemo();
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.state).toBe('connected');
    expect(first.value.user).toBe('admin');
    expect(first.value.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/asterisk$/);

    const board = await window.api.subscribeBoard();
    expect(board.ok && Object.keys(board.value.channels).length).toBe(4);

    // A second connect reuses the same PBX rather than starting another.
    const again = await window.api.connectDemo();
    expect(again.ok && again.value.url).toBe(first.value.url);
  });

  it('closes with the missing privilege named when the user may not list channels', async () => {
    const demo = createEmbeddedDemo({ calls: 1, callsPerSecond: 0 });
    cleanups.push(() => demo.close());
    const console_ = createConsole({ createClient: (profile) => createClient(profile) });
    cleanups.push(() => console_.close());
    const window = connectInMemory(console_.router);
    cleanups.push(async () => window.close());
    const { url } = await demo.connectRequest();

    // write=originate only: neither CoreShowChannels nor Status (system, call or reporting).
    const result = await window.api.connect({ url, user: 'dialer', secret: 'dialer' });
    expect(result.ok && result.value.state).toBe('closed');
    expect(result.ok && result.value.error).toMatchObject({ code: 'permission' });
    expect(result.ok && result.value.error?.message).toContain('system or call or reporting');
    expect(result.ok && result.value.error?.message).toContain('Status');
  });

  it('is refused where the window has no demo', async () => {
    const console_ = createConsole({ createClient: (profile) => createClient(profile) });
    cleanups.push(() => console_.close());
    const window = connectInMemory(console_.router);
    cleanups.push(async () => window.close());
    const result = await window.api.connectDemo();
    expect(result).toEqual(fail('unavailable', notice('console.demo-unavailable')));
  });
});
