/**
 * The demo PBX as the app's built-in default: started on first use, on 127.0.0.1 only, with some
 * background traffic so the board is alive, and stopped with the app.
 */
import type { ConnectRequest } from '../../shared/ipc';
import type { DemoOptions, DemoPbx } from './api';
import { startDemoPbx } from './server';

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

export function createEmbeddedDemo(options: DemoOptions = { calls: 4, callsPerSecond: 0.1 }): EmbeddedDemo {
  let starting: Promise<DemoPbx> | undefined;
  return {
    async connectRequest() {
      starting ??= startDemoPbx(options);
      return demoConnectRequest(await starting);
    },
    async close() {
      const pbx = await starting?.catch(() => undefined);
      starting = undefined;
      await pbx?.close();
    },
  };
}
