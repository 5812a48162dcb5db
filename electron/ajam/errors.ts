/**
 * Every failure the core reports. Messages are written for the person who can fix it, usually a PBX
 * admin: they say which setting (http.conf, manager.conf, the profile) to look at.
 */
import { englishMessage } from '../../shared/ipc';
import { notice, type BadUrlProblem, type Notice } from '../../shared/notices';
import type { AjamErrorCode } from './api';

export class AjamError extends Error {
  override readonly name = 'AjamError';
  readonly code: AjamErrorCode;
  /** What went wrong as a key and parameters, for the renderer to word in the operator's language. */
  readonly notice: Notice;
  /** Asterisk's own `Message:` when the PBX answered with `Response: Error`. */
  readonly pbxMessage: string | undefined;

  /** `message` is the notice in English (logs, the CLI), from the one English table. */
  constructor(code: AjamErrorCode, item: Notice, options?: { cause?: unknown; pbxMessage?: string }) {
    super(englishMessage(item), options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.notice = item;
    this.pbxMessage = options?.pbxMessage;
  }
}

export function isAjamError(value: unknown): value is AjamError {
  return value instanceof AjamError;
}

/**
 * The manager.conf classes an action needs (the user's `write=` must contain one of them, or `all`).
 * From the registrations in Asterisk's main/manager.c and friends; unknown actions get no hint.
 */
const WRITE_CLASSES: Readonly<Record<string, readonly string[]>> = {
  originate: ['originate'],
  command: ['command'],
  hangup: ['system', 'call'],
  redirect: ['call'],
  atxfer: ['call'],
  blindtransfer: ['call'],
  setvar: ['call'],
  getvar: ['call', 'reporting'],
  status: ['system', 'call', 'reporting'],
  coreshowchannels: ['system', 'reporting'],
  coresettings: ['system', 'reporting'],
  corestatus: ['system', 'reporting'],
  devicestatelist: ['call', 'reporting'],
  extensionstate: ['call', 'reporting'],
  pjsipshowendpoints: ['system'],
  pjsipshowcontacts: ['system'],
  userevent: ['user'],
  getconfig: ['system', 'config'],
  updateconfig: ['config'],
  reload: ['config', 'system'],
  cancelatxfer: ['call'],
  bridge: ['call'],
  extensionstatelist: ['call', 'reporting'],
  presencestate: ['call', 'reporting'],
  presencestatelist: ['call', 'reporting'],
  mailboxcount: ['call', 'reporting'],
  mailboxstatus: ['call', 'reporting'],
  mixmonitor: ['system'],
  stopmixmonitor: ['system', 'call'],
  mixmonitormute: ['system', 'call'],
  pjsipshowaors: ['system'],
  dbget: ['system', 'reporting'],
  dbput: ['system'],
  dbdel: ['system'],
  createconfig: ['config'],
  listcategories: ['config'],
  park: ['call'],
  parkedcalls: ['call'],
  parkinglots: ['call'],
  queueadd: ['agent'],
  queueremove: ['agent'],
  queuepause: ['agent'],
  queuepenalty: ['agent'],
  confbridgelist: ['reporting'],
  confbridgelistrooms: ['reporting'],
  confbridgemute: ['call'],
  confbridgeunmute: ['call'],
  confbridgekick: ['call'],
  confbridgelock: ['call'],
  confbridgeunlock: ['call'],
  confbridgestartrecord: ['system'],
  confbridgestoprecord: ['system'],
};

export function writeClassesFor(action: string): readonly string[] | undefined {
  return WRITE_CLASSES[action.toLowerCase()];
}

export const errors = {
  badUrl(url: string, problem: BadUrlProblem): AjamError {
    return new AjamError('bad-url', notice('ajam.bad-url', { url, problem }));
  },
  noUser(): AjamError {
    return new AjamError('auth', notice('ajam.no-user'));
  },
  dns(host: string, cause?: unknown): AjamError {
    return new AjamError('dns', notice('ajam.dns', { host }), { cause });
  },
  refused(origin: string, cause?: unknown): AjamError {
    return new AjamError('refused', notice('ajam.refused', { origin }), { cause });
  },
  unreachable(origin: string, detail: string, cause?: unknown): AjamError {
    return new AjamError('refused', notice('ajam.unreachable', { origin }, detail), { cause });
  },
  tls(origin: string, detail: string, cause?: unknown): AjamError {
    return new AjamError('tls', notice('ajam.tls', { origin }, detail), { cause });
  },
  pinMismatch(origin: string, expected: string, actual: string): AjamError {
    return new AjamError('tls', notice('ajam.pin-mismatch', { origin, expected, actual }));
  },
  badFingerprint(input: string): AjamError {
    return new AjamError('tls', notice('ajam.bad-fingerprint', { input }));
  },
  notHttps(url: string): AjamError {
    return new AjamError('tls', notice('ajam.not-https', { url }));
  },
  notFound(url: string): AjamError {
    return new AjamError('not-found', notice('ajam.not-found', { url }));
  },
  http(url: string, status: number): AjamError {
    return new AjamError('http', notice('ajam.http', { url, status }));
  },
  /** Something other than HTTP answered; over http:// it may be an https port. */
  notHttp(origin: string, maybeHttps: boolean): AjamError {
    return new AjamError(
      'parse',
      notice(maybeHttps ? 'ajam.not-http-try-https' : 'ajam.not-http', { origin }),
    );
  },
  auth(user: string, pbxMessage: string): AjamError {
    return new AjamError('auth', notice('ajam.auth', { user }, pbxMessage), { pbxMessage });
  },
  permission(user: string, action: string, pbxMessage = 'Permission denied'): AjamError {
    const classes = writeClassesFor(action);
    const item = classes
      ? notice('ajam.permission', { user, action, classes: classes.join(',') }, pbxMessage)
      : notice('ajam.permission-unknown', { user, action }, pbxMessage);
    return new AjamError('permission', item, { pbxMessage });
  },
  sessionExpired(action: string): AjamError {
    return new AjamError('session-expired', notice('ajam.session-expired', { action }));
  },
  sessionDroppedAgain(action: string): AjamError {
    return new AjamError('session-expired', notice('ajam.session-dropped-again', { action }));
  },
  timeout(origin: string, what: string, ms: number, cause?: unknown): AjamError {
    const seconds = Math.round(ms / 100) / 10;
    return new AjamError('timeout', notice('ajam.timeout', { origin, action: what, seconds }), { cause });
  },
  /** No TCP (and TLS) connection within the connect timeout. */
  connectTimeout(origin: string, https: boolean, ms: number, cause?: unknown): AjamError {
    const seconds = Math.round(ms / 100) / 10;
    const key = https ? 'ajam.connect-timeout-https' : 'ajam.connect-timeout';
    return new AjamError('timeout', notice(key, { origin, seconds }), { cause });
  },
  handshakeTimeout(origin: string, ms: number, cause?: unknown): AjamError {
    const seconds = Math.round(ms / 100) / 10;
    return new AjamError('timeout', notice('ajam.handshake-timeout', { origin, seconds }), { cause });
  },
  actionFailed(action: string, pbxMessage: string, output: readonly string[] = []): AjamError {
    const detail = output.length > 0 ? `${pbxMessage}: ${output.join(' / ')}` : pbxMessage;
    return new AjamError('action-failed', notice('ajam.action-failed', { action }, detail), { pbxMessage });
  },
  /** `detail`: what was wrong with the answer (technical, for the PBX admin). */
  parse(what: string, detail: string): AjamError {
    return new AjamError('parse', notice('ajam.parse', { action: what }, detail));
  },
  /** A reply past the size cap: read no further (a resync follows, so nothing is silently lost). */
  tooLarge(what: string, limitBytes: number): AjamError {
    const mebibytes = Math.round((limitBytes / (1024 * 1024)) * 100) / 100;
    return new AjamError('parse', notice('ajam.too-large', { action: what, mebibytes }));
  },
  closed(): AjamError {
    return new AjamError('closed', notice('ajam.closed'));
  },
  dropped(origin: string, cause?: unknown): AjamError {
    const key = origin.startsWith('http:') ? 'ajam.dropped-http' : 'ajam.dropped';
    return new AjamError('refused', notice(key, { origin }), { cause });
  },
  /** Any other socket failure: the OS's words as detail. */
  talkFailed(origin: string, detail: string, cause?: unknown): AjamError {
    return new AjamError('refused', notice('ajam.talk-failed', { origin }, detail), { cause });
  },
  /** A bug or an unexpected exception: its text as detail. */
  internal(code: AjamErrorCode, detail: string, cause?: unknown): AjamError {
    return new AjamError(code, notice('internal', {}, detail), { cause });
  },
};
