/**
 * The main window: secure options, remembered bounds, close-to-tray. Electron's BrowserWindow class is
 * passed in, so the behaviour is tested with a fake.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY } from './policy';
import { mainWindowOptions } from './window-options';
import {
  initialBounds,
  loadWindowState,
  stateToSave,
  type Rect,
  type WindowStateStore,
} from './window-state';

type WindowLike = Pick<
  BrowserWindow,
  | 'on'
  | 'once'
  | 'show'
  | 'hide'
  | 'maximize'
  | 'isMaximized'
  | 'getNormalBounds'
  | 'loadURL'
  | 'isDestroyed'
  | 'webContents'
>;

export interface MainWindowDeps<W extends WindowLike> {
  readonly create: (options: BrowserWindowConstructorOptions) => W;
  readonly preloadPath: string;
  /** app.isPackaged: no DevTools in an installed build. */
  readonly packaged: boolean;
  readonly title: string;
  readonly backgroundColor: string;
  readonly icon?: string;
  readonly workAreas: () => readonly Rect[];
  readonly store: WindowStateStore;
  /** Read at close time: the setting may change while the window is open. */
  readonly closeToTray: () => boolean;
  readonly isQuitting: () => boolean;
  /** Started at login: stay in the tray until the operator opens the window. */
  readonly startHidden: boolean;
  readonly entryUrl?: string;
  readonly saveDelayMs?: number;
}

export function createMainWindow<W extends WindowLike>(deps: MainWindowDeps<W>): W {
  const saved = loadWindowState(deps.store);
  const bounds = initialBounds(saved, deps.workAreas());
  const window = deps.create(
    mainWindowOptions(deps.preloadPath, bounds, {
      title: deps.title,
      backgroundColor: deps.backgroundColor,
      packaged: deps.packaged,
      ...(deps.icon !== undefined ? { icon: deps.icon } : {}),
    }),
  );
  if (saved?.maximized) window.maximize();

  const save = () => {
    if (window.isDestroyed()) return;
    const state = stateToSave(window.getNormalBounds(), window.isMaximized());
    if (state) deps.store.set('window', state);
  };
  let timer: NodeJS.Timeout | undefined;
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, deps.saveDelayMs ?? 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);

  window.on('close', (event) => {
    clearTimeout(timer);
    save();
    if (!deps.isQuitting() && deps.closeToTray()) {
      // The PBX session, notifications and uploads keep running; quitting is explicit (menu or tray).
      event.preventDefault();
      window.hide();
    }
  });
  window.once('ready-to-show', () => {
    if (!deps.startHidden) window.show();
  });
  void window.loadURL(deps.entryUrl ?? APP_ENTRY);
  return window;
}
