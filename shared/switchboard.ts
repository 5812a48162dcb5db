/**
 * The switchboard as the renderer sees it: one entry per extension (hints and PJSIP endpoints),
 * the parking lots and their parked calls, and what this manager user / this PBX cannot show or
 * do. Main builds it (electron/features/switchboard: snapshot at connect, a pure reducer over the
 * events, "who talks to whom" from the live board), patches carry it over IPC, the renderer's
 * store (renderer/src/switchboard) applies them with `applySwitchboardPatch`.
 *
 * Labels and groups are the operator's, per profile, and stay on the renderer's side.
 *
 * Plain data, JSON-safe: optional fields are left out rather than set to undefined. This file runs
 * in main, preload and renderer alike: it imports valibot and types only.
 *
 * What main sends the PBX for each control (electron/features/switchboard/actions.ts), so the
 * demo PBX can answer it and the renderer knows what `channel` means:
 * - call {exten}: Originate Channel=<operator> Context=<dial context> Exten=<exten> Async=true.
 * - transfer {channel, exten, mode}: `channel` is the party that MOVES (the caller dragged).
 *   Blind, bridged to one peer: BlindTransfer Channel=<peer> Exten Context (27e); blind, in no
 *   bridge: Redirect Channel=<channel>; attended: Atxfer Channel=<peer> Exten Context (27f).
 *   Done at BlindTransfer / AttendedTransfer (or, for Redirect, the channel's Newexten/DialBegin).
 * - pickup {exten}: Originate Channel=<operator> Application=PickupChan Data=<the full name of the
 *   channel ringing at the extension> Async=true; done at the Pickup event whose TargetChannel
 *   is that channel (after the operator's phone answered).
 * - park {channel, lot?, timeout?}: Park Channel [TimeoutChannel=<bridge peer>] [Parkinglot]
 *   [Timeout=<ms>] (23b, 23f, 23h), never AnnounceChannel (23j); done at ParkedCall.
 * - unpark {lot, space}: Originate Channel=<operator> Context=<context of park:<space>@<context>>
 *   Exten=<space> Priority=1 (the space dialled, as 23e), or Application=ParkedCall
 *   Data=<lot>,<space> when no such device state was seen; done at UnParkedCall of that space.
 * - dnd {exten, on}: DBPut DND/<exten>=YES + Setvar DEVICE_STATE(Custom:DND<exten>)=BUSY; off:
 *   DBDel DND/<exten> + NOT_INUSE (24a, 24c, 24d). forward: DBPut/DBDel CF/<exten>.
 */
import * as v from 'valibot';
import type { FeatureLimit } from './ipc';
import type { Notice } from './notices';

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

/**
 * What the button shows (colour and icon). From the hint's ExtensionStatus `Status` bits
 * (0 Idle, 1 InUse, 2 Busy, 4 Unavailable, 8 Ringing, 9 InUse&Ringing, 16 Hold; capture 26b),
 * with `dnd` winning over all but unavailable when the extension's DND is on.
 */
export const EXTENSION_STATES = ['idle', 'ringing', 'inuse', 'busy', 'onhold', 'unavailable', 'dnd'] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];

/** PresenceStateChange / PresenceStateList: available, away, xa, dnd, unavailable, chat, not_set... */
export interface Presence {
  readonly state: string;
  /** Empty when not set (Asterisk sends `Subtype: `). */
  readonly subtype: string;
  readonly message: string;
}

/** MailboxCount / MessageWaiting. `new` includes urgent messages, as MessageWaiting counts them. */
export interface Voicemail {
  /** `101@default`. */
  readonly mailbox: string;
  readonly new: number;
  readonly old: number;
  /** MailboxCount's UrgMessages, when known (MessageWaiting does not carry it). */
  readonly urgent?: number;
}

/** The other side of the extension's current call, from the live board. */
export interface TalkingTo {
  /** Caller ID number / name of the other party (may be empty). */
  readonly num: string;
  readonly name: string;
  /** The other party's channel, when the board knows it. */
  readonly channel?: string;
}

/** One channel of the extension's device on the live board: what a transfer or pickup acts on. */
export interface ExtensionCall {
  /** The extension's own channel, e.g. `PJSIP/101-0000002a`. */
  readonly channel: string;
  readonly uniqueid: string;
  /** The channel's ChannelStateDesc (Ring, Ringing, Up...). */
  readonly state: string;
  readonly onHold: boolean;
  readonly talkingTo?: TalkingTo;
  /** Epoch ms the call began (answered, else created): the button's timer counts from it. */
  readonly since: number;
}

export interface Extension {
  /** `exten@context` (the hint's), or `exten@` for an endpoint with no hint. */
  readonly id: string;
  readonly exten: string;
  /** The hint's context; empty for an endpoint that has no hint. */
  readonly context: string;
  /**
   * The endpoint's caller ID name (PJSIPShowEndpoints' CallerID), else a name learned from calls
   * (the caller ID name the extension's channels carried), else empty.
   */
  readonly name: string;
  readonly state: ExtensionState;
  /** Asterisk's StatusText (`Idle`, `InUse`, `Busy`, `Hold`, `Ringing`, `InUse&Ringing`...). */
  readonly statusText: string;
  /** The hint's devices as configured (`PJSIP/101&Custom:DND101`); absent without a hint. */
  readonly hint?: string;
  /** The dialable devices: PJSIP endpoints of the hint (or the endpoint itself), e.g. `PJSIP/101`. */
  readonly devices: readonly string[];
  /** FreePBX convention: AstDB `DND/<exten>` = YES, or the lamp `Custom:DND<exten>` is BUSY. */
  readonly dnd: boolean;
  /** AstDB `CF/<exten>`: where calls are forwarded; null when not forwarded (or unknown). */
  readonly forward: string | null;
  readonly presence: Presence | null;
  readonly voicemail: Voicemail | null;
  /** The extension's calls on the live board (first: the one the button shows). */
  readonly calls: readonly ExtensionCall[];
  /** Shortcuts for the first call: who it talks to, and since when (epoch ms). */
  readonly talkingTo?: TalkingTo;
  readonly since?: number;
}

export interface ParkingLot {
  readonly name: string;
  readonly startSpace: string;
  readonly stopSpace: string;
  /** Seconds a call stays parked before it comes back. */
  readonly timeout: number;
}

export interface ParkedCall {
  readonly space: string;
  readonly lot: string;
  readonly channel: string;
  readonly uniqueid: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  /** ParkerDialString: who parked it (the parkee's own flattened name when nobody did). */
  readonly parkedBy: string;
  /** Epoch ms it was parked (now minus ParkingDuration when learned from a list). */
  readonly parkedAt: number;
  /** Seconds it may stay parked in all (ParkingTimeout + ParkingDuration at the time it was seen). */
  readonly timeout: number;
}

/** The switchboard's panels and controls, as far as the PBX's modules and the user's classes allow. */
export const SWITCHBOARD_PANELS = [
  /** The grid itself: ExtensionStateList (call, reporting). */
  'extensions',
  /** Names from PJSIPShowEndpoints (system). */
  'names',
  /** PresenceStateList (call, reporting). */
  'presence',
  /** MailboxCount (call, reporting; app_voicemail). */
  'voicemail',
  /** Reading DND / forward from AstDB: DBGetTree (system). DND lamps still show without it. */
  'astdb',
  /** Toggling DND: DBPut (system) plus Setvar (call). */
  'dnd',
  /** Setting call forward: DBPut / DBDel (system). */
  'forward',
  /** The parking panel: Parkinglots, ParkedCalls (call; res_parking). */
  'parking',
  /** Park (call; res_parking). */
  'park',
  /** Click-to-call, pickup and unpark ring the operator's phone: Originate (originate). */
  'call',
  /** Blind transfer: BlindTransfer (call) or Redirect (call). */
  'transfer',
  /** Attended transfer: Atxfer (call). */
  'atxfer',
] as const;
export type SwitchboardPanel = (typeof SWITCHBOARD_PANELS)[number];

/**
 * Why a panel is off: the user lacks a manager.conf class (`write` / `read`), or (`not-loaded`)
 * the PBX has not loaded the module (`module`, e.g. `res_parking.so`) that registers `actions`;
 * `no-operator` when the control needs the operator's own phone and the profile names none.
 */
export interface PanelLimit extends Omit<FeatureLimit, 'kind'> {
  readonly kind: FeatureLimit['kind'] | 'no-operator';
  readonly module?: string;
}

export interface SwitchboardSnapshot {
  /** Keyed by Extension.id. */
  readonly extensions: Readonly<Record<string, Extension>>;
  /** Keyed by lot name. */
  readonly lots: Readonly<Record<string, ParkingLot>>;
  /** Keyed by `parkedKey(lot, space)`. */
  readonly parked: Readonly<Record<string, ParkedCall>>;
  /** Panels that do not work and why; a panel absent here works. */
  readonly limits: Readonly<Partial<Record<SwitchboardPanel, PanelLimit>>>;
}

/** Same rules as the board's patches: a value replaces the entry, null removes it, absent keys are unchanged. */
export interface SwitchboardPatch {
  readonly extensions?: Readonly<Record<string, Extension | null>>;
  readonly lots?: Readonly<Record<string, ParkingLot | null>>;
  readonly parked?: Readonly<Record<string, ParkedCall | null>>;
  /** Replaced whole. */
  readonly limits?: Readonly<Partial<Record<SwitchboardPanel, PanelLimit>>>;
}

export const EMPTY_SWITCHBOARD: SwitchboardSnapshot = Object.freeze({
  extensions: Object.freeze({}),
  lots: Object.freeze({}),
  parked: Object.freeze({}),
  limits: Object.freeze({}),
});

export function parkedKey(lot: string, space: string): string {
  return `${lot}/${space}`;
}

export function extensionId(exten: string, context: string): string {
  return `${exten}@${context}`;
}

function applyMap<T>(
  base: Readonly<Record<string, T>>,
  changes: Readonly<Record<string, T | null>> | undefined,
): Readonly<Record<string, T>> {
  if (!changes) return base;
  const keys = Object.keys(changes);
  if (keys.length === 0) return base;
  const out: Record<string, T> = { ...base };
  for (const key of keys) {
    if (key === '__proto__') continue;
    const value = changes[key];
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** The switchboard after a patch. Pure; entries the patch does not name keep their identity. */
export function applySwitchboardPatch(
  board: SwitchboardSnapshot,
  patch: SwitchboardPatch,
): SwitchboardSnapshot {
  const extensions = applyMap(board.extensions, patch.extensions);
  const lots = applyMap(board.lots, patch.lots);
  const parked = applyMap(board.parked, patch.parked);
  const limits = patch.limits ?? board.limits;
  if (
    extensions === board.extensions &&
    lots === board.lots &&
    parked === board.parked &&
    limits === board.limits
  )
    return board;
  return { extensions, lots, parked, limits };
}

/** Seconds a parked call has left at `now` (never below 0). */
export function secondsLeft(call: ParkedCall, now: number): number {
  return Math.max(0, Math.round(call.timeout - (now - call.parkedAt) / 1000));
}

// ---------------------------------------------------------------------------------------------
// Outcomes: a transfer, park or pickup is reported done only when Asterisk says so (a
// BlindTransfer / AttendedTransfer event, ParkedCall, the operator's phone answering), never from
// the action's "queued" reply. The request returns an ActionDone with a `requestId`; this event
// follows with the same id.
// ---------------------------------------------------------------------------------------------

export type SwitchboardControl = 'call' | 'transfer' | 'atxfer' | 'pickup' | 'park' | 'unpark';

export interface SwitchboardOutcome {
  readonly requestId: string;
  readonly control: SwitchboardControl;
  /** What was acted on: the channel transferred or parked, the extension called or picked up. */
  readonly target: string;
  readonly ok: boolean;
  /** Worded by the renderer (`switchboard.outcome.*`). */
  readonly notice: Notice;
  /** The same in English (logs, CLI). */
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------
// Request schemas (renderer -> main), merged into shared/ipc.ts's REQUEST_SCHEMAS.
// ---------------------------------------------------------------------------------------------

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const noControl = v.check((text: string) => !hasControl(text), 'may not contain control characters');

const channelName = v.pipe(
  v.string('must be text'),
  v.maxLength(256, 'is longer than 256 characters'),
  noControl,
  v.regex(/^[A-Za-z0-9_]+\/[^\s,|"'()\\]+$/, 'is not a channel name like PJSIP/101-00000001'),
);

/** An extension or a number typed by the operator: it becomes an Exten header or an AstDB key. */
const exten = v.pipe(
  v.string('must be text'),
  noControl,
  v.regex(/^[A-Za-z0-9*#+_.-]{1,64}$/, 'is not an extension (digits, letters, *, #, +)'),
);

const context = v.pipe(
  v.string('must be text'),
  v.regex(/^[A-Za-z0-9_.-]{1,79}$/, 'is not a dialplan context name (letters, digits, "_", "-", ".")'),
);

const lotName = v.pipe(
  v.string('must be text'),
  v.regex(/^[A-Za-z0-9_.-]{1,79}$/, 'is not a parking lot name (letters, digits, "_", "-", ".")'),
);

const space = v.pipe(v.string('must be text'), v.regex(/^[0-9]{1,10}$/, 'is not a parking space'));

export const SwitchboardCallSchema = v.strictObject({ exten, context: v.optional(context) });

export const SwitchboardTransferSchema = v.strictObject({
  channel: channelName,
  exten,
  context: v.optional(context),
  mode: v.picklist(['blind', 'attended'], 'must be "blind" or "attended"'),
});

/** Pick up the call ringing at an extension to the operator's phone. */
export const SwitchboardPickupSchema = v.strictObject({ exten, context: v.optional(context) });

export const SwitchboardParkSchema = v.strictObject({
  channel: channelName,
  lot: v.optional(lotName),
  /** Seconds (Park's Timeout is sent in ms). */
  timeout: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.integer('must be a whole number'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(3600, 'must be at most 3600'),
    ),
  ),
});

/** Take a parked call to the operator's phone. */
export const SwitchboardUnparkSchema = v.strictObject({ lot: lotName, space });

export const SwitchboardDndSchema = v.strictObject({ exten, on: v.boolean('must be true or false') });

/** `number: null` turns forwarding off. */
export const SwitchboardForwardSchema = v.strictObject({ exten, number: v.nullable(exten) });

const layoutText = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'is empty'),
  v.maxLength(60, 'is longer than 60 characters'),
  noControl,
);

/** One of the operator's groups of extension buttons (Reception, Sales…). */
export const SwitchboardGroupSchema = v.strictObject({
  id: v.pipe(v.string('must be text'), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a group id')),
  name: layoutText,
  members: v.pipe(
    v.array(exten, 'must be a list of extensions'),
    v.maxLength(2000, 'has too many extensions'),
  ),
});

/**
 * The operator's grid for a profile: groups and a label per extension. Kept in the profile (not
 * in one window's storage) so it travels with an export to a new machine.
 */
export const SwitchboardLayoutSchema = v.strictObject({
  groups: v.pipe(
    v.array(SwitchboardGroupSchema, 'must be a list of groups'),
    v.maxLength(200, 'has more than 200 groups'),
  ),
  labels: v.pipe(
    v.record(exten, layoutText, 'must map extensions to labels'),
    v.check((map) => Object.keys(map).length <= 5000, 'has more than 5000 labels'),
  ),
});
export type SwitchboardLayout = v.InferOutput<typeof SwitchboardLayoutSchema>;

export const SWITCHBOARD_REQUEST_SCHEMAS = {
  'switchboard:subscribe': v.strictObject({}),
  'switchboard:unsubscribe': v.strictObject({}),
  'switchboard:call': SwitchboardCallSchema,
  'switchboard:transfer': SwitchboardTransferSchema,
  'switchboard:pickup': SwitchboardPickupSchema,
  'switchboard:park': SwitchboardParkSchema,
  'switchboard:unpark': SwitchboardUnparkSchema,
  'switchboard:dnd': SwitchboardDndSchema,
  'switchboard:forward': SwitchboardForwardSchema,
} as const satisfies Record<`switchboard:${string}`, v.GenericSchema>;

export type SwitchboardRequestChannel = keyof typeof SWITCHBOARD_REQUEST_SCHEMAS;
