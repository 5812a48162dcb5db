/**
 * Certificate helpers for self-signed PBXs: fingerprint normalising, and reading a server's
 * certificate once so the user can decide to trust it (trust on first use, in the UI and uploads).
 */
import { connect, type PeerCertificate } from 'node:tls';
import type { AjamError } from './errors';
import { errors } from './errors';
import { parseBaseUrl, type BaseUrl } from './url';

export interface ServerCertificate {
  /** SHA-256 of the DER certificate, upper-case hex with colons (what browsers and openssl show). */
  readonly fingerprint256: string;
  readonly subject: string;
  readonly issuer: string;
  /** As the certificate says, e.g. `Nov 26 04:32:00 2027 GMT`. */
  readonly validTo: string;
  readonly pem: string;
}

/** `AB:cd:...` or `abcd...` -> 64 lower-case hex digits, or undefined when it is not a SHA-256. */
export function normalizeFingerprint(input: string): string | undefined {
  const hex = input.trim().replace(/[:\s]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

/** Validates a user-given pin, throwing a clear error for anything that is not a SHA-256. */
export function requireFingerprint(input: string): string {
  const hex = normalizeFingerprint(input);
  if (hex === undefined) {
    throw errors.badFingerprint(input);
  }
  return hex;
}

function names(entity: PeerCertificate['subject'] | undefined): string {
  if (!entity) return '';
  return Object.entries(entity)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

function toPem(der: Buffer): string {
  const b64 = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${b64.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** What one unverified TLS handshake shows about a server. */
export interface PeekedCertificate {
  /** Upper-case hex with colons, as Node gives it. */
  readonly fingerprint256: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly pem: string;
  /** Whether the system's CAs verify it for this host name. */
  readonly authorized: boolean;
  readonly authorizationError?: string;
}

/**
 * Connects to an https PBX WITHOUT trusting it, only to read its certificate and whether the system
 * would have trusted it; nothing is sent over that connection. Whoever shows the result must have
 * the user confirm the fingerprint before pinning it.
 */
export function peekCertificate(base: BaseUrl, timeoutMs: number): Promise<PeekedCertificate> {
  const host = base.hostname.replace(/^\[|\]$/g, '');
  const port = Number(base.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const fail = (err: AjamError) => {
      socket.destroy();
      reject(err);
    };
    socket.once('timeout', () => fail(errors.handshakeTimeout(base.origin, timeoutMs)));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      if (code === 'ECONNREFUSED') fail(errors.refused(base.origin, e));
      else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') fail(errors.dns(host, e));
      else fail(errors.tls(base.origin, e.message, e));
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false);
      if (!cert || !cert.raw) {
        fail(errors.tls(base.origin, 'the server sent no certificate'));
        return;
      }
      const authorizationError = socket.authorizationError;
      const result: PeekedCertificate = {
        fingerprint256: cert.fingerprint256,
        subject: names(cert.subject),
        issuer: names(cert.issuer),
        validFrom: cert.valid_from,
        validTo: cert.valid_to,
        pem: toPem(cert.raw),
        authorized: socket.authorized,
        ...(authorizationError ? { authorizationError: String(authorizationError) } : {}),
      };
      socket.end();
      resolve(result);
    });
  });
}

/** The certificate of an https PBX, for trust on first use (see peekCertificate). */
export async function fetchServerCertificate(url: string, timeoutMs = 5000): Promise<ServerCertificate> {
  const base = parseBaseUrl(url);
  if (base.protocol !== 'https:') {
    throw errors.notHttps(url);
  }
  const { fingerprint256, subject, issuer, validTo, pem } = await peekCertificate(base, timeoutMs);
  return { fingerprint256, subject, issuer, validTo, pem };
}
