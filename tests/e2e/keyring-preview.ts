/**
 * The real preview with a working OS secret store stand-in (so profiles keep secrets, as in the
 * desktop app) and one en-US Chromium page on it; page errors land in `errors`. Call at the top
 * level of a test file: it starts before the file's tests and closes after them.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startPreview, type Preview } from '../../electron/preview';
import { keyring } from '../setup/keyring';
import { launchChromium } from './browser';
import { buildRenderer, cleanup } from './harness';

export interface KeyringPreview {
  /** Valid once the file's tests run (after beforeAll). */
  readonly preview: Preview;
  readonly page: Page;
  /** Page errors, and console errors where asked for: a clean run has none. */
  readonly errors: string[];
}

export function keyringPreview(options: {
  readonly viewport: { width: number; height: number };
  /** Console errors count as errors too. */
  readonly consoleErrors?: boolean;
}): KeyringPreview {
  let rendererDir = '';
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    rendererDir = await buildRenderer();
    preview = await startPreview({ rendererDir, osLocale: 'en-US', safeStorage: keyring() });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: options.viewport, locale: 'en-US' })).newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    if (options.consoleErrors) {
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    if (rendererDir) await cleanup(rendererDir);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the keyring preview is not started yet (use it inside tests)');
    return value;
  };
  return {
    get preview() {
      return started(preview);
    },
    get page() {
      return started(page);
    },
    errors,
  };
}
