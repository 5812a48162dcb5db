/**
 * PipelineService against the demo PBX over https: a permanent refusal (a manager user without
 * write=config) stops that file with what to fix and is not tried again by itself, then Retry
 * sends it once fixed; the `ask` policy waits for an answer; history, counts and CSV come from the
 * journal; a transient failure waits with a retry time.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { PipelineService } from '../../electron/pipeline/service';
import type { UploadTarget } from '../../electron/upload/engine';
import type { PipelineFile } from '../../shared/pipeline';
import { loggedIn, sha256File } from '../upload/helpers';
import { configFor, waitFor, writeWav } from './helpers';

let pbx: DemoPbx;
let work: string;
beforeAll(async () => {
  pbx = await startDemoPbx({ tls: true, callsPerSecond: 0 });
  work = await mkdtemp(join(tmpdir(), 'ajam-pipeline-service-'));
});
afterAll(async () => {
  await pbx.close();
  await rm(work, { recursive: true, force: true });
});

describe('PipelineService', () => {
  it('a user without write=config: the file fails once, says what to fix, and goes on Retry once fixed', async () => {
    const dir = join(work, 'perm');
    await mkdir(dir);
    const limited = await loggedIn(pbx, 'limited');
    const admin = await loggedIn(pbx, 'admin');
    let target: UploadTarget = limited.target;
    const service = await PipelineService.open({
      journalPath: join(work, 'perm.jsonl'),
      runner: { settleMs: 200 },
    });
    const states: PipelineFile[] = [];
    service.onFile((f) => states.push(f));
    try {
      await writeWav(dir, 'svc-perm.wav', 8000);
      await service.start('p', configFor(dir), () => target);
      await waitFor(() => service.status('p').files.some((f) => f.state === 'failed'), 'the refusal');
      const failed = service.status('p').files.find((f) => f.state === 'failed');
      expect(failed?.notice?.key).toBe('upload.permission');
      expect(service.counts()).toEqual({ done: 0, failed: 1, waiting: 0 });
      // Not tried again by itself.
      await delay(800);
      expect(new Set(states.filter((f) => f.state === 'uploading').map((f) => f.attempts))).toEqual(
        new Set([1]),
      );
      target = admin.target;
      expect(service.retry([failed!.id])).toBe(1);
      await waitFor(
        () => service.status('p').files.some((f) => f.state === 'done'),
        'the upload after Retry',
      );
      const page = service.history({ filter: 'done' });
      expect(page.entries).toHaveLength(1);
      expect(page.entries[0]).toMatchObject({ sendName: 'svc-perm.wav', attempts: 2, result: 'done' });
      expect(page.counts).toEqual({ done: 1, failed: 0, waiting: 0 });
      const csv = service.exportCsv({});
      expect(csv.split('\r\n')[1]).toContain(',done,svc-perm.wav,');
    } finally {
      await service.close();
      await limited.client.close();
      await admin.client.close();
    }
  });

  it('policy ask: a different file under a name already uploaded waits for the answer', async () => {
    const dir = join(work, 'ask');
    await mkdir(dir);
    const { client, target } = await loggedIn(pbx);
    const service = await PipelineService.open({
      journalPath: join(work, 'ask.jsonl'),
      runner: { settleMs: 200 },
    });
    try {
      await service.start('p', configFor(dir, { overwrite: 'ask', after: { kind: 'delete' } }), () => target);
      const first = await writeWav(dir, 'svc-ask.wav', 8000);
      const firstHash = await sha256File(first);
      await waitFor(() => service.status('p').files.some((f) => f.state === 'done'), 'the first upload');
      await waitFor(() => !existsSync(first), 'deleted after success');
      const second = await writeWav(dir, 'svc-ask.wav', 9000);
      const secondHash = await sha256File(second);
      await waitFor(() => service.status('p').files.some((f) => f.state === 'asking'), 'the question');
      const asking = service.status('p').files.find((f) => f.state === 'asking')!;
      expect(asking.notice).toEqual({ key: 'pipeline.ask', params: { name: 'svc-ask.wav' } });
      expect(await sha256File(join(pbx.uploadsDir, 'svc-ask.wav'))).toBe(firstHash);
      expect(service.answer(asking.id, 'rename')).toBe(true);
      await waitFor(
        () => service.status('p').files.some((f) => f.sendName === 'svc-ask-1.wav' && f.state === 'done'),
        'the renamed upload',
      );
      expect(await sha256File(join(pbx.uploadsDir, 'svc-ask-1.wav'))).toBe(secondHash);
      expect(await sha256File(join(pbx.uploadsDir, 'svc-ask.wav'))).toBe(firstHash);
    } finally {
      await service.close();
      await client.close();
    }
  });

  it('PBX unreachable: the file waits with a next try time and the notice of the failure', async () => {
    const dir = join(work, 'down');
    await mkdir(dir);
    const service = await PipelineService.open({
      journalPath: join(work, 'down.jsonl'),
      runner: { settleMs: 200, backoff: { baseMs: 60_000, maxMs: 300_000 } },
    });
    try {
      const target: UploadTarget = {
        baseUrl: 'https://127.0.0.1:9/asterisk',
        mapping: 'recordings',
        cookie: () => undefined,
        relogin: () => Promise.resolve(),
        connectTimeoutMs: 2000,
      };
      await writeWav(dir, 'svc-down.wav', 8000);
      await service.start('p', configFor(dir), () => target);
      await waitFor(() => service.status('p').files.some((f) => f.state === 'waiting'), 'waiting');
      const waiting = service.status('p').files.find((f) => f.state === 'waiting')!;
      expect(waiting.notice?.key).toBe('upload.connect-failed');
      expect(waiting.retryAt! - Date.now()).toBeGreaterThan(30_000);
      expect(service.history({ filter: 'waiting' }).entries).toHaveLength(1);
      expect(service.status('p').batch).toMatchObject({ total: 1, finished: 0, ended: false });
    } finally {
      await service.close();
    }
  });
});
