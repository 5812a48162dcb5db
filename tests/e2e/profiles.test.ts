/**
 * Saved profiles end to end, in Debian's Chromium against the real preview: the desktop's own
 * Settings + ProfilesService over a JSON file in a private folder, with no OS secret store (plain
 * Node), so connecting with a profile asks for the secret and says why. Also the endpoints panel's
 * one-row-per-extension view following a call on the demo PBX.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { ENDPOINTS, HINTS } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { stringsFor } from '../../electron/desktop/strings';
import { startPreview, type Preview } from '../../electron/preview';
import { draftFromForm, parseExtensions, toProfileInput } from '../../renderer/src/lib/profiles';
import { launchChromium } from './browser';
import { buildRenderer, cleanup, SCREENSHOTS } from './harness';

let rendererDir = '';
let pbx: DemoPbx;
let preview: Preview;
let browser: Browser;
let page: Page;
const errors: string[] = [];

const MADRID = 'Oficina Madrid';
const BARCELONA = 'Sede Barcelona';

beforeAll(async () => {
  rendererDir = await buildRenderer();
  // A quiet office: calls happen only when the test places them.
  pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 3 });
  preview = await startPreview({ rendererDir, osLocale: 'en-US' });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-US',
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.goto(preview.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await pbx?.close();
  if (rendererDir) await cleanup(rendererDir);
});

function profileCard(name: string) {
  return page.locator(`li[data-profile="${name}"]`);
}

async function status(): Promise<string | null> {
  return page.getByRole('status', { name: 'Connection status' }).getAttribute('data-state');
}

describe('profile fields to the contract', () => {
  it('leaves empty fields out and reads watched extensions from free text', () => {
    const draft = {
      ...draftFromForm({
        url: ' http://pbx:8088/asterisk ',
        user: 'admin',
        postMapping: '',
        operatorEndpoint: '',
      }),
      name: ' Casa ',
      watched: '101, 102;103  101',
      fingerprint: '',
      language: 'es' as const,
    };
    expect(toProfileInput(draft)).toEqual({
      name: 'Casa',
      url: 'http://pbx:8088/asterisk',
      user: 'admin',
      watchedExtensions: ['101', '102', '103'],
      language: 'es',
    });
    expect(parseExtensions('  ')).toEqual([]);
    const pinned = toProfileInput({ ...draft, fingerprint: 'AB:'.repeat(31) + 'AB' });
    expect(pinned.tls).toEqual({ kind: 'fingerprint', sha256: 'AB:'.repeat(31) + 'AB' });
  });
});

describe('profiles in Chromium against the preview', { timeout: 120_000 }, () => {
  it('saves the form as a profile, says the secret is not stored, and lists it after a reload', async () => {
    await page.getByLabel('PBX URL').fill(pbx.url);
    await page.getByLabel('Manager user').fill('admin');
    await page.getByLabel('Upload mapping').fill('recordings');
    await page.getByLabel('My extension').fill('PJSIP/106');
    await page.getByRole('button', { name: 'Save as profile' }).click();
    const editor = page.getByRole('dialog', { name: 'New profile' });
    await editor.waitFor();
    // The form's fields came along; the name is the operator's.
    expect(await editor.getByLabel('PBX URL').inputValue()).toBe(pbx.url);
    expect(await editor.getByLabel('My extension').inputValue()).toBe('PJSIP/106');
    expect(await editor.getByTestId('secret-note').textContent()).toContain(
      stringsFor('en').secrets.unavailable,
    );
    await editor.getByLabel('Profile name').fill(MADRID);
    await editor.getByLabel('Watched extensions').fill('101, 102');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });

    const card = profileCard(MADRID);
    await card.waitFor();
    expect(await card.textContent()).toContain(pbx.url);
    expect(await card.textContent()).toContain('admin');
    const stored = preview.settings.profiles().find((p) => p.name === MADRID);
    expect(stored).toMatchObject({
      url: pbx.url,
      user: 'admin',
      postMapping: 'recordings',
      operatorEndpoint: 'PJSIP/106',
      watchedExtensions: ['101', '102'],
    });
    expect(preview.settings.hasSecret(stored?.id ?? '')).toBe(false);

    // A second PBX account, saved through the same store the desktop uses.
    preview.settings.saveProfile({
      name: BARCELONA,
      url: pbx.url,
      user: 'admin',
      operatorEndpoint: 'PJSIP/105',
    });
    await page.reload();
    await profileCard(MADRID).waitFor();
    await profileCard(BARCELONA).waitFor();
    const file = await readFile(join(preview.dataDir, 'settings.json'), 'utf8');
    expect(file).toContain(MADRID);
    expect(file).not.toContain('12345');
    await page.screenshot({ path: join(SCREENSHOTS, 'profiles.png') });
  });

  it('refuses a profile whose URL carries credentials, in main’s words', async () => {
    await page.getByRole('button', { name: `Edit ${BARCELONA}` }).click();
    const editor = page.getByRole('dialog', { name: 'Edit profile' });
    await editor.getByLabel('PBX URL').fill(pbx.url.replace('http://', 'http://admin:12345@'));
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => editor.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('must not contain a user or secret');
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await editor.waitFor({ state: 'detached' });
    expect(preview.settings.profiles().find((p) => p.name === BARCELONA)?.url).toBe(pbx.url);
  });

  it('asks for the secret at connect, says why in the user’s language, then connects', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await page.getByRole('button', { name: `Conectar con ${MADRID}` }).click();
    const pedir = page.getByRole('dialog', { name: 'Introduzca el secreto' });
    await expect
      .poll(async () => (await pedir.getByTestId('secret-reason').textContent())?.trim(), {
        timeout: 10_000,
      })
      .toBe(stringsFor('es').secrets.unavailable);
    await pedir.getByRole('button', { name: 'Cancelar' }).click();
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');

    await page.getByRole('button', { name: `Connect with ${MADRID}` }).click();
    const prompt = page.getByRole('dialog', { name: 'Enter the secret' });
    await expect
      .poll(async () => (await prompt.getByTestId('secret-reason').textContent())?.trim(), {
        timeout: 10_000,
      })
      .toBe(stringsFor('en').secrets.unavailable);
    expect(await prompt.textContent()).toContain(`admin for “${MADRID}”`);
    await prompt.getByLabel('Secret', { exact: true }).fill('12345');
    await prompt.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(status, { timeout: 15_000 }).toBe('connected');
    expect(await page.getByRole('status', { name: 'Connection status' }).textContent()).toContain('as admin');
    expect(preview.console.status().operatorEndpoint).toBe('PJSIP/106');
  });

  it('shows one endpoint row per extension whose state follows a call', async () => {
    const rows = page.locator('li[data-endpoint]');
    const numbers = (): Promise<string[]> =>
      rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-endpoint') ?? ''));
    // One row per hinted extension (the phones, and the demo context's Custom:ext100 hint on 100).
    const extensions = [...new Set(HINTS.map((h) => h.exten))].sort((a, b) => Number(a) - Number(b));
    await expect.poll(numbers, { timeout: 10_000 }).toEqual(extensions);
    const panel = page.getByRole('region', { name: /Endpoints/ });
    expect(await panel.textContent()).not.toContain('@from-internal');

    const stateOf = (exten: string) => () =>
      page.locator(`li[data-endpoint="${exten}"]`).getAttribute('data-state');
    const textOf = (exten: string) => () => page.locator(`li[data-endpoint="${exten}"] .state`).textContent();
    pbx.office.placeCall({ from: '103', to: '104' });
    await expect.poll(stateOf('104'), { timeout: 10_000 }).toBe('RINGING');
    expect(await textOf('104')()).toBe('Ringing');
    await expect.poll(stateOf('103'), { timeout: 10_000 }).toBe('INUSE');
    pbx.office.step(); // answered
    await expect.poll(stateOf('104'), { timeout: 10_000 }).toBe('INUSE');
    expect(await textOf('104')()).toBe('In use');
    for (let i = 0; i < 8 && pbx.office.channels().length > 0; i++) pbx.office.step();
    expect(pbx.office.channels()).toHaveLength(0);
    await expect.poll(stateOf('104'), { timeout: 10_000 }).toBe('NOT_INUSE');
    await expect.poll(stateOf('103'), { timeout: 10_000 }).toBe('NOT_INUSE');
    expect(await textOf('103')()).toBe('Idle');
    // The board's hint agrees with its device after the call (the old bug: hint Idle, device In use).
    const board = preview.console.board();
    for (const e of ENDPOINTS) {
      expect(board.endpoints[`${e.id}@from-internal`]?.state, e.id).toBe(
        board.endpoints[`PJSIP/${e.id}`]?.state,
      );
    }
    expect(await numbers()).toEqual(extensions);
  });

  it('switches to another profile from the header menu', async () => {
    await page.getByRole('button', { name: MADRID, exact: true }).click();
    await page.getByRole('menuitemradio', { name: new RegExp(BARCELONA) }).click();
    const prompt = page.getByRole('dialog', { name: 'Enter the secret' });
    await prompt.getByLabel('Secret', { exact: true }).fill('12345');
    await prompt.getByRole('button', { name: 'Connect', exact: true }).click();
    // The new session is Barcelona's: its operator endpoint, its name in the header.
    await page.getByRole('button', { name: BARCELONA, exact: true }).waitFor({ timeout: 15_000 });
    await expect.poll(status, { timeout: 15_000 }).toBe('connected');
    expect(preview.console.status().operatorEndpoint).toBe('PJSIP/105');
    expect(preview.settings.selectedProfileId()).toBe(
      preview.settings.profiles().find((p) => p.name === BARCELONA)?.id,
    );
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
  });

  it('edits a profile', async () => {
    await page.getByRole('button', { name: `Edit ${MADRID}` }).click();
    const editor = page.getByRole('dialog', { name: 'Edit profile' });
    expect(await editor.getByLabel('Watched extensions').inputValue()).toBe('101, 102');
    await editor.getByLabel('Profile name').fill(`${MADRID} Centro`);
    await editor.getByLabel('My extension').fill('PJSIP/105');
    await editor.getByLabel('Watched extensions').fill('105');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await profileCard(`${MADRID} Centro`).waitFor();
    expect(await profileCard(MADRID).count()).toBe(0);
    const stored = preview.settings.profiles().find((p) => p.name === `${MADRID} Centro`);
    expect(stored).toMatchObject({ operatorEndpoint: 'PJSIP/105', watchedExtensions: ['105'] });
  });

  it('deletes a profile after confirmation', async () => {
    await page.getByRole('button', { name: `Delete ${BARCELONA}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this profile?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await profileCard(BARCELONA).waitFor({ state: 'detached' });
    expect(preview.settings.profiles().map((p) => p.name)).toEqual([`${MADRID} Centro`]);
    await page.reload();
    await profileCard(`${MADRID} Centro`).waitFor();
    expect(await profileCard(BARCELONA).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
