/**
 * What becomes of a local file once the PBX has it (never before): left alone, moved into a
 * folder (`subidos/` beside it by default), or deleted. A file of the same name already in the
 * move folder is kept; the new one gets a suffix. Moving across drives copies, fsyncs, then
 * deletes the original.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { AfterSuccess } from '../../shared/pipeline';
import { suffixed } from './conflict';

export type AfterResult =
  | { readonly kind: 'left' }
  | { readonly kind: 'moved'; readonly to: string }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'gone' };

/** The folder files of `watched` are moved to, or undefined when they are not moved. */
export function moveFolder(after: AfterSuccess, watched: string): string | undefined {
  if (after.kind !== 'move') return undefined;
  return isAbsolute(after.dir) ? resolve(after.dir) : resolve(watched, after.dir);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Applies `after` to `path` (in watched folder `watched`). Throws when the file system refuses. */
export async function applyAfter(path: string, after: AfterSuccess, watched: string): Promise<AfterResult> {
  if (after.kind === 'leave') return { kind: 'left' };
  if (!(await exists(path))) return { kind: 'gone' };
  if (after.kind === 'delete') {
    await unlink(path);
    return { kind: 'deleted' };
  }
  const folder = moveFolder(after, watched) as string;
  await mkdir(folder, { recursive: true });
  const name = basename(path);
  let to = join(folder, name);
  for (let i = 1; await exists(to); i++) to = join(folder, suffixed(name, i));
  try {
    await rename(path, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(path, to, constants.COPYFILE_EXCL);
    await syncFile(to);
    await unlink(path);
  }
  return { kind: 'moved', to };
}
