/**
 * The recordings pipeline as this window sees it: the History view's page of journal entries (with
 * search and filter), the live state of each file from `pipeline:file`, the running batch, the files
 * waiting for the operator's answer (policy "ask"), and what the host offers (folder picker, save
 * dialog, file manager). The pipeline runs in main; this store reads and forwards.
 */
import type { AjamApi, IpcResult } from '../../../shared/ipc';
import type {
  ConflictAnswer,
  HistoryCounts,
  HistoryEntry,
  HistoryFilter,
  PipelineBatch,
  PipelineFile,
  PipelineStatus,
} from '../../../shared/pipeline';
import type { PipelineHostFeatures } from '../../../shared/pipeline-contract';
import type { I18n } from '../stores/i18n.svelte';
import type { Toasts } from '../stores/toasts.svelte';

const NO_HOST: PipelineHostFeatures = { folderPicker: false, saveDialog: false, reveal: false };
const ZERO: HistoryCounts = { done: 0, failed: 0, waiting: 0 };
/** Events come many times a second during a batch: the page is read again at most this often. */
const REFRESH_MS = 400;
const PAGE = 500;

export class Pipeline {
  /** The host has the pipeline at all (pipeline:get-status answered). */
  supported = $state(false);
  host = $state.raw<PipelineHostFeatures>(NO_HOST);
  status = $state.raw<PipelineStatus | undefined>(undefined);
  counts = $state.raw<HistoryCounts>(ZERO);
  entries = $state.raw<readonly HistoryEntry[]>([]);
  total = $state(0);
  search = $state('');
  filter = $state<HistoryFilter>('all');
  /** The latest state of each file main reported, by id (journal entry id once it has one). */
  live = $state.raw<Readonly<Record<string, PipelineFile>>>({});
  batch = $state.raw<PipelineBatch | undefined>(undefined);
  historyOpen = $state(false);

  /** Files whose name is already on the PBX, waiting for skip / overwrite / rename. */
  asking: readonly PipelineFile[] = $derived(Object.values(this.live).filter((f) => f.state === 'asking'));

  #api: AjamApi;
  #toasts: Toasts;
  #i18n: I18n;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(api: AjamApi, toasts: Toasts, i18n: I18n) {
    this.#api = api;
    this.#toasts = toasts;
    this.#i18n = i18n;
    api.onPipelineFile((file) => {
      // A file's id changes once the journal has it: its record under the path id is replaced.
      const next: Record<string, PipelineFile> = {};
      for (const [id, known] of Object.entries(this.live)) if (known.path !== file.path) next[id] = known;
      next[file.id] = file;
      this.live = next;
      this.#scheduleRefresh();
    });
    api.onPipelineBatch((batch) => {
      this.batch = batch.ended ? undefined : batch;
      if (batch.ended) this.#scheduleRefresh();
    });
    api.onPipelineStatus((status) => {
      this.status = status.running ? status : undefined;
      if (!status.running) this.live = {};
      this.#scheduleRefresh();
    });
  }

  async load(): Promise<void> {
    const result = await this.#api.getPipeline();
    if (!result.ok) {
      this.supported = false;
      return;
    }
    this.supported = true;
    this.host = result.value.host;
    this.status = result.value.status;
    this.counts = result.value.counts;
    const files = result.value.status?.files ?? [];
    this.live = Object.fromEntries(files.map((file) => [file.id, file]));
  }

  /** Reads the page for the current search and filter. */
  async refresh(): Promise<void> {
    const query = {
      ...(this.search.trim() ? { search: this.search.trim() } : {}),
      filter: this.filter,
      limit: PAGE,
    };
    const result = await this.#api.pipelineHistory(query);
    if (!result.ok) return;
    this.entries = result.value.entries;
    this.total = result.value.total;
    this.counts = result.value.counts;
  }

  #scheduleRefresh(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // Closed, only the counts (the History button's badge) and the status are needed.
      void (this.historyOpen ? this.refresh() : this.load());
    }, REFRESH_MS);
  }

  /** The live state of an entry's file, when main reported one. */
  fileOf(entry: HistoryEntry): PipelineFile | undefined {
    return this.live[entry.id];
  }

  #failed(result: IpcResult<unknown>): boolean {
    if (result.ok) return false;
    this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
    return true;
  }

  /** One entry, or every failed and waiting one. */
  async retry(ids?: readonly string[]): Promise<void> {
    const result = await this.#api.retryPipeline(ids ? { ids: [...ids] } : {});
    if (this.#failed(result) || !result.ok) return;
    const t = this.#i18n.t;
    this.#toasts.show(result.value.count > 0 ? 'ok' : 'info', t.historyRetried(result.value.count));
    await this.refresh();
  }

  async reveal(id: string): Promise<void> {
    this.#failed(await this.#api.revealPipelineFile({ id }));
  }

  async answer(id: string, answer: ConflictAnswer): Promise<boolean> {
    const result = await this.#api.answerPipeline({ id, answer });
    if (this.#failed(result) || !result.ok) return false;
    return result.value.answered;
  }

  async chooseFolder(): Promise<string | undefined> {
    const result = await this.#api.choosePipelineFolder();
    if (this.#failed(result) || !result.ok) return undefined;
    return result.value.kind === 'chosen' ? result.value.path : undefined;
  }

  /** The filtered history as CSV: saved by main through its dialog, or downloaded by the page. */
  async exportCsv(): Promise<void> {
    const result = await this.#api.exportPipelineHistory({
      ...(this.search.trim() ? { search: this.search.trim() } : {}),
      filter: this.filter,
      language: this.#i18n.lang,
    });
    if (this.#failed(result) || !result.ok) return;
    const t = this.#i18n.t;
    const exported = result.value;
    if (exported.kind === 'cancelled') return;
    if (exported.kind === 'content') downloadText(exported.fileName, exported.csv, 'text/csv;charset=utf-8');
    this.#toasts.show('ok', t.historyExported(exported.rows));
  }
}

/** Hands text to the browser as a file download (the preview has no save dialog). */
function downloadText(fileName: string, text: string, type: string): void {
  // A BOM so that spreadsheet programs read the accents of Spanish names as UTF-8.
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
