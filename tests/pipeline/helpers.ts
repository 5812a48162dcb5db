/** Shared pieces of the pipeline tests: real WAV files, waiting for a condition, a runner on a demo PBX. */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_PIPELINE_CONFIG, defaultWatchedFolder, type PipelineConfig } from '../../shared/pipeline';
import { wavHeader } from '../upload/helpers';

/** A playable 8 kHz (or `rate`) 16-bit mono WAV of `size` bytes with random samples. */
export function wavBytes(size: number, rate = 8000): Buffer {
  const header = wavHeader({ rate, dataBytes: Math.max(0, size - 44) });
  return Buffer.concat([header, randomBytes(Math.max(0, size - 44))]).subarray(0, Math.max(size, 44));
}

export async function writeWav(dir: string, name: string, size: number, rate = 8000): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, wavBytes(size, rate));
  return path;
}

/** Polls `check` every 50 ms until it returns true; fails after `timeoutMs` saying `what`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 25_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

export function configFor(folder: string, extra: Partial<PipelineConfig> = {}): PipelineConfig {
  return { ...DEFAULT_PIPELINE_CONFIG, enabled: true, folders: [defaultWatchedFolder(folder)], ...extra };
}
