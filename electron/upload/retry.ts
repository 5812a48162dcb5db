/**
 * Which finished uploads a Retry can help. Pure. A retry sends the same file with the same name,
 * settings and session, so a failure whose cause is the file itself (its name, extension, size,
 * emptiness, that it is gone) or this client's own settings (the URL, the plain-http refusal that
 * only the override lifts, a manager user without write=config, which needs a new login) comes
 * back unchanged: offering Retry there only invites a pointless click. Everything else (the network,
 * the PBX's reply, a file still being written, one that could not be read) may go through next time.
 */

/** Check refusals (checks.ts RefusalCode) that a new check of the same path gives again. */
const FINAL_REFUSALS: ReadonlySet<string> = new Set([
  'not-found',
  'not-a-file',
  'empty',
  'bad-name',
  'extension',
  'too-large',
]);

/** Engine failures (engine.ts UploadErrorCode) that the same request meets again. */
const FINAL_FAILURES: ReadonlySet<string> = new Set([
  'bad-url',
  'bad-name',
  'too-large',
  'plain-http-refused',
  'permission',
]);

export interface RetryFacts {
  readonly state: string;
  readonly error?: { readonly code: string };
}

/** True when Retry is worth offering for an item in this state with this error code. */
export function isRetryable(item: RetryFacts): boolean {
  switch (item.state) {
    case 'cancelled':
      return true;
    case 'refused':
      return item.error !== undefined && !FINAL_REFUSALS.has(item.error.code);
    case 'failed':
      return item.error === undefined || !FINAL_FAILURES.has(item.error.code);
    default:
      return false;
  }
}
