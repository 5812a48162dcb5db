/**
 * The WebSocket transport over the router, for the browser preview and tests. DEVELOPMENT ONLY:
 * the packaged Electron app never imports or starts it (main.ts uses ipc/electron.ts).
 *
 * Any web page the developer has open can try to open a WebSocket to 127.0.0.1, so the bridge
 * refuses everything but the preview itself:
 * - it listens on 127.0.0.1 only, and also checks each peer's address is loopback;
 * - the Host header must be the bridge's own `127.0.0.1:port` (DNS-rebinding pages send their name);
 * - the Origin header must equal the preview's own origin (browsers set it; pages cannot forge it);
 * - a random per-run token must be offered as the `ajam-token.<hex>` subprotocol (compared in
 *   constant time), so even a page served from the same origin by something else cannot connect.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as v from 'valibot';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  BRIDGE_TOKEN_PROTOCOL_PREFIX,
  BridgeRequestFrameSchema,
  MAX_CONTENT_UPLOAD_BYTES,
  fail,
  type BridgeServerFrame,
} from '../../shared/ipc';
import { notice } from '../../shared/notices';
import type { Router } from './router';

export const BRIDGE_HOST = '127.0.0.1';

export interface BridgeServerOptions {
  readonly router: Router;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Only loopback addresses are accepted; anything else throws before listening. */
  readonly host?: string;
  /** Serves plain HTTP requests (the preview's static files). Default: 404. */
  readonly onHttpRequest?: (request: IncomingMessage, response: ServerResponse, server: BridgeInfo) => void;
  /** Fixed token (tests); default 32 random bytes, hex. */
  readonly token?: string;
  readonly log?: (message: string) => void;
}

export interface BridgeInfo {
  readonly port: number;
  /** `http://127.0.0.1:port`: the only Origin accepted. */
  readonly origin: string;
  /** `ws://127.0.0.1:port/ipc`. */
  readonly wsUrl: string;
  readonly token: string;
}

export interface BridgeServer extends BridgeInfo {
  readonly server: Server;
  close(): Promise<void>;
}

export function createBridgeToken(): string {
  return randomBytes(32).toString('hex');
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Constant-time equality for tokens of any length: compare digests, which always have equal length. */
export function tokensEqual(offered: string, expected: string): boolean {
  const a = createHash('sha256').update(offered).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && offered.length === expected.length;
}

/** Why an upgrade is refused, or undefined when it may proceed. Pure: tested directly. */
export function refusalReason(
  request: Pick<IncomingMessage, 'url' | 'headers'> & { readonly remoteAddress: string | undefined },
  expected: BridgeInfo,
): string | undefined {
  if (!isLoopbackAddress(request.remoteAddress)) return 'only loopback clients may connect';
  const path = (request.url ?? '').split('?')[0];
  if (path !== BRIDGE_PATH) return `no bridge at ${path ?? ''}`;
  if (request.headers.host !== `${BRIDGE_HOST}:${expected.port}`) return 'wrong Host header';
  if (request.headers.origin !== expected.origin) return 'wrong or missing Origin';
  const offered = (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (!offered.includes(BRIDGE_PROTOCOL)) return `the ${BRIDGE_PROTOCOL} subprotocol was not offered`;
  const token = offered.find((item) => item.startsWith(BRIDGE_TOKEN_PROTOCOL_PREFIX));
  if (token === undefined) return 'no token';
  if (!tokensEqual(token.slice(BRIDGE_TOKEN_PROTOCOL_PREFIX.length), expected.token)) return 'wrong token';
  return undefined;
}

function refuse(socket: Duplex, reason: string): void {
  const body = `Forbidden: ${reason}\n`;
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Frames carry up to one content upload's base64 plus JSON framing. */
const MAX_FRAME_BYTES = Math.ceil(MAX_CONTENT_UPLOAD_BYTES / 3) * 4 + 1024 * 1024;
/** A window that stops reading gets cut off instead of growing main's memory without bound. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const host = options.host ?? BRIDGE_HOST;
  if (host !== BRIDGE_HOST) {
    throw new Error(
      `The IPC bridge listens on ${BRIDGE_HOST} only (asked for ${host}): it is a development tool, never exposed`,
    );
  }
  const token = options.token ?? createBridgeToken();
  if (token.length < 32) throw new Error('The bridge token must be at least 32 characters');

  let info: BridgeInfo | undefined = undefined;
  const server = createServer((request, response) => {
    if (!info || !isLoopbackAddress(request.socket.remoteAddress)) {
      response.writeHead(403).end();
      return;
    }
    if (options.onHttpRequest) options.onHttpRequest(request, response, info);
    else response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const reason = info
      ? refusalReason(
          { url: request.url, headers: request.headers, remoteAddress: request.socket.remoteAddress },
          info,
        )
      : 'not ready';
    if (reason !== undefined) {
      options.log?.(`IPC bridge refused a connection: ${reason}`);
      refuse(socket, reason);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws));
  });

  function serve(ws: WebSocket): void {
    const send = (frame: BridgeServerFrame): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.close(1009, 'client too slow');
        return;
      }
      ws.send(JSON.stringify(frame));
    };
    const attachment = options.router.attach({
      origin: 'page',
      send: (channel, payload) => send({ t: 'event', channel, payload } as BridgeServerFrame),
    });
    ws.on('message', (data, isBinary) => {
      void handleFrame(isBinary ? undefined : data.toString());
    });
    ws.on('close', () => attachment.detach());
    ws.on('error', () => attachment.detach());

    async function handleFrame(text: string | undefined): Promise<void> {
      let parsed: unknown;
      try {
        parsed = text === undefined ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const frame = v.safeParse(BridgeRequestFrameSchema, parsed);
      if (!frame.success) {
        const id = (parsed as { id?: unknown } | undefined)?.id;
        const error = fail('invalid-request', notice('ipc.bad-frame'));
        if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0)
          send({ t: 'response', id, result: error });
        else if (!error.ok) send({ t: 'error', error: error.error });
        return;
      }
      const { id, channel, payload } = frame.output;
      const result = await attachment.request(channel, payload);
      send({ t: 'response', id, result });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  info = Object.freeze({
    port,
    origin: `http://${BRIDGE_HOST}:${port}`,
    wsUrl: `ws://${BRIDGE_HOST}:${port}${BRIDGE_PATH}`,
    token,
  });
  const ready = info;

  return {
    ...ready,
    server,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
