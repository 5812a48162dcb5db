/**
 * The main window's construction options. Every security switch is spelled out even where it matches
 * Electron's default, so a default changing upstream, or a "quick fix" here, shows up in the test that
 * pins these values.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * `packaged`: an installed build (app.isPackaged). It has no DevTools at all — not from the menu, not
 * from a shortcut, not opened by code — so an operator's PC offers no console to script the window.
 */
export function secureWebPreferences(preloadPath: string, packaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Development builds keep them (View menu, see app-menu.ts); packaged builds cannot open them.
    devTools: !packaged,
  };
}

export interface WindowBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
}

export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;

export function mainWindowOptions(
  preloadPath: string,
  bounds: WindowBounds,
  options: {
    readonly title: string;
    readonly backgroundColor: string;
    readonly icon?: string;
    readonly packaged: boolean;
  },
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: options.title,
    backgroundColor: options.backgroundColor,
    ...(options.icon !== undefined ? { icon: options.icon } : {}),
    // Shown on 'ready-to-show' to avoid a white flash, or kept hidden when started at login into the tray.
    show: false,
    webPreferences: secureWebPreferences(preloadPath, options.packaged),
  };
}
