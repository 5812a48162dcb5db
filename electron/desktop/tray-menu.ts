/**
 * Turns the tray description (tray-state.ts) into Electron's menu template, routing each click to one
 * command handler. Kept apart from tray.ts so the mapping is tested without a Tray.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayCommand, TrayMenuItem } from './tray-state';

export function trayMenuTemplate(
  items: readonly TrayMenuItem[],
  run: (command: TrayCommand) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { id: item.id, label: item.label, submenu: trayMenuTemplate(item.items, run) };
      case 'normal':
        return {
          id: item.id,
          type: 'normal',
          label: item.label,
          enabled: item.enabled,
          click: () => run(item.command),
        };
      case 'checkbox':
      case 'radio':
        return {
          id: item.id,
          type: item.type,
          label: item.label,
          checked: item.checked,
          enabled: item.enabled,
          click: () => run(item.command),
        };
    }
  });
}
