/**
 * The application menu, in the app's language. Standard roles do the work (copy/paste must keep working
 * in the connect form on macOS, which needs an Edit menu); labels are ours so they follow the app's
 * language rather than the OS's. Developer tools appear only in unpackaged builds.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Strings } from './strings';

export interface AppMenuOptions {
  readonly platform: NodeJS.Platform;
  readonly packaged: boolean;
  readonly strings: Strings;
  readonly onQuit: () => void;
  readonly onAbout: () => void;
  /** Profiles to and from a file (never with secrets): main-process dialogs, no IPC needed. */
  readonly onExportProfiles: () => void;
  readonly onImportProfiles: () => void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { menu, appName } = options.strings;
  const mac = options.platform === 'darwin';
  const quit: MenuItemConstructorOptions = {
    label: menu.quit,
    accelerator: 'CmdOrCtrl+Q',
    // Explicit quit: closing the window only hides it when close-to-tray is on.
    click: () => options.onQuit(),
  };
  const about: MenuItemConstructorOptions = { label: menu.about, click: () => options.onAbout() };

  const profileItems: MenuItemConstructorOptions[] = [
    { label: menu.exportProfiles, click: () => options.onExportProfiles() },
    { label: menu.importProfiles, click: () => options.onImportProfiles() },
  ];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'hide', label: menu.hide },
        { role: 'hideOthers', label: menu.hideOthers },
        { role: 'unhide', label: menu.unhide },
        { type: 'separator' },
        quit,
      ],
    });
    template.push({ label: menu.file, submenu: profileItems });
  } else {
    template.push({ label: menu.file, submenu: [...profileItems, { type: 'separator' }, quit] });
  }
  template.push({
    label: menu.edit,
    submenu: [
      { role: 'undo', label: menu.undo },
      { role: 'redo', label: menu.redo },
      { type: 'separator' },
      { role: 'cut', label: menu.cut },
      { role: 'copy', label: menu.copy },
      { role: 'paste', label: menu.paste },
      { role: 'selectAll', label: menu.selectAll },
    ],
  });
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom', label: menu.resetZoom },
    { role: 'zoomIn', label: menu.zoomIn },
    { role: 'zoomOut', label: menu.zoomOut },
    { type: 'separator' },
    { role: 'togglefullscreen', label: menu.fullScreen },
  ];
  if (!options.packaged) {
    view.unshift(
      { role: 'reload', label: menu.reload },
      { role: 'toggleDevTools', label: menu.devTools },
      { type: 'separator' },
    );
  }
  template.push({ label: menu.view, submenu: view });
  template.push({
    label: menu.window,
    submenu: [
      { role: 'minimize', label: menu.minimize },
      { role: 'close', label: menu.close },
    ],
  });
  if (!mac) template.push({ label: menu.help, submenu: [about] });
  return template;
}
