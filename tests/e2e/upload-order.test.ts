/** The upload list's order (renderer/src/lib/uploads.ts), without a browser. */
import { describe, expect, it } from 'vitest';
import { newestBatchFirst } from '../../renderer/src/lib/uploads';

describe('upload list order', () => {
  it('puts the newest batch first and keeps each batch in the order its files were given', () => {
    const items = [
      { id: 'u1', batchId: 'b1' },
      { id: 'u2', batchId: 'b1' },
      { id: 'u3', batchId: 'b2' },
      { id: 'u4', batchId: 'b3' },
      { id: 'u5', batchId: 'b3' },
      { id: 'u6', batchId: 'b3' },
    ];
    expect(newestBatchFirst(items).map((i) => i.id)).toEqual(['u4', 'u5', 'u6', 'u3', 'u1', 'u2']);
    // A retried item of an old batch stays with its batch: retrying does not reorder the list.
    const updated = items.map((i) => (i.id === 'u1' ? { ...i, state: 'queued' } : i));
    expect(newestBatchFirst(updated).map((i) => i.id)).toEqual(['u4', 'u5', 'u6', 'u3', 'u1', 'u2']);
    expect(newestBatchFirst([])).toEqual([]);
    // The input is left alone (it is the store's state).
    expect(items.map((i) => i.id)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
  });
});
