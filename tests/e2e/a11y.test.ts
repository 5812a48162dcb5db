/**
 * WCAG AA by axe-core in Debian's Chromium: no serious or critical violation (contrast, names, roles)
 * on the connect screen, the board and every dialog, in English and Spanish, light and dark. The real
 * preview and the demo PBX over HTTP on 127.0.0.1; a TLS demo PBX for the certificate prompt.
 */
import type { Office } from '../../electron/demo/office';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { startPreview } from '../../electron/preview';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { en } from '../../renderer/src/i18n/en';
import { es } from '../../renderer/src/i18n/es';
import type { Messages } from '../../renderer/src/i18n/en';
import { describeViolations, seriousViolations } from './axe';
import type { Stack } from './harness';
import { buildRenderer, cleanup, startStack } from './harness';
import { htmlTheme } from './page-actions';
import { furnishOffice, walkSwitchboard } from './switchboard-walk';
import { walkPipeline } from './pipeline-walk';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let rendererDir = '';
let stack: Stack;
let tlsPbx: DemoPbx;
const PROFILE = 'Centralita de pruebas';

beforeAll(async () => {
  rendererDir = await buildRenderer();
  stack = await startStack(rendererDir, { calls: 3 });
  // Every look a call can have: ringing, talking, on hold (step), recording.
  stack.pbx.office.placeCall({ from: '600123456', fromName: 'Móvil', to: '104' });
  tlsPbx = await startDemoPbx({ tls: true, calls: 0, callsPerSecond: 0, seed: 3 });
  // A saved profile without a stored secret: the connect screen lists it and connecting asks for it.
  stack.preview.settings.saveProfile({ name: PROFILE, url: stack.pbx.url, user: 'admin' });
}, 180_000);

afterAll(async () => {
  await tlsPbx?.close();
  await stack?.close();
  if (rendererDir) await cleanup(rendererDir);
});

/** Runs axe and adds what it found to `found`, labelled with the screen. */
async function check(page: Page, where: string, found: string[]): Promise<void> {
  found.push(...describeViolations(where, await seriousViolations(page)));
}

function combobox(page: Page, names: readonly string[]) {
  return page.getByRole('combobox', { name: new RegExp(`^(${names.join('|')})$`) });
}

async function dialog(page: Page, name: string) {
  const d = page.getByRole('dialog', { name });
  await d.waitFor({ timeout: 20_000 });
  return d;
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

async function fillConnectForm(page: Page, t: Messages, url: string, secret: string): Promise<void> {
  await page.getByLabel(t.url, { exact: true }).fill(url);
  await page.getByLabel(t.user, { exact: true }).fill('admin');
  await page.getByLabel(t.secret, { exact: true }).fill(secret);
  await page.getByLabel(t.operatorExten).fill('PJSIP/106');
}

async function connected(page: Page): Promise<void> {
  await page.locator('[role="status"][data-state="connected"]').waitFor({ timeout: 20_000 });
}

async function disconnect(page: Page, t: Messages): Promise<void> {
  const button = page.getByRole('button', { name: t.disconnect });
  const connect = page.getByRole('button', { name: t.connect, exact: true });
  // A page that has just loaded shows neither yet: wait for one, or a live session is never ended.
  await button.or(connect).first().waitFor({ timeout: 20_000 });
  if (await button.isVisible()) await button.click();
  await connect.waitFor({ timeout: 20_000 });
}

type Lang = 'en' | 'es';
type Theme = 'light' | 'dark';
const LANGS = ['en', 'es'] as const;
const THEMES = ['light', 'dark'] as const;

/** A context for one walk, in the language's locale and the theme. */
function walkContext(
  browser: Browser,
  viewport: { width: number; height: number },
  lang: Lang,
  theme: Theme,
): Promise<BrowserContext> {
  // axe goes in as an inline script, which the app's CSP (rightly) forbids.
  return browser.newContext({
    viewport,
    locale: lang === 'es' ? 'es-ES' : 'en-US',
    colorScheme: theme,
    bypassCSP: true,
  });
}

/** `visit` once per language and theme, each on a page of its own context, closed after. */
async function eachLanguageAndTheme(
  browser: Browser,
  viewport: { width: number; height: number },
  visit: (page: Page, t: Messages, lang: Lang, theme: Theme) => Promise<void>,
): Promise<void> {
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      const context = await walkContext(browser, viewport, lang, theme);
      try {
        await visit(await context.newPage(), lang === 'es' ? es : en, lang, theme);
      } finally {
        await context.close();
      }
    }
  }
}

/** Opens the preview in `lang` and connects it afresh to the stack's demo PBX. */
async function connectAfresh(page: Page, t: Messages, lang: Lang): Promise<void> {
  await page.goto(stack.preview.url);
  // The app keeps the language an earlier walk picked: choose this walk's own first.
  await combobox(page, [en.language, es.language]).selectOption(lang);
  await disconnect(page, t);
  await fillConnectForm(page, t, stack.pbx.url, '12345');
  await page.getByRole('button', { name: t.connect, exact: true }).click();
  await connected(page);
}

/** Every screen and dialog in one language and theme; returns the violations found. */
async function walk(context: BrowserContext, lang: Lang, theme: Theme): Promise<string[]> {
  const t = lang === 'es' ? es : en;
  const found: string[] = [];
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(stack.preview.url);
  await combobox(page, [en.language, es.language]).selectOption(lang);
  await combobox(page, [en.theme, es.theme]).selectOption(theme);
  await expect.poll(() => htmlTheme(page)).toBe(theme);
  const at = (screen: string) => `${lang}/${theme} ${screen}`;

  // Connect screen, with the saved profile listed, then with the PBX's refusal on it.
  await disconnect(page, t);
  await page.locator(`li[data-profile="${PROFILE}"]`).waitFor();
  await check(page, at('connect screen'), found);
  await fillConnectForm(page, t, stack.pbx.url, 'wrong-secret');
  await page.getByRole('button', { name: t.connect, exact: true }).click();
  await page.getByRole('alert').first().waitFor({ timeout: 20_000 });
  await check(page, at('connect error'), found);

  await page.getByRole('button', { name: t.saveAsProfile }).click();
  await dialog(page, t.newProfileTitle);
  await check(page, at('profile editor'), found);
  await closeDialog(page);

  await page.getByRole('button', { name: t.deleteProfile(PROFILE) }).click();
  await dialog(page, t.deleteProfileTitle);
  await check(page, at('delete profile'), found);
  await closeDialog(page);

  await page.getByRole('button', { name: t.connectWith(PROFILE) }).click();
  await dialog(page, t.secretPromptTitle);
  await check(page, at('secret prompt'), found);
  await closeDialog(page);

  await fillConnectForm(page, t, tlsPbx.url, '12345');
  await page.getByRole('button', { name: t.connect, exact: true }).click();
  await dialog(page, t.certTitle);
  await check(page, at('certificate prompt'), found);
  await page.getByRole('dialog').getByRole('button', { name: t.cancel, exact: true }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  // The board, a channel selected, and every dialog it opens.
  await fillConnectForm(page, t, stack.pbx.url, '12345');
  await page.getByRole('button', { name: t.connect, exact: true }).click();
  await connected(page);
  await page.locator('.line .select').first().waitFor();
  await page.locator('.line .select').first().click();
  await check(page, at('board'), found);
  // Each row's select button lies over its text, transparent: axe cannot tell the text's background
  // through it and leaves those contrasts unchecked. Without the buttons it can.
  const overlay = await page.addStyleTag({ content: '.line .select { display: none !important; }' });
  await check(page, at('board rows'), found);
  await overlay.evaluate((style) => style.remove());

  // A toast: start recording the selected channel (selected again if its call ended meanwhile).
  const first = page.locator('.line .select').first();
  if ((await first.getAttribute('aria-pressed')) !== 'true') await first.click();
  await page.keyboard.press('r');
  await page.locator('.toast').first().waitFor({ timeout: 20_000 });
  await check(page, at('toast'), found);

  await page.keyboard.press('Delete');
  await dialog(page, t.hangupConfirmTitle);
  await check(page, at('hang-up confirmation'), found);
  await closeDialog(page);

  await page.keyboard.press('t');
  const transfer = await dialog(page, t.transferTitle);
  await check(page, at('blind transfer'), found);
  await transfer.getByLabel(t.targetExten).fill('999');
  await page.keyboard.press('Enter');
  await dialog(page, t.unknownTargetTitle);
  await check(page, at('unknown extension'), found);
  await page.keyboard.press('Escape'); // back to the transfer
  await dialog(page, t.transferTitle);
  await closeDialog(page);

  await page.keyboard.press('a');
  await dialog(page, t.atxferTitle);
  await check(page, at('attended transfer'), found);
  await closeDialog(page);

  await page.keyboard.press('?');
  await dialog(page, t.shortcutsTitle);
  await check(page, at('shortcuts'), found);
  await closeDialog(page);

  await page.keyboard.press('u');
  await page.getByRole('complementary', { name: t.uploads }).waitFor();
  await check(page, at('uploads panel'), found);
  await page.keyboard.press('u');

  expect(errors).toEqual([]);
  await page.close();
  return found;
}

describe('accessibility (axe-core, WCAG AA) in Chromium', { timeout: 240_000 }, () => {
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      it(`has no serious or critical violations: ${lang}, ${theme}`, async () => {
        const context = await walkContext(stack.browser, { width: 1280, height: 800 }, lang, theme);
        try {
          expect(await walk(context, lang, theme)).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }
});

describe('accessibility of the softphone (axe-core, WCAG AA)', { timeout: 240_000 }, () => {
  it('has no serious or critical violations: registered, in a call with keypad, transfer and devices open, on hold, ringing', async () => {
    // The demo PBX's SIP side through --demo: the page registers by itself as 101.
    const demo = await startPreview({
      rendererDir,
      demo: { calls: 0, callsPerSecond: 0, eventsPerSecond: 0, seed: 4 },
    });
    const media = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--allow-loopback-in-peer-connection',
      ],
    });
    const found: string[] = [];
    // The softphone's own parts: its panel and its state in the toolbar (the rest of the board is
    // walked above, with calls on it).
    const check = async (page: Page, where: string, into: string[]): Promise<void> => {
      const parts = ['section[aria-labelledby="phone-title"]', '.phone-status'];
      into.push(...describeViolations(where, await seriousViolations(page, parts)));
    };
    try {
      await eachLanguageAndTheme(media, { width: 1600, height: 1000 }, async (page, t, lang, theme) => {
        await page.goto(demo.url);
        await combobox(page, [en.language, es.language]).selectOption(lang);
        await combobox(page, [en.theme, es.theme]).selectOption(theme);
        await expect.poll(() => htmlTheme(page)).toBe(theme);
        const at = (screen: string) => `${lang}/${theme} softphone ${screen}`;
        await expect
          .poll(() => page.getByRole('status', { name: t.phoneStatus }).textContent(), {
            timeout: 20_000,
          })
          .toContain(t.phoneStateRegistered('101'));
        await check(page, at('registered'), found);

        await page.getByRole('textbox', { name: t.phoneNumber, exact: true }).fill('600');
        await page.getByRole('button', { name: t.phoneCall, exact: true }).click();
        const call = page.getByRole('group', { name: t.phoneCallWith('600') });
        await expect.poll(() => call.getAttribute('data-phase'), { timeout: 20_000 }).toBe('active');
        await call.getByRole('button', { name: t.phoneKeypad }).click();
        await call.getByRole('button', { name: t.phoneTransfer }).click();
        await page.locator('details.devices summary').click();
        await check(page, at('in a call'), found);

        await call.getByRole('button', { name: t.phoneHold }).click();
        await expect.poll(() => call.getAttribute('data-phase')).toBe('held');
        await check(page, at('held'), found);
        // A call rings in while the first is held: call waiting.
        await expect
          .poll(async () => (await demo.pbx?.sip.ring('104')) ?? null, { timeout: 10_000 })
          .not.toBeNull();
        const waiting = page.locator('[data-phase="incoming"]');
        await waiting.getByText(t.phonePhaseWaiting).waitFor({ timeout: 20_000 });
        await check(page, at('call waiting'), found);
        await waiting.getByRole('button', { name: t.phoneDecline }).click();
        await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(0);
        await call.getByRole('button', { name: t.phoneHangUp }).click();
        await expect.poll(() => page.locator('[data-phase]').count(), { timeout: 10_000 }).toBe(0);

        // The demo's office phone rings the softphone, alone.
        await expect
          .poll(async () => (await demo.pbx?.sip.ring('103')) ?? null, { timeout: 10_000 })
          .not.toBeNull();
        const ringing = page.locator('[data-phase="incoming"]');
        await ringing.waitFor({ timeout: 20_000 });
        await check(page, at('ringing'), found);
        await ringing.getByRole('button', { name: t.phoneDecline }).click();
        await expect.poll(() => page.locator('[data-phase]').count(), { timeout: 10_000 }).toBe(0);
      });
    } finally {
      await media.close();
      await demo.close();
    }
    expect(found).toEqual([]);
  });
});

describe('accessibility of the switchboard (axe-core, WCAG AA)', { timeout: 240_000 }, () => {
  it('has no serious or critical violations on the grid, parking, menu, dialogs and narrow tabs', async () => {
    furnishOffice(stack.pbx);
    const found: string[] = [];
    await eachLanguageAndTheme(stack.browser, { width: 1600, height: 1000 }, async (page, t, lang, theme) => {
      await connectAfresh(page, t, lang);
      await walkSwitchboard(page, t, (where) => check(page, `${lang}/${theme} ${where}`, found));
      // Turn DND back off for the next language and theme.
      await page.locator('button.ext[data-exten="120"]').click({ button: 'right' });
      await page.getByRole('menuitem', { name: t.menuDndOff }).click();
      await page.locator('button.ext[data-exten="120"]:not([data-state="dnd"])').waitFor({ timeout: 20_000 });
    });
    expect(found).toEqual([]);
  });
});

describe('accessibility of the recordings pipeline (axe-core, WCAG AA)', { timeout: 240_000 }, () => {
  it('has no serious or critical violations in its profile section, History and the ask question', async () => {
    const found: string[] = [];
    await eachLanguageAndTheme(stack.browser, { width: 1366, height: 900 }, async (page, t, lang, theme) => {
      // Each walk starts from an empty journal, folder and profile list.
      const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 7 });
      const preview = await startPreview({ rendererDir });
      const folder = await mkdtemp(join(tmpdir(), 'ajam-a11y-pipeline-'));
      try {
        await page.goto(preview.url);
        await walkPipeline(page, t, { pbx, folder, profile: 'Auditoría' }, (where) =>
          check(page, `${lang}/${theme} ${where}`, found),
        );
      } finally {
        await page.close();
        await preview.close();
        await pbx.close();
        await rm(folder, { recursive: true, force: true });
      }
    });
    expect(found).toEqual([]);
  });
});

describe('accessibility of queues and conference rooms (axe-core, WCAG AA)', { timeout: 240_000 }, () => {
  it('has no serious or critical violations with callers waiting, a paused member, alerts open and a room', async () => {
    const { queueBookOf } = await import('../../electron/demo/queues/attach');
    const { conferenceRoomsOf } = await import('../../electron/demo/conferences/attach');
    const demo = stack.pbx.office as Office;
    const book = queueBookOf(demo);
    book.join('ventas', {
      channel: 'PJSIP/trunk-0000a111',
      uniqueid: 'ajamtest-6.1',
      lines: [
        ['Channel', 'PJSIP/trunk-0000a111'],
        ['CallerIDNum', '600111000'],
        ['CallerIDName', 'Cliente Verde'],
        ['Uniqueid', 'ajamtest-6.1'],
      ],
      callerIdNum: '600111000',
      callerIdName: 'Cliente Verde',
      connectedNum: '',
      connectedName: '',
    });
    book.pause('ventas', 'PJSIP/117', true, 'Almuerzo');
    // The operator (PJSIP/106) in a queue, paused so the queue rings it not: the toolbar shows its control.
    book.add('ventas', 'PJSIP/106', 'Operador', 'PJSIP/106', 0, true, 'Almuerzo');
    const rooms = conferenceRoomsOf(demo);
    if (!rooms.find('901')) {
      rooms.join('901', {
        channel: 'PJSIP/105-0000a901',
        lines: [
          ['Channel', 'PJSIP/105-0000a901'],
          ['CallerIDNum', '105'],
          ['CallerIDName', 'Jorge Díaz'],
          ['Uniqueid', 'ajamtest-6.2'],
        ],
        admin: true,
        marked: true,
      });
      rooms.setMuted('901', 'all', true);
    }
    const found: string[] = [];
    await eachLanguageAndTheme(stack.browser, { width: 1920, height: 1080 }, async (page, t, lang, theme) => {
      await connectAfresh(page, t, lang);
      await page.locator('[data-caller="PJSIP/trunk-0000a111"]').waitFor({ timeout: 20_000 });
      await page.locator('[data-room="901"]').waitFor({ timeout: 20_000 });
      await page.locator('[data-queue="ventas"] details.alerts summary').click();
      await page
        .locator('.toolbar')
        .getByRole('group', { name: t.myQueues, exact: true })
        .waitFor({ timeout: 20_000 });
      await check(page, `${lang}/${theme} queues and rooms`, found);
    });
    book.remove('ventas', 'PJSIP/106');
    expect(found).toEqual([]);
  });
});
