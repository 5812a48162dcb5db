/**
 * The IPC contract of queues and conference rooms (issue 9), merged into shared/ipc.ts: request
 * schemas (renderer -> main), result and event types, API method and listener names. Imports
 * valibot and types only.
 */
import * as v from 'valibot';
import type { ConferencesSnapshot } from './conferences';
import type { ActionDone } from './ipc';
import type { QueuePatch, QueuesSnapshot } from './queues';

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const noControl = v.check((text: string) => !hasControl(text), 'may not contain control characters');

/** A queue member's interface (`PJSIP/101`, `Local/101@from-queue/n`) or state interface (`hint:101@ext-local`). */
const iface = v.pipe(
  v.string('must be text'),
  v.maxLength(256, 'is longer than 256 characters'),
  noControl,
  v.regex(/^[A-Za-z0-9_]+[/:][^\s,|"'()\\]+$/, 'is not an interface like PJSIP/101'),
);
const queueName = v.pipe(
  v.string('must be text'),
  noControl,
  v.regex(/^[A-Za-z0-9_.-]{1,79}$/, 'is not a queue name (letters, digits, "_", "-", ".")'),
);
const text = (max: number) =>
  v.pipe(v.string('must be text'), v.maxLength(max, `is longer than ${max} characters`), noControl);
const penalty = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(0, 'must be at least 0'),
  v.maxValue(1_000_000, 'must be at most 1000000'),
);
const roomName = v.pipe(
  v.string('must be text'),
  v.regex(/^[A-Za-z0-9_.-]{1,79}$/, 'is not a conference name (letters, digits, "_", "-", ".")'),
);
const channelName = v.pipe(
  v.string('must be text'),
  v.maxLength(256, 'is longer than 256 characters'),
  noControl,
  v.regex(/^[A-Za-z0-9_]+\/[^\s,|"'()\\]+$/, 'is not a channel name like PJSIP/101-00000001'),
);
/** One participant's channel, `all`, or `participants` (everyone but the admins). */
const target = v.union([v.picklist(['all', 'participants']), channelName]);

export const QueuePauseSchema = v.strictObject({
  interface: iface,
  queue: v.optional(queueName),
  paused: v.boolean('must be true or false'),
  reason: v.optional(text(80)),
});
export const QueueAddSchema = v.strictObject({
  queue: queueName,
  interface: iface,
  name: v.optional(text(80)),
  stateInterface: v.optional(iface),
  penalty: v.optional(penalty),
  paused: v.optional(v.boolean('must be true or false')),
  reason: v.optional(text(80)),
});
export const QueueRemoveSchema = v.strictObject({ queue: queueName, interface: iface });
export const QueuePenaltySchema = v.strictObject({
  interface: iface,
  penalty,
  queue: v.optional(queueName),
});
export const ConferenceMuteSchema = v.strictObject({
  conference: roomName,
  target,
  muted: v.boolean('must be true or false'),
});
export const ConferenceKickSchema = v.strictObject({ conference: roomName, target });
export const ConferenceLockSchema = v.strictObject({
  conference: roomName,
  locked: v.boolean('must be true or false'),
});
export const ConferenceRecordSchema = v.strictObject({
  conference: roomName,
  on: v.boolean('must be true or false'),
});
/** A call dropped on a room: redirected to the room's extension (`exten`, default the room's name). */
export const ConferenceJoinSchema = v.strictObject({
  conference: roomName,
  channel: channelName,
  exten: v.optional(
    v.pipe(v.string('must be text'), v.regex(/^[A-Za-z0-9*#+_.-]{1,64}$/, 'is not an extension')),
  ),
  context: v.optional(
    v.pipe(v.string('must be text'), v.regex(/^[A-Za-z0-9_.-]{1,79}$/, 'is not a dialplan context name')),
  ),
});

export const QUEUES_REQUEST_SCHEMAS = {
  'queues:subscribe': v.strictObject({}),
  'queues:unsubscribe': v.strictObject({}),
  'queues:pause': QueuePauseSchema,
  'queues:add': QueueAddSchema,
  'queues:remove': QueueRemoveSchema,
  'queues:penalty': QueuePenaltySchema,
  'conferences:mute': ConferenceMuteSchema,
  'conferences:kick': ConferenceKickSchema,
  'conferences:lock': ConferenceLockSchema,
  'conferences:record': ConferenceRecordSchema,
  'conferences:join': ConferenceJoinSchema,
} as const satisfies Record<string, v.GenericSchema>;

export type QueuesRequestChannel = keyof typeof QUEUES_REQUEST_SCHEMAS;

/** An extension that enters a room, found in the dialplan (ShowDialPlan) at connect. */
export interface DiscoveredRoomExtension {
  readonly exten: string;
  /** The context to send the call into (the operator's dial context when it reaches the extension). */
  readonly context: string;
}

/** What the queues/conferences panels hold: both come in one snapshot. */
export interface RoomsSnapshot {
  readonly queues: QueuesSnapshot['queues'];
  readonly rooms: ConferencesSnapshot['rooms'];
  /** By room: where the dialplan runs ConfBridge(<room>) (absent when it could not be read). */
  readonly discovered?: Readonly<Record<string, DiscoveredRoomExtension>>;
}

/** What changed since the last message: the queues that changed (only what did), the rooms if they did. */
export interface RoomsPatch {
  readonly queues: readonly QueuePatch[];
  readonly rooms?: ConferencesSnapshot['rooms'];
  /** Comes with `rooms` (a new room may be entered through a pattern). */
  readonly discovered?: RoomsSnapshot['discovered'];
}

export interface QueuesRequestResults {
  /** Queues and rooms now (then `queues:patch`, and `queues:snapshot` after a resync, until unsubscribed). */
  'queues:subscribe': RoomsSnapshot;
  'queues:unsubscribe': null;
  'queues:pause': ActionDone;
  'queues:add': ActionDone;
  'queues:remove': ActionDone;
  'queues:penalty': ActionDone;
  'conferences:mute': ActionDone;
  'conferences:kick': ActionDone;
  'conferences:lock': ActionDone;
  'conferences:record': ActionDone;
  'conferences:join': ActionDone;
}

export interface QueuesEventPayloads {
  /** Queues and rooms after a connect, resync or session end: replace, do not merge. */
  'queues:snapshot': RoomsSnapshot;
  /** What changed (at most one every ~30 ms): apply over what the window holds. */
  'queues:patch': RoomsPatch;
}

export const QUEUES_API_METHODS = {
  subscribeQueues: 'queues:subscribe',
  unsubscribeQueues: 'queues:unsubscribe',
  pauseMember: 'queues:pause',
  addMember: 'queues:add',
  removeMember: 'queues:remove',
  setPenalty: 'queues:penalty',
  muteConference: 'conferences:mute',
  kickConference: 'conferences:kick',
  lockConference: 'conferences:lock',
  recordConference: 'conferences:record',
  joinConference: 'conferences:join',
} as const satisfies Record<string, QueuesRequestChannel>;

export const QUEUES_API_LISTENERS = {
  onQueuesSnapshot: 'queues:snapshot',
  onQueuesPatch: 'queues:patch',
} as const satisfies Record<string, keyof QueuesEventPayloads>;
