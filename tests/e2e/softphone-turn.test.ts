/**
 * A TURN credential typed in the profile editor, end to end in Debian's Chromium against the real
 * preview with an OS secret store stand-in (as the desktop app has): it reaches main's encrypted vault
 * and never the settings file, the editor shows the server without it and says one is stored, and a
 * save that does not retype it keeps it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnKey } from '../../electron/features/softphone/turn-credentials';
import { startPreview, type Preview } from '../../electron/preview';
import { keyring } from '../setup/keyring';
import { launchChromium } from './browser';
import { buildRenderer, cleanup } from './harness';

const TURN = 'turn:turn.example.com:3478';
const SECRET = 'turn-s3cret-credential';

let rendererDir = '';
let dataDir = '';
let preview: Preview;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  rendererDir = await buildRenderer();
  dataDir = await mkdtemp(join(tmpdir(), 'ajam-turn-e2e-'));
  preview = await startPreview({ rendererDir, osLocale: 'en-US', safeStorage: keyring(), dataDir });
  browser = await launchChromium();
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
  ).newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (rendererDir) await cleanup(rendererDir);
});

describe('a TURN credential in the profile editor', () => {
  it('goes to the encrypted vault, not the file; the editor says it is stored and a save keeps it', async () => {
    const { id } = preview.settings.saveProfile({
      name: 'Lima',
      url: 'https://pbx.example:8089/asterisk',
      user: 'admin',
    });
    await page.goto(preview.url);
    await page.getByRole('button', { name: 'Edit Lima' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit profile' });
    await editor.getByLabel('SIP user').fill('101');
    await editor.getByLabel('SIP password').fill('sip-password');
    await editor.getByLabel('STUN/TURN servers').fill(`stun:stun.example.com:3478\n${TURN} alice ${SECRET}`);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.count()).toBe(0);

    const onDisk = await readFile(join(dataDir, 'settings.json'), 'utf8');
    expect(onDisk).toContain(TURN);
    expect(onDisk).not.toContain(SECRET);
    const key = turnKey({ urls: TURN, username: 'alice' });
    expect(preview.settings.readTurnCredentials(id)).toEqual({
      kind: 'stored',
      credentials: { [key]: SECRET },
    });

    // Opened again: the line without the credential, and a word that one is stored.
    await page.getByRole('button', { name: 'Edit Lima' }).click();
    const servers = editor.getByLabel('STUN/TURN servers');
    expect(await servers.inputValue()).toBe(`stun:stun.example.com:3478\n${TURN} alice`);
    expect(await editor.textContent()).toContain(`Credential stored encrypted for ${TURN} (alice)`);
    expect(await editor.textContent()).not.toContain(SECRET);
    // Saved without retyping it (another name): kept.
    await editor.getByLabel('Profile name').fill('Lima 2');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    expect(preview.settings.readTurnCredentials(id)).toEqual({
      kind: 'stored',
      credentials: { [key]: SECRET },
    });
    expect(errors).toEqual([]);
  }, 90_000);
});
