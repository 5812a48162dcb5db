/**
 * Spanish on every screen (issue 12 item 18), in Debian's Chromium through the real preview and the
 * demo PBX on 127.0.0.1: the connect screen and its errors (an address with a query, a closed port,
 * a wrong prefix, a wrong secret), the certificate prompt, the profile editor, the secret prompt, the board, the help,
 * hang-up, transfer and unknown-target dialogs, the toasts of controls that worked and of one the
 * PBX refused, the upload panel with a refused file and a warned one, the drop overlay and the
 * lost-connection banner. At each stop the page's text, and its accessible names, must hold no
 * sentence or word of the English catalogue (what main says included): Asterisk's own words are the
 * only English left, shown apart as detail.
 */
import type { Office } from '../../electron/demo/office';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { startPreview, type Preview } from '../../electron/preview';
import { en, type Messages } from '../../renderer/src/i18n/en';
import { es } from '../../renderer/src/i18n/es';
import {
  BAD_URL_PROBLEMS,
  CONFERENCE_CONTROL_NAMES,
  NOTICE_KEYS,
  QUEUE_CONTROL_NAMES,
  OPERATOR_FIELDS,
  type NoticeFormat,
  type NoticeParams,
} from '../../shared/notices';
import { launchChromium } from './browser';
import { buildRenderer, cleanup } from './harness';
import { dataTransferOf } from './page-actions';
import { wavFile } from './wav';
import { furnishOffice, walkSwitchboard } from './switchboard-walk';
import { walkPipeline } from './pipeline-walk';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARK = '\u0001';

/**
 * Every piece of fixed text a catalog holds: plain strings whole, and the text between the
 * arguments of each wording function (called with a marker for every argument and parameter).
 */
function pieces(catalog: Messages): string[] {
  const out: string[] = [];
  const format: NoticeFormat = { number: () => MARK, bytes: () => MARK };
  const params = (fixed: Record<string, string> = {}) =>
    new Proxy(fixed, {
      get: (target, name) => (typeof name === 'string' ? (target[name] ?? MARK) : undefined),
    });
  const call = (fn: (...args: never[]) => unknown, arity: number): string | undefined => {
    for (const arg of [MARK, [MARK]]) {
      try {
        return String((fn as (...args: unknown[]) => unknown)(...Array.from({ length: arity }, () => arg)));
      } catch {
        // A wording that takes a list (manager.conf classes), not a name.
      }
    }
    return undefined;
  };
  for (const [key, value] of Object.entries(catalog)) {
    if (key === 'notices') continue;
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'function') out.push(call(value, value.length) ?? '');
    // Word tables by state (the History's results and file states): each wording is a piece.
    else if (typeof value === 'object' && value !== null)
      for (const word of Object.values(value)) if (typeof word === 'string') out.push(word);
  }
  for (const key of NOTICE_KEYS) {
    const word = catalog.notices[key] as (p: NoticeParams, f: NoticeFormat) => string;
    const variants =
      key === 'ajam.bad-url'
        ? BAD_URL_PROBLEMS.map((problem) => ({ problem }))
        : key === 'ipc.invalid-field'
          ? OPERATOR_FIELDS.map((field) => ({ field }))
          : key === 'queue.done' || key === 'queue.failed'
            ? QUEUE_CONTROL_NAMES.map((control) => ({ control }))
            : key === 'conference.done' || key === 'conference.failed'
              ? CONFERENCE_CONTROL_NAMES.map((control) => ({ control }))
              : [{}];
    for (const fixed of variants) out.push(word(params(fixed), format));
  }
  return out.flatMap((text) => text.split(MARK));
}

/** Punctuation and spacing around a piece are not what makes it English. */
function trimmed(piece: string): string {
  return piece.replace(/^[\s.,:;·—()“”"«»'…/?!-]+|[\s.,:;·—()“”"«»'…/?!-]+$/gu, '');
}

const spanishText = pieces(es).join('\n');
/**
 * The English catalogue as the test looks for it: pieces of at least four characters that hold a
 * letter, leaving out what Spanish says identically (AJAM Console, http.conf, manager.conf, PJSIP/100).
 */
const ENGLISH = [...new Set(pieces(en).map(trimmed))]
  .filter((piece) => piece.length >= 4 && /\p{L}/u.test(piece) && !spanishText.includes(piece))
  .sort((a, b) => b.length - a.length);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The English pieces found in `text`, whole words only. */
function englishIn(text: string): string[] {
  return ENGLISH.filter((piece) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${escape(piece)}(?![\\p{L}\\p{N}])`, 'u').test(text),
  );
}

interface Dom {
  readonly document: {
    readonly body: unknown;
    createTreeWalker(root: unknown, what: number): { nextNode(): DomNode | null };
    querySelectorAll(selector: string): ArrayLike<DomElement>;
  };
}
interface DomNode {
  readonly nodeValue: string | null;
  readonly parentElement: DomElement | null;
}
interface DomElement {
  closest(selector: string): DomElement | null;
  getAttribute(name: string): string | null;
}

/**
 * What the page says: its text (but not Asterisk's own words, shown apart as `.detail`), and the
 * accessible names, titles and placeholders of its elements.
 */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as Dom;
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, .detail')) continue;
      parts.push(node.nodeValue ?? '');
    }
    const named = document.querySelectorAll('[aria-label], [title], [placeholder], [alt]');
    for (let i = 0; i < named.length; i++) {
      const element = named[i] as DomElement;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = element.getAttribute(name);
        if (value) parts.push(value);
      }
    }
    return parts.join('\n');
  });
}

let rendererDir = '';
let pbx: DemoPbx;
let preview: Preview;
let browser: Browser;
let page: Page;
const errors: string[] = [];
/** Every stop of the walk, in order: a stop that finds English fails the test that made it. */
const visited: string[] = [];

async function expectSpanish(where: string): Promise<void> {
  visited.push(where);
  const text = await pageText(page);
  expect(englishIn(text), `English on "${where}":\n${text}`).toEqual([]);
}

const alert = () => page.locator('.form-error[role="alert"]');
const toastOf = (kind: 'ok' | 'error') => page.locator(`.toast.${kind}`).last();

async function connectWith(fields: { url: string; user?: string; secret?: string }): Promise<void> {
  await page.getByLabel(es.url).fill(fields.url);
  await page.getByLabel(es.user).fill(fields.user ?? 'admin');
  await page.getByLabel(es.secret, { exact: true }).fill(fields.secret ?? '12345');
  await page.getByLabel(es.postMapping).fill('recordings');
  await page.getByLabel(es.operatorExten).fill('PJSIP/106');
  await page.getByRole('button', { name: es.connect, exact: true }).click();
}

/** Connects with a wrong value and waits for main's refusal, worded in Spanish. */
async function refusedWith(fields: { url: string; secret?: string }, spanish: RegExp): Promise<void> {
  await connectWith(fields);
  await expect
    .poll(async () => (await alert().count()) && alert().textContent(), { timeout: 20_000 })
    .toMatch(spanish);
}

beforeAll(async () => {
  rendererDir = await buildRenderer();
  // A quiet office with three calls; no traffic, so what the test does is all that happens.
  pbx = await startDemoPbx({ calls: 3, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 7 });
  preview = await startPreview({ rendererDir, osLocale: 'es-ES' });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'es-ES',
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(preview.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await pbx?.close();
  if (rendererDir) await cleanup(rendererDir);
});

describe('Spanish on every screen, in Chromium', { timeout: 120_000 }, () => {
  it('looks for real English: the catalogue pieces include sentences, main words and single words', () => {
    expect(ENGLISH.length).toBeGreaterThan(300);
    expect(ENGLISH).toEqual(expect.arrayContaining(['Connect to Asterisk', 'Hang up', 'Park']));
    expect(ENGLISH.some((piece) => piece.startsWith('Nothing accepts connections at'))).toBe(true);
    // A page in English is caught, a page in Spanish is not.
    expect(englishIn(`${en.connectTitle}\n${en.bannerLost(3)}`)).toContain('Connect to Asterisk');
    expect(englishIn(`${es.connectTitle}\n${es.bannerLost(3)}\n${es.stateUp}`)).toEqual([]);
  });

  it('connect screen and its errors', async () => {
    await page.getByRole('heading', { name: es.connectTitle }).waitFor({ timeout: 30_000 });
    await expectSpanish('connect screen');

    await refusedWith({ url: `${pbx.url}?x=1` }, /no es una URL válida \(no puede llevar \?consulta/);
    await expectSpanish('connect error: URL with a query');

    // A port nothing listens on (the demo's own, once it is known to be closed, would race).
    await refusedWith(
      { url: 'http://127.0.0.1:9/asterisk' },
      /Nada acepta conexiones en http:\/\/127\.0\.0\.1:9/,
    );
    await expectSpanish('connect error: nothing listening');

    await refusedWith({ url: pbx.url.replace(/\/asterisk$/, '/centralita') }, /ha respondido 404/);
    await expectSpanish('connect error: wrong prefix');

    await refusedWith(
      { url: pbx.url, secret: 'no-es-este' },
      /Se ha rechazado el inicio de sesión como «admin»\. Revise el usuario y su secreto/,
    );
    await expectSpanish('connect error: wrong secret');

    // A PBX whose certificate nobody vouches for: the trust-on-first-use dialog.
    const tlsPbx = await startDemoPbx({ tls: true, calls: 0, callsPerSecond: 0, seed: 3 });
    try {
      await connectWith({ url: tlsPbx.url });
      const prompt = page.getByRole('dialog', { name: es.certTitle });
      await prompt.waitFor({ timeout: 20_000 });
      await expectSpanish('certificate prompt');
      await prompt.getByRole('button', { name: es.cancel }).click();
      await prompt.waitFor({ state: 'detached' });
    } finally {
      await tlsPbx.close();
    }
  });

  it('profile editor, profile list, delete confirmation and secret prompt', async () => {
    await page.getByLabel(es.url).fill(pbx.url);
    await page.getByLabel(es.user).fill('admin');
    await page.getByRole('button', { name: es.saveAsProfile }).click();
    const editor = page.getByRole('dialog', { name: es.newProfileTitle });
    await editor.waitFor();
    await expectSpanish('profile editor');
    await editor.getByLabel(es.profileName).fill('Oficina');
    // An address main refuses, in the words a connect would use.
    await editor.getByLabel(es.url).fill(pbx.url.replace('http://', 'http://admin:12345@'));
    await editor.getByRole('button', { name: es.save, exact: true }).click();
    await expect
      .poll(async () => editor.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('no puede llevar usuario ni secreto');
    await expectSpanish('profile editor: address refused');
    await editor.getByLabel(es.url).fill(pbx.url);
    await editor.getByRole('button', { name: es.save, exact: true }).click();
    await toastOf('ok').waitFor();
    await expectSpanish('profile saved: list and toast');

    await page.getByRole('button', { name: es.deleteProfile('Oficina') }).click();
    await page.getByRole('dialog', { name: es.deleteProfileTitle }).waitFor();
    await expectSpanish('delete profile confirmation');
    await page.keyboard.press('Escape');

    // No OS secret store in plain Node: connecting with the profile asks for the secret, saying why.
    await page.getByRole('button', { name: es.connectWith('Oficina') }).click();
    await page.getByRole('dialog', { name: es.secretPromptTitle }).waitFor();
    await expectSpanish('secret prompt');
    await page.keyboard.press('Escape');
  });

  it('board, help, hang-up, transfer and unknown-target dialogs, and the toasts of controls', async () => {
    await connectWith({ url: pbx.url });
    const status = page.getByRole('status', { name: es.connectionStatus });
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
    await page.locator('[data-uniqueid]').first().waitFor({ timeout: 20_000 });
    await expectSpanish('board');

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: es.shortcutsTitle });
    await help.waitFor();
    expect(await help.locator('kbd').allTextContents()).toContain('Supr');
    await expectSpanish('keyboard shortcuts');
    await page.keyboard.press('Escape');

    const first = page.locator('[data-uniqueid] .select').first();
    await first.click();
    await expectSpanish('a channel selected: call controls');

    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: es.hangupConfirmTitle }).waitFor();
    await expectSpanish('hang-up confirmation');
    await page.keyboard.press('Escape');

    await page.keyboard.press('t');
    const transfer = page.getByRole('dialog', { name: es.transferTitle });
    await transfer.waitFor();
    await expectSpanish('blind transfer dialog');
    await transfer.getByLabel(es.targetExten).fill('4999');
    await page.keyboard.press('Enter');
    const unknown = page.getByRole('dialog', { name: es.unknownTargetTitle });
    await unknown.waitFor();
    await expectSpanish('unknown transfer target');
    await unknown.getByRole('button', { name: es.unknownTargetSend('4999') }).click();
    // Queued, in Spanish; "transferido" only once the PBX's
    // BlindTransfer event reports it (the dialplan then drops the caller: hence the confirmation).
    await expect
      .poll(() => page.locator('.toast.info .text').last().textContent(), { timeout: 10_000 })
      .toMatch(/^Transfiriendo .+ a 4999…$/);
    await expectSpanish('toast: a transfer on its way');
    await expect
      .poll(() => toastOf('ok').locator('.text').textContent(), { timeout: 10_000 })
      .toMatch(/^.+ se ha transferido a 4999\.$/);
    await expectSpanish('toast: a control that worked');

    // A control the PBX refuses: click-to-dial a number the dialplan does not have.
    await page.getByLabel(es.dialNumber).fill('4999');
    await page.getByRole('button', { name: es.dial, exact: true }).click();
    await expect
      .poll(() => toastOf('error').locator('.text').textContent(), { timeout: 10_000 })
      .toBe('No se ha podido llamar al 4999.');
    expect(await toastOf('error').locator('.detail').textContent()).toBe('Extension does not exist.');
    await expectSpanish('toast: a control the PBX refused');

    // A number main refuses before asking the PBX: worded for the field the operator typed in.
    await page.getByLabel(es.dialNumber).fill('12ab');
    await page.getByRole('button', { name: es.dial, exact: true }).click();
    await expect
      .poll(() => toastOf('error').locator('.text').textContent(), { timeout: 10_000 })
      .toBe('El número a marcar solo puede llevar dígitos, * o # (y un + delante).');
    await expectSpanish('toast: a number main refused');

    // Listen: the operator's phone rings with a caller ID in the operator's language.
    const spied = page.locator('[data-uniqueid]').first();
    const spiedChannel = (await spied.locator('.chan').textContent()) ?? '';
    await spied.locator('.select').click();
    await page.keyboard.press('l');
    await expect
      .poll(() => page.locator('.toast .text').allTextContents(), { timeout: 10_000 })
      .toContain(`Su teléfono sonará para escuchar ${spiedChannel}.`);
    const operatorLeg = () => pbx.office.channels().find((c) => c.channel.startsWith('PJSIP/106-'));
    await expect.poll(() => operatorLeg()?.callerIdName, { timeout: 10_000 }).toBe('Escuchar');
    expect(operatorLeg()?.callerIdNum).toBe('spy');
    await expectSpanish('toast: listening');

    // Click-to-dial while that listening call is up: the phone rings with the call waiting and
    // declines it (486). Asterisk's Reason is 0; the leg's DialEnd and cause say busy.
    await page.getByLabel(es.dialNumber).fill('102');
    await page.getByRole('button', { name: es.dial, exact: true }).click();
    await expect
      .poll(() => toastOf('error').locator('.text').textContent(), { timeout: 10_000 })
      .toBe('Marcar 102: PJSIP/106 está ocupado');
    await expectSpanish('toast: the operator phone busy');
  });

  it('upload panel: a refused file, a warned one, the drop overlay', async () => {
    const files = [
      { name: 'nota.txt', bytes: Buffer.from('no es un sonido') },
      { name: 'musica.wav', bytes: wavFile(44100, 2, 16, 2000) },
    ];
    const dataTransfer = await dataTransferOf(page, files);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer });
    await page.getByTestId('drop-overlay').waitFor();
    await expectSpanish('drop overlay');
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    const panel = page.getByRole('complementary', { name: es.uploads });
    await expect
      .poll(() => panel.locator('[data-upload-state]').evaluateAll((rows) => rows.length), {
        timeout: 20_000,
      })
      .toBe(2);
    await expect
      .poll(() => panel.textContent(), { timeout: 20_000 })
      .toMatch(/\.txt no es un formato de sonido que Asterisk reproduzca/);
    await expect
      .poll(() => panel.textContent(), { timeout: 20_000 })
      .toMatch(/Este archivo WAV es 44,1 kHz estéreo PCM de 16 bits/);
    await expectSpanish('upload panel');
  });

  it('lost connection banner', async () => {
    await pbx.close();
    const status = page.getByRole('status', { name: es.connectionStatus });
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('lost');
    await expectSpanish('connection lost');
    expect(errors).toEqual([]);
    expect(visited).toHaveLength(26);
  });
});

describe('the softphone in Spanish, in Chromium with a fake microphone', { timeout: 120_000 }, () => {
  it('registration, a call with its keypad and transfer, on hold, ringing, and a refused password', async () => {
    // Its own demo PBX through --demo, so the page registers by itself as the operator (101).
    const demo = await startPreview({
      rendererDir,
      osLocale: 'es-ES',
      demo: { calls: 0, callsPerSecond: 0, eventsPerSecond: 0, seed: 5 },
    });
    const wrong = await startPreview({
      rendererDir,
      osLocale: 'es-ES',
      connect: { url: demo.pbx?.url ?? '', user: 'admin', secret: '12345' },
      softphone: { user: '101', password: 'no-es-esta' },
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
    try {
      const context = await media.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'es-ES' });
      const phone = await context.newPage();
      const problems: string[] = [];
      phone.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      const spanish = async (where: string): Promise<void> => {
        const text = await pageText(phone);
        expect(englishIn(text), `English on "${where}":\n${text}`).toEqual([]);
      };
      await phone.goto(demo.url);
      const status = phone.getByRole('status', { name: es.phoneStatus });
      await expect
        .poll(() => status.textContent(), { timeout: 20_000 })
        .toContain(es.phoneStateRegistered('101'));
      await spanish('softphone registered');

      await phone.getByRole('textbox', { name: es.phoneNumber, exact: true }).fill('600');
      await phone.getByRole('button', { name: es.phoneCall, exact: true }).click();
      const call = phone.getByRole('group', { name: es.phoneCallWith('600') });
      await expect.poll(() => call.getAttribute('data-phase'), { timeout: 20_000 }).toBe('active');
      await call.getByRole('button', { name: es.phoneKeypad }).click();
      await call.getByRole('button', { name: es.phoneTransfer }).click();
      await phone
        .getByRole('group', { name: es.phoneCallWith('600') })
        .getByText(es.phonePhaseActive)
        .waitFor();
      await spanish('softphone in a call, keypad and transfer open');

      await call.getByRole('button', { name: es.phoneHold }).click();
      await expect.poll(() => call.getAttribute('data-phase')).toBe('held');
      await spanish('softphone: a held call');
      // A call rings in while the first is held: call waiting.
      await expect
        .poll(async () => (await demo.pbx?.sip.ring('104')) ?? null, { timeout: 10_000 })
        .not.toBeNull();
      const waiting = phone.locator('[data-phase="incoming"]');
      await waiting.getByText(es.phonePhaseWaiting).waitFor({ timeout: 20_000 });
      await spanish('softphone: call waiting');
      await waiting.getByRole('button', { name: es.phoneDecline }).click();
      await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(0);
      await call.getByRole('button', { name: es.phoneHangUp }).click();
      await expect.poll(() => phone.locator('[data-phase]').count(), { timeout: 10_000 }).toBe(0);

      // An office phone rings in, alone: the full ringtone.
      await expect
        .poll(async () => (await demo.pbx?.sip.ring('103')) ?? null, { timeout: 10_000 })
        .not.toBeNull();
      const ringing = phone.locator('[data-phase="incoming"]');
      await ringing.waitFor({ timeout: 20_000 });
      await spanish('softphone: an incoming call ringing');
      await ringing.getByRole('button', { name: es.phoneDecline }).click();
      expect(problems).toEqual([]);

      const refused = await context.newPage();
      await refused.goto(wrong.url);
      await expect
        .poll(() => refused.locator('.phone-status .problem').textContent(), { timeout: 20_000 })
        .toContain(es.phoneProblemAuth);
      const text = await pageText(refused);
      expect(englishIn(text), `English on "softphone refused":\n${text}`).toEqual([]);
    } finally {
      await media.close();
      await wrong.close();
      await demo.close();
    }
  });
});

describe('the switchboard in Spanish, in Chromium', { timeout: 120_000 }, () => {
  it('grid and parking, context menu and its toast, groups and label dialogs, tabs on a narrow window', async () => {
    // Its own PBX and preview: the walk above ends with its PBX gone.
    const office = await startDemoPbx({ calls: 2, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 7 });
    const host = await startPreview({ rendererDir, osLocale: 'es-ES' });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'es-ES' });
    try {
      furnishOffice(office);
      const board = await context.newPage();
      const problems: string[] = [];
      board.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await board.goto(host.url);
      await board.getByLabel(es.url).fill(office.url);
      await board.getByLabel(es.user).fill('admin');
      await board.getByLabel(es.secret, { exact: true }).fill('12345');
      await board.getByLabel(es.operatorExten).fill('PJSIP/106');
      await board.getByRole('button', { name: es.connect, exact: true }).click();
      const stops: string[] = [];
      await walkSwitchboard(board, es, async (where) => {
        stops.push(where);
        const text = await pageText(board);
        expect(englishIn(text), `English on "${where}":\n${text}`).toEqual([]);
      });
      expect(stops).toHaveLength(8);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await host.close();
      await office.close();
    }
  });
});

describe('the recordings pipeline in Spanish, in Chromium', { timeout: 120_000 }, () => {
  it('profile section with the delete warning, History with its filter, and the ask question', async () => {
    const office = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 7 });
    const host = await startPreview({ rendererDir, osLocale: 'es-ES' });
    const folder = await mkdtemp(join(tmpdir(), 'ajam-e2e-grabaciones-'));
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-ES' });
    try {
      const view = await context.newPage();
      const problems: string[] = [];
      view.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await view.goto(host.url);
      const stops: string[] = [];
      await walkPipeline(view, es, { pbx: office, folder, profile: 'Auditoría' }, async (where) => {
        stops.push(where);
        const text = await pageText(view);
        expect(englishIn(text), `English on "${where}":\n${text}`).toEqual([]);
      });
      expect(stops).toHaveLength(4);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await host.close();
      await office.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('queues and conference rooms in Spanish, in Chromium', { timeout: 120_000 }, () => {
  it('queues with waiting callers, a paused member with its reason and toast, alert settings, a room', async () => {
    const office = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 7 });
    const host = await startPreview({ rendererDir, osLocale: 'es-ES' });
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'es-ES' });
    try {
      const { queueBookOf } = await import('../../electron/demo/queues/attach');
      const { conferenceRoomsOf } = await import('../../electron/demo/conferences/attach');
      const demo = office.office as Office;
      queueBookOf(demo).join('soporte', {
        channel: 'PJSIP/trunk-0000e501',
        uniqueid: 'ajamtest-5.1',
        lines: [
          ['Channel', 'PJSIP/trunk-0000e501'],
          ['CallerIDNum', '600123123'],
          ['CallerIDName', 'Cliente Azul'],
          ['Uniqueid', 'ajamtest-5.1'],
        ],
        callerIdNum: '600123123',
        callerIdName: 'Cliente Azul',
        connectedNum: '',
        connectedName: '',
      });
      conferenceRoomsOf(demo).join('900', {
        channel: 'PJSIP/105-0000c501',
        lines: [
          ['Channel', 'PJSIP/105-0000c501'],
          ['CallerIDNum', '105'],
          ['CallerIDName', 'Jorge Díaz'],
          ['Uniqueid', 'ajamtest-5.2'],
        ],
        admin: true,
        marked: true,
      });
      const board = await context.newPage();
      await board.goto(host.url);
      await board.getByLabel(es.url).fill(office.url);
      await board.getByLabel(es.user).fill('admin');
      await board.getByLabel(es.secret, { exact: true }).fill('12345');
      await board.getByLabel(es.operatorExten).fill('PJSIP/122');
      await board.getByRole('button', { name: es.connect, exact: true }).click();
      await board.locator('[data-caller="PJSIP/trunk-0000e501"]').waitFor({ timeout: 30_000 });
      await board.locator('[data-room="900"]').waitFor({ timeout: 15_000 });
      const check = async (where: string): Promise<void> => {
        const text = await pageText(board);
        expect(englishIn(text), `English on "${where}":\n${text}`).toEqual([]);
      };
      await board
        .locator('.toolbar')
        .getByRole('group', { name: es.myQueues, exact: true })
        .getByText(es.pausedInOf(0, 1), { exact: true })
        .waitFor({ timeout: 15_000 });
      await check('queues and rooms');
      await board.getByRole('button', { name: es.pauseMember('Tomás Herrera'), exact: true }).click();
      const reason = board.locator('[data-queue="soporte"]').getByLabel(es.pauseReason);
      await reason.fill('Reunión');
      await reason.press('Enter');
      await board
        .locator('[data-member="Local/123@from-queue/n"][data-paused="1"]')
        .waitFor({ timeout: 15_000 });
      await toastOfPage(board, 'ok').waitFor({ timeout: 15_000 });
      await board.locator('[data-queue="soporte"] details.alerts summary').click();
      await check('a paused member, its toast, the alert settings');
      // Locking: no event from Asterisk (21g), the room shows it once Asterisk agreed.
      await board.getByRole('button', { name: es.lockRoom, exact: true }).click();
      await board.locator('[data-room="900"][data-locked="1"]').waitFor({ timeout: 15_000 });
      await check('a locked room');
    } finally {
      await context.close();
      await host.close();
      await office.close();
    }
  });
});

function toastOfPage(p: Page, kind: 'ok' | 'error') {
  return p.locator(`.toast.${kind}`).last();
}
