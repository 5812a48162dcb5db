/**
 * The recordings pipeline as the app sees it: per-profile configuration (watched folders and
 * policies), the state of each file on its way to the PBX, and the journal's history entries.
 * The core lives in electron/pipeline/ (journal, watcher, settle, checks, policies, runner); the
 * app wires `PipelineService` (electron/pipeline/service.ts) to IPC, the settings UI, the History
 * view, the tray and the taskbar. Pure types and defaults: no imports but other shared files.
 */
import type { Notice } from './notices';

/** What to do with a different file whose stored name was already uploaded to this PBX and mapping. */
export const OVERWRITE_POLICIES = ['ask', 'skip', 'overwrite', 'rename'] as const;
export type OverwritePolicy = (typeof OVERWRITE_POLICIES)[number];

/** A 16 kHz WAV under `.wav` (Asterisk plays `.wav` as 8 kHz): send it as `.wav16`, or send as is with a warning. */
export const WAV16_POLICIES = ['rename', 'warn'] as const;
export type Wav16Policy = (typeof WAV16_POLICIES)[number];

/** After "File successfully uploaded." (never before): leave the file, move it, or delete it. */
export type AfterSuccess =
  | { readonly kind: 'leave' }
  /** `dir` is absolute, or relative to the watched folder (e.g. `subidos`). */
  | { readonly kind: 'move'; readonly dir: string }
  | { readonly kind: 'delete' };

export interface WatchedFolder {
  /** Absolute path of the folder. */
  readonly path: string;
  /** Watch subfolders too (a move-after folder inside it is never watched). */
  readonly recursive: boolean;
  /**
   * Poll the folder instead of OS change events: needed on network shares (SMB, NFS), where
   * change events do not arrive. Costs a stat of every file per interval.
   */
  readonly polling: boolean;
  /**
   * Glob patterns on the file's path relative to the folder (`*`, `**`, `?`, `{a,b}`),
   * case-insensitive. Empty include = the accepted audio extensions.
   */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface PipelineConfig {
  /** Watching runs while the profile is connected and this is on. */
  readonly enabled: boolean;
  readonly folders: readonly WatchedFolder[];
  /** A file is complete once its size and mtime have not changed for this long (and it opens). */
  readonly settleSeconds: number;
  /** Poll interval for folders with `polling` (network shares). */
  readonly pollSeconds: number;
  readonly overwrite: OverwritePolicy;
  readonly wav16: Wav16Policy;
  readonly after: AfterSuccess;
}

export const DEFAULT_SETTLE_SECONDS = 5;
export const DEFAULT_POLL_SECONDS = 2;
/** Longest wait between two tries of a file the PBX could not take (PBX down, session lost...). */
export const MAX_RETRY_DELAY_SECONDS = 300;

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = {
  enabled: false,
  folders: [],
  settleSeconds: DEFAULT_SETTLE_SECONDS,
  pollSeconds: DEFAULT_POLL_SECONDS,
  // Nothing on the PBX is overwritten and nothing local is skipped unless the admin chose so.
  overwrite: 'rename',
  wav16: 'rename',
  after: { kind: 'leave' },
};

export function defaultWatchedFolder(path: string): WatchedFolder {
  return { path, recursive: false, polling: false, include: [], exclude: [] };
}

/**
 * Where one file is on its way:
 * - `settling`: seen; waiting until size and mtime stay still for the settle time and it opens;
 * - `checking`: pre-send checks (name, extension, size, header against extension, content);
 * - `asking`: its name is already on the PBX with other content and the policy is `ask`;
 * - `queued` / `uploading`: waiting for / being sent (sentBytes grows);
 * - `waiting`: a try failed for a reason that passes (PBX down, session lost, TLS, no reply):
 *   tried again at `retryAt` with exponential backoff up to 5 minutes;
 * - `done`: the PBX answered "File successfully uploaded." and the journal has it;
 * - `skipped`: not sent on purpose (the same content is already there; policy `skip`);
 * - `refused`: a check refused it before a byte went out (says what is wrong with the file);
 * - `failed`: the PBX refused it for a reason that does not pass by itself (name or type refused,
 *   missing write=config, no such post mapping): no more tries until retried; says what to fix.
 */
export type PipelineFileState =
  | 'settling'
  | 'checking'
  | 'asking'
  | 'queued'
  | 'uploading'
  | 'waiting'
  | 'done'
  | 'skipped'
  | 'refused'
  | 'failed';

export interface PipelineFile {
  /** The journal entry's id once it has one; before that a stable id for the path. */
  readonly id: string;
  readonly profileId: string;
  /** The watched folder it was found in, and its absolute path. */
  readonly folder: string;
  readonly path: string;
  /** The name it is (or will be) stored under on the PBX; '' until checked. */
  readonly sendName: string;
  readonly size: number;
  readonly state: PipelineFileState;
  readonly sentBytes: number;
  /** Tries so far (failed ones and the current one). */
  readonly attempts: number;
  /** When state is `waiting`: epoch ms of the next try. */
  readonly retryAt?: number;
  /** Warnings from the checks (renamed, WAV format...). */
  readonly warnings: readonly Notice[];
  /** Why it is waiting, refused, failed, skipped or asking: what to fix, in the operator's language. */
  readonly notice?: Notice;
  /** Asterisk's own sentence from its reply page, verbatim. */
  readonly pbxMessage?: string;
  readonly updatedAt: number;
}

/** The answer to an `asking` file. */
export type ConflictAnswer = 'skip' | 'overwrite' | 'rename';

/** How a journal entry ended, or that it has not yet. */
export type HistoryResult = 'done' | 'failed' | 'refused' | 'skipped' | 'waiting';
/** The History view's filter: `waiting` is every entry without a result yet. */
export type HistoryFilter = 'all' | 'done' | 'failed' | 'waiting';

/** One file's journey as the journal tells it (one entry per file, however many tries it took). */
export interface HistoryEntry {
  readonly id: string;
  readonly profileId: string;
  /** The file as found, and the name it was stored under. */
  readonly path: string;
  readonly sendName: string;
  readonly size: number;
  /** Hex; '' until the file was sent whole (it is computed while sending). */
  readonly sha256: string;
  /** The PBX's base URL (with the http.conf prefix) and post mapping. */
  readonly pbx: string;
  readonly mapping: string;
  /** When the entry was created, and when it got its result (epoch ms). */
  readonly createdAt: number;
  readonly finishedAt?: number;
  /** The successful try's send time. */
  readonly durationMs?: number;
  readonly result: HistoryResult;
  readonly attempts: number;
  readonly notice?: Notice;
  /** Asterisk's words ("File successfully uploaded.", or its refusal). */
  readonly pbxMessage?: string;
  /** What was done with the local file afterwards. */
  readonly after?: { readonly kind: 'moved'; readonly to: string } | { readonly kind: 'deleted' };
}

export interface HistoryQuery {
  /** Case-insensitive substring of name, path, SHA-256, PBX or the PBX's words. */
  readonly search?: string;
  readonly filter?: HistoryFilter;
  readonly profileId?: string;
  /** Newest first; `offset`/`limit` page through. Default limit 500. */
  readonly offset?: number;
  readonly limit?: number;
}

export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  /** Entries matching the query (all pages). */
  readonly total: number;
  readonly counts: HistoryCounts;
}

export interface HistoryCounts {
  readonly done: number;
  readonly failed: number;
  readonly waiting: number;
}

/** A batch: files that came while the pipeline had nothing to do, until it has nothing again. */
export interface PipelineBatch {
  readonly profileId: string;
  /** Files in the batch, and how many of them have a result. */
  readonly total: number;
  readonly finished: number;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  /** Bytes of the batch's files, and sent so far (for the taskbar's progress). */
  readonly bytes: number;
  readonly sentBytes: number;
  /** False while it runs; the one `true` event per batch is the one to notify about. */
  readonly ended: boolean;
}

export interface PipelineStatus {
  readonly profileId: string;
  readonly running: boolean;
  /** Folders being watched, and any that cannot be (missing, no permission). */
  readonly folders: readonly { readonly path: string; readonly problem?: Notice }[];
  readonly files: readonly PipelineFile[];
  readonly batch?: PipelineBatch;
  /** Why the pipeline stopped by itself (its journal cannot be written). */
  readonly problem?: Notice;
}

/**
 * What electron/pipeline/service.ts offers the app (the app wires it to IPC): one service for
 * every profile, one journal file in the app's user data. See that file for the signatures.
 *
 * ```ts
 * const service = await PipelineService.open({ journalPath });
 * await service.start(profileId, config, target);  // target: () => UploadTarget | undefined (live session)
 * await service.stop(profileId);
 * service.status(profileId): PipelineStatus
 * service.onFile((file: PipelineFile) => ...)       // every state change (progress throttled)
 * service.onBatch((batch: PipelineBatch) => ...)    // progress, and the end of each batch (ended: true)
 * service.history(query: HistoryQuery): HistoryPage
 * service.exportCsv(query: HistoryQuery): string    // the whole filtered history, RFC 4180
 * service.retry(ids?: readonly string[]): number    // failed/waiting files tried again now; all when no ids
 * service.answer(id, answer: ConflictAnswer): boolean
 * service.counts(): HistoryCounts                   // tray tooltip
 * await service.close();
 * ```
 */
