/**
 * Trust on first use for self-signed PBX certificates: show the SHA-256 fingerprint (cert:probe),
 * and pin it only when the server still presents the fingerprint the operator accepted
 * (cert:trust). Pins made here last for this run; the desktop stores them in the profile.
 * Verification is never switched off: a pinned fingerprint replaces CA checks for that URL only.
 */
import { connect, type PeerCertificate } from 'node:tls';
import { fail, ok, type CertificateInfo, type IpcResult } from '../../shared/ipc';
import { AjamError, errors } from '../ajam/errors';
import { formatFingerprint, normalizeFingerprint } from '../ajam/tls';
import { parseBaseUrl, type BaseUrl } from '../ajam/url';

/** What one look at a server's certificate tells. */
export interface ProbedCertificate {
  /** Upper-case hex with colons, as Node gives it. */
  readonly fingerprint256: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** Whether the system's CAs verify it for this host name. */
  readonly authorized: boolean;
  readonly authorizationError?: string;
}

export type CertificateReader = (url: string) => Promise<ProbedCertificate>;

function names(entity: PeerCertificate['subject'] | undefined): string {
  if (!entity) return '';
  return Object.entries(entity)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}

/**
 * Opens a TLS connection WITHOUT trusting it, only to read the certificate and whether the system
 * would have trusted it; nothing is sent. The operator decides from what this shows.
 */
export function readServerCertificate(url: string, timeoutMs = 5000): Promise<ProbedCertificate> {
  let base: BaseUrl;
  try {
    base = parseBaseUrl(url);
  } catch (error) {
    return Promise.reject(error);
  }
  if (base.protocol !== 'https:') {
    return Promise.reject(
      new AjamError('tls', `${url} is not an https URL: plain http has no certificate to check.`),
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
    const failWith = (error: AjamError): void => {
      socket.destroy();
      reject(error);
    };
    socket.once('timeout', () => failWith(errors.timeout(base.origin, 'the TLS handshake', timeoutMs)));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') failWith(errors.refused(base.origin, error));
      else if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') failWith(errors.dns(host, error));
      else failWith(errors.tls(base.origin, error.message, error));
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false);
      if (!cert || !cert.raw) {
        failWith(errors.tls(base.origin, 'the server sent no certificate'));
        return;
      }
      const authorizationError = socket.authorizationError;
      resolve({
        fingerprint256: cert.fingerprint256,
        subject: names(cert.subject),
        issuer: names(cert.issuer),
        validFrom: cert.valid_from,
        validTo: cert.valid_to,
        authorized: socket.authorized,
        ...(authorizationError ? { authorizationError: String(authorizationError) } : {}),
      });
      socket.end();
    });
  });
}

export interface Certificates {
  /** The fingerprint pinned for this URL's origin in this run, upper-case with colons. */
  pinFor(url: string): string | undefined;
  probe(url: string): Promise<CertificateInfo>;
  trust(url: string, sha256: string): Promise<IpcResult<CertificateInfo>>;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

export function createCertificates(read: CertificateReader = readServerCertificate): Certificates {
  const pins = new Map<string, string>();

  async function probe(url: string): Promise<CertificateInfo> {
    const cert = await read(url);
    const parsed = new URL(url);
    const hex = normalizeFingerprint(cert.fingerprint256) ?? '';
    return {
      url,
      host: parsed.hostname,
      port: Number(parsed.port || 443),
      sha256: formatFingerprint(hex),
      subject: cert.subject,
      issuer: cert.issuer,
      validFrom: cert.validFrom,
      validTo: cert.validTo,
      selfSigned: cert.subject === cert.issuer,
      trustedBySystem: cert.authorized,
      ...(cert.authorizationError === undefined ? {} : { verifyError: cert.authorizationError }),
      pinned: pins.get(parsed.origin) === hex,
    };
  }

  return {
    pinFor(url) {
      const hex = pins.get(originOf(url));
      return hex === undefined ? undefined : formatFingerprint(hex);
    },
    probe,
    async trust(url, sha256) {
      const accepted = normalizeFingerprint(sha256);
      const info = await probe(url);
      if (accepted === undefined || normalizeFingerprint(info.sha256) !== accepted) {
        return fail(
          'cert-mismatch',
          `The server at ${info.host}:${info.port} now presents a different certificate (SHA-256 ${info.sha256}) from the one you accepted. Nothing was trusted; check with the PBX admin first.`,
        );
      }
      pins.set(originOf(url), accepted);
      return ok({ ...info, pinned: true });
    },
  };
}
