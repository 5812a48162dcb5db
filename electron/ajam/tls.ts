/**
 * Certificate helpers for self-signed PBXs: fingerprint normalising, and reading a server's
 * certificate once so the user can decide to trust it (trust on first use, in the UI and uploads).
 */
import { connect, type PeerCertificate } from 'node:tls';
import { AjamError, errors } from './errors';
import { parseBaseUrl } from './url';

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
    throw new AjamError(
      'tls',
      `"${input}" is not a SHA-256 certificate fingerprint: expected 64 hex digits, with or without colons (openssl x509 -noout -fingerprint -sha256).`,
    );
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

/**
 * Connects to an https PBX WITHOUT trusting it, only to show its certificate; nothing is sent over
 * that connection. The caller must have the user confirm the fingerprint before pinning it.
 */
export function fetchServerCertificate(url: string, timeoutMs = 5000): Promise<ServerCertificate> {
  const base = parseBaseUrl(url);
  if (base.protocol !== 'https:') {
    return Promise.reject(
      new AjamError('tls', `${url} is not an https URL: there is no certificate to fetch over plain http.`),
    );
  }
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
    socket.once('timeout', () => fail(errors.timeout(base.origin, 'the TLS handshake', timeoutMs)));
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
      const result: ServerCertificate = {
        fingerprint256: cert.fingerprint256,
        subject: names(cert.subject),
        issuer: names(cert.issuer),
        validTo: cert.valid_to,
        pem: toPem(cert.raw),
      };
      socket.end();
      resolve(result);
    });
  });
}
