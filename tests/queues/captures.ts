/**
 * The queue captures (20*) in the order they were taken (each carries the state the earlier ones
 * left): tests/queues/wire.test.ts replays them in this order.
 */
export const QUEUE_SERIES: readonly string[] = [
  '20a-rawman-queuestatus-empty.http',
  '20b-rawman-queueadd-members-events.http',
  '20c-rawman-queuepause-lunch.http',
  '20d-rawman-queue-caller-joins-and-waits.http',
  '20e-rawman-queuestatus-members-and-waiting-caller.http',
  '20f-mxml-queuestatus-members-and-waiting-caller.http',
  '20g-rawman-queue-agent-connect.http',
  '20h-rawman-queue-agent-complete.http',
  '20i-rawman-queue-unpause-penalty.http',
  '20j-rawman-queue-ringnoanswer-and-abandon.http',
  '20k-rawman-queueremove.http',
  '20l-rawman-queue-errors.http',
  '20m-rawman-queue-limited-user.http',
];

/** Captures of series 20–22 that tests/queues, tests/conferences and tests/voicemail replay byte for byte (the wire coverage counts them). */
export const QUEUE_REPLAYED: readonly string[] = [
  ...QUEUE_SERIES,
  '21a-rawman-confbridge-none-active.http',
  '21c-rawman-confbridge-listrooms-list.http',
  '21d-mxml-confbridge-list.http',
  '21e-rawman-confbridge-mute-unmute-one.http',
  '21f-rawman-confbridge-mute-unmute-all.http',
  '21g-rawman-confbridge-lock-unlock.http',
  '21i-rawman-confbridge-errors.http',
  '21j-rawman-confbridge-limited-user.http',
  '22a-rawman-voicemail-empty-mailbox.http',
  '22b-rawman-mwi-refresh-messagewaiting.http',
  '22c-rawman-voicemail-box-summary-user-status.http',
  '22d-rawman-voicemail-move-remove.http',
  '22e-rawman-mwi-after-cli-voicemail-reload.http',
  '22f-rawman-voicemail-errors.http',
  '22g-rawman-voicemail-limited-user.http',
];
