/** Shared pieces of the core's network tests: a recording transport and small waits. */
import { createServer, type Server, type Socket } from 'node:net';
import type { Profile } from '../../electron/ajam/api';
import {
  createTransport,
  type BodyReader,
  type HttpRequest,
  type Transport,
} from '../../electron/ajam/transport';

/** The keys of one `ajam channels` row, in order, as issue 2 fixes them. */
export const CHANNEL_ROW_KEYS = [
  'channel',
  'uniqueid',
  'linkedid',
  'state',
  'callerIdNum',
  'callerIdName',
  'connectedLineNum',
  'connectedLineName',
  'context',
  'exten',
  'durationSeconds',
  'bridgeId',
];

export interface RecordingTransport extends Transport {
  /** `what` (the action name) of every request, in order, and the lane it used. */
  readonly log: Array<{ what: string; lane: string }>;
  /** Most WaitEvents seen in flight at once. */
  readonly maxEventsInFlight: () => number;
}

export function recordingTransport(profile: Profile): RecordingTransport {
  const inner = createTransport(profile);
  const log: Array<{ what: string; lane: string }> = [];
  let eventsInFlight = 0;
  let maxEvents = 0;
  return {
    base: inner.base,
    log,
    maxEventsInFlight: () => maxEvents,
    async request<T>(req: HttpRequest, read: BodyReader<T>): Promise<T> {
      log.push({ what: req.what, lane: req.lane });
      const isEvents = req.lane === 'events';
      if (isEvents) maxEvents = Math.max(maxEvents, ++eventsInFlight);
      try {
        return await inner.request(req, read);
      } finally {
        if (isEvents) eventsInFlight -= 1;
      }
    },
    close: () => inner.close(),
  };
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port that nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A TCP server that accepts and never answers. */
export async function silentServer(): Promise<{ port: number; server: Server; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    port,
    server,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A raw rawman POST with a given cookie, outside the client (to poke at its session). */
export async function rawPost(
  url: string,
  cookie: string | undefined,
  form: string,
): Promise<{ setCookie: string; body: string }> {
  const res = await fetch(`${url}/rawman`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie !== undefined ? { cookie: `mansession_id=${cookie}` } : {}),
    },
    body: form,
  });
  return { setCookie: res.headers.get('set-cookie') ?? '', body: await res.text() };
}
