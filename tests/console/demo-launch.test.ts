/**
 * "Try the demo PBX" as the desktop app and the preview launch it (`session:connect-demo` with the
 * default embedded demo): a secret of its own, and a board that stays busy.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { createEmbeddedDemo } from '../../electron/demo/embedded';
import { connectInMemory } from '../../electron/ipc/memory';
import { demoBanner, startPreview } from '../../electron/preview';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the app\u2019s demo launch', () => {
  it('connects with a secret of this run, and the board is still busy after 10 s', async () => {
    const demo = createEmbeddedDemo();
    cleanups.push(() => demo.close());
    const console_ = createConsole({
      createClient: (profile) => createClient(profile),
      demo: demo.connectRequest,
    });
    cleanups.push(() => console_.close());
    const window = connectInMemory(console_.router);
    cleanups.push(async () => window.close());

    const connected = await window.api.connectDemo();
    expect(connected.ok && connected.value.state).toBe('connected');
    expect((await demo.connectRequest()).secret).not.toBe('12345');
    const board = await window.api.subscribeBoard();
    if (!board.ok) throw new Error('no board');
    let channels = board.value.channels;
    const calls = (): number => new Set(Object.values(channels).map((c) => c.linkedid)).size;
    expect(calls()).toBeGreaterThanOrEqual(6);
    // The issue: the old demo's board was empty 10 s after "Try the demo PBX".
    await new Promise((r) => setTimeout(r, 11_000));
    const fresh = await window.api.subscribeBoard();
    if (!fresh.ok) throw new Error('no board');
    channels = fresh.value.channels;
    expect(calls()).toBeGreaterThanOrEqual(6);
    expect(Object.values(channels).some((c) => c.channel.startsWith('PJSIP/101-'))).toBe(false);
  }, 30_000);

  it('the preview prints the demo secret, with --demo and when started from the connect screen', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'ajam-demo-launch-'));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
    const rendererDir = join(workDir, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');

    const withDemo = await startPreview({ demo: true, rendererDir });
    cleanups.push(() => withDemo.close());
    const admin = withDemo.pbx?.users.find((u) => u.user === 'admin');
    expect(withDemo.pbx?.users).toHaveLength(1);
    expect(admin?.secret).toBeDefined();
    expect(admin?.secret).not.toBe('12345');
    expect(demoBanner(withDemo.pbx!)).toBe(
      `Demo PBX at ${withDemo.pbx!.url} (user admin, secret ${admin!.secret as string})`,
    );
    expect(withDemo.connected?.ok && withDemo.connected.value.state).toBe('connected');

    const logged: string[] = [];
    const plain = await startPreview({ rendererDir, log: (line) => logged.push(line) });
    cleanups.push(() => plain.close());
    const page = connectInMemory(plain.console.router);
    cleanups.push(async () => page.close());
    const started = await page.api.connectDemo();
    expect(started.ok && started.value.state).toBe('connected');
    const banner = logged.find((l) => l.startsWith('Demo PBX at '));
    expect(banner).toMatch(/\(user admin, secret [A-Za-z0-9_-]{20,}\)$/);
  }, 30_000);
});
