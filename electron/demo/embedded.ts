/**
 * The demo PBX as the app's built-in default: started on first use, on 127.0.0.1 only, with a
 * living office so the board is busy, and stopped with the app. Anyone on the machine can reach
 * 127.0.0.1, so it has one manager user with a secret made for this run, and caps on what it
 * stores in its own temporary folder (removed when it stops).
 */
import { randomBytes } from 'node:crypto';
import type { ConnectRequest } from '../../shared/ipc';
import type { DemoOptions, DemoPbx } from './api';
import { startDemoPbx } from './server';
import { ringEveryForTraffic } from './sip/demo';

/** What the embedded demo accepts per upload and in all: prompts and recordings, not disk images. */
export const EMBEDDED_UPLOAD_CAPS = {
  maxUploadBytes: 64 * 1024 * 1024,
  maxUploadsTotalBytes: 256 * 1024 * 1024,
} as const;

/** A secret for one run: 128 bits, URL-safe, so it pastes into a shell or a form as is. */
export function newDemoSecret(): string {
  return randomBytes(16).toString('base64url');
}

/** The embedded demo's options: lively traffic, the admin alone with a fresh secret, capped uploads. */
export function embeddedDemoOptions(secret: string = newDemoSecret()): DemoOptions {
  return {
    traffic: 'lively',
    users: [{ user: 'admin', secret, read: 'all', write: 'all' }],
    ...EMBEDDED_UPLOAD_CAPS,
    // The softphone's password is the run's own too; the office rings the operator now and then.
    sip: { password: newDemoSecret(), ringEverySeconds: ringEveryForTraffic('lively') },
  };
}

export interface EmbeddedDemo {
  /** Starts the demo PBX once and returns how to connect to it as its admin user. */
  connectRequest(): Promise<ConnectRequest>;
  close(): Promise<void>;
}

/** How to connect to a demo PBX as its admin, the office's reception phone as the operator's. */
export function demoConnectRequest(pbx: DemoPbx): ConnectRequest {
  const admin = pbx.users.find((u) => u.write === 'all') ?? pbx.users[0];
  if (!admin) throw new Error('the demo PBX has no users');
  return {
    url: pbx.url,
    user: admin.user,
    secret: admin.secret,
    postMapping: 'recordings',
    // Click-to-dial and ChanSpy ring this phone first.
    operatorEndpoint: 'PJSIP/101',
  };
}

/**
 * `options` defaults to embeddedDemoOptions() (a new secret each time this is called); `onStart`
 * hears of the PBX once it listens (the preview prints where it is and its secret).
 */
export function createEmbeddedDemo(
  options: DemoOptions = embeddedDemoOptions(),
  onStart?: (pbx: DemoPbx) => void,
): EmbeddedDemo {
  let starting: Promise<DemoPbx> | undefined;
  return {
    async connectRequest() {
      if (!starting) {
        starting = startDemoPbx(options);
        if (onStart) void starting.then(onStart, () => undefined);
      }
      return demoConnectRequest(await starting);
    },
    async close() {
      const pbx = await starting?.catch(() => undefined);
      starting = undefined;
      await pbx?.close();
    },
  };
}
