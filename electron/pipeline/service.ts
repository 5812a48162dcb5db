/**
 * The recordings pipeline for the app: one runner per profile (watched folders -> settle ->
 * checks -> policy -> journal -> engine -> after-success), one journal for all of them, and the
 * history read from it. The app wires this to IPC, the tray and the taskbar; nothing here imports
 * electron.
 */
import type { Notice } from '../../shared/notices';
import type {
  ConflictAnswer,
  HistoryCounts,
  HistoryEntry,
  HistoryPage,
  HistoryQuery,
  PipelineBatch,
  PipelineConfig,
  PipelineFile,
  PipelineStatus,
} from '../../shared/pipeline';
import type { UploadTarget } from '../upload/engine';
import { countEntries, historyCsv, historyPage, selectEntries, toHistoryEntry } from './history';
import { Journal } from './journal';
import type { Destination } from './records';
import { PipelineRunner, type RunnerOptions } from './runner';

export interface PipelineServiceOptions {
  /** The journal file (the app's user data, e.g. `<userData>/pipeline-journal.jsonl`). */
  readonly journalPath: string;
  /** Uploads at a time per profile. Default 2. */
  readonly concurrency?: number;
  readonly now?: () => number;
  /** Test hooks passed to every runner (backoff, settle, watcher, engine). */
  readonly runner?: Partial<
    Omit<RunnerOptions, 'profileId' | 'config' | 'destination' | 'journal' | 'target'>
  >;
}

type Listener<T> = (value: T) => void;

export class PipelineService {
  private readonly runners = new Map<string, PipelineRunner>();
  private readonly fileListeners = new Set<Listener<PipelineFile>>();
  private readonly batchListeners = new Set<Listener<PipelineBatch>>();

  private constructor(
    private readonly options: PipelineServiceOptions,
    private readonly journal: Journal,
  ) {}

  /** Opens (or creates) the journal, repairing a line torn by a crash. */
  static async open(options: PipelineServiceOptions): Promise<PipelineService> {
    return new PipelineService(options, await Journal.open(options.journalPath));
  }

  /**
   * Starts (or restarts with a new config) watching the profile's folders; resolves once every
   * file already in them was found. `target` gives the live session's upload target, or undefined
   * while not connected (files then wait, and go when it comes back: call `wake`). `destination`
   * (the profile's PBX URL and post mapping, the journal's key) defaults to the target's.
   */
  async start(
    profileId: string,
    config: PipelineConfig,
    target: () => UploadTarget | undefined,
    destination?: Destination,
  ): Promise<PipelineStatus> {
    const current = target();
    const where = destination ?? (current ? destinationOf(current) : undefined);
    if (!where) throw new Error('the pipeline needs the PBX address and post mapping to start');
    await this.stop(profileId);
    const runner = new PipelineRunner({
      ...this.options.runner,
      profileId,
      config,
      destination: where,
      journal: this.journal,
      target,
      ...(this.options.concurrency !== undefined ? { concurrency: this.options.concurrency } : {}),
      ...(this.options.now ? { now: this.options.now } : {}),
    });
    runner.onFile((file) => this.fileListeners.forEach((l) => l(file)));
    runner.onBatch((batch) => this.batchListeners.forEach((l) => l(batch)));
    this.runners.set(profileId, runner);
    if (config.enabled) await runner.start();
    return runner.status();
  }

  /** Stops watching; an upload in flight is cancelled and stays in the journal as waiting. */
  async stop(profileId: string): Promise<void> {
    const runner = this.runners.get(profileId);
    if (!runner) return;
    this.runners.delete(profileId);
    await runner.stop();
  }

  /** The session came back (or changed): queued files go now instead of at the next poll. */
  wake(profileId?: string): void {
    for (const [id, runner] of this.runners) if (profileId === undefined || id === profileId) runner.wake();
  }

  status(profileId: string): PipelineStatus {
    return this.runners.get(profileId)?.status() ?? { profileId, running: false, folders: [], files: [] };
  }

  onFile(listener: Listener<PipelineFile>): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  onBatch(listener: Listener<PipelineBatch>): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  private entries(): HistoryEntry[] {
    return this.journal.entries().map(toHistoryEntry);
  }

  history(query: HistoryQuery): HistoryPage {
    return historyPage(this.entries(), query);
  }

  /** The whole filtered history as CSV (RFC 4180, header row); `word` words the reasons. */
  exportCsv(query: HistoryQuery, word?: (notice: Notice) => string): string {
    return historyCsv(selectEntries(this.entries(), query), word);
  }

  /** Tries failed and waiting files again now (all when no ids); returns how many. */
  retry(ids?: readonly string[]): number {
    let count = 0;
    for (const runner of this.runners.values()) count += runner.retry(ids);
    return count;
  }

  /** Answers an `asking` file (policy ask); false when no such file is asking. */
  answer(id: string, answer: ConflictAnswer): boolean {
    for (const runner of this.runners.values()) if (runner.answer(id, answer)) return true;
    return false;
  }

  counts(): HistoryCounts {
    return countEntries(this.journal.entries());
  }

  async close(): Promise<void> {
    await Promise.all([...this.runners.keys()].map((id) => this.stop(id)));
    await this.journal.close();
  }
}

/** The journal's key for a target: its base URL without a trailing slash, and its mapping. */
export function destinationOf(target: Pick<UploadTarget, 'baseUrl' | 'mapping'>): Destination {
  return { pbx: target.baseUrl.replace(/\/+$/, ''), mapping: target.mapping };
}
