/**
 * HTTP Digest (RFC 2617, MD5, qop=auth) as manager.c's `auth_http_callback()` checks it for
 * /arawman, /amxml and /amanager: the Authorization header parsed the way `ast_parse_digest()`
 * reads it, the expected response, and the challenge header of `ast_http_auth()`. Pure.
 */
import { createHash } from 'node:crypto';
import { skipBlanks } from './blanks';

export interface DigestFields {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly cnonce: string;
  readonly nc: string;
  /** qop=auth was given (RFC 2617); otherwise the RFC 2069 form is expected. */
  readonly qop: boolean;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** ast_unescape_c(): C escapes inside a quoted value. */
function unescapeC(s: string): string {
  const map: Readonly<Record<string, string>> = {
    n: '\n',
    r: '\r',
    t: '\t',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
  };
  return s.replace(/\\(.)/g, (_m, c: string) => map[c] ?? c);
}

const KEYS = [
  'username',
  'realm',
  'nonce',
  'uri',
  'domain',
  'response',
  'cnonce',
  'opaque',
  'algorithm',
  'qop',
  'nc',
];

/**
 * ast_parse_digest(value, d, request=0, pedantic=1). Null when Asterisk would reject the header
 * (not "Digest ", a non-MD5 algorithm, a bad nc, or a missing realm/nonce/username/uri/response,
 * or cnonce/nc missing with qop).
 */
export function parseDigest(value: string): DigestFields | null {
  let c = skipBlanks(value);
  if (c.slice(0, 7).toLowerCase() !== 'digest ') return null;
  c = c.slice(7);
  const f: Record<string, string> = {};
  let qop = false;
  for (;;) {
    c = skipBlanks(c);
    if (c === '') break;
    const key = KEYS.find((k) => c.slice(0, k.length + 1).toLowerCase() === `${k}=`);
    if (!key) {
      const comma = c.indexOf(',');
      if (comma < 0) break;
      c = c.slice(comma + 1);
      continue;
    }
    c = c.slice(key.length + 1);
    let v: string;
    if (c.startsWith('"')) {
      const end = c.indexOf('"', 1);
      v = unescapeC(end < 0 ? c.slice(1) : c.slice(1, end));
      c = end < 0 ? '' : c.slice(end + 1);
    } else {
      const end = c.indexOf(',');
      v = end < 0 ? c : c.slice(0, end);
      c = end < 0 ? '' : c.slice(end + 1);
    }
    if (key === 'algorithm') {
      if (v.toLowerCase() !== 'md5') return null;
    } else if (key === 'qop') {
      if (v.toLowerCase() === 'auth') qop = true;
    } else if (key === 'nc') {
      if (!/^\s*[+-]?(0x)?[0-9a-f]/i.test(v)) return null;
      f.nc = v;
    } else {
      f[key] = v;
    }
  }
  const get = (k: string): string => f[k] ?? '';
  if (!get('realm') || !get('nonce')) return null;
  if (!get('username') || !get('uri') || !get('response')) return null;
  if (qop && (!get('cnonce') || !get('nc'))) return null;
  return {
    username: get('username'),
    realm: get('realm'),
    nonce: get('nonce'),
    uri: get('uri'),
    response: get('response'),
    cnonce: get('cnonce'),
    nc: get('nc'),
    qop,
  };
}

/** sscanf("%30lx"): the leading hexadecimal number, or null when there is none. */
export function scanHex(text: string): number | null {
  const m = /^\s*([+-]?)(?:0x)?([0-9a-f]+)/i.exec(text);
  if (!m) return null;
  const v = Number.parseInt((m[2] as string).slice(0, 16), 16);
  return m[1] === '-' ? -v : v;
}

/** "%08lx" of an unsigned long. */
export function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** manager.conf's precalculated A1 hash: MD5(user:realm:secret). */
export function a1Hash(user: string, realm: string, secret: string): string {
  return md5(`${user}:${realm}:${secret}`);
}

/**
 * The response Asterisk expects. The nonce is the number it parsed, printed back with %08lx, and
 * the method is the request's own (A2 = METHOD:uri, uri as the client sent it in the header).
 */
export function expectedResponse(a1: string, method: string, d: DigestFields, nonce: number): string {
  const a2 = md5(`${method}:${d.uri}`);
  return d.qop
    ? md5(`${a1}:${hex8(nonce)}:${d.nc}:${d.cnonce}:auth:${a2}`)
    : md5(`${a1}:${hex8(nonce)}:${a2}`);
}

/** strncasecmp(d.response, expected, strlen(expected)) == 0. */
export function responseMatches(given: string, expected: string): boolean {
  return given.slice(0, expected.length).toLowerCase() === expected;
}

/** The header line of ast_http_auth(): nonce and opaque are the same number. */
export function challengeHeader(realm: string, nonce: number, stale: boolean): string {
  return (
    `WWW-authenticate: Digest algorithm=MD5, realm="${realm}", nonce="${hex8(nonce)}", qop="auth", ` +
    `opaque="${hex8(nonce)}"${stale ? ', stale=true' : ''}\r\n`
  );
}
