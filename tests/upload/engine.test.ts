import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AjamClient } from '../../electron/ajam/api';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { uploadFile, type UploadTarget } from '../../electron/upload/engine';
import { UploadQueue, type BatchSummary } from '../../electron/upload/queue';
import { loggedIn, randomFile, sha256File } from './helpers';
import { englishMessage } from '../../shared/ipc';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ajam-upload-test-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** File sizes around every 4096-byte edge of the server's reads, up to 6 buffers, plus a few larger. */
const EDGE_SIZES = [1, 1023, 1024, 1025, 2047, 2048, 2049];
for (let k = 1; k <= 6; k++)
  EDGE_SIZES.push(k * 4096 - 44, k * 4096 - 43, k * 4096 - 1, k * 4096, k * 4096 + 1);
EDGE_SIZES.push(65_536, 1_048_576 + 7, 3_000_001);

for (const tls of [true, false]) {
  describe(`uploads to the demo PBX over ${tls ? 'https' : 'http on loopback'}`, () => {
    let pbx: DemoPbx;
    let client: AjamClient;
    let target: UploadTarget;
    beforeAll(async () => {
      pbx = await startDemoPbx({ tls, callsPerSecond: 0 });
      ({ client, target } = await loggedIn(pbx));
    });
    afterAll(async () => {
      await client.close();
      await pbx.close();
    });

    it('stores exactly the source bytes for sizes around every 4096-byte boundary, two at a time', async () => {
      const paths = await Promise.all(
        EDGE_SIZES.map((size) => randomFile(work, `${tls ? 's' : 'p'}${size}.wav`, size)),
      );
      const queue = new UploadQueue({ target: () => target });
      const ended: BatchSummary[] = [];
      queue.onBatchEnd((s) => ended.push(s));
      let maxRunning = 0;
      queue.onChange(() => {
        maxRunning = Math.max(maxRunning, queue.items().filter((i) => i.state === 'uploading').length);
      });
      await queue.add(paths);
      await queue.idle();
      expect(ended).toHaveLength(1);
      const failures = queue
        .items()
        .filter((i) => i.state !== 'done')
        .map((i) => `${i.sendName}: ${i.error?.message}`);
      expect(failures).toEqual([]);
      expect(ended[0]).toMatchObject({ uploaded: EDGE_SIZES.length, failed: 0, cancelled: 0 });
      expect(maxRunning).toBe(2);
      for (const path of paths) {
        const name = path.slice(work.length + 1);
        const stored = join(pbx.uploadsDir, name);
        expect(await sha256File(stored), name).toBe(await sha256File(path));
        expect(pbx.uploads().find((u) => u.path === stored)?.rawFilename).toBe(name);
      }
    }, 120_000);

    it('reports a naive single-write upload as failed after the reply timeout (the demo hangs like Asterisk)', async () => {
      const path = await randomFile(work, `naive-${tls}.wav`, 64 * 1024);
      const started = performance.now();
      const outcome = await uploadFile(
        { ...target, replyTimeoutMs: 1500 },
        { path, sendName: `naive-${tls}.wav`, writeStrategy: 'single-write' },
      );
      expect(outcome).toMatchObject({ status: 'failed', code: 'no-reply' });
      if (outcome.status === 'failed') expect(outcome.message).toMatch(/stuck upload thread/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
      expect(await readdir(pbx.uploadsDir)).not.toContain(`naive-${tls}.wav`);
      // The same file, aligned, goes through.
      expect(await uploadFile(target, { path, sendName: `naive-${tls}.wav` })).toMatchObject({
        status: 'uploaded',
      });
    });
  });
}

describe('session, permission and mapping replies', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx({ tls: true, callsPerSecond: 0 });
  });
  afterAll(async () => {
    await pbx.close();
  });

  it('logs in again once after 403 and then succeeds', async () => {
    const { client, target } = await loggedIn(pbx);
    let relogins = 0;
    let cookie: string | undefined = 'deadbeef';
    const path = await randomFile(work, 'after-403.wav', 10_000);
    const outcome = await uploadFile(
      {
        ...target,
        cookie: () => cookie,
        relogin: async () => {
          relogins++;
          await client.relogin();
          cookie = client.sessionCookie();
        },
      },
      { path, sendName: 'after-403.wav' },
    );
    expect(outcome).toMatchObject({ status: 'uploaded', relogged: true });
    expect(relogins).toBe(1);
    expect(await sha256File(join(pbx.uploadsDir, 'after-403.wav'))).toBe(await sha256File(path));
    await client.close();
  });

  it('gives up after one re-login when the PBX still says 403', async () => {
    const { client, target } = await loggedIn(pbx);
    let relogins = 0;
    const path = await randomFile(work, 'still-403.wav', 5000);
    const outcome = await uploadFile(
      { ...target, cookie: () => '00000000', relogin: async () => void relogins++ },
      { path, sendName: 'still-403.wav' },
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'no-session', httpStatus: 403 });
    expect(relogins).toBe(1);
    await client.close();
  });

  it('explains 401: the user lacks write=config', async () => {
    const { client, target } = await loggedIn(pbx, 'limited');
    const path = await randomFile(work, 'limited.wav', 5000);
    const outcome = await uploadFile(target, { path, sendName: 'limited.wav' });
    expect(outcome).toMatchObject({ status: 'failed', code: 'permission', httpStatus: 401 });
    if (outcome.status === 'failed') expect(outcome.message).toMatch(/write=config.*manager\.conf/s);
    await client.close();
  });

  it('explains 404 for an unknown post mapping', async () => {
    const { client, target } = await loggedIn(pbx);
    const path = await randomFile(work, 'nomap.wav', 100);
    const outcome = await uploadFile(
      { ...target, mapping: 'nosuchmapping' },
      { path, sendName: 'nomap.wav' },
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'not-found', httpStatus: 404 });
    if (outcome.status === 'failed') expect(outcome.message).toMatch(/\[post_mappings\]/);
    await client.close();
  });

  it('refuses an untrusted or mismatched certificate and reports its fingerprint', async () => {
    const { client, target } = await loggedIn(pbx);
    const path = await randomFile(work, 'tls.wav', 100);
    const untrusted = await uploadFile({ ...target, trust: undefined }, { path, sendName: 'tls.wav' });
    expect(untrusted).toMatchObject({ status: 'failed', code: 'tls', fingerprint: pbx.fingerprint });
    const wrongPin = await uploadFile(
      { ...target, trust: { fingerprint: 'AA'.repeat(32) } },
      { path, sendName: 'tls.wav' },
    );
    expect(wrongPin).toMatchObject({ status: 'failed', code: 'tls', fingerprint: pbx.fingerprint });
    const pinned = await uploadFile(
      { ...target, trust: { fingerprint: pbx.fingerprint as string } },
      { path, sendName: 'tls.wav' },
    );
    expect(pinned).toMatchObject({ status: 'uploaded' });
    await client.close();
  });

  it('cancel mid-way leaves nothing marked done and nothing stored', async () => {
    const { client, target } = await loggedIn(pbx);
    const path = await randomFile(work, 'cancel-me.wav', 48 * 1024 * 1024);
    const queue = new UploadQueue({ target: () => target });
    const [item] = await queue.add([path]);
    const id = (item as { id: string }).id;
    await new Promise<void>((resolve) => {
      const off = queue.onChange((i) => {
        if (i.id === id && i.sentBytes > 1024 * 1024) {
          off();
          resolve();
        }
      });
    });
    expect(queue.cancel(id)).toBe(true);
    await queue.idle();
    const final = queue.get(id);
    expect(final?.state).toBe('cancelled');
    expect(queue.items().filter((i) => i.state === 'done')).toHaveLength(0);
    expect(await readdir(pbx.uploadsDir)).not.toContain('cancel-me.wav');
    expect(await queue.retry(id)).toBe(true);
    await queue.idle();
    expect(queue.get(id)?.state).toBe('done');
    expect((await stat(join(pbx.uploadsDir, 'cancel-me.wav'))).size).toBe(48 * 1024 * 1024);
    await client.close();
  }, 120_000);

  it('sanitizes unsafe names and warns about overwrites', async () => {
    const { client, target } = await loggedIn(pbx);
    const path = join(work, 'grabación "del" día.wav');
    await writeFile(path, Buffer.alloc(3000, 1));
    const queue = new UploadQueue({ target: () => target });
    const [first] = await queue.add([path]);
    expect(first?.sendName).toBe('grabacion_del_dia.wav');
    expect(first?.warnings.some((w) => /stored as grabacion_del_dia\.wav/.test(englishMessage(w)))).toBe(
      true,
    );
    await queue.idle();
    const stored = pbx.uploads().find((u) => u.path === join(pbx.uploadsDir, 'grabacion_del_dia.wav'));
    expect(stored?.rawFilename).toBe('grabacion_del_dia.wav');
    const [again] = await queue.add([path]);
    expect(again?.warnings.some((w) => /already sent.*overwrites/.test(englishMessage(w)))).toBe(true);
    await queue.idle();
    await client.close();
  });
});

describe('names that clean down to nothing', () => {
  it('are stored under a name from their content hash, with their extension, byte for byte', async () => {
    const pbx = await startDemoPbx({ callsPerSecond: 0 });
    const { client, target } = await loggedIn(pbx);
    try {
      const folder = await mkdtemp(join(work, 'unnamed-'));
      const paths = [
        await randomFile(folder, '日本語.wav', 20_000),
        await randomFile(folder, '....gsm', 3300),
      ];
      const queue = new UploadQueue({ target: () => target });
      const items = await queue.add(paths);
      await queue.idle();
      for (const [index, path] of paths.entries()) {
        const digest = await sha256File(path);
        const ext = path.slice(path.lastIndexOf('.'));
        const item = queue.get(items[index]?.id ?? '');
        expect(item?.state, path).toBe('done');
        expect(item?.sendName).toBe(`upload-${digest.slice(0, 12)}${ext}`);
        expect(await sha256File(join(pbx.uploadsDir, item?.sendName ?? ''))).toBe(digest);
        expect(pbx.uploads().some((u) => u.rawFilename === item?.sendName)).toBe(true);
      }
    } finally {
      await client.close();
      await pbx.close();
    }
  });
});

describe('plain http to a host that is not loopback', () => {
  it('refuses files over 1 KiB before connecting, explaining the bug and the TLS settings', async () => {
    const path = await randomFile(work, 'remote.wav', 2000);
    const outcome = await uploadFile(
      {
        baseUrl: 'http://pbx.example.invalid:8088/asterisk',
        mapping: 'recordings',
        cookie: () => 'abcd1234',
        relogin: async () => {},
      },
      { path, sendName: 'remote.wav' },
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'plain-http-refused' });
    if (outcome.status !== 'failed') return;
    for (const needle of [
      '100% CPU',
      'tlsenable',
      'tlsbindaddr',
      'tlscertfile',
      'tlsprivatekey',
      'https://pbx.example.invalid:8089/asterisk',
    ]) {
      expect(outcome.message).toContain(needle);
    }
  });
});
