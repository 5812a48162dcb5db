/**
 * The batch manager the app and `ajam upload` share: checks each file, runs two uploads at a time
 * (Asterisk closes the connection after each), keeps per-file state, cancel and retry, the session's
 * history, and says when a batch ends (n uploaded, m failed). An item is `done` only when the
 * engine got Asterisk's "File successfully uploaded.".
 */
import { englishMessage } from '../../shared/ipc';
import { notice, type Notice } from '../../shared/notices';
import { checkFile, type FileCheck } from './checks';
import { uploadFile, type UploadJob, type UploadOutcome, type UploadTarget } from './engine';
import type { UploadProgress } from './progress';
import { isRetryable } from './retry';

export type UploadState = 'checking' | 'refused' | 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface UploadItem {
  readonly id: string;
  readonly path: string;
  /** The name it is stored under on the PBX ('' while checking or when refused for its name). */
  readonly sendName: string;
  readonly size: number;
  readonly state: UploadState;
  readonly sentBytes: number;
  readonly bytesPerSecond: number;
  readonly etaSeconds: number | undefined;
  readonly warnings: readonly Notice[];
  /**
   * Why it was refused or failed; `code` is the engine's or checks' code, `notice` what the
   * renderer words, `message` its English (CLI, logs).
   */
  readonly error?: {
    readonly code: string;
    readonly notice: Notice;
    readonly message: string;
    readonly fingerprint?: string;
  };
  readonly startedAt?: number;
  readonly finishedAt?: number;
}

export interface BatchSummary {
  readonly uploaded: number;
  /** Failed and refused. */
  readonly failed: number;
  readonly cancelled: number;
  readonly items: readonly UploadItem[];
}

export interface UploadQueueOptions {
  /** The current target (profile and session may change between batches). */
  readonly target: () => UploadTarget;
  /** Uploads running at once. Default 2. */
  readonly concurrency?: number;
  /** Replaceable for tests of the queue alone; defaults to the real engine and checks. */
  readonly upload?: (target: UploadTarget, job: UploadJob) => Promise<UploadOutcome>;
  readonly check?: typeof checkFile;
  readonly now?: () => number;
}

type Listener<T> = (value: T) => void;

export class UploadQueue {
  private readonly list: UploadItem[] = [];
  private readonly controllers = new Map<string, AbortController>();
  private readonly changeListeners = new Set<Listener<UploadItem>>();
  private readonly batchListeners = new Set<Listener<BatchSummary>>();
  private readonly concurrency: number;
  private readonly upload: (target: UploadTarget, job: UploadJob) => Promise<UploadOutcome>;
  private readonly check: typeof checkFile;
  private readonly now: () => number;
  private running = 0;
  private checking = 0;
  private batch = new Set<string>();
  private nextId = 1;
  private reloginInFlight: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: UploadQueueOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.upload = options.upload ?? uploadFile;
    this.check = options.check ?? checkFile;
    this.now = options.now ?? Date.now;
  }

  /** Every item of the session, oldest first: the current batch and the history. */
  items(): readonly UploadItem[] {
    return [...this.list];
  }

  get(id: string): UploadItem | undefined {
    return this.list.find((i) => i.id === id);
  }

  onChange(listener: Listener<UploadItem>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onBatchEnd(listener: Listener<BatchSummary>): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /** Checks and queues files (paths the main process resolved itself); returns their items as queued or refused. */
  async add(paths: readonly string[]): Promise<UploadItem[]> {
    const created = paths.map((path) => this.create(path));
    this.checking += created.length;
    const results: UploadItem[] = [];
    // One at a time so that two files mapping to the same stored name see each other.
    for (const item of created) {
      results.push(await this.runCheck(item));
      this.checking--;
    }
    this.pump();
    this.maybeEndBatch();
    return results;
  }

  /** Cancels a queued or running upload; false when it is already finished. */
  cancel(id: string): boolean {
    const item = this.get(id);
    if (!item) return false;
    if (item.state === 'queued') {
      this.set(id, { state: 'cancelled', finishedAt: this.now() });
      this.maybeEndBatch();
      return true;
    }
    if (item.state === 'uploading') {
      this.controllers.get(id)?.abort();
      return true;
    }
    return false;
  }

  cancelAll(): void {
    for (const item of this.list) this.cancel(item.id);
  }

  /**
   * Queues a failed, cancelled or refused file again (refused ones are checked again); false when
   * it is not finished or a retry could not change the outcome (retry.ts).
   */
  async retry(id: string): Promise<boolean> {
    const item = this.get(id);
    if (!item || !isRetryable(item)) return false;
    this.batch.add(id);
    if (item.state === 'refused') {
      this.checking++;
      this.set(id, { state: 'checking', warnings: [], error: undefined });
      await this.runCheck(this.get(id) as UploadItem);
      this.checking--;
    } else {
      this.set(id, {
        state: 'queued',
        sentBytes: 0,
        bytesPerSecond: 0,
        etaSeconds: undefined,
        error: undefined,
      });
    }
    this.pump();
    this.maybeEndBatch();
    return true;
  }

  /** Resolves when nothing is being checked, queued or sent. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private create(path: string): UploadItem {
    const item: UploadItem = {
      id: `u${this.nextId++}`,
      path,
      sendName: '',
      size: 0,
      state: 'checking',
      sentBytes: 0,
      bytesPerSecond: 0,
      etaSeconds: undefined,
      warnings: [],
    };
    this.list.push(item);
    this.batch.add(item.id);
    this.emit(item);
    return item;
  }

  private async runCheck(item: UploadItem): Promise<UploadItem> {
    const alreadySent = (name: string): boolean =>
      this.list.some(
        (other) =>
          other.id !== item.id &&
          other.sendName === name &&
          (other.state === 'done' || other.state === 'queued' || other.state === 'uploading'),
      );
    let result: FileCheck;
    try {
      result = await this.check(item.path, { alreadySent });
    } catch (error) {
      const why = notice('upload.unreadable', { path: item.path }, (error as Error).message);
      result = { ok: false, path: item.path, code: 'unreadable', notice: why, reason: englishMessage(why) };
    }
    if (!result.ok) {
      return this.set(item.id, {
        state: 'refused',
        size: result.size ?? 0,
        error: { code: result.code, notice: result.notice, message: result.reason },
        finishedAt: this.now(),
      });
    }
    return this.set(item.id, {
      state: 'queued',
      sendName: result.sendName,
      size: result.size,
      warnings: result.warnings,
    });
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const next = this.list.find((i) => i.state === 'queued');
      if (!next) return;
      void this.start(next);
    }
  }

  private async start(item: UploadItem): Promise<void> {
    this.running++;
    const controller = new AbortController();
    this.controllers.set(item.id, controller);
    this.set(item.id, { state: 'uploading', sentBytes: 0, startedAt: this.now() });
    const base = this.options.target();
    // Two uploads hitting 403 together must not log in twice.
    const target: UploadTarget = { ...base, relogin: () => this.sharedRelogin(base) };
    let outcome: UploadOutcome;
    try {
      outcome = await this.upload(target, {
        path: item.path,
        sendName: item.sendName,
        signal: controller.signal,
        onProgress: (p: UploadProgress) =>
          this.set(item.id, {
            sentBytes: p.sentBytes,
            bytesPerSecond: p.bytesPerSecond,
            etaSeconds: p.etaSeconds,
          }),
      });
    } catch (error) {
      outcome = {
        status: 'failed',
        code: 'network',
        notice: notice('upload.connect-failed', {}, (error as Error).message),
        message: (error as Error).message,
      };
    }
    this.controllers.delete(item.id);
    this.running--;
    const finishedAt = this.now();
    if (outcome.status === 'uploaded') {
      this.set(item.id, { state: 'done', sentBytes: outcome.bytes, etaSeconds: 0, finishedAt });
    } else if (outcome.status === 'cancelled') {
      this.set(item.id, { state: 'cancelled', finishedAt });
    } else {
      const error = {
        code: outcome.code,
        // Every engine failure is worded for the renderer; one that is not yet says "failed" with the English as detail.
        notice: outcome.notice ?? notice('upload.failed', {}, outcome.message),
        message: outcome.message,
        ...(outcome.fingerprint ? { fingerprint: outcome.fingerprint } : {}),
      };
      this.set(item.id, { state: 'failed', error, finishedAt });
    }
    this.pump();
    this.maybeEndBatch();
  }

  private sharedRelogin(target: UploadTarget): Promise<void> {
    this.reloginInFlight ??= target.relogin().finally(() => {
      this.reloginInFlight = undefined;
    });
    return this.reloginInFlight;
  }

  private isIdle(): boolean {
    return (
      this.running === 0 &&
      this.checking === 0 &&
      !this.list.some((i) => i.state === 'queued' || i.state === 'checking')
    );
  }

  private maybeEndBatch(): void {
    if (!this.isIdle()) return;
    if (this.batch.size > 0) {
      const items = this.list.filter((i) => this.batch.has(i.id));
      this.batch = new Set();
      const summary: BatchSummary = {
        uploaded: items.filter((i) => i.state === 'done').length,
        failed: items.filter((i) => i.state === 'failed' || i.state === 'refused').length,
        cancelled: items.filter((i) => i.state === 'cancelled').length,
        items,
      };
      for (const l of this.batchListeners) l(summary);
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private set(id: string, patch: Partial<UploadItem>): UploadItem {
    const index = this.list.findIndex((i) => i.id === id);
    const next = { ...(this.list[index] as UploadItem), ...patch } as UploadItem;
    if (patch.error === undefined && 'error' in patch) delete (next as { error?: unknown }).error;
    this.list[index] = next;
    this.emit(next);
    return next;
  }

  private emit(item: UploadItem): void {
    for (const l of this.changeListeners) l(item);
  }
}
