import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SecretVault, secretProtection, type SafeStorageLike } from '../../electron/settings/secrets';
import { downgradesToPlainHttp, secretStaysWith } from '../../shared/secret-scope';
import { ProfilesService } from '../../electron/settings/service';
import { Settings } from '../../electron/settings/settings';
import { openSettingsStore } from '../../electron/settings/store';
import { ProfileImportError, parseProfileExport } from '../../electron/settings/transfer';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

vi.mock('electron', () => ({ default: {}, app: undefined, ipcMain: undefined }));

const SECRET = 'S3cr3t-operadora-ñ';

/** safeStorage stand-in doing real AES-GCM with a per-"OS account" key, so ciphertext is real ciphertext. */
function osKeyring(
  backend = 'gnome_libsecret',
  key = randomBytes(32),
): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend as ReturnType<SafeStorageLike['getSelectedStorageBackend']>,
    encryptString(plain: string) {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data: Buffer) {
      calls.push('decrypt');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const unavailable: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'unknown',
  encryptString: () => {
    throw new Error('Encryption is not available');
  },
  decryptString: () => {
    throw new Error('Encryption is not available');
  },
};

function setup(
  safe: SafeStorageLike,
  platform: NodeJS.Platform = 'linux',
  dir = makeTempDir('ajam-secrets-'),
) {
  const { store } = openSettingsStore({ cwd: dir });
  const vault = new SecretVault(store, safe, platform);
  let n = 0;
  const settings = new Settings({ store, vault, newId: () => `id-${++n}` });
  const service = new ProfilesService({ settings, language: () => 'en' });
  const profile = settings.saveProfile({
    name: 'Madrid',
    url: 'https://pbx:8089/asterisk',
    user: 'operadora',
    postMapping: 'recordings',
  });
  return { dir, file: path.join(dir, 'settings.json'), settings, service, profile, vault };
}

describe('secret protection', () => {
  it('is real where the OS has a key store', () => {
    expect(secretProtection(osKeyring(), 'linux')).toEqual({ available: true, backend: 'gnome_libsecret' });
    expect(secretProtection(osKeyring('basic_text'), 'win32')).toEqual({ available: true, backend: 'dpapi' });
    expect(secretProtection(osKeyring(), 'darwin')).toEqual({ available: true, backend: 'keychain' });
  });

  it("is off on Linux's basic_text fallback and where encryption is unavailable", () => {
    expect(secretProtection(osKeyring('basic_text'), 'linux')).toEqual({
      available: false,
      reason: 'basic_text',
    });
    expect(secretProtection(unavailable, 'linux')).toEqual({ available: false, reason: 'unavailable' });
    expect(secretProtection(unavailable, 'win32')).toEqual({ available: false, reason: 'unavailable' });
  });
});

describe('with safeStorage available', () => {
  it('stores only ciphertext and connects with the decrypted secret', async () => {
    const { file, service, profile, settings } = setup(osKeyring());
    const saved = service.save({
      profile: { id: profile.id, name: 'Madrid', url: profile.url, user: 'operadora' },
      secret: SECRET,
    });
    expect(saved).toMatchObject({ ok: true, value: { hasSecret: true } });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain(Buffer.from(SECRET).toString('base64'));
    const stored = JSON.parse(onDisk).secrets[profile.id];
    expect(Buffer.from(stored, 'base64').length).toBeGreaterThan(28);

    const request = service.connectRequest({ profileId: profile.id });
    expect(request).toEqual({
      ok: true,
      value: { url: 'https://pbx:8089/asterisk', user: 'operadora', secret: SECRET },
    });
    expect(settings.selectedProfileId()).toBe(profile.id);
    expect(service.list()).toMatchObject({
      secretStorageAvailable: true,
      profiles: [{ id: profile.id, hasSecret: true }],
    });
    expect(JSON.stringify(service.list())).not.toContain(SECRET);
  });

  it('forgets the secret on request and when the profile is deleted', () => {
    const { file, service, profile, settings } = setup(osKeyring());
    settings.saveSecret(profile.id, SECRET);
    expect(
      service.save({
        profile: { id: profile.id, name: 'Madrid', url: profile.url, user: 'operadora' },
        forgetSecret: true,
      }),
    ).toMatchObject({
      ok: true,
      value: { hasSecret: false },
    });
    settings.saveSecret(profile.id, SECRET);
    expect(service.delete({ id: profile.id })).toMatchObject({ ok: true, value: { profiles: [] } });
    expect(JSON.parse(readFileSync(file, 'utf8')).secrets).toBeUndefined();
  });

  it('asks again when the ciphertext no longer decrypts (keyring reset, another PC)', () => {
    const first = setup(osKeyring());
    first.settings.saveSecret(first.profile.id, SECRET);
    const { store } = openSettingsStore({ cwd: first.dir });
    const otherKey = new Settings({
      store,
      vault: new SecretVault(store, osKeyring(), 'linux'),
      newId: () => 'n',
    });
    const service = new ProfilesService({ settings: otherKey, language: () => 'es' });
    const request = service.connectRequest({ profileId: first.profile.id });
    expect(request.ok).toBe(false);
    if (!request.ok) expect(request.error.message).toMatch(/can no longer be decrypted.*enter it again/);
    // The operator types it: that works.
    expect(service.connectRequest({ profileId: first.profile.id, secret: 'typed' })).toMatchObject({
      ok: true,
      value: { secret: 'typed' },
    });
  });

  it('says so when no secret was ever saved', () => {
    const { service, profile } = setup(osKeyring());
    const request = service.connectRequest({ profileId: profile.id });
    expect(request).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: 'No secret is saved for "Madrid": enter it to connect.' },
    });
    expect(service.connectRequest({ profileId: 'ghost' })).toMatchObject({
      ok: false,
      error: { code: 'unknown-profile' },
    });
  });
});

describe('a stored secret stays with the server and user it was typed for', () => {
  const edits = {
    'another host': { url: 'https://attacker.example:8089/asterisk', user: 'operadora' },
    'https → http': { url: 'http://pbx:8089/asterisk', user: 'operadora' },
    'another port': { url: 'https://pbx:9443/asterisk', user: 'operadora' },
    'another user': { url: 'https://pbx:8089/asterisk', user: 'admin' },
  } as const;

  it.each(Object.entries(edits))('is forgotten when the profile moves to %s', (_what, edit) => {
    const { file, service, profile, settings } = setup(osKeyring());
    settings.saveSecret(profile.id, SECRET);
    const saved = service.save({ profile: { id: profile.id, name: 'Madrid', ...edit } });
    expect(saved).toMatchObject({ ok: true, value: { url: edit.url, user: edit.user, hasSecret: false } });
    expect(JSON.parse(readFileSync(file, 'utf8')).secrets).toBeUndefined();
    // The next connect asks instead of sending the old secret to the new place.
    const request = service.connectRequest({ profileId: profile.id });
    expect(request.ok).toBe(false);
    expect(JSON.stringify(request)).not.toContain(SECRET);
  });

  it('keeps a new secret given with the move', () => {
    const { service, profile, settings } = setup(osKeyring());
    settings.saveSecret(profile.id, SECRET);
    const saved = service.save({
      profile: { id: profile.id, name: 'Madrid', ...edits['another host'] },
      secret: 'new-secret',
    });
    expect(saved).toMatchObject({ ok: true, value: { hasSecret: true } });
    expect(service.connectRequest({ profileId: profile.id })).toMatchObject({
      ok: true,
      value: { url: edits['another host'].url, secret: 'new-secret' },
    });
  });

  it('stays through edits on the same server: name, path prefix, explicit default port, other fields', () => {
    const { service, profile, settings } = setup(osKeyring());
    const https = settings.saveProfile({ name: 'Lima', url: 'https://pbx.example/asterisk', user: 'op' });
    settings.saveSecret(profile.id, SECRET);
    settings.saveSecret(https.id, 'lima-secret');
    expect(
      service.save({
        profile: {
          id: profile.id,
          name: 'Madrid central',
          url: 'https://PBX:8089/ajam/',
          user: 'operadora',
          operatorEndpoint: 'PJSIP/100',
        },
      }),
    ).toMatchObject({ ok: true, value: { hasSecret: true } });
    expect(
      service.save({
        profile: { id: https.id, name: 'Lima', url: 'https://pbx.example:443/asterisk', user: 'op' },
      }),
    ).toMatchObject({ ok: true, value: { hasSecret: true } });
    expect(service.connectRequest({ profileId: profile.id })).toMatchObject({
      ok: true,
      value: { secret: SECRET },
    });
    expect(service.connectRequest({ profileId: https.id })).toMatchObject({
      ok: true,
      value: { secret: 'lima-secret' },
    });
  });

  it('leaves other profiles and a refused edit alone', () => {
    const { service, profile, settings } = setup(osKeyring());
    const other = settings.saveProfile({ name: 'Lima', url: 'https://lima:8089/asterisk', user: 'op' });
    settings.saveSecret(profile.id, SECRET);
    settings.saveSecret(other.id, 'lima-secret');
    // Refused by the schema (credentials in the URL): nothing saved, nothing forgotten.
    expect(
      service.save({ profile: { id: profile.id, name: 'Madrid', url: 'https://a:b@evil:1/', user: 'x' } }),
    ).toMatchObject({ ok: false });
    expect(settings.hasSecret(profile.id)).toBe(true);
    service.save({ profile: { id: profile.id, name: 'Madrid', ...edits['another host'] } });
    expect(settings.hasSecret(profile.id)).toBe(false);
    expect(settings.hasSecret(other.id)).toBe(true);
  });
});

describe('secretStaysWith / downgradesToPlainHttp', () => {
  const base = { url: 'https://pbx:8089/asterisk', user: 'op' };
  it('compares scheme, host, port and user, not the path', () => {
    expect(secretStaysWith(base, { url: 'https://pbx:8089/other/', user: 'op' })).toBe(true);
    expect(secretStaysWith(base, { url: 'https://pbx.:8089/asterisk', user: 'op' })).toBe(false);
    expect(secretStaysWith(base, { url: 'http://pbx:8089/asterisk', user: 'op' })).toBe(false);
    expect(secretStaysWith(base, { url: 'https://pbx:8088/asterisk', user: 'op' })).toBe(false);
    expect(secretStaysWith(base, { url: 'https://pbx:8089/asterisk', user: 'Op' })).toBe(false);
    expect(secretStaysWith({ url: 'http://pbx/', user: 'op' }, { url: 'http://pbx:80/x', user: 'op' })).toBe(
      true,
    );
    expect(secretStaysWith({ url: 'not a url', user: 'op' }, { url: 'not a url', user: 'op' })).toBe(false);
  });

  it('spots an https → http change only', () => {
    expect(downgradesToPlainHttp('https://pbx:8089/a', 'http://pbx:8088/a')).toBe(true);
    expect(downgradesToPlainHttp('https://pbx/a', 'HTTP://other/')).toBe(true);
    expect(downgradesToPlainHttp('http://pbx/a', 'http://other/')).toBe(false);
    expect(downgradesToPlainHttp('https://pbx/a', 'https://other/')).toBe(false);
    expect(downgradesToPlainHttp('https://pbx/a', 'pbx:8088')).toBe(false);
  });
});

describe.each([
  ['unavailable', unavailable, /no protected storage for passwords/],
  ['basic_text', osKeyring('basic_text'), /no keyring running/],
] as const)('with safeStorage %s', (reason, safe, why) => {
  it('never stores the secret, and asks at connect saying why', () => {
    const { file, service, profile } = setup(safe);
    const saved = service.save({
      profile: { id: profile.id, name: 'Madrid', url: profile.url, user: 'operadora' },
      secret: SECRET,
    });
    expect(saved).toMatchObject({ ok: true, value: { hasSecret: false } });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(JSON.parse(onDisk).secrets).toBeUndefined();
    if ('calls' in safe) expect(safe.calls).toEqual([]);

    const list = service.list();
    expect(list.secretStorageAvailable).toBe(false);
    expect(list.secretStorageNote).toMatch(why);
    const request = service.connectRequest({ profileId: profile.id });
    expect(request.ok).toBe(false);
    if (!request.ok) {
      expect(request.error.message).toMatch(/^Enter the secret for "Madrid": /);
      expect(request.error.message).toMatch(why);
    }
    expect(service.connectRequest({ profileId: profile.id, secret: SECRET })).toMatchObject({
      ok: true,
      value: { secret: SECRET },
    });
    expect(reason).toBeTruthy();
  });

  it('drops a ciphertext saved while protection was still available', () => {
    const dir = makeTempDir('ajam-secrets-');
    const before = setup(osKeyring(), 'linux', dir);
    before.settings.saveSecret(before.profile.id, SECRET);
    const { store } = openSettingsStore({ cwd: dir });
    const vault = new SecretVault(store, safe, 'linux');
    expect(vault.read(before.profile.id)).toEqual({ kind: 'not-stored', reason });
    vault.save(before.profile.id, SECRET);
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')).secrets).toBeUndefined();
  });
});

describe('export and import', () => {
  it('exports profiles without any secret, even when one is stored', () => {
    const { settings, profile } = setup(osKeyring());
    settings.saveSecret(profile.id, SECRET);
    settings.saveProfile({
      name: 'Lab',
      url: 'http://127.0.0.1:8088/asterisk',
      user: 'admin',
      tls: { kind: 'ca', pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' },
    });
    const text = settings.exportProfiles();
    expect(text).not.toContain(SECRET);
    const parsed = JSON.parse(text);
    expect(parsed.format).toBe('ajam-console-profiles');
    expect(parsed.profiles).toHaveLength(2);
    for (const p of parsed.profiles) {
      expect(Object.keys(p).sort()).not.toContain('secret');
      expect(p.id).toBeUndefined();
    }
    expect(JSON.stringify(parsed)).not.toMatch(/secret"|ciphertext|secrets/i);
  });

  it('imports under new ids, renaming clashes, ignoring secret fields', () => {
    const { settings } = setup(osKeyring());
    const file = JSON.stringify({
      format: 'ajam-console-profiles',
      schemaVersion: 2,
      profiles: [
        {
          name: 'Madrid',
          url: 'https://pbx:8089/asterisk',
          user: 'operadora',
          secret: 'leaked',
          watchedExtensions: ['101'],
        },
        { name: 'Bad', url: 'javascript:alert(1)', user: 'x' },
      ],
    });
    const result = settings.importProfiles(file);
    expect(result.added).toHaveLength(1);
    expect(result.added[0]).toMatchObject({ name: 'Madrid (2)', id: 'id-2', watchedExtensions: ['101'] });
    expect(result.notes.join('\n')).toMatch(/"secret" field was ignored/);
    expect(result.notes.join('\n')).toMatch(/"Bad" was dropped: url/);
    expect(settings.hasSecret('id-2')).toBe(false);
  });

  it('imports an export made by a format-1 build', () => {
    const imported = parseProfileExport(
      JSON.stringify({
        format: 'ajam-console-profiles',
        schemaVersion: 1,
        profiles: [
          { name: 'Old', url: 'https://old:8089/asterisk', user: 'u', mapping: 'rec', watched: '7,8' },
        ],
      }),
    );
    expect(imported.profiles).toEqual([
      {
        name: 'Old',
        url: 'https://old:8089/asterisk',
        user: 'u',
        postMapping: 'rec',
        watchedExtensions: ['7', '8'],
      },
    ]);
  });

  it.each([
    ['not json', /invalid JSON/],
    ['[]', /expected a JSON object/],
    ['{"format":"other","schemaVersion":2,"profiles":[]}', /"format" must be "ajam-console-profiles"/],
    ['{"format":"ajam-console-profiles","schemaVersion":99,"profiles":[]}', /newer AJAM Console/],
    ['{"format":"ajam-console-profiles","schemaVersion":2,"profiles":{}}', /"profiles" must be a list/],
    ['{"format":"ajam-console-profiles","schemaVersion":2,"profiles":[]}', /no usable profile/],
  ])('refuses %s', (text, message) => {
    expect(() => parseProfileExport(text)).toThrow(ProfileImportError);
    expect(() => parseProfileExport(text)).toThrow(message);
  });
});
