/**
 * A throwaway self-signed certificate for `tls: true`, made with the system's `openssl` (present
 * on the Debian images this project targets; Node has no API to create certificates).
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SelfSigned {
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the DER certificate, upper-case hex with colons (as `openssl x509 -fingerprint`). */
  readonly fingerprint: string;
}

const run = promisify(execFile);

export async function makeSelfSigned(commonName = '127.0.0.1'): Promise<SelfSigned> {
  const dir = await mkdtemp(join(tmpdir(), 'ajam-demo-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    try {
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '30',
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        `subjectAltName=IP:127.0.0.1,DNS:localhost`,
      ]);
    } catch (err) {
      throw new Error(
        `the demo PBX needs the openssl command to make its https certificate: ${(err as Error).message}`,
      );
    }
    const certPem = await readFile(cert, 'utf8');
    const keyPem = await readFile(key, 'utf8');
    return { certPem, keyPem, fingerprint: new X509Certificate(certPem).fingerprint256 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
