/**
 * What a switchboard patch does to the extension grid's DOM, in Chromium (issue 13 goal 3): with
 * 1,000 extensions and a few dozen buttons on screen, a change to an extension off screen touches
 * no DOM in the grid at all, a patch that resends an extension as it was touches none either, and a
 * change to an extension on screen touches that extension's cell and no other. A MutationObserver
 * over the grid panel counts what changed. The renderer runs against the in-page API
 * (tests/e2e/fake-api.ts), as the UI benchmark does.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fakeApiScript } from './fake-api';
import { staticRenderer } from './static-renderer';

const rig = staticRenderer();

const EXTENSIONS = 1000;

async function openGrid(): Promise<Page> {
  // Wide: calls, grid and side panels side by side, the grid in view.
  const context = await rig.browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.addInitScript({ content: fakeApiScript({ calls: 20, extensions: EXTENSIONS }) });
  await page.goto(rig.url);
  await page.locator('[data-exten="100"]').waitFor({ timeout: 30_000 });
  return page;
}

/**
 * Sends one switchboard patch for an extension (`change` merged into it; {} resends it as it was,
 * as a new object) and returns the grid panel's mutations, each as the number of the cell it
 * happened in ('' outside any cell). The durations' once-a-second tick is left out: it is the
 * clock, not the patch. Two frames after the patch are waited for, so any re-render has happened.
 */
async function mutationsAfter(page: Page, exten: string, change: Record<string, unknown>): Promise<string[]> {
  return (await page.evaluate(`(async () => {
    const panel = document.querySelector('section.grid-panel');
    const seen = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (el && el.closest('.timer')) continue;
        const cell = el && el.closest('[data-cell]');
        seen.push(cell ? cell.getAttribute('data-cell') : '');
      }
    });
    observer.observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
    const fake = window.__fake;
    const id = ${JSON.stringify(`${exten}@from-internal`)};
    const ext = { ...fake.extensions[id], ...${JSON.stringify(change)} };
    fake.extensions[id] = ext;
    fake.emitSwitchboardPatch({ extensions: { [id]: ext } });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    return seen;
  })()`)) as string[];
}

describe('extension grid DOM per patch', { timeout: 120_000 }, () => {
  it('an extension off screen or unchanged touches no DOM; one on screen touches its own cell only', async () => {
    const page = await openGrid();
    const far = String(100 + EXTENSIONS - 1);
    const near = '104';
    // Preconditions: the far extension has no button; a few dozen do, the near one among them.
    expect(await page.locator(`[data-exten="${far}"]`).count()).toBe(0);
    expect(await page.locator('section.grid-panel [data-exten]').count()).toBeGreaterThan(20);
    expect(await page.locator(`[data-exten="${near}"]`).getAttribute('data-state')).toBe('busy');

    // Off screen: nothing in the grid changes.
    expect(await mutationsAfter(page, far, { name: 'Far Away', state: 'inuse' })).toEqual([]);
    // On screen, resent as it was: nothing changes either.
    expect(await mutationsAfter(page, near, {})).toEqual([]);

    // On screen and changed: mutations, all of them in that extension's own cell.
    const seen = await mutationsAfter(page, near, {
      name: 'Near By',
      state: 'inuse',
      talkingTo: { num: '600123456', name: 'Cliente' },
      since: Date.now(),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([near]));
    expect(await page.locator(`[data-exten="${near}"] .name`).innerText()).toBe('Near By');
    expect(await page.locator(`[data-exten="${near}"]`).getAttribute('data-state')).toBe('inuse');

    // The off-screen change is there when its button is scrolled into view.
    await page.evaluate(`(() => {
      const list = document.querySelector('section.grid-panel [role="list"]');
      list.scrollTop = list.scrollHeight;
    })()`);
    await expect.poll(() => page.locator(`[data-exten="${far}"] .name`).innerText()).toBe('Far Away');
    expect(await page.locator(`[data-exten="${far}"]`).getAttribute('data-state')).toBe('inuse');
    await page.context().close();
  });
});
