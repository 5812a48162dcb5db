import { readFileSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { migrateSettings, SettingsVersionError } from '../../electron/settings/migrations';
import { DEFAULT_APP_SETTINGS, SCHEMA_VERSION } from '../../electron/settings/schema';
import { SecretVault, type SafeStorageLike } from '../../electron/settings/secrets';
import { Settings, SettingsInputError } from '../../electron/settings/settings';
import { openSettingsStore } from '../../electron/settings/store';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

// electron-store does `import electron from 'electron'` and, when app and ipcMain exist, asks the app
// for its userData folder. Under Node there is no app: we always pass an absolute cwd instead.
vi.mock('electron', () => ({ default: {}, app: undefined, ipcMain: undefined }));

const FINGERPRINT = 'AB:'.repeat(31) + 'AB';

function tempDir(): string {
  return makeTempDir('ajam-settings-');
}

const noSafeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('unavailable');
  },
  decryptString: () => {
    throw new Error('unavailable');
  },
  getSelectedStorageBackend: () => 'unknown',
};

function open(dir: string, ids = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5']) {
  const { store, quarantined } = openSettingsStore({ cwd: dir });
  const vault = new SecretVault(store, noSafeStorage, 'linux');
  let next = 0;
  const settings = new Settings({ store, vault, newId: () => ids[next++] ?? `p-x${next}` });
  return { store, settings, quarantined, file: path.join(dir, 'settings.json') };
}

const madrid = {
  name: 'Oficina Madrid',
  url: 'https://pbx.example.es:8089/asterisk',
  user: 'operadora',
  postMapping: 'recordings',
  operatorEndpoint: 'PJSIP/100',
  watchedExtensions: ['101', '102'],
  tls: { kind: 'fingerprint' as const, sha256: FINGERPRINT },
  language: 'es' as const,
  theme: 'dark' as const,
};

describe('profile store on a real file', () => {
  it('starts empty with defaults and writes the current format', () => {
    const dir = tempDir();
    const { settings, file } = open(dir);
    expect(settings.profiles()).toEqual([]);
    expect(settings.selectedProfileId()).toBeNull();
    expect(settings.appSettings()).toEqual(DEFAULT_APP_SETTINGS);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: SCHEMA_VERSION, profiles: [], selectedProfileId: null });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('saves, selects, updates and removes profiles, and they survive a reopen', () => {
    const dir = tempDir();
    const first = open(dir);
    const a = first.settings.saveProfile(madrid);
    const b = first.settings.saveProfile({
      ...madrid,
      name: 'Lab',
      url: 'http://127.0.0.1:8088/asterisk',
      tls: undefined,
    });
    expect(a.id).toBe('p-1');
    expect(first.settings.selectedProfileId()).toBe('p-1');
    first.settings.select(b.id);
    first.settings.saveProfile({ ...madrid, name: 'Oficina Madrid 2' }, a.id);
    first.settings.updateAppSettings({ closeToTray: false, doNotDisturb: true, language: 'es' });

    const second = open(dir, ['q-1']);
    expect(second.settings.profiles().map((p) => [p.id, p.name])).toEqual([
      ['p-1', 'Oficina Madrid 2'],
      ['p-2', 'Lab'],
    ]);
    expect(second.settings.selectedProfileId()).toBe('p-2');
    expect(second.settings.appSettings()).toMatchObject({
      closeToTray: false,
      doNotDisturb: true,
      language: 'es',
    });
    second.settings.removeProfile('p-2');
    expect(second.settings.selectedProfileId()).toBe('p-1');
    expect(
      open(dir)
        .settings.profiles()
        .map((p) => p.id),
    ).toEqual(['p-1']);
  });

  it('refuses invalid profiles with a message naming the field', () => {
    const { settings } = open(tempDir());
    const attempts: [unknown, RegExp][] = [
      [{ ...madrid, url: 'ftp://pbx/asterisk' }, /url/],
      [
        { ...madrid, url: 'https://admin:secret@pbx:8089/asterisk' },
        /url must not contain a user or password/,
      ],
      [{ ...madrid, url: 'https://pbx:8089/asterisk?x=1' }, /url must not have a \?query/],
      [{ ...madrid, watchedExtensions: ['101', 'PJSIP/102 ;rm'] }, /watchedExtensions/],
      [{ ...madrid, secret: 'hunter2' }, /secret/],
      [{ ...madrid, name: '' }, /name/],
      [{ ...madrid, tls: { kind: 'fingerprint', sha256: 'abc' } }, /sha256/],
    ];
    for (const [fields, message] of attempts) {
      expect(() => settings.saveProfile(fields), JSON.stringify(fields)).toThrow(SettingsInputError);
      expect(() => settings.saveProfile(fields)).toThrow(message);
    }
    expect(() => settings.select('nope')).toThrow(/no profile with id nope/);
    expect(() => settings.updateAppSettings({ closeToTray: 'yes' as never })).toThrow(/closeToTray/);
    expect(settings.profiles()).toEqual([]);
  });

  it('moves an unreadable file aside instead of crashing or losing it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), '{"schemaVersion": 2, "profiles": [');
    const { settings, quarantined } = open(dir);
    expect(quarantined).toBeDefined();
    expect(existsSync(quarantined as string)).toBe(true);
    expect(readFileSync(quarantined as string, 'utf8')).toContain('"profiles": [');
    expect(settings.profiles()).toEqual([]);
  });

  it('drops one bad profile and keeps the rest', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({
        schemaVersion: 2,
        profiles: [
          { id: 'good', ...madrid },
          { id: 'bad', ...madrid, name: 'Broken', url: 'javascript:alert(1)' },
          { id: 'good', ...madrid, name: 'Duplicate id' },
        ],
        selectedProfileId: 'bad',
        app: { ...DEFAULT_APP_SETTINGS, startAtLogin: true },
      }),
    );
    const { settings, file } = open(dir);
    expect(settings.profiles().map((p) => p.id)).toEqual(['good']);
    expect(settings.selectedProfileId()).toBe('good');
    expect(settings.appSettings().startAtLogin).toBe(true);
    expect(settings.loadNotes.join('\n')).toMatch(/"Broken" was dropped: url/);
    expect(settings.loadNotes.join('\n')).toMatch(/used twice/);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles).toHaveLength(1);
  });
});

describe('migrations', () => {
  const v1 = {
    schemaVersion: 1,
    profiles: [
      {
        id: 'old-1',
        name: 'Centralita',
        url: 'https://pbx:8089/asterisk',
        user: 'admin',
        mapping: 'recordings',
        extension: '100',
        watched: '101, 102;103',
        fingerprint: FINGERPRINT,
        ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        language: 'es',
        secret: 'plain-text-secret',
      },
      { id: 'old-2', name: 'Lab', url: 'http://127.0.0.1:8088/asterisk', user: 'admin', watched: '' },
    ],
    selected: 'old-2',
    closeToTray: false,
  };

  it('brings format 1 to the current format, dropping plain-text secrets', () => {
    const { data, notes, changed } = migrateSettings(v1);
    expect(changed).toBe(true);
    expect(data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(data.profiles).toEqual([
      {
        id: 'old-1',
        name: 'Centralita',
        url: 'https://pbx:8089/asterisk',
        user: 'admin',
        postMapping: 'recordings',
        operatorEndpoint: 'PJSIP/100',
        watchedExtensions: ['101', '102', '103'],
        tls: { kind: 'fingerprint', sha256: FINGERPRINT },
        language: 'es',
      },
      {
        id: 'old-2',
        name: 'Lab',
        url: 'http://127.0.0.1:8088/asterisk',
        user: 'admin',
        watchedExtensions: [],
      },
    ]);
    expect(data.selectedProfileId).toBe('old-2');
    expect(data.app).toEqual({ ...DEFAULT_APP_SETTINGS, closeToTray: false });
    expect(notes.join('\n')).toMatch(/secret stored in plain text was removed/);
    expect(JSON.stringify(data)).not.toContain('plain-text-secret');
  });

  it('migrates a format-1 file on disk once, and removes the old keys', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(v1));
    const { settings, file } = open(dir);
    expect(settings.profiles().map((p) => p.id)).toEqual(['old-1', 'old-2']);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('plain-text-secret');
    const parsed = JSON.parse(onDisk);
    expect(parsed.schemaVersion).toBe(SCHEMA_VERSION);
    expect(parsed.selected).toBeUndefined();
    expect(parsed.closeToTray).toBeUndefined();
    expect(open(dir).settings.loadNotes).toEqual([]);
  });

  it('leaves settings from a newer app untouched', () => {
    const dir = tempDir();
    const future = JSON.stringify({
      schemaVersion: SCHEMA_VERSION + 1,
      profiles: [{ id: 'x', shiny: true }],
    });
    writeFileSync(path.join(dir, 'settings.json'), future);
    expect(() => open(dir)).toThrow(SettingsVersionError);
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(future);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('is a no-op on current data', () => {
    const current = migrateSettings({
      schemaVersion: SCHEMA_VERSION,
      profiles: [{ id: 'a', ...madrid }],
      selectedProfileId: 'a',
      app: DEFAULT_APP_SETTINGS,
    });
    expect(current.changed).toBe(false);
    expect(current.notes).toEqual([]);
  });
});
