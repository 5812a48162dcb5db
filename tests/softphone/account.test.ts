/**
 * The softphone's account in main: the WebSocket URL derived from the AJAM one, the SIP password kept
 * encrypted per profile (and dropped when the profile points elsewhere), the Originate variable that
 * asks for auto-answer, the preview's flags, and `softphone:credentials` following how the session
 * was started (profile, demo, flags) through the router as a window calls it.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { startDemoPbx } from '../../electron/demo/server';
import { accountOf, sipPasswordStaysWith } from '../../electron/features/softphone/account';
import { connectInMemory } from '../../electron/ipc/memory';
import { parsePreviewArgs } from '../../electron/preview';
import { SIP_SECRETS_KEY, type SafeStorageLike } from '../../electron/settings/secrets';
import { autoAnswerVariable, deriveSipWsUrl, endpointUser, sipDomainOf } from '../../shared/softphone';
import { keyring, noKeyring } from '../setup/keyring';
import { openProfiles } from '../setup/profiles';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

vi.mock('electron', () => ({ default: {}, app: undefined, ipcMain: undefined }));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function profiles(safe: SafeStorageLike = keyring()) {
  return openProfiles(makeTempDir('ajam-softphone-'), safe);
}

const office = {
  name: 'Office',
  url: 'https://pbx.example.com:8089/asterisk',
  user: 'admin',
  softphone: { user: '101' },
};

describe('the SIP WebSocket URL', () => {
  it('is the AJAM server with its http.conf prefix and /ws: wss for https, ws for http', () => {
    expect(deriveSipWsUrl('https://pbx.example.com:8089/asterisk')).toBe(
      'wss://pbx.example.com:8089/asterisk/ws',
    );
    expect(deriveSipWsUrl('http://127.0.0.1:8088/asterisk/')).toBe('ws://127.0.0.1:8088/asterisk/ws');
    expect(deriveSipWsUrl('http://[::1]:8088/')).toBe('ws://[::1]:8088/ws');
    expect(deriveSipWsUrl('https://pbx')).toBe('wss://pbx/ws');
    expect(deriveSipWsUrl('ftp://pbx/')).toBeUndefined();
    expect(deriveSipWsUrl('not a url')).toBeUndefined();
    expect(sipDomainOf('wss://pbx.example.com:8089/asterisk/ws')).toBe('pbx.example.com');
    expect(sipDomainOf('ws://[::1]:8088/ws')).toBe('::1');
    expect(sipDomainOf('https://pbx/')).toBeUndefined();
  });
});

describe('auto-answer', () => {
  it('asks PJSIP to add the header naming the Originate, and only on PJSIP endpoints', () => {
    expect(autoAnswerVariable('PJSIP/101', 'console-originate-0a1b2c3d-7')).toBe(
      'PJSIP_HEADER(add,X-AJAM-Auto-Answer)=console-originate-0a1b2c3d-7',
    );
    expect(autoAnswerVariable('SIP/101', 'console-originate-1')).toBeUndefined();
    expect(autoAnswerVariable('PJSIP/101', 'bad,id')).toBeUndefined();
    expect(endpointUser('PJSIP/101')).toBe('101');
    expect(endpointUser('SIP/101')).toBeUndefined();
  });
});

describe('the SIP password of a profile', () => {
  it('is stored encrypted, never in the profile, and handed out with the derived URL', () => {
    const { service, file } = profiles();
    const saved = service.save({ profile: office, secret: 'ajam-secret', sipPassword: 'sip-pässword' });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.value.hasSipPassword).toBe(true);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('sip-pässword');
    expect(JSON.parse(onDisk)).toHaveProperty(SIP_SECRETS_KEY);
    expect(service.softphoneAccount(saved.value.id)).toEqual({
      ok: true,
      value: {
        user: '101',
        password: 'sip-pässword',
        wsUrl: 'wss://pbx.example.com:8089/asterisk/ws',
        domain: 'pbx.example.com',
        iceServers: [],
      },
    });
  });

  it('is dropped when the softphone user or its server changes without a new one', () => {
    const { service } = profiles();
    const saved = service.save({ profile: office, sipPassword: 'one' });
    if (!saved.ok) throw new Error(saved.error.message);
    const id = saved.value.id;
    // Same user, same server: kept.
    const renamed = service.save({ profile: { ...office, id, name: 'Office 2' } });
    expect(renamed.ok && renamed.value.hasSipPassword).toBe(true);
    const moved = service.save({
      profile: { ...office, id, softphone: { user: '101', wsUrl: 'wss://elsewhere.example.com/ws' } },
    });
    expect(moved.ok && moved.value.hasSipPassword).toBe(false);
    const result = service.softphoneAccount(id);
    expect(result?.ok).toBe(false);
    expect(result && !result.ok && result.error.notice.key).toBe('softphone.no-password');
    expect(sipPasswordStaysWith(office, { ...office, softphone: { user: '102' } })).toBe(false);
  });

  it('is not stored where the OS cannot protect it', () => {
    const { service } = profiles(noKeyring());
    const saved = service.save({ profile: office, sipPassword: 'one' });
    expect(saved.ok && saved.value.hasSipPassword).toBe(false);
  });

  it('a profile without a softphone has no account', () => {
    const { service } = profiles();
    const saved = service.save({ profile: { name: 'No phone', url: office.url, user: 'admin' } });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(service.softphoneAccount(saved.value.id)).toBeUndefined();
    expect(accountOf('101', 'x', undefined).ok).toBe(false);
  });
});

describe('the preview flags', () => {
  it('take --sip-user with --sip-password or AJAM_SIP_PASSWORD, and --sip-url', () => {
    expect(parsePreviewArgs(['--demo', '--sip-user', '101', '--sip-password', 'pw'])).toEqual({
      kind: 'run',
      options: { demo: true, softphone: { user: '101', password: 'pw' } },
    });
    expect(
      parsePreviewArgs(['--demo', '--sip-user=101', '--sip-url', 'wss://pbx:8089/asterisk/ws'], {
        AJAM_SIP_PASSWORD: 'from-env',
      }),
    ).toEqual({
      kind: 'run',
      options: {
        demo: true,
        softphone: { user: '101', password: 'from-env', url: 'wss://pbx:8089/asterisk/ws' },
      },
    });
    expect(parsePreviewArgs(['--demo'], { AJAM_SIP_PASSWORD: 'ignored' })).toEqual({
      kind: 'run',
      options: { demo: true },
    });
    for (const argv of [
      ['--demo', '--sip-user', '101'],
      ['--demo', '--sip-password', 'pw'],
      ['--demo', '--sip-user', '10 1', '--sip-password', 'pw'],
      ['--demo', '--sip-user', '101', '--sip-password', 'pw', '--sip-url', 'https://pbx/ws'],
    ]) {
      expect(parsePreviewArgs(argv).kind, argv.join(' ')).toBe('usage');
    }
  });
});

describe('softphone:credentials', () => {
  it('follows the session: none before connecting, the fixed account after a plain connect, the demo one after "Try the demo PBX"', async () => {
    const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, eventsPerSecond: 0 });
    cleanups.push(() => pbx.close());
    const console_ = createConsole({
      createClient: (profile) => createClient(profile),
      demo: async () => {
        const admin = pbx.users[0];
        if (!admin) throw new Error('the demo has no users');
        return { url: pbx.url, user: admin.user, secret: admin.secret };
      },
      softphone: {
        demo: () => accountOf(pbx.sip.user, pbx.sip.password, pbx.sip.url),
        fixed: () => accountOf('202', 'fixed-pw', 'wss://pbx.example.com/asterisk/ws'),
      },
    });
    cleanups.push(() => console_.close());
    const window = connectInMemory(console_.router);
    cleanups.push(async () => window.close());

    const before = await window.api.softphoneCredentials();
    expect(before.ok || before.error.code).toBe('not-connected');

    const admin = pbx.users.find((u) => u.user === 'admin') ?? pbx.users[0];
    if (!admin) throw new Error('the demo has no users');
    expect((await window.api.connect({ url: pbx.url, user: admin.user, secret: admin.secret })).ok).toBe(
      true,
    );
    const plain = await window.api.softphoneCredentials();
    expect(plain.ok && plain.value.user).toBe('202');

    expect((await window.api.connectDemo()).ok).toBe(true);
    const demo = await window.api.softphoneCredentials();
    expect(demo.ok && demo.value).toMatchObject({
      user: '101',
      password: pbx.sip.password,
      wsUrl: pbx.sip.url,
      domain: '127.0.0.1',
    });
  });

  it('says the softphone is not configured when nothing gives an account', async () => {
    const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, eventsPerSecond: 0 });
    cleanups.push(() => pbx.close());
    const console_ = createConsole({ createClient: (profile) => createClient(profile) });
    cleanups.push(() => console_.close());
    const window = connectInMemory(console_.router);
    cleanups.push(async () => window.close());
    const admin = pbx.users[0];
    if (!admin) throw new Error('the demo has no users');
    expect((await window.api.connect({ url: pbx.url, user: admin.user, secret: admin.secret })).ok).toBe(
      true,
    );
    const result = await window.api.softphoneCredentials();
    expect(result.ok || result.error.notice.key).toBe('softphone.not-configured');
  });
});
