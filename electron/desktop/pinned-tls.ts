/**
 * The softphone's SIP WebSocket (`wss://`) is opened by Chromium, which checks the PBX's certificate
 * against the system's CAs only; a self-signed PBX the operator pinned for AJAM would be refused there.
 * Electron's certificate verify proc lets main say yes to exactly that certificate: the one whose
 * SHA-256 is the running session's pin, presented by the session's own host. Anything else keeps
 * Chromium's own verdict (-3); nothing is ever trusted that the operator did not pin.
 */
import { X509Certificate } from 'node:crypto';

/** Electron's verdicts: 0 trust, -2 refuse, -3 use Chromium's verification. */
export type CertificateVerdict = 0 | -2 | -3;

export interface SessionPin {
  /** The session's AJAM base URL (its host is the one the pin is for). */
  readonly url: string;
  /** SHA-256 of the pinned certificate, hex, colons optional. */
  readonly sha256: string;
}

function normalized(hex: string): string {
  return hex.replace(/:/g, '').toUpperCase();
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/** Electron's `request.certificate.data` is the leaf's PEM. */
export function certificateVerdict(
  request: { readonly hostname: string; readonly certificate: { readonly data: string } },
  pin: SessionPin | undefined,
): CertificateVerdict {
  if (!pin || hostOf(pin.url) !== request.hostname.replace(/^\[|\]$/g, '')) return -3;
  try {
    const sha256 = new X509Certificate(request.certificate.data).fingerprint256;
    return normalized(sha256) === normalized(pin.sha256) ? 0 : -3;
  } catch {
    return -3;
  }
}
