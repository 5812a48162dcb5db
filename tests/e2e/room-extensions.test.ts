/**
 * A room's extension per profile, end to end: in Debian's Chromium on the real preview (the
 * desktop's Settings and ProfilesService over a JSON file) against the demo PBX, the operator
 * connects with a saved profile, types the extension that enters room 900 in the rooms panel (saved
 * in the profile), and a call dropped on the room is redirected to that extension, not to `900`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { conferenceRoomsOf } from '../../electron/demo/conferences/attach';
import type { Office } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { startPreview, type Preview } from '../../electron/preview';
import { en } from '../../renderer/src/i18n/en';
import { launchChromium } from './browser';
import { buildRenderer, cleanup } from './harness';

let rendererDir = '';
let pbx: DemoPbx;
let preview: Preview;
let browser: Browser;
let page: Page;
let profileId = '';

beforeAll(async () => {
  rendererDir = await buildRenderer();
  pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, seed: 3 });
  conferenceRoomsOf(pbx.office as Office).join('900', {
    channel: 'PJSIP/105-0000f900',
    lines: [['Channel', 'PJSIP/105-0000f900']],
    admin: true,
    marked: false,
  });
  preview = await startPreview({ rendererDir, osLocale: 'en-US' });
  profileId = preview.settings.saveProfile({
    name: 'Salas',
    url: pbx.url,
    user: 'admin',
    operatorEndpoint: 'PJSIP/106',
    watchedExtensions: [],
  }).id;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
  page = await context.newPage();
  await page.goto(preview.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await pbx?.close();
  if (rendererDir) await cleanup(rendererDir);
});

describe('room extensions per profile in Chromium', { timeout: 120_000 }, () => {
  it("sends a call dropped on a room to the profile's extension for it", async () => {
    await page.getByRole('button', { name: 'Connect with Salas' }).click();
    const prompt = page.getByRole('dialog', { name: 'Enter the secret' });
    await prompt.getByLabel('Secret', { exact: true }).fill('12345');
    await prompt.getByRole('button', { name: 'Connect', exact: true }).click();
    const exten = page.getByLabel(en.roomExtension('900'), { exact: true });
    await exten.waitFor({ timeout: 30_000 });
    expect(await exten.inputValue()).toBe('');
    await exten.fill('8900');
    await exten.press('Tab');
    await expect
      .poll(() => preview.settings.profile(profileId)?.roomExtensions, { timeout: 15_000 })
      .toEqual({ '900': '8900' });

    // What the PBX was asked: the Redirect's extension (the demo's dialplan has no 8900, so the
    // channel does not stay there to be looked at).
    const office = pbx.office as Office;
    const redirected: string[] = [];
    const redirect = office.redirect.bind(office);
    office.redirect = (c, context, exten, priority) => {
      redirected.push(`${c.name} ${exten}`);
      redirect(c, context, exten, priority);
    };
    const channel = office.placeCall({ from: '600555777', fromName: 'Cliente Sala', to: '124' });
    office.step();
    const uniqueid = office.channels().find((c) => c.channel === channel)?.uniqueid ?? '';
    const source = page.locator(`[data-uniqueid="${uniqueid}"][draggable="true"]`).first();
    await source.waitFor({ timeout: 15_000 });
    const room = page.locator('[data-room="900"]');
    const data = await page.evaluateHandle('new DataTransfer()');
    await source.dispatchEvent('dragstart', { dataTransfer: data });
    await room.dispatchEvent('dragenter', { dataTransfer: data });
    await room.dispatchEvent('dragover', { dataTransfer: data });
    await room.dispatchEvent('drop', { dataTransfer: data });
    await expect.poll(() => redirected, { timeout: 15_000 }).toEqual([`${channel} 8900`]);
    // The redirected call may already have left the list, and its row with it: end the drag only
    // where the row still is.
    await source.dispatchEvent('dragend', { dataTransfer: data }, { timeout: 2_000 }).catch(() => undefined);
  });
});
