/**
 * The switchboard end to end (issue 8): Debian's Chromium on the real preview, the console service
 * and the demo PBX over HTTP on 127.0.0.1. An operator clicks an extension to call it, drags a
 * call onto another to transfer it (blind, or attended with Shift), picks up a ringing extension,
 * parks a call by dropping it on a lot and takes it back with a click, turns DND on and off from
 * the context menu (mouse and keyboard), and sees presence and voicemail change live. Each step is
 * checked at the PBX (its channels, AstDB), not only on screen.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Office } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { voicemailOf } from '../../electron/demo/voicemail/attach';
import { en } from '../../renderer/src/i18n/en';
import type { Stack } from './harness';
import { buildRenderer, cleanup, connectViaForm, openPage, startStack } from './harness';

let rendererDir = '';
let stack: Stack;
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  rendererDir = await buildRenderer();
  // A quiet office: no traffic and no switchboard life, so only what the test does happens.
  stack = await startStack(rendererDir, { calls: 0, switchboard: false });
  const opened = await openPage(stack);
  page = opened.page;
  errors = opened.problems.errors;
  // Wide: calls, the grid and the side panels side by side.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await connectViaForm(page, stack.pbx, { operatorEndpoint: 'PJSIP/106' });
  await page.locator('[data-exten="101"]').waitFor({ timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  if (rendererDir) await cleanup(rendererDir);
});

const button = (exten: string): Locator => page.locator(`button.ext[data-exten="${exten}"]`);
/** The button and what is drawn over it (who it talks to, presence, voicemail). */
const cell = (exten: string): Locator => page.locator(`[data-cell="${exten}"]`);
const office = (): Office => stack.pbx.office as Office;
const channels = () => office().channels();
const onDevice = (exten: string) => channels().filter((c) => c.channel.startsWith(`PJSIP/${exten}-`));

/** Whether the channel is bridged with the operator's phone (PJSIP/106). */
function withOperator(channel: (c: { channel: string; callerIdNum: string }) => boolean): boolean {
  const leg = channels().find(channel);
  if (!leg?.bridgeId) return false;
  return onDevice('106').some((c) => c.bridgeId === leg.bridgeId);
}

/** Ends every call in the office (a hung-up leg may take its partner with it). */
function hangupAll(): void {
  for (const c of channels()) {
    const leg = office().find(c.channel);
    if (leg) office().hangup(leg);
  }
}

async function state(exten: string): Promise<string | null> {
  return button(exten).getAttribute('data-state');
}

/** An outside call to `to`, answered: its caller's channel name and uniqueid. */
async function answeredCall(
  to: string,
  from: string,
  fromName: string,
): Promise<{ channel: string; uniqueid: string }> {
  const channel = office().placeCall({ from, fromName, to });
  office().step();
  await expect.poll(() => state(to), { timeout: 15_000 }).toBe('inuse');
  const caller = channels().find((c) => c.channel === channel);
  if (!caller) throw new Error(`no caller channel ${channel}`);
  await page.locator(`[data-uniqueid="${caller.uniqueid}"]`).waitFor({ timeout: 15_000 });
  return { channel, uniqueid: caller.uniqueid };
}

/** Drags a call's row onto a target as the browser would (dragstart, dragenter, dragover, drop). */
async function dragCall(uniqueid: string, target: Locator, shift = false): Promise<void> {
  const data = await page.evaluateHandle('new DataTransfer()');
  const source = page.locator(`[data-uniqueid="${uniqueid}"]`);
  await source.dispatchEvent('dragstart', { dataTransfer: data });
  await target.dispatchEvent('dragenter', { dataTransfer: data });
  await target.dispatchEvent('dragover', { dataTransfer: data });
  await target.dispatchEvent('drop', { dataTransfer: data, shiftKey: shift });
  // The dropped call may already have left the list (parked, transferred): end the drag where it is.
  await source.dispatchEvent('dragend', { dataTransfer: data }, { timeout: 2_000 }).catch(() => undefined);
}

async function menuItem(name: string): Promise<Locator> {
  const item = page.getByRole('menu').getByRole('menuitem', { name });
  await item.waitFor({ timeout: 10_000 });
  return item;
}

describe('the switchboard in Chromium against the demo PBX', { timeout: 120_000 }, () => {
  it('every extension is a button named by number, name and state', async () => {
    await expect(page.getByRole('button', { name: '101 Recepción, idle', exact: true })).toBeDefined();
    expect(await page.getByRole('button', { name: '101 Recepción, idle', exact: true }).count()).toBe(1);
    expect(await page.locator('button.ext').count()).toBeGreaterThanOrEqual(40);
    // Two parking lots, each a drop target.
    expect(
      await page.locator('[data-lot]').evaluateAll((els) => els.map((e) => e.getAttribute('data-lot'))),
    ).toEqual(['default', 'shortlot']);
  });

  it('presence and voicemail counts change live', async () => {
    expect(office().writePresence('CustomPresence:104', 'away,,En una reunión')).toBe(true);
    const presence = cell('104').locator('[data-presence]');
    await expect.poll(() => presence.getAttribute('data-presence'), { timeout: 15_000 }).toBe('away');
    expect(await cell('104').textContent()).toContain('En una reunión');
    office().writePresence('CustomPresence:104', 'available,,');
    await expect.poll(() => presence.getAttribute('data-presence'), { timeout: 15_000 }).toBe('available');

    const store = voicemailOf(office());
    const before = store.counts('104', 'default').fresh;
    store.deposit('104', 'default', 'INBOX', {
      id: 'e2e-1',
      callerId: '"Cliente" <600111222>',
      date: 'Mon Mar  2 09:00:00 AM UTC 2026',
      duration: 12,
    });
    store.refresh('104', 'default');
    const count = cell('104').locator('[data-voicemail]');
    await expect
      .poll(() => count.getAttribute('data-voicemail'), { timeout: 15_000 })
      .toBe(String(before + 1));
    expect(await button('104').getAttribute('aria-describedby')).toBeTruthy();
  });

  it('DND on from the context menu, off by keyboard (Shift+F10): AstDB and the button follow', async () => {
    await button('107').click({ button: 'right' });
    await (await menuItem(en.menuDndOn)).click();
    await expect.poll(() => state('107'), { timeout: 15_000 }).toBe('dnd');
    expect(office().switchboard.astdb.get('DND', '107')).toBe('YES');
    expect(await button('107').getAttribute('aria-label')).toBe('107 Carmen López, do not disturb');

    await button('107').focus();
    await page.keyboard.press('Shift+F10');
    await menuItem(en.menuDndOff);
    // The menu takes focus: arrows walk it, Enter runs the item.
    for (let i = 0; i < 10; i++) {
      const focused = await page.evaluate('document.activeElement && document.activeElement.textContent');
      if (String(focused).includes(en.menuDndOff)) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => state('107'), { timeout: 15_000 }).toBe('idle');
    expect(office().switchboard.astdb.get('DND', '107')).toBeUndefined();
  });

  it('click-to-call: a click rings the operator’s phone, then the extension', async () => {
    await button('108').click();
    await expect.poll(() => onDevice('108').length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(onDevice('106').length).toBeGreaterThan(0);
    // Queued first ("Calling 108…"), done only when Asterisk reports the operator's phone answered.
    await expect
      .poll(() => page.locator('.toast.info .text').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/108/)]));
    await page.locator('.toast.ok').first().waitFor({ timeout: 20_000 });
    hangupAll();
    await expect.poll(() => state('108'), { timeout: 15_000 }).toBe('idle');
  });

  it('a ringing extension: a click picks the call up to the operator’s phone', async () => {
    const caller = office().placeCall({ from: '600222333', fromName: 'Cliente Verde', to: '109' });
    await expect.poll(() => state('109'), { timeout: 15_000 }).toBe('ringing');
    await button('109').click();
    // The caller ends up bridged with the operator's phone (106), and 109 stops ringing.
    await expect.poll(() => withOperator((c) => c.channel === caller), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => state('109'), { timeout: 15_000 }).toBe('idle');
    hangupAll();
  });

  it('blind transfer: a call dropped on an extension goes there; done only when Asterisk says', async () => {
    const call = await answeredCall('110', '600333444', 'Cliente Rojo');
    await dragCall(call.uniqueid, button('111'));
    await expect.poll(() => onDevice('111').length, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.toast.ok .text').allTextContents(), { timeout: 20_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/111/)]));
    hangupAll();
  });

  it('attended transfer: Shift on drop consults the extension first', async () => {
    const call = await answeredCall('112', '600444555', 'Cliente Gris');
    const agent = onDevice('112')[0]?.channel;
    await dragCall(call.uniqueid, button('113'), true);
    // The agent's phone (112) calls 113 while the caller waits.
    await expect.poll(() => onDevice('113').length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(agent).toBeDefined();
    // The target answers and the agent completes: the caller talks to 113.
    for (let i = 0; i < 6; i++) office().stepTransfers();
    await expect
      .poll(() => channels().find((c) => c.channel === call.channel)?.connectedLineNum, { timeout: 20_000 })
      .toBe('113');
    hangupAll();
  });

  it('park by dropping a call on a lot, unpark by clicking it: the call comes to the operator', async () => {
    const call = await answeredCall('114', '600555666', 'Cliente Aparcado');
    await dragCall(call.uniqueid, page.locator('[data-lot="default"]'));
    const parked = page.locator('[data-lot="default"] li[data-space]');
    await parked.first().waitFor({ timeout: 20_000 });
    expect(await parked.first().textContent()).toContain('Cliente Aparcado');
    const space = (await parked.first().getAttribute('data-space')) ?? '';
    expect(
      office()
        .parked()
        .map((c) => c.name),
    ).toContain(call.channel);

    await parked
      .first()
      .getByRole('button', { name: `${space} Cliente Aparcado <600555666>` })
      .click();
    await expect.poll(() => parked.count(), { timeout: 20_000 }).toBe(0);
    await expect
      .poll(() => withOperator((c) => c.callerIdNum === '600555666'), { timeout: 20_000 })
      .toBe(true);
    hangupAll();
  });

  it('left the page without errors', () => {
    expect(errors).toEqual([]);
  });
});

describe('a partial PBX and a limited manager user', { timeout: 120_000 }, () => {
  it('the parking panel names the missing module; DND says which class it needs', async () => {
    const partial = await startDemoPbx({
      calls: 0,
      callsPerSecond: 0,
      failedLoginDelayMs: 50,
      seed: 3,
      modules: { parking: false },
    });
    const context = await stack.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      const other = await context.newPage();
      await other.goto(stack.preview.url);
      // The preview's one session is the first page's: this window ends it and connects its own.
      await other.getByRole('button', { name: en.disconnect }).click();
      await connectViaForm(other, partial, { user: 'limited', secret: '54321' });
      await other.locator('button.ext[data-exten="101"]').waitFor({ timeout: 30_000 });
      // Not an empty panel: what is missing, for whoever can fix it.
      await expect
        .poll(() => other.locator('[data-missing="parking"]').textContent(), { timeout: 20_000 })
        .toMatch(/res_parking/);
      await other.locator('button.ext[data-exten="101"]').click({ button: 'right' });
      const dnd = other.getByRole('menu').getByRole('menuitem', { name: new RegExp(en.menuDndOn) });
      expect(await dnd.getAttribute('aria-disabled')).toBe('true');
      expect(await dnd.textContent()).toMatch(/system/);
      await dnd.click({ force: true });
      expect((partial.office as Office).switchboard.astdb.get('DND', '101')).toBeUndefined();
    } finally {
      await context.close();
      await partial.close();
    }
  });
});
