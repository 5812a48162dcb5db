/**
 * Calls as the renderer sees them: the state reducer (electron/state) produces these, patches carry
 * them over IPC, the renderer's stores hold them. Plain data, JSON-safe, no methods.
 */

export interface Channel {
  readonly channel: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  /** Asterisk's ChannelStateDesc: Down, Rsrvd, OffHook, Dialing, Ring, Ringing, Up, Busy, ... */
  readonly state: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly connectedLineNum: string;
  readonly connectedLineName: string;
  readonly context: string;
  readonly exten: string;
  readonly application?: string;
  /** Epoch ms when the channel was created (from the PBX's Duration at snapshot time). */
  readonly startedAt: number;
  /** Epoch ms when it was answered, if it was. */
  readonly answeredAt?: number;
  readonly bridgeId: string | null;
  readonly onHold: boolean;
  readonly recording: boolean;
  /** Parked in a parking lot: the space, when known. */
  readonly parkedAt?: string;
}

export interface Bridge {
  readonly bridgeId: string;
  readonly type: string;
  readonly technology: string;
  /** Uniqueids of the channels in it. */
  readonly channels: readonly string[];
  readonly createdAt: number;
}

/** A device or endpoint with its state, from DeviceStateChange / ContactStatus / ExtensionStatus. */
export interface Endpoint {
  readonly id: string;
  /** NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, RINGINUSE, ONHOLD, UNKNOWN. */
  readonly state: string;
  readonly label?: string;
}

/** Maps are keyed by Uniqueid (stable across Rename) and BridgeUniqueid. */
export interface BoardSnapshot {
  readonly channels: Readonly<Record<string, Channel>>;
  readonly bridges: Readonly<Record<string, Bridge>>;
  readonly endpoints: Readonly<Record<string, Endpoint>>;
}

/** One batch of changes; keys absent from a map are unchanged, null removes. */
export interface BoardPatch {
  readonly channels?: Readonly<Record<string, Channel | null>>;
  readonly bridges?: Readonly<Record<string, Bridge | null>>;
  readonly endpoints?: Readonly<Record<string, Endpoint | null>>;
}
