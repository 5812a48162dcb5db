/**
 * When a queue needs the operator: its longest wait passed a threshold, or more callers wait than
 * allowed. Rules are per queue and per profile. Pure.
 */
import { longestWaiting, waitSeconds, type QueueView } from '../../../shared/queues';

export interface QueueAlertRule {
  /** Seconds the longest-waiting caller may wait before an alert (absent: no wait alert). */
  readonly maxWaitSeconds?: number;
  /** More waiting callers than this alert (absent: no count alert). */
  readonly maxCallers?: number;
}

export interface QueueAlert {
  readonly queue: string;
  readonly kind: 'wait' | 'callers';
  /** The wait in seconds, or the number of callers. */
  readonly value: number;
}

export function alertsDue(
  queues: readonly QueueView[],
  rules: Readonly<Record<string, QueueAlertRule>>,
  now: number,
): QueueAlert[] {
  const out: QueueAlert[] = [];
  for (const q of queues) {
    const rule = rules[q.queue];
    if (!rule) continue;
    const longest = longestWaiting(q);
    const wait = longest ? waitSeconds(longest, now) : 0;
    if (rule.maxWaitSeconds !== undefined && longest && wait > rule.maxWaitSeconds) {
      out.push({ queue: q.queue, kind: 'wait', value: wait });
    }
    if (rule.maxCallers !== undefined && q.callers.length > rule.maxCallers) {
      out.push({ queue: q.queue, kind: 'callers', value: q.callers.length });
    }
  }
  return out;
}
