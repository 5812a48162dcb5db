/** The ConfBridge captures tests/conferences/wire.test.ts replays with the participants' own channel events (the wire coverage counts them). */
export const CONFERENCE_REPLAYED: readonly string[] = [
  '21b-rawman-confbridge-three-join.http',
  '21h-rawman-confbridge-kick-one.http',
  '21k-rawman-confbridge-last-leave-end.http',
];
