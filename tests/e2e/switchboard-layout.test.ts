/**
 * The board's layout at 720, 1024, 1366 and 1920 px wide, in English and Spanish, light and dark
 * (issue 8): every view is reachable (side by side when wide, as tabs when not), and on each one no
 * control is outside the window or its scroll area, clipped or covered by another. Screenshots go
 * to the ignored tests/e2e/.out/screenshots/layout/. The renderer runs against the in-page API
 * (tests/e2e/fake-api.ts) with a full switchboard, so the test is about layout alone.
 *
 * Also: 300 extensions fit on a 1920x1080 screen in compact mode without scrolling.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { es } from '../../renderer/src/i18n/es';
import { fakeApiScript, type FakeOptions } from './fake-api';
import { SCREENSHOTS } from './harness';
import { LAYOUT_PROBLEMS } from './layout-check';
import { staticRenderer } from './static-renderer';

const rig = staticRenderer();
const SHOTS = join(SCREENSHOTS, 'layout');

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

async function open(
  size: { width: number; height: number },
  lang: 'en' | 'es',
  theme: 'light' | 'dark',
  fake: FakeOptions,
): Promise<Page> {
  const context = await rig.browser.newContext({
    viewport: size,
    locale: lang === 'es' ? 'es-ES' : 'en-US',
    colorScheme: theme,
  });
  const page = await context.newPage();
  await page.addInitScript({ content: fakeApiScript(fake) });
  await page.goto(rig.url);
  await page.locator('[data-uniqueid]').first().waitFor({ timeout: 20_000 });
  return page;
}

const HEIGHTS: Record<number, number> = { 720: 800, 1024: 768, 1366: 768, 1920: 1080 };

describe('switchboard layout in Chromium', { timeout: 240_000 }, () => {
  for (const width of [720, 1024, 1366, 1920]) {
    it(`every view and control is reachable and nothing overlaps at ${width} px (en/es, light/dark)`, async () => {
      const found: string[] = [];
      for (const lang of ['en', 'es'] as const) {
        for (const theme of ['light', 'dark'] as const) {
          const t = lang === 'es' ? es : en;
          const page = await open({ width, height: HEIGHTS[width] ?? 800 }, lang, theme, {
            calls: 12,
            variety: true,
            extensions: 40,
            parked: 2,
            operatorEndpoint: 'PJSIP/106',
          });
          const tabs = page.getByRole('tab');
          const names = await tabs.allTextContents();
          // Wide: three columns, no tabs. Medium: calls and extensions as tabs beside the panels. Narrow: all tabs.
          expect(names, `${lang}/${theme} ${width}`).toEqual(
            width >= 1280
              ? []
              : width >= 900
                ? [t.tabCalls, t.tabExtensions]
                : [t.tabCalls, t.tabExtensions, t.tabPanels],
          );
          const views = names.length === 0 ? [''] : names;
          for (const view of views) {
            if (view) await page.getByRole('tab', { name: view }).click();
            // The grid is where the extensions are: wait for it whenever it is on screen.
            if (!view || view === t.tabExtensions) await page.locator('[data-exten]').first().waitFor();
            const where = `${width}px ${lang}/${theme}${view ? ` tab ${view}` : ''}`;
            const problems = (await page.evaluate(LAYOUT_PROBLEMS)) as string[];
            found.push(...problems.map((p) => `${where}: ${p}`));
            await page.screenshot({
              path: join(SHOTS, `${width}-${lang}-${theme}${view ? `-${view.toLowerCase()}` : ''}.png`),
            });
          }
          await page.context().close();
        }
      }
      expect(found).toEqual([]);
    });
  }

  it('shows 300 extensions at 1920x1080 in compact mode without scrolling', async () => {
    const page = await open({ width: 1920, height: 1080 }, 'en', 'light', { calls: 6, extensions: 1000 });
    await page.getByRole('button', { name: en.compactGrid }).click();
    await page.locator('.groups.compact').waitFor();
    const visible = (await page.evaluate(`(() => {
      const scroller = document.querySelector('.groups');
      const box = scroller.getBoundingClientRect();
      let n = 0;
      for (const b of scroller.querySelectorAll('button.ext')) {
        const r = b.getBoundingClientRect();
        if (r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.left >= box.left - 1 && r.right <= box.right + 1) n++;
      }
      return n;
    })()`)) as number;
    await page.screenshot({ path: join(SHOTS, '1920-compact-1000.png') });
    expect(visible).toBeGreaterThanOrEqual(300);
    // Only the lines on screen are DOM (a virtual list); the last of the thousand is a scroll away.
    expect(await page.locator('button.ext').count()).toBeLessThan(600);
    await page.locator('.groups .viewport').evaluate((el) => {
      (el as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (
        el as unknown as { scrollHeight: number }
      ).scrollHeight;
    });
    await page
      .getByRole('button', {
        name: /^1099 .+, (idle|busy|in use|ringing|on hold|unavailable|do not disturb)$/,
      })
      .waitFor({ timeout: 10_000 });
    await page.context().close();
  });
});
