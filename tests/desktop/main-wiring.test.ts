/**
 * electron/main.ts with the whole `electron` module mocked: checks the glue connects what the unit tests
 * check in isolation — the window's preferences, every IPC channel, the sender check, the session
 * policies, single-instance, the AppUserModelID, the tray and close-to-tray.
 */
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS, type IpcResult } from '../../shared/ipc';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

const state = vi.hoisted(() => ({
  userData: '',
  lock: true,
  packaged: false,
  /** What Chromium parsed from the command line (app.commandLine.hasSwitch). */
  switches: [] as string[],
  handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  windows: [] as unknown[],
  trays: [] as { menus: unknown[]; tooltip: string }[],
  appEvents: new Map<string, ((...args: unknown[]) => void)[]>(),
  calls: [] as string[],
  permission: undefined as
    undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void),
  ready: undefined as undefined | (() => void),
  verify: undefined as
    | undefined
    | ((
        request: { hostname: string; certificate: { data: string } },
        callback: (verdict: number) => void,
      ) => void),
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    readonly id = 41;
    sent: [string, unknown][] = [];
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    isDestroyed() {
      return false;
    }
  }
  class BrowserWindow extends Emitter {
    visible = false;
    readonly webContents = new FakeWebContents();
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
    }
    loadURL(url: string) {
      state.calls.push(`loadURL ${url}`);
      return Promise.resolve();
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    restore() {}
    maximize() {}
    isMaximized() {
      return false;
    }
    isMinimized() {
      return false;
    }
    isVisible() {
      return this.visible;
    }
    isFocused() {
      return this.visible;
    }
    isDestroyed() {
      return false;
    }
    setProgressBar(value: number) {
      state.calls.push(`setProgressBar ${value}`);
    }
    getNormalBounds() {
      return { x: 10, y: 10, width: 1000, height: 700 };
    }
  }
  class Tray extends Emitter {
    menus: unknown[] = [];
    tooltip = '';
    constructor() {
      super();
      state.trays.push(this);
    }
    setImage() {}
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: unknown) {
      this.menus.push(menu);
    }
    destroy() {}
  }
  class Notification extends Emitter {
    static isSupported() {
      return true;
    }
    show() {}
    close() {}
  }
  const app = {
    get isPackaged() {
      return state.packaged;
    },
    commandLine: { hasSwitch: (name: string) => state.switches.includes(name) },
    requestSingleInstanceLock: () => {
      state.calls.push('requestSingleInstanceLock');
      return state.lock;
    },
    quit: () => state.calls.push('quit'),
    exit: (code: number) => state.calls.push(`exit ${code}`),
    setAppUserModelId: (id: string) => state.calls.push(`setAppUserModelId ${id}`),
    on: (event: string, listener: (...args: unknown[]) => void) => {
      state.appEvents.set(event, [...(state.appEvents.get(event) ?? []), listener]);
    },
    whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
    getPath: () => state.userData,
    getVersion: () => '0.1.0',
    getLocale: () => 'es-ES',
    getPreferredSystemLanguages: () => ['es-ES'],
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    setLoginItemSettings: () => state.calls.push('setLoginItemSettings'),
    showAboutPanel: () => undefined,
  };
  const electron = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: () => undefined },
    nativeImage: { createFromBuffer: () => ({ addRepresentation: () => undefined }) },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => unknown) =>
        state.handlers.set(channel, handler),
      removeHandler: (channel: string) => state.handlers.delete(channel),
      on: () => undefined,
    },
    protocol: { registerSchemesAsPrivileged: () => state.calls.push('registerSchemesAsPrivileged') },
    // What Linux without a keyring reports: "available", through the plain-text backend.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof state.permission) => (state.permission = handler),
        setPermissionCheckHandler: () => undefined,
        setCertificateVerifyProc: (proc: typeof state.verify) => (state.verify = proc),
        webRequest: { onHeadersReceived: () => undefined },
        protocol: { handle: (scheme: string) => state.calls.push(`protocol.handle ${scheme}`) },
      },
    },
    dialog: {
      showErrorBox: (_t: string, text: string) => state.calls.push(`error ${text}`),
      showOpenDialog: async (_window: unknown, options: { properties: string[] }) => {
        state.calls.push(`showOpenDialog ${options.properties.join(' ')}`);
        return { canceled: false, filePaths: ['/srv/grabaciones'] };
      },
    },
    shell: { showItemInFolder: (path: string) => state.calls.push(`showItemInFolder ${path}`) },
  };
  return { ...electron, default: electron };
});

const platform = Object.getOwnPropertyDescriptor(process, 'platform') as PropertyDescriptor;

const argv = process.argv;

async function startMain(
  options: {
    lock?: boolean;
    platform?: NodeJS.Platform;
    packaged?: boolean;
    args?: string[];
    switches?: string[];
  } = {},
) {
  state.userData = makeTempDir('ajam-main-');
  state.lock = options.lock ?? true;
  state.packaged = options.packaged ?? false;
  state.switches = options.switches ?? [];
  process.argv = ['/opt/AJAM Console/ajam-console', ...(options.args ?? [])];
  state.handlers.clear();
  state.windows.length = 0;
  state.trays.length = 0;
  state.appEvents.clear();
  state.calls.length = 0;
  state.ready = undefined;
  if (options.platform) Object.defineProperty(process, 'platform', { value: options.platform });
  vi.resetModules();
  await import('../../electron/main');
  // Set by the mocked app.whenReady() during the import (TypeScript cannot see that).
  const ready = state.ready as (() => void) | undefined;
  if (ready) {
    ready();
    await vi.waitFor(() => expect(state.windows).toHaveLength(1));
  }
}

type FakeWindow = EventEmitter & {
  options: { webPreferences: Record<string, unknown> };
  visible: boolean;
  webContents: { id: number };
};

beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(async () => {
  for (const listener of state.appEvents.get('will-quit') ?? []) listener();
  Object.defineProperty(process, 'platform', platform);
  process.argv = argv;
  vi.restoreAllMocks();
});

describe('main process wiring', () => {
  it('creates one secure window on app://, with every IPC channel handled', async () => {
    await startMain();
    const [window] = state.windows as FakeWindow[];
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(window?.options.webPreferences['preload'])).toMatch(/preload[\\/]preload\.cjs$/);
    expect(state.calls).toContain('loadURL app://ajam/index.html');
    expect(state.calls).toContain('registerSchemesAsPrivileged');
    expect(state.calls).toContain('protocol.handle app');
    expect([...state.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(state.appEvents.has('web-contents-created')).toBe(true);
  });

  it('opens the recordings journal in the user data and picks watched folders with the native dialog', async () => {
    await startMain();
    const [window] = state.windows as FakeWindow[];
    const sender = {
      sender: { id: window?.webContents.id },
      senderFrame: { url: 'app://ajam/index.html', parent: null },
    };
    const status = (await state.handlers.get('pipeline:get-status')?.(sender, {})) as IpcResult<unknown>;
    expect(status).toMatchObject({
      ok: true,
      value: { host: { folderPicker: true, saveDialog: true, reveal: true } },
    });
    expect(existsSync(path.join(state.userData, 'pipeline-journal.jsonl'))).toBe(true);
    const chosen = (await state.handlers.get('pipeline:choose-folder')?.(sender, {})) as IpcResult<unknown>;
    expect(chosen).toEqual({ ok: true, value: { kind: 'chosen', path: '/srv/grabaciones' } });
    expect(state.calls).toContain('showOpenDialog openDirectory createDirectory');
  });

  it('answers the window and refuses a foreign frame', async () => {
    await startMain();
    const [window] = state.windows as FakeWindow[];
    const handler = state.handlers.get('settings:get');
    const ours = (await handler?.(
      { sender: { id: window?.webContents.id }, senderFrame: { url: 'app://ajam/index.html', parent: null } },
      {},
    )) as IpcResult<unknown>;
    expect(ours).toMatchObject({ ok: true, value: { closeToTray: true, doNotDisturb: false } });
    const foreign = (await handler?.(
      { sender: { id: window?.webContents.id }, senderFrame: { url: 'https://evil.example/', parent: null } },
      {},
    )) as IpcResult<unknown>;
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    const list = (await state.handlers.get('profiles:list')?.(
      { sender: { id: window?.webContents.id }, senderFrame: { url: 'app://ajam/', parent: null } },
      {},
    )) as IpcResult<{ secretStorageAvailable: boolean; secretStorageNote: string }>;
    // The mocked Linux desktop has no keyring: the renderer is told, in the OS language (Spanish).
    expect(list).toMatchObject({ ok: true, value: { secretStorageAvailable: false } });
    if (list.ok) expect(list.value.secretStorageNote).toMatch(/no tiene un llavero/);
  });

  it('wires the upload queue (uploads are not "unavailable" in the app)', async () => {
    await startMain();
    const [window] = state.windows as FakeWindow[];
    const event = {
      sender: { id: window?.webContents.id },
      senderFrame: { url: 'app://ajam/index.html', parent: null },
    };
    expect(await state.handlers.get('upload:list')?.(event, {})).toEqual({ ok: true, value: [] });
    const added = (await state.handlers.get('upload:add')?.(event, {
      files: [{ path: '/nonexistent/a.wav' }],
    })) as IpcResult<unknown>;
    if (!added.ok) expect(added.error.code).not.toBe('unavailable');
  });

  it("leaves certificates to Chromium while no session pinned one (the softphone's wss)", async () => {
    await startMain();
    const callback = vi.fn();
    state.verify?.({ hostname: 'pbx.example.com', certificate: { data: 'not a certificate' } }, callback);
    expect(callback).toHaveBeenCalledWith(-3);
  });

  it('denies permission requests', async () => {
    await startMain();
    const callback = vi.fn();
    state.permission?.({}, 'media', callback, { requestingUrl: 'app://ajam/index.html' });
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('hides to the tray on close, and quits for real from the tray menu', async () => {
    await startMain();
    const [window] = state.windows as FakeWindow[];
    window?.emit('ready-to-show');
    expect(window?.visible).toBe(true);
    const preventDefault = vi.fn();
    window?.emit('close', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(window?.visible).toBe(false);

    const [tray] = state.trays;
    expect(tray?.tooltip).toBe('AJAM Console — sin conexión');
    const menu = tray?.menus.at(-1) as { template: { id?: string; label?: string; click?: () => void }[] };
    const quit = menu.template.find((item) => item.id === 'quit');
    expect(quit?.label).toBe('Salir de AJAM Console');
    quit?.click?.();
    await vi.waitFor(() => expect(state.calls).toContain('quit'));
    for (const listener of state.appEvents.get('before-quit') ?? []) listener();
    const again = vi.fn();
    window?.emit('close', { preventDefault: again });
    expect(again).not.toHaveBeenCalled();
  });

  it('sets the AppUserModelID on Windows', async () => {
    await startMain({ platform: 'win32' });
    expect(state.calls).toContain('setAppUserModelId org.ajamconsole.console');
  });

  it('leaves a second instance to the first one', async () => {
    await startMain({ lock: false });
    expect(state.calls).toContain('quit');
    expect(state.ready).toBeUndefined();
    expect(state.windows).toHaveLength(0);
  });
});

describe('packaged build', () => {
  it('creates the window without DevTools', async () => {
    await startMain({ packaged: true });
    const [window] = state.windows as FakeWindow[];
    expect(window?.options.webPreferences).toMatchObject({ devTools: false, sandbox: true });
  });

  it.each([
    [['--remote-debugging-port=9222'], []],
    [['--remote-debugging-pipe'], []],
    [['--no-sandbox', '-remote-debugging-port', '9222'], []],
    // A form only Chromium's own parser recognised.
    [[], ['remote-debugging-port']],
  ])('refuses to start with %j (Chromium parsed %j), in both languages', async (args, switches) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await startMain({ packaged: true, args, switches });
    expect(state.calls).toContain('exit 1');
    expect(state.calls).not.toContain('requestSingleInstanceLock');
    expect(state.ready).toBeUndefined();
    expect(state.windows).toHaveLength(0);
    const shown = state.calls.find((call) => call.startsWith('error ')) ?? '';
    expect(shown).toMatch(/will not start with --remote-debugging-(port|pipe)/);
    expect(shown).toMatch(/no arranca con --remote-debugging-(port|pipe)/);
    expect(errors).toHaveBeenCalledWith(shown.slice('error '.length));
  });

  it('a development run keeps DevTools and accepts the debugging switches', async () => {
    await startMain({ packaged: false, args: ['.', '--remote-debugging-port=9222'] });
    const [window] = state.windows as FakeWindow[];
    expect(window?.options.webPreferences).toMatchObject({ devTools: true });
    expect(state.calls).not.toContain('exit 1');
  });
});
