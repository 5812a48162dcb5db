/**
 * Files appearing or changing in one watched folder, from chokidar: OS change events, or polling
 * for network shares (SMB, NFS), where change events do not arrive. The initial scan reports
 * every file already there, so whatever the journal does not have as uploaded gets queued on
 * start. The move-after folder is never watched (it would send its own files again).
 */
import { relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { WatchedFolder } from '../../shared/pipeline';

export interface FolderWatch {
  /** Resolves once the initial scan has reported every file already there. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface FolderEvents {
  /** A file was found, created or changed (the caller decides whether it is one to send). */
  file(path: string): void;
  gone(path: string): void;
  error(error: Error): void;
}

/** Starts watching a folder; tests pass their own. */
export type WatchFolder = (
  folder: WatchedFolder,
  options: { readonly pollMs: number; readonly skip: readonly string[] },
  events: FolderEvents,
) => FolderWatch;

/** True when `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return (
    rel === '' ||
    (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))
  );
}

export const chokidarWatch: WatchFolder = (folder, options, events) => {
  const watcher: FSWatcher = watch(folder.path, {
    ignoreInitial: false,
    followSymlinks: false,
    usePolling: folder.polling,
    interval: options.pollMs,
    binaryInterval: options.pollMs,
    // Settling is ours (settle.ts): it also needs the file to open, and reports every state.
    awaitWriteFinish: false,
    atomic: false,
    ...(folder.recursive ? {} : { depth: 0 }),
    ignored: (path: string) => options.skip.some((dir) => isInside(path, dir)),
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  watcher.on('add', (path) => events.file(path));
  watcher.on('change', (path) => events.file(path));
  watcher.on('unlink', (path) => events.gone(path));
  watcher.on('error', (error) => events.error(error instanceof Error ? error : new Error(String(error))));
  return { ready, close: () => watcher.close() };
};
