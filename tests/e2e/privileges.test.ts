/**
 * Least privilege in Chromium: manager users of exactly the README's classes connect to the demo PBX
 * (which checks classes per action as Asterisk does), see the board, and every feature they may not
 * use is disabled and names the missing manager.conf class, in English and in Spanish.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from './harness';
import { boardIds, buildRenderer, cleanup, connectViaForm, openPage, pbxIds, startStack } from './harness';

let rendererDir = '';
let stack: Stack;
const pages: Page[] = [];

beforeAll(async () => {
  rendererDir = await buildRenderer();
  stack = await startStack(rendererDir);
}, 180_000);

afterEach(async () => {
  for (const page of pages.splice(0)) {
    // One preview holds one session for every window: end it so the next test sees the connect form.
    // The language is a preference kept by main: the next test starts in English again.
    await page.getByLabel(/^(Language|Idioma)$/).selectOption('en');
    const disconnect = page.getByRole('button', { name: 'Disconnect' });
    if (await disconnect.isVisible()) await disconnect.click();
    await page.getByRole('button', { name: 'Connect', exact: true }).waitFor({ timeout: 15_000 });
    await page.context().close();
  }
});

afterAll(async () => {
  await stack?.close();
  if (rendererDir) await cleanup(rendererDir);
});

async function connectAs(user: string): Promise<{ page: Page; errors: string[] }> {
  const { page, problems } = await openPage(stack);
  pages.push(page);
  const secret = stack.pbx.users.find((u) => u.user === user)?.secret ?? '';
  await connectViaForm(page, stack.pbx, { user, secret });
  await page.locator('[data-uniqueid]').first().waitFor({ timeout: 30_000 });
  return { page, errors: problems.errors };
}

async function selectFirstCall(page: Page): Promise<void> {
  await page.locator('[data-uniqueid] .select').first().click();
}

const controls = (page: Page) => page.locator('section.panel').filter({ has: page.locator('.actions') });

describe('least privilege in Chromium', { timeout: 120_000 }, () => {
  it("the README's operator (write=call,originate,config): the board, and recording and endpoints say they need system", async () => {
    const { page, errors } = await connectAs('operator');
    expect(await boardIds(page)).toEqual(pbxIds(stack.pbx));
    await page.getByText('PJSIP endpoints: needs write = system in manager.conf').waitFor();
    await selectFirstCall(page);
    const panel = controls(page);
    const record = panel.getByRole('button', { name: 'Record', exact: true });
    expect(await record.isDisabled()).toBe(true);
    expect(await record.getAttribute('title')).toBe('needs write = system in manager.conf');
    expect(await panel.getByText('Record: needs write = system in manager.conf').count()).toBe(1);
    // What call and originate allow stays usable.
    expect(await panel.getByRole('button', { name: 'Hang up' }).isDisabled()).toBe(false);
    expect(await panel.getByRole('button', { name: 'Transfer', exact: true }).isDisabled()).toBe(false);
    expect(await page.getByText(/^Dial: /).count()).toBe(0);

    await page.getByLabel('Language').selectOption('es');
    await page.getByText('Extensiones PJSIP: requiere write = system en manager.conf').waitFor();
    expect(await panel.getByText('Grabar: requiere write = system en manager.conf').count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Grabar', exact: true }).getAttribute('title')).toBe(
      'requiere write = system en manager.conf',
    );
    expect(errors).toEqual([]);
  });

  it('a viewer (write=reporting): every control, dialling and uploads name their class, in both languages', async () => {
    const { page, errors } = await connectAs('viewer');
    expect(await boardIds(page)).toEqual(pbxIds(stack.pbx));
    await selectFirstCall(page);
    const panel = controls(page);
    expect(await panel.getByRole('button', { name: 'Hang up' }).isDisabled()).toBe(true);
    expect(await panel.getByText('Hang up: needs write = system or call in manager.conf').count()).toBe(1);
    expect(
      await panel.getByText('Transfer, Attended transfer, Park: needs write = call in manager.conf').count(),
    ).toBe(1);
    await page.getByText('Dial: needs write = originate in manager.conf').waitFor();
    await page.getByRole('button', { name: /^Uploads/ }).click();
    await page.getByText('Uploads: needs write = config in manager.conf').waitFor();

    await page.getByLabel('Language').selectOption('es');
    await page.getByText('Marcar: requiere write = originate en manager.conf').waitFor();
    expect(await page.getByText('Subidas: requiere write = config en manager.conf').count()).toBe(1);
    expect(await panel.getByText('Colgar: requiere write = system o call en manager.conf').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
