/** The switchboard captures (issue 8) that tests/wire/switchboard.test.ts replays byte for byte. */

/** Captures replayed here, in the order they were taken (each series' sessions carry over). */
export const SWITCHBOARD_CAPTURES: readonly string[] = [
  '24a-rawman-astdb-dnd-cf-put-get.http',
  '24b-mxml-dbget.http',
  '24c-rawman-dnd-devstate-busy.http',
  '24d-rawman-dnd-cf-off.http',
  '24e-rawman-astdb-errors.http',
  '24f-rawman-astdb-limited-user.http',
  '25a-rawman-presencestate-not-set.http',
  '25b-rawman-presence-set-dnd-lunch.http',
  '25c-mxml-presencestate.http',
  '25d-rawman-presence-values.http',
  '25e-rawman-extensionstatelist-with-presence.http',
  '26a-rawman-extensionstate-devicestate-lists.http',
  '26b-rawman-custom-devstate-to-statustext.http',
  '26c-rawman-hint-aggregate-two-devices.http',
  '26d-mxml-extensionstatus-events.http',
  '26e-rawman-hints-limited-user.http',
];

/** Parking captures replayed on the clock the client's pauses move (switchboard.test.ts). */
export const PARKING_CAPTURES: readonly string[] = [
  '23a-rawman-parkinglots-parkedcalls-empty.http',
  '23b-rawman-park-answered-channel.http',
  '23c-rawman-parkedcalls-one-parked.http',
  '23d-mxml-parkedcalls-one-parked.http',
  '23e-rawman-unpark-by-dialing-space-701.http',
  '23f-rawman-park-bridged-channel-shortlot.http',
  '23g-rawman-parked-call-timeout.http',
  '23h-rawman-parked-call-giveup.http',
  '23i-rawman-park-errors.http',
];

/**
 * 23j crashed Asterisk 22.10.1 (no answer at all): switchboard.test.ts replays it up to that Park
 * and checks the demo's answer is the one a fixed manager_park() gives.
 */
export const CRASH_CAPTURE = '23j-rawman-park-missing-announcechannel-crash.http';

/** Bridged calls, MixMonitor and transfers (27*) replayed after the parking ones, on the same clock. */
export const CALL_CAPTURES: readonly string[] = [
  '27a-rawman-bridged-call-setup.http',
  '27b-rawman-mixmonitor-start-stop.http',
  '27c-rawman-mixmonitor-limited-stop-and-errors.http',
  '27d-rawman-chanspy-start-stop.http',
  '27e-rawman-blindtransfer.http',
  '27f-rawman-atxfer.http',
];
