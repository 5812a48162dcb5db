/**
 * Queue() as the application of an originated Local pair (the captures' `300,1,Answer()` /
 * `300,2,Queue(support)`, 20d and 20j): the pair answers, the originate tells its response, and
 * ;2 enters the queue. Any other channel whose dialplan reaches Queue() enters it too.
 */
import { answerLocalPair } from '../conferences/local-app';
import type { Office } from '../office';
import type { QueueCalls } from './calls';
import { endCaller, endCallerPair } from './caller-events';

export function attachQueueApp(office: Office, calls: QueueCalls): void {
  office.localApps.set('Queue', (run) => {
    if (!answerLocalPair(office, run)) return;
    const { two, data } = run;
    two.priority = 2;
    office.newexten(two, 'Queue', data);
    // No such queue: Queue() returns and the extension's Hangup() ends the pair.
    if (!calls.enter(two, data)) endCallerPair(office, two, 16);
  });
  // A channel sent to such an extension (a Redirect, a blind transfer) enters the queue the same way.
  office.dialplanApps.set('Queue', (c, data) => {
    office.newexten(c, 'Queue', data);
    if (!calls.enter(c, data)) endCaller(office, c, 16);
  });
}
