/**
 * main/http.c's side of a connection: reading one request head the way Asterisk does, the body
 * bookkeeping that decides keep-alive, and `ast_http_send` / `ast_http_error` byte for byte.
 * Node's http module is not used: it would add headers Asterisk never sends.
 */
import type { Socket } from 'node:net';
import { skipBlanks, skipNonBlanks, trimBlanks } from './blanks';
import type { HeadStream } from './iostream';

export const SERVER_NAME = 'Asterisk/22.10.1';
const MAX_HTTP_LINE_LENGTH = 4096;
const MAX_HTTP_REQUEST_HEADERS = 100;
/** Limit of an x-www-form-urlencoded body (http.c MAX_CONTENT_LENGTH). */
export const MAX_CONTENT_LENGTH = 40960;

export type HttpMethod = 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE' | 'OPTIONS' | 'UNKNOWN';

export interface HttpRequest {
  readonly method: HttpMethod;
  /** The request target as sent (path and query, not decoded). */
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** http_worker_private_data: what http.c tracks about the body of the request in progress. */
export interface BodyState {
  hasBody: boolean;
  bodyRead: boolean;
  closeOnCompletion: boolean;
  /** -1 = chunked. */
  bodyLength: number;
}

export type HeadResult =
  | { readonly kind: 'eof' }
  | { readonly kind: 'error'; readonly status: number; readonly title: string; readonly text: string }
  | { readonly kind: 'request'; readonly request: HttpRequest };

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];

/** httpd_process_request() up to the headers: request line, then http_request_headers_get(). */
export async function readRequestHead(io: HeadStream): Promise<HeadResult> {
  const lineBuf = await io.gets(MAX_HTTP_LINE_LENGTH);
  if (lineBuf.length === 0) return { kind: 'eof' };
  if (lineBuf[lineBuf.length - 1] !== 0x0a) {
    const text = lineBuf.length === MAX_HTTP_LINE_LENGTH - 1 ? 'Request line too long' : 'Timeout';
    return { kind: 'error', status: 400, title: 'Bad Request', text };
  }
  const line = skipBlanks(lineBuf.toString('latin1'));
  const methodEnd = skipNonBlanks(line);
  const methodText = line.slice(0, methodEnd).toUpperCase();
  const method = METHODS.find((m) => m === methodText) ?? 'UNKNOWN';
  const afterMethod = skipBlanks(line.slice(methodEnd + (methodEnd < line.length ? 1 : 0)));
  if (afterMethod.length === 0)
    return { kind: 'error', status: 400, title: 'Bad Request', text: 'Invalid Request' };
  const target = afterMethod.slice(0, skipNonBlanks(afterMethod));

  const headers: Array<readonly [string, string]> = [];
  let remaining = MAX_HTTP_REQUEST_HEADERS;
  for (;;) {
    const buf = await io.gets(MAX_HTTP_LINE_LENGTH);
    if (buf.length === 0) return { kind: 'error', status: 400, title: 'Bad Request', text: 'Timeout' };
    if (buf[buf.length - 1] !== 0x0a) {
      const text = buf.length === MAX_HTTP_LINE_LENGTH - 1 ? 'Header line too long' : 'Timeout';
      return { kind: 'error', status: 400, title: 'Bad Request', text };
    }
    const h = trimBlanks(buf.toString('latin1'));
    if (h.length === 0) break;
    const colon = h.indexOf(':');
    if (colon < 0) continue;
    const name = h.slice(0, colon);
    const value = skipBlanks(h.slice(colon + 1));
    if (value.length === 0 || name.length === 0) continue;
    if (!remaining--) {
      return { kind: 'error', status: 413, title: 'Request Entity Too Large', text: 'Too many headers' };
    }
    // Header bytes are kept as latin1 so that no byte is lost; values that matter are ASCII.
    headers.push([trimBlanks(name), value]);
  }
  return { kind: 'request', request: { method, target, headers } };
}

/** get_header(): first header of that name, case-insensitive. */
export function getHeader(
  headers: ReadonlyArray<readonly [string, string]>,
  name: string,
): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === n) return v;
  return undefined;
}

/** sscanf("%30d"): leading blanks, optional sign, digits; anything else is invalid (-1). */
function scanInt(text: string): number | null {
  const m = /^\s*([+-]?\d{1,30})/.exec(text);
  return m ? Number.parseInt(m[1] as string, 10) : null;
}

/** http_request_tracking_setup(): null when fine, else the 400 to send (and close). */
export function setupBodyState(headers: ReadonlyArray<readonly [string, string]>): {
  state: BodyState;
  error?: string;
} {
  const connection = getHeader(headers, 'Connection');
  const state: BodyState = {
    hasBody: false,
    bodyRead: false,
    closeOnCompletion: connection !== undefined && connection.toLowerCase() === 'close',
    bodyLength: 0,
  };
  const te = getHeader(headers, 'Transfer-Encoding');
  if (te !== undefined && te.toLowerCase() === 'chunked') {
    state.bodyLength = -1;
    state.hasBody = true;
    return { state };
  }
  const cl = getHeader(headers, 'Content-Length');
  const length = cl === undefined ? 0 : (scanInt(cl) ?? -1);
  state.bodyLength = length;
  if (length > 0) state.hasBody = true;
  else if (length < 0) {
    state.closeOnCompletion = true;
    return { state, error: 'Invalid Content-Length in request!' };
  }
  return { state };
}

/** http_body_get_chunk_length() and friends: one chunk-size line; -1 on a malformed one. */
async function chunkLength(io: HeadStream): Promise<number> {
  const line = (await io.gets(MAX_HTTP_LINE_LENGTH)).toString('latin1');
  const m = /^\s*([0-9a-fA-F]+)/.exec(line);
  if (!m || !line.endsWith('\n')) return -1;
  return Number.parseInt(m[1] as string, 16);
}

async function readExactly(io: HeadStream, length: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let total = 0;
  while (total < length) {
    const got = await io.read(length - total);
    if (got.length === 0) return null;
    parts.push(got);
    total += got.length;
  }
  return Buffer.concat(parts, total);
}

/**
 * ast_http_get_contents(): the whole body (Content-Length or chunked). Errors mirror the errno
 * values manager.c maps to status codes: 'too-big' -> 413, 'io' -> 400.
 */
export async function readBody(io: HeadStream, state: BodyState): Promise<Buffer | 'too-big' | 'io'> {
  if (!state.hasBody || state.bodyRead) return Buffer.alloc(0);
  state.bodyRead = true;
  if (state.bodyLength > 0) {
    if (state.bodyLength > MAX_CONTENT_LENGTH) {
      state.closeOnCompletion = true;
      return 'too-big';
    }
    const body = await readExactly(io, state.bodyLength);
    if (!body) {
      state.closeOnCompletion = true;
      return 'io';
    }
    return body;
  }
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    const len = await chunkLength(io);
    if (len < 0) {
      state.closeOnCompletion = true;
      return 'io';
    }
    if (len === 0) break;
    if (total + len > MAX_CONTENT_LENGTH) {
      state.closeOnCompletion = true;
      return 'too-big';
    }
    const chunk = await readExactly(io, len);
    const crlf = chunk ? await io.gets(MAX_HTTP_LINE_LENGTH) : null;
    if (!chunk || !crlf || crlf.toString('latin1').trim() !== '') {
      state.closeOnCompletion = true;
      return 'io';
    }
    parts.push(chunk);
    total += len;
  }
  if (!(await discardTrailers(io))) {
    state.closeOnCompletion = true;
    return 'io';
  }
  return Buffer.concat(parts, total);
}

async function discardTrailers(io: HeadStream): Promise<boolean> {
  for (;;) {
    const line = await io.gets(MAX_HTTP_LINE_LENGTH);
    if (line.length === 0 || line[line.length - 1] !== 0x0a) return false;
    if (trimBlanks(line.toString('latin1')).length === 0) return true;
  }
}

/** ast_http_body_discard(): false when the body could not be read (the connection then closes). */
export async function discardBody(io: HeadStream, state: BodyState): Promise<boolean> {
  if (!state.hasBody || state.bodyRead) return true;
  state.bodyRead = true;
  if (state.bodyLength > 0) {
    const got = await io.discard(state.bodyLength);
    if (got < state.bodyLength) {
      state.closeOnCompletion = true;
      return false;
    }
    return true;
  }
  for (;;) {
    const len = await chunkLength(io);
    if (len < 0) break;
    if (len === 0) {
      if (await discardTrailers(io)) return true;
      break;
    }
    const got = await io.discard(len);
    const crlf = await io.gets(MAX_HTTP_LINE_LENGTH);
    if (got < len || crlf.toString('latin1').trim() !== '') break;
  }
  state.closeOnCompletion = true;
  return false;
}

/** "Thu, 26 Nov 2026 03:24:50 GMT", as ast_strftime("%a, %d %b %Y %H:%M:%S GMT"). */
export function httpDate(now: Date): string {
  return now.toUTCString();
}

export interface Connection {
  readonly socket: Socket;
  readonly io: HeadStream;
  /** Set once the connection is being closed, so the request loop stops. */
  closing: boolean;
}

export interface SendOptions {
  readonly method: HttpMethod;
  readonly status: number;
  readonly title?: string;
  /** Extra header lines, each ending in \r\n (Content-type, Set-Cookie, ...). */
  readonly headers: string;
  readonly body: string | Buffer;
}

/**
 * ast_http_send(): discards an unread body first (that decides keep-alive), writes the head in
 * Asterisk's order and closes the connection when it must. Resolves once the bytes are handed to
 * the socket.
 */
export async function httpSend(
  conn: Connection,
  state: BodyState,
  opts: SendOptions,
  now: Date,
): Promise<void> {
  let close = state.closeOnCompletion;
  if (!close && !(await discardBody(conn.io, state))) close = true;
  const body = typeof opts.body === 'string' ? Buffer.from(opts.body, 'utf8') : opts.body;
  const sendContent = opts.method !== 'HEAD' || opts.status >= 400;
  const head =
    `HTTP/1.1 ${opts.status} ${opts.title ?? 'OK'}\r\n` +
    `Server: ${SERVER_NAME}\r\n` +
    `Date: ${httpDate(now)}\r\n` +
    (close ? 'Connection: close\r\n' : '') +
    'Cache-Control: no-cache, no-store\r\n' +
    opts.headers +
    `Content-Length: ${body.length}\r\n` +
    '\r\n';
  const bytes =
    sendContent && body.length > 0
      ? Buffer.concat([Buffer.from(head, 'latin1'), body])
      : Buffer.from(head, 'latin1');
  if (!conn.socket.destroyed) conn.socket.write(bytes);
  if (close) closeConnection(conn);
}

export function closeConnection(conn: Connection): void {
  conn.closing = true;
  if (!conn.socket.destroyed) conn.socket.end();
}

/** The HTML page of ast_http_create_response(), as used by ast_http_error(). */
export function errorPage(status: number, title: string, text: string): string {
  return (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n' +
    '<html><head>\r\n' +
    `<title>${status} ${title}</title>\r\n` +
    '</head><body>\r\n' +
    `<h1>${title}</h1>\r\n` +
    `<p>${escapeText(text)}</p>\r\n` +
    '<hr />\r\n' +
    `<address>${SERVER_NAME}</address>\r\n` +
    '</body></html>\r\n'
  );
}

function escapeText(s: string): string {
  return s.replace(/[<>"'&]/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === "'" ? '&apos;' : '&amp;',
  );
}

/** ast_http_error(). */
export async function httpError(
  conn: Connection,
  state: BodyState,
  status: number,
  title: string,
  text: string,
  now: Date,
  extraHeaders = '',
): Promise<void> {
  await httpSend(
    conn,
    state,
    {
      method: 'UNKNOWN',
      status,
      title,
      headers: extraHeaders + 'Content-type: text/html\r\n',
      body: errorPage(status, title, text),
    },
    now,
  );
}

/** The 501 every handler answers a method it does not take with. */
export function httpNotImplemented(conn: Connection, state: BodyState, now: Date): Promise<void> {
  return httpError(
    conn,
    state,
    501,
    'Not Implemented',
    'Attempt to use unimplemented / unsupported method',
    now,
  );
}
