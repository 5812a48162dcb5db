/**
 * A walk through every screen of the recordings pipeline, in the page's language (`t`): the profile
 * editor's pipeline section with the delete warning, the History view with an uploaded and a refused
 * file, its failed filter, and the question of the "ask" policy. `stop(where)` runs at each screen
 * (the Spanish walk looks for English there, the accessibility walk runs axe).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Messages } from '../../renderer/src/i18n/en';
import { wavBytes } from '../pipeline/helpers';

export async function walkPipeline(
  page: Page,
  t: Messages,
  context: { readonly pbx: DemoPbx; readonly folder: string; readonly profile: string },
  stop: (where: string) => Promise<void>,
): Promise<void> {
  const { pbx, folder, profile } = context;
  await page.getByLabel(t.url).fill(pbx.url);
  await page.getByLabel(t.user).fill('admin');
  await page.getByLabel(t.postMapping).fill('recordings');
  await page.getByRole('button', { name: t.saveAsProfile }).click();
  const editor = page.getByRole('dialog', { name: t.newProfileTitle });
  await editor.waitFor();
  await editor.getByLabel(t.profileName).fill(profile);
  const fields = editor.getByRole('group', { name: t.pipelineSection });
  await fields.getByLabel(t.pipelineFolderPath).fill(folder);
  await fields.getByRole('button', { name: t.pipelineAddFolder }).click();
  await fields.getByText(folder, { exact: true }).waitFor();
  await fields.getByLabel(t.pipelineSettle).fill('1');
  await fields.getByLabel(t.pipelineOverwrite).selectOption('ask');
  await fields.getByLabel(t.pipelineAfter).selectOption('delete');
  await fields.getByTestId('pipeline-delete-warning').waitFor();
  await stop('profile editor: recordings pipeline, delete warning');
  await fields.getByLabel(t.pipelineAfter).selectOption('leave');
  await editor.getByRole('button', { name: t.save, exact: true }).click();
  await editor.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: t.connectWith(profile) }).click();
  const prompt = page.getByRole('dialog', { name: t.secretPromptTitle });
  await prompt.getByLabel(t.secret, { exact: true }).fill('12345');
  await prompt.getByRole('button', { name: t.connect, exact: true }).click();
  const status = page.getByRole('status', { name: t.connectionStatus });
  await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');

  await writeFile(join(folder, 'llamada.wav'), wavBytes(6000));
  await writeFile(join(folder, 'informe.wav'), 'Este archivo no es audio.\n'.repeat(40));
  await page.getByRole('button', { name: t.historyButton }).click();
  const history = page.getByRole('dialog', { name: t.historyTitle });
  await history.waitFor();
  const stateOf = (name: string) => () =>
    history.locator('tr[data-entry-id]').filter({ hasText: name }).first().getAttribute('data-state');
  await expect.poll(stateOf('llamada.wav'), { timeout: 30_000 }).toBe('done');
  await expect.poll(stateOf('informe.wav'), { timeout: 30_000 }).toBe('refused');
  await stop('history: uploaded and refused');
  await history.getByRole('radio', { name: new RegExp(t.historyFilterFailed) }).click();
  await expect.poll(() => history.locator('tr[data-entry-id]').count(), { timeout: 10_000 }).toBe(1);
  await stop('history: failed filter');
  await history.getByRole('radio', { name: new RegExp(t.historyFilterAll) }).click();

  // Other content under a name already uploaded: the profile says ask.
  await writeFile(join(folder, 'llamada.wav'), wavBytes(7000));
  const ask = page.getByRole('alertdialog', { name: t.askTitle });
  await ask.waitFor({ timeout: 30_000 });
  await stop('ask: a name already on the PBX');
  await ask.getByRole('button', { name: t.askSkip }).click();
  await ask.waitFor({ state: 'detached' });
  await expect.poll(() => history.locator('tr[data-state="skipped"]').count(), { timeout: 15_000 }).toBe(1);
  await history.getByRole('button', { name: t.close }).last().click();
  await history.waitFor({ state: 'detached' });
}
