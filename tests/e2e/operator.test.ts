/**
 * The board as an operator uses it, in Debian's Chromium against the real preview and the demo PBX
 * over HTTP on 127.0.0.1: keys that must not drop a call, caller IDs the PBX does not know, the call
 * badge during an attended transfer, accent-blind search with its counts, and transfers to
 * extensions the console does not know. One quiet office for the file (no background traffic): each
 * test places its own calls and the office is emptied after it.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import type { AjamClient } from '../../electron/ajam/api';
import type { DemoChannel } from '../../electron/demo/api';
import { en } from '../../renderer/src/i18n/en';
import { es } from '../../renderer/src/i18n/es';
import type { Stack } from './harness';
import { boardIds, buildRenderer, cleanup, connectViaForm, openPage, pbxIds, startStack } from './harness';

let rendererDir = '';
let stack: Stack;
let page: Page;
let errors: string[];
let ami: AjamClient;
/** Bridge requests the page sent, by IPC channel name. */
const requests: string[] = [];

beforeAll(async () => {
  rendererDir = await buildRenderer();
  stack = await startStack(rendererDir, { calls: 0 });
  const opened = await openPage(stack);
  page = opened.page;
  errors = opened.problems.errors;
  page.on('websocket', (ws) =>
    ws.on('framesent', (frame) => {
      try {
        const f = JSON.parse(String(frame.payload)) as { t?: unknown; channel?: unknown };
        if (f.t === 'request' && typeof f.channel === 'string') requests.push(f.channel);
      } catch {
        // Not a bridge frame.
      }
    }),
  );
  await page.reload();
  await connectViaForm(page, stack.pbx, { operatorEndpoint: 'PJSIP/106' });
  await page.locator('[role="status"][data-state="connected"]').waitFor({ timeout: 15_000 });
  ami = createClient({ url: stack.pbx.url, user: 'admin', secret: '12345' });
  await ami.connect();
}, 180_000);

afterAll(async () => {
  await ami?.close();
  await stack?.close();
  if (rendererDir) await cleanup(rendererDir);
});

afterEach(async () => {
  if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape');
  if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape');
  await page.getByRole('searchbox', { name: 'Search calls' }).fill('');
  await page.getByRole('radio', { name: /^All/ }).click();
  for (const ch of stack.pbx.office.channels()) {
    await ami.send('Hangup', { Channel: ch.channel }).catch(() => undefined);
  }
  await boardMatchesPbx();
  requests.length = 0;
  expect(errors).toEqual([]);
}, 60_000);

// ---- helpers ----

function channelOf(name: string): DemoChannel | undefined {
  return stack.pbx.office.channels().find((c) => c.channel === name);
}

function channelsOf(endpoint: string): DemoChannel[] {
  return stack.pbx.office.channels().filter((c) => c.channel.startsWith(`${endpoint}-`));
}

async function boardMatchesPbx(): Promise<void> {
  await expect.poll(() => boardIds(page), { timeout: 10_000 }).toEqual(pbxIds(stack.pbx));
}

/** A call placed and answered in the demo office; returns its two channels. */
async function answeredCall(
  from: string,
  to: string,
  fromName?: string,
): Promise<{ caller: DemoChannel; callee: DemoChannel }> {
  const name = stack.pbx.office.placeCall({ from, to, ...(fromName !== undefined ? { fromName } : {}) });
  stack.pbx.office.step();
  const caller = channelOf(name);
  const callee = channelsOf(`PJSIP/${to}`)[0];
  if (!caller || !callee) throw new Error(`the demo office dropped the call to ${to}`);
  expect(caller.state).toBe('Up');
  await boardMatchesPbx();
  return { caller, callee };
}

function row(ch: DemoChannel) {
  return page.locator(`[data-uniqueid="${ch.uniqueid}"]`);
}

function cardOf(ch: DemoChannel) {
  return page.locator('article.card', { has: row(ch) });
}

async function select(ch: DemoChannel): Promise<void> {
  await row(ch).locator('.select').click();
  expect(await row(ch).locator('.select').getAttribute('aria-pressed')).toBe('true');
}

function controls() {
  return page.getByRole('region', { name: en.controls });
}

function isFocused(locator: ReturnType<Page['locator']>): Promise<boolean> {
  return locator.evaluate((el) => el.matches(':focus'));
}

/** Long enough for a key's effect (a dialog, a bridge request) to show if there were one. */
function settle(): Promise<void> {
  return page.waitForTimeout(400);
}

// Generous timeouts: Chromium on two shared cores can take seconds per page under load.
describe('the board in Chromium against the demo PBX', { timeout: 120_000 }, () => {
  it('Backspace does not start a hang-up, and the confirmation starts on Cancel', async () => {
    const { caller } = await answeredCall('+34911234567', '101', 'Cliente Madrid');
    await select(caller);
    await page.keyboard.press('Backspace');
    await settle();
    expect(await page.getByRole('dialog').count()).toBe(0);

    // Delete asks; Enter right after, by habit, answers Cancel.
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: en.hangupConfirmTitle });
    await confirm.waitFor();
    expect(await isFocused(confirm.getByRole('button', { name: en.cancel, exact: true }))).toBe(true);
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await settle();
    expect(requests).not.toContain('channels:hangup');
    expect(channelOf(caller.channel)).toBeDefined();

    // Hanging up takes choosing the button.
    await page.keyboard.press('Delete');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: en.hangup, exact: true }).click();
    await expect.poll(() => channelOf(caller.channel), { timeout: 10_000 }).toBeUndefined();
    expect(requests.filter((r) => r === 'channels:hangup')).toHaveLength(1);
  });

  it('shows Asterisk’s <unknown> caller ID as nothing, or as “unknown” in the UI language', async () => {
    // A trunk call with a number and no name, and one with neither: Asterisk reports `<unknown>`.
    const numberOnly = stack.pbx.office.placeCall({ from: '600123456', fromName: '', to: '102' });
    const anonymous = stack.pbx.office.placeCall({ from: '', fromName: '', to: '103' });
    await boardMatchesPbx();
    const first = channelOf(numberOnly);
    const second = channelOf(anonymous);
    if (!first || !second) throw new Error('the demo office dropped a call');
    expect([first.callerIdName, first.connectedLineNum]).toEqual(['', '']);

    await select(first);
    const panel = controls();
    expect(await panel.locator('dd.caller-id').textContent()).toMatch(/^\s*600123456\s*$/);
    // Ringing: nobody is connected yet, and the panel says nothing rather than `<unknown>`.
    expect(await panel.getByText(en.connectedTo).count()).toBe(0);
    expect(await panel.textContent()).not.toContain('unknown');

    await select(second);
    expect((await panel.locator('dd.caller-id').textContent())?.trim()).toBe(en.unknownCaller);
    expect(await page.locator('body').textContent()).not.toContain('<unknown>');

    await page.getByRole('combobox', { name: en.language }).selectOption('es');
    const panelEs = page.getByRole('region', { name: es.controls });
    await expect
      .poll(async () => (await panelEs.locator('dd.caller-id').textContent())?.trim())
      .toBe(es.unknownCaller);
    expect(await row(second).locator('.caller').textContent()).toBe(es.unknownCaller);
    expect(await page.locator('body').textContent()).not.toContain('<unknown>');
    await page.getByRole('combobox', { name: es.language }).selectOption('en');
    await expect.poll(() => controls().count()).toBe(1);
  });

  it('during an attended transfer the call badge reads Ringing with the ringing colour and bell', async () => {
    const { caller, callee: transferer } = await answeredCall('+34911234567', '101', 'Cliente Madrid');
    await select(transferer);
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: en.atxferTitle });
    await dialog.getByLabel(en.targetExten).fill('103');
    await page.keyboard.press('Enter');
    await expect.poll(() => channelsOf('PJSIP/103').length, { timeout: 10_000 }).toBe(1);
    await boardMatchesPbx();

    // The caller is Up (on hold music), 101 is Up, 103 rings: the card rings, and says so.
    const badge = cardOf(caller).locator('header .badge');
    await expect.poll(() => badge.getAttribute('class')).toContain('ringing');
    expect((await badge.textContent())?.trim()).toBe(en.stateRinging);
    expect(await badge.getAttribute('title')).toBe('Ringing');
    expect(await cardOf(caller).getAttribute('class')).toContain('ringing');

    // 103 answers: every leg is Up, and the badge follows.
    stack.pbx.office.step();
    await expect.poll(() => badge.getAttribute('class')).toContain('up');
    expect((await badge.textContent())?.trim()).toBe(en.stateUp);
  });

  it('finds “Díaz” by typing diaz, and the counts follow search and filter', async () => {
    await answeredCall('105', '101'); // Jorge Díaz calls reception
    await answeredCall('+34911234567', '102', 'Cliente Madrid');
    stack.pbx.office.placeCall({ from: '600123456', fromName: 'Móvil', to: '103' }); // still ringing
    await boardMatchesPbx();
    const total = pbxIds(stack.pbx).length;
    expect(total).toBe(6); // two legs each, the ringing call's second leg included
    const counts = page.locator('.counts');
    // The counts follow patches at most four times a second (Toolbar): poll, bounded.
    await expect.poll(() => counts.textContent(), { timeout: 5000 }).toBe(en.counts(3, total));

    const search = page.getByRole('searchbox', { name: en.search });
    await search.fill('diaz');
    await expect.poll(() => page.locator('article.card').count()).toBe(1);
    const shown = await page.locator('article.card .caller').allTextContents();
    expect(shown.some((name) => name.includes('Díaz'))).toBe(true);
    expect(await counts.textContent()).toBe(en.countsOf(1, 3, 2, total));
    // Each chip counts what it would show with this search.
    const chip = (label: string) => page.getByRole('radio', { name: new RegExp(`^${label}`) });
    expect((await chip(en.filterAll).textContent())?.trim()).toBe(`${en.filterAll} 1`);
    expect((await chip(en.filterUp).textContent())?.trim()).toBe(`${en.filterUp} 1`);
    expect((await chip(en.filterRinging).textContent())?.trim()).toBe(`${en.filterRinging} 0`);

    await search.fill('MOVIL');
    await expect.poll(() => counts.textContent()).toBe(en.countsOf(1, 3, 2, total));
    expect((await chip(en.filterRinging).textContent())?.trim()).toBe(`${en.filterRinging} 1`);

    await search.fill('');
    await chip(en.filterRinging).click();
    await expect.poll(() => counts.textContent()).toBe(en.countsOf(1, 3, 2, total));
    expect((await chip(en.filterAll).textContent())?.trim()).toBe(`${en.filterAll} 3`);
    expect((await chip(en.filterUp).textContent())?.trim()).toBe(`${en.filterUp} 2`);
  });

  it('asks before transferring to an extension the console does not know, and completes known ones', async () => {
    const { caller, callee } = await answeredCall('+34911234567', '101', 'Cliente Madrid');
    await select(caller);
    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: en.transferTitle });
    const field = dialog.getByLabel(en.targetExten);

    // The completions are the extensions the endpoints panel shows.
    const panelNumbers = await page
      .locator('[data-endpoint]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-endpoint') ?? ''));
    expect(panelNumbers).toEqual(expect.arrayContaining(['101', '102', '103', '104', '105', '106']));
    const listId = await field.getAttribute('list');
    const options = await page
      .locator(`datalist#${listId ?? 'missing'} option`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('value') ?? ''));
    expect(options.sort()).toEqual([...new Set(panelNumbers)].sort());

    // 999 is not an extension of this PBX: Asterisk would report the transfer done and drop the caller.
    await field.fill('999');
    await page.keyboard.press('Enter');
    const ask = page.getByRole('dialog', { name: en.unknownTargetTitle });
    await ask.waitFor();
    expect(await ask.textContent()).toContain(en.unknownTargetBody('999'));
    const cancel = ask.getByRole('button', { name: en.cancel, exact: true });
    expect(await isFocused(cancel)).toBe(true);
    await page.keyboard.press('Enter');
    // Back to the transfer, the target kept for correcting; nothing was sent.
    await dialog.waitFor();
    expect(await dialog.getByLabel(en.targetExten).inputValue()).toBe('999');
    await settle();
    expect(requests).not.toContain('switchboard:transfer');
    expect(channelOf(caller.channel)?.bridgeId).toBe(callee.bridgeId);

    // Confirmed anyway: it is sent, and the PBX does what the dialog warned of.
    await page.keyboard.press('Enter');
    await ask.waitFor();
    await ask.getByRole('button', { name: en.unknownTargetSend('999') }).click();
    await expect.poll(() => requests.filter((r) => r === 'switchboard:transfer').length).toBe(1);
    await expect.poll(() => channelOf(caller.channel), { timeout: 10_000 }).toBeUndefined();
    await boardMatchesPbx();

    // A known extension goes straight through.
    const next = await answeredCall('+34931234567', '104', 'Proveedor BCN');
    await select(next.caller);
    await page.keyboard.press('t');
    await dialog.getByLabel(en.targetExten).fill('105');
    await page.keyboard.press('Enter');
    await expect.poll(() => requests.filter((r) => r === 'switchboard:transfer').length).toBe(2);
    expect(await page.getByRole('dialog', { name: en.unknownTargetTitle }).count()).toBe(0);
    await expect.poll(() => channelsOf('PJSIP/105').length, { timeout: 10_000 }).toBe(1);
  });
});
