/** Captures of series 20–22 that tests/queues and tests/conferences replay byte for byte (the wire coverage counts them). */
export const QUEUE_REPLAYED: readonly string[] = [
  '20a-rawman-queuestatus-empty.http',
  '20b-rawman-queueadd-members-events.http',
  '20c-rawman-queuepause-lunch.http',
  '20i-rawman-queue-unpause-penalty.http',
  '20k-rawman-queueremove.http',
  '20l-rawman-queue-errors.http',
  '20m-rawman-queue-limited-user.http',
  '21a-rawman-confbridge-none-active.http',
  '21c-rawman-confbridge-listrooms-list.http',
  '21d-mxml-confbridge-list.http',
  '21e-rawman-confbridge-mute-unmute-one.http',
  '21f-rawman-confbridge-mute-unmute-all.http',
  '21g-rawman-confbridge-lock-unlock.http',
  '21i-rawman-confbridge-errors.http',
  '21j-rawman-confbridge-limited-user.http',
];
