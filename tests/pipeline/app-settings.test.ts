/**
 * The profile's pipeline section in the settings file: saved and read back through the real store,
 * completed from the defaults when written by hand, a bad part dropped without losing the profile,
 * an older file read as before, and profile import files carrying it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PIPELINE_CONFIG, type PipelineConfig } from '../../shared/pipeline';
import { migrateSettings } from '../../electron/settings/migrations';
import { SCHEMA_VERSION } from '../../electron/settings/schema';
import { SecretVault, NO_SAFE_STORAGE } from '../../electron/settings/secrets';
import { Settings, SettingsInputError } from '../../electron/settings/settings';
import { openSettingsStore } from '../../electron/settings/store';
import { tempDirs } from '../setup/temp-dirs';

vi.mock('electron', () => ({ default: {}, app: undefined, ipcMain: undefined }));

const makeTempDir = tempDirs();

function open(dir: string) {
  const { store } = openSettingsStore({ cwd: dir });
  const vault = new SecretVault(store, NO_SAFE_STORAGE, 'linux');
  let next = 0;
  const settings = new Settings({ store, vault, newId: () => `p-${++next}` });
  return { settings, file: path.join(dir, 'settings.json') };
}

const BASE = { name: 'Auditoría', url: 'https://pbx.example.com:8089/asterisk', user: 'audit' };

const CONFIG: PipelineConfig = {
  enabled: true,
  folders: [
    {
      path: 'C:\\var\\local\\auditorai\\wav',
      recursive: true,
      polling: false,
      include: ['*.wav'],
      exclude: ['tmp/**'],
    },
    { path: '\\\\nas\\grabaciones', recursive: false, polling: true, include: [], exclude: [] },
  ],
  settleSeconds: 5,
  pollSeconds: 3,
  overwrite: 'ask',
  wav16: 'rename',
  after: { kind: 'move', dir: 'subidos' },
};

describe('the pipeline section of a profile', () => {
  it('is saved to disk and read back by a new process as it was', () => {
    const dir = makeTempDir('ajam-pipeline-settings-');
    const first = open(dir);
    const saved = first.settings.saveProfile({ ...BASE, pipeline: CONFIG });
    expect(saved.pipeline).toEqual(CONFIG);
    const onDisk = JSON.parse(readFileSync(first.file, 'utf8')) as { schemaVersion: number };
    expect(onDisk.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);

    const again = open(dir);
    expect(again.settings.profile(saved.id)?.pipeline).toEqual(CONFIG);
    expect(again.settings.loadNotes).toEqual([]);
  });

  it('refuses a relative folder, an unknown policy, or a settle time of 0 on save', () => {
    const { settings } = open(makeTempDir('ajam-pipeline-settings-'));
    const bad: unknown[] = [
      { ...CONFIG, folders: [{ ...CONFIG.folders[0], path: 'wav' }] },
      { ...CONFIG, overwrite: 'always' },
      { ...CONFIG, settleSeconds: 0 },
      { ...CONFIG, after: { kind: 'move', dir: '' } },
    ];
    for (const pipeline of bad) {
      expect(() => settings.saveProfile({ ...BASE, pipeline })).toThrow(SettingsInputError);
    }
    expect(settings.profiles()).toEqual([]);
  });

  it('reads a format 3 file (no pipeline) unchanged apart from the version', () => {
    const stored = {
      schemaVersion: 3,
      profiles: [{ id: 'a', ...BASE, watchedExtensions: [] }],
      selectedProfileId: 'a',
      app: { language: 'es', theme: 'dark', closeToTray: true, startAtLogin: false, doNotDisturb: false },
    };
    const { data, notes, changed } = migrateSettings(stored);
    expect(data.profiles[0]).toEqual(stored.profiles[0]);
    expect(data.profiles[0]).not.toHaveProperty('pipeline');
    expect(notes).toEqual([]);
    expect(changed).toBe(true);
  });

  it('completes a hand-written section from the defaults (paths as text, --after syntax)', () => {
    const { data, notes } = migrateSettings({
      schemaVersion: SCHEMA_VERSION,
      profiles: [
        {
          id: 'a',
          ...BASE,
          watchedExtensions: [],
          pipeline: {
            enabled: true,
            folders: ['/srv/wav', { path: '/srv/more', recursive: true }],
            after: 'move:subidos',
          },
        },
      ],
      selectedProfileId: 'a',
    });
    expect(notes).toEqual([]);
    expect(data.profiles[0]?.pipeline).toEqual({
      ...DEFAULT_PIPELINE_CONFIG,
      enabled: true,
      folders: [
        { path: '/srv/wav', recursive: false, polling: false, include: [], exclude: [] },
        { path: '/srv/more', recursive: true, polling: false, include: [], exclude: [] },
      ],
      after: { kind: 'move', dir: 'subidos' },
    });
  });

  it('drops a bad folder or an unreadable section with a note, and keeps the profile', () => {
    const { data, notes } = migrateSettings({
      schemaVersion: SCHEMA_VERSION,
      profiles: [
        { id: 'a', ...BASE, pipeline: { enabled: true, folders: ['relative/wav', '/srv/wav'] } },
        { id: 'b', ...BASE, name: 'Otra', pipeline: { enabled: 'yes', overwrite: 'sometimes' } },
        { id: 'c', ...BASE, name: 'Tercera', pipeline: 'on' },
      ],
      selectedProfileId: 'a',
    });
    expect(data.profiles.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(data.profiles[0]?.pipeline?.folders.map((f) => f.path)).toEqual(['/srv/wav']);
    expect(data.profiles[1]).not.toHaveProperty('pipeline');
    expect(data.profiles[2]).not.toHaveProperty('pipeline');
    expect(notes).toEqual([
      'profile "Auditoría": watched folder relative/wav was dropped (not an absolute folder)',
      'profile "Otra": its recordings pipeline settings were unreadable and were removed',
      'profile "Tercera": its recordings pipeline settings were unreadable and were removed',
    ]);
  });

  it('travels in a profile export and comes back with an import', () => {
    const { settings } = open(makeTempDir('ajam-pipeline-settings-'));
    settings.saveProfile({ ...BASE, pipeline: CONFIG });
    const text = settings.exportProfiles();
    const other = open(makeTempDir('ajam-pipeline-settings-'));
    const { added } = other.settings.importProfiles(text);
    expect(added[0]?.pipeline).toEqual(CONFIG);
  });

  it('a hand-edited file whose folder list is not a list still opens, with the defaults', () => {
    const dir = makeTempDir('ajam-pipeline-settings-');
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({
        schemaVersion: SCHEMA_VERSION,
        profiles: [{ id: 'a', ...BASE, pipeline: { folders: 42 } }],
        selectedProfileId: 'a',
      }),
    );
    const { settings } = open(dir);
    expect(settings.profile('a')?.pipeline).toEqual(DEFAULT_PIPELINE_CONFIG);
  });
});
