/**
 * No motion that never stops: a ringing icon shakes, a recording dot pulses and a lost connection's
 * light blinks for a few seconds, then they rest (WCAG 2.2.2: moving content that lasts over five
 * seconds needs a way to stop it). The board is open all day and a busy PBX rings and records all
 * day; an endless animation would also keep Chromium painting frames for nothing.
 *
 * Checked in Chromium on the built renderer: every rule of its style sheets, and the animations the
 * board and the switchboard really run with ringing and recorded calls on screen.
 */
import { describe, expect, it } from 'vitest';
import { fakeApiScript } from './fake-api';
import { staticRenderer } from './static-renderer';

const rig = staticRenderer();

describe('motion', { timeout: 120_000 }, () => {
  it('no style rule animates for ever, and every animation on a busy board ends within 5 s', async () => {
    const context = await rig.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      const page = await context.newPage();
      await page.addInitScript({ content: fakeApiScript({ calls: 40, extensions: 60, variety: true }) });
      await page.goto(rig.url);
      await page.locator('section.board .rec-dot').first().waitFor({ timeout: 30_000 });
      await page.locator('[data-exten]').first().waitFor({ timeout: 30_000 });

      const endless = (await page.evaluate(`(() => {
        const found = [];
        const walk = (rules) => {
          for (const rule of rules) {
            if (rule.cssRules) walk(rule.cssRules);
            const count = rule.style && rule.style.animationIterationCount;
            if (count && count.split(',').some((c) => c.trim() === 'infinite')) found.push(rule.selectorText);
          }
        };
        for (const sheet of document.styleSheets) walk(sheet.cssRules);
        return found;
      })()`)) as string[];
      expect(endless).toEqual([]);

      const running = (await page.evaluate(`document.getAnimations().map((a) => ({
        name: a.animationName,
        end: a.effect.getComputedTiming().endTime,
      }))`)) as { name: string; end: number }[];
      // What the rules above start: ringing extensions shake, recorded calls pulse.
      const names = new Set(running.map((a) => a.name));
      expect([...names].some((n) => n.includes('ring'))).toBe(true);
      expect([...names].some((n) => n.includes('pulse'))).toBe(true);
      for (const a of running) expect(a.end, a.name).toBeLessThanOrEqual(5000);
    } finally {
      await context.close();
    }
  });
});
