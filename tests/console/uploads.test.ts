/**
 * Uploads and certificate trust through the contract, against the demo PBX on 127.0.0.1: the
 * preview's content route, the preload's path route, refusals, and trust on first use over https.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { createUploads, stagingLeaf } from '../../electron/console/uploads';
import type { DemoOptions } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory } from '../../electron/ipc/memory';
import type { UploadBatchResult, UploadItem } from '../../shared/ipc';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(demo: DemoOptions = {}) {
  const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 20, ...demo });
  cleanups.push(() => pbx.close());
  const uploads = createUploads();
  cleanups.push(() => uploads.close());
  const console_ = createConsole({ createClient: (profile) => createClient(profile), uploads });
  cleanups.push(() => console_.close());
  const page = connectInMemory(console_.router, 'page');
  const preload = connectInMemory(console_.router, 'preload');
  cleanups.push(async () => {
    page.close();
    preload.close();
  });
  const progress: UploadItem[] = [];
  const batches: UploadBatchResult[] = [];
  page.api.onUploadProgress((item) => progress.push(item));
  page.api.onUploadBatch((batch) => batches.push(batch));
  return { pbx, uploads, page, preload, progress, batches };
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function wav(bytes: number): Buffer {
  const data = randomBytes(Math.max(0, bytes - 44));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('uploads through the contract', () => {
  it('refuses before a session, and without a post mapping', async () => {
    const { pbx, page } = await setup();
    const file = { name: 'a.wav', size: 44, arrayBuffer: async () => new Uint8Array(wav(44)).buffer };
    const before = await page.api.addUploads([file]);
    expect(before.ok || before.error.code).toBe('not-connected');
    await page.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    const unmapped = await page.api.addUploads([file]);
    expect(unmapped.ok || unmapped.error.message).toMatch(/post mapping/);
  });

  it("stores the preview's file contents byte for byte, with progress and a batch result", async () => {
    const { pbx, page, progress, batches } = await setup();
    await page.api.connect({ url: pbx.url, user: 'admin', secret: '12345', postMapping: 'recordings' });
    const files = [wav(4096 * 3 + 17), wav(100_000)];
    const names = ['exten-113-3004579622-20250802-120405-1754153905.5203765.wav', 'segunda llamada.wav'];
    const result = await page.api.addUploads(
      files.map((data, i) => ({
        name: names[i] as string,
        size: data.length,
        arrayBuffer: async () => new Uint8Array(data).buffer,
      })),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.items.map((item) => item.state)).toEqual(['queued', 'queued']);
    await until('the batch to end', () => batches.length === 1);
    expect(batches[0]).toEqual({ batchId: result.value.batchId, uploaded: 2, failed: 0, cancelled: 0 });

    const list = await page.api.listUploads();
    expect(list.ok && list.value.map((item) => [item.name, item.state, item.totalBytes])).toEqual([
      [names[0], 'done', files[0]?.length],
      ['segunda_llamada.wav', 'done', files[1]?.length],
    ]);
    if (list.ok) expect(list.value[1]?.originalName).toBe('segunda llamada.wav');
    const stored = pbx.uploads();
    expect(stored.map((upload) => upload.rawFilename)).toEqual([names[0], 'segunda_llamada.wav']);
    for (const [i, upload] of stored.entries())
      expect(sha(await readFile(upload.path))).toBe(sha(files[i] as Buffer));
    expect(progress.some((item) => item.state === 'done')).toBe(true);
    // The renderer never learns where the file lived on this machine.
    expect(JSON.stringify(progress)).not.toContain(tmpdir());
  });

  it('takes paths from the preload only, checks them, and refuses what Asterisk cannot play', async () => {
    const { pbx, page, preload } = await setup();
    await preload.api.connect({ url: pbx.url, user: 'admin', secret: '12345', postMapping: 'recordings' });
    const dir = await mkdtemp(join(tmpdir(), 'ajam-console-upload-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const good = join(dir, 'grabacion.wav');
    const bad = join(dir, 'notes.exe');
    const data = wav(20_000);
    await writeFile(good, data);
    await writeFile(bad, 'MZ');

    const fromPage = await page.raw('upload:add', { files: [{ path: good }] });
    expect(fromPage.ok || fromPage.error.code).toBe('not-allowed');

    const result = await preload.raw('upload:add', {
      files: [{ path: good }, { path: bad }, { path: join(dir, 'missing.wav') }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const items = (result.value as { items: UploadItem[] }).items;
    expect(items.map((item) => item.state)).toEqual(['queued', 'failed', 'failed']);
    expect(items[1]?.error?.code).toBe('upload-refused');
    expect(items[1]?.error?.message).toMatch(/exe/);
    expect(items[2]?.error?.code).toBe('upload-refused');
    await until('the upload', () => pbx.uploads().length === 1);
    expect(sha(await readFile(pbx.uploads()[0]?.path as string))).toBe(sha(data));
  });

  it('refused files show their real size and offer no Retry; a network failure offers one that works', async () => {
    const { pbx, preload, batches } = await setup();
    await preload.api.connect({ url: pbx.url, user: 'admin', secret: '12345', postMapping: 'recordings' });
    const dir = await mkdtemp(join(tmpdir(), 'ajam-console-retry-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const good = join(dir, 'llamada.wav');
    const data = wav(30_000);
    await writeFile(good, data);
    await writeFile(join(dir, 'notes.exe'), Buffer.alloc(1500, 1));
    await writeFile(join(dir, 'silence.wav'), '');
    await pbx.stop();
    const added = await preload.raw('upload:add', {
      files: [good, join(dir, 'notes.exe'), join(dir, 'silence.wav'), join(dir, 'gone.wav')].map((path) => ({
        path,
      })),
    });
    expect(added.ok).toBe(true);
    await until('the batch to end', () => batches.length === 1);
    const list = await preload.api.listUploads();
    if (!list.ok) throw new Error('no list');
    const [sent, exe, empty, gone] = list.value;
    // The PBX was away: worth another try.
    expect(sent).toMatchObject({ state: 'failed', totalBytes: data.length, retryable: true });
    // The file itself is the problem: a retry meets the same refusal, so none is offered.
    expect(exe).toMatchObject({ state: 'failed', totalBytes: 1500, error: { code: 'upload-refused' } });
    expect(exe).not.toHaveProperty('retryable');
    expect(empty).toMatchObject({ state: 'failed', totalBytes: 0 });
    expect(empty).not.toHaveProperty('retryable');
    expect(gone).not.toHaveProperty('retryable');
    const again = await preload.api.retryUpload({ id: exe?.id ?? '' });
    expect(again.ok || again.error.code).toBe('upload-refused');

    await pbx.start();
    const retried = await preload.api.retryUpload({ id: sent?.id ?? '' });
    expect(retried.ok).toBe(true);
    await until('the retried upload', () => pbx.uploads().length === 1, 20_000);
    expect(sha(await readFile(pbx.uploads()[0]?.path as string))).toBe(sha(data));
  });

  it('cancel and retry answer for unknown ids with a clear error', async () => {
    const { pbx, page } = await setup();
    await page.api.connect({ url: pbx.url, user: 'admin', secret: '12345', postMapping: 'recordings' });
    expect(await page.api.cancelUpload({ id: 'u999' })).toEqual({
      ok: false,
      error: {
        code: 'unknown-upload',
        notice: { key: 'upload.unknown', params: { id: 'u999' } },
        message: 'No upload with id u999 in this session.',
      },
    });
    expect((await page.api.retryUpload({ id: 'u999' })).ok).toBe(false);
  });

  it('makes page file names into one harmless path segment for staging', () => {
    expect(stagingLeaf('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(stagingLeaf('..')).toBe('file');
    expect(stagingLeaf('C:\\x\\a.wav')).toBe('C:_x_a.wav');
  });
});

describe('the upload mapping in the session status', () => {
  it('every window and every later status knows where drops go, whichever way the session started', async () => {
    const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 20 });
    cleanups.push(() => pbx.close());
    const uploads = createUploads();
    cleanups.push(() => uploads.close());
    // Started from main (the tray, "Try the demo PBX"): no window sent the mapping.
    const console_ = createConsole({
      createClient: (profile) => createClient(profile),
      uploads,
      demo: async () => ({ url: pbx.url, user: 'admin', secret: '12345', postMapping: 'recordings' }),
    });
    cleanups.push(() => console_.close());
    const first = connectInMemory(console_.router, 'page');
    cleanups.push(async () => first.close());
    const statuses: (string | undefined)[] = [];
    first.api.onSessionStatus((status) => statuses.push(status.postMapping));

    const started = await first.api.connectDemo();
    expect(started.ok && started.value.postMapping).toBe('recordings');
    // A window opened (or reloaded) afterwards asks main, not its own memory.
    const later = connectInMemory(console_.router, 'page');
    cleanups.push(async () => later.close());
    const status = await later.api.getStatus();
    expect(status.ok && status.value).toMatchObject({ state: 'connected', postMapping: 'recordings' });
    expect(statuses).toContain('recordings');

    // A session without a mapping says so by leaving it out.
    const plain = await later.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    expect(plain.ok && plain.value.state).toBe('connected');
    expect(plain.ok && 'postMapping' in plain.value).toBe(false);
  });
});

describe('trust on first use over https', () => {
  it('shows the fingerprint, refuses a mismatch, pins the right one, and connects with the pin', async () => {
    const { pbx, page } = await setup({ tls: true });
    expect(pbx.url.startsWith('https://')).toBe(true);
    const refused = await page.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    expect(refused.ok || refused.error.code).toBe('tls');

    const probe = await page.api.probeCertificate({ url: pbx.url });
    expect(probe.ok).toBe(true);
    if (!probe.ok) return;
    expect(probe.value.sha256).toBe(pbx.fingerprint?.toUpperCase());
    expect(probe.value).toMatchObject({ selfSigned: true, trustedBySystem: false, pinned: false });
    expect(probe.value.verifyError).toBeTruthy();

    const wrong = await page.api.trustCertificate({ url: pbx.url, sha256: 'AB'.repeat(32) });
    expect(wrong.ok || wrong.error.code).toBe('cert-mismatch');
    const trusted = await page.api.trustCertificate({ url: pbx.url, sha256: probe.value.sha256 });
    expect(trusted.ok && trusted.value.pinned).toBe(true);

    const connected = await page.api.connect({
      url: pbx.url,
      user: 'admin',
      secret: '12345',
      postMapping: 'recordings',
    });
    expect(connected.ok && connected.value.state).toBe('connected');
  });

  it('probing a plain http URL says there is no certificate', async () => {
    const { pbx, page } = await setup();
    const probe = await page.api.probeCertificate({ url: pbx.url });
    expect(probe.ok || probe.error).toMatchObject({ code: 'tls' });
  });
});
