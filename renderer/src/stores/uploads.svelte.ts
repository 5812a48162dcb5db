/**
 * Uploads of this session: every item main reports (upload:progress), shown newest batch first.
 * The engine lives in main; this only shows it and forwards cancel/retry.
 */
import type { AjamApi, UploadFile, UploadItem } from '../../../shared/ipc';
import { newestBatchFirst } from '../lib/uploads';
import type { I18n } from './i18n.svelte';
import type { Toasts } from './toasts.svelte';

const FINISHED: ReadonlySet<UploadItem['state']> = new Set(['done', 'failed', 'cancelled'] as const);

export class Uploads {
  items = $state.raw<readonly UploadItem[]>([]);
  open = $state(false);
  /**
   * The clearly labelled override: send to a remote PBX over plain http despite Asterisk's short-read
   * bug. Off by default, and never remembered beyond this window.
   */
  allowInsecureHttp = $state(false);
  /** Ids the operator cleared from view (history stays in main). */
  #hidden = $state.raw<Readonly<Record<string, true>>>({});

  shown: readonly UploadItem[] = $derived(newestBatchFirst(this.items.filter((i) => !this.#hidden[i.id])));
  done: number = $derived(this.shown.filter((i) => i.state === 'done').length);
  failed: number = $derived(this.shown.filter((i) => i.state === 'failed').length);
  active: number = $derived(this.shown.filter((i) => !FINISHED.has(i.state)).length);

  #api: AjamApi;
  #toasts: Toasts;
  #i18n: I18n;

  constructor(api: AjamApi, toasts: Toasts, i18n: I18n) {
    this.#api = api;
    this.#toasts = toasts;
    this.#i18n = i18n;
    api.onUploadProgress((item) => this.#upsert([item]));
    api.onUploadBatch((batch) => {
      const t = this.#i18n.t;
      this.#toasts.show(
        batch.failed > 0 ? 'error' : 'ok',
        `${t.uploads}: ${t.uploadSummary(batch.uploaded, batch.failed, 0)}`,
      );
    });
  }

  /** `onlyNew`: add unknown items but leave known ones as the (newer) progress events left them. */
  #upsert(updates: readonly UploadItem[], onlyNew = false): void {
    const next = [...this.items];
    for (const item of updates) {
      const at = next.findIndex((i) => i.id === item.id);
      if (at === -1) next.push(item);
      else if (!onlyNew) next[at] = item;
    }
    this.items = next;
  }

  async load(): Promise<void> {
    const result = await this.#api.listUploads();
    if (result.ok) this.#upsert(result.value);
  }

  async add(files: readonly UploadFile[]): Promise<void> {
    if (files.length === 0) return;
    this.open = true;
    const result = await this.#api.addUploads(
      files,
      this.allowInsecureHttp ? { allowInsecureHttp: true } : undefined,
    );
    // The answer holds each file as it was when checked; main has already sent progress since
    // (an upload starts before the answer goes out), which must not be rolled back to "queued".
    if (result.ok) this.#upsert(result.value.items, true);
    else this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
  }

  async cancel(id: string): Promise<void> {
    const result = await this.#api.cancelUpload({ id });
    if (result.ok) this.#upsert([result.value]);
    else this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
  }

  async retry(id: string): Promise<void> {
    const result = await this.#api.retryUpload({ id });
    if (result.ok) this.#upsert([result.value]);
    else this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
  }

  clearFinished(): void {
    const hidden: Record<string, true> = { ...this.#hidden };
    for (const item of this.items) if (FINISHED.has(item.state)) hidden[item.id] = true;
    this.#hidden = hidden;
  }
}
