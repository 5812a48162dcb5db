/**
 * The recordings pipeline end to end in Debian's Chromium, through the real preview (console
 * service, WebSocket bridge, the pipeline core and its journal) and the demo PBX over HTTP on
 * 127.0.0.1: an operator gives a profile a watched folder in the profile editor (typed: the preview
 * has no folder picker), connects with it, files dropped into the folder reach the PBX and the
 * History view, which filters, searches, exports CSV and retries a file that could not go.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { startPreview, type Preview } from '../../electron/preview';
import { wavBytes } from '../pipeline/helpers';
import { launchChromium } from './browser';
import { buildRenderer, cleanup, type PageProblems } from './harness';

let rendererDir = '';
let work = '';
let folder = '';
let pbx: DemoPbx;
let preview: Preview;
let browser: Browser;
let page: Page;
const problems: PageProblems = { errors: [], dialogs: [] };

beforeAll(async () => {
  rendererDir = await buildRenderer();
  work = await mkdtemp(join(tmpdir(), 'ajam-e2e-pipeline-'));
  folder = join(work, 'grabaciones');
  await mkdir(folder);
  pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 50, seed: 7 });
  // A long backoff: a file the PBX could not take waits for the operator's Retry within this test.
  preview = await startPreview({
    rendererDir,
    pipeline: { core: { runner: { backoff: { baseMs: 120_000, maxMs: 300_000 } } } },
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`);
  });
  await page.goto(preview.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await pbx?.close();
  if (rendererDir) await cleanup(rendererDir);
  if (work) await rm(work, { recursive: true, force: true });
});

const history = (): Locator => page.getByRole('dialog', { name: 'Recordings history' });
const row = (name: string): Locator => history().locator('tr[data-entry-id]').filter({ hasText: name });
const rowState = (name: string) => () => row(name).getAttribute('data-state');
const rowNames = (): Promise<string[]> =>
  history().locator('tr[data-entry-id] td.name .mono').allTextContents();

describe('the recordings pipeline in Chromium against the demo PBX', { timeout: 120_000 }, () => {
  it('the profile editor keeps a watched folder and the policies, and warns when delete is chosen', async () => {
    await page.getByLabel('PBX URL').fill(pbx.url);
    await page.getByLabel('Manager user').fill('admin');
    await page.getByLabel('Upload mapping').fill('recordings');
    await page.getByRole('button', { name: 'Save as profile' }).click();
    const editor = page.getByRole('dialog', { name: 'New profile' });
    await editor.waitFor();
    await editor.getByLabel('Profile name').fill('Auditoría');
    const fields = editor.getByRole('group', { name: 'Recordings pipeline' });
    await fields.getByLabel('Folder path').fill(folder);
    await fields.getByRole('button', { name: 'Add folder' }).click();
    await fields.getByText(folder, { exact: true }).waitFor();
    expect(
      await fields.getByLabel('Upload the recordings of watched folders while connected').isChecked(),
    ).toBe(true);
    await fields.getByLabel('Settle time (seconds)').fill('1');

    await fields.getByLabel('After a successful upload').selectOption('delete');
    const warning = fields.getByTestId('pipeline-delete-warning');
    expect(await warning.textContent()).toContain('deleted from this computer');
    await fields.getByLabel('After a successful upload').selectOption('move');
    await warning.waitFor({ state: 'detached' });
    await fields.getByLabel('Move to').fill('subidos');

    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    const stored = preview.settings.profiles().find((p) => p.name === 'Auditoría');
    expect(stored?.pipeline).toEqual({
      enabled: true,
      folders: [{ path: folder, recursive: false, polling: false, include: [], exclude: [] }],
      settleSeconds: 1,
      pollSeconds: 2,
      overwrite: 'rename',
      wav16: 'rename',
      after: { kind: 'move', dir: 'subidos' },
    });
  });

  it('files dropped into the folder reach the PBX and the History view, live', async () => {
    await page.getByRole('button', { name: 'Connect with Auditoría' }).click();
    const prompt = page.getByRole('dialog', { name: 'Enter the secret' });
    await prompt.getByLabel('Secret', { exact: true }).fill('12345');
    await prompt.getByRole('button', { name: 'Connect', exact: true }).click();
    const status = page.getByRole('status', { name: 'Connection status' });
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');

    await page.getByRole('button', { name: 'History' }).click();
    await history().waitFor();
    expect(await history().getByRole('status').textContent()).toContain('Watching 1 folder');

    await writeFile(
      join(folder, 'exten-113-3004579622-20250802-120405-1754153905.5203765.wav'),
      wavBytes(8000),
    );
    await writeFile(join(folder, 'LLAMADA.WAV'), wavBytes(12_000));
    await writeFile(join(folder, 'informe.wav'), 'Este archivo no es audio.\n'.repeat(40));

    await expect.poll(rowState('exten-113'), { timeout: 30_000 }).toBe('done');
    await expect.poll(rowState('LLAMADA'), { timeout: 30_000 }).toBe('done');
    await expect.poll(rowState('informe.wav'), { timeout: 30_000 }).toBe('refused');
    expect(pbx.uploads()).toHaveLength(2);
    // After success, moved to the subfolder (which is not watched itself).
    await expect
      .poll(async () => (await readdir(join(folder, 'subidos'))).sort(), { timeout: 10_000 })
      .toHaveLength(2);

    const done = row('exten-113');
    expect(await done.textContent()).toContain('File successfully uploaded.');
    expect(await done.textContent()).toContain('7.8 KB');
    expect(await row('informe.wav').textContent()).toContain('not a .wav recording');
  });

  it('filters and searches the history', async () => {
    await history()
      .getByRole('radio', { name: /Failed/ })
      .click();
    await expect.poll(rowNames, { timeout: 10_000 }).toEqual(['informe.wav']);
    await history()
      .getByRole('radio', { name: /Uploaded/ })
      .click();
    await expect.poll(async () => (await rowNames()).length, { timeout: 10_000 }).toBe(2);
    await history().getByRole('radio', { name: /All/ }).click();
    await history().getByLabel('Search recordings').fill('exten-113');
    await expect
      .poll(rowNames, { timeout: 10_000 })
      .toEqual(['exten-113-3004579622-20250802-120405-1754153905.5203765.wav']);
    await history().getByLabel('Search recordings').fill('');
    await expect.poll(async () => (await rowNames()).length, { timeout: 10_000 }).toBe(3);
  });

  it('exports the history as CSV (a download in the preview)', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      history().getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ajam-history-\d{4}-\d\d-\d\d\.csv$/);
    const file = join(work, 'export.csv');
    await download.saveAs(file);
    const csv = await readFile(file, 'utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(csv).toContain('exten-113-3004579622-20250802-120405-1754153905.5203765.wav');
    expect(csv).toContain('informe.wav');
  });

  it('a file the PBX could not take waits, and Retry sends it once the PBX is back', async () => {
    const before = pbx.uploads().length;
    await pbx.stop();
    await writeFile(join(folder, 'durante-la-caida.wav'), wavBytes(6000));
    await expect.poll(rowState('durante-la-caida'), { timeout: 30_000 }).toBe('waiting');
    await history()
      .getByRole('radio', { name: /Waiting/ })
      .click();
    await expect.poll(rowNames, { timeout: 10_000 }).toEqual(['durante-la-caida.wav']);

    await pbx.start();
    // The backoff is two minutes: without the operator nothing would go within this test.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(pbx.uploads()).toHaveLength(before);
    await history().getByRole('button', { name: 'Retry durante-la-caida.wav' }).click();
    await history().getByRole('radio', { name: /All/ }).click();
    await expect.poll(rowState('durante-la-caida'), { timeout: 30_000 }).toBe('done');
    expect(
      pbx
        .uploads()
        .slice(before)
        .map((u) => u.rawFilename),
    ).toEqual(['durante-la-caida.wav']);
    expect(problems.errors).toEqual([]);
  });
});
