/**
 * The recordings pipeline's part of the IPC contract (shared/ipc.ts spreads it in): the profile
 * section that configures it (watched folders and policies) as a runtime schema, the `pipeline:*`
 * request channels with their payload schemas, what they answer, and the events main pushes.
 * Types of the pipeline itself are in shared/pipeline.ts. Imports valibot and types only.
 */
import * as v from 'valibot';
import type {
  HistoryCounts,
  HistoryPage,
  PipelineBatch,
  PipelineConfig,
  PipelineFile,
  PipelineStatus,
} from './pipeline';

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const noControl = v.check((text: string) => !hasControlCharacter(text), 'may not contain control characters');

/** A folder as an OS names it: POSIX, `C:\`, or a `\\server\share` UNC (network shares are the point). */
export const FolderPathSchema = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'is empty'),
  v.maxLength(4096, 'is longer than 4096 characters'),
  noControl,
  v.regex(/^(?:\/|[A-Za-z]:[\\/]|\\\\)/, 'is not an absolute folder path'),
);

const pattern = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'is empty'),
  v.maxLength(256, 'is longer than 256 characters'),
  noControl,
);
const patterns = v.pipe(
  v.array(pattern, 'must be a list of patterns'),
  v.maxLength(32, 'has more than 32 patterns'),
  v.readonly(),
);

export const WatchedFolderSchema = v.strictObject({
  path: FolderPathSchema,
  recursive: v.boolean('must be true or false'),
  polling: v.boolean('must be true or false'),
  include: patterns,
  exclude: patterns,
});

export const AfterSuccessSchema = v.variant(
  'kind',
  [
    v.strictObject({ kind: v.literal('leave') }),
    v.strictObject({
      kind: v.literal('move'),
      /** Absolute, or relative to the watched folder (`subidos`). */
      dir: v.pipe(
        v.string('must be text'),
        v.minLength(1, 'is empty'),
        v.maxLength(1024, 'is longer than 1024 characters'),
        noControl,
      ),
    }),
    v.strictObject({ kind: v.literal('delete') }),
  ],
  'must be leave, move to a folder, or delete',
);

const seconds = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** A profile's `pipeline` section (stored in the settings file, edited in the profile editor). */
export const PipelineConfigSchema = v.strictObject({
  enabled: v.boolean('must be true or false'),
  folders: v.pipe(
    v.array(WatchedFolderSchema, 'must be a list of folders'),
    v.maxLength(20, 'has more than 20 folders'),
    v.readonly(),
  ),
  settleSeconds: seconds(1, 3600),
  pollSeconds: seconds(1, 600),
  overwrite: v.picklist(['ask', 'skip', 'overwrite', 'rename'], 'must be ask, skip, overwrite or rename'),
  wav16: v.picklist(['rename', 'warn'], 'must be rename or warn'),
  after: AfterSuccessSchema,
});

// The schema and shared/pipeline.ts's PipelineConfig describe the same object: what the schema
// lets through is a PipelineConfig, and it names every field of one.
type Output = v.InferOutput<typeof PipelineConfigSchema>;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const _configInStep: [Output extends PipelineConfig ? true : false, SameKeys<Output, PipelineConfig>] = [
  true,
  true,
];
void _configInStep;

/** A journal entry's id, or (before the journal has the file) the core's `path:<path>` id. */
const entryId = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'is empty'),
  v.maxLength(4200, 'is longer than 4200 characters'),
  noControl,
);

const HistoryFilterSchema = v.picklist(
  ['all', 'done', 'failed', 'waiting'],
  'must be all, done, failed or waiting',
);

const historySearch = {
  search: v.optional(v.pipe(v.string('must be text'), v.maxLength(200, 'is longer than 200 characters'))),
  filter: v.optional(HistoryFilterSchema),
};

export const PIPELINE_REQUEST_SCHEMAS = {
  /** The running pipeline (if any), the journal's counts, and what this host can do. */
  'pipeline:get-status': v.strictObject({}),
  'pipeline:history': v.strictObject({
    ...historySearch,
    offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000))),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2000))),
  }),
  /** The filtered history as CSV: saved through the host's save dialog, or handed back to download. */
  'pipeline:export': v.strictObject({
    ...historySearch,
    /** The language the reasons in the file are worded in (the operator's). */
    language: v.optional(v.picklist(['en', 'es'], 'must be "en" or "es"')),
  }),
  /** Failed and waiting files tried again now; every one when `ids` is absent. */
  'pipeline:retry': v.strictObject({
    ids: v.optional(v.pipe(v.array(entryId), v.minLength(1, 'is empty'), v.maxLength(1000))),
  }),
  /** The operator's answer to a file whose name is already on the PBX (policy "ask"). */
  'pipeline:answer': v.strictObject({
    id: entryId,
    answer: v.picklist(['skip', 'overwrite', 'rename'], 'must be skip, overwrite or rename'),
  }),
  /** Shows a journal entry's file in the OS file manager; the path comes from the journal only. */
  'pipeline:reveal': v.strictObject({ id: entryId }),
  /** The host's folder picker (Electron); a folder chosen here may then be saved in a profile. */
  'pipeline:choose-folder': v.strictObject({}),
} as const satisfies Record<string, v.GenericSchema>;

export type PipelineRequestChannel = keyof typeof PIPELINE_REQUEST_SCHEMAS;

/** What this host offers around the pipeline (the browser preview has no native dialogs). */
export interface PipelineHostFeatures {
  /** A native folder picker: folders are chosen, never typed (typed paths are refused on save). */
  readonly folderPicker: boolean;
  /** CSV export writes the file through a save dialog; otherwise the page downloads it. */
  readonly saveDialog: boolean;
  /** "Open the folder" shows the file in the OS file manager. */
  readonly reveal: boolean;
}

export interface PipelineOverview {
  readonly host: PipelineHostFeatures;
  /** The pipeline of the connected profile, when one runs. */
  readonly status?: PipelineStatus;
  readonly counts: HistoryCounts;
}

export type PipelineExportResult =
  | { readonly kind: 'saved'; readonly file: string; readonly rows: number }
  | { readonly kind: 'cancelled' }
  /** No save dialog here: the page downloads `csv` as `fileName`. */
  | { readonly kind: 'content'; readonly fileName: string; readonly csv: string; readonly rows: number };

export type ChooseFolderResult =
  { readonly kind: 'chosen'; readonly path: string } | { readonly kind: 'cancelled' };

export interface PipelineRequestResults {
  'pipeline:get-status': PipelineOverview;
  'pipeline:history': HistoryPage;
  'pipeline:export': PipelineExportResult;
  'pipeline:retry': { readonly count: number };
  'pipeline:answer': { readonly answered: boolean };
  'pipeline:reveal': null;
  'pipeline:choose-folder': ChooseFolderResult;
}

export interface PipelineEventPayloads {
  /** One file's state changed (progress throttled by the core). */
  'pipeline:file': PipelineFile;
  /** A batch's progress; `ended: true` once per batch. */
  'pipeline:batch': PipelineBatch;
  /** The pipeline started, stopped, or a folder's state changed. */
  'pipeline:status': PipelineStatus;
}

export const PIPELINE_API_METHODS = {
  getPipeline: 'pipeline:get-status',
  pipelineHistory: 'pipeline:history',
  exportPipelineHistory: 'pipeline:export',
  retryPipeline: 'pipeline:retry',
  answerPipeline: 'pipeline:answer',
  revealPipelineFile: 'pipeline:reveal',
  choosePipelineFolder: 'pipeline:choose-folder',
} as const satisfies Record<string, PipelineRequestChannel>;

export const PIPELINE_API_LISTENERS = {
  onPipelineFile: 'pipeline:file',
  onPipelineBatch: 'pipeline:batch',
  onPipelineStatus: 'pipeline:status',
} as const satisfies Record<string, keyof PipelineEventPayloads>;
