/**
 * The connect screen's two ways in besides a typed PBX: the built-in demo PBX, and what an operator
 * sees when the manager user lacks a privilege the board needs.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import type { PageProblems, Stack } from './harness';
import { buildRenderer, cleanup, connectViaForm, openPage, startStack } from './harness';

let rendererDir = '';
let stack: Stack;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  rendererDir = await buildRenderer();
  stack = await startStack(rendererDir);
  ({ page, problems } = await openPage(stack));
}, 180_000);

afterAll(async () => {
  await stack?.close();
  if (rendererDir) await cleanup(rendererDir);
});

describe('connect screen in Chromium', { timeout: 120_000 }, () => {
  it('names the missing manager.conf privilege when the user may not list channels', async () => {
    // write=originate only: neither CoreShowChannels nor Status (system, call or reporting).
    await connectViaForm(page, stack.pbx, { user: 'dialer', secret: 'dialer' });
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(
      /Permission denied: user "dialer" needs write = system.*call.*reporting .* to run Status\./,
    );
    // Still on the connect screen, with nothing to retry in a loop.
    expect(await page.getByRole('button', { name: 'Connect', exact: true }).isVisible()).toBe(true);
  });

  it('starts the built-in demo PBX and shows its calls', async () => {
    await page.getByRole('button', { name: 'Try the demo PBX' }).click();
    await page.locator('[data-uniqueid]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-uniqueid]').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/Connected to 127\.0\.0\.1:\d+ .*as admin/).count()).toBe(1);
    // The demo is another PBX than the one the stack started.
    expect(
      await page.getByText(stack.pbx.url.replace(/^http:\/\//, '').replace(/\/asterisk$/, '')).count(),
    ).toBe(0);
    expect(problems.errors).toEqual([]);
  });

  it("the demo's operator (101) answers a queue, loaded paused: the toolbar unpauses and pauses it at the PBX", async () => {
    const mine = page.locator('.toolbar').getByRole('group', { name: en.myQueues, exact: true });
    await expect.poll(() => mine.textContent(), { timeout: 30_000 }).toContain(en.pausedInOf(1, 1));
    await mine.getByRole('button', { name: en.unpauseMe, exact: true }).click();
    // The text follows the PBX's QueueMemberPause event, not the click.
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain(en.pausedInOf(0, 1));
    await mine.getByRole('button', { name: en.pauseMe, exact: true }).click();
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain(en.pausedInOf(1, 1));
  });
});
