/**
 * TURN credentials out of the settings file (settings format 7): typed in the profile editor, kept
 * encrypted through the same vault code as the SIP password, kept on an edit that does not retype
 * them, handed to the window with the account, never exported; a format-6 file with credentials in
 * it is migrated into the vault on a real settings file; where the OS cannot protect them nothing is
 * stored and the softphone says which server has none.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  decodeTurnCredentials,
  iceServersWithCredentials,
  keptCredentials,
  splitCredentials,
  turnKey,
} from '../../electron/features/softphone/turn-credentials';
import { migrateSettings } from '../../electron/settings/migrations';
import { SCHEMA_VERSION } from '../../electron/settings/schema';
import { TURN_SECRETS_KEY } from '../../electron/settings/secrets';
import { parseProfileExport } from '../../electron/settings/transfer';
import { keyring, noKeyring } from '../setup/keyring';
import { openProfiles } from '../setup/profiles';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

vi.mock('electron', () => ({ default: {}, app: undefined, ipcMain: undefined }));

const TURN = 'turn:turn.example.com:3478?transport=udp';
const office = {
  name: 'Office',
  url: 'https://pbx.example.com:8089/asterisk',
  user: 'admin',
  softphone: {
    user: '101',
    iceServers: [
      { urls: 'stun:stun.example.com:3478' },
      { urls: TURN, username: 'alice', credential: 'turn-s3cret' },
    ],
  },
};

describe('the pure rules', () => {
  it('split typed credentials off, keep a stored one for the same server and user only', () => {
    const { servers, typed } = splitCredentials(office.softphone.iceServers);
    expect(servers).toEqual([{ urls: 'stun:stun.example.com:3478' }, { urls: TURN, username: 'alice' }]);
    expect(typed).toEqual({ [turnKey({ urls: TURN, username: 'alice' })]: 'turn-s3cret' });
    const stored = { [turnKey({ urls: TURN, username: 'alice' })]: 'old' };
    // Not retyped: the stored one stays; retyped: replaced; another user: nothing of alice's.
    expect(keptCredentials(servers, {}, stored)).toEqual(stored);
    expect(keptCredentials(servers, typed, stored)).toEqual(typed);
    expect(keptCredentials([{ urls: TURN, username: 'bob' }], {}, stored)).toEqual({});
    expect(keptCredentials([], {}, stored)).toEqual({});
    expect(decodeTurnCredentials('not json')).toEqual({});
    expect(decodeTurnCredentials('{"a":1,"b":"x"}')).toEqual({ b: 'x' });
    expect(iceServersWithCredentials([{ urls: TURN, username: 'bob' }], stored)).toEqual({
      ok: false,
      missing: TURN,
    });
  });
});

describe('TURN credentials of a profile', () => {
  it('are stored encrypted, not in the file, given to the window, kept on an edit and never exported', () => {
    const dir = makeTempDir('ajam-turn-');
    const { service, settings, file } = openProfiles(dir, keyring());
    const saved = service.save({ profile: office, sipPassword: 'sip-pw' });
    if (!saved.ok) throw new Error(saved.error.message);
    const id = saved.value.id;
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('turn-s3cret');
    expect(JSON.parse(onDisk)).toHaveProperty(TURN_SECRETS_KEY);
    expect(saved.value.softphone?.iceServers).toEqual([
      { urls: 'stun:stun.example.com:3478' },
      { urls: TURN, username: 'alice' },
    ]);
    expect(saved.value.storedTurnCredentials).toEqual([{ urls: TURN, username: 'alice' }]);

    const account = service.softphoneAccount(id);
    expect(account?.ok && account.value.iceServers).toEqual([
      { urls: 'stun:stun.example.com:3478' },
      { urls: TURN, username: 'alice', credential: 'turn-s3cret' },
    ]);

    // The editor sends the lines back without the credential (it never had it): kept.
    const edited = service.save({
      profile: {
        ...office,
        id,
        name: 'Office 2',
        softphone: { user: '101', iceServers: [{ urls: TURN, username: 'alice' }] },
      },
    });
    expect(edited.ok && edited.value.storedTurnCredentials).toEqual([{ urls: TURN, username: 'alice' }]);
    const again = service.softphoneAccount(id);
    expect(again?.ok && again.value.iceServers).toEqual([
      { urls: TURN, username: 'alice', credential: 'turn-s3cret' },
    ]);
    expect(settings.exportProfiles()).not.toContain('turn-s3cret');

    // Another user on that server gets nothing of alice's: the account names the server instead.
    service.save({
      profile: { ...office, id, softphone: { user: '101', iceServers: [{ urls: TURN, username: 'bob' }] } },
    });
    const bob = service.softphoneAccount(id);
    expect(bob?.ok).toBe(false);
    expect(bob && !bob.ok && bob.error.notice).toMatchObject({
      key: 'softphone.no-turn-credential',
      params: { name: 'Office', server: TURN },
    });
    // The server removed: its credential goes with it.
    service.save({ profile: { ...office, id, softphone: { user: '101' } } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty(TURN_SECRETS_KEY);
  });

  it('are not stored where the OS cannot protect them, and the account says which server has none', () => {
    const { service, file } = openProfiles(makeTempDir('ajam-turn-'), noKeyring());
    const saved = service.save({ profile: office });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(readFileSync(file, 'utf8')).not.toContain('turn-s3cret');
    expect(saved.value.storedTurnCredentials).toBeUndefined();
  });
});

describe('settings format 7', () => {
  const v6Profile = {
    id: 'p-1',
    name: 'Office',
    url: 'https://pbx.example.com:8089/asterisk',
    user: 'admin',
    watchedExtensions: [],
    softphone: {
      user: '101',
      iceServers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: TURN, username: 'alice', credential: 'turn-s3cret' },
      ],
    },
  };
  const v6 = {
    schemaVersion: 6,
    profiles: [v6Profile],
    selectedProfileId: 'p-1',
    app: { language: 'system', theme: 'system', closeToTray: true, startAtLogin: false, doNotDisturb: false },
  };

  it('takes the credentials out of a format-6 file, naming them in no note', () => {
    expect(SCHEMA_VERSION).toBe(7);
    const result = migrateSettings(v6);
    expect(result.changed).toBe(true);
    expect(result.data.schemaVersion).toBe(7);
    expect(result.data.profiles[0]?.softphone?.iceServers).toEqual([
      { urls: 'stun:stun.example.com:3478' },
      { urls: TURN, username: 'alice' },
    ]);
    expect(result.turnCredentials).toEqual([
      { profileId: 'p-1', credentials: { [turnKey({ urls: TURN, username: 'alice' })]: 'turn-s3cret' } },
    ]);
    expect(result.notes.join('\n')).not.toContain('turn-s3cret');
    expect(result.notes.join('\n')).toContain('moved out of the settings file');
  });

  it('moves them into the encrypted vault when a real format-6 file is opened', () => {
    const dir = makeTempDir('ajam-turn-');
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(v6));
    const safe = keyring();
    const { service, file } = openProfiles(dir, safe);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.schemaVersion).toBe(7);
    expect(JSON.stringify(onDisk)).not.toContain('turn-s3cret');
    expect(onDisk).toHaveProperty(TURN_SECRETS_KEY);
    // Reopened: read back from the vault, with the profile's SIP password set meanwhile.
    service.save({
      profile: { ...office, id: 'p-1', softphone: v6.profiles[0]!.softphone },
      sipPassword: 'pw',
    });
    const reopened = openProfiles(dir, safe);
    const account = reopened.service.softphoneAccount('p-1');
    expect(account?.ok && account.value.iceServers[1]).toEqual({
      urls: TURN,
      username: 'alice',
      credential: 'turn-s3cret',
    });
  });

  it('without a keyring drops them from the file with a note, and the account names the server', () => {
    const dir = makeTempDir('ajam-turn-');
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(v6));
    const { settings, file } = openProfiles(dir, noKeyring());
    expect(readFileSync(file, 'utf8')).not.toContain('turn-s3cret');
    expect(settings.loadNotes.join('\n')).toContain('not stored (unavailable)');
    expect(settings.readTurnCredentials('p-1')).toEqual({ kind: 'not-stored', reason: 'unavailable' });
  });

  it('an import of an older export never takes a credential in', () => {
    const imported = parseProfileExport(
      JSON.stringify({ format: 'ajam-console-profiles', schemaVersion: 6, profiles: [v6Profile] }),
    );
    expect(JSON.stringify(imported.profiles)).not.toContain('turn-s3cret');
    expect(imported.notes.join('\n')).toContain('secrets are never imported');
  });
});
