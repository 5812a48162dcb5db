/**
 * The taskbar's progress while a batch of watched-folder recordings runs (BrowserWindow
 * .setProgressBar): a fraction of the batch's bytes, red ("error") once a file of it failed, and
 * gone when the batch ends. Pure decision plus a tiny holder that only calls the window on a
 * visible change: progress events come many times a second, the taskbar need not.
 */
import type { PipelineBatch } from '../../../shared/pipeline';

export type ProgressMode = 'none' | 'normal' | 'indeterminate' | 'error';

export interface TaskbarProgress {
  /** 0..1, or -1 to remove the bar (Electron's convention). */
  readonly value: number;
  readonly mode: ProgressMode;
}

export const NO_PROGRESS: TaskbarProgress = { value: -1, mode: 'none' };

/** What the taskbar shows for a batch; whole percents, so equal views compare equal. */
export function taskbarProgress(batch: PipelineBatch | undefined): TaskbarProgress {
  if (!batch || batch.ended || batch.total === 0) return NO_PROGRESS;
  const mode: ProgressMode = batch.failed > 0 ? 'error' : 'normal';
  // Bytes say more than file counts (one 1 GiB file among small ones); files when sizes are unknown.
  const fraction = batch.bytes > 0 ? batch.sentBytes / batch.bytes : batch.finished / batch.total;
  const value = Math.round(Math.min(1, Math.max(0, fraction)) * 100) / 100;
  return { value, mode };
}

export interface ProgressTarget {
  setProgressBar(value: number, options?: { mode: ProgressMode }): void;
  isDestroyed?(): boolean;
}

/** Feeds batches to a window's taskbar button, calling it only when what it shows changes. */
export class TaskbarProgressBar {
  #shown: TaskbarProgress = NO_PROGRESS;

  constructor(private readonly target: ProgressTarget) {}

  feed(batch: PipelineBatch | undefined): void {
    const next = taskbarProgress(batch);
    if (next.value === this.#shown.value && next.mode === this.#shown.mode) return;
    this.#shown = next;
    if (this.target.isDestroyed?.()) return;
    this.target.setProgressBar(next.value, { mode: next.mode });
  }

  get shown(): TaskbarProgress {
    return this.#shown;
  }
}
