import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  isLoopbackAddress,
  refusalReason,
  startBridgeServer,
  tokensEqual,
  type BridgeServer,
} from '../../electron/ipc/bridge';
import { createRouter } from '../../electron/ipc/router';
import { bridgeProtocols, connectBridge, type SocketLike } from '../../shared/bridge-client';
import { BRIDGE_PROTOCOL, fail, ipcError, ok, type SessionStatus } from '../../shared/ipc';
import { notice } from '../../shared/notices';
import { echoHandlers, type Received } from './handlers';

const servers: BridgeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(received: Received[] = []) {
  const router = createRouter(
    echoHandlers(received, {
      'channels:hangup': (p) =>
        ok({
          message: `Channel Hungup ${p.channel}`,
          notice: notice('control.done.hangup', p, 'Channel Hungup'),
        }),
    }),
  );
  const bridge = await startBridgeServer({
    router,
    onHttpRequest: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('page'),
  });
  servers.push(bridge);
  return { router, bridge };
}

/** Opens a socket with chosen credentials; resolves 'open' or the HTTP status of the refusal. */
function tryConnect(
  url: string,
  protocols: string[],
  headers: { origin?: string; host?: string },
): Promise<{ outcome: 'open'; socket: WebSocket } | { outcome: 'refused'; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, {
      ...(headers.origin === undefined ? {} : { origin: headers.origin }),
      ...(headers.host === undefined ? {} : { headers: { host: headers.host } }),
    });
    socket.on('open', () => resolve({ outcome: 'open', socket }));
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ outcome: 'refused', status: res.statusCode ?? 0, body }));
    });
    socket.on('error', (error) => reject(error));
  });
}

describe('the WebSocket bridge', () => {
  it('serves a client with the right token and Origin over the same router', async () => {
    const received: Received[] = [];
    const { router, bridge } = await start(received);
    expect(bridge.server.address()).toMatchObject({ address: '127.0.0.1' });
    const attempt = await tryConnect(bridge.wsUrl, bridgeProtocols(bridge.token), { origin: bridge.origin });
    expect(attempt.outcome).toBe('open');
    if (attempt.outcome !== 'open') return;
    expect(attempt.socket.protocol).toBe(BRIDGE_PROTOCOL);
    const client = connectBridge(attempt.socket as unknown as SocketLike);
    await client.opened;

    expect(await client.api.hangup({ channel: 'PJSIP/101-00000001' })).toEqual(
      ok({
        message: 'Channel Hungup PJSIP/101-00000001',
        notice: notice('control.done.hangup', { channel: 'PJSIP/101-00000001' }, 'Channel Hungup'),
      }),
    );
    expect(await client.raw('channels:hangup', { channel: 'PJSIP/1-1', x: 1 })).toEqual(
      fail(
        'invalid-request',
        notice('ipc.invalid-request', { channel: 'channels:hangup', problems: 'field "x" is not allowed' }),
      ),
    );
    expect(await client.raw('upload:add', { files: [{ path: '/etc/passwd' }] })).toEqual(
      fail('not-allowed', notice('ipc.preload-only', { channel: 'upload:add' })),
    );

    const status: SessionStatus = {
      state: 'lost',
      url: 'http://x/asterisk',
      user: 'admin',
      retryInSeconds: 3,
      since: 5,
    };
    const got = new Promise((resolve) => client.api.onSessionStatus(resolve));
    router.emit('session:status', status);
    expect(await got).toEqual(status);

    // Content uploads (the preview's way) reach the handler decoded by the schema, not as paths.
    const file = { name: 'a.wav', size: 4, arrayBuffer: async () => new Uint8Array([82, 73, 70, 70]).buffer };
    expect(await client.api.addUploads([file])).toEqual(ok({ echoed: 'upload:add-content' }));
    expect(received.at(-1)?.payload).toEqual({ files: [{ name: 'a.wav', base64: 'UklGRg==' }] });

    const closed = new Promise<void>((resolve) => client.onClose(resolve));
    client.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(router.peers()).toEqual([]);
  });

  it('refuses a wrong or missing token', async () => {
    const { bridge } = await start();
    const wrong = await tryConnect(bridge.wsUrl, bridgeProtocols('0'.repeat(64)), { origin: bridge.origin });
    expect(wrong).toEqual({ outcome: 'refused', status: 403, body: 'Forbidden: wrong token\n' });
    const prefix = await tryConnect(bridge.wsUrl, bridgeProtocols(bridge.token.slice(0, 32)), {
      origin: bridge.origin,
    });
    expect(prefix).toEqual({ outcome: 'refused', status: 403, body: 'Forbidden: wrong token\n' });
    const none = await tryConnect(bridge.wsUrl, [BRIDGE_PROTOCOL], { origin: bridge.origin });
    expect(none).toEqual({ outcome: 'refused', status: 403, body: 'Forbidden: no token\n' });
  });

  it('refuses a wrong or missing Origin, even with the right token', async () => {
    const { bridge } = await start();
    for (const origin of ['http://evil.example', `http://localhost:${bridge.port}`, 'null', undefined]) {
      const attempt = await tryConnect(
        bridge.wsUrl,
        bridgeProtocols(bridge.token),
        origin === undefined ? {} : { origin },
      );
      expect(attempt, String(origin)).toEqual({
        outcome: 'refused',
        status: 403,
        body: 'Forbidden: wrong or missing Origin\n',
      });
    }
  });

  it('refuses a rebinding Host and other paths', async () => {
    const { bridge } = await start();
    const rebound = await tryConnect(bridge.wsUrl, bridgeProtocols(bridge.token), {
      origin: bridge.origin,
      host: `attacker.example:${bridge.port}`,
    });
    expect(rebound).toEqual({ outcome: 'refused', status: 403, body: 'Forbidden: wrong Host header\n' });
    const path = await tryConnect(
      `${bridge.origin.replace('http', 'ws')}/other`,
      bridgeProtocols(bridge.token),
      {
        origin: bridge.origin,
      },
    );
    expect(path).toEqual({ outcome: 'refused', status: 403, body: 'Forbidden: no bridge at /other\n' });
  });

  it('never listens beyond loopback and refuses non-loopback peers', async () => {
    const router = createRouter(echoHandlers([]));
    await expect(startBridgeServer({ router, host: '0.0.0.0' })).rejects.toThrow(
      /listens on 127\.0\.0\.1 only/,
    );
    const { bridge } = await start();
    const expected = { port: bridge.port, origin: bridge.origin, token: bridge.token, wsUrl: bridge.wsUrl };
    const good = {
      url: '/ipc',
      headers: {
        host: `127.0.0.1:${bridge.port}`,
        origin: bridge.origin,
        'sec-websocket-protocol': bridgeProtocols(bridge.token).join(', '),
      },
    };
    expect(refusalReason({ ...good, remoteAddress: '127.0.0.1' }, expected)).toBeUndefined();
    expect(refusalReason({ ...good, remoteAddress: '::ffff:127.0.0.1' }, expected)).toBeUndefined();
    for (const remoteAddress of ['192.168.1.20', '::ffff:10.0.0.1', 'fe80::1', undefined]) {
      expect(refusalReason({ ...good, remoteAddress }, expected)).toBe('only loopback clients may connect');
    }
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('128.0.0.1')).toBe(false);

    // Through a real non-loopback address of this machine, if it has one, nothing answers.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
    if (external) {
      const attempt = tryConnect(
        `ws://${external.address}:${bridge.port}/ipc`,
        bridgeProtocols(bridge.token),
        {
          origin: bridge.origin,
        },
      );
      await expect(attempt).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    }
  });

  it('answers malformed frames with an error instead of dropping the connection', async () => {
    const { bridge } = await start();
    const attempt = await tryConnect(bridge.wsUrl, bridgeProtocols(bridge.token), { origin: bridge.origin });
    if (attempt.outcome !== 'open') throw new Error('did not open');
    const frames: unknown[] = [];
    attempt.socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    attempt.socket.send('not json');
    attempt.socket.send(
      JSON.stringify({ t: 'request', id: 7, channel: 'channels:hangup', payload: {}, extra: 1 }),
    );
    attempt.socket.send(
      JSON.stringify({ t: 'request', id: 8, channel: 'channels:hangup', payload: { channel: 'PJSIP/1-1' } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const error = ipcError('invalid-request', notice('ipc.bad-frame'));
    expect(frames).toEqual([
      { t: 'error', error },
      { t: 'response', id: 7, result: { ok: false, error } },
      {
        t: 'response',
        id: 8,
        result: {
          ok: true,
          value: {
            message: 'Channel Hungup PJSIP/1-1',
            notice: notice('control.done.hangup', { channel: 'PJSIP/1-1' }, 'Channel Hungup'),
          },
        },
      },
    ]);
    attempt.socket.close();
  });

  it('compares tokens in constant time without length leaks tripping it', () => {
    expect(tokensEqual('a'.repeat(64), 'a'.repeat(64))).toBe(true);
    expect(tokensEqual('a'.repeat(63), 'a'.repeat(64))).toBe(false);
    expect(tokensEqual('', 'a'.repeat(64))).toBe(false);
  });

  it('hands plain HTTP to the host and refuses to start with a weak token', async () => {
    const { bridge } = await start();
    const response = await fetch(`${bridge.origin}/`);
    expect(await response.text()).toBe('page');
    const router = createRouter(echoHandlers([]));
    await expect(startBridgeServer({ router, token: 'short' })).rejects.toThrow(/at least 32/);
  });
});
