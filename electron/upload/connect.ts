/**
 * One connection for one upload (Asterisk closes it after every upload): TCP with Nagle off, or
 * TLS verified against the profile's CA, a pinned SHA-256 fingerprint, or the system roots.
 * Verification is never skipped: the certificate is checked before a byte of the request is
 * written, and a rejection carries the certificate's fingerprint so the UI can offer
 * trust-on-first-use.
 */
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import {
  checkServerIdentity,
  connect as tlsConnect,
  createSecureContext,
  type SecureContext,
  type TLSSocket,
} from 'node:tls';

export interface UploadTrust {
  /** PEM of a CA, or of the PBX's self-signed certificate itself. */
  readonly ca?: string;
  /** SHA-256 of the certificate (hex, colons optional): pinned instead of CA checks. */
  readonly fingerprint?: string;
}

export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  constructor(
    readonly code: 'connect' | 'tls',
    message: string,
    /** The certificate the PBX presented (hex with colons), when TLS verification failed. */
    readonly fingerprint?: string,
  ) {
    super(message);
  }
}

export function normalizeFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * One TLS context per CA (or the system roots), kept for the uploads after it: building it anew
 * for every connection (loading the roots or parsing the CA) cost a fair share of a small file's
 * upload. A few entries at most: one per profile's trust in use.
 */
const contexts = new Map<string, SecureContext>();
const MAX_CONTEXTS = 8;

function secureContextFor(ca: string | undefined): SecureContext {
  const key = ca ?? '';
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext(ca ? { ca: [ca] } : {});
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
}

export async function openConnection(
  url: URL,
  trust: UploadTrust | undefined,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Socket> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  return new Promise<Socket>((resolve, reject) => {
    let settled = false;
    const socket: Socket = secure
      ? tlsConnect({
          host,
          port,
          ...(isIP(host) ? {} : { servername: host }),
          secureContext: secureContextFor(trust?.ca),
          // Checked by hand in verify() below before anything is written, so that a failure can
          // report the certificate's fingerprint; an unverified connection is never used.
          rejectUnauthorized: false,
        })
      : tcpConnect({ host, port });
    const fail = (error: ConnectError): void => {
      if (settled) return;
      settled = true;
      cleanup();
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new ConnectError('connect', `No connection to ${url.host} within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
    const onAbort = (): void => fail(new ConnectError('connect', 'cancelled'));
    const onError = (error: Error): void => {
      fail(
        new ConnectError(
          secure && /SSL|TLS|certificate/i.test(error.message) ? 'tls' : 'connect',
          describeSocketError(url, error),
        ),
      );
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', onError);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      const problem = secure ? verify(socket as TLSSocket, host, trust) : undefined;
      if (problem) return fail(problem);
      settled = true;
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

function verify(socket: TLSSocket, host: string, trust: UploadTrust | undefined): ConnectError | undefined {
  const cert = socket.getPeerCertificate();
  const presented = cert?.fingerprint256 ?? '';
  if (trust?.fingerprint) {
    if (normalizeFingerprint(presented) === normalizeFingerprint(trust.fingerprint)) return undefined;
    return new ConnectError(
      'tls',
      `The PBX presented a certificate with SHA-256 fingerprint ${presented}, not the pinned ${trust.fingerprint}. ` +
        'If the PBX certificate was replaced on purpose, trust the new fingerprint in the profile.',
      presented,
    );
  }
  if (!socket.authorized) {
    return new ConnectError(
      'tls',
      `The PBX certificate is not trusted (${String(socket.authorizationError)}). Its SHA-256 fingerprint is ` +
        `${presented}; if that is your PBX's certificate, trust it in the profile (or give its CA).`,
      presented,
    );
  }
  const identity = checkServerIdentity(host, cert);
  if (identity) {
    return new ConnectError(
      'tls',
      `The PBX certificate does not name ${host} (${identity.message}). Its SHA-256 fingerprint is ${presented}; ` +
        'pin that fingerprint in the profile if this is your PBX.',
      presented,
    );
  }
  return undefined;
}

function describeSocketError(url: URL, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED')
    return `Nothing listens at ${url.host} (connection refused): is Asterisk's HTTP server on, and is the port right?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Cannot resolve ${url.hostname}.`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${url.host} is unreachable.`;
  return `Cannot connect to ${url.host}: ${error.message}`;
}
