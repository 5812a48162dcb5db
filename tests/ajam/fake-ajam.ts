/**
 * A misbehaving AJAM server on 127.0.0.1 for the core's robustness tests: it logs in like Asterisk
 * (rawman, the session cookie with a chosen Max-Age) and hands every other action to the test,
 * which may answer slowly, hugely or never. Everything it opens is closed by close().
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface FakeAjamRequest {
  readonly action: string;
  readonly fields: URLSearchParams;
}

export type FakeAjamHandler = (
  request: FakeAjamRequest,
  res: ServerResponse,
  req: IncomingMessage,
) => void | Promise<void>;

export interface FakeAjam {
  /** Base URL with the /asterisk prefix. */
  readonly url: string;
  /** Every request in arrival order (Login included). */
  readonly requests: FakeAjamRequest[];
  count(action: string): number;
  close(): Promise<void>;
}

export const COOKIE = '"fa4e0001"';

/** A rawman answer: `Key: Value` lines and the blank line that ends a message. */
export function rawman(...messages: Array<Record<string, string>>): string {
  return messages
    .map(
      (m) =>
        Object.entries(m)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('') + '\r\n',
    )
    .join('');
}

export function answer(res: ServerResponse, body: string, maxAge = 60): void {
  res.writeHead(200, {
    'Content-type': 'text/plain',
    'Set-Cookie': `mansession_id=${COOKIE}; Version=1; Max-Age=${maxAge}`,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

export async function startFakeAjam(options: {
  maxAge?: number;
  handle: FakeAjamHandler;
}): Promise<FakeAjam> {
  const maxAge = options.maxAge ?? 60;
  const requests: FakeAjamRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const fields = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const request = { action: (fields.get('Action') ?? '').toLowerCase(), fields };
      requests.push(request);
      if (request.action === 'login') {
        answer(res, rawman({ Response: 'Success', Message: 'Authentication accepted' }), maxAge);
        return;
      }
      void Promise.resolve(options.handle(request, res, req)).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/asterisk`,
    requests,
    count: (action) => requests.filter((r) => r.action === action.toLowerCase()).length,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
