import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from '../../electron/desktop/app-menu';
import { stringsFor } from '../../electron/desktop/strings';
import { trayMenuTemplate } from '../../electron/desktop/tray-menu';
import { trayIcon, trayView, type TrayInput, type TrayMenuItem } from '../../electron/desktop/tray-state';
import type { SessionState } from '../../shared/ipc';

const profiles = [
  { id: 'p1', name: 'Oficina Madrid' },
  { id: 'p2', name: 'Lab' },
];

function input(overrides: Partial<TrayInput> = {}): TrayInput {
  return {
    session: 'connected',
    activeUploads: 0,
    profiles,
    selectedProfileId: 'p1',
    doNotDisturb: false,
    windowVisible: true,
    strings: stringsFor('en'),
    ...overrides,
  };
}

function find(menu: readonly TrayMenuItem[], id: string): TrayMenuItem | undefined {
  for (const item of menu) {
    if ('id' in item && item.id === id) return item;
    if (item.type === 'submenu') {
      const inner = find(item.items, id);
      if (inner) return inner;
    }
  }
  return undefined;
}

describe('tray icon', () => {
  it.each<[SessionState, number, string]>([
    ['connected', 0, 'connected'],
    ['back', 0, 'connected'],
    ['connecting', 0, 'reconnecting'],
    ['lost', 0, 'reconnecting'],
    ['idle', 0, 'offline'],
    ['closed', 0, 'offline'],
    ['connected', 2, 'uploading'],
    ['back', 1, 'uploading'],
    // Uploads cannot progress while the session is down: the connection state is what matters.
    ['lost', 3, 'reconnecting'],
  ])('%s with %i uploads shows %s', (session, uploads, icon) => {
    expect(trayIcon(session, uploads)).toBe(icon);
  });
});

describe('tray view', () => {
  it('describes a connected session with its profile', () => {
    const view = trayView(input());
    expect(view.icon).toBe('connected');
    expect(view.tooltip).toBe('AJAM Console — connected to Oficina Madrid');
    expect(find(view.menu, 'disconnect')).toMatchObject({
      label: 'Disconnect',
      command: { kind: 'disconnect' },
    });
    expect(find(view.menu, 'connect')).toBeUndefined();
    expect(find(view.menu, 'window')).toMatchObject({ label: 'Hide window' });
    expect(find(view.menu, 'quit')).toMatchObject({ command: { kind: 'quit' } });
  });

  it('offers connect when offline, disabled without a profile', () => {
    expect(find(trayView(input({ session: 'closed' })).menu, 'connect')).toMatchObject({ enabled: true });
    const none = trayView(input({ session: 'idle', profiles: [], selectedProfileId: undefined }));
    expect(find(none.menu, 'connect')).toMatchObject({ enabled: false });
    expect(find(none.menu, 'profile:none')).toMatchObject({ label: 'No profiles yet', enabled: false });
    expect(none.tooltip).toBe('AJAM Console — offline');
  });

  it('lists profiles as radio items with the selected one checked', () => {
    const view = trayView(input({ selectedProfileId: 'p2' }));
    expect(find(view.menu, 'profile:p1')).toMatchObject({
      type: 'radio',
      checked: false,
      command: { kind: 'select-profile', profileId: 'p1' },
    });
    expect(find(view.menu, 'profile:p2')).toMatchObject({ type: 'radio', checked: true });
  });

  it('shows reconnect countdown, uploads and do-not-disturb', () => {
    const view = trayView(
      input({ session: 'lost', retryInSeconds: 8, activeUploads: 3, doNotDisturb: true }),
    );
    expect(view.tooltip).toBe(
      'AJAM Console — connection to Oficina Madrid lost, retrying in 8 s — uploading 3 files',
    );
    expect(find(view.menu, 'dnd')).toMatchObject({
      type: 'checkbox',
      checked: true,
      command: { kind: 'toggle-dnd' },
    });
    expect(trayView(input({ activeUploads: 1 })).icon).toBe('uploading');
  });

  it('speaks Spanish', () => {
    const view = trayView(input({ strings: stringsFor('es'), windowVisible: false, doNotDisturb: false }));
    expect(view.tooltip).toBe('AJAM Console — conectado a Oficina Madrid');
    expect(find(view.menu, 'window')).toMatchObject({ label: 'Mostrar ventana' });
    expect(find(view.menu, 'disconnect')).toMatchObject({ label: 'Desconectar' });
    expect(find(view.menu, 'profiles')).toMatchObject({ label: 'Cambiar de perfil' });
    expect(find(view.menu, 'dnd')).toMatchObject({ label: 'No molestar' });
    expect(find(view.menu, 'quit')).toMatchObject({ label: 'Salir de AJAM Console' });
  });

  it('becomes an Electron menu whose clicks run the commands', () => {
    const run = vi.fn();
    const template = trayMenuTemplate(trayView(input()).menu, run);
    const submenu = template.find((item) => item.id === 'profiles')?.submenu;
    expect(Array.isArray(submenu)).toBe(true);
    const lab = (submenu as { id?: string; click?: () => void }[]).find((item) => item.id === 'profile:p2');
    lab?.click?.();
    template.find((item) => item.id === 'dnd')?.click?.({} as never, undefined, {} as never);
    expect(run.mock.calls).toEqual([[{ kind: 'select-profile', profileId: 'p2' }], [{ kind: 'toggle-dnd' }]]);
  });
});

describe('app menu', () => {
  const files = { onExportProfiles: vi.fn(), onImportProfiles: vi.fn() };
  const labels = (items: ReturnType<typeof appMenuTemplate>): string[] =>
    items.flatMap((item) => [item.label ?? '', ...(Array.isArray(item.submenu) ? labels(item.submenu) : [])]);

  it('is in the app language, with an explicit quit', () => {
    const onQuit = vi.fn();
    const menu = appMenuTemplate({
      platform: 'win32',
      packaged: true,
      strings: stringsFor('es'),
      onQuit,
      onAbout: vi.fn(),
      ...files,
    });
    expect(menu.map((m) => m.label)).toEqual(['Archivo', 'Edición', 'Ver', 'Ventana', 'Ayuda']);
    const fileMenu = menu[0]?.submenu as { label?: string; click?: () => void }[];
    expect(fileMenu.map((item) => item.label)).toEqual([
      'Exportar perfiles…',
      'Importar perfiles…',
      undefined,
      'Salir',
    ]);
    fileMenu[0]?.click?.();
    fileMenu[1]?.click?.();
    expect(files.onExportProfiles).toHaveBeenCalled();
    expect(files.onImportProfiles).toHaveBeenCalled();
    const quit = fileMenu[3];
    expect(quit?.label).toBe('Salir');
    quit?.click?.();
    expect(onQuit).toHaveBeenCalled();
  });

  it('has dev tools only in unpackaged builds, and the app menu on macOS', () => {
    const packaged = appMenuTemplate({
      platform: 'linux',
      packaged: true,
      strings: stringsFor('en'),
      onQuit: vi.fn(),
      onAbout: vi.fn(),
      ...files,
    });
    expect(labels(packaged)).not.toContain('Developer Tools');
    const dev = appMenuTemplate({
      platform: 'linux',
      packaged: false,
      strings: stringsFor('en'),
      onQuit: vi.fn(),
      onAbout: vi.fn(),
      ...files,
    });
    expect(labels(dev)).toContain('Developer Tools');
    const mac = appMenuTemplate({
      platform: 'darwin',
      packaged: true,
      strings: stringsFor('en'),
      onQuit: vi.fn(),
      onAbout: vi.fn(),
      ...files,
    });
    expect(mac[0]?.label).toBe('AJAM Console');
    expect(mac.map((m) => m.label)).not.toContain('Help');
    expect(labels(mac)).toEqual(expect.arrayContaining(['File', 'Export profiles…', 'Import profiles…']));
  });
});
