/**
 * The upload side of the contract over the upload engineer's queue (electron/upload/queue.ts):
 * items translated to the contract's shape (never the local path), events forwarded, the session's
 * cookie/relogin/trust as the target. Contents sent by the browser preview are staged in a private
 * temporary folder first and then go through the very same checks as dropped paths.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  fail,
  ok,
  type IpcResult,
  type UploadAddResult,
  type UploadBatchResult,
  type UploadItem,
  type UploadState,
} from '../../shared/ipc';
import { notice } from '../../shared/notices';
import { uploadFile, type UploadTarget } from '../upload/engine';
import { UploadQueue, type UploadItem as QueueItem, type UploadQueueOptions } from '../upload/queue';
import { isRetryable } from '../upload/retry';
import type { UploadContent, UploadSession, UploadsPort } from './ports';

export interface UploadsOptions {
  /** Replaces parts of the queue (tests): the engine, the checks, concurrency. */
  readonly queue?: Omit<UploadQueueOptions, 'target'>;
  /** Where preview contents are staged (default: a new private folder under the OS temp dir). */
  readonly stagingDir?: string;
}

export interface Uploads extends UploadsPort {
  /** Resolves when nothing is being checked, queued or sent (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function contractState(item: QueueItem): UploadState {
  switch (item.state) {
    case 'checking':
    case 'queued':
      return 'queued';
    case 'uploading':
      return item.size > 0 && item.sentBytes >= item.size ? 'waiting-reply' : 'sending';
    case 'refused':
    case 'failed':
      return 'failed';
    case 'done':
      return 'done';
    case 'cancelled':
      return 'cancelled';
  }
}

/** A file name from a page, made into one path segment; the queue's checks do the real sanitizing. */
export function stagingLeaf(name: string): string {
  const leaf = name.replace(/[/\\]/g, '_').replace(/^\.+$/, '');
  return leaf === '' ? 'file' : leaf;
}

export function createUploads(options: UploadsOptions = {}): Uploads {
  let session: UploadSession | undefined;
  const batchOf = new Map<string, string>();
  /** Paths whose batch carried the labelled plain-http override. */
  const riskyPaths = new Set<string>();
  const progressListeners = new Set<(item: UploadItem) => void>();
  const batchListeners = new Set<(result: UploadBatchResult) => void>();
  let nextBatch = 1;
  let nextStage = 1;
  let staging: Promise<string> | undefined;

  const target = (): UploadTarget => {
    if (!session) throw new Error('no session');
    const { client, request } = session;
    return {
      baseUrl: request.url,
      mapping: request.postMapping ?? '',
      cookie: () => client.sessionCookie(),
      relogin: () => client.relogin(),
      ...(request.tls?.kind === 'ca' ? { trust: { ca: request.tls.pem } } : {}),
      ...(request.tls?.kind === 'fingerprint' ? { trust: { fingerprint: request.tls.sha256 } } : {}),
    };
  };

  const upload = options.queue?.upload ?? uploadFile;
  const queue = new UploadQueue({
    ...options.queue,
    target,
    upload: (base, job) =>
      upload(riskyPaths.has(job.path) ? { ...base, allowRiskyPlainHttp: true } : base, job),
  });

  function toContract(item: QueueItem): UploadItem {
    const original = basename(item.path.replace(/\\/g, '/'));
    const name = item.sendName || original;
    const state = contractState(item);
    return {
      id: item.id,
      batchId: batchOf.get(item.id) ?? '',
      name,
      ...(original !== name ? { originalName: original } : {}),
      state,
      totalBytes: item.size,
      sentBytes: item.sentBytes,
      ...(item.state === 'uploading' ? { bytesPerSecond: item.bytesPerSecond } : {}),
      ...(item.state === 'uploading' && item.etaSeconds !== undefined ? { etaSeconds: item.etaSeconds } : {}),
      warnings: item.warnings,
      ...(isRetryable(item) ? { retryable: true } : {}),
      ...(item.error
        ? {
            error: {
              code: item.state === 'refused' ? 'upload-refused' : 'upload-failed',
              notice: item.error.notice,
              message: item.error.message,
            },
          }
        : {}),
    };
  }

  queue.onChange((item) => {
    if (!batchOf.has(item.id)) return;
    const view = toContract(item);
    for (const listener of progressListeners) listener(view);
  });
  queue.onBatchEnd((summary) => {
    const result: UploadBatchResult = {
      batchId: batchOf.get(summary.items[0]?.id ?? '') ?? '',
      uploaded: summary.uploaded,
      failed: summary.failed,
      cancelled: summary.cancelled,
    };
    for (const listener of batchListeners) listener(result);
  });

  function refuseWithoutSession(): IpcResult<never> | undefined {
    if (!session) return fail('not-connected', notice('upload.not-connected'));
    if (!session.request.postMapping) {
      return fail('upload-refused', notice('upload.no-mapping'));
    }
    return undefined;
  }

  async function addPaths(paths: readonly string[], risky: boolean): Promise<IpcResult<UploadAddResult>> {
    const refused = refuseWithoutSession();
    if (refused) return refused;
    const batchId = `b${nextBatch++}`;
    if (risky) for (const path of paths) riskyPaths.add(path);
    // add() creates its items synchronously before its first await: the new tail is this batch,
    // even when another add is still checking its own files.
    const before = queue.items().length;
    const adding = queue.add(paths);
    for (const item of queue.items().slice(before)) batchOf.set(item.id, batchId);
    const items = await adding;
    return ok({ batchId, items: items.map(toContract) });
  }

  async function stage(files: readonly UploadContent[]): Promise<string[]> {
    staging ??= options.stagingDir
      ? mkdir(options.stagingDir, { recursive: true, mode: 0o700 }).then(() => options.stagingDir as string)
      : mkdtemp(join(tmpdir(), 'ajam-preview-uploads-'));
    const root = await staging;
    const paths: string[] = [];
    for (const file of files) {
      // One folder per file keeps the page's chosen name intact for the checks without collisions.
      const folder = join(root, String(nextStage++));
      await mkdir(folder, { mode: 0o700 });
      const path = join(folder, stagingLeaf(file.name));
      await writeFile(path, Buffer.from(file.base64, 'base64'), { mode: 0o600 });
      paths.push(path);
    }
    return paths;
  }

  return {
    sessionStarted(next) {
      session = next;
    },
    sessionEnded() {
      session = undefined;
      queue.cancelAll();
    },
    addPaths: (paths, { allowInsecureHttp }) => addPaths(paths, allowInsecureHttp),
    async addContents(files, { allowInsecureHttp }) {
      const refused = refuseWithoutSession();
      if (refused) return refused;
      return addPaths(await stage(files), allowInsecureHttp);
    },
    cancel(id) {
      const item = queue.get(id);
      if (!item || !batchOf.has(id)) return fail('unknown-upload', notice('upload.unknown', { id }));
      queue.cancel(id);
      return ok(toContract(queue.get(id) ?? item));
    },
    async retry(id) {
      const item = queue.get(id);
      if (!item || !batchOf.has(id)) return fail('unknown-upload', notice('upload.unknown', { id }));
      if (!(await queue.retry(id))) {
        return fail('upload-refused', notice('upload.not-retryable', { id }, contractState(item)));
      }
      return ok(toContract(queue.get(id) ?? item));
    },
    list: () =>
      queue
        .items()
        .filter((item) => batchOf.has(item.id))
        .map(toContract),
    onProgress(listener) {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
    onBatch(listener) {
      batchListeners.add(listener);
      return () => batchListeners.delete(listener);
    },
    idle: () => queue.idle(),
    async close() {
      queue.cancelAll();
      await queue.idle();
      if (staging && !options.stagingDir) await rm(await staging, { recursive: true, force: true });
    },
  };
}
