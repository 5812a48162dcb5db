/**
 * Calls as the renderer sees them: the state reducer (electron/state) produces these, patches carry
 * them over IPC, the renderer's stores hold them. Plain data, JSON-safe, no methods: optional fields
 * are left out rather than set to undefined, so a JSON round trip gives back an equal object.
 */

export interface Channel {
  readonly channel: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  /** Asterisk's ChannelStateDesc: Down, Rsrvd, OffHook, Dialing, Ring, Ringing, Up, Busy, ... */
  readonly state: string;
  /** Names arrive C-escaped from Asterisk (`\"`, `\\`); these hold the unescaped text. */
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly connectedLineNum: string;
  readonly connectedLineName: string;
  readonly context: string;
  readonly exten: string;
  /** The dialplan application running now (Newexten / CoreShowChannel), when there is one. */
  readonly application?: string;
  /** Epoch ms when the channel was created (from the PBX's Duration at snapshot time). */
  readonly startedAt: number;
  /** Epoch ms when it was answered, if it was seen going Up. */
  readonly answeredAt?: number;
  /** Always an id present in BoardSnapshot.bridges, or null. */
  readonly bridgeId: string | null;
  /** Hold / Unhold: the device on this channel put the call on hold. */
  readonly onHold: boolean;
  /** MixMonitorStart / MixMonitorStop. */
  readonly recording: boolean;
  /** MIXMONITOR_FILENAME as last set on the channel. */
  readonly recordingFile?: string;
  /** Music on hold is playing to this channel: its class. */
  readonly musicOnHold?: string;
  /** Parked in a parking lot: the space, when known. */
  readonly parkedAt?: string;
  readonly parkingLot?: string;
  /** Uniqueid of the channel that dialed this one (DialBegin), while the dial is in progress or answered. */
  readonly dialedBy?: string;
  /** Local channels come in pairs (`;1` and `;2`, LocalBridge): the other half's Uniqueid. */
  readonly localPeer?: string;
}

export interface Bridge {
  readonly bridgeId: string;
  /** BridgeType: basic, parking, holding, confbridge, stasis, ... */
  readonly type: string;
  /** BridgeTechnology: simple_bridge, native_rtp, holding_bridge, softmix, ... */
  readonly technology: string;
  /** Uniqueids of the (known) channels in it, in the order they entered. */
  readonly channels: readonly string[];
  readonly createdAt: number;
  /** BridgeName / BridgeCreator when Asterisk reports them (not `<unknown>`). */
  readonly name?: string;
  readonly creator?: string;
}

export type EndpointKind = 'device' | 'hint';

/**
 * A device or a hint with its state. Devices (`PJSIP/101`, `Local/100@demo`, `Custom:x`) come from
 * DeviceStateChange / DeviceStateList / PJSIPShowEndpoints / ContactStatus / PeerStatus and are keyed
 * by the device name; hints come from ExtensionStatus and are keyed `exten@context`.
 */
export interface Endpoint {
  readonly id: string;
  /** NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, RINGINUSE, ONHOLD, UNKNOWN. */
  readonly state: string;
  readonly label?: string;
  readonly kind?: EndpointKind;
  /** For hints: the hint's devices as configured (`PJSIP/101&Custom:dnd101`). */
  readonly hint?: string;
  /** For hints: the extension and context. */
  readonly exten?: string;
  readonly context?: string;
  /** ContactStatus of the endpoint's last reported contact: Reachable, Unreachable, Unknown, ... */
  readonly reachability?: string;
  /** PeerStatus: Registered, Unregistered, Reachable, Unreachable, Lagged, Rejected. */
  readonly peerStatus?: string;
  /** PJSIPShowEndpoints' ActiveChannels. */
  readonly activeChannels?: number;
}

/**
 * The board reached a size limit and is incomplete: each field is the limit that was hit (channels
 * also stands for their bridges). Entries past it are left out rather than grown without end; the
 * mark goes away once a reconcile with the PBX finds the board within its limits again.
 */
export interface TooMany {
  readonly channels?: number;
  readonly endpoints?: number;
}

/** Maps are keyed by Uniqueid (stable across Rename), BridgeUniqueid and Endpoint.id. */
export interface BoardSnapshot {
  readonly channels: Readonly<Record<string, Channel>>;
  readonly bridges: Readonly<Record<string, Bridge>>;
  readonly endpoints: Readonly<Record<string, Endpoint>>;
  /** Present only while the board is incomplete (see TooMany). */
  readonly tooMany?: TooMany;
}

/**
 * One batch of changes; keys absent from a map are unchanged, a value replaces the whole entry,
 * null removes it. Applying a patch twice is the same as applying it once.
 */
export interface BoardPatch {
  readonly channels?: Readonly<Record<string, Channel | null>>;
  readonly bridges?: Readonly<Record<string, Bridge | null>>;
  readonly endpoints?: Readonly<Record<string, Endpoint | null>>;
  /** The board's TooMany mark, replaced whole; null: the board is complete again. */
  readonly tooMany?: TooMany | null;
}

/** What a subscriber of the board receives: a full snapshot first (and on resubscribe), then patches. */
export type BoardUpdate =
  | { readonly kind: 'snapshot'; readonly board: BoardSnapshot }
  | { readonly kind: 'patch'; readonly patch: BoardPatch };

export const EMPTY_BOARD: BoardSnapshot = Object.freeze({
  channels: Object.freeze({}),
  bridges: Object.freeze({}),
  endpoints: Object.freeze({}),
});

function applyMap<T>(
  base: Readonly<Record<string, T>>,
  changes: Readonly<Record<string, T | null>> | undefined,
): Readonly<Record<string, T>> {
  if (!changes) return base;
  const keys = Object.keys(changes);
  if (keys.length === 0) return base;
  const out: Record<string, T> = { ...base };
  for (const key of keys) {
    // A key such as __proto__ would rewrite the prototype instead of adding an entry.
    if (key === '__proto__') continue;
    const value = changes[key];
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/**
 * The board after a patch. Pure; shared so the renderer's store and the main process apply patches
 * the same way. Entries the patch does not name keep their identity.
 */
export function applyPatch(board: BoardSnapshot, patch: BoardPatch): BoardSnapshot {
  const channels = applyMap(board.channels, patch.channels);
  const bridges = applyMap(board.bridges, patch.bridges);
  const endpoints = applyMap(board.endpoints, patch.endpoints);
  const tooMany = patch.tooMany === undefined ? board.tooMany : (patch.tooMany ?? undefined);
  if (
    channels === board.channels &&
    bridges === board.bridges &&
    endpoints === board.endpoints &&
    tooMany === board.tooMany
  )
    return board;
  return { channels, bridges, endpoints, ...(tooMany ? { tooMany } : {}) };
}
