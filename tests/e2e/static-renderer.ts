/**
 * The built renderer served as static files on 127.0.0.1 with Debian's Chromium, for tests that run
 * it against the in-page API (tests/e2e/fake-api.ts) rather than the preview. Call at the top level
 * of a test file: it starts before the file's tests and closes after them.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, serveStatic } from './browser';
import { buildRenderer, cleanup } from './harness';

export interface StaticRenderer {
  /** Valid once the file's tests run (after beforeAll). */
  readonly browser: Browser;
  readonly url: string;
}

export function staticRenderer(): StaticRenderer {
  let rendererDir = '';
  let server: { url: string; close: () => Promise<void> } | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    rendererDir = await buildRenderer();
    server = await serveStatic(rendererDir);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (rendererDir) await cleanup(rendererDir);
  });

  const started = (): { browser: Browser; url: string } => {
    if (!browser || !server) throw new Error('the static renderer is not started yet (use it inside tests)');
    return { browser, url: server.url };
  };
  return {
    get browser() {
      return started().browser;
    },
    get url() {
      return started().url;
    },
  };
}
