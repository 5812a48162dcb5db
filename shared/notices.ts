/**
 * Words main produces for a person (connect errors, permission advice, lost-connection reasons,
 * upload refusals and warnings, Asterisk's own replies) cross IPC as a `Notice`: a key and its
 * parameters, never a sentence. The renderer words each key in the operator's language from its
 * catalog (`renderer/src/i18n/{en,es}.ts`, section `notices`), so a Spanish window never shows
 * an English sentence that main wrote. Main keeps an English rendering only for logs and the CLI,
 * made from the same English table the renderer uses (shared/notices-en.ts): one source.
 *
 * Adding a key: add it with its parameters to `NoticeParamMap`, then to NOTICE_KEYS, then give it
 * a wording in shared/notices-en.ts and shared/notices-es.ts (the catalogs' `notices` sections,
 * also used by main for desktop notifications). The type checker refuses a table that misses a key
 * or words a parameter that does not exist.
 *
 * This file runs in main, preload and renderer alike: no imports.
 */

type None = Readonly<Record<string, never>>;

/** The queue controls a notice can name (issue 9). */
export const QUEUE_CONTROL_NAMES = ['pause', 'unpause', 'add', 'remove', 'penalty'] as const;
export type QueueControlName = (typeof QUEUE_CONTROL_NAMES)[number];
/** The conference controls a notice can name (issue 9). */
export const CONFERENCE_CONTROL_NAMES = [
  'mute',
  'unmute',
  'kick',
  'lock',
  'unlock',
  'record-start',
  'record-stop',
  'join',
] as const;
export type ConferenceControlName = (typeof CONFERENCE_CONTROL_NAMES)[number];

/** A WAV file's format, worded by each language ("44,1 kHz estéreo"): rate in kHz, codec as named. */
export type WavFormatParams = {
  readonly rate: number;
  readonly channels: number;
  readonly bits: number;
  /** `PCM`, `GSM` or `format 3`. */
  readonly codec: string;
};

/** Request fields whose values an operator types, so a refusal of them is worded per field. */
export const OPERATOR_FIELDS = [
  'url',
  'user',
  'secret',
  'postMapping',
  'operatorEndpoint',
  'dialContext',
  'context',
  'number',
  'exten',
] as const;
export type OperatorField = (typeof OPERATOR_FIELDS)[number];

export function isOperatorField(value: string): value is OperatorField {
  return (OPERATOR_FIELDS as readonly string[]).includes(value);
}

/** What is wrong with a PBX address (electron/ajam/url.ts). */
export const BAD_URL_PROBLEMS = [
  'empty',
  'unparsable',
  'no-scheme',
  'not-http',
  'no-host',
  'credentials',
  'query',
] as const;
export type BadUrlProblem = (typeof BAD_URL_PROBLEMS)[number];

/** The controls whose Asterisk reply becomes a sentence: the channel names minus their domain. */
export type ControlName =
  | 'hangup'
  | 'redirect'
  | 'atxfer'
  | 'park'
  | 'record-start'
  | 'record-stop'
  | 'listen'
  | 'whisper'
  | 'barge'
  | 'dial';

/**
 * Every key and the parameters its wording may use. Numbers are formatted by the wording (the
 * renderer in the operator's locale). `detail` (what the PBX or the OS said) is never a parameter:
 * it is shown beside the sentence, verbatim.
 */
export interface NoticeParamMap {
  /** A bug: detail holds the exception's text. */
  internal: None;

  // --- AJAM connection (electron/ajam/errors.ts). `why`/`what` texts arrive as detail. ---
  'ajam.bad-url': { url: string; problem: BadUrlProblem };
  'ajam.no-user': None;
  'ajam.dns': { host: string };
  'ajam.refused': { origin: string };
  'ajam.unreachable': { origin: string };
  'ajam.tls': { origin: string };
  'ajam.pin-mismatch': { origin: string; expected: string; actual: string };
  'ajam.bad-fingerprint': { input: string };
  'ajam.not-https': { url: string };
  'ajam.not-found': { url: string };
  'ajam.http': { url: string; status: number };
  'ajam.not-http': { origin: string };
  'ajam.not-http-try-https': { origin: string };
  'ajam.auth': { user: string };
  /** `classes`: the manager.conf write classes that allow `action`, comma-separated. */
  'ajam.permission': { user: string; action: string; classes: string };
  'ajam.permission-unknown': { user: string; action: string };
  'ajam.session-expired': { action: string };
  'ajam.session-dropped-again': { action: string };
  'ajam.timeout': { origin: string; action: string; seconds: number };
  'ajam.handshake-timeout': { origin: string; seconds: number };
  'ajam.connect-timeout': { origin: string; seconds: number };
  'ajam.connect-timeout-https': { origin: string; seconds: number };
  'ajam.action-failed': { action: string };
  'ajam.parse': { action: string };
  /** A reply past Profile.maxResponseBytes (`mebibytes`): dropped unread, the board resyncs. */
  'ajam.too-large': { action: string; mebibytes: number };
  'ajam.closed': None;
  'ajam.dropped-http': { origin: string };
  'ajam.dropped': { origin: string };
  'ajam.talk-failed': { origin: string };

  // --- IPC contract (shared/ipc.ts, electron/ipc) ---
  'ipc.unknown-channel': { channel: string };
  /** `problems`: which fields and why, in the contract's words (for a developer, never an operator). */
  'ipc.invalid-request': { channel: string; problems: string };
  /**
   * A value the operator typed does not fit its field: worded per field (`field` is one of
   * OPERATOR_FIELDS); `problems` is the contract's English (logs, CLI).
   */
  'ipc.invalid-field': { channel: string; field: OperatorField; problems: string };
  'ipc.not-allowed': { channel: string };
  'ipc.closed': None;
  'ipc.not-files': None;
  'ipc.not-local-file': { name: string };
  'ipc.preload-only': { channel: string };
  'ipc.bad-frame': None;
  /** The preview's WebSocket bridge (shared/bridge-client.ts); detail: the close reason. */
  'bridge.closed': None;
  'bridge.refused': None;
  'bridge.not-connected': None;
  'bridge.too-large': { name: string; bytes: number };

  // --- Console service (electron/console) ---
  'console.not-connected': None;
  'console.no-operator-listen': None;
  'console.no-operator-dial': None;
  'console.no-profiles': None;
  'console.uploads-unavailable': None;
  'console.demo-unavailable': None;
  'console.demo-failed': None;
  /** softphone:credentials: this session has no SIP user (profile, demo or preview flags). */
  'softphone.not-configured': None;
  /** softphone:credentials: the profile has a SIP user but no SIP password main can read. */
  'softphone.no-password': { name: string };
  /** softphone:credentials: a TURN server of the profile has no credential main can read. */
  'softphone.no-turn-credential': { name: string; server: string };
  'cert.mismatch': { host: string; port: number; sha256: string };
  /** cert:trust asked to pin a certificate of `origin` into a profile whose server is `profileOrigin`. */
  'cert.other-server': { origin: string; profile: string; profileOrigin: string };

  // --- Profiles (electron/settings) ---
  'profile.unknown': { id: string };
  'profile.secret-needed': { name: string };
  'profile.secret-undecryptable': { name: string };
  'profile.no-secret': { name: string };
  /** detail: the settings store's own reason. */
  'profile.invalid': None;

  // --- A control Asterisk answered (detail: Asterisk's own Message) ---
  'control.done.hangup': { channel: string };
  'control.done.redirect': { channel: string; exten: string };
  'control.done.atxfer': { channel: string; exten: string };
  'control.done.park': { channel: string };
  'control.done.record-start': { channel: string };
  'control.done.record-stop': { channel: string };
  'control.done.listen': { channel: string };
  'control.done.whisper': { channel: string };
  'control.done.barge': { channel: string };
  'control.done.dial': { number: string };
  'control.failed.hangup': { channel: string };
  'control.failed.redirect': { channel: string; exten: string };
  'control.failed.atxfer': { channel: string; exten: string };
  'control.failed.park': { channel: string };
  'control.failed.record-start': { channel: string };
  'control.failed.record-stop': { channel: string };
  'control.failed.listen': { channel: string };
  'control.failed.whisper': { channel: string };
  'control.failed.barge': { channel: string };
  'control.failed.dial': { number: string };

  // --- How a queued Originate went (electron/console/outcomes.ts) ---
  'outcome.answered': { endpoint: string };
  'outcome.hung-up': { endpoint: string };
  'outcome.no-answer': { endpoint: string };
  'outcome.busy': { endpoint: string };
  'outcome.declined': { endpoint: string };
  'outcome.congestion': { endpoint: string };
  'outcome.unavailable': { endpoint: string };
  'outcome.failed': { endpoint: string };
  'outcome.no-response': { endpoint: string; seconds: number };

  // --- Switchboard controls (electron/features/switchboard). `queued`: Asterisk took the request;
  // how it went follows as a switchboard outcome. ---
  'switchboard.queued.call': { exten: string };
  'switchboard.queued.transfer': { channel: string; exten: string };
  'switchboard.queued.atxfer': { channel: string; exten: string };
  'switchboard.queued.pickup': { exten: string };
  'switchboard.queued.park': { channel: string };
  'switchboard.queued.unpark': { lot: string; space: string };
  'switchboard.done.dnd-on': { exten: string };
  'switchboard.done.dnd-off': { exten: string };
  'switchboard.done.forward': { exten: string; number: string };
  'switchboard.done.forward-off': { exten: string };
  'switchboard.failed.call': { exten: string };
  'switchboard.failed.transfer': { channel: string; exten: string };
  'switchboard.failed.atxfer': { channel: string; exten: string };
  'switchboard.failed.pickup': { exten: string };
  'switchboard.failed.park': { channel: string };
  'switchboard.failed.unpark': { lot: string; space: string };
  'switchboard.failed.dnd': { exten: string };
  'switchboard.failed.forward': { exten: string };
  /** A queue control Asterisk accepted or refused (its words in the detail); `control` picks the verb. */
  'queue.done': { control: QueueControlName; member: string; queue: string };
  'queue.failed': { control: QueueControlName; member: string; queue: string };
  /** A conference control; `target` is a channel, `all` or `participants`, or empty for the room. */
  'conference.done': { control: ConferenceControlName; target: string; conference: string };
  'conference.failed': { control: ConferenceControlName; target: string; conference: string };
  'switchboard.not-ringing': { exten: string };
  'switchboard.not-bridged': { channel: string };
  'switchboard.not-parked': { lot: string; space: string };
  'switchboard.unknown-channel': { channel: string };
  'switchboard.outcome.transferred': { channel: string; exten: string };
  'switchboard.outcome.atxfer-done': { channel: string; exten: string };
  'switchboard.outcome.parked': { channel: string; lot: string; space: string };
  /** detail: the BlindTransfer event's Result (`Invalid`, `Fail`, `Not Permitted`). */
  'switchboard.outcome.transfer-failed': { channel: string; exten: string };
  'switchboard.outcome.hung-up': { channel: string };
  'switchboard.outcome.picked-up': { exten: string };
  'switchboard.outcome.unparked': { lot: string; space: string };
  'switchboard.outcome.unconfirmed': { seconds: number };

  // --- Upload refusals (electron/upload/checks.ts, console/uploads.ts) ---
  'upload.not-connected': None;
  'upload.no-mapping': None;
  'upload.unknown': { id: string };
  'upload.not-retryable': { id: string };
  'upload.not-found': { path: string };
  'upload.no-permission': { path: string };
  /** detail: the OS's reason. */
  'upload.unreadable': { path: string };
  'upload.is-folder': { path: string };
  'upload.not-regular': { path: string };
  'upload.bad-name': { name: string };
  'upload.no-extension': { name: string };
  /** `allowed`: the playable extensions, space-separated, each with its dot. */
  'upload.bad-extension': { ext: string; allowed: string };
  'upload.extension-case': { ext: string; lower: string };
  'upload.empty': { name: string };
  'upload.too-large': { name: string; bytes: number };

  // --- Upload warnings (checks.ts, wav.ts). The format is worded by each language. ---
  'upload.renamed': { name: string; original: string };
  'upload.already-sent': { name: string };
  'upload.not-wav': None;
  'upload.wav-no-format': None;
  'upload.wav49-rename': WavFormatParams & { ext: string; to: string };
  'upload.wav49-convert': WavFormatParams & { ext: string };
  'upload.wav-unplayable': WavFormatParams;
  /** `kHz`: the rate Asterisk reads `.ext` at. */
  'upload.wav-rate': WavFormatParams & { ext: string; kHz: number; to: string };

  // --- Upload failures after checks (electron/upload/engine.ts; detail: the engine's explanation) ---
  'upload.failed': None;
  'upload.plain-http-refused': { name: string; host: string };
  'upload.permission': None;
  'upload.no-session': None;
  'upload.no-reply': None;
  'upload.pbx-refused': None;
  'upload.no-mapping-on-pbx': None;
  'upload.connect-failed': None;
  'upload.tls-failed': None;
  'upload.file-changed': None;
  /** The file grew while it was read (still being recorded or copied): the PBX has a cut copy. */
  'upload.file-grew': { name: string; sentBytes: number; nowBytes: number };
  /** Same size, new modification time: the PBX may hold a mix of old and new content. */
  'upload.file-modified': { name: string };
  /** A 200 before the whole body was sent: not Asterisk's answer to this file. */
  'upload.early-reply': { name: string; sentBytes: number; totalBytes: number };

  // --- Recordings pipeline (electron/pipeline/). ---
  /** Content that is not what its audio extension says (`found`: pdf, text, wav, unknown...). */
  'pipeline.not-audio': { name: string; ext: string; found: string };
  /** Stored under another name: `why` is `case` (extension case), `wav-format` (header), `taken` (policy rename). */
  'pipeline.renamed': { name: string; original: string; why: 'case' | 'wav-format' | 'taken' };
  /** This very content is already on the PBX under this name: not sent again. */
  'pipeline.duplicate': { name: string };
  /** Another file was already uploaded under this name; the profile says skip. */
  'pipeline.name-taken': { name: string };
  /** Another file was already uploaded under this name; the profile says ask. */
  'pipeline.ask': { name: string };
  /** Sent under a name already used on the PBX: Asterisk replaced the earlier file. */
  'pipeline.overwrote': { name: string };
  'pipeline.not-connected': None;
  /** Sent again after a restart: the earlier try ended without the PBX's answer. */
  'pipeline.resent': { name: string };
  'pipeline.move-failed': { path: string; to: string };
  'pipeline.delete-failed': { path: string };
  'pipeline.folder-unavailable': { path: string };
  /** The journal could not be written (disk full, permissions): the pipeline stopped sending. */
  'pipeline.journal-failed': { path: string };
  // The app around the pipeline (electron/features/pipeline/).
  'pipeline.unavailable': None;
  'pipeline.unknown-entry': { id: string };
  /** A folder in a saved profile that was typed, where the host has a folder picker. */
  'pipeline.folder-not-chosen': { path: string };
  /** The history could not be written to the chosen file; detail: the OS's words. */
  'pipeline.export-failed': { file: string };
}

export type NoticeKey = keyof NoticeParamMap;

/** Every key at run time, in one list (tests iterate it; `isNoticeKey` checks against it). */
export const NOTICE_KEYS = [
  'internal',
  'ajam.bad-url',
  'ajam.no-user',
  'ajam.dns',
  'ajam.refused',
  'ajam.unreachable',
  'ajam.tls',
  'ajam.pin-mismatch',
  'ajam.bad-fingerprint',
  'ajam.not-https',
  'ajam.not-found',
  'ajam.http',
  'ajam.not-http',
  'ajam.not-http-try-https',
  'ajam.auth',
  'ajam.permission',
  'ajam.permission-unknown',
  'ajam.session-expired',
  'ajam.session-dropped-again',
  'ajam.timeout',
  'ajam.handshake-timeout',
  'ajam.connect-timeout',
  'ajam.connect-timeout-https',
  'ajam.action-failed',
  'ajam.parse',
  'ajam.too-large',
  'ajam.closed',
  'ajam.dropped-http',
  'ajam.dropped',
  'ajam.talk-failed',
  'ipc.unknown-channel',
  'ipc.invalid-request',
  'ipc.invalid-field',
  'ipc.not-allowed',
  'ipc.closed',
  'ipc.not-files',
  'ipc.not-local-file',
  'ipc.preload-only',
  'ipc.bad-frame',
  'bridge.closed',
  'bridge.refused',
  'bridge.not-connected',
  'bridge.too-large',
  'console.not-connected',
  'console.no-operator-listen',
  'console.no-operator-dial',
  'console.no-profiles',
  'console.uploads-unavailable',
  'console.demo-unavailable',
  'console.demo-failed',
  'softphone.not-configured',
  'softphone.no-password',
  'softphone.no-turn-credential',
  'cert.mismatch',
  'cert.other-server',
  'profile.unknown',
  'profile.secret-needed',
  'profile.secret-undecryptable',
  'profile.no-secret',
  'profile.invalid',
  'control.done.hangup',
  'control.done.redirect',
  'control.done.atxfer',
  'control.done.park',
  'control.done.record-start',
  'control.done.record-stop',
  'control.done.listen',
  'control.done.whisper',
  'control.done.barge',
  'control.done.dial',
  'control.failed.hangup',
  'control.failed.redirect',
  'control.failed.atxfer',
  'control.failed.park',
  'control.failed.record-start',
  'control.failed.record-stop',
  'control.failed.listen',
  'control.failed.whisper',
  'control.failed.barge',
  'control.failed.dial',
  'outcome.answered',
  'outcome.hung-up',
  'outcome.no-answer',
  'outcome.busy',
  'outcome.declined',
  'outcome.congestion',
  'outcome.unavailable',
  'outcome.failed',
  'outcome.no-response',
  'switchboard.queued.call',
  'switchboard.queued.transfer',
  'switchboard.queued.atxfer',
  'switchboard.queued.pickup',
  'switchboard.queued.park',
  'switchboard.queued.unpark',
  'switchboard.done.dnd-on',
  'switchboard.done.dnd-off',
  'switchboard.done.forward',
  'switchboard.done.forward-off',
  'switchboard.failed.call',
  'switchboard.failed.transfer',
  'switchboard.failed.atxfer',
  'switchboard.failed.pickup',
  'switchboard.failed.park',
  'switchboard.failed.unpark',
  'switchboard.failed.dnd',
  'switchboard.failed.forward',
  'queue.done',
  'queue.failed',
  'conference.done',
  'conference.failed',
  'switchboard.not-ringing',
  'switchboard.not-bridged',
  'switchboard.not-parked',
  'switchboard.unknown-channel',
  'switchboard.outcome.transferred',
  'switchboard.outcome.atxfer-done',
  'switchboard.outcome.parked',
  'switchboard.outcome.transfer-failed',
  'switchboard.outcome.hung-up',
  'switchboard.outcome.picked-up',
  'switchboard.outcome.unparked',
  'switchboard.outcome.unconfirmed',
  'upload.not-connected',
  'upload.no-mapping',
  'upload.unknown',
  'upload.not-retryable',
  'upload.not-found',
  'upload.no-permission',
  'upload.unreadable',
  'upload.is-folder',
  'upload.not-regular',
  'upload.bad-name',
  'upload.no-extension',
  'upload.bad-extension',
  'upload.extension-case',
  'upload.empty',
  'upload.too-large',
  'upload.renamed',
  'upload.already-sent',
  'upload.not-wav',
  'upload.wav-no-format',
  'upload.wav49-rename',
  'upload.wav49-convert',
  'upload.wav-unplayable',
  'upload.wav-rate',
  'upload.failed',
  'upload.plain-http-refused',
  'upload.permission',
  'upload.no-session',
  'upload.no-reply',
  'upload.pbx-refused',
  'upload.no-mapping-on-pbx',
  'upload.connect-failed',
  'upload.tls-failed',
  'upload.file-changed',
  'upload.file-grew',
  'upload.file-modified',
  'upload.early-reply',
  'pipeline.not-audio',
  'pipeline.renamed',
  'pipeline.duplicate',
  'pipeline.name-taken',
  'pipeline.ask',
  'pipeline.overwrote',
  'pipeline.not-connected',
  'pipeline.resent',
  'pipeline.move-failed',
  'pipeline.delete-failed',
  'pipeline.folder-unavailable',
  'pipeline.journal-failed',
  'pipeline.unavailable',
  'pipeline.unknown-entry',
  'pipeline.folder-not-chosen',
  'pipeline.export-failed',
] as const satisfies readonly NoticeKey[];

// The list and the map name the same keys: a key in one only fails `tsc` here.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function assertTrue<T extends true>(_proof?: T): void {}
assertTrue<Exact<(typeof NOTICE_KEYS)[number], NoticeKey>>();

/** Parameters a wording may use, of any key (what crosses IPC; checked per key at build time). */
export type NoticeParams = Readonly<Record<string, string | number>>;

/** One key with its own parameters; `params` may be left out when the key has none. */
export type NoticeOf<K extends NoticeKey> = {
  readonly key: K;
  /** What the PBX or the OS said (e.g. `Originate failed: Extension does not exist.`), shown verbatim. */
  readonly detail?: string;
} & (NoticeParamMap[K] extends None
  ? { readonly params?: NoticeParamMap[K] }
  : { readonly params: NoticeParamMap[K] });

export type Notice = { [K in NoticeKey]: NoticeOf<K> }[NoticeKey];

/** Builds a notice, checking its parameters against the key. Drops an empty detail. */
export function notice<K extends NoticeKey>(
  key: K,
  ...[params, detail]: NoticeParamMap[K] extends None
    ? [params?: NoticeParamMap[K], detail?: string]
    : [params: NoticeParamMap[K], detail?: string]
): NoticeOf<K> {
  return {
    key,
    ...(params === undefined || Object.keys(params).length === 0 ? {} : { params }),
    ...(detail === undefined || detail === '' ? {} : { detail }),
  } as NoticeOf<K>;
}

export function isNoticeKey(value: unknown): value is NoticeKey {
  return typeof value === 'string' && (NOTICE_KEYS as readonly string[]).includes(value);
}

/** How a wording formats numbers and sizes: the renderer passes the operator's locale. */
export interface NoticeFormat {
  number(value: number): string;
  bytes(value: number): string;
}

/** One wording per key, with that key's parameters: a catalog's `notices` section. */
export type NoticeWordings = {
  readonly [K in NoticeKey]: (params: NoticeParamMap[K], format: NoticeFormat) => string;
};

/** The sentence of a notice in one catalog, without its detail. */
export function wordNotice(wordings: NoticeWordings, item: Notice, format: NoticeFormat): string {
  const word = wordings[item.key] as (params: NoticeParams, format: NoticeFormat) => string;
  return word(item.params ?? {}, format);
}

/** The sentence followed by what the PBX said, as one line (logs, CLI, toasts). */
export function wordNoticeWithDetail(wordings: NoticeWordings, item: Notice, format: NoticeFormat): string {
  const sentence = wordNotice(wordings, item, format);
  return item.detail === undefined ? sentence : `${sentence} (${item.detail})`;
}
