/**
 * The demo PBX: a raw TCP (or TLS) server on 127.0.0.1 that speaks HTTP the way Asterisk's
 * main/http.c does, serving AJAM on /asterisk/{rawman,mxml,manager} and the `recordings` post
 * mapping, in front of the simulated office.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { ManagerEnv, ManagerUser } from './actions';
import type { DemoOffice, DemoOptions, DemoPbx, StoredUpload } from './api';
import type { BodyState, Connection, HttpRequest } from './http';
import {
  closeConnection,
  getHeader,
  httpError,
  httpNotImplemented,
  readRequestHead,
  setupBodyState,
} from './http';
import { createIoStream } from './iostream';
import { handleDigestManager, handleManager, sessionIdFromCookies } from './manager';
import type { Lines } from './office';
import { Office, SYSTEM_NAME } from './office';
import { authorityToString, EVENT_FLAG } from './permissions';
import { receivePost } from './postmapping';
import { createDemoSip } from './sip/demo';
import { serveSipWebSocket, upgradeRefusal } from './sip/transport';
import { EventQueue, SessionStore } from './sessions';
import { makeSelfSigned } from './tls';
import { CAPTURE_HINTS } from './switchboard/dialplan';
import { SwitchboardLife } from './switchboard/life';
import { PACES, Traffic } from './traffic';
import './queues/actions';
import { attachQueues, queueCallsOf } from './queues/attach';
import { CAPTURE_QUEUES, OFFICE_QUEUES } from './queues/config';
import { QueueLife } from './queues/life';
import './conferences/actions';
import './dialplan/actions';
import { attachConferences } from './conferences/attach';
import './voicemail/actions';
import { attachVoicemail } from './voicemail/attach';
import { CAPTURE_MAILBOXES, OFFICE_MAILBOXES } from './voicemail/config';
import type { OutputFormat } from './wire';
import { rawmanMessage } from './wire';

/**
 * The users of the captures' manager.conf, then users with exactly the classes the README's
 * least-privilege table names, so the console can be tried (and is tested) as each of them.
 */
export const DEMO_USERS: readonly ManagerUser[] = [
  { user: 'admin', secret: '12345', read: 'all', write: 'all' },
  { user: 'limited', secret: '54321', read: 'call', write: 'call' },
  // The README's operator: no system or reporting, so no CoreShowChannels, endpoints or recording.
  { user: 'operator', secret: 'operator', read: 'all', write: 'call,originate,config' },
  // Watches only: the board from CoreShowChannels, no controls.
  { user: 'viewer', secret: 'viewer', read: 'call', write: 'reporting' },
  // System only: lists, endpoints, hang-up and recording; no transfers, dialling or uploads.
  { user: 'supervisor', secret: 'supervisor', read: 'all', write: 'system' },
  // Controls but no call events: the board cannot follow live.
  { user: 'blind', secret: 'blind', read: 'system', write: 'call' },
  // May dial but not list channels (Status needs system, call or reporting): the console refuses.
  { user: 'dialer', secret: 'dialer', read: 'all', write: 'originate' },
];

const PREFIX = '/asterisk';
const POST_MAPPING = 'recordings';
/** http.conf session_keep_alive: how long an idle keep-alive connection waits for a request. */
const KEEP_ALIVE_MS = 15_000;
/** manager.c purges expired sessions from the AMI listener's poll loop, every 5 s. */
const PURGE_INTERVAL_MS = 5_000;
/** How often parked calls are checked against their lot's timeout. */
const PARKING_TICK_MS = 500;
/** How often queue callers' ring timeouts and retries are checked. */
const QUEUE_TICK_MS = 100;
/** How often the office's background traffic looks at the clock. */
const TRAFFIC_TICK_MS = 1_000;

/** Why an upload of `contentLength` bytes is over the demo's caps, or undefined when it fits. */
export function uploadRefusal(
  contentLength: number,
  stored: readonly StoredUpload[],
  caps: Pick<DemoOptions, 'maxUploadBytes' | 'maxUploadsTotalBytes'>,
): string | undefined {
  if (caps.maxUploadBytes !== undefined && contentLength > caps.maxUploadBytes) {
    return `This demo PBX accepts uploads of up to ${caps.maxUploadBytes} bytes.`;
  }
  const total = stored.reduce((sum, u) => sum + u.size, 0);
  if (caps.maxUploadsTotalBytes !== undefined && total + contentLength > caps.maxUploadsTotalBytes) {
    return `This demo PBX keeps up to ${caps.maxUploadsTotalBytes} bytes of uploads.`;
  }
  return undefined;
}

async function ensureFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`cannot use ${dir} as the uploads folder (${code})`);
  }
}

/** manager.c's URIs: the cookie ones, and their HTTP Digest twins (`a` prefix). */
const MANAGER_URIS: ReadonlyArray<readonly [string, OutputFormat, boolean]> = [
  ['rawman', 'rawman', false],
  ['manager', 'html', false],
  ['mxml', 'mxml', false],
  ['arawman', 'rawman', true],
  ['amanager', 'html', true],
  ['amxml', 'mxml', true],
];

/** handle_uri(): which handler serves this path (case-insensitive, one trailing slash allowed). */
export function route(
  path: string,
):
  | { kind: 'manager'; format: OutputFormat; digest: boolean }
  | { kind: 'post' }
  | { kind: 'ws' }
  | { kind: 'none' } {
  const l = PREFIX.length;
  if (path.slice(0, l).toLowerCase() !== PREFIX || path[l] !== '/') return { kind: 'none' };
  const rest = path.slice(l + 1);
  const matches = (uri: string): boolean => {
    if (rest.slice(0, uri.length).toLowerCase() !== uri) return false;
    const c = rest.slice(uri.length);
    return c === '' || c === '/';
  };
  for (const [uri, format, digest] of MANAGER_URIS)
    if (matches(uri)) return { kind: 'manager', format, digest };
  if (matches(POST_MAPPING)) return { kind: 'post' };
  // res_http_websocket's `ws` URI: SIP over WebSocket for the softphone (sip/README.md).
  if (matches('ws')) return { kind: 'ws' };
  return { kind: 'none' };
}

interface Running {
  server: net.Server | tls.Server;
  sockets: Set<net.Socket>;
  timers: NodeJS.Timeout[];
}

export async function startDemoPbx(options: DemoOptions = {}): Promise<DemoPbx> {
  const seed = options.seed ?? 1;
  const httptimeout = options.httptimeout ?? 60;
  const useTls = options.tls ?? false;
  // A folder made here is this PBX's to remove on close(); one the caller passed is left alone.
  const ownUploadsDir = options.uploadsDir === undefined;
  const uploadsDir = options.uploadsDir ?? (await mkdtemp(join(tmpdir(), 'ajam-demo-uploads-')));
  // A folder that is not there would fail every upload with no answer at all: make it now, or say why not.
  if (!ownUploadsDir) await ensureFolder(uploadsDir);
  const users: readonly ManagerUser[] = options.users ?? DEMO_USERS;
  const cert = useTls ? await makeSelfSigned() : null;
  const uploads: StoredUpload[] = [];
  const hazards: string[] = [];
  const queue = new EventQueue();
  const sessions = new SessionStore(queue);
  const now = options.clock ?? ((): number => Date.now());

  const emit = (category: number, event: string, lines: Lines): void => {
    queue.append(
      category,
      rawmanMessage([
        ['Event', event],
        ['Privilege', authorityToString(category)],
        ['SystemName', SYSTEM_NAME],
        ...lines,
      ]),
    );
  };

  let office!: Office;
  let traffic: Traffic | null = null;
  let switchboard: SwitchboardLife | null = null;
  let queueLife: QueueLife | null = null;
  let startedMs = now();
  const buildOffice = (): void => {
    startedMs = now();
    office = new Office({
      seed,
      emit,
      now,
      defer: (work) => setTimeout(work, 5),
      ...(options.dialplan === 'captures'
        ? { hints: CAPTURE_HINTS, phones: false, musicOnHold: false, spoolDir: '/var/ast-lab/var/spool' }
        : {}),
    });
    attachQueues(
      office,
      options.features === 'captures' ? CAPTURE_QUEUES : OFFICE_QUEUES,
      emit,
      now,
      (work) => setTimeout(work, 5),
    );
    attachConferences(office, emit, now);
    attachVoicemail(office, options.features === 'captures' ? CAPTURE_MAILBOXES : OFFICE_MAILBOXES, emit);
    const level = options.traffic ?? 'off';
    // DND, forwards, presence, voicemail and parking come with a living office (or when asked).
    switchboard = null;
    if (options.switchboard ?? level !== 'off') {
      switchboard = new SwitchboardLife(office, seed);
      switchboard.start(now());
    }
    // Callers in the queues and people in room 900 come with a living office.
    queueLife = level !== 'off' ? new QueueLife(office, seed) : null;
    if (level !== 'off') {
      // A living office starts in its steady state; `calls` is for the quiet one.
      traffic = new Traffic(office, PACES[level], seed);
      traffic.seed(now());
      // After the traffic's calls, which keep the first channel names (the README's examples).
      queueLife?.start(now());
      return;
    }
    const calls = options.calls ?? 3;
    for (let i = 0; i < calls; i++) office.placeCall();
    if (calls > 0) office.step();
  };

  const env: ManagerEnv = {
    get office() {
      return office;
    },
    queue,
    users,
    httptimeout,
    failedLoginDelayMs: options.failedLoginDelayMs ?? 1000,
    ...(options.modules ? { modules: options.modules } : {}),
    startedMs: () => startedMs,
    emit,
    now,
    hazard: (what) => {
      hazards.push(what);
    },
  };

  let port = options.port ?? 0;
  let running: Running | null = null;
  const sipSide = createDemoSip(
    options.sip,
    () => office,
    () => `${useTls ? 'wss' : 'ws'}://127.0.0.1:${port}${PREFIX}/ws`,
  );

  const serveConnection = async (socket: net.Socket): Promise<void> => {
    socket.setNoDelay(true);
    const conn: Connection = { socket, io: createIoStream(socket, useTls), closing: false };
    const local = `IPV4/${useTls ? 'TLS' : 'TCP'}/127.0.0.1/${port}`;
    const remote = `IPV4/${useTls ? 'TLS' : 'TCP'}/${(socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '')}/${socket.remotePort ?? 0}`;
    socket.setTimeout(KEEP_ALIVE_MS, () => closeConnection(conn));
    while (!conn.closing && !socket.destroyed) {
      socket.setTimeout(KEEP_ALIVE_MS);
      const head = await readRequestHead(conn.io);
      socket.setTimeout(0);
      const at = new Date(now());
      if (head.kind === 'eof') break;
      // Until the headers are in, http.c assumes the connection will close (http_request_tracking_init).
      const early: BodyState = { hasBody: false, bodyRead: false, closeOnCompletion: true, bodyLength: 0 };
      if (head.kind === 'error') {
        await httpError(conn, early, head.status, head.title, head.text, at);
        break;
      }
      const request = head.request;
      const te = getHeader(request.headers, 'Transfer-Encoding');
      if (te !== undefined && te.toLowerCase() !== 'identity' && te.toLowerCase() !== 'chunked') {
        await httpError(conn, early, 501, 'Unimplemented', 'Unsupported Transfer-Encoding.', at);
        break;
      }
      const setup = setupBodyState(request.headers);
      if (setup.error) {
        await httpError(conn, setup.state, 400, 'Bad Request', setup.error, at);
        break;
      }
      await dispatch(conn, setup.state, request, local, remote);
      if (setup.state.closeOnCompletion) closeConnection(conn);
    }
    closeConnection(conn);
  };

  const dispatch = async (
    conn: Connection,
    state: BodyState,
    request: HttpRequest,
    local: string,
    remote: string,
  ): Promise<void> => {
    const q = request.target.indexOf('?');
    const path = q < 0 ? request.target : request.target.slice(0, q);
    const query = q < 0 ? '' : request.target.slice(q + 1);
    const target = route(path);
    const at = (): Date => new Date(now());
    if (target.kind === 'manager') {
      const handler = target.digest ? handleDigestManager : handleManager;
      await handler({ env, sessions, local, remote }, conn, state, request, target.format, query);
    } else if (target.kind === 'post') {
      await handlePost(conn, state, request);
    } else if (target.kind === 'ws') {
      const refusal = upgradeRefusal(request);
      if (refusal) {
        state.closeOnCompletion = true;
        await httpError(conn, state, 400, 'Bad Request', refusal, at());
        return;
      }
      await serveSipWebSocket(conn.socket, conn.io, request, sipSide.service);
      conn.closing = true;
    } else {
      await httpError(conn, state, 404, 'Not Found', 'The requested URL was not found on this server.', at());
    }
  };

  /** res_http_post's http_post_callback(). */
  const handlePost = async (conn: Connection, state: BodyState, request: HttpRequest): Promise<void> => {
    const at = (): Date => new Date(now());
    if (request.method !== 'POST') {
      await httpNotImplemented(conn, state, at());
      return;
    }
    const id = sessionIdFromCookies(request.headers);
    const session = sessions.authenticated(id);
    if (!id || !session) {
      state.closeOnCompletion = true;
      await httpError(conn, state, 403, 'Access Denied', 'Sorry, I cannot let you do that, Dave.', at());
      return;
    }
    if (!(session.writeperm & EVENT_FLAG.config)) {
      state.closeOnCompletion = true;
      await httpError(conn, state, 401, 'Unauthorized', 'You are not authorized to make this request.', at());
      return;
    }
    let contentLength = 0;
    let contentType = '';
    for (const [k, v] of request.headers) {
      const key = k.toLowerCase();
      if (key === 'content-length') {
        const m = /^\s*\+?(\d{1,30})/.exec(v);
        if (!m) {
          state.closeOnCompletion = true;
          await httpError(conn, state, 400, 'Bad Request', 'Invalid Content-Length in POST request!', at());
          return;
        }
        contentLength = Number.parseInt(m[1] as string, 10);
      } else if (key === 'content-type') contentType = v;
    }
    // ast_http_body_read_status(ser, 0): the body counts as read and failed, so the connection closes.
    if (state.hasBody && !state.bodyRead) {
      state.bodyRead = true;
      state.closeOnCompletion = true;
    }
    const refusal = uploadRefusal(contentLength, uploads, options);
    if (refusal) {
      // Not Asterisk's (it has no cap): the embedded demo's own limit, answered before reading the body.
      state.closeOnCompletion = true;
      await httpError(conn, state, 413, 'Request Entity Too Large', refusal, at());
      return;
    }
    const outcome = await receivePost(conn.io, { contentType, contentLength }, uploadsDir);
    if (outcome.kind === 'stored') {
      uploads.push(...outcome.files);
      await httpError(conn, state, 200, 'OK', 'File successfully uploaded.', at());
    } else if (outcome.kind === 'bad-request') {
      await httpError(conn, state, 400, 'Bad Request', outcome.message, at());
    } else {
      // Asterisk 22.10.1 never answers such an upload: hold the socket until the client gives up.
      await new Promise<void>((resolve) => {
        if (conn.socket.destroyed) resolve();
        else conn.socket.once('close', () => resolve());
      });
      conn.closing = true;
    }
  };

  const startTimers = (): NodeJS.Timeout[] => {
    const timers: NodeJS.Timeout[] = [];
    timers.push(setInterval(() => sessions.purge(Math.floor(now() / 1000)), PURGE_INTERVAL_MS));
    // res_parking times parked calls out on its own; the demo looks twice a second.
    timers.push(setInterval(() => office.expireParking(), PARKING_TICK_MS));
    // app_queue's ring timeouts and retries, each caller on its own thread in Asterisk.
    timers.push(setInterval(() => queueCallsOf(office).advance(), QUEUE_TICK_MS));
    const life = traffic;
    if (life) timers.push(setInterval(() => life.advance(now()), TRAFFIC_TICK_MS));
    const queuesLife = queueLife;
    if (queuesLife) timers.push(setInterval(() => queuesLife.advance(now()), TRAFFIC_TICK_MS));
    const board = switchboard;
    if (board) timers.push(setInterval(() => board.advance(now()), TRAFFIC_TICK_MS));
    timers.push(...sipSide.startTimers());
    const cps = options.callsPerSecond ?? 0;
    if (cps > 0) {
      let owed = 0;
      timers.push(
        setInterval(() => {
          owed += cps;
          while (owed >= 1) {
            owed -= 1;
            office.placeCall();
          }
          office.tick(0.3);
        }, 1000),
      );
    }
    const eps = options.eventsPerSecond ?? 0;
    if (eps > 0) {
      let owed = 0;
      timers.push(
        setInterval(() => {
          owed += eps / 20;
          while (owed >= 1) {
            owed -= 1;
            office.noise();
          }
        }, 50),
      );
    }
    for (const t of timers) t.unref();
    return timers;
  };

  const listen = async (): Promise<void> => {
    const sockets = new Set<net.Socket>();
    const onSocket = (socket: net.Socket): void => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      void serveConnection(socket).catch(() => socket.destroy());
    };
    const server = cert
      ? tls.createServer({ cert: cert.certPem, key: cert.keyPem }, onSocket)
      : net.createServer(onSocket);
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address && typeof address === 'object') port = address.port;
    running = { server, sockets, timers: startTimers() };
  };

  const stop = async (): Promise<void> => {
    const r = running;
    if (!r) return;
    running = null;
    for (const t of r.timers) clearInterval(t);
    sipSide.service.close();
    sessions.clear();
    queue.clear();
    const closed = new Promise<void>((resolve) => r.server.close(() => resolve()));
    for (const s of r.sockets) s.destroy();
    await closed;
  };

  buildOffice();
  await listen();

  const pbx: DemoPbx = {
    get url() {
      return `${useTls ? 'https' : 'http'}://127.0.0.1:${port}${PREFIX}`;
    },
    get port() {
      return port;
    },
    uploadsDir,
    users,
    ...(cert ? { certificatePem: cert.certPem, fingerprint: cert.fingerprint } : {}),
    uploads: () => [...uploads],
    hazards: () => [...hazards],
    sip: sipSide.sip,
    get office(): DemoOffice {
      return office;
    },
    stop,
    async start() {
      if (running) return;
      buildOffice();
      await listen();
    },
    async close() {
      await stop();
      if (ownUploadsDir) await rm(uploadsDir, { recursive: true, force: true });
    },
  };
  return pbx;
}
