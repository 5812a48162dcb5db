/**
 * What becomes of a local file once the PBX has it (never before): left alone, moved into a
 * folder (`subidos/` beside it by default), or deleted. A file of the same name already in the
 * move folder is kept; the new one gets a suffix. Moving across drives copies, fsyncs, then
 * deletes the original.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { AfterSuccess } from '../../shared/pipeline';
import { suffixed } from './conflict';

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

export type AfterPlan = { readonly kind: 'moved'; readonly to: string } | { readonly kind: 'deleted' };

/**
 * What `after` will do with `path` (in watched folder `watched`): the free name in the move
 * folder, or delete. Undefined when the file is to be left, or is no longer there.
 */
export async function planAfter(
  path: string,
  after: AfterSuccess,
  watched: string,
): Promise<AfterPlan | undefined> {
  if (after.kind === 'leave' || !(await exists(path))) return undefined;
  if (after.kind === 'delete') return { kind: 'deleted' };
  const folder = moveFolder(after, watched) as string;
  const name = basename(path);
  let to = join(folder, name);
  for (let i = 1; await exists(to); i++) to = join(folder, suffixed(name, i));
  return { kind: 'moved', to };
}

/** Carries out a plan. Throws when the file system refuses. */
export async function applyAfter(path: string, plan: AfterPlan): Promise<void> {
  if (plan.kind === 'deleted') {
    await unlink(path);
    return;
  }
  await mkdir(dirname(plan.to), { recursive: true });
  try {
    await rename(path, plan.to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(path, plan.to, constants.COPYFILE_EXCL);
    await syncFile(plan.to);
    await unlink(path);
  }
}
