/** The queues at connect: one QueueStatus (needs no class, 20m) lists queues, members and callers. */
import { eventName, type AmiMessage } from '../../../shared/ami';
import type { AjamClient } from '../../ajam/api';

export async function fetchQueueStatus(client: Pick<AjamClient, 'list'>): Promise<AmiMessage[]> {
  const { events } = await client.list('QueueStatus');
  return events.filter((e) => {
    const name = eventName(e);
    return name === 'QueueParams' || name === 'QueueMember' || name === 'QueueEntry';
  });
}

/** QueueSummary's counts per queue (the class-free list 20a/20e print), asked where ListCommands allows. */
export async function fetchQueueSummary(client: Pick<AjamClient, 'list'>): Promise<AmiMessage[]> {
  const { events } = await client.list('QueueSummary');
  return events.filter((e) => eventName(e) === 'QueueSummary');
}
