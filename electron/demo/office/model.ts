/**
 * The office's data model: channels, bridges, calls and what the office is asked to do. Plain
 * shapes with no behaviour, so every part of the office (and the features beside it) can name them.
 */
import type { Hint } from '../switchboard/dialplan';

export type Lines = Array<readonly [string, string]>;

/** Where events go: the category (for read filtering) and the lines after `Event:`. */
export type Emit = (category: number, event: string, lines: Lines) => void;

export const STATE = { down: 0, ring: 4, ringing: 5, up: 6 } as const;

export interface Chan {
  name: string;
  uniqueid: string;
  linkedid: string;
  state: number;
  callerIdNum: string;
  callerIdName: string;
  connectedNum: string;
  connectedName: string;
  context: string;
  exten: string;
  priority: number;
  app: string;
  appData: string;
  createdMs: number;
  vars: Map<string, string>;
  bridge: Bridge | null;
  /** The other half of a Local pair. */
  partner: Chan | null;
  /** The PJSIP endpoint this channel belongs to, if any. */
  endpoint: Endpoint | null;
  /** The office call this channel is part of. */
  call: Call | null;
  held: boolean;
  monitorId: string | null;
  /** The channel this one listens to with ChanSpy (app_chanspy). */
  spying?: Chan;
  /** In a parking lot (res_parking's parked_user): what ParkedCalls lists. */
  parking?: Parking;
  /** An application that keeps the channel (or its Local pair) and ends or leaves its own way. */
  running?: RunningApp;
  /** The application a channel runs when only its hangup is its own (Queue: electron/demo/queues). */
  endedBy?: (c: Chan, cause: number) => void;
}

/** What an application of another module does when its channel is hung up or redirected (ConfBridge). */
export interface RunningApp {
  /** A Hangup of the channel, or of the other half of its Local pair. */
  hangup(c: Chan, cause: number): void;
  /** A Redirect takes the channel out of the application; the dialplan goes on after this. */
  leave(c: Chan): void;
}

/**
 * An application another module runs for an originated Local pair whose extension is
 * `Answer(), <app>(data)` (ConfBridge: electron/demo/conferences/local-app.ts): it answers ;2 and
 * tells the originate's response itself, when its channel's thread gets there.
 */
export type LocalApp = (run: {
  readonly one: Chan;
  readonly two: Chan;
  readonly data: string;
  readonly response: Lines;
  readonly onResponse: (lines: Lines) => void;
}) => void;

export interface Parking {
  readonly parkerDialString: string;
  readonly lot: string;
  /** The lot's context: the space's device is `park:<space>@<context>`. */
  readonly context: string;
  readonly space: number;
  /** Seconds the lot keeps the call (0: for ever). */
  readonly timeoutSeconds: number;
  readonly startMs: number;
}

export interface Bridge {
  id: string;
  channels: Chan[];
  type: string;
  technology: string;
  /** Who made it and its name: `<unknown>` for the anonymous bridges of Dial. */
  creator: string;
  name: string;
}

export interface Endpoint {
  readonly id: string;
  readonly name: string;
}

export type Phase = 'ringing' | 'up' | 'held' | 'unheld' | 'done';

/** A two-party call of the office: the caller's Dial of one phone, ringing, talking or on hold. */
export interface Call {
  caller: Chan;
  callee: Chan;
  phase: Phase;
}

/** An attended transfer in its consultation phase (Atxfer until the transferer hangs up). */
export interface Transfer {
  readonly transferer: Chan;
  /** The transferer's original partner, on hold in the original bridge. */
  readonly transferee: Chan;
  readonly origBridge: Bridge;
  readonly target: Chan;
  /** The consultation bridge, once the target answered. */
  targetBridge: Bridge | null;
}

export interface OfficeOptions {
  readonly seed: number;
  readonly emit: Emit;
  /** Wall clock in ms (uniqueids and durations); injectable for tests. */
  readonly now?: () => number;
  /** The dialplan's hints (default: the office's, HINTS; the feature captures' CAPTURE_HINTS). */
  readonly hints?: readonly Hint[];
  /** Whether the office's PJSIP phones are registered (default true; the feature captures had none). */
  readonly phones?: boolean;
  /** Whether music on hold plays (default true; the feature captures' instance had no sound files). */
  readonly musicOnHold?: boolean;
  /** Runs work that Asterisk does on another thread a moment later (default: at once). */
  readonly defer?: (work: () => void) => void;
  /** asterisk.conf's astspooldir (default /var/spool/asterisk; the feature captures' /var/ast-lab/var/spool). */
  readonly spoolDir?: string;
}

export interface OriginateRequest {
  readonly channel: string;
  readonly context?: string;
  readonly exten?: string;
  readonly priority?: number;
  readonly application?: string;
  readonly data?: string;
  readonly callerIdNum?: string;
  readonly callerIdName?: string;
  readonly actionId?: string;
  /** Originate's `ChannelId`: the Uniqueid of the channel it makes (`<id>;2` for a Local's ;2). */
  readonly channelId?: string;
  readonly async: boolean;
  readonly variables?: ReadonlyArray<readonly [string, string]>;
}
