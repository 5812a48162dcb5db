/**
 * The order of the upload list. Pure. The newest batch comes first, so what was just dropped (and
 * its refusals) is at the top where the operator is looking; inside a batch the files keep the
 * order they were given in. Batches are ordered by when they first appeared, which is the order
 * main created them in (progress events and the session list both arrive in that order).
 */
export interface Ordered {
  readonly id: string;
  readonly batchId: string;
}

export function newestBatchFirst<T extends Ordered>(items: readonly T[]): T[] {
  const arrival = new Map<string, number>();
  for (const item of items) if (!arrival.has(item.batchId)) arrival.set(item.batchId, arrival.size);
  // Array.prototype.sort is stable: files of one batch stay in their order.
  return [...items].sort((a, b) => (arrival.get(b.batchId) ?? 0) - (arrival.get(a.batchId) ?? 0));
}
