import { describe, expect, it } from 'vitest';
import { isRetryable } from '../../electron/upload/retry';

describe('which finished uploads offer Retry', () => {
  it('offers it where a new try can go differently', () => {
    expect(isRetryable({ state: 'cancelled' })).toBe(true);
    for (const code of [
      'network',
      'stalled',
      'no-reply',
      'connect',
      'file-changed',
      'early-reply',
      'not-found',
    ])
      expect(isRetryable({ state: 'failed', error: { code } }), code).toBe(true);
    // A permission fixed on disk (chmod) passes the next check.
    expect(isRetryable({ state: 'refused', error: { code: 'unreadable' } })).toBe(true);
  });

  it('never for refusals and failures the same file and settings meet again, nor for unfinished items', () => {
    for (const code of ['extension', 'empty', 'too-large', 'not-a-file', 'not-found', 'bad-name'])
      expect(isRetryable({ state: 'refused', error: { code } }), code).toBe(false);
    for (const code of ['plain-http-refused', 'permission', 'bad-url', 'too-large'])
      expect(isRetryable({ state: 'failed', error: { code } }), code).toBe(false);
    for (const state of ['checking', 'queued', 'uploading', 'done'])
      expect(isRetryable({ state }), state).toBe(false);
  });
});
