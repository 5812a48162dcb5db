/**
 * The upload panel end to end, in Debian's Chromium, through the real preview and the demo PBX over
 * HTTP on 127.0.0.1: the drop overlay knows the mapping after a reload (it lives in main's session
 * status), the newest batch is on top and scrolled into view, refused files show their size and no
 * Retry, a failure a retry can fix offers one that works, and toasts stay off the side panel and
 * the upload list.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../renderer/src/lib/format';
import type { PageProblems, Stack } from './harness';
import { buildRenderer, cleanup, connectViaForm, openPage, startStack } from './harness';
import { dataTransferOf } from './page-actions';
import { wavFile } from './wav';

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

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function drop(files: readonly { name: string; bytes: Buffer }[]): Promise<void> {
  const dataTransfer = await dataTransferOf(page, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

const panel = (): Locator => page.getByRole('complementary', { name: 'Uploads' });
const row = (name: string): Locator =>
  panel()
    .locator('li')
    .filter({ has: page.getByText(name, { exact: true }) });
const names = (): Promise<string[]> => panel().locator('li .name').allTextContents();
const stateOf = (name: string): Promise<string | null> => row(name).getAttribute('data-upload-state');

describe('uploads in Chromium against the demo PBX', { timeout: 120_000 }, () => {
  it('the drop overlay names the mapping after a reload: main keeps it in the session status', async () => {
    await connectViaForm(page, stack.pbx);
    const status = page.getByRole('status', { name: 'Connection status' });
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    await page.reload();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');

    const dataTransfer = await dataTransferOf(page, [{ name: 'a.wav', bytes: wavFile(8000, 1, 16, 100) }]);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer });
    const overlay = page.getByTestId('drop-overlay');
    await overlay.waitFor();
    const text = (await overlay.textContent()) ?? '';
    expect(text).toMatch(/They go to the PBX.s “recordings” upload mapping/);
    expect(text).not.toContain('Set an upload mapping');
    await page.dispatchEvent('body', 'dragleave', { dataTransfer });
    await overlay.waitFor({ state: 'detached' });
  });

  it('puts the newest batch first; a refused file shows its real size and no Retry; toasts stay clear', async () => {
    await drop([{ name: 'first.wav', bytes: wavFile(8000, 1, 16, 4000) }]);
    await expect.poll(() => stateOf('first.wav'), { timeout: 30_000 }).toBe('done');

    const clip = Buffer.alloc(1500, 7);
    await drop([
      { name: 'clip.mp4', bytes: clip },
      { name: 'second.wav', bytes: wavFile(8000, 1, 16, 4000) },
      { name: 'cd.wav', bytes: wavFile(44_100, 2, 16, 2000) },
    ]);
    await expect.poll(() => stateOf('cd.wav'), { timeout: 30_000 }).toBe('done');
    // The batch just dropped is on top, its files in the order they were dropped.
    expect(await names()).toEqual(['clip.mp4', 'second.wav', 'cd.wav', 'first.wav']);
    // Main's refusal and warning arrive as notices and are worded here, not shown as objects.
    expect(await row('clip.mp4').locator('.err').textContent()).toContain(
      '.mp4 is not a sound format Asterisk plays',
    );
    expect(await row('cd.wav').locator('.warning').first().textContent()).toMatch(/44\.1 kHz/);
    expect(await panel().textContent()).not.toContain('[object Object]');

    const refused = row('clip.mp4');
    expect(await refused.locator('.state').textContent()).toBe('Refused');
    expect(await refused.getByTestId('upload-size').textContent()).toBe(formatBytes(clip.length, 'en-US'));
    expect(await refused.textContent()).not.toContain('0 B / 0 B');
    expect(await refused.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    expect(await refused.getByRole('progressbar').count()).toBe(0);

    // The batch's toast is up: it covers neither the side panel nor the upload list.
    const toast = page.locator('.toasts > *').last();
    await toast.waitFor();
    const toastBox = (await toast.boundingBox()) as Box;
    const sideBox = (await page.locator('aside.side').boundingBox()) as Box;
    const panelBox = (await panel().boundingBox()) as Box;
    expect(toastBox).not.toBeNull();
    expect(overlaps(toastBox, sideBox), 'toast over the side panel').toBe(false);
    expect(overlaps(toastBox, panelBox), 'toast over the upload list').toBe(false);
    // With the list hidden the toast moves down to the board's corner, still beside the side panel.
    await panel().getByRole('button', { name: 'Hide uploads' }).click();
    await panel().waitFor({ state: 'detached' });
    await expect
      .poll(async () => ((await toast.boundingBox()) as Box).y, { timeout: 5_000 })
      .toBeGreaterThan(toastBox.y);
    const lowBox = (await toast.boundingBox()) as Box;
    expect(
      overlaps(lowBox, (await page.locator('aside.side').boundingBox()) as Box),
      'toast over the side panel',
    ).toBe(false);
    expect(lowBox.x + lowBox.width).toBeLessThanOrEqual(sideBox.x);
  });

  it('scrolls a new batch into view even when the list was scrolled down', async () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ name: `notes-${i}.txt`, bytes: Buffer.from('x') }));
    await drop(many);
    await expect.poll(() => stateOf('notes-13.txt'), { timeout: 30_000 }).toBe('failed');
    const list = panel().locator('ul');
    await list.evaluate(
      (el: { scrollTop: number; scrollHeight: number }) => (el.scrollTop = el.scrollHeight),
    );
    expect(await list.evaluate((el: { scrollTop: number }) => el.scrollTop)).toBeGreaterThan(0);

    await drop([{ name: 'newest.wav', bytes: wavFile(8000, 1, 16, 2000) }]);
    await expect.poll(() => stateOf('newest.wav'), { timeout: 30_000 }).toBe('done');
    expect((await names())[0]).toBe('newest.wav');
    await expect.poll(() => list.evaluate((el: { scrollTop: number }) => el.scrollTop)).toBe(0);
    expect(await row('newest.wav').isVisible()).toBe(true);
  });

  it('never shows a file going back to "queued" once it is being sent (the add answer is older)', async () => {
    // Every state each row shows, in order, as the page paints it.
    await page.evaluate(() => {
      type El = {
        getAttribute(n: string): string | null;
        querySelector(s: string): El | null;
        textContent: string;
      };
      type Record = { target: El; attributeName: string | null };
      const g = globalThis as unknown as {
        document: { body: unknown };
        MutationObserver: new (cb: (records: Record[]) => void) => { observe(t: unknown, o: object): void };
        seenStates: string[];
      };
      g.seenStates = [];
      new g.MutationObserver((records) => {
        for (const r of records) {
          const name = r.target.querySelector('.name')?.textContent ?? '';
          g.seenStates.push(`${name}:${r.target.getAttribute('data-upload-state') ?? ''}`);
        }
      }).observe(g.document.body, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-upload-state'],
      });
    });
    await drop([{ name: 'steady-order.wav', bytes: wavFile(8000, 1, 16, 400_000) }]);
    await expect.poll(() => stateOf('steady-order.wav'), { timeout: 30_000 }).toBe('done');
    const seen = await page.evaluate(() => (globalThis as unknown as { seenStates: string[] }).seenStates);
    const states = seen.filter((s) => s.startsWith('steady-order.wav:')).map((s) => s.slice(17));
    const firstSending = states.findIndex((s) => s !== 'queued');
    expect(states.at(-1)).toBe('done');
    expect(states.slice(firstSending)).not.toContain('queued');
  });

  it('offers Retry for a failure a new try can fix, and the retry uploads it', async () => {
    await stack.pbx.stop();
    try {
      await drop([{ name: 'while-away.wav', bytes: wavFile(8000, 1, 16, 3000) }]);
      await expect.poll(() => stateOf('while-away.wav'), { timeout: 30_000 }).toBe('failed');
    } finally {
      await stack.pbx.start();
    }
    const retry = row('while-away.wav').getByRole('button', { name: 'Retry upload of while-away.wav' });
    await retry.click();
    await expect.poll(() => stateOf('while-away.wav'), { timeout: 30_000 }).toBe('done');
    expect(stack.pbx.uploads().some((u) => u.rawFilename === 'while-away.wav')).toBe(true);
    expect(problems.errors).toEqual([]);
  });
});
