/**
 * HTTP to the PBX through undici. Two connection pools: one for actions, one of its own for the
 * WaitEvent long-poll, so an action never waits behind a poll that may hang for a minute.
 * TLS trust is either the system store, a custom CA, or a pinned certificate fingerprint checked on
 * every new connection before a single request byte is written.
 */
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import type { Profile } from './api';
import { AjamError, errors } from './errors';
import { formatFingerprint, requireFingerprint } from './tls';
import { parseBaseUrl, type BaseUrl } from './url';

export type Lane = 'action' | 'events';

export interface HttpRequest {
  /** Path under the prefix, e.g. `rawman`. */
  readonly path: string;
  /** application/x-www-form-urlencoded body; requests are always POST so nothing lands in a URL. */
  readonly form: string;
  /** `mansession_id="..."` exactly as the server set it, or undefined before the first answer. */
  readonly cookie?: string;
  readonly lane: Lane;
  /**
   * The whole exchange's deadline, headers and body: a server that drips a byte now and then
   * must not hold a request (and one of the lane's few connections) for ever.
   */
  readonly timeoutMs: number;
  /** Names the request in errors (the action name; never a field value). */
  readonly what: string;
  readonly signal?: AbortSignal;
}

/** What arrives before the body. */
export interface HttpHead {
  readonly status: number;
  readonly contentType: string;
  readonly setCookie: readonly string[];
}

/**
 * Reads one reply's body as it arrives. The body yields at most the transport's cap of bytes (past
 * it, it throws and the connection is dropped) within the request's deadline; whatever the reader
 * leaves unread is discarded when it returns.
 */
export type BodyReader<T> = (head: HttpHead, body: AsyncIterable<Uint8Array>) => Promise<T>;

export interface Transport {
  readonly base: BaseUrl;
  request<T>(req: HttpRequest, read: BodyReader<T>): Promise<T>;
  close(): Promise<void>;
}

/** A PBX reply bigger than this is refused (Profile.maxResponseBytes changes it). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Node runs a setTimeout longer than 2^31 - 1 ms after 1 ms: longer waits are cut to this. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

type TransportProfile = Pick<Profile, 'url' | 'ca' | 'fingerprint' | 'connectTimeoutMs' | 'maxResponseBytes'>;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

class PinMismatch extends Error {
  constructor(readonly ajam: AjamError) {
    super(ajam.message);
  }
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function isTlsError(e: unknown): boolean {
  const code = codeOf(e);
  const msg = e instanceof Error ? e.message : '';
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT') ||
    code === 'EPROTO' ||
    /certificate|SSL routines|self[- ]signed|wrong version number/i.test(msg)
  );
}

/** Turns whatever undici or the socket threw into the one AjamError an admin can act on. */
export function classifyNetworkError(e: unknown, base: BaseUrl, what: string, timeoutMs: number): AjamError {
  if (e instanceof AjamError) return e;
  if (e instanceof PinMismatch) return e.ajam;
  const cause = (e as { cause?: unknown } | null)?.cause;
  if (cause instanceof PinMismatch) return cause.ajam;
  const name = e instanceof Error ? e.name : '';
  const code = codeOf(e) || codeOf(cause);
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return errors.closed();
  if (DNS_CODES.has(code)) return errors.dns(base.hostname, e);
  if (code === 'ECONNREFUSED') return errors.refused(base.origin, e);
  if (UNREACHABLE_CODES.has(code)) return errors.unreachable(base.origin, code, e);
  if (TIMEOUT_CODES.has(code)) {
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return errors.connectTimeout(base.origin, base.protocol === 'https:', timeoutMs, e);
    }
    return errors.timeout(base.origin, what, timeoutMs, e);
  }
  if (isTlsError(e) || isTlsError(cause)) {
    const msg = (e instanceof Error ? e.message : String(e)) || code;
    if (/wrong version number|packet length too long|ERR_SSL_WRONG_VERSION/i.test(msg + code)) {
      return errors.tls(
        base.origin,
        'the server did not answer with TLS (is this an http port? use http:// or the tlsbindaddr port)',
        e,
      );
    }
    return errors.tls(base.origin, msg, e);
  }
  if (code.startsWith('HPE_')) {
    return errors.notHttp(base.origin, base.protocol === 'http:');
  }
  if (DROPPED_CODES.has(code)) return errors.dropped(base.origin, e);
  return errors.talkFailed(base.origin, e instanceof Error ? e.message : String(e), e);
}

function makeConnector(profile: TransportProfile, base: BaseUrl): buildConnector.connector {
  const timeout = profile.connectTimeoutMs ?? 5000;
  if (base.protocol === 'http:') return buildConnector({ timeout });
  if (profile.fingerprint !== undefined && profile.fingerprint !== '') {
    const expected = requireFingerprint(profile.fingerprint);
    // The chain is not checked against a CA, the exact certificate is; no TLS session reuse, so
    // every connection shows its certificate.
    const inner = buildConnector({ timeout, rejectUnauthorized: false, maxCachedSessions: 0 });
    return (opts, callback) => {
      inner(opts, (err, socket) => {
        if (err || !socket) {
          callback(err ?? new Error('no socket'), null);
          return;
        }
        const cert = (socket as TLSSocket).getPeerCertificate();
        const actual = (cert?.fingerprint256 ?? '').replace(/:/g, '').toLowerCase();
        if (actual !== expected) {
          socket.destroy();
          callback(
            new PinMismatch(
              errors.pinMismatch(base.origin, formatFingerprint(expected), cert?.fingerprint256 || 'none'),
            ),
            null,
          );
          return;
        }
        callback(null, socket);
      });
    };
  }
  return buildConnector({
    timeout,
    rejectUnauthorized: true,
    ...(profile.ca !== undefined && profile.ca !== '' ? { ca: profile.ca } : {}),
  });
}

/** The body's chunks, throwing once more than `max` bytes arrived (the caller then drops the connection). */
async function* capped(
  body: AsyncIterable<Uint8Array>,
  max: number,
  what: string,
): AsyncIterable<Uint8Array> {
  let received = 0;
  for await (const chunk of body) {
    received += chunk.length;
    if (received > max) throw errors.tooLarge(what, max);
    yield chunk;
  }
}

export function createTransport(profile: TransportProfile): Transport {
  const base = parseBaseUrl(profile.url);
  const connect = makeConnector(profile, base);
  const lanes: Record<Lane, Agent> = {
    action: new Agent({ connect, connections: 4, pipelining: 1, keepAliveTimeout: 4000 }),
    events: new Agent({ connect, connections: 1, pipelining: 1, keepAliveTimeout: 4000 }),
  };
  let closed = false;
  const maxBodyBytes = profile.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  return {
    base,
    async request<T>(req: HttpRequest, read: BodyReader<T>): Promise<T> {
      if (closed) throw errors.closed();
      const url = `${base.origin}${base.prefix}/${req.path}`;
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (req.cookie !== undefined) headers['cookie'] = `mansession_id=${req.cookie}`;
      // undici's own timeouts restart with every byte: this one does not.
      const deadline = new AbortController();
      let timedOut = false;
      const timer = setTimeout(
        () => {
          timedOut = true;
          deadline.abort();
        },
        Math.min(Math.max(0, req.timeoutMs), MAX_TIMER_MS),
      );
      // The caller's signal (the event loop stopping) aborts too; the listener goes with the request,
      // since the loop's signal outlives thousands of polls.
      const stop = (): void => deadline.abort();
      if (req.signal?.aborted) deadline.abort();
      req.signal?.addEventListener('abort', stop, { once: true });
      let stream: Dispatcher.ResponseData['body'] | undefined;
      try {
        const res = await request(url, {
          dispatcher: lanes[req.lane],
          method: 'POST',
          headers,
          body: req.form,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
          signal: deadline.signal,
        });
        stream = res.body;
        const length = Number(res.headers['content-length']);
        // Announced too big: refused before a byte of it is read.
        if (length > maxBodyBytes) throw errors.tooLarge(req.what, maxBodyBytes);
        const raw = res.headers['set-cookie'];
        const setCookie = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        const ct = res.headers['content-type'];
        const head: HttpHead = {
          status: res.statusCode,
          contentType: (Array.isArray(ct) ? ct[0] : ct) ?? '',
          setCookie,
        };
        return await read(head, capped(res.body, maxBodyBytes, req.what));
      } catch (e) {
        if (timedOut) throw errors.timeout(base.origin, req.what, req.timeoutMs, e);
        throw classifyNetworkError(e, base, req.what, req.timeoutMs);
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', stop);
        // Unread (a refused status, a parse error, the cap): drop the connection rather than read on.
        if (stream && !stream.readableEnded) {
          // undici reports its own destroy as an 'error' event: nobody else is listening any more.
          stream.on('error', () => undefined);
          stream.destroy();
        }
      }
    },
    async close() {
      closed = true;
      await Promise.all([lanes.action.close(), lanes.events.destroy()]);
    },
  };
}
