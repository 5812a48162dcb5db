/** Captures of series 20–22 that tests/queues and tests/conferences replay byte for byte (the wire coverage counts them). */
export const QUEUE_REPLAYED: readonly string[] = [
  '20a-rawman-queuestatus-empty.http',
  '20b-rawman-queueadd-members-events.http',
  '20c-rawman-queuepause-lunch.http',
  '20i-rawman-queue-unpause-penalty.http',
  '20k-rawman-queueremove.http',
  '20l-rawman-queue-errors.http',
  '20m-rawman-queue-limited-user.http',
];
