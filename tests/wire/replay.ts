/**
 * Replays capture requests against the demo PBX over raw TCP and compares the answers with the
 * captured bytes after normalizing only volatile values: Date, session ids (mapped capture id <->
 * live id), uniqueids (by order of appearance), timestamps, durations, start times, addresses.
 * Content-Length is checked against the real body length first, then normalized with the body.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { expect } from 'vitest';
import type { Capture } from './capture';

export class RawConnection {
  private buf = Buffer.alloc(0);
  private ended = false;
  private waiters: Array<() => void> = [];
  readonly socket: net.Socket;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    const end = (): void => {
      this.ended = true;
      this.wake();
    };
    this.socket.on('end', end);
    this.socket.on('close', end);
    this.socket.on('error', end);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async more(deadline: number): Promise<boolean> {
    if (this.ended) return false;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, left);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
    return true;
  }

  write(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** One HTTP response (head + Content-Length body; no body for HEAD). Null if none in time. */
  async readResponse(head = false, timeoutMs = 15_000): Promise<Buffer | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end >= 0) {
        const headText = this.buf.subarray(0, end).toString('latin1');
        const m = /\r\nContent-Length: (\d+)/i.exec(headText);
        const total = end + 4 + (head || !m ? 0 : Number(m[1]));
        if (this.buf.length >= total) {
          const out = this.buf.subarray(0, total);
          this.buf = this.buf.subarray(total);
          return out;
        }
      }
      if (!(await this.more(deadline))) return null;
    }
  }

  /** Resolves true if the server closes the connection within `ms`. */
  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.ended) if (!(await this.more(deadline))) break;
    return this.ended;
  }

  get pending(): Buffer {
    return this.buf;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Capture session ids <-> live session ids, learnt from requests and Set-Cookie answers. */
export class SessionMap {
  readonly toLive = new Map<string, string>();
  readonly toCapture = new Map<string, string>();

  set(captureId: string, liveId: string): void {
    this.toLive.set(captureId, liveId);
    this.toCapture.set(liveId, captureId);
  }
}

const COOKIE_ID = /mansession_id="?([0-9a-f]{8})/g;

export function cookieIds(bytes: Buffer): string[] {
  return [...bytes.toString('latin1').matchAll(COOKIE_ID)].map((m) => m[1] as string);
}

export function setCookieId(bytes: Buffer): string | undefined {
  const m = /Set-Cookie: mansession_id="([0-9a-f]{8})"/.exec(bytes.toString('latin1'));
  return m?.[1];
}

/** Request bytes with every mapped capture id replaced by its live id (same length). */
export function liveRequest(bytes: Buffer, map: SessionMap): Buffer {
  let text = bytes.toString('latin1');
  for (const [cap, live] of map.toLive) text = text.split(cap).join(live);
  return Buffer.from(text, 'latin1');
}

/**
 * Shortens WaitEvent's Timeout to 1 s (in real time): an answer with events comes at once either
 * way, and one without them does not hold the replay for the capture's full wait.
 */
export function quickWait(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/([?&]Timeout=)[2-9]\b/, '$11'), 'latin1');
}

/** Splits an HTTP response into head and body and checks Content-Length frames the body. */
export function checkFraming(response: Buffer, head = false): void {
  const end = response.indexOf('\r\n\r\n');
  expect(end, 'response has a header/body separator').toBeGreaterThan(0);
  const m = /\r\nContent-Length: (\d+)\r\n/.exec(response.subarray(0, end + 2).toString('latin1'));
  expect(m, 'response has a Content-Length').not.toBeNull();
  if (!head) expect(response.length - end - 4).toBe(Number(m?.[1]));
}

/** Replaces volatile values so that two answers to the same request compare equal. */
export function normalize(bytes: Buffer): string {
  let t = bytes.toString('latin1');
  t = t.replace(/^Date: .*$/m, 'Date: <date>');
  t = t.replace(/\r\nContent-Length: \d+\r\n/, '\r\nContent-Length: <len>\r\n');
  const ids = new Map<string, string>();
  t = t.replace(/ajamtest-\d+\.\d+/g, (u) => {
    if (!ids.has(u)) ids.set(u, `<uid${ids.size}>`);
    return ids.get(u) as string;
  });
  t = t.replace(/\b\d{10}\.\d{6}\b/g, '<ts>');
  t = t.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000/g, '<tv>');
  t = t.replace(/\b\d{4}-\d{2}-\d{2}\b/g, '<ymd>');
  t = t.replace(/\b\d{2}:\d{2}:\d{2}\b/g, '<hms>');
  t = t.replace(/0x[0-9a-f]{8,16}/g, '<ptr>');
  t = t.replace(/IPV4\/TCP\/127\.0\.0\.1\/\d+/g, '<addr>');
  t = t.replace(/(Seconds: |seconds=')\d+/g, '$1<n>');
  // app_queue's member times are epoch seconds of when the replay ran (a login, a pause, a call).
  t = t.replace(/\b(LoginTime|LastCall|LastPause)(: |=')\d{10}\b/gi, '$1$2<epoch>');
  // Seconds since a participant answered (ConfbridgeList) depend on when the replay ran.
  t = t.replace(/\b(AnsweredTime)(: |=')\d+/gi, '$1$2<n>');
  // Bridge ids are UUIDs Asterisk draws at random.
  t = t.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>');
  t = t.replace(/(System uptime|Last reload): [^\r\n']*?(?=\s*(?:\r\n|'))/g, '$1: <uptime>');
  t = t.replace(/(nonce|opaque)="[0-9a-f]{8}"/g, '$1="<nonce>"');
  return t;
}

/**
 * Compares one live answer with the captured one: framing first, then the normalized bytes, after
 * mapping the live session id back to the capture's (and learning new ids from Set-Cookie).
 */
export function compareResponse(
  actual: Buffer,
  expected: Buffer,
  map: SessionMap,
  head = false,
  transform: (checked: Buffer) => Buffer = (b) => b,
): void {
  checkFraming(actual, head);
  actual = transform(actual);
  const capId = setCookieId(expected);
  const liveId = setCookieId(actual);
  if (capId && liveId && !map.toLive.has(capId) && !map.toCapture.has(liveId)) map.set(capId, liveId);
  let text = actual.toString('latin1');
  for (const [live, cap] of map.toCapture) text = text.split(live).join(cap);
  expect(normalize(Buffer.from(text, 'latin1'))).toBe(normalize(expected));
}

/** The connection a capture block goes on (by its connection number), opened at its first block. */
export function connectionFor(conns: Map<number, RawConnection>, id: number, port: number): RawConnection {
  let conn = conns.get(id);
  if (!conn) {
    conn = new RawConnection(port);
    conns.set(id, conn);
  }
  return conn;
}

/** Sends every request block of a capture in order and compares each response block. */
export async function replay(
  capture: Capture,
  port: number,
  map: SessionMap,
  edit: (request: Buffer) => Buffer = (r) => r,
  transform?: (checked: Buffer) => Buffer,
): Promise<Map<number, RawConnection>> {
  const conns = new Map<number, RawConnection>();
  let lastMethodHead = false;
  for (const block of capture.blocks) {
    const conn = connectionFor(conns, block.conn, port);
    if (block.kind === 'request') {
      const bytes = edit(liveRequest(block.bytes, map));
      lastMethodHead = bytes.subarray(0, 5).toString('latin1') === 'HEAD ';
      conn.write(bytes);
    } else {
      const actual = await conn.readResponse(lastMethodHead);
      expect(actual, `${capture.name}: an answer`).not.toBeNull();
      compareResponse(actual as Buffer, block.bytes, map, lastMethodHead, transform);
    }
  }
  return conns;
}

/** Logs in over raw HTTP and returns the live session id. */
export async function login(port: number, user: string, secret: string, extra = ''): Promise<string> {
  const conn = new RawConnection(port);
  conn.write(
    Buffer.from(
      `GET /asterisk/rawman?action=Login&username=${user}&secret=${secret}${extra} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      'latin1',
    ),
  );
  const res = await conn.readResponse();
  conn.close();
  const id = res ? setCookieId(res) : undefined;
  if (!id || !res?.toString('latin1').includes('Authentication accepted'))
    throw new Error(`login ${user} failed`);
  return id;
}

/** One request on a fresh connection; the answer. */
export async function request(port: number, text: string): Promise<Buffer> {
  const conn = new RawConnection(port);
  conn.write(Buffer.from(text, 'latin1'));
  const res = await conn.readResponse(text.startsWith('HEAD '));
  conn.close();
  if (!res) throw new Error('no answer');
  return res;
}

export function get(path: string, cookie?: string): string {
  return `GET /asterisk/${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${cookie ? `Cookie: mansession_id="${cookie}"\r\n` : ''}\r\n`;
}

const md5hex = (s: string): string => createHash('md5').update(s).digest('hex');

/**
 * A digest Authorization header answered anew for a live challenge: the capture's header with its
 * nonce and opaque replaced by the live ones and the response recomputed (RFC 2617, qop=auth) with
 * the password curl was given. Same length as the original, so Content-Length-free requests stay valid.
 */
export function answerChallenge(request: Buffer, liveNonce: string, password: string): Buffer {
  const text = request.toString('latin1');
  const m = /\r\nAuthorization: Digest ([^\r]*)\r\n/.exec(text);
  if (!m) return request;
  const field = (k: string): string =>
    new RegExp(`(?:^|, )${k}="?([^",]*)"?`).exec(m[1] as string)?.[1] ?? '';
  const method = text.slice(0, text.indexOf(' '));
  const ha1 = md5hex(`${field('username')}:${field('realm')}:${password}`);
  const ha2 = md5hex(`${method}:${field('uri')}`);
  const response = md5hex(`${ha1}:${liveNonce}:${field('nc')}:${field('cnonce')}:auth:${ha2}`);
  const header = (m[1] as string)
    .replace(/nonce="[0-9a-f]{8}"/, `nonce="${liveNonce}"`)
    .replace(/opaque="[0-9a-f]{8}"/, `opaque="${liveNonce}"`)
    .replace(/response="[0-9a-f]{32}"/, `response="${response}"`);
  return Buffer.from(text.replace(m[1] as string, header), 'latin1');
}

/** The nonce of a 401's WWW-authenticate header (checked to equal its opaque). */
export function challengeNonce(response: Buffer): string | undefined {
  const m =
    /\r\nWWW-authenticate: Digest algorithm=MD5, realm="[^"]*", nonce="([0-9a-f]{8})", qop="auth", opaque="([0-9a-f]{8})"\r\n/.exec(
      response.toString('latin1'),
    );
  if (!m) return undefined;
  expect(m[2], 'opaque equals nonce').toBe(m[1]);
  return m[1];
}

/**
 * Replays a digest capture (10*): each Authorization header is recomputed for the nonce the demo
 * just handed out on that connection. Returns every nonce the demo issued, in order.
 */
export async function replayDigest(
  capture: Capture,
  port: number,
  map: SessionMap,
  password: string,
): Promise<string[]> {
  const conns = new Map<number, RawConnection>();
  const nonces: string[] = [];
  for (const block of capture.blocks) {
    const conn = connectionFor(conns, block.conn, port);
    if (block.kind === 'request') {
      const last = nonces.at(-1);
      const bytes = liveRequest(block.bytes, map);
      conn.write(last ? answerChallenge(bytes, last, password) : bytes);
    } else {
      const actual = await conn.readResponse();
      expect(actual, `${capture.name}: an answer`).not.toBeNull();
      const nonce = challengeNonce(actual as Buffer);
      if (nonce) nonces.push(nonce);
      expect(
        /\r\nSet-Cookie:/i.test((actual as Buffer).toString('latin1')),
        'no Set-Cookie on digest URIs',
      ).toBe(false);
      compareResponse(actual as Buffer, block.bytes, map);
    }
  }
  for (const c of conns.values()) c.close();
  return nonces;
}
