/**
 * The switchboard's groups and labels belong to the saved profile (issue 8), in Debian's Chromium on
 * the real preview (whose profiles are the desktop's Settings over a JSON file) and the demo PBX:
 * groups a build before the move kept in localStorage are moved into the profile on first load, a
 * group made in the editor is saved there, and both come back on a "new machine" (a reload with the
 * window's storage emptied).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import type { Stack } from './harness';
import { buildRenderer, cleanup, openPage, startStack } from './harness';

const NAME = 'Centralita Madrid';

/** The page's localStorage (the project's tsconfig has no DOM lib: see ./page-globals). */
interface PageStorage {
  readonly localStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    clear(): void;
  };
}
let rendererDir = '';
let stack: Stack;
let page: Page;
let errors: string[] = [];
let profileId = '';

beforeAll(async () => {
  rendererDir = await buildRenderer();
  stack = await startStack(rendererDir, { calls: 0, switchboard: false });
  const saved = stack.preview.settings.saveProfile({
    name: NAME,
    url: stack.pbx.url,
    user: 'admin',
    postMapping: 'recordings',
    operatorEndpoint: 'PJSIP/106',
  });
  profileId = saved.id;
  stack.preview.settings.select(profileId);
  const opened = await openPage(stack);
  page = opened.page;
  errors = opened.problems.errors;
  await page.setViewportSize({ width: 1920, height: 1080 });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  if (rendererDir) await cleanup(rendererDir);
});

const storedLayout = () => stack.preview.settings.profile(profileId)?.switchboardLayout;
const groupNames = () => page.locator('h3[data-group] .group-toggle').allTextContents();
const localEntry = () =>
  page.evaluate(
    (key) => (globalThis as unknown as PageStorage).localStorage.getItem(key),
    `ajam-console.switchboard.${profileId}`,
  );

/** Connects with the saved profile (the secret is asked: the preview stores none). */
async function connectWithProfile(): Promise<void> {
  await page.getByRole('button', { name: `Connect with ${NAME}` }).click();
  const prompt = page.getByRole('dialog', { name: 'Enter the secret' });
  await prompt.getByLabel('Secret', { exact: true }).fill('12345');
  await prompt.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.locator('button.ext[data-exten="101"]').waitFor({ timeout: 30_000 });
}

async function disconnectAndReload(clearStorage: boolean): Promise<void> {
  await page.getByRole('button', { name: en.disconnect }).click();
  if (clearStorage) await page.evaluate(() => (globalThis as unknown as PageStorage).localStorage.clear());
  await page.reload();
  await page.getByRole('button', { name: `Connect with ${NAME}` }).waitFor({ timeout: 30_000 });
}

describe('switchboard groups and labels in the profile', { timeout: 120_000 }, () => {
  it('moves groups and labels kept in localStorage into the profile on first load', async () => {
    await page.getByRole('button', { name: `Connect with ${NAME}` }).waitFor({ timeout: 30_000 });
    // What a build before the move left in this window's storage.
    await page.evaluate(
      ([key, value]) =>
        (globalThis as unknown as PageStorage).localStorage.setItem(key as string, value as string),
      [
        `ajam-console.switchboard.${profileId}`,
        JSON.stringify({
          groups: [{ id: 'old', name: 'Antigua', members: ['103', '104'] }],
          labels: { '104': 'Mesa 4' },
          collapsed: [],
          compact: true,
        }),
      ],
    );
    expect(storedLayout()).toBeUndefined();
    await connectWithProfile();
    await expect.poll(storedLayout, { timeout: 15_000 }).toEqual({
      groups: [{ id: 'old', name: 'Antigua', members: ['103', '104'] }],
      labels: { '104': 'Mesa 4' },
    });
    await expect.poll(groupNames).toEqual(expect.arrayContaining([expect.stringContaining('Antigua')]));
    expect(await page.locator('button.ext[data-exten="104"]').getAttribute('aria-label')).toContain('Mesa 4');
    // The window keeps only how it shows them.
    await expect
      .poll(async () => JSON.parse((await localEntry()) ?? '{}') as unknown)
      .toMatchObject({
        groups: [],
        labels: {},
        compact: true,
      });
  });

  it('a group made in the editor is saved in the profile and survives a reload on a new machine', async () => {
    await page.getByRole('button', { name: en.editGroups }).click();
    const dialog = page.getByRole('dialog', { name: en.groupsTitle });
    await dialog.getByRole('button', { name: en.addGroup }).click();
    await dialog.getByLabel(en.groupName).last().fill('Recepción');
    await dialog.getByLabel(en.groupMembers).last().fill('101, 102');
    await dialog.getByRole('button', { name: en.save }).click();
    await expect
      .poll(() => storedLayout()?.groups.map((g) => [g.name, g.members]), { timeout: 15_000 })
      .toEqual([
        ['Antigua', ['103', '104']],
        ['Recepción', ['101', '102']],
      ]);
    const onDisk = stack.preview.settings.profile(profileId)?.switchboardLayout?.labels;
    expect(onDisk).toEqual({ '104': 'Mesa 4' });

    // A new machine: nothing in this window's storage, the profile brings the groups and labels.
    await disconnectAndReload(true);
    expect(await localEntry()).toBeNull();
    await connectWithProfile();
    await expect
      .poll(groupNames, { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([expect.stringContaining('Antigua'), expect.stringContaining('Recepción')]),
      );
    expect(await page.locator('button.ext[data-exten="104"]').getAttribute('aria-label')).toContain('Mesa 4');
  });

  it('left the page without errors', () => {
    expect(errors).toEqual([]);
  });
});
