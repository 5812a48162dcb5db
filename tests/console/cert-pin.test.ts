/**
 * cert:trust with a profileId pins the accepted certificate into that profile: only when the URL is
 * that profile's own server. Through the contract, against the demo PBX over https on 127.0.0.1, with
 * the desktop's own Settings and ProfilesService over a JSON file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory } from '../../electron/ipc/memory';
import { openJsonFileStore } from '../../electron/settings/file-store';
import { NO_SAFE_STORAGE, SecretVault } from '../../electron/settings/secrets';
import { ProfilesService } from '../../electron/settings/service';
import { Settings } from '../../electron/settings/settings';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, tls: true });
  cleanups.push(() => pbx.close());
  const { store } = openJsonFileStore({ cwd: makeTempDir('ajam-pin-') });
  let n = 0;
  const settings = new Settings({
    store,
    vault: new SecretVault(store, NO_SAFE_STORAGE, 'linux'),
    newId: () => `p${++n}`,
  });
  const profiles = new ProfilesService({ settings, language: () => 'en' });
  const console_ = createConsole({ createClient: (profile) => createClient(profile), profiles });
  cleanups.push(() => console_.close());
  const page = connectInMemory(console_.router, 'page');
  cleanups.push(async () => page.close());
  const own = new URL(pbx.url);
  const madrid = settings.saveProfile({ name: 'Madrid', url: pbx.url, user: 'admin' });
  const others = {
    'another host': settings.saveProfile({
      name: 'Lima',
      url: 'https://pbx.example:8089/asterisk',
      user: 'admin',
    }),
    'another port': settings.saveProfile({
      name: 'Quito',
      url: `https://${own.hostname}:${Number(own.port) + 1}/asterisk`,
      user: 'admin',
    }),
    'plain http': settings.saveProfile({ name: 'Cusco', url: `http://${own.host}/asterisk`, user: 'admin' }),
  };
  return { pbx, settings, page, madrid, others };
}

describe('cert:trust into a profile', () => {
  it('refuses a certificate of another server, trusting nothing, and pins the profile’s own', async () => {
    const { pbx, settings, page, madrid, others } = await setup();
    const probe = await page.api.probeCertificate({ url: pbx.url });
    if (!probe.ok) throw new Error(probe.error.message);
    const sha256 = probe.value.sha256;

    for (const [what, profile] of Object.entries(others)) {
      const refused = await page.api.trustCertificate({ url: pbx.url, sha256, profileId: profile.id });
      expect(refused.ok, what).toBe(false);
      if (refused.ok) continue;
      expect(refused.error.code).toBe('invalid-request');
      expect(refused.error.notice).toEqual({
        key: 'cert.other-server',
        params: {
          origin: new URL(pbx.url).origin,
          profile: profile.name,
          profileOrigin: new URL(profile.url).origin,
        },
      });
      expect(refused.error.message).toContain(`that profile connects to ${new URL(profile.url).origin}`);
      expect(settings.profile(profile.id)?.tls, what).toBeUndefined();
    }
    // Nothing was trusted for this run either: the refusal came before the trust.
    const after = await page.api.probeCertificate({ url: pbx.url });
    expect(after.ok && after.value.pinned).toBe(false);

    // The profile's own server, even written with another path: pinned.
    const url = `${new URL(pbx.url).origin}/other-prefix/`;
    const pinned = await page.api.trustCertificate({ url, sha256, profileId: madrid.id });
    expect(pinned.ok && pinned.value.pinned).toBe(true);
    expect(settings.profile(madrid.id)?.tls).toEqual({ kind: 'fingerprint', sha256 });
    // And the profile connects with its pin.
    const connected = await page.api.connectProfile({ profileId: madrid.id, secret: '12345' });
    expect(connected.ok && connected.value.state).toBe('connected');
  });

  it('says which profile is unknown', async () => {
    const { pbx, page } = await setup();
    const result = await page.api.trustCertificate({
      url: pbx.url,
      sha256: 'AB'.repeat(32),
      profileId: 'ghost',
    });
    expect(result.ok || result.error.code).toBe('unknown-profile');
  });
});
