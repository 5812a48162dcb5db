/**
 * Profiles over a real settings file in `dir`, with the app's three secret vaults (AJAM secret, SIP
 * password, TURN credentials) on `safe`; a second call on the same `dir` reopens the same file.
 */
import path from 'node:path';
import {
  SecretVault,
  SIP_SECRETS_KEY,
  TURN_SECRETS_KEY,
  type SafeStorageLike,
} from '../../electron/settings/secrets';
import { ProfilesService } from '../../electron/settings/service';
import { Settings } from '../../electron/settings/settings';
import { openSettingsStore } from '../../electron/settings/store';

export function openProfiles(dir: string, safe: SafeStorageLike) {
  const { store } = openSettingsStore({ cwd: dir });
  const vault = new SecretVault(store, safe, 'linux');
  const sipVault = new SecretVault(store, safe, 'linux', SIP_SECRETS_KEY);
  const turnVault = new SecretVault(store, safe, 'linux', TURN_SECRETS_KEY);
  let n = 0;
  const settings = new Settings({ store, vault, sipVault, turnVault, newId: () => `id-${++n}` });
  const service = new ProfilesService({ settings, language: () => 'en' });
  return { settings, service, file: path.join(dir, 'settings.json') };
}
