/**
 * Issue 12 items 3 and 16 in Chromium, against the real preview and the demo PBX over HTTP on
 * 127.0.0.1: a board at its size limit says so in English and in Spanish, and a window that regains
 * focus has main reconcile the board, which brings back a call a spliced fake Hangup took off.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { startPreview, type PreviewOptions } from '../../electron/preview';
import { launchChromium } from './browser';
import { boardIds, buildRenderer, cleanup, connectViaForm, openPage, type Stack } from './harness';

let rendererDir = '';
const stacks: Stack[] = [];

beforeAll(async () => {
  rendererDir = await buildRenderer();
}, 180_000);

afterAll(async () => {
  for (const stack of stacks) await stack.close();
  if (rendererDir) await cleanup(rendererDir);
});

async function stack(board: PreviewOptions['board']): Promise<Stack> {
  const pbx = await startDemoPbx({ calls: 3, callsPerSecond: 0, eventsPerSecond: 0, seed: 7 });
  const preview = await startPreview({ rendererDir, board });
  const browser = await launchChromium();
  const made: Stack = {
    pbx,
    preview,
    browser,
    async close() {
      await browser.close();
      await preview.close();
      await pbx.close();
    },
  };
  stacks.push(made);
  return made;
}

async function connect(page: Page, pbx: DemoPbx): Promise<void> {
  const login = pbx.users[0];
  if (!login) throw new Error('the demo has no user');
  await connectViaForm(page, pbx, { user: login.user, secret: login.secret });
  await page.getByRole('status', { name: 'Connection status' }).getByText('Connected').waitFor();
}

describe('the board in Chromium', { timeout: 120_000 }, () => {
  it('says when it is at its size limit, in English and in Spanish', async () => {
    const s = await stack({ boardLimits: { channels: 2, endpoints: 3 } });
    const { page, problems } = await openPage(s);
    await connect(page, s.pbx);
    const channels = page.getByRole('status').filter({ hasText: 'more than 2 channels' });
    await channels.waitFor();
    expect(await channels.textContent()).toContain('shows 2 of them');
    await page.getByRole('status').filter({ hasText: 'more than 3 devices' }).waitFor();
    expect(await boardIds(page)).toHaveLength(2);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await page.getByRole('status').filter({ hasText: 'más de 2 canales' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'más de 3 dispositivos' }).waitFor();
    expect(await page.getByText('more than 2 channels').count()).toBe(0);
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
    expect(problems.errors).toEqual([]);
  });

  it('reconciles when the window regains focus, and the lost call comes back', async () => {
    // Anomalies would wait an hour: only the focus can bring the call back in time.
    const s = await stack({ reconcileTiming: { anomalyDelayMs: 3_600_000, periodMs: 3_600_000 } });
    const { page, problems } = await openPage(s);
    await connect(page, s.pbx);
    const victim = s.pbx.office.channels()[0];
    if (!victim) throw new Error('the demo has no calls');
    const row = page.locator(`[data-uniqueid="${victim.uniqueid}"]`);
    await row.first().waitFor();
    s.pbx.office.placeCall({
      to: '102',
      fromName:
        `Mallory\r\n\r\nEvent: Hangup\r\nChannel: ${victim.channel}\r\nUniqueid: ${victim.uniqueid}\r\n` +
        `Linkedid: ${victim.linkedid}\r\nCause: 16\r\n\r\nX: y`,
    });
    await row.first().waitFor({ state: 'detached' });
    await page.evaluate("window.dispatchEvent(new Event('focus'))");
    await row.first().waitFor();
    expect(problems.errors).toEqual([]);
  });
});
