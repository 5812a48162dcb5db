/**
 * The end-to-end rig: the renderer built once by Vite, the real preview (console service, router,
 * WebSocket bridge) in-process, the demo PBX over real HTTP on 127.0.0.1, and Debian's Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { startDemoPbx } from '../../electron/demo/server';
import type { DemoOptions, DemoPbx } from '../../electron/demo/api';
import { startPreview } from '../../electron/preview';
import type { Preview } from '../../electron/preview';
import { launchChromium } from './browser';

/**
 * What a test run produces (screenshots): git-ignored, so `npm test` leaves the tree clean. The README's
 * images are copied from here into docs/screenshots only by `npm run screenshots`.
 */
export const OUT = join(import.meta.dirname, '.out');
export const SCREENSHOTS = join(OUT, 'screenshots');

/** Builds renderer/ with its own vite config into a fresh folder; returns the folder. */
export async function buildRenderer(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'ajam-e2e-renderer-'));
  await build({
    configFile: join(import.meta.dirname, '../../renderer/vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export interface Stack {
  readonly pbx: DemoPbx;
  readonly preview: Preview;
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function startStack(rendererDir: string, demo: DemoOptions = {}): Promise<Stack> {
  // Deterministic office: no background traffic, a quick failed-login delay.
  const pbx = await startDemoPbx({ calls: 3, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 7, ...demo });
  const preview = await startPreview({ rendererDir });
  const browser = await launchChromium();
  return {
    pbx,
    preview,
    browser,
    async close() {
      await browser.close();
      await preview.close();
      await pbx.close();
    },
  };
}

export interface PageProblems {
  /** Page errors, console errors and CSP violations: a clean run has none. */
  readonly errors: string[];
  readonly dialogs: string[];
}

export async function openPage(
  stack: Stack,
  options: { colorScheme?: 'light' | 'dark'; locale?: string } = {},
): Promise<{ page: Page; problems: PageProblems }> {
  const context = await stack.browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
  });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], dialogs: [] };
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    problems.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(stack.preview.url);
  return { page, problems };
}

/** Fills the connect screen as an operator would and submits it. */
export async function connectViaForm(
  page: Page,
  pbx: DemoPbx,
  credentials: { user?: string; secret?: string; operatorEndpoint?: string } = {},
): Promise<void> {
  await page.getByLabel('PBX URL').fill(pbx.url);
  await page.getByLabel('Manager user').fill(credentials.user ?? 'admin');
  await page.getByLabel('Secret').fill(credentials.secret ?? '12345');
  await page.getByLabel('Upload mapping').fill('recordings');
  await page.getByLabel('My extension').fill(credentials.operatorEndpoint ?? 'PJSIP/106');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

/** Uniqueids the board shows, read from the DOM. */
export async function boardIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator('[data-uniqueid]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-uniqueid') ?? ''));
  return ids.sort();
}

export function pbxIds(pbx: DemoPbx): string[] {
  return pbx.office
    .channels()
    .map((c) => c.uniqueid)
    .sort();
}

export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
