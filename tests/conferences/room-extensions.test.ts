/**
 * A room's extension per profile (issue 9): the settings carry a room → extension map (format 5),
 * a hand-edited map loses only the rooms that do not read, an edit from the profile editor (which
 * does not carry the map) keeps it, and a call dropped on a room goes to the mapped extension.
 */
import { describe, expect, it, vi } from 'vitest';
import { migrateSettings } from '../../electron/settings/migrations';
import { SCHEMA_VERSION } from '../../electron/settings/schema';
import { SecretVault } from '../../electron/settings/secrets';
import { ProfilesService } from '../../electron/settings/service';
import { Settings } from '../../electron/settings/settings';
import { openSettingsStore } from '../../electron/settings/store';
import * as v from 'valibot';
import { withRoomExtension } from '../../renderer/src/conferences/room-extensions';
import { roomExtension } from '../../shared/conferences';
import { ProfileSaveSchema, type ProfileSummary } from '../../shared/ipc';
import { noKeyring } from '../setup/keyring';
import { tempDirs } from '../setup/temp-dirs';

vi.mock('electron', () => ({ default: {}, app: undefined, ipcMain: undefined }));

const makeTempDir = tempDirs();
const noSafeStorage = noKeyring();

const v4Profile = {
  id: 'p-1',
  name: 'Oficina',
  url: 'http://127.0.0.1:8088/',
  user: 'admin',
  watchedExtensions: [],
};

describe('room extensions per profile', () => {
  it('format 5 reads a format 4 file unchanged and keeps the readable rooms of a hand edit', () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(5);
    const plain = migrateSettings({ schemaVersion: 4, profiles: [v4Profile], selectedProfileId: 'p-1' });
    expect(plain.data.profiles[0]).toEqual(v4Profile);
    expect(plain.changed).toBe(true);

    const edited = migrateSettings({
      schemaVersion: 5,
      profiles: [{ ...v4Profile, roomExtensions: { ventas: '8001', bad: 'not an extension', '': '8003' } }],
      selectedProfileId: 'p-1',
    });
    expect(edited.data.profiles[0]?.roomExtensions).toEqual({ ventas: '8001' });
    expect(edited.notes.join('\n')).toContain('room "bad"');

    const broken = migrateSettings({
      schemaVersion: 5,
      profiles: [{ ...v4Profile, roomExtensions: ['8001'] }],
      selectedProfileId: 'p-1',
    });
    expect(broken.data.profiles.map((p) => p.id)).toEqual(['p-1']);
    expect(broken.data.profiles[0]?.roomExtensions).toBeUndefined();
  });

  it('saves the map, keeps it through an edit that does not carry it, clears it with an empty map', () => {
    const { store } = openSettingsStore({ cwd: makeTempDir('ajam-rooms-') });
    const vault = new SecretVault(store, noSafeStorage, 'linux');
    const settings = new Settings({ store, vault, newId: () => 'p-1' });
    const service = new ProfilesService({ settings, language: () => 'en' });
    const { id: _id, ...fields } = v4Profile;
    const first = service.save({ profile: { ...fields, roomExtensions: { ventas: '8001' } } });
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.value.roomExtensions).toEqual({ ventas: '8001' });
    const renamed = service.save({ profile: { ...fields, id: 'p-1', name: 'Oficina central' } });
    expect(renamed.ok && renamed.value.roomExtensions).toEqual({ ventas: '8001' });
    expect(settings.profile('p-1')?.roomExtensions).toEqual({ ventas: '8001' });
    const refused = service.save({ profile: { ...fields, id: 'p-1', roomExtensions: { ventas: '80 01' } } });
    expect(refused.ok).toBe(false);
    const cleared = service.save({ profile: { ...fields, id: 'p-1', roomExtensions: {} } });
    expect(cleared.ok && cleared.value.roomExtensions).toEqual({});
  });

  it("a room's extension is the profile's, else the room's name", () => {
    expect(roomExtension({ ventas: '8001' }, 'ventas')).toBe('8001');
    expect(roomExtension({ ventas: '8001' }, '900')).toBe('900');
    expect(roomExtension({ ventas: ' ' }, 'ventas')).toBe('ventas');
    expect(roomExtension(undefined, '900')).toBe('900');
  });
});

describe("the rooms panel's edit of a profile", () => {
  const summary: ProfileSummary = {
    id: 'p-1',
    name: 'Oficina',
    url: 'http://127.0.0.1:8088/',
    user: 'admin',
    watchedExtensions: ['101'],
    tls: { kind: 'ca' },
    hasSecret: true,
    roomExtensions: { ventas: '8001' },
  };

  it('maps, remaps and unmaps one room, keeping every other field and not claiming a CA', () => {
    const mapped = withRoomExtension(summary, '900', ' 8900 ');
    expect(mapped).toEqual({
      id: 'p-1',
      name: 'Oficina',
      url: 'http://127.0.0.1:8088/',
      user: 'admin',
      watchedExtensions: ['101'],
      roomExtensions: { ventas: '8001', 900: '8900' },
    });
    expect(withRoomExtension(summary, 'ventas', '').roomExtensions).toEqual({});
    expect(withRoomExtension(summary, 'ventas', 'ventas').roomExtensions).toEqual({});
    // What main accepts: the same contract the profile editor's saves go through.
    expect(v.safeParse(ProfileSaveSchema, { profile: mapped }).success).toBe(true);
  });
});
