/**
 * A walk through the switchboard's screens, for the checks that look at every screen (the Spanish
 * walk, axe): the grid with a parked call, presence and DND, an extension's context menu and the
 * toast of a control, the groups and label dialogs, and the views as tabs on a narrow window.
 * `visit` runs the caller's check at each stop.
 */
import type { Page } from 'playwright-core';
import type { DemoPbx } from '../../electron/demo/api';
import type { Office } from '../../electron/demo/office';
import type { Messages } from '../../renderer/src/i18n/en';

/** A caller parked in lot `default` and a presence with a message, so the grid and panel show them. */
export function furnishOffice(pbx: DemoPbx): void {
  const office = pbx.office as Office;
  const name = office.placeCall({ from: '600777888', fromName: 'Cliente Aparcado', to: '115' });
  office.step();
  const caller = office.find(name);
  if (caller) office.park(caller, 300);
  office.writePresence('CustomPresence:104', 'away,,En una reunión');
}

export async function walkSwitchboard(
  page: Page,
  t: Messages,
  visit: (where: string) => Promise<void>,
): Promise<void> {
  await page.locator('button.ext[data-exten="101"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-lot="default"] li[data-space]').first().waitFor({ timeout: 20_000 });
  await visit('switchboard: grid and parking');

  await page.locator('button.ext[data-exten="120"]').click({ button: 'right' });
  await page.getByRole('menu').waitFor();
  await visit('switchboard: context menu');
  await page.getByRole('menuitem', { name: t.menuDndOn }).click();
  await page.locator('button.ext[data-exten="120"][data-state="dnd"]').waitFor({ timeout: 20_000 });
  await page.locator('.toast.ok').last().waitFor({ timeout: 20_000 });
  await visit('switchboard: DND on, its toast');

  await page.getByRole('button', { name: t.editGroups }).click();
  const groups = page.getByRole('dialog', { name: t.groupsTitle });
  await groups.waitFor();
  await groups.getByRole('button', { name: t.addGroup }).click();
  await visit('switchboard: groups dialog');
  await page.keyboard.press('Escape');
  await groups.waitFor({ state: 'detached' });

  await page.locator('button.ext[data-exten="120"]').click({ button: 'right' });
  await page.getByRole('menuitem', { name: t.menuLabel }).click();
  const label = page.getByRole('dialog', { name: t.labelTitle('120') });
  await label.waitFor();
  await visit('switchboard: label dialog');
  await page.keyboard.press('Escape');
  await label.waitFor({ state: 'detached' });

  // A narrow window: every view is a tab.
  const size = page.viewportSize();
  await page.setViewportSize({ width: 800, height: 900 });
  for (const tab of [t.tabCalls, t.tabExtensions, t.tabPanels]) {
    await page.getByRole('tab', { name: tab }).click();
    await visit(`switchboard: narrow window, tab ${tab}`);
  }
  await page.getByRole('tab', { name: t.tabCalls }).click();
  if (size) await page.setViewportSize(size);
}
