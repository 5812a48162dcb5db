/**
 * The recordings pipeline for the app: one runner per profile (watched folders -> settle ->
 * checks -> policy -> journal -> engine -> after-success), one journal for all of them, and the
 * history read from it. The app wires this to IPC, the tray and the taskbar; nothing here imports
 * electron. (Skeleton: signatures are final, the implementation lands in the following commits.)
 */
import type {
  ConflictAnswer,
  HistoryCounts,
  HistoryPage,
  HistoryQuery,
  PipelineBatch,
  PipelineConfig,
  PipelineFile,
  PipelineStatus,
} from '../../shared/pipeline';
import type { UploadTarget } from '../upload/engine';

export interface PipelineServiceOptions {
  /** The journal file (the app's user data, e.g. `<userData>/pipeline-journal.jsonl`). */
  readonly journalPath: string;
  /** Uploads at a time per profile. Default 2. */
  readonly concurrency?: number;
  readonly now?: () => number;
}

type Listener<T> = (value: T) => void;

export class PipelineService {
  private constructor(readonly options: PipelineServiceOptions) {}

  /** Opens (or creates) the journal, repairing a line torn by a crash. */
  static open(options: PipelineServiceOptions): Promise<PipelineService> {
    return Promise.resolve(new PipelineService(options));
  }

  /**
   * Starts (or restarts with a new config) watching the profile's folders. `target` gives the live
   * session's upload target, or undefined while not connected (files then wait and are tried
   * again with backoff).
   */
  start(
    profileId: string,
    config: PipelineConfig,
    target: () => UploadTarget | undefined,
  ): Promise<PipelineStatus> {
    void config;
    void target;
    return Promise.resolve(this.status(profileId));
  }

  /** Stops watching; an upload in flight is cancelled and stays in the journal as waiting. */
  stop(profileId: string): Promise<void> {
    void profileId;
    return Promise.resolve();
  }

  status(profileId: string): PipelineStatus {
    return { profileId, running: false, folders: [], files: [] };
  }

  onFile(listener: Listener<PipelineFile>): () => void {
    void listener;
    return () => undefined;
  }

  onBatch(listener: Listener<PipelineBatch>): () => void {
    void listener;
    return () => undefined;
  }

  history(query: HistoryQuery): HistoryPage {
    void query;
    return { entries: [], total: 0, counts: this.counts() };
  }

  /** The whole filtered history as CSV (RFC 4180, header row, UTF-8). */
  exportCsv(query: HistoryQuery): string {
    void query;
    return '';
  }

  /** Tries failed and waiting files again now (all when no ids); returns how many. */
  retry(ids?: readonly string[]): number {
    void ids;
    return 0;
  }

  /** Answers an `asking` file (policy ask); false when no such file is asking. */
  answer(id: string, answer: ConflictAnswer): boolean {
    void id;
    void answer;
    return false;
  }

  counts(): HistoryCounts {
    return { done: 0, failed: 0, waiting: 0 };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
