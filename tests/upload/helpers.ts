/** Shared pieces of the upload tests: real files on disk, a logged-in target on a demo PBX. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AjamClient } from '../../electron/ajam/api';
import { createClient } from '../../electron/ajam/client';
import type { DemoPbx } from '../../electron/demo/api';
import type { UploadTarget } from '../../electron/upload/engine';

export async function randomFile(dir: string, name: string, size: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, randomBytes(size));
  return path;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

export function wavHeader(o: {
  format?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  dataBytes?: number;
}): Buffer {
  const { format = 1, channels = 1, rate = 8000, bits = 16, dataBytes = 0 } = o;
  const b = Buffer.alloc(44);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write('WAVE', 8, 'latin1');
  b.write('fmt ', 12, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(format, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE((rate * channels * bits) / 8, 28);
  b.writeUInt16LE((channels * bits) / 8, 32);
  b.writeUInt16LE(bits, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(dataBytes, 40);
  return b;
}

/** Logs in to the demo PBX as `user` and returns the client plus an upload target bound to it. */
export async function loggedIn(
  pbx: DemoPbx,
  user = 'admin',
  extra: Partial<UploadTarget> = {},
): Promise<{ client: AjamClient; target: UploadTarget }> {
  const secret = pbx.users.find((u) => u.user === user)?.secret ?? '';
  const trust = pbx.certificatePem ? { ca: pbx.certificatePem } : undefined;
  const client = createClient({ url: pbx.url, user, secret, ...(trust ?? {}) });
  await client.connect();
  return { client, target: recordingsTarget(client, pbx.url, { ...(trust ? { trust } : {}), ...extra }) };
}

/** The demo's `recordings` post mapping at `baseUrl`, on the session of a connected client. */
export function recordingsTarget(
  client: AjamClient,
  baseUrl: string,
  extra: Partial<UploadTarget> = {},
): UploadTarget {
  return {
    baseUrl,
    mapping: 'recordings',
    cookie: () => client.sessionCookie(),
    relogin: () => client.relogin(),
    ...extra,
  };
}
