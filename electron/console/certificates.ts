/**
 * Trust on first use for self-signed PBX certificates: show the SHA-256 fingerprint (cert:probe),
 * and pin it only when the server still presents the fingerprint the operator accepted
 * (cert:trust). Pins made here last for this run; the desktop stores them in the profile.
 * Verification is never switched off: a pinned fingerprint replaces CA checks for that URL only.
 */
import { fail, ok, type CertificateInfo, type IpcResult } from '../../shared/ipc';
import { notice } from '../../shared/notices';
import { errors } from '../ajam/errors';
import {
  formatFingerprint,
  normalizeFingerprint,
  peekCertificate,
  type PeekedCertificate,
} from '../ajam/tls';
import { parseBaseUrl } from '../ajam/url';

/** What one look at a server's certificate tells (its PEM is not needed here). */
export type ProbedCertificate = Omit<PeekedCertificate, 'pem'>;

export type CertificateReader = (url: string) => Promise<ProbedCertificate>;

/**
 * Reads the certificate and whether the system would have trusted it, without trusting it
 * (ajam/tls.ts peekCertificate); nothing is sent. The operator decides from what this shows.
 */
export async function readServerCertificate(url: string, timeoutMs = 5000): Promise<ProbedCertificate> {
  const base = parseBaseUrl(url);
  if (base.protocol !== 'https:') {
    throw errors.notHttps(url);
  }
  const { pem: _pem, ...probed } = await peekCertificate(base, timeoutMs);
  return probed;
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
          notice('cert.mismatch', { host: info.host, port: info.port, sha256: info.sha256 }),
        );
      }
      pins.set(originOf(url), accepted);
      return ok({ ...info, pinned: true });
    },
  };
}
