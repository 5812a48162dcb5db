/**
 * One profile's pipeline: watched folders -> settle -> checks -> duplicate/overwrite policy ->
 * journal -> the upload engine -> journal -> after-success. The order of journal records and
 * steps is what makes a crash at any moment safe:
 *
 *   file (entry, stored name; the first try's intent) -> [try n (a later try's intent)] ->
 *   bytes go out, SHA-256 taken from them ->
 *   sent (sha, before the write that completes the body) -> PBX answers -> done -> move/delete -> after
 *
 * Each record is on disk before the next step starts. On restart, a file whose entry is `done`
 * (same path, size and mtime) is not sent again (only a missing move/delete is finished); an
 * entry without a result is resumed under its own id, so the history lists each file once. A try
 * without `sent` never completed its body, so the PBX cannot have stored it. One with `sent` but
 * no `done` may or may not be on the PBX (no AJAM action can tell): it is sent again under the
 * same name, and the same bytes replace themselves, so the PBX ends up with one intact copy. Only
 * that window (the last write, the PBX storing and answering, one fsync) can send a file twice.
 *
 * Failures of the PBX or the way to it hold every upload (one backoff for all, up to 5 min);
 * failures that trying again cannot fix stop that file and say what to fix.
 */
import { randomUUID } from 'node:crypto';
import { relative, resolve, sep } from 'node:path';
import { notice, type Notice } from '../../shared/notices';
import type {
  ConflictAnswer,
  OverwritePolicy,
  PipelineBatch,
  PipelineConfig,
  PipelineFile,
  PipelineFileState,
  PipelineStatus,
  WatchedFolder,
} from '../../shared/pipeline';
import { sha256OfFile } from '../upload/checks';
import { uploadFile, type UploadJob, type UploadOutcome, type UploadTarget } from '../upload/engine';
import { applyAfter, moveFolder, planAfter } from './after';
import { decideName, needsHash, type ConflictDecision, type NameUse } from './conflict';
import type { Journal } from './journal';
import { fileFilter, type FileFilter } from './patterns';
import { precheck } from './precheck';
import type { Destination, JournalEntry } from './records';
import { backoffMs, DEFAULT_BACKOFF, failureKind, type Backoff } from './retry';
import { nodeSettleFs, Settler, type SettleFs, type Stamp } from './settle';
import { chokidarWatch, isInside, type FolderWatch, type WatchFolder } from './watcher';

export const SUCCESS_WORDS = 'File successfully uploaded.';

export interface RunnerOptions {
  readonly profileId: string;
  readonly config: PipelineConfig;
  /** The profile's PBX (base URL with prefix) and post mapping, known also while disconnected. */
  readonly destination: Destination;
  readonly journal: Journal;
  /** The live session's target, or undefined while not connected. */
  readonly target: () => UploadTarget | undefined;
  /** Uploads at a time. Default 2 (Asterisk closes the connection after each). */
  readonly concurrency?: number;
  readonly backoff?: Backoff;
  /** Settle time in ms; overrides config.settleSeconds (tests). */
  readonly settleMs?: number;
  readonly upload?: (target: UploadTarget, job: UploadJob) => Promise<UploadOutcome>;
  readonly watchFolder?: WatchFolder;
  readonly settleFs?: SettleFs;
  readonly now?: () => number;
  readonly random?: () => number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Work extends Mutable<Omit<PipelineFile, 'warnings'>> {
  warnings: Notice[];
  folderConfig: WatchedFolder;
  mtimeMs: number;
  entryId?: string;
  controller?: AbortController;
  /** In the current batch (counted in its totals). */
  batched: boolean;
  /** The content may already be on the PBX from a try that ended without its answer. */
  resend: boolean;
  overwrites: boolean;
}

const ACTIVE: ReadonlySet<PipelineFileState> = new Set([
  'settling',
  'checking',
  'queued',
  'uploading',
  'waiting',
]);

type Listener<T> = (value: T) => void;

type Decided = Exclude<ConflictDecision, { readonly kind: 'ask' }>;

/** How many finished files the runner keeps in memory for its status. */
const RECENT_FILES = 200;

export class PipelineRunner {
  private readonly works = new Map<string, Work>();
  private readonly queue: Work[] = [];
  private readonly watches: FolderWatch[] = [];
  private readonly folderProblems = new Map<string, Notice>();
  private readonly filters = new Map<string, FileFilter>();
  private readonly fileListeners = new Set<Listener<PipelineFile>>();
  private readonly batchListeners = new Set<Listener<PipelineBatch>>();
  private readonly settler: Settler;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly concurrency: number;
  private readonly backoff: Backoff;
  private readonly upload: (target: UploadTarget, job: UploadJob) => Promise<UploadOutcome>;
  private running = 0;
  private started = false;
  private stopped = false;
  /** One backoff for everyone while the PBX is unreachable. */
  private gateFailures = 0;
  private gateOpenAt = 0;
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private batch: Mutable<PipelineBatch> | undefined;
  private deciding: Promise<void> = Promise.resolve();
  /** Stored names given out by a decision whose entry is not on disk yet (name -> size). */
  private readonly reserved = new Map<string, number>();
  /** Finished files still shown (status, retry); older ones live in the journal only. */
  private readonly recent: Work[] = [];

  constructor(private readonly options: RunnerOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.upload = options.upload ?? uploadFile;
    this.settler = new Settler({
      settleMs: options.settleMs ?? options.config.settleSeconds * 1000,
      ...(options.settleFs ? { fs: options.settleFs } : {}),
      now: this.now,
      onSettled: (path, stamp) => this.track(this.consider(path, stamp)),
      onGone: (path) => this.gone(path),
    });
  }

  get profileId(): string {
    return this.options.profileId;
  }

  onFile(listener: Listener<PipelineFile>): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  onBatch(listener: Listener<PipelineBatch>): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /** Starts watching; resolves once every folder's initial scan is done. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const watchFolder = this.options.watchFolder ?? chokidarWatch;
    const config = this.options.config;
    const skip = config.folders
      .map((f) => moveFolder(config.after, f.path))
      .filter((d): d is string => d !== undefined);
    await this.closeVanished();
    for (const folder of config.folders) {
      this.filters.set(folder.path, fileFilter(folder.include, folder.exclude));
      const watch = watchFolder(
        folder,
        { pollMs: config.pollSeconds * 1000, skip },
        {
          file: (path) => this.seen(folder, path),
          gone: (path) => this.gone(path),
          error: () =>
            this.folderProblems.set(
              folder.path,
              notice('pipeline.folder-unavailable', { path: folder.path }),
            ),
        },
      );
      this.watches.push(watch);
    }
    await Promise.all(this.watches.map((w) => w.ready));
    this.pump();
  }

  /** Stops watching and sending; an upload in flight is cancelled and resumes on the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.settler.close();
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    for (const work of this.works.values()) work.controller?.abort();
    await Promise.all(this.watches.map((w) => w.close()));
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Every file currently known, oldest first. */
  files(): PipelineFile[] {
    return [...this.works.values()].map(view);
  }

  status(): PipelineStatus {
    return {
      profileId: this.options.profileId,
      running: this.started && !this.stopped && this.fatalError === undefined,
      folders: this.options.config.folders.map((f) => {
        const problem = this.folderProblems.get(f.path);
        return problem ? { path: f.path, problem } : { path: f.path };
      }),
      files: this.files(),
      ...(this.batch ? { batch: { ...this.batch } } : {}),
      ...(this.fatalError !== undefined
        ? {
            problem: notice(
              'pipeline.journal-failed',
              { path: this.options.journal.path },
              this.fatalError instanceof Error ? this.fatalError.message : String(this.fatalError),
            ),
          }
        : {}),
    };
  }

  /** Files waiting or failed (these ids, or all) are tried again now; returns how many. */
  retry(ids?: readonly string[]): number {
    let count = 0;
    this.gateOpenAt = 0;
    for (const work of this.works.values()) {
      if (ids && !ids.includes(work.id)) continue;
      if (work.state === 'failed' || work.state === 'waiting') {
        if (!this.queue.includes(work)) this.queue.push(work);
        this.set(work, { state: 'queued' });
        count++;
      }
    }
    this.pump();
    return count;
  }

  answer(id: string, answer: ConflictAnswer): boolean {
    const work = [...this.works.values()].find((w) => w.id === id && w.state === 'asking');
    if (!work) return false;
    this.track(this.decide(work, answer));
    return true;
  }

  /** True when nothing is settling, being checked, queued, sent or waiting for a retry. */
  idle(): boolean {
    if (this.settler.pending > 0 || this.running > 0 || this.inflight.size > 0) return false;
    return ![...this.works.values()].some((w) => ACTIVE.has(w.state));
  }

  // --- finding files ---------------------------------------------------------

  private seen(folder: WatchedFolder, path: string): void {
    if (this.stopped) return;
    const rel = relative(folder.path, path).split(sep).join('/');
    if (!this.filters.get(folder.path)?.accepts(rel)) return;
    const work = this.works.get(path);
    // A file on its way keeps its state; a finished one that changes is a new version.
    if (work && (work.state === 'checking' || work.state === 'queued' || work.state === 'uploading')) return;
    if (work && (work.state === 'asking' || work.state === 'waiting')) return;
    let w = work;
    if (!w) {
      w = {
        id: `path:${path}`,
        profileId: this.options.profileId,
        folder: folder.path,
        folderConfig: folder,
        path,
        sendName: '',
        size: 0,
        mtimeMs: 0,
        state: 'settling',
        sentBytes: 0,
        attempts: 0,
        warnings: [],
        updatedAt: this.now(),
        batched: false,
        resend: false,
        overwrites: false,
      };
      this.works.set(path, w);
    }
    this.settler.touch(path);
    if (w.state !== 'settling' && w.state !== 'waiting') {
      // Seen again after a result: only a different version is news (checked once settled).
      this.set(w, { state: 'settling' }, false);
    }
  }

  private gone(path: string): void {
    this.settler.forget(path);
    const work = this.works.get(path);
    if (work && (work.state === 'settling' || work.state === 'waiting')) {
      this.dropFromQueue(work);
      this.works.delete(path);
      this.maybeEndBatch();
    }
  }

  /**
   * Entries of this profile's folders left without a result whose file is no longer there (moved
   * or deleted by someone else while the pipeline was not running) get a result, so they do not
   * wait for ever in the history.
   */
  private async closeVanished(): Promise<void> {
    const { journal, profileId, config } = this.options;
    for (const entry of journal.entries()) {
      if (entry.profileId !== profileId || (entry.result !== 'waiting' && entry.result !== 'failed'))
        continue;
      if (!config.folders.some((f) => isInside(entry.path, f.path))) continue;
      if ((await (this.options.settleFs ?? nodeSettleFs).stat(entry.path)) !== undefined) continue;
      await journal.append({
        t: 'refused',
        id: entry.id,
        at: this.now(),
        code: 'not-found',
        notice: notice('upload.not-found', { path: entry.path }),
      });
    }
  }

  // --- deciding ---------------------------------------------------------------

  private track(promise: Promise<void>): void {
    const p = promise.catch((error: unknown) => {
      // A journal that cannot be written stops everything: nothing may go out unrecorded.
      this.fatal(error);
    });
    this.inflight.add(p);
    void p.finally(() => {
      this.inflight.delete(p);
      this.maybeEndBatch();
    });
  }

  private fatalError: unknown;
  private fatal(error: unknown): void {
    this.fatalError ??= error;
    this.stopped = true;
    for (const work of this.works.values()) work.controller?.abort();
  }

  /** The journal failed (disk full, permissions): the pipeline stopped itself. */
  get failure(): unknown {
    return this.fatalError;
  }

  private async consider(path: string, stamp: Stamp): Promise<void> {
    const work = this.works.get(path);
    if (!work || this.stopped) return;
    const { journal, destination } = this.options;
    // The journal's latest word on this very file (same path, size and mtime).
    const same = latest(
      journal.forPath(path),
      (e) =>
        e.path === path &&
        e.size === stamp.size &&
        e.mtimeMs === stamp.mtimeMs &&
        e.profileId === this.options.profileId,
    );
    if (same && (same.result === 'done' || same.result === 'skipped')) {
      work.entryId = same.id;
      work.id = same.id;
      if (same.result === 'done' || same.notice?.key === 'pipeline.duplicate') {
        await this.afterSuccess(work, same);
      }
      // Already uploaded: not news, not part of a batch, not kept in memory (the journal has it).
      this.forgetWork(work);
      return;
    }
    if (same && same.result === 'refused') {
      this.forgetWork(work);
      return;
    }
    if (work.entryId !== undefined && work.entryId !== same?.id) {
      // A new version of a file whose earlier version has its own entry.
      delete work.entryId;
      work.id = `path:${path}`;
      work.attempts = 0;
      work.resend = false;
      work.overwrites = false;
    }
    this.join(work);
    this.set(work, { state: 'checking', size: stamp.size, sentBytes: 0, warnings: [] }, true, [
      'notice',
      'pbxMessage',
      'retryAt',
    ]);
    const checked = await precheck(path, this.options.config.wav16);
    if (this.stopped) return;
    if (!checked.ok) {
      const id = same?.id ?? randomUUID();
      if (!same) {
        await journal.append({
          t: 'file',
          id,
          at: this.now(),
          profile: this.options.profileId,
          path,
          name: work.sendName || '',
          size: checked.size ?? stamp.size,
          mtimeMs: checked.mtimeMs ?? stamp.mtimeMs,
          ...destination,
        });
      }
      await journal.append({ t: 'refused', id, at: this.now(), code: checked.code, notice: checked.notice });
      work.id = id;
      work.entryId = id;
      this.set(work, { state: 'refused', notice: checked.notice });
      return;
    }
    work.mtimeMs = checked.mtimeMs;
    work.size = checked.size;
    work.warnings = [...checked.warnings];
    if (checked.mtimeMs !== stamp.mtimeMs || checked.size !== stamp.size) {
      // Changed since it settled: settle again.
      this.set(work, { state: 'settling' });
      this.settler.touch(path);
      return;
    }
    // An entry of this file without a result (a try cut short, a permanent failure before a
    // restart): resumed under its id and name.
    if (same && (same.result === 'waiting' || same.result === 'failed')) {
      work.id = same.id;
      work.entryId = same.id;
      work.sendName = same.sendName;
      work.attempts = same.attempts;
      work.resend = same.sentSha256 !== undefined;
      if (work.resend) work.warnings.push(notice('pipeline.resent', { name: same.sendName }));
      this.enqueue(work);
      return;
    }
    work.sendName = checked.sendName;
    await this.decide(work, this.options.config.overwrite);
  }

  /**
   * Applies the duplicate/overwrite policy to a checked file, then journals and queues it. One
   * file at a time: two files that map to the same stored name must see each other's entry.
   */
  private async decide(work: Work, policy: OverwritePolicy): Promise<void> {
    // Only the decision is taken one file at a time; a name it gives out is reserved at once, so
    // the journal's fsync of the entry need not hold up the next file's decision.
    const run = this.deciding.then(() => this.decideName(work, policy));
    this.deciding = run.then(
      () => undefined,
      () => undefined,
    );
    const decided = await run;
    if (!decided) return;
    try {
      await this.journalDecision(work, decided.decision, decided.sha);
    } finally {
      this.reserved.delete(decided.reservation);
    }
  }

  private async decideName(
    work: Work,
    policy: OverwritePolicy,
  ): Promise<{ decision: Decided; sha: string | undefined; reservation: string } | undefined> {
    const uses = this.nameUses(work);
    let sha: string | undefined;
    if (needsHash(work.sendName, work.size, uses)) {
      try {
        // The only second read: a name already used for content of the same size.
        sha = await sha256OfFile(work.path);
      } catch {
        // Gone or locked since it settled: look at it again.
        this.set(work, { state: 'settling' });
        this.settler.touch(work.path);
        return undefined;
      }
    }
    if (this.stopped) return undefined;
    const decision = decideName(work.sendName, work.size, sha, uses, policy);
    if (decision.kind === 'ask') {
      this.set(work, { state: 'asking', notice: notice('pipeline.ask', { name: work.sendName }) });
      return undefined;
    }
    const reservation = decision.kind === 'send' ? decision.name : '';
    if (reservation !== '') this.reserved.set(reservation, work.size);
    return { decision, sha, reservation };
  }

  private async journalDecision(work: Work, decision: Decided, sha: string | undefined): Promise<void> {
    const id = randomUUID();
    const { journal, destination } = this.options;
    const name = decision.kind === 'send' ? decision.name : work.sendName;
    await journal.append({
      t: 'file',
      id,
      at: this.now(),
      profile: this.options.profileId,
      path: work.path,
      name,
      size: work.size,
      mtimeMs: work.mtimeMs,
      ...destination,
    });
    work.id = id;
    work.entryId = id;
    work.sendName = name;
    if (decision.kind === 'duplicate' || decision.kind === 'skip') {
      const why =
        decision.kind === 'duplicate'
          ? notice('pipeline.duplicate', { name })
          : notice('pipeline.name-taken', { name });
      const entry = await journal.append({
        t: 'skipped',
        id,
        at: this.now(),
        reason: decision.kind === 'duplicate' ? 'duplicate' : 'policy',
        notice: why,
        ...(sha !== undefined ? { sha256: sha } : {}),
      });
      // The content is on the PBX: the after-success step applies to a duplicate as well.
      if (decision.kind === 'duplicate' && entry) await this.afterSuccess(work, entry);
      this.set(work, { state: 'skipped', notice: why });
      return;
    }
    if (decision.renamedFrom !== undefined) {
      work.warnings.push(notice('pipeline.renamed', { name, original: decision.renamedFrom, why: 'taken' }));
    }
    work.overwrites = decision.overwrites;
    if (decision.overwrites) work.warnings.push(notice('pipeline.overwrote', { name }));
    this.enqueue(work);
  }

  /** What is (or may soon be) stored under a name on this PBX and mapping, this file aside. */
  private nameUses(work: Work): (name: string) => NameUse[] {
    const { journal, destination } = this.options;
    return (name) => {
      const uses: NameUse[] = [];
      const reserved = this.reserved.get(name);
      if (reserved !== undefined) uses.push({ sha256: '', size: reserved });
      for (const e of journal.forName(destination, name)) {
        if (e.id === work.entryId) continue;
        if (e.result === 'done') uses.push({ sha256: e.sha256, size: e.size });
        else if (e.sentSha256 !== undefined) uses.push({ sha256: e.sentSha256, size: e.size });
        else if (this.isActive(e.id)) uses.push({ sha256: '', size: e.size });
      }
      return uses;
    };
  }

  /** True when an entry is on its way in this runner (queued, sending, waiting). */
  private isActive(entryId: string): boolean {
    for (const w of this.works.values()) if (w.entryId === entryId) return ACTIVE.has(w.state);
    return false;
  }

  // --- sending ----------------------------------------------------------------

  private enqueue(work: Work): void {
    this.set(work, { state: 'queued' });
    if (!this.queue.includes(work)) this.queue.push(work);
    this.pump();
  }

  private dropFromQueue(work: Work): void {
    const at = this.queue.indexOf(work);
    if (at >= 0) this.queue.splice(at, 1);
  }

  /** Nudges the pump (e.g. when the session comes back). */
  wake(): void {
    this.pump();
  }

  private pump(): void {
    if (this.stopped || !this.started) return;
    if (this.pumpTimer) {
      clearTimeout(this.pumpTimer);
      this.pumpTimer = undefined;
    }
    const wait = this.gateOpenAt - this.now();
    if (wait > 0) {
      this.pumpTimer = setTimeout(() => this.pump(), wait);
      return;
    }
    while (this.running < this.concurrency && this.queue.length > 0) {
      const target = this.options.target();
      if (!target) {
        for (const w of this.queue) {
          if (w.state === 'queued' && w.notice?.key !== 'pipeline.not-connected')
            this.set(w, { notice: notice('pipeline.not-connected') });
        }
        this.pumpTimer = setTimeout(() => this.pump(), 1000);
        return;
      }
      const work = this.queue.shift() as Work;
      this.running++;
      let released = false;
      // The slot is free once the PBX has answered; journaling and moving go on beside the next upload.
      const release = (): void => {
        if (released) return;
        released = true;
        this.running--;
        this.pump();
      };
      this.track(this.send(work, target, release).finally(release));
    }
  }

  private async send(work: Work, target: UploadTarget, release: () => void): Promise<void> {
    const { journal } = this.options;
    const id = work.entryId as string;
    const attempt = work.attempts + 1;
    const controller = new AbortController();
    work.controller = controller;
    this.set(work, { state: 'uploading', attempts: attempt, sentBytes: 0 }, true, [
      'notice',
      'retryAt',
      'pbxMessage',
    ]);
    let lastProgress = 0;
    let intent: Promise<unknown> | undefined;
    const outcome = await this.upload(target, {
      path: work.path,
      sendName: work.sendName,
      signal: controller.signal,
      hash: true,
      // The intent: on disk before the first byte goes out (synced while connecting). For the
      // first try the entry's `file` record, synced before it was queued, is that intent.
      beforeFirstWrite: () =>
        (intent ??=
          attempt === 1 ? Promise.resolve() : journal.append({ t: 'try', id, at: this.now(), attempt })),
      // On disk before the write that completes the body: a try without it never reached the PBX.
      beforeLastWrite: async ({ sha256 }) => {
        await journal.append({ t: 'sent', id, at: this.now(), sha256 });
      },
      onProgress: (p) => {
        const at = this.now();
        if (at - lastProgress < 100 && p.sentBytes < work.size) return;
        lastProgress = at;
        this.set(work, { sentBytes: p.sentBytes });
        if (this.batch) this.emitBatch();
      },
    });
    work.controller = undefined;
    release();
    // A later try the engine refused before starting it (a bad URL) still counts, in order.
    if (attempt > 1) await (intent ?? journal.append({ t: 'try', id, at: this.now(), attempt }));
    if (outcome.status === 'cancelled') {
      // Stopped: the entry stays without a result and resumes on the next start.
      return;
    }
    if (outcome.status === 'uploaded') {
      this.gateFailures = 0;
      const entry = await journal.append({
        t: 'done',
        id,
        at: this.now(),
        sha256: outcome.sha256 ?? '',
        ms: Math.round(outcome.elapsedMs),
        words: SUCCESS_WORDS,
      });
      this.set(work, { state: 'done', sentBytes: work.size, pbxMessage: SUCCESS_WORDS }, true, [
        'notice',
        'retryAt',
      ]);
      if (entry) await this.afterSuccess(work, entry);
      return;
    }
    const kind = failureKind(outcome.code);
    const words = outcome.pbxMessage !== undefined ? { words: outcome.pbxMessage } : {};
    if (kind === 'permanent') {
      await journal.append({
        t: 'fail',
        id,
        at: this.now(),
        code: outcome.code,
        permanent: true,
        notice: outcome.notice,
        ...words,
      });
      this.set(work, { state: 'failed', notice: outcome.notice, ...pbxWords(outcome.pbxMessage) }, true, [
        'retryAt',
      ]);
      return;
    }
    if (kind === 'file') {
      // Changed or locked while being read: it settles again, then goes.
      await journal.append({
        t: 'fail',
        id,
        at: this.now(),
        code: outcome.code,
        permanent: false,
        notice: outcome.notice,
        ...words,
      });
      this.set(work, { state: 'settling', notice: outcome.notice });
      this.settler.touch(work.path);
      return;
    }
    this.gateFailures++;
    const retryAt = this.now() + backoffMs(this.gateFailures, this.backoff, this.random());
    this.gateOpenAt = Math.max(this.gateOpenAt, retryAt);
    await journal.append({
      t: 'fail',
      id,
      at: this.now(),
      code: outcome.code,
      permanent: false,
      notice: outcome.notice,
      retryAt,
      ...words,
    });
    this.set(work, {
      state: 'waiting',
      retryAt: this.gateOpenAt,
      notice: outcome.notice,
      ...pbxWords(outcome.pbxMessage),
    });
    this.queue.unshift(work);
  }

  /**
   * Moves or deletes a file the PBX has. The journal hears what will be done first, then it is
   * done: after a crash in between, the file is still in the watched folder with the stamp of a
   * done entry, and the step is simply taken again.
   */
  private async afterSuccess(work: Work, entry: JournalEntry): Promise<void> {
    const after = this.options.config.after;
    try {
      const plan = await planAfter(work.path, after, work.folderConfig.path);
      if (!plan) return;
      await this.options.journal.append({
        t: 'after',
        id: entry.id,
        at: this.now(),
        kind: plan.kind,
        ...(plan.kind === 'moved' ? { to: plan.to } : {}),
      });
      await applyAfter(work.path, plan);
    } catch (error) {
      const to = resolve(work.folderConfig.path, after.kind === 'move' ? after.dir : '');
      work.warnings.push(
        after.kind === 'move'
          ? notice('pipeline.move-failed', { path: work.path, to }, (error as Error).message)
          : notice('pipeline.delete-failed', { path: work.path }, (error as Error).message),
      );
    }
  }

  // --- state and batches --------------------------------------------------------

  private join(work: Work): void {
    if (work.batched) return;
    work.batched = true;
    this.batch ??= {
      profileId: this.options.profileId,
      total: 0,
      finished: 0,
      done: 0,
      failed: 0,
      skipped: 0,
      bytes: 0,
      sentBytes: 0,
      ended: false,
    };
    this.batch.total++;
  }

  private set(
    work: Work,
    patch: Partial<Mutable<PipelineFile>>,
    emit = true,
    clear: readonly ('notice' | 'retryAt' | 'pbxMessage')[] = [],
  ): void {
    for (const key of clear) delete work[key];
    Object.assign(work, patch, { updatedAt: this.now() });
    if (!emit) return;
    const snapshot = view(work);
    for (const listener of this.fileListeners) listener(snapshot);
    if (patch.state !== undefined && work.batched && !ACTIVE.has(work.state) && work.state !== 'asking')
      this.finish(work);
  }

  /** Drops a finished file from memory unless it is one of the most recent (the journal keeps all). */
  private remember(work: Work): void {
    this.recent.push(work);
    while (this.recent.length > RECENT_FILES) {
      const old = this.recent.shift() as Work;
      if (old.state === 'done' || old.state === 'skipped') this.forgetWork(old);
    }
  }

  private forgetWork(work: Work): void {
    if (this.works.get(work.path) === work && !this.settler.has(work.path)) this.works.delete(work.path);
  }

  private finish(work: Work): void {
    if (work.state === 'done' || work.state === 'skipped') this.remember(work);
    work.batched = false;
    const b = this.batch;
    if (!b) return;
    b.finished++;
    if (work.state === 'done') b.done++;
    else if (work.state === 'skipped') b.skipped++;
    else b.failed++;
    this.emitBatch();
  }

  private emitBatch(): void {
    const b = this.batch;
    if (!b) return;
    let bytes = 0;
    let sent = 0;
    for (const w of this.works.values()) {
      if (!w.batched && w.state !== 'done') continue;
      bytes += w.size;
      sent += w.state === 'done' ? w.size : w.sentBytes;
    }
    b.bytes = bytes;
    b.sentBytes = Math.min(sent, bytes);
    const snapshot = { ...b };
    for (const listener of this.batchListeners) listener(snapshot);
  }

  private maybeEndBatch(): void {
    const b = this.batch;
    if (!b || !this.idle()) return;
    this.batch = undefined;
    b.ended = true;
    for (const listener of this.batchListeners) listener({ ...b });
  }
}

function latest(
  entries: readonly JournalEntry[],
  match: (e: JournalEntry) => boolean,
): JournalEntry | undefined {
  let found: JournalEntry | undefined;
  for (const e of entries) if (match(e)) found = e;
  return found;
}

function pbxWords(words: string | undefined): { pbxMessage?: string } {
  return words !== undefined ? { pbxMessage: words } : {};
}

function view(work: Work): PipelineFile {
  return {
    id: work.id,
    profileId: work.profileId,
    folder: work.folder,
    path: work.path,
    sendName: work.sendName,
    size: work.size,
    state: work.state,
    sentBytes: work.sentBytes,
    attempts: work.attempts,
    ...(work.retryAt !== undefined ? { retryAt: work.retryAt } : {}),
    warnings: [...work.warnings],
    ...(work.notice ? { notice: work.notice } : {}),
    ...(work.pbxMessage !== undefined ? { pbxMessage: work.pbxMessage } : {}),
    updatedAt: work.updatedAt,
  };
}
