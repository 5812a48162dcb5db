import { open, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { uploadFile } from '../../electron/upload/engine';
import { startChildPbx, type ChildPbx } from './demo-process';

/**
 * Constant memory: the body streams from disk, the read plan keeps 4 KiB. The demo PBX runs in a
 * child process so that only the client's RSS is measured. A full 1 GiB upload takes about a minute
 * on this 2-core machine, so it lives in benchmarks/upload.bench.ts; this test sends 192 MiB and holds
 * the same 64 MiB bound, which a file-sized buffer anywhere would break three times over.
 */
const SIZE = 192 * 1024 * 1024;

let pbx: ChildPbx;
let work: string;
beforeAll(async () => {
  pbx = await startChildPbx();
  work = await mkdtemp(join(tmpdir(), 'ajam-upload-mem-'));
});
afterAll(async () => {
  await pbx.close();
  await rm(work, { recursive: true, force: true });
  await rm(pbx.uploadsDir, { recursive: true, force: true });
});

describe('upload memory', () => {
  it(`streams a ${SIZE / 2 ** 20} MiB generated file with RSS growth under 64 MiB`, async () => {
    const path = join(work, 'big.wav');
    const handle = await open(path, 'w');
    await handle.truncate(SIZE); // sparse: no disk I/O to make it, zeros to read
    await handle.close();
    const client = createClient({
      url: pbx.url,
      user: 'admin',
      secret: '12345',
      fingerprint: pbx.fingerprint,
    });
    await client.connect();
    const target = {
      baseUrl: pbx.url,
      mapping: 'recordings',
      cookie: () => client.sessionCookie(),
      relogin: () => client.relogin(),
      trust: { fingerprint: pbx.fingerprint },
    };
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const outcome = await uploadFile(target, { path, sendName: 'big.wav' });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    await client.close();
    expect(outcome).toMatchObject({ status: 'uploaded', bytes: SIZE });
    expect((await stat(join(pbx.uploadsDir, 'big.wav'))).size).toBe(SIZE);
    expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
