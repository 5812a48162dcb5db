import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../electron/desktop/main-window';
import { APP_ENTRY } from '../../electron/desktop/policy';
import {
  MIN_HEIGHT,
  MIN_WIDTH,
  mainWindowOptions,
  secureWebPreferences,
} from '../../electron/desktop/window-options';
import {
  DEFAULT_SIZE,
  initialBounds,
  parseWindowState,
  stateToSave,
  type WindowState,
} from '../../electron/desktop/window-state';

describe('webPreferences', () => {
  it('keep the security switches on whatever the caller passes', () => {
    const prefs = secureWebPreferences('/app/out/preload/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    const options = mainWindowOptions(
      '/p.cjs',
      { width: 900, height: 600 },
      { title: 'AJAM Console', backgroundColor: '#000', packaged: false },
    );
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs', false));
    expect(options.show).toBe(false);
    expect(options.minWidth).toBe(MIN_WIDTH);
  });

  it('have DevTools in development builds only', () => {
    expect(secureWebPreferences('/p.cjs', false).devTools).toBe(true);
    expect(secureWebPreferences('/p.cjs', true).devTools).toBe(false);
    const packaged = mainWindowOptions(
      '/p.cjs',
      { width: 900, height: 600 },
      { title: 'AJAM Console', backgroundColor: '#000', packaged: true },
    );
    expect(packaged.webPreferences).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true });
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];

  it('rejects malformed stored state', () => {
    expect(parseWindowState({ x: 1, y: 2, width: 800, height: 600, maximized: false })).toBeDefined();
    for (const bad of [
      null,
      'x',
      { x: 1, y: 2, width: 800, height: 600 },
      { x: 1.5, y: 2, width: 800, height: 600, maximized: false },
      { x: 1, y: 2, width: -5, height: 600, maximized: false },
      { x: 1, y: 2, width: 800, height: 600, maximized: 'yes' },
      { x: 1, y: 2, width: 800, height: 600, maximized: false, extra: 1 },
      { x: 1e9, y: 2, width: 800, height: 600, maximized: false },
    ]) {
      expect(parseWindowState(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('restores a saved position that is on a display', () => {
    expect(initialBounds({ x: 100, y: 50, width: 1000, height: 700, maximized: false }, screen)).toEqual({
      x: 100,
      y: 50,
      width: 1000,
      height: 700,
    });
  });

  it('centres with the default size when the display is gone', () => {
    const saved: WindowState = { x: 2500, y: 100, width: 1000, height: 700, maximized: false };
    expect(initialBounds(saved, screen)).toEqual({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
    expect(initialBounds(undefined, screen)).toEqual({
      width: DEFAULT_SIZE.width,
      height: DEFAULT_SIZE.height,
    });
  });

  it('clamps a window larger than its display, keeps the minimum size', () => {
    const bounds = initialBounds({ x: -20, y: 10, width: 5000, height: 3000, maximized: false }, screen);
    // The window is as tall as the display, so it moves up to fit.
    expect(bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    const tiny = initialBounds({ x: 10, y: 10, width: 100, height: 100, maximized: false }, screen);
    expect(tiny.width).toBe(MIN_WIDTH);
    expect(tiny.height).toBe(MIN_HEIGHT);
  });

  it('uses the second display when the window was there', () => {
    const two = [...screen, { x: 1920, y: 0, width: 1280, height: 1000 }];
    expect(initialBounds({ x: 2000, y: 100, width: 1000, height: 700, maximized: true }, two)).toEqual({
      x: 2000,
      y: 100,
      width: 1000,
      height: 700,
    });
  });

  it('saves rounded normal bounds', () => {
    expect(stateToSave({ x: 10.4, y: 20.6, width: 800.2, height: 600.7 }, true)).toEqual({
      x: 10,
      y: 21,
      width: 800,
      height: 601,
      maximized: true,
    });
  });
});

class FakeWindow extends EventEmitter {
  visible = false;
  maximized = false;
  destroyed = false;
  loaded: string | undefined;
  normal = { x: 30, y: 40, width: 1100, height: 750 };
  readonly webContents = { id: 1 };
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return this.normal;
  }
  isDestroyed() {
    return this.destroyed;
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  /** Emits 'close' like Electron: returns whether a listener prevented it. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function setup(
  overrides: { closeToTray?: boolean; quitting?: boolean; stored?: unknown; startHidden?: boolean } = {},
) {
  const stored = new Map<string, unknown>([['window', overrides.stored]]);
  let closeToTray = overrides.closeToTray ?? true;
  let quitting = overrides.quitting ?? false;
  const created: FakeWindow[] = [];
  createMainWindow({
    create: (options) => {
      const w = new FakeWindow(options);
      created.push(w);
      return w as unknown as BrowserWindow;
    },
    preloadPath: '/out/preload/preload.cjs',
    packaged: false,
    title: 'AJAM Console',
    backgroundColor: '#000',
    workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
    store: { get: (key) => stored.get(key), set: (key, value) => void stored.set(key, value) },
    closeToTray: () => closeToTray,
    isQuitting: () => quitting,
    startHidden: overrides.startHidden ?? false,
    saveDelayMs: 1,
  });
  const window = created[0];
  if (!window) throw new Error('no window created');
  return {
    window,
    stored,
    created,
    setCloseToTray: (v: boolean) => (closeToTray = v),
    setQuitting: (v: boolean) => (quitting = v),
  };
}

describe('main window', () => {
  it('is created with the secure preferences and loads the app entry', () => {
    const { window, created } = setup();
    expect(created).toHaveLength(1);
    expect(window.options.webPreferences).toEqual(secureWebPreferences('/out/preload/preload.cjs', false));
    expect(window.loaded).toBe(APP_ENTRY);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('stays hidden when started at login', () => {
    const { window } = setup({ startHidden: true });
    window.emit('ready-to-show');
    expect(window.visible).toBe(false);
  });

  it('restores saved bounds and the maximized state', () => {
    const { window } = setup({ stored: { x: 200, y: 100, width: 1000, height: 700, maximized: true } });
    expect(window.options).toMatchObject({ x: 200, y: 100, width: 1000, height: 700 });
    expect(window.maximized).toBe(true);
  });

  it('ignores a corrupt stored state', () => {
    const { window } = setup({ stored: { x: 'left', width: 10 } });
    expect(window.options.x).toBeUndefined();
    expect(window.options.width).toBe(DEFAULT_SIZE.width);
  });

  it('hides to the tray on close when the setting says so, closes when quitting', () => {
    const { window, setQuitting, setCloseToTray } = setup();
    window.show();
    expect(window.close()).toBe(true);
    expect(window.visible).toBe(false);
    window.show();
    setCloseToTray(false);
    expect(window.close()).toBe(false);
    setCloseToTray(true);
    setQuitting(true);
    expect(window.close()).toBe(false);
  });

  it('saves its bounds on close and after moves', async () => {
    const { window, stored } = setup();
    window.close();
    expect(stored.get('window')).toEqual({ x: 30, y: 40, width: 1100, height: 750, maximized: false });
    window.normal = { x: 300, y: 200, width: 900, height: 650 };
    window.emit('move');
    await vi.waitFor(() => expect(stored.get('window')).toMatchObject({ x: 300, y: 200 }));
  });
});
