/**
 * What a failed try means for the next one. Pure. Failures of the PBX or the way to it (down,
 * session lost, TLS, no reply) pass by themselves: try again with exponential backoff, at most
 * 5 minutes apart. Failures that the same request meets again (the name or type refused, a user
 * without write=config, no such post mapping, an unusable address) stop until someone fixes what
 * the notice names. A file that changed or could not be opened goes back to settling.
 */
import { MAX_RETRY_DELAY_SECONDS } from '../../shared/pipeline';
import type { UploadErrorCode } from '../upload/engine';

export type FailureKind = 'transient' | 'permanent' | 'file';

const PERMANENT: ReadonlySet<string> = new Set<UploadErrorCode>([
  'bad-url',
  'bad-name',
  'plain-http-refused',
  'too-large',
  'permission',
  'not-found',
  'bad-request',
  'not-implemented',
]);

const FILE: ReadonlySet<string> = new Set<UploadErrorCode>(['file', 'file-changed']);

export function failureKind(code: string): FailureKind {
  if (PERMANENT.has(code)) return 'permanent';
  if (FILE.has(code)) return 'file';
  return 'transient';
}

/**
 * A failure that says the PBX (not this file) is unreachable or refusing everyone: every upload
 * waits, rather than each trying on its own.
 */
export function blocksEveryone(code: string): boolean {
  return (
    failureKind(code) !== 'file' && code !== 'bad-name' && code !== 'too-large' && code !== 'bad-request'
  );
}

export interface Backoff {
  /** First delay. */
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 2000, maxMs: MAX_RETRY_DELAY_SECONDS * 1000 };

/**
 * The wait before try `failures + 1` after `failures` failures in a row (>= 1): base, doubled
 * each time, capped; `random` in [0, 1) spreads it by up to -20 % so that many clients do not all
 * come back at once.
 */
export function backoffMs(failures: number, backoff: Backoff = DEFAULT_BACKOFF, random = 0.5): number {
  const exp = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
  return Math.round(exp * (1 - 0.2 * random));
}
