/**
 * The main window's construction options. Every security switch is spelled out even where it matches
 * Electron's default, so a default changing upstream, or a "quick fix" here, shows up in the test that
 * pins these values.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
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
    // Dev tools stay reachable from the View menu in development builds only (see app-menu.ts).
    devTools: true,
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
  options: { readonly title: string; readonly backgroundColor: string; readonly icon?: string },
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
    webPreferences: secureWebPreferences(preloadPath),
  };
}
