/**
 * The demo PBX's public surface: tests, the CLI's `ajam demo`, the preview and benchmarks start it
 * through `startDemoPbx` (server.ts) and nothing else.
 */
import type { DemoSip, DemoSipOptions } from './sip/api';
import type { TrafficLevel } from './traffic';

export interface DemoOptions {
  /** 0 (default) picks a free port. Always binds 127.0.0.1. */
  readonly port?: number;
  /** Serve https with a self-signed certificate generated at start. */
  readonly tls?: boolean;
  /** Seed for the office simulation: same seed, same calls, same ids. */
  readonly seed?: number;
  /** Calls in progress at start (default 3). */
  readonly calls?: number;
  /** Background traffic: new simulated calls per second (0 = none; tests want 0 for determinism). */
  readonly callsPerSecond?: number;
  /** Load for benchmarks: extra events per second spread over live channels (0 = none). */
  readonly eventsPerSecond?: number;
  /** manager.conf httptimeout in seconds (default 60, as in the captures). */
  readonly httptimeout?: number;
  /** Where [post_mappings] recordings = ... stores uploads (default: a new temporary folder, removed by close()). */
  readonly uploadsDir?: string;
  /** Delay of a failed login in ms (Asterisk: ~1000). Tests may shorten it. */
  readonly failedLoginDelayMs?: number;
  /** Background life of the office (traffic.ts): 'off' (default) keeps it still, as tests want. */
  readonly traffic?: TrafficLevel;
  /** manager.conf's users (default: the captures' admin/12345 and friends). */
  readonly users?: readonly DemoUser[];
  /**
   * Which configuration the feature modules (queues, conferences, voicemail) load: the office's
   * (default) or the capture instance's (shared/asterisk-wire/config/features), as the wire tests want.
   */
  readonly features?: 'office' | 'captures';
  /**
   * Whose dialplan hints the PBX has: 'office' (default: one FreePBX-style hint per phone) or
   * 'captures', the four hints of the feature captures' config/features/extensions.conf (24–26).
   */
  readonly dialplan?: 'office' | 'captures';
  /**
   * Modules loaded (default all). Without res_parking (`parking: false`) or app_voicemail
   * (`voicemail: false`) their actions answer as unknown commands and ListCommands leaves them out.
   */
  readonly modules?: DemoModules;
  /** The wall clock in ms (default Date.now): tests move it to replay the captures' pauses. */
  readonly clock?: () => number;
  /**
   * The switchboard's life (switchboard/life.ts): DND on a few, a forward, everyone's presence,
   * voicemail coming and going, calls parked, picked up and timing out. Default: on with traffic.
   */
  readonly switchboard?: boolean;
  /** Largest upload accepted, in bytes (Content-Length); larger ones get 413. Default: no cap, as Asterisk. */
  readonly maxUploadBytes?: number;
  /** Bytes all uploads may take together; past it uploads get 413. Default: no cap. */
  readonly maxUploadsTotalBytes?: number;
  /** The softphone side (SIP over WebSocket at /asterisk/ws): 101's password, calls to it now and then. */
  readonly sip?: DemoSipOptions;
}

export interface DemoModules {
  readonly parking?: boolean;
  readonly voicemail?: boolean;
}

export interface DemoUser {
  readonly user: string;
  readonly secret: string;
  readonly read: string;
  readonly write: string;
}

export interface StoredUpload {
  /** The filename exactly as it arrived in the part header (before basename reduction). */
  readonly rawFilename: string;
  /** Where it was written (always inside uploadsDir). */
  readonly path: string;
  readonly size: number;
}

export interface DemoPbx {
  /** Base URL with the prefix, e.g. `http://127.0.0.1:41234/asterisk` (https when tls). */
  readonly url: string;
  readonly port: number;
  readonly uploadsDir: string;
  readonly users: readonly DemoUser[];
  /** PEM of the self-signed certificate when tls, for the client's `ca`. */
  readonly certificatePem?: string;
  /** SHA-256 fingerprint (hex with colons) of that certificate. */
  readonly fingerprint?: string;
  /** Uploads received so far, in order. */
  uploads(): readonly StoredUpload[];
  /**
   * Requests that would have crashed or hung a real Asterisk 22.10.1, which the demo refused
   * instead (e.g. Park with a missing AnnounceChannel, capture 23j). Tests assert clients send none.
   */
  hazards(): readonly string[];
  /** The operator's softphone account (101) and what the demo saw of its calls (sip/README.md). */
  readonly sip: DemoSip;
  /** The office: inspect and drive the simulation (names are the simulator's own). */
  readonly office: DemoOffice;
  /** Stops listening and drops every connection and session (simulates a PBX going away). */
  stop(): Promise<void>;
  /** Listens again on the same port; sessions start empty as after an Asterisk restart. */
  start(): Promise<void>;
  /** stop() and release everything. */
  close(): Promise<void>;
}

export interface DemoChannel {
  readonly channel: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly state: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly connectedLineNum: string;
  readonly connectedLineName: string;
  readonly context: string;
  readonly exten: string;
  readonly bridgeId: string | null;
}

export interface DemoOffice {
  channels(): readonly DemoChannel[];
  /** Starts a simulated inbound call to an extension; returns the caller's channel name. */
  placeCall(options?: { from?: string; fromName?: string; to?: string }): string;
  /** Advances the simulation by one deterministic step (ring -> answer -> bridge -> hold -> hangup). */
  step(): void;
}
