/**
 * manager.c's `generic_http_callback()`: one AJAM request on /rawman, /mxml or /manager. Finds or
 * creates the session from the `mansession_id` cookie, runs the action, sets the cookie on every
 * answer, and re-arms the session timer (5 s for sessions that have not logged in). Also its
 * digest twin `auth_http_callback()` for /arawman, /amxml and /amanager.
 */
import { randomInt } from 'node:crypto';
import type { ActionRequest, ManagerEnv } from './actions';
import { Output, processMessage } from './actions';
import { a1Hash, challengeHeader, expectedResponse, parseDigest, responseMatches, scanHex } from './digest';
import type { BodyState, Connection, HttpRequest } from './http';
import { getHeader, httpError, httpNotImplemented, httpSend, readBody } from './http';
import type { Lines } from './office';
import { SYSTEM_NAME } from './office';
import { parsePerm } from './permissions';
import type { DigestState, Session, SessionStore } from './sessions';
import { formatSessionId } from './sessions';
import type { OutputFormat } from './wire';
import { CONTENT_TYPE, digestManagerBody, managerBody, xmlNames } from './wire';

/** ast_uri_decode(ast_uri_http_legacy): `+` is a space, `%XX` a byte; bytes read as UTF-8. */
export function uriDecode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2b) bytes.push(0x20);
    else if (ch === 0x25) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1, i + 3));
      if (m) {
        bytes.push(Number.parseInt(m[0], 16));
        i += m[0].length;
      } else bytes.push(ch);
    } else if (ch < 0x80) bytes.push(ch);
    else for (const b of Buffer.from(text[i] as string, 'latin1')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The `a=b&c=d` parameters of a query or form body, decoded, in order, duplicates kept. */
export function parseParams(text: string): Lines {
  if (text === '') return [];
  return text.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0
      ? ([uriDecode(pair), ''] as const)
      : ([uriDecode(pair.slice(0, eq)), uriDecode(pair.slice(eq + 1))] as const);
  });
}

/** ast_http_manid_from_vars(): the session id from the last Cookie header (0 when none). */
export function sessionIdFromCookies(headers: ReadonlyArray<readonly [string, string]>): number {
  let cookie: string | undefined;
  for (const [k, v] of headers) if (k.toLowerCase() === 'cookie') cookie = v;
  if (cookie === undefined) return 0;
  // parse_cookies() prepends each cookie, so the last mansession_id in the header wins.
  let found: string | undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!name || !value) continue;
    if (name.toLowerCase() === 'mansession_id') found = value;
  }
  if (found === undefined) return 0;
  const m = /^\s*(?:0x)?([0-9a-fA-F]{1,8})/.exec(found);
  return m ? Number.parseInt(m[1] as string, 16) >>> 0 : 0;
}

export interface ManagerDeps {
  readonly env: ManagerEnv;
  readonly sessions: SessionStore;
  readonly local: string;
  readonly remote: string;
}

/** The request's parameters: the query, or for a form POST the body (read here). */
async function requestParams(
  conn: Connection,
  state: BodyState,
  request: HttpRequest,
  query: string,
  now: () => Date,
): Promise<Lines | null> {
  if (request.method !== 'POST') return parseParams(query);
  const type = (getHeader(request.headers, 'Content-Type') ?? '').split(';')[0] as string;
  if (type.toLowerCase() !== 'application/x-www-form-urlencoded') return [];
  const body = await readBody(conn.io, state);
  if (body === 'too-big') {
    await httpError(conn, state, 413, 'Request Entity Too Large', 'Body too large', now());
    return null;
  }
  if (body === 'io') {
    await httpError(conn, state, 400, 'Bad Request', 'Error parsing request body', now());
    return null;
  }
  return parseParams(body.toString('latin1'));
}

async function unsupportedMethod(
  conn: Connection,
  state: BodyState,
  request: HttpRequest,
  now: Date,
): Promise<boolean> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'POST') return false;
  await httpNotImplemented(conn, state, now);
  return true;
}

/** process_message() on the session, then the body in the URI's format. */
async function runAction(
  deps: ManagerDeps,
  session: Session,
  params: Lines,
  format: OutputFormat,
  digest = false,
): Promise<string> {
  const req: ActionRequest = { session, headers: params, local: deps.local, remote: deps.remote };
  const out = new Output();
  const ret = await processMessage(deps.env, req, out);
  if (ret) session.needdestroy = true;
  return (digest ? digestManagerBody : managerBody)(format, out.text, xmlNames(params));
}

export async function handleManager(
  deps: ManagerDeps,
  conn: Connection,
  state: BodyState,
  request: HttpRequest,
  format: OutputFormat,
  query: string,
): Promise<void> {
  const { env, sessions } = deps;
  const now = (): Date => new Date(env.now());
  if (await unsupportedMethod(conn, state, request, now())) return;
  const id = sessionIdFromCookies(request.headers);
  let session: Session | undefined = sessions.find(id);
  if (session) session.inuse++;
  else session = sessions.create();

  const params = await requestParams(conn, state, request, query, now);
  if (params === null) {
    session.inuse--;
    return;
  }
  const body = await runAction(deps, session, params, format);

  const headers =
    `Content-type: text/${CONTENT_TYPE[format]}\r\n` +
    `Set-Cookie: mansession_id="${formatSessionId(session.id)}"; Version=1; Max-Age=${env.httptimeout}\r\n` +
    'Pragma: SuppressEvents\r\n';

  const nowSec = Math.floor(env.now() / 1000);
  session.sessiontimeout = nowSec + (session.authenticated || env.httptimeout < 5 ? env.httptimeout : 5);
  if (session.needdestroy) {
    if (session.inuse === 1) sessions.destroy(session);
    else session.waiter?.wake();
  }
  session.inuse--;
  await httpSend(conn, state, { method: request.method, status: 200, headers, body }, now());
}

/** Seconds after which auth_http_callback() stops accepting a nonce and issues a new one. */
const NONCE_LIFETIME_S = 62;

/**
 * auth_http_callback(): /arawman, /amxml, /amanager. No cookie: the request carries HTTP Digest
 * credentials, the session is found by (username, nonce), and answers carry no Set-Cookie.
 * Anything wrong (no header, Basic, bad digest, unknown user, wrong password) gets a new 401
 * challenge; a stale nonce gets the session's current one with `stale=true`.
 */
export async function handleDigestManager(
  deps: ManagerDeps,
  conn: Connection,
  state: BodyState,
  request: HttpRequest,
  format: OutputFormat,
  query: string,
): Promise<void> {
  const { env, sessions } = deps;
  const now = (): Date => new Date(env.now());
  if (await unsupportedMethod(conn, state, request, now())) return;
  const challenge = async (nonce: number, stale: boolean): Promise<void> => {
    let n = nonce;
    // ast_random(): 31 bits, never 0; never one that already names a session.
    while (n === 0 || (!stale && !sessions.isFree(n))) n = randomInt(1, 0x8000_0000);
    await httpError(conn, state, 401, 'Unauthorized', '', now(), challengeHeader(SYSTEM_NAME, n, stale));
  };

  const authorization = getHeader(request.headers, 'Authorization');
  const d = authorization ? parseDigest(authorization) : null;
  const nonce = d ? scanHex(d.nonce) : null;
  if (!d || nonce === null) return challenge(0, false);
  const user = env.users.find((u) => u.user.toLowerCase() === d.username.toLowerCase());
  if (!user) return challenge(0, false);
  const expected = expectedResponse(a1Hash(user.user, SYSTEM_NAME, user.secret), request.method, d, nonce);
  if (!responseMatches(d.response, expected)) return challenge(0, false);

  const nowSec = Math.floor(env.now() / 1000);
  let session: Session;
  const found = sessions.findByNonce(d.username, nonce);
  if (!found) {
    session = sessions.createDigest(nonce, user.user, parsePerm(user.read), parsePerm(user.write), nowSec);
  } else if (found.stale) {
    return challenge(found.session.id, true);
  } else {
    session = found.session;
    const digest = session.digest as DigestState;
    const nc = scanHex(d.nc) ?? 0;
    if (digest.nc >= nc || nowSec - digest.noncetime > NONCE_LIFETIME_S) {
      let fresh: number;
      do fresh = randomInt(1, 0x8000_0000);
      while (!sessions.isFree(fresh));
      sessions.renonce(session, fresh, nowSec);
      return challenge(fresh, true);
    }
    digest.nc = nc;
    session.inuse++;
  }
  session.sessiontimeout = nowSec + Math.max(env.httptimeout, 5);

  const params = await requestParams(conn, state, request, query, now);
  if (params === null) {
    session.inuse--;
    return;
  }
  const body = await runAction(deps, session, params, format, true);
  session.inuse--;
  if (session.needdestroy) sessions.destroy(session);
  await httpSend(
    conn,
    state,
    { method: request.method, status: 200, headers: `Content-type: text/${CONTENT_TYPE[format]}\r\n`, body },
    now(),
  );
}
