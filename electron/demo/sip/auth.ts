/**
 * res_pjsip_authenticator_digest's part for the demo: a 401 challenge (MD5, qop=auth) and the
 * check of the Authorization that answers it, with the header parsed by ../digest.ts. Pure but
 * for the random nonces.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DigestFields } from '../digest';
import { a1Hash, parseDigest } from '../digest';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');
/** Nonces remembered; a client retrying with an older one is simply challenged again. */
const MAX_NONCES = 64;

export interface Credentials {
  readonly user: string;
  readonly password: string;
  readonly realm: string;
}

/** The response a client must send for `method` (RFC 2617 3.2.2.1, qop=auth or none). */
export function digestResponse(c: Credentials, method: string, d: DigestFields): string {
  const a1 = a1Hash(c.user, c.realm, c.password);
  const a2 = md5(`${method}:${d.uri}`);
  return d.qop ? md5(`${a1}:${d.nonce}:${d.nc}:${d.cnonce}:auth:${a2}`) : md5(`${a1}:${d.nonce}:${a2}`);
}

export class Authenticator {
  private readonly nonces: string[] = [];

  constructor(private readonly credentials: Credentials) {}

  /** The WWW-Authenticate value of a 401. */
  challenge(): string {
    const nonce = randomBytes(16).toString('hex');
    this.nonces.push(nonce);
    if (this.nonces.length > MAX_NONCES) this.nonces.shift();
    return `Digest realm="${this.credentials.realm}",nonce="${nonce}",opaque="${randomBytes(8).toString('hex')}",algorithm=MD5,qop="auth"`;
  }

  /** Whether this Authorization header value proves the password for `method`. */
  verify(authorization: string | undefined, method: string): boolean {
    if (!authorization) return false;
    const d = parseDigest(authorization);
    if (!d || d.username !== this.credentials.user || d.realm !== this.credentials.realm) return false;
    if (!this.nonces.includes(d.nonce)) return false;
    return d.response.toLowerCase() === digestResponse(this.credentials, method, d);
  }
}
