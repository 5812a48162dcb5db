/**
 * The console end to end, in Debian's Chromium, against the real preview (console service, router,
 * WebSocket bridge) and the demo PBX over HTTP on 127.0.0.1. One stack for the file, tests in order:
 * an operator's day from a mistyped secret to a PBX restart.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPbx } from '../../electron/demo/server';
import { createClient, type AjamError } from '../../electron/ajam/client';
import { en } from '../../renderer/src/i18n/en';
import { wordedNotice } from '../../renderer/src/lib/notices';
import { ENDPOINTS } from '../../electron/demo/office';
import type { PageProblems, Stack } from './harness';
import {
  boardIds,
  buildRenderer,
  cleanup,
  connectViaForm,
  openPage,
  pbxIds,
  SCREENSHOTS,
  startStack,
} from './harness';
import {
  bridgeExchange,
  bridgeRefuses,
  blurFocus,
  dataTransferOf,
  htmlLang,
  htmlTheme,
} from './page-actions';
import { wavFile } from './wav';

const XSS_NAME = '<img src=x onerror=alert(1)>';

let rendererDir = '';
let stack: Stack;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  rendererDir = await buildRenderer();
  stack = await startStack(rendererDir);
  await mkdir(SCREENSHOTS, { recursive: true });
  ({ page, problems } = await openPage(stack));
}, 180_000);

afterAll(async () => {
  await stack?.close();
  if (rendererDir) await cleanup(rendererDir);
});

// Generous timeouts: Chromium on two shared cores can take seconds per page under load.
describe('console in Chromium against the demo PBX', { timeout: 120_000 }, () => {
  it('shows a wrong secret with the core’s own words and stays on the connect screen', async () => {
    let expected = '';
    await createClient({ url: stack.pbx.url, user: 'admin', secret: 'wrong-secret' })
      .connect()
      .catch((e: AjamError) => {
        // The core's notice, worded by the page: its sentence, then Asterisk's words apart.
        const worded = wordedNotice(en, 'en-US', e.notice);
        expected = `${worded.text} «${worded.detail}»`;
      });
    expect(expected).toMatch(/refused.*«Authentication failed»$/);

    await connectViaForm(page, stack.pbx, { secret: 'wrong-secret' });
    const alert = page.getByRole('alert');
    await expect.poll(async () => (await alert.textContent())?.trim(), { timeout: 15_000 }).toBe(expected);
    expect(await page.getByRole('button', { name: 'Connect', exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'connect-error.png') });
  });

  it('connects and shows exactly the calls the PBX reports', async () => {
    await connectViaForm(page, stack.pbx);
    const status = page.getByRole('status', { name: 'Connection status' });
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    expect(await status.textContent()).toContain(`Connected to 127.0.0.1:${stack.pbx.port}`);
    expect(await status.textContent()).toContain('as admin');
    expect(pbxIds(stack.pbx).length).toBeGreaterThan(0);
    await expect.poll(() => boardIds(page), { timeout: 10_000 }).toEqual(pbxIds(stack.pbx));
    // Every channel's caller ID, as the PBX has it, is on screen.
    for (const ch of stack.pbx.office.channels()) {
      const line = page.locator(`[data-uniqueid="${ch.uniqueid}"]`);
      expect(await line.textContent()).toContain(ch.channel);
    }
    // The counts follow patches at most four times a second (Toolbar): poll, bounded.
    await expect
      .poll(() => page.locator('.counts').textContent(), { timeout: 5000 })
      .toContain(`${pbxIds(stack.pbx).length} channels`);
  });

  it('shows a hostile caller ID name as text and runs nothing', async () => {
    const before = pbxIds(stack.pbx);
    // To an idle extension: the demo office drops a call to a busy one.
    stack.pbx.office.placeCall({ from: '666', fromName: XSS_NAME, to: '102' });
    const added = pbxIds(stack.pbx).filter((id) => !before.includes(id));
    expect(added.length).toBeGreaterThan(0);
    await expect.poll(() => boardIds(page), { timeout: 10_000 }).toEqual(pbxIds(stack.pbx));
    const caller = page.locator(`[data-uniqueid="${added[0]}"] .caller`);
    expect(await caller.textContent()).toBe(XSS_NAME);
    expect(await page.locator('img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(problems.dialogs).toEqual([]);
  });

  it('hangs up a channel after confirmation, and it goes', async () => {
    // The hostile caller's channel: hanging it up also keeps it out of the README's screenshot.
    const target = stack.pbx.office.channels().find((c) => c.callerIdName === XSS_NAME);
    if (!target) throw new Error('the demo office has no channel to hang up');
    await page.getByRole('button', { name: `Hang up ${target.channel}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Hang up this channel?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Hang up', exact: true }).click();
    await expect.poll(() => pbxIds(stack.pbx).includes(target.uniqueid), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => boardIds(page), { timeout: 10_000 }).toEqual(pbxIds(stack.pbx));
    expect(await page.locator(`[data-uniqueid="${target.uniqueid}"]`).count()).toBe(0);
    // The outcome in Asterisk's words.
    await expect
      .poll(() => page.locator('.toast.ok .text').last().textContent())
      .toBe(`${target.channel} hung up.`);
    expect(await page.locator('.toast.ok .detail').last().textContent()).toBe('Channel Hungup');
  });

  it('originates a call from the operator’s extension, and it comes', async () => {
    const before = pbxIds(stack.pbx);
    // An extension of the demo office's from-internal that is not on a call now.
    const busy = stack.pbx.office.channels().map((c) => /^PJSIP\/(\d+)-/.exec(c.channel)?.[1]);
    const idle = ENDPOINTS.map((e) => e.id).find((id) => id !== '106' && !busy.includes(id));
    if (!idle) throw new Error('no idle extension in the demo office to dial');
    await page.getByLabel('Number to dial').fill(idle);
    await page.getByRole('button', { name: 'Dial', exact: true }).click();
    await expect
      .poll(() => pbxIds(stack.pbx).filter((id) => !before.includes(id)).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => boardIds(page), { timeout: 10_000 }).toEqual(pbxIds(stack.pbx));
    const added = stack.pbx.office.channels().filter((c) => !before.includes(c.uniqueid));
    expect(added.some((c) => c.channel.startsWith('PJSIP/106'))).toBe(true);
  });

  it('drives the board from the keyboard: search, select, transfer, hang-up confirmation', async () => {
    await blurFocus(page);
    await page.keyboard.press('/');
    const search = page.getByRole('searchbox', { name: 'Search calls' });
    expect(await search.evaluate((el) => el.matches(':focus'))).toBe(true);
    const someone = stack.pbx.office.channels().find((c) => c.callerIdName && c.bridgeId);
    if (!someone) throw new Error('no bridged call with a caller name in the demo office');
    await search.fill(someone.callerIdName);
    await expect.poll(() => boardIds(page)).toContain(someone.uniqueid);
    expect((await boardIds(page)).length).toBeLessThan(pbxIds(stack.pbx).length);
    await search.fill('');
    await page.keyboard.press('Escape');

    await page.keyboard.press('ArrowDown');
    const first = page.locator('.line .select').first();
    expect(await first.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('t');
    const transfer = page.getByRole('dialog', { name: 'Blind transfer' });
    await transfer.waitFor();
    await page.keyboard.press('Escape');
    await transfer.waitFor({ state: 'detached' });
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Hang up this channel?' });
    await confirm.waitFor();
    const before = pbxIds(stack.pbx);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    // Cancelled: nothing was hung up.
    expect(pbxIds(stack.pbx)).toEqual(before);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('shows main’s refusal of a malformed request, and the bridge refuses invalid messages', async () => {
    await page.getByLabel('Number to dial').fill('12ab');
    await page.getByRole('button', { name: 'Dial', exact: true }).click();
    await expect
      .poll(() => page.locator('.toast.error .text').last().textContent())
      .toContain('Refused "calls:originate": field "number" must be digits');

    // A raw client on the page's own origin, with the page's token: the same door the app uses.
    const token = new URL(stack.preview.url).searchParams.get('token') ?? '';
    const answers = await bridgeExchange(page, token, [
      {
        t: 'request',
        id: 1,
        channel: 'channels:hangup',
        payload: { channel: 'PJSIP/101-00000001', extra: 1 },
      },
      { t: 'request', id: 2, channel: 'channels:explode', payload: {} },
      { t: 'request', id: 3, channel: 'channels:hangup', payload: { channel: 42 } },
      // Paths may come only from the Electron preload, never from a page.
      { t: 'request', id: 4, channel: 'upload:add', payload: { files: [{ path: '/etc/passwd' }] } },
    ]);
    expect(answers[1]).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(JSON.stringify(answers[1])).toContain('field \\"extra\\" is not allowed');
    expect(answers[2]).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(answers[3]).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(answers[4]).toMatchObject({ ok: false, error: { code: 'not-allowed' } });

    // Without the token the bridge does not even open (tried from a page of its own, so the refusal
    // the browser logs stays out of the console page's error list).
    const { page: other } = await openPage(stack);
    const refused = await bridgeRefuses(other, '0000');
    expect(refused).toBe(true);
    await other.context().close();
  });

  it('uploads files dropped on the window and the bars finish', async () => {
    const files = [
      {
        name: 'exten-113-3004579622-20250802-120405-1754153905.5203765.wav',
        bytes: wavFile(8000, 1, 16, 24_000),
      },
      {
        name: 'exten-114-3004579623-20250802-121000-1754154200.5203800.wav',
        bytes: wavFile(8000, 1, 16, 9_000),
      },
      { name: 'cd-quality.wav', bytes: wavFile(44_100, 2, 16, 5_000) },
    ];
    const dataTransfer = await dataTransferOf(page, files);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer });
    const overlay = page.getByTestId('drop-overlay');
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain('Drop recordings to upload');
    expect(await overlay.textContent()).toContain('recordings');
    await page.screenshot({ path: join(SCREENSHOTS, 'drop-overlay.png') });
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await overlay.waitFor({ state: 'detached' });

    const panel = page.getByRole('complementary', { name: 'Uploads' });
    await panel.waitFor();
    await expect
      .poll(() => panel.locator('[data-upload-state="done"]').count(), { timeout: 30_000 })
      .toBe(files.length);
    for (const f of files) {
      const bar = panel.getByRole('progressbar', { name: `Upload progress of ${f.name}` });
      expect(await bar.getAttribute('value')).toBe('100');
    }
    // The 44.1 kHz stereo file carries the engine's warning.
    expect(await panel.locator('.warning').count()).toBeGreaterThan(0);
    // What the PBX stored is what was dropped, byte for byte.
    const stored = stack.pbx.uploads();
    for (const f of files) {
      const upload = stored.find((u) => u.rawFilename === f.name);
      expect(upload, f.name).toBeDefined();
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      expect(sha(await readFile(upload?.path ?? ''))).toBe(sha(f.bytes));
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'uploads.png') });
  });

  it('saves screenshots of the board: light and dark, English and Spanish', async () => {
    for (const [colorScheme, locale, name] of [
      ['light', 'en-US', 'board-light-en'],
      ['dark', 'en-US', 'board-dark-en'],
      ['light', 'es-ES', 'board-light-es'],
      ['dark', 'es-ES', 'board-dark-es'],
    ] as const) {
      const { page: shot, problems: shotProblems } = await openPage(stack, { colorScheme, locale });
      await expect.poll(() => boardIds(shot), { timeout: 10_000 }).toEqual(pbxIds(stack.pbx));
      expect(await htmlLang(shot)).toBe(locale.slice(0, 2));
      expect(await htmlTheme(shot)).toBe(colorScheme);
      await shot.locator('.line .select').first().click();
      await shot.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
      expect(shotProblems.errors).toEqual([]);
      await shot.context().close();
    }
  });

  it('switches language and theme by hand, and <html lang> follows', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    expect(await htmlLang(page)).toBe('es');
    expect(await page.getByRole('status', { name: 'Estado de la conexión' }).textContent()).toContain(
      'Conectado',
    );
    await page.getByRole('combobox', { name: 'Tema' }).selectOption('dark');
    expect(await htmlTheme(page)).toBe('dark');
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    expect(await htmlLang(page)).toBe('en');
  });

  it('shows lost and back across a PBX restart, and the board resyncs without ghosts', async () => {
    const status = page.getByRole('status', { name: 'Connection status' });
    const before = pbxIds(stack.pbx);
    await stack.pbx.stop();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 20_000 }).toBe('lost');
    expect(await status.textContent()).toMatch(/Connection lost — retrying/);
    await page.screenshot({ path: join(SCREENSHOTS, 'connection-lost.png') });
    await stack.pbx.start();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('back');
    expect(await status.textContent()).toContain('Connection restored');
    // A restarted Asterisk has new channels: the old ones must all be gone from the board.
    await expect.poll(() => boardIds(page), { timeout: 10_000 }).toEqual(pbxIds(stack.pbx));
    expect((await boardIds(page)).some((id) => before.includes(id))).toBe(false);
    expect(problems.errors).toEqual([]);
  });

  it('asks to trust a self-signed certificate, showing its SHA-256 fingerprint, then connects', async () => {
    const tlsPbx = await startDemoPbx({ tls: true, calls: 1, callsPerSecond: 0, seed: 3 });
    try {
      const disconnect = page.getByRole('button', { name: 'Disconnect' });
      if (await disconnect.isVisible()) await disconnect.click();
      await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
      await connectViaForm(page, tlsPbx);
      const prompt = page.getByRole('dialog', { name: 'Unverified certificate' });
      await prompt.waitFor({ timeout: 20_000 });
      const shown = (await prompt.getByTestId('fingerprint').textContent())?.trim() ?? '';
      const normalize = (fp: string) => fp.replace(/[:\s]/g, '').toUpperCase();
      expect(normalize(shown)).toBe(normalize(tlsPbx.fingerprint ?? 'missing'));
      await page.screenshot({ path: join(SCREENSHOTS, 'certificate.png') });
      await prompt.getByRole('button', { name: 'Trust this certificate and connect' }).click();
      const status = page.getByRole('status', { name: 'Connection status' });
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
      await expect.poll(() => boardIds(page), { timeout: 10_000 }).toEqual(pbxIds(tlsPbx));
    } finally {
      await tlsPbx.close();
    }
  });
});
