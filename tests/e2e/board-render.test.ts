/**
 * What a patch does to the board's DOM, in Chromium (issue 13 goal 3): on a board of 2,000 channels
 * with a dozen rows on screen, a change to a call off screen touches no DOM in the list at all (its
 * row does not exist, and the rows on screen are not rebuilt), while a change to a call on screen
 * touches that call's row and no other. A MutationObserver over the list counts what changed. The
 * renderer runs against the in-page API (tests/e2e/fake-api.ts), as the UI benchmark does.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fakeApiScript } from './fake-api';
import { staticRenderer } from './static-renderer';

const rig = staticRenderer();

const CALLS = 1000;

/** The fake's channel ids: call i has legs 1700000000.(2i) and .(2i+1); the default sort puts call i at row i. */
const leg = (call: number, side: 0 | 1): string => `1700000000.${2 * call + side}`;

async function openBoard(): Promise<Page> {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript({ content: fakeApiScript({ calls: CALLS }) });
  await page.goto(rig.url);
  await page.locator(`[data-uniqueid="${leg(0, 0)}"]`).waitFor({ timeout: 30_000 });
  return page;
}

/**
 * Renames a channel's caller through a board patch and returns the list's mutations, each as the
 * uniqueid of the row it happened in ('' outside any row). The durations' once-a-second tick is left
 * out: it is the clock, not the patch. Two frames after the patch are waited for, so any re-render
 * it caused has happened.
 */
async function mutationsAfterRename(
  page: Page,
  uniqueid: string,
  name: string,
  hold: boolean,
): Promise<string[]> {
  return (await page.evaluate(`(async () => {
    const list = document.querySelector('section.board [role="list"]');
    const seen = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (el && el.closest('.duration, .ch-duration')) continue;
        const row = el && el.closest('.row');
        const line = row && row.querySelector('[data-uniqueid]');
        seen.push(line ? line.getAttribute('data-uniqueid') : '');
      }
    });
    observer.observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
    const fake = window.__fake;
    const ch = { ...fake.channels[${JSON.stringify(uniqueid)}], callerIdName: ${JSON.stringify(name)}, onHold: ${hold} };
    fake.channels[ch.uniqueid] = ch;
    fake.emitPatch({ channels: { [ch.uniqueid]: ch } });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    return seen;
  })()`)) as string[];
}

const holdCount = (page: Page): Promise<string> =>
  page.locator('.filters [role="radio"]').nth(3).locator('.n').innerText();

describe('board DOM per patch', { timeout: 120_000 }, () => {
  it('an update to a call off screen touches none of the rows on screen; one on screen touches its own row only', async () => {
    const page = await openBoard();
    const far = leg(900, 0);
    // Preconditions: the far call has no row; the first calls do.
    expect(await page.locator(`[data-uniqueid="${far}"]`).count()).toBe(0);
    const onScreen = await page.locator('section.board [data-uniqueid]').count();
    expect(onScreen).toBeGreaterThan(8);
    expect(await holdCount(page)).toBe('0');

    // Off screen: nothing in the list changes, yet the patch was applied (the hold chip counts it).
    expect(await mutationsAfterRename(page, far, 'Far Away', true)).toEqual([]);
    await expect.poll(() => holdCount(page)).toBe('1');

    // On screen: mutations, all of them inside the renamed call's own row.
    const near = leg(1, 0);
    const seen = await mutationsAfterRename(page, near, 'Near By', false);
    expect(seen.length).toBeGreaterThan(0);
    const rowOf = (id: string): string => (id === leg(1, 1) ? near : id);
    expect(new Set(seen.map(rowOf))).toEqual(new Set([near]));
    expect(await page.locator(`[data-uniqueid="${near}"] .caller`).innerText()).toBe('Near By');

    // The off-screen change is there when its row is scrolled into view.
    await page.evaluate(`(() => {
      const list = document.querySelector('section.board [role="list"]');
      list.scrollTop = list.scrollHeight * 900 / ${CALLS};
    })()`);
    await expect.poll(() => page.locator(`[data-uniqueid="${far}"] .caller`).innerText()).toBe('Far Away');
    await page.context().close();
  });
});
