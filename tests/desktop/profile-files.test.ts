import { readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exportProfilesToFile, importProfilesFromFile } from '../../electron/desktop/profile-files';
import { stringsFor } from '../../electron/desktop/strings';
import { SecretVault } from '../../electron/settings/secrets';
import { Settings } from '../../electron/settings/settings';
import { openSettingsStore } from '../../electron/settings/store';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

vi.mock('electron', () => ({ default: {}, app: undefined, ipcMain: undefined }));

/** A vault with reversible "encryption", enough to prove the secret never reaches the export. */
const vaultFor = (store: ReturnType<typeof openSettingsStore>['store']) =>
  new SecretVault(
    store,
    {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'kwallet5',
      encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
      decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
    },
    'linux',
  );

function settingsIn(dir: string, prefix: string): Settings {
  const { store } = openSettingsStore({ cwd: dir });
  let n = 0;
  return new Settings({ store, vault: vaultFor(store), newId: () => `${prefix}-${++n}` });
}

function deps(settings: Settings, file: string | undefined) {
  const inform = vi.fn();
  const warn = vi.fn();
  return {
    inform,
    warn,
    deps: {
      settings,
      strings: stringsFor('en'),
      chooseSavePath: async () => file,
      chooseOpenPath: async () => file,
      writeFile: (f: string, text: string) => writeFile(f, text),
      readFile: (f: string) => readFile(f, 'utf8'),
      inform,
      warn,
    },
  };
}

describe('profile files', () => {
  it('round-trips profiles between two installations, without the secret', async () => {
    const work = makeTempDir('ajam-profile-files-');
    const file = path.join(work, 'export.json');
    const a = settingsIn(path.join(work, 'a'), 'a');
    const saved = a.saveProfile({
      name: 'Madrid',
      url: 'https://pbx:8089/asterisk',
      user: 'op',
      watchedExtensions: ['101'],
    });
    a.saveSecret(saved.id, 'very-secret');

    const out = deps(a, file);
    expect(await exportProfilesToFile(out.deps)).toBe(file);
    expect(readFileSync(file, 'utf8')).not.toContain('very-secret');
    expect(out.inform).toHaveBeenCalledWith(`1 profile exported to ${file} (without secrets).`);

    const b = settingsIn(path.join(work, 'b'), 'b');
    const into = deps(b, file);
    expect(await importProfilesFromFile(into.deps)).toBe(1);
    expect(b.profiles()).toEqual([
      { id: 'b-1', name: 'Madrid', url: 'https://pbx:8089/asterisk', user: 'op', watchedExtensions: ['101'] },
    ]);
    expect(b.hasSecret('b-1')).toBe(false);
    expect(into.inform).toHaveBeenCalledWith(
      '1 profile imported. Enter each secret when you first connect.',
      undefined,
    );
  });

  it('does nothing when the dialog is cancelled, and explains a bad file', async () => {
    const work = makeTempDir('ajam-profile-files-');
    const settings = settingsIn(work, 'x');
    const cancelled = deps(settings, undefined);
    expect(await exportProfilesToFile(cancelled.deps)).toBeUndefined();
    expect(await importProfilesFromFile(cancelled.deps)).toBe(0);
    expect(cancelled.inform).not.toHaveBeenCalled();

    const bad = path.join(work, 'bad.json');
    writeFileSync(bad, '{"format":"something-else"}');
    const failing = deps(settings, bad);
    expect(await importProfilesFromFile(failing.deps)).toBe(0);
    expect(failing.warn).toHaveBeenCalledWith(
      'The profiles could not be imported',
      'not a profile file: "format" must be "ajam-console-profiles"',
    );
    expect(settings.profiles()).toEqual([]);
  });
});
