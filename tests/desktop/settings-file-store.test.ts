/**
 * The settings logic over the plain JSON file store the preview uses (no electron-store, no Electron),
 * with no OS secret store: profiles persist across reopen, nothing secret reaches the file, connecting
 * asks for the secret, and editing a profile keeps a CA the renderer never saw.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringsFor } from '../../electron/desktop/strings';
import { openJsonFileStore } from '../../electron/settings/file-store';
import { NO_SAFE_STORAGE, SecretVault } from '../../electron/settings/secrets';
import { ProfilesService } from '../../electron/settings/service';
import { Settings } from '../../electron/settings/settings';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ajam-file-store-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string) {
  const opened = openJsonFileStore({ cwd: dir });
  const vault = new SecretVault(opened.store, NO_SAFE_STORAGE, 'linux');
  let n = 0;
  const settings = new Settings({ store: opened.store, vault, newId: () => `p-${++n}` });
  const service = new ProfilesService({ settings, language: () => 'es' });
  return { ...opened, settings, service };
}

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

describe('JSON file store under the settings logic', () => {
  it('keeps profiles across reopen, in a file only the user reads, with no secret in it', () => {
    const dir = tempDir();
    const first = open(dir);
    const saved = first.service.save({
      profile: { name: 'Madrid', url: 'http://127.0.0.1:8088/asterisk', user: 'admin' },
      secret: 'hunter22',
    });
    expect(saved.ok && saved.value.hasSecret).toBe(false);
    const file = path.join(dir, 'settings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('hunter22');

    const again = open(dir);
    expect(again.settings.profiles().map((p) => p.name)).toEqual(['Madrid']);
    const list = again.service.list();
    expect(list.secretStorageAvailable).toBe(false);
    expect(list.secretStorageNote).toBe(stringsFor('es').secrets.unavailable);
    const connect = again.service.connectRequest({ profileId: 'p-1' });
    expect(connect.ok).toBe(false);
    if (!connect.ok) expect(connect.error.message).toContain(stringsFor('es').secrets.unavailable);
    const typed = again.service.connectRequest({ profileId: 'p-1', secret: 'hunter22' });
    expect(typed.ok && typed.value.secret).toBe('hunter22');
  });

  it('moves an unreadable file aside instead of failing every start', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), '{ not json');
    const opened = open(dir);
    expect(opened.quarantined).toMatch(/settings\.json\.unreadable-\d+$/);
    expect(existsSync(opened.quarantined ?? '')).toBe(true);
    expect(opened.settings.profiles()).toEqual([]);
  });

  it('an edit without trust keeps the stored CA; a pinned fingerprint replaces it', () => {
    const { service, settings } = open(tempDir());
    const base = { name: 'TLS', url: 'https://pbx.example:8089/asterisk', user: 'admin' };
    expect(service.save({ profile: { ...base, tls: { kind: 'ca', pem: CA } } }).ok).toBe(true);
    const edited = service.save({ profile: { ...base, id: 'p-1', name: 'TLS 2' } });
    expect(edited.ok && edited.value.tls).toEqual({ kind: 'ca' });
    expect(settings.profile('p-1')?.tls).toEqual({ kind: 'ca', pem: CA });
    const sha256 = 'AB:'.repeat(31) + 'AB';
    service.save({ profile: { ...base, id: 'p-1', tls: { kind: 'fingerprint', sha256 } } });
    expect(settings.profile('p-1')?.tls).toEqual({ kind: 'fingerprint', sha256 });
    // Once no CA is stored, an edit without trust means none.
    service.save({ profile: { ...base, id: 'p-1' } });
    expect(settings.profile('p-1')?.tls).toBeUndefined();
  });
});
