/**
 * Device and extension states as Asterisk 22 computes them, and the order its containers list
 * them in. Pure.
 *
 * - A hint names one or more devices (`PJSIP/101&Custom:DND101`): devicestate.c's
 *   ast_devstate_aggregate_add() folds their states into one, which pbx.c maps to the extension
 *   state (Status / StatusText of ExtensionStatus, capture 26b/26c).
 * - DeviceStateList and PresenceStateList walk a stasis cache, ExtensionStateList the hints
 *   container: ao2 hash containers of 563 buckets, walked bucket by bucket. The bucket is the
 *   string hash of the key (stasis: message type name + id; hints: the extension, case-folded), so
 *   the order looks random but is fixed (captures 25e, 26a, 26e).
 */

/** devicestate.h's enum ast_device_state, in its numeric order. */
export const DEVICE_STATES = [
  'UNKNOWN',
  'NOT_INUSE',
  'INUSE',
  'BUSY',
  'INVALID',
  'UNAVAILABLE',
  'RINGING',
  'RINGINUSE',
  'ONHOLD',
] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export function isDeviceState(text: string): text is DeviceState {
  return (DEVICE_STATES as readonly string[]).includes(text);
}

/** ast_devstate_aggregate_add()'s state_order[]: which state wins when devices disagree. */
const STATE_ORDER: Readonly<Record<DeviceState, number>> = {
  UNKNOWN: 1,
  NOT_INUSE: 3,
  INUSE: 6,
  BUSY: 7,
  INVALID: 0,
  UNAVAILABLE: 2,
  RINGING: 5,
  RINGINUSE: 8,
  ONHOLD: 4,
};

/** The aggregate state of a hint's devices (ast_devstate_aggregate_init/add/result). */
export function aggregate(states: readonly DeviceState[]): DeviceState {
  let state: DeviceState = 'INVALID';
  let ringing = false;
  let inuse = false;
  for (const s of states) {
    if (s === 'RINGING') ringing = true;
    else if (s === 'INUSE' || s === 'ONHOLD' || s === 'BUSY') inuse = true;
    if (ringing && inuse) state = 'RINGINUSE';
    else if (STATE_ORDER[s] > STATE_ORDER[state]) state = s;
  }
  return state;
}

/** ast_devstate_to_extenstate() and ast_extension_state2str(): Status and StatusText. */
const EXTENSION_STATUS: Readonly<Record<DeviceState, readonly [number, string]>> = {
  UNKNOWN: [0, 'Idle'],
  NOT_INUSE: [0, 'Idle'],
  INUSE: [1, 'InUse'],
  BUSY: [2, 'Busy'],
  INVALID: [4, 'Unavailable'],
  UNAVAILABLE: [4, 'Unavailable'],
  RINGING: [8, 'Ringing'],
  RINGINUSE: [9, 'InUse&Ringing'],
  ONHOLD: [16, 'Hold'],
};

export function extensionStatus(state: DeviceState): readonly [number, string] {
  return EXTENSION_STATUS[state];
}

/** ast_hashtab_hash_string(): total = total * 13 + byte, in 32 bits. */
function hashtabHash(text: string): number {
  let total = 0;
  for (const b of Buffer.from(text, 'utf8')) total = (Math.imul(total, 13) + b) >>> 0;
  return total;
}

/** ast_str_case_hash(): djb2 with xor over the lower-cased bytes, restricted to INT_MAX. */
function strCaseHash(text: string): number {
  let hash = 5381;
  for (const b of Buffer.from(text.toLowerCase(), 'utf8')) hash = (Math.imul(hash, 33) ^ b) >>> 0;
  return hash & 0x7fffffff;
}

const BUCKETS = 563;

/** astobj2_hash.c: abs(hash % n_buckets) of the hash taken as a C int. */
function bucketOf(hash: number): number {
  return Math.abs((hash | 0) % BUCKETS);
}

/** Sorts by bucket; a stable sort keeps insertion order inside a bucket, as ao2 lists do. */
function byBucket<T>(items: readonly T[], hash: (item: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i, b: bucketOf(hash(item)) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.item);
}

/** stasis_cache.c: the entry hash is the message type's name hash plus the id's. */
function stasisHash(type: string, id: string): number {
  return (hashtabHash(type) + hashtabHash(id)) >>> 0;
}

/** DeviceStateList's order of cached devices. */
export function deviceListOrder<T>(items: readonly T[], device: (item: T) => string): T[] {
  return byBucket(items, (i) => stasisHash('ast_device_state_message_type', device(i)));
}

/** PresenceStateList's order of cached providers. */
export function presenceListOrder<T>(items: readonly T[], provider: (item: T) => string): T[] {
  return byBucket(items, (i) => stasisHash('ast_presence_state_message_type', provider(i)));
}

/** ExtensionStateList's order of hints (pbx.c's hint_hash on the extension name). */
export function hintListOrder<T>(items: readonly T[], exten: (item: T) => string): T[] {
  return byBucket(items, (i) => strCaseHash(exten(i)));
}
