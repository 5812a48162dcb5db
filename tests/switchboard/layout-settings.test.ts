/**
 * The switchboard's groups and labels live in the profile (issue 8: "groups defined by the operator
 * per profile"): the settings carry them (format 6), a hand edit loses only what does not read, an
 * edit from the profile editor (which does not carry them) keeps them, and the contract refuses a
 * layout main must not store.
 */
import { describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { migrateSettings } from '../../electron/settings/migrations';
import { SCHEMA_VERSION } from '../../electron/settings/schema';
import { SecretVault } from '../../electron/settings/secrets';
import { ProfilesService } from '../../electron/settings/service';
import { exportProfiles, parseProfileExport } from '../../electron/settings/transfer';
import { Settings } from '../../electron/settings/settings';
import { openSettingsStore } from '../../electron/settings/store';
import { ProfileSaveSchema, type ProfileSummary } from '../../shared/ipc';
import {
  EMPTY_LAYOUT,
  mergeLayout,
  profileLayout,
  withSwitchboardLayout,
} from '../../renderer/src/switchboard/layout';
import { noKeyring } from '../setup/keyring';
import { tempDirs } from '../setup/temp-dirs';

vi.mock('electron', () => ({ default: {}, app: undefined, ipcMain: undefined }));

const makeTempDir = tempDirs();
const noSafeStorage = noKeyring();

const v5Profile = {
  id: 'p-1',
  name: 'Oficina',
  url: 'http://127.0.0.1:8088/',
  user: 'admin',
  watchedExtensions: [],
};
const reception = { id: 'g-1', name: 'Recepción', members: ['101', '102'] };

describe('switchboard groups and labels in the profile', () => {
  it('format 6 and later read a format 5 file unchanged', () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(6);
    const plain = migrateSettings({ schemaVersion: 5, profiles: [v5Profile], selectedProfileId: 'p-1' });
    expect(plain.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(plain.data.profiles[0]).toEqual(v5Profile);
    expect(plain.changed).toBe(true);
    expect(plain.notes).toEqual([]);
  });

  it('keeps the readable groups and labels of a hand edit, and the profile when the section is broken', () => {
    const edited = migrateSettings({
      schemaVersion: 6,
      profiles: [
        {
          ...v5Profile,
          switchboardLayout: {
            groups: [reception, { id: 'g 2', name: 'Ventas', members: [] }, { ...reception, name: 'Otra' }],
            labels: { '101': 'Ana', '10 2': 'Luis', '103': 'a\u0007b', '104': '' },
          },
        },
      ],
      selectedProfileId: 'p-1',
    });
    expect(edited.data.profiles[0]?.switchboardLayout).toEqual({
      groups: [reception],
      labels: { '101': 'Ana' },
    });
    const notes = edited.notes.join('\n');
    expect(notes).toContain('group "Ventas"');
    expect(notes).toContain('group "Otra"'); // the same id twice
    expect(notes).toContain('label of "10 2"');
    expect(notes).toContain('label of "103"');
    expect(edited.changed).toBe(true);

    const broken = migrateSettings({
      schemaVersion: 6,
      profiles: [{ ...v5Profile, switchboardLayout: ['101'] }],
      selectedProfileId: 'p-1',
    });
    expect(broken.data.profiles.map((p) => p.id)).toEqual(['p-1']);
    expect(broken.data.profiles[0]?.switchboardLayout).toBeUndefined();
    expect(broken.notes.join('\n')).toContain('switchboard groups and labels were dropped');
  });

  it('the contract refuses labels and groups that could not be stored', () => {
    const { id: _id, ...fields } = v5Profile;
    const save = (switchboardLayout: unknown) =>
      v.safeParse(ProfileSaveSchema, { profile: { ...fields, switchboardLayout } }).success;
    expect(save({ groups: [reception], labels: { '101': 'Ana' } })).toBe(true);
    expect(save({ groups: [], labels: { '101': 'x'.repeat(61) } })).toBe(false);
    expect(save({ groups: [], labels: { '101;': 'Ana' } })).toBe(false);
    expect(save({ groups: [{ ...reception, members: ['1 01'] }], labels: {} })).toBe(false);
    expect(save({ groups: [], labels: {}, collapsed: [] })).toBe(false);
  });

  it('saves the layout, keeps it through an edit that does not carry it, and writes it to the file', () => {
    const cwd = makeTempDir('ajam-layout-');
    const { store } = openSettingsStore({ cwd });
    const vault = new SecretVault(store, noSafeStorage, 'linux');
    const settings = new Settings({ store, vault, newId: () => 'p-1' });
    const service = new ProfilesService({ settings, language: () => 'en' });
    const { id: _id, ...fields } = v5Profile;
    const layout = { groups: [reception], labels: { '101': 'Ana' } };
    const first = service.save({ profile: { ...fields, switchboardLayout: layout } });
    expect(first.ok && first.value.switchboardLayout).toEqual(layout);
    const renamed = service.save({ profile: { ...fields, id: 'p-1', name: 'Oficina central' } });
    expect(renamed.ok && renamed.value.switchboardLayout).toEqual(layout);
    const listed = service.list().profiles[0];
    expect(listed?.switchboardLayout).toEqual(layout);
    // Read back as a new process would.
    const again = new Settings({ store: openSettingsStore({ cwd }).store, vault, newId: () => 'p-2' });
    expect(again.profile('p-1')?.switchboardLayout).toEqual(layout);
    // An export carries them to a new machine, and its import keeps them.
    const exported = exportProfiles(again.profiles());
    expect(parseProfileExport(exported).profiles[0]?.switchboardLayout).toEqual(layout);
  });

  it('the renderer sends the layout with the profile, leaving the rooms and a stored CA to main', () => {
    const summary: ProfileSummary = {
      ...v5Profile,
      hasSecret: true,
      tls: { kind: 'ca' },
      roomExtensions: { ventas: '8001' },
      switchboardLayout: { groups: [], labels: { '101': 'Vieja' } },
    };
    const local = { ...EMPTY_LAYOUT, compact: true, collapsed: ['g-1'], labels: { '102': 'Local' } };
    const layout = profileLayout({ ...local, groups: [reception], labels: { '101': 'Ana' } });
    const input = withSwitchboardLayout(summary, layout);
    expect(input).toEqual({
      ...v5Profile,
      switchboardLayout: { groups: [reception], labels: { '101': 'Ana' } },
    });
    expect(v.safeParse(ProfileSaveSchema, { profile: input }).success).toBe(true);
    // The profile's groups and labels win over the window's; how it shows them stays the window's.
    expect(mergeLayout(local, summary.switchboardLayout)).toEqual({
      ...local,
      groups: [],
      labels: { '101': 'Vieja' },
    });
    expect(mergeLayout(local, undefined)).toBe(local);
  });
});
