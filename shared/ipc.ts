/**
 * THE IPC contract between the main process and the renderer: every channel's name, the runtime
 * schema of what the renderer may send on it, the type of what comes back, the events main pushes,
 * and the renderer-facing API (`AjamApi`) that both the Electron preload and the preview's WebSocket
 * client implement. Nothing crosses IPC that is not described here.
 *
 * Shape (after electron-toolkit's typed-ipc and Insomnia's bridge):
 * - request channels: invoke/handle, one payload object in, `IpcResult<T>` out. Errors are values,
 *   never thrown, because Electron rewrites a rejected invoke's message ("Error invoking remote
 *   method ...") and the renderer must show Asterisk's words verbatim.
 * - event channels: main -> renderer, fire-and-forget.
 * Names read `domain:action`.
 *
 * This file runs in main, preload and renderer alike: it imports valibot and types only.
 */
import * as v from 'valibot';
import type { BoardPatch, BoardSnapshot } from './model';
import { englishFormat, noticesEn } from './notices-en';
import { isOperatorField, notice, wordNoticeWithDetail, type Notice } from './notices';
import type { SoftphoneAccount } from './softphone';
import {
  SWITCHBOARD_REQUEST_SCHEMAS,
  SwitchboardLayoutSchema,
  type SwitchboardLayout,
  type SwitchboardOutcome,
  type SwitchboardPatch,
  type SwitchboardSnapshot,
} from './switchboard';
import {
  PIPELINE_API_LISTENERS,
  PIPELINE_API_METHODS,
  PIPELINE_REQUEST_SCHEMAS,
  PipelineConfigSchema,
  type PipelineEventPayloads,
  type PipelineRequestResults,
} from './pipeline-contract';
import type { PipelineConfig } from './pipeline';
import {
  QUEUES_API_LISTENERS,
  QUEUES_API_METHODS,
  QUEUES_REQUEST_SCHEMAS,
  type QueuesEventPayloads,
  type QueuesRequestResults,
} from './queues-contract';

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** The AJAM core's codes (electron/ajam/api.ts AjamErrorCode; the service asserts they stay in sync). */
export const AJAM_FAILURE_CODES = [
  'bad-url',
  'dns',
  'refused',
  'tls',
  'not-found',
  'auth',
  'permission',
  'session-expired',
  'timeout',
  'action-failed',
  'http',
  'parse',
  'closed',
] as const;
export type AjamFailureCode = (typeof AJAM_FAILURE_CODES)[number];

export const IPC_ERROR_CODES = [
  ...AJAM_FAILURE_CODES,
  /** The message did not match the channel's schema (extra field, wrong type, bad value). */
  'invalid-request',
  /** No such channel in the contract. */
  'unknown-channel',
  /** The channel exists but this transport may not use it (e.g. file paths from a web page). */
  'not-allowed',
  /** A control or subscription before `session:connect` succeeded. */
  'not-connected',
  /** Spy / click-to-dial need the operator's own endpoint, and the session has none. */
  'no-operator',
  'unknown-upload',
  'unknown-profile',
  /** A file was refused before sending (extension, size, not a regular file, plain-http rule...). */
  'upload-refused',
  'upload-failed',
  /** cert:trust was asked for a fingerprint the server no longer presents. */
  'cert-mismatch',
  /** The feature is not wired in this host (e.g. profiles in the browser preview). */
  'unavailable',
  'internal',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export function isIpcErrorCode(value: unknown): value is IpcErrorCode {
  return typeof value === 'string' && (IPC_ERROR_CODES as readonly string[]).includes(value);
}

/**
 * A failure. The renderer words `notice` in the operator's language; `message` is the same notice
 * in English (logs, CLI, tests), generated from shared/notices-en.ts.
 */
export interface IpcError {
  readonly code: IpcErrorCode;
  readonly notice: Notice;
  readonly message: string;
}

/** A notice's English line (sentence, then the PBX's words in parentheses): logs and the CLI. */
export function englishMessage(item: Notice): string {
  return wordNoticeWithDetail(noticesEn, item, englishFormat);
}

export function ipcError(code: IpcErrorCode, item: Notice): IpcError {
  return { code, notice: item, message: englishMessage(item) };
}

export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: IpcErrorCode, item: Notice): IpcResult<T> {
  return { ok: false, error: ipcError(code, item) };
}

// ---------------------------------------------------------------------------------------------
// Field schemas. Every string that reaches an AMI action is shape-checked here: no control
// characters (header injection), no commas in what becomes an application argument.
// ---------------------------------------------------------------------------------------------

/** C0 controls and DEL: what would break an AMI header line (CR/LF) or hide in one. Shared with the CLI. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const noControl = v.check((text: string) => !hasControlCharacter(text), 'may not contain control characters');

const httpUrl = v.pipe(
  v.string('must be text'),
  v.maxLength(2048, 'is longer than 2048 characters'),
  v.url('is not a URL'),
  v.regex(/^https?:\/\//i, 'must start with http:// or https://'),
);

const userName = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'is empty'),
  v.maxLength(128, 'is longer than 128 characters'),
  noControl,
  v.regex(/^\S+$/, 'may not contain spaces'),
);

const secret = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'is empty'),
  v.maxLength(1024, 'is longer than 1024 characters'),
  noControl,
);

/** `[post_mappings]` name: the last URL segment of the upload endpoint. */
const postMapping = v.pipe(
  v.string('must be text'),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_" (a [post_mappings] name)'),
);

/** A live channel name as Asterisk reports it: `PJSIP/101-00000001`, `Local/200@ctx-0001;1`. */
const channelName = v.pipe(
  v.string('must be text'),
  v.maxLength(256, 'is longer than 256 characters'),
  noControl,
  v.regex(/^[A-Za-z0-9_]+\/[^\s,|"'()\\]+$/, 'is not a channel name like PJSIP/101-00000001'),
);

/** A dialable endpoint (no channel suffix): `PJSIP/100`, `SIP/reception`. */
const endpointName = v.pipe(
  v.string('must be text'),
  v.maxLength(128, 'is longer than 128 characters'),
  v.regex(/^[A-Za-z0-9_]+\/[A-Za-z0-9_.@+-]+$/, 'is not an endpoint like PJSIP/100'),
);

const dialplanContext = v.pipe(
  v.string('must be text'),
  v.regex(/^[A-Za-z0-9_.-]{1,79}$/, 'is not a dialplan context name (letters, digits, "_", "-", ".")'),
);

const extension = v.pipe(
  v.string('must be text'),
  v.regex(/^[A-Za-z0-9*#+_.-]{1,64}$/, 'is not an extension (digits, letters, *, #, +)'),
);

/** What an operator types to call out: digits, * and #, optionally a leading +. */
const phoneNumber = v.pipe(
  v.string('must be text'),
  v.regex(/^\+?[0-9*#]{1,40}$/, 'must be digits, * or # (optionally a leading +)'),
);

const sha256Fingerprint = v.pipe(
  v.string('must be text'),
  v.regex(
    /^(?:[0-9A-Fa-f]{64}|(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})$/,
    'is not a SHA-256 fingerprint (64 hex digits, colons optional)',
  ),
);

const pemCertificate = v.pipe(
  v.string('must be text'),
  v.maxLength(65536, 'is longer than 64 KiB'),
  v.regex(/-----BEGIN CERTIFICATE-----/, 'is not a PEM certificate'),
);

const safeId = v.pipe(v.string('must be text'), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id'));

/** Trust for a PBX certificate that public CAs do not vouch for: its CA (PEM) or its pinned fingerprint. */
export const TlsTrustSchema = v.variant(
  'kind',
  [
    v.strictObject({ kind: v.literal('ca'), pem: pemCertificate }),
    v.strictObject({ kind: v.literal('fingerprint'), sha256: sha256Fingerprint }),
  ],
  'must be { kind: "ca", pem } or { kind: "fingerprint", sha256 }',
);
export type TlsTrustInput = v.InferOutput<typeof TlsTrustSchema>;

const languageSetting = v.picklist(['system', 'en', 'es'], 'must be "system", "en" or "es"');
const themeSetting = v.picklist(['system', 'light', 'dark'], 'must be "system", "light" or "dark"');

/** Absolute path as produced by webUtils.getPathForFile (POSIX, `C:\`, or a `\\server\share` UNC). */
const absolutePath = v.pipe(
  v.string('must be text'),
  v.maxLength(4096, 'is longer than 4096 characters'),
  noControl,
  v.regex(/^(?:\/|[A-Za-z]:[\\/]|\\\\)/, 'is not an absolute file path'),
);

const empty = v.strictObject({});

// ---------------------------------------------------------------------------------------------
// Request payload schemas (renderer -> main). strictObject everywhere: extra fields are refused.
// ---------------------------------------------------------------------------------------------

export const ConnectSchema = v.strictObject({
  /** Base URL with the http.conf prefix, e.g. `https://pbx:8089/asterisk`. */
  url: httpUrl,
  user: userName,
  secret,
  /** `[post_mappings]` name for uploads, e.g. `recordings`. */
  postMapping: v.optional(postMapping),
  tls: v.optional(TlsTrustSchema),
  /** The operator's own phone: ChanSpy and click-to-dial ring it first. */
  operatorEndpoint: v.optional(endpointName),
  /** Context where click-to-dial numbers and transfer targets are dialled (default `from-internal`). */
  dialContext: v.optional(dialplanContext),
});
export type ConnectRequest = v.InferOutput<typeof ConnectSchema>;

/** Connect with a stored profile; the secret stays in main unless the OS cannot store it. */
export const ConnectProfileSchema = v.strictObject({
  profileId: safeId,
  /** Only when the profile has no stored secret (no OS keyring): asked at connect. */
  secret: v.optional(secret),
});

const channelOnly = v.strictObject({ channel: channelName });

export const RedirectSchema = v.strictObject({
  channel: channelName,
  exten: extension,
  context: v.optional(dialplanContext),
  priority: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.integer('must be a whole number'),
      v.minValue(1),
      v.maxValue(100000),
    ),
  ),
});

export const AtxferSchema = v.strictObject({
  channel: channelName,
  exten: extension,
  context: v.optional(dialplanContext),
});

export const ParkSchema = v.strictObject({
  channel: channelName,
  /** Seconds before the parked call comes back (Asterisk's default when absent). */
  timeoutSeconds: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.integer('must be a whole number'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(3600, 'must be at most 3600'),
    ),
  ),
  parkinglot: v.optional(dialplanContext),
});

export const RecordStartSchema = v.strictObject({
  channel: channelName,
  /** MixMonitor file name (no path); default `<uniqueid>.wav` chosen by main. */
  file: v.optional(
    v.pipe(
      v.string('must be text'),
      v.regex(
        /^[A-Za-z0-9_.-]{1,128}\.(?:wav|WAV|gsm|wav49|ulaw|alaw|sln)$/,
        'must be a plain file name ending in .wav, .gsm, .ulaw, .alaw or .sln',
      ),
    ),
  ),
});

export const SpySchema = v.strictObject({
  channel: channelName,
  /** listen: hear both sides; whisper: talk to the spied channel only; barge: talk to both. */
  mode: v.picklist(['listen', 'whisper', 'barge'], 'must be "listen", "whisper" or "barge"'),
  /**
   * The operator's language: the caller ID their phone shows for the spy call ("Listen" / "Escuchar")
   * follows it. A language, not a label, so nothing the page writes reaches the CallerID header.
   */
  language: v.optional(v.picklist(['en', 'es'], 'must be "en" or "es"')),
});
export type SpyMode = v.InferOutput<typeof SpySchema>['mode'];

export const OriginateSchema = v.strictObject({
  number: phoneNumber,
  context: v.optional(dialplanContext),
});

const uploadOptions = {
  /**
   * The clearly labelled override: send files over 1 KiB over plain http to a non-loopback PBX
   * despite Asterisk's short-read bug. Off unless the operator ticks it.
   */
  allowInsecureHttp: v.optional(v.boolean('must be true or false')),
};

/**
 * Files by path. ONLY the Electron preload produces this message: it takes `File` objects from the
 * page and resolves them with webUtils.getPathForFile. The router refuses it from any transport
 * whose messages a page writes (the WebSocket bridge), so no page can name a file on disk.
 */
export const UploadAddSchema = v.strictObject({
  files: v.pipe(
    v.array(v.strictObject({ path: absolutePath }), 'must be a list of files'),
    v.minLength(1, 'is empty'),
    v.maxLength(500, 'has more than 500 files'),
  ),
  ...uploadOptions,
});

/** Largest file the preview's content upload carries (base64 in one WebSocket frame). */
export const MAX_CONTENT_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * Files by content, for the browser preview (a page has no paths). Main stages the bytes in a
 * private temporary folder and queues them like any other file.
 */
export const UploadAddContentSchema = v.strictObject({
  files: v.pipe(
    v.array(
      v.strictObject({
        name: v.pipe(
          v.string('must be text'),
          v.minLength(1, 'is empty'),
          v.maxLength(255, 'is longer than 255 characters'),
          noControl,
        ),
        base64: v.pipe(
          v.string('must be text'),
          v.maxLength(
            Math.ceil(MAX_CONTENT_UPLOAD_BYTES / 3) * 4,
            `is larger than ${MAX_CONTENT_UPLOAD_BYTES / 1048576} MiB`,
          ),
          v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64'),
        ),
      }),
      'must be a list of files',
    ),
    v.minLength(1, 'is empty'),
    v.maxLength(50, 'has more than 50 files'),
  ),
  ...uploadOptions,
});

const uploadId = v.strictObject({ id: safeId });

export const CertProbeSchema = v.strictObject({ url: httpUrl });
export const CertTrustSchema = v.strictObject({
  url: httpUrl,
  /** The fingerprint the operator saw and accepted; main re-checks the server still presents it. */
  sha256: sha256Fingerprint,
  /** Store the pin in this profile (desktop); without it the pin lasts for this run. */
  profileId: v.optional(safeId),
});

/** A STUN/TURN server of the softphone (`stun:host:3478`, `turn:host?transport=tcp`, `turns:`). */
export const IceServerSchema = v.strictObject({
  urls: v.pipe(
    v.string('must be text'),
    v.maxLength(512, 'is longer than 512 characters'),
    noControl,
    v.regex(/^(?:stun|stuns|turn|turns):[^\s]+$/i, 'must start with stun:, stuns:, turn: or turns:'),
  ),
  username: v.optional(v.pipe(v.string('must be text'), v.maxLength(256), noControl)),
  /**
   * A TURN credential as typed. Main keeps it encrypted with the SIP password (safeStorage), never in
   * the settings file; absent on a save: the one stored for the same server and user stays.
   */
  credential: v.optional(v.pipe(v.string('must be text'), v.maxLength(256), noControl)),
});

/** The softphone part of a profile: the SIP account (its password stays in main, encrypted). */
export const SoftphoneProfileSchema = v.strictObject({
  /** PJSIP endpoint / auth user, e.g. `101`. */
  user: v.pipe(
    v.string('must be text'),
    v.regex(/^[A-Za-z0-9_.+-]{1,64}$/, 'is not a SIP user (letters, digits, ".", "_", "+", "-")'),
  ),
  /** `wss://pbx:8089/asterisk/ws`; absent: derived from the AJAM URL. */
  wsUrl: v.optional(
    v.pipe(
      v.string('must be text'),
      v.maxLength(2048, 'is longer than 2048 characters'),
      v.url('is not a URL'),
      v.regex(/^wss?:\/\//i, 'must start with ws:// or wss://'),
    ),
  ),
  iceServers: v.optional(
    v.pipe(v.array(IceServerSchema, 'must be a list of servers'), v.maxLength(8, 'has more than 8 servers')),
  ),
});
export type SoftphoneProfile = v.InferOutput<typeof SoftphoneProfileSchema>;

/**
 * A profile's room extensions: ConfBridge room name → the dialplan extension that runs ConfBridge
 * for it (a room's name is often not how it is dialled: room `sales` on extension 8001).
 */
export const RoomExtensionsSchema = v.pipe(
  v.record(
    v.pipe(
      v.string(),
      v.minLength(1, 'is empty'),
      v.maxLength(80, 'is longer than 80 characters'),
      noControl,
    ),
    extension,
    'must map room names to extensions',
  ),
  v.check((map) => Object.keys(map).length <= 500, 'has more than 500 rooms'),
);

export const ProfileInputSchema = v.strictObject({
  /** Absent: a new profile. */
  id: v.optional(safeId),
  name: v.pipe(
    v.string('must be text'),
    v.minLength(1, 'is empty'),
    v.maxLength(80, 'is longer than 80 characters'),
    noControl,
  ),
  url: httpUrl,
  user: userName,
  postMapping: v.optional(postMapping),
  operatorEndpoint: v.optional(endpointName),
  dialContext: v.optional(dialplanContext),
  watchedExtensions: v.optional(
    v.pipe(
      v.array(extension, 'must be a list of extensions'),
      v.maxLength(200, 'has more than 200 extensions'),
    ),
  ),
  tls: v.optional(TlsTrustSchema),
  language: v.optional(languageSetting),
  theme: v.optional(themeSetting),
  softphone: v.optional(SoftphoneProfileSchema),
  /** The recordings pipeline: watched folders and policies (shared/pipeline-contract.ts). */
  pipeline: v.optional(PipelineConfigSchema),
  /** Conference room → the extension that enters it here (a call dropped on the room is sent there). */
  roomExtensions: v.optional(RoomExtensionsSchema),
  /** The switchboard's groups and extension labels (shared/switchboard.ts). */
  switchboardLayout: v.optional(SwitchboardLayoutSchema),
});
export type ProfileInput = v.InferOutput<typeof ProfileInputSchema>;

export const ProfileSaveSchema = v.strictObject({
  profile: ProfileInputSchema,
  /** New secret to store encrypted; absent keeps the stored one. */
  secret: v.optional(secret),
  /** Remove the stored secret (ask at every connect). */
  forgetSecret: v.optional(v.boolean('must be true or false')),
  /** The softphone's SIP password, stored encrypted like the secret; absent keeps the stored one. */
  sipPassword: v.optional(secret),
});

export const SettingsPatchSchema = v.strictObject({
  language: v.optional(languageSetting),
  theme: v.optional(themeSetting),
  closeToTray: v.optional(v.boolean('must be true or false')),
  startAtLogin: v.optional(v.boolean('must be true or false')),
  doNotDisturb: v.optional(v.boolean('must be true or false')),
});

/** Every request channel and the schema its payload must pass. Keys are THE channel names. */
export const REQUEST_SCHEMAS = {
  'session:connect': ConnectSchema,
  'session:connect-profile': ConnectProfileSchema,
  'session:connect-demo': empty,
  'session:disconnect': empty,
  'session:get-status': empty,
  'board:subscribe': empty,
  'board:unsubscribe': empty,
  'board:reconcile': empty,
  'channels:hangup': channelOnly,
  'channels:redirect': RedirectSchema,
  'channels:atxfer': AtxferSchema,
  'channels:park': ParkSchema,
  'channels:record-start': RecordStartSchema,
  'channels:record-stop': channelOnly,
  'channels:spy': SpySchema,
  'calls:originate': OriginateSchema,
  'upload:add': UploadAddSchema,
  'upload:add-content': UploadAddContentSchema,
  'upload:cancel': uploadId,
  'upload:retry': uploadId,
  'upload:list': empty,
  'cert:probe': CertProbeSchema,
  'cert:trust': CertTrustSchema,
  'profiles:list': empty,
  'profiles:save': ProfileSaveSchema,
  'profiles:delete': v.strictObject({ id: safeId }),
  'profiles:select': v.strictObject({ id: safeId }),
  'settings:get': empty,
  'settings:set': SettingsPatchSchema,
  'softphone:credentials': empty,
  ...SWITCHBOARD_REQUEST_SCHEMAS,
  ...PIPELINE_REQUEST_SCHEMAS,
  ...QUEUES_REQUEST_SCHEMAS,
} as const satisfies Record<string, v.GenericSchema>;

export type RequestChannel = keyof typeof REQUEST_SCHEMAS;
export type RequestPayload<C extends RequestChannel> = v.InferOutput<(typeof REQUEST_SCHEMAS)[C]>;

export const REQUEST_CHANNELS = Object.keys(REQUEST_SCHEMAS) as readonly RequestChannel[];

/**
 * Channels only the Electron preload may produce. A transport whose messages a web page writes
 * (the WebSocket bridge) is a 'page' transport and gets `not-allowed` on these.
 */
export const PRELOAD_ONLY_CHANNELS: readonly RequestChannel[] = ['upload:add'];

// ---------------------------------------------------------------------------------------------
// Results (main -> renderer). Produced by main, so types only.
// ---------------------------------------------------------------------------------------------

/**
 * - connecting: logging in.        - connected: logged in, board synced.
 * - lost: the PBX went away; main retries in `retryInSeconds`.
 * - back: connected again after a loss and the board resynced (the renderer shows "back").
 * - closed: ended (disconnect, or a failure that retrying cannot fix: `error` says which).
 * - idle: never connected in this run.
 */
export type SessionState = 'idle' | 'connecting' | 'connected' | 'lost' | 'back' | 'closed';

export interface SessionStatus {
  readonly state: SessionState;
  /** Base URL (never carries the secret). */
  readonly url: string;
  readonly user: string;
  /** e.g. `Asterisk 22.10.1`, from CoreSettings once connected. */
  readonly server?: string;
  /** manager.conf httptimeout, seconds. */
  readonly sessionTimeoutSeconds?: number;
  readonly retryInSeconds?: number;
  readonly error?: IpcError;
  /** Whether controls that ring the operator (spy, click-to-dial) are available. */
  readonly operatorEndpoint?: string;
  /**
   * The `[post_mappings]` name uploads of this session go to (from the connect request or the
   * profile), so every window (after a reload, or a connect from the tray) knows where drops go.
   */
  readonly postMapping?: string;
  /** The features this manager user cannot use, and why; a feature not named here works. */
  readonly limits?: Readonly<Partial<Record<ConsoleFeature, FeatureLimit>>>;
  /** Epoch ms of this state change. */
  readonly since: number;
}

/** The console's features, as far as manager.conf privileges decide them (README: Least privilege). */
export const CONSOLE_FEATURES = [
  'channels',
  'live',
  'endpoints',
  'hints',
  'parked',
  'hangup',
  'transfer',
  'atxfer',
  'park',
  'record',
  'spy',
  'dial',
  'uploads',
  'queue-control',
  'conferences',
  'conference-control',
  'conference-record',
  'room-dialplan',
  // The switchboard (shared/switchboard.ts has each panel's own limit too).
  'presence',
  'voicemail',
  'astdb',
  'dnd',
] as const;
export type ConsoleFeature = (typeof CONSOLE_FEATURES)[number];

/**
 * Why a feature is off: the user's manager.conf `write` (or `read`) lacks all of `classes`, or
 * (`not-loaded`) it holds one but the PBX has not loaded the module of `actions`.
 */
export interface FeatureLimit {
  readonly kind: 'write' | 'read' | 'not-loaded';
  readonly classes: readonly string[];
  readonly actions: readonly string[];
}

/** A control's success. */
export interface ActionDone {
  /** Asterisk's own `Message:` text (e.g. `Channel Hungup`), also the notice's detail. */
  readonly message: string;
  /** What happened, keyed by the control (`control.done.redirect`), for the renderer to word. */
  readonly notice: Notice;
  /**
   * Set for controls Asterisk only queues (click-to-dial, listen/whisper/barge: an asynchronous
   * Originate): how the call went follows later as a `calls:outcome` event with this id.
   */
  readonly requestId?: string;
}

/**
 * How a queued Originate ended, from its OriginateResponse `Reason` (main/pbx.c's
 * pbx_dial_reason(): 0 failed, 1 hung up, 3 rang without answer, 4 answered, 5 busy, 8 congestion),
 * or `no-response` when no OriginateResponse came within main's wait.
 */
export type CallOutcomeReason =
  | 'answered'
  | 'failed'
  | 'hung-up'
  | 'no-answer'
  | 'busy'
  | 'declined'
  | 'congestion'
  | 'unavailable'
  | 'no-response';

/** Which control queued the Originate: click-to-dial, or a spy mode. */
export type CallOutcomeControl = 'dial' | SpyMode;

/** The outcome of a click-to-dial or listen/whisper/barge, sent only to the window that asked. */
export interface CallOutcome {
  /** The `requestId` of the control's ActionDone. */
  readonly requestId: string;
  readonly control: CallOutcomeControl;
  /** What was dialled (the number) or spied on (the channel). */
  readonly target: string;
  /** The operator's phone Asterisk rang first, e.g. `PJSIP/100`. */
  readonly endpoint: string;
  /** The operator's phone answered and the call or spy is running. */
  readonly ok: boolean;
  readonly reason: CallOutcomeReason;
  /** OriginateResponse's `Reason` as Asterisk sent it; absent for `no-response`. */
  readonly reasonCode?: number;
  /** A failure's DialEnd `DialStatus` for the originated channel, when one came. */
  readonly dialStatus?: string;
  /** A failure's hangup cause (Q.850) of the originated channel, when one came. */
  readonly hangupCause?: number;
  /** For `no-response`: how long main waited, in seconds. */
  readonly waitedSeconds?: number;
  /** The outcome as a notice (`outcome.<reason>`), worded by the renderer. */
  readonly notice: Notice;
  /** The outcome in English (logs, hosts without the renderer's catalog). */
  readonly message: string;
}

export type UploadState = 'queued' | 'sending' | 'waiting-reply' | 'done' | 'failed' | 'cancelled';

export interface UploadItem {
  readonly id: string;
  readonly batchId: string;
  /** The name as it will be stored on the PBX (sanitized); `originalName` when it had to change. */
  readonly name: string;
  readonly originalName?: string;
  readonly state: UploadState;
  readonly totalBytes: number;
  readonly sentBytes: number;
  readonly bytesPerSecond?: number;
  readonly etaSeconds?: number;
  /** Non-blocking notes: WAV not 8/16 kHz mono 16-bit, name already sent (Asterisk overwrites). */
  readonly warnings: readonly Notice[];
  readonly error?: IpcError;
  /**
   * Present (true) only when Retry can change the outcome: a cancelled upload, or a failure from
   * the network, the PBX or a file still being written. Absent for refusals a new try meets again
   * (no extension, empty, too large, plain http refused...): the renderer offers no Retry there.
   */
  readonly retryable?: true;
}

export interface UploadBatchResult {
  readonly batchId: string;
  readonly uploaded: number;
  readonly failed: number;
  readonly cancelled: number;
}

export interface UploadAddResult {
  readonly batchId: string;
  /** One per file in request order; refused files come back `failed` with the reason. */
  readonly items: readonly UploadItem[];
}

export interface CertificateInfo {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** SHA-256 of the DER certificate, upper-case hex with colons: what the operator compares. */
  readonly sha256: string;
  readonly subject: string;
  readonly issuer: string;
  /** As the certificate says, e.g. `Nov 26 04:32:00 2027 GMT`. */
  readonly validFrom: string;
  readonly validTo: string;
  /** Issuer equals subject: nobody but the PBX vouches for it, so only a pin can make it trusted. */
  readonly selfSigned: boolean;
  /** Verified by the system's CAs (no pin needed). */
  readonly trustedBySystem: boolean;
  /** Why it failed verification, as Node words it (e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
  readonly verifyError?: string;
  /** Already pinned for this URL (this run or the profile). */
  readonly pinned: boolean;
}

export interface ProfileSummary {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly user: string;
  readonly postMapping?: string;
  readonly operatorEndpoint?: string;
  readonly dialContext?: string;
  readonly watchedExtensions: readonly string[];
  /** The pinned fingerprint, or that a CA is stored (the PEM itself stays in main). */
  readonly tls?: { readonly kind: 'fingerprint'; readonly sha256: string } | { readonly kind: 'ca' };
  readonly language?: 'system' | 'en' | 'es';
  readonly theme?: 'system' | 'light' | 'dark';
  readonly softphone?: SoftphoneProfile;
  /** A secret is stored (encrypted). When false the renderer asks for it at connect. */
  readonly hasSecret: boolean;
  readonly pipeline?: PipelineConfig;
  /** A SIP password is stored for the softphone. */
  readonly hasSipPassword?: boolean;
  readonly roomExtensions?: Readonly<Record<string, string>>;
  /** The softphone's TURN servers whose credential is stored (encrypted, like the SIP password). */
  readonly storedTurnCredentials?: readonly { readonly urls: string; readonly username: string }[];
  readonly switchboardLayout?: SwitchboardLayout;
}

export interface ProfileList {
  readonly profiles: readonly ProfileSummary[];
  readonly selectedId?: string;
  /** false on Linux without a keyring: secrets are never stored, asked at connect. */
  readonly secretStorageAvailable: boolean;
  /** Why not, for the renderer to show. */
  readonly secretStorageNote?: string;
}

export interface Settings {
  readonly language: 'system' | 'en' | 'es';
  readonly theme: 'system' | 'light' | 'dark';
  readonly closeToTray: boolean;
  readonly startAtLogin: boolean;
  readonly doNotDisturb: boolean;
}

/** What each request channel resolves to. A missing key here is a compile error below. */
export interface RequestResults {
  'session:connect': SessionStatus;
  'session:connect-profile': SessionStatus;
  /** Starts the embedded demo PBX (once per run) on 127.0.0.1 and connects to it. */
  'session:connect-demo': SessionStatus;
  'session:disconnect': SessionStatus;
  'session:get-status': SessionStatus;
  'board:subscribe': BoardSnapshot;
  'board:unsubscribe': null;
  /**
   * Checks the board against the PBX's own lists now (the window regained focus); what differs
   * arrives as an ordinary patch. `changes`: how many entries that was (0 also when one just ran).
   */
  'board:reconcile': { readonly changes: number };
  'channels:hangup': ActionDone;
  'channels:redirect': ActionDone;
  'channels:atxfer': ActionDone;
  'channels:park': ActionDone;
  'channels:record-start': ActionDone;
  'channels:record-stop': ActionDone;
  'channels:spy': ActionDone;
  'calls:originate': ActionDone;
  'upload:add': UploadAddResult;
  'upload:add-content': UploadAddResult;
  'upload:cancel': UploadItem;
  'upload:retry': UploadItem;
  'upload:list': readonly UploadItem[];
  'cert:probe': CertificateInfo;
  'cert:trust': CertificateInfo;
  'profiles:list': ProfileList;
  'profiles:save': ProfileSummary;
  'profiles:delete': ProfileList;
  'profiles:select': ProfileSummary;
  'settings:get': Settings;
  'settings:set': Settings;
  /**
   * The SIP account of the running session (profile, demo PBX or preview flags), password included:
   * asked only when the softphone registers, so the password lives in the page no longer than needed.
   */
  'softphone:credentials': SoftphoneAccount;
  /** The switchboard now (then `switchboard:patch` events until unsubscribed). */
  'switchboard:subscribe': SwitchboardSnapshot;
  'switchboard:unsubscribe': null;
  /** Queued: the result follows as `switchboard:outcome` with ActionDone.requestId. */
  'switchboard:call': ActionDone;
  'switchboard:transfer': ActionDone;
  'switchboard:pickup': ActionDone;
  'switchboard:park': ActionDone;
  'switchboard:unpark': ActionDone;
  /** Done when answered: AstDB and the DND lamp are set. */
  'switchboard:dnd': ActionDone;
  'switchboard:forward': ActionDone;
}
export interface RequestResults extends PipelineRequestResults, QueuesRequestResults {}
export type RequestResult<C extends RequestChannel> = RequestResults[C];

// ---------------------------------------------------------------------------------------------
// Events (main -> renderer)
// ---------------------------------------------------------------------------------------------

/** Room for the desktop engineer's notifications: the renderer only needs to focus a call. */
export interface NotifyFocus {
  /** Uniqueid of the call whose notification was clicked. */
  readonly uniqueid: string;
}

export interface EventPayloads {
  'session:status': SessionStatus;
  /** Changes since the last patch, at most one per ~30 ms; apply over the last snapshot. */
  'board:patch': BoardPatch;
  /** A whole new board (after a resync on reconnect): replace, do not merge. */
  'board:snapshot': BoardSnapshot;
  'upload:progress': UploadItem;
  'upload:batch': UploadBatchResult;
  /** How a click-to-dial or spy went, once Asterisk says (or main stops waiting). */
  'calls:outcome': CallOutcome;
  'notify:focus': NotifyFocus;
  'settings:changed': Settings;
  'profiles:changed': ProfileList;
  /** Changes to the switchboard since the last patch; apply with applySwitchboardPatch. */
  'switchboard:patch': SwitchboardPatch;
  /** A whole new switchboard (after a resync): replace, do not merge. */
  'switchboard:snapshot': SwitchboardSnapshot;
  /** How a switchboard control went, once Asterisk reported it; only to the window that asked. */
  'switchboard:outcome': SwitchboardOutcome;
}
export interface EventPayloads extends PipelineEventPayloads, QueuesEventPayloads {}
export type EventChannel = keyof EventPayloads;

const EVENT_CHANNEL_MAP: { readonly [C in EventChannel]: true } = {
  'session:status': true,
  'board:patch': true,
  'board:snapshot': true,
  'upload:progress': true,
  'upload:batch': true,
  'calls:outcome': true,
  'notify:focus': true,
  'settings:changed': true,
  'profiles:changed': true,
  'switchboard:patch': true,
  'switchboard:snapshot': true,
  'switchboard:outcome': true,
  'pipeline:file': true,
  'pipeline:batch': true,
  'pipeline:status': true,
  'queues:snapshot': true,
  'queues:patch': true,
};
export const EVENT_CHANNELS = Object.keys(EVENT_CHANNEL_MAP) as readonly EventChannel[];

// ---------------------------------------------------------------------------------------------
// The renderer-facing API: one method per request channel, `on…` per event channel.
// ---------------------------------------------------------------------------------------------

/** Method name -> request channel. `addUploads` is separate: its transport decides the channel. */
export const API_METHODS = {
  connect: 'session:connect',
  connectProfile: 'session:connect-profile',
  connectDemo: 'session:connect-demo',
  disconnect: 'session:disconnect',
  getStatus: 'session:get-status',
  subscribeBoard: 'board:subscribe',
  unsubscribeBoard: 'board:unsubscribe',
  reconcileBoard: 'board:reconcile',
  hangup: 'channels:hangup',
  redirect: 'channels:redirect',
  atxfer: 'channels:atxfer',
  park: 'channels:park',
  startRecording: 'channels:record-start',
  stopRecording: 'channels:record-stop',
  spy: 'channels:spy',
  originate: 'calls:originate',
  cancelUpload: 'upload:cancel',
  retryUpload: 'upload:retry',
  listUploads: 'upload:list',
  probeCertificate: 'cert:probe',
  trustCertificate: 'cert:trust',
  listProfiles: 'profiles:list',
  saveProfile: 'profiles:save',
  deleteProfile: 'profiles:delete',
  selectProfile: 'profiles:select',
  getSettings: 'settings:get',
  setSettings: 'settings:set',
  softphoneCredentials: 'softphone:credentials',
  subscribeSwitchboard: 'switchboard:subscribe',
  unsubscribeSwitchboard: 'switchboard:unsubscribe',
  callExtension: 'switchboard:call',
  transferTo: 'switchboard:transfer',
  pickupExtension: 'switchboard:pickup',
  parkCall: 'switchboard:park',
  unparkCall: 'switchboard:unpark',
  setDnd: 'switchboard:dnd',
  setForward: 'switchboard:forward',
  ...PIPELINE_API_METHODS,
  ...QUEUES_API_METHODS,
} as const satisfies Record<string, RequestChannel>;
export type ApiMethod = keyof typeof API_METHODS;

/** Event listener name -> event channel. */
export const API_LISTENERS = {
  onSessionStatus: 'session:status',
  onBoardPatch: 'board:patch',
  onBoardSnapshot: 'board:snapshot',
  onUploadProgress: 'upload:progress',
  onUploadBatch: 'upload:batch',
  onCallOutcome: 'calls:outcome',
  onNotifyFocus: 'notify:focus',
  onSettingsChanged: 'settings:changed',
  onProfilesChanged: 'profiles:changed',
  onSwitchboardPatch: 'switchboard:patch',
  onSwitchboardSnapshot: 'switchboard:snapshot',
  onSwitchboardOutcome: 'switchboard:outcome',
  ...PIPELINE_API_LISTENERS,
  ...QUEUES_API_LISTENERS,
} as const satisfies { readonly [K: string]: EventChannel };
export type ApiListener = keyof typeof API_LISTENERS;

/** The channels `addUploads` maps to (preload: by path; preview: by content). */
export type UploadAddChannel = 'upload:add' | 'upload:add-content';

// Compile-time completeness: every request channel has a result type and an API method, every
// event channel a listener. Adding a channel without wiring it fails `tsc`.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function assertTrue<T extends true>(_proof?: T): void {}
assertTrue<Exact<keyof RequestResults, RequestChannel>>();
assertTrue<Exact<(typeof API_METHODS)[ApiMethod] | UploadAddChannel, RequestChannel>>();
assertTrue<Exact<(typeof API_LISTENERS)[ApiListener], EventChannel>>();

/**
 * What a dropped or chosen file looks like to the API, structurally (a DOM `File` satisfies it;
 * shared/ cannot name DOM types). The preload resolves it with webUtils.getPathForFile; the
 * preview client reads its bytes.
 */
export interface UploadFile {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface AddUploadsOptions {
  readonly allowInsecureHttp?: boolean;
}

type NoPayload = Record<string, never>;
type MethodFor<C extends RequestChannel> =
  NoPayload extends RequestPayload<C>
    ? (payload?: RequestPayload<C>) => Promise<IpcResult<RequestResult<C>>>
    : (payload: RequestPayload<C>) => Promise<IpcResult<RequestResult<C>>>;

export type Unsubscribe = () => void;

export type AjamApi = {
  readonly [M in ApiMethod]: MethodFor<(typeof API_METHODS)[M]>;
} & {
  readonly [L in ApiListener]: (
    listener: (payload: EventPayloads[(typeof API_LISTENERS)[L]]) => void,
  ) => Unsubscribe;
} & {
  readonly addUploads: (
    files: readonly UploadFile[],
    options?: AddUploadsOptions,
  ) => Promise<IpcResult<UploadAddResult>>;
};

// ---------------------------------------------------------------------------------------------
// Validation, shared by the router and (optionally) renderer forms.
// ---------------------------------------------------------------------------------------------

export function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, channel);
}

export type ValidatedRequest = {
  [C in RequestChannel]: { readonly channel: C; readonly payload: RequestPayload<C> };
}[RequestChannel];

/**
 * Checks a message against the contract. The error names the channel and the offending field so
 * the renderer can show it as is: `Refused "channels:hangup": field "foo" is not allowed`.
 */
export function validateRequest(channel: unknown, payload: unknown): IpcResult<ValidatedRequest> {
  if (!isRequestChannel(channel)) {
    const shown = typeof channel === 'string' ? JSON.stringify(channel.slice(0, 80)) : `a ${typeof channel}`;
    return fail('unknown-channel', notice('ipc.unknown-channel', { channel: shown }));
  }
  // valibot's strictObject takes an empty array for an empty object; the contract does not.
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return fail(
      'invalid-request',
      notice('ipc.invalid-request', { channel, problems: 'the payload must be an object' }),
    );
  }
  const schema: v.GenericSchema = REQUEST_SCHEMAS[channel];
  const parsed = v.safeParse(schema, payload, { abortPipeEarly: true });
  if (parsed.success) return ok({ channel, payload: parsed.output } as ValidatedRequest);
  const problems = parsed.issues.slice(0, 3).map(describeIssue).join('; ');
  // A value the operator typed (a number to dial, an extension, the PBX address...) is worded per
  // field in the operator's language; anything else is a program's mistake, in the contract's words.
  const first = parsed.issues[0];
  const field = first ? (first.path ?? []).map((item) => String(item.key)).join('.') : '';
  const typed = first !== undefined && first.type !== 'strict_object' && first.received !== 'undefined';
  if (typed && isOperatorField(field)) {
    return fail('invalid-request', notice('ipc.invalid-field', { channel, field, problems }));
  }
  return fail('invalid-request', notice('ipc.invalid-request', { channel, problems }));
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => String(item.key)).join('.');
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return `field "${path}" is not allowed`;
  }
  if (issue.kind === 'schema' && issue.received === 'undefined' && path !== '') {
    return `field "${path}" is missing`;
  }
  if (path === '') {
    return issue.type === 'strict_object' || issue.type === 'object'
      ? 'the payload must be an object'
      : issue.message;
  }
  // Our own messages are phrases ("is not a URL"); valibot's defaults are sentences.
  const ours = /^(?:is|must|may|has) /.test(issue.message);
  return ours ? `field "${path}" ${issue.message}` : `field "${path}": ${issue.message}`;
}

// ---------------------------------------------------------------------------------------------
// WebSocket bridge frames (preview and tests). JSON text frames.
// ---------------------------------------------------------------------------------------------

/** Path of the bridge on the preview's HTTP server. */
export const BRIDGE_PATH = '/ipc';
/** Sec-WebSocket-Protocol the server selects. */
export const BRIDGE_PROTOCOL = 'ajam-ipc.v1';
/**
 * The per-run token travels as a second offered subprotocol, `ajam-token.<hex>`, because a browser
 * WebSocket cannot set headers and a query string would put it in every log line.
 */
export const BRIDGE_TOKEN_PROTOCOL_PREFIX = 'ajam-token.';

export const BridgeRequestFrameSchema = v.strictObject({
  t: v.literal('request'),
  id: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  channel: v.pipe(v.string(), v.maxLength(128)),
  payload: v.unknown(),
});
export type BridgeRequestFrame = v.InferOutput<typeof BridgeRequestFrameSchema>;

export type BridgeServerFrame =
  | { readonly t: 'response'; readonly id: number; readonly result: IpcResult<unknown> }
  | {
      readonly [C in EventChannel]: {
        readonly t: 'event';
        readonly channel: C;
        readonly payload: EventPayloads[C];
      };
    }[EventChannel]
  /** A frame that could not be read at all (not JSON, no id): answered without an id. */
  | { readonly t: 'error'; readonly error: IpcError };

// ---------------------------------------------------------------------------------------------
// Building an AjamApi over any transport (preload: ipcRenderer; preview: the WebSocket bridge;
// tests: in memory). Each host supplies invoke/subscribe and its own way to add uploads.
// ---------------------------------------------------------------------------------------------

export interface ApiTransport {
  invoke(channel: RequestChannel, payload: unknown): Promise<IpcResult<unknown>>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): Unsubscribe;
  addUploads(files: readonly UploadFile[], options: AddUploadsOptions): Promise<IpcResult<UploadAddResult>>;
}

/**
 * One frozen object with exactly the contract's methods. Methods with no payload send `{}` so the
 * schemas stay strict. Listener wrappers pass the payload alone (Electron's event object, which
 * carries `sender`, never reaches the page).
 */
export function createApi(transport: ApiTransport): AjamApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(API_METHODS) as [ApiMethod, RequestChannel][]) {
    api[method] = (payload?: unknown) => transport.invoke(channel, payload === undefined ? {} : payload);
  }
  for (const [name, channel] of Object.entries(API_LISTENERS) as [ApiListener, EventChannel][]) {
    api[name] = (listener: (payload: unknown) => void): Unsubscribe => {
      if (typeof listener !== 'function') throw new TypeError(`${name} needs a function`);
      return transport.subscribe(channel, (payload) => listener(payload));
    };
  }
  api['addUploads'] = (files: readonly UploadFile[], options?: AddUploadsOptions) =>
    transport.addUploads(files, options ?? {});
  // The transport's results are typed by channel at the contract level; the casts above are the
  // single place where the mapped type meets the loop that builds it.
  return Object.freeze(api) as AjamApi;
}
