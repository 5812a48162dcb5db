/**
 * Every failure the core reports. Messages are written for the person who can fix it, usually a PBX
 * admin: they say which setting (http.conf, manager.conf, the profile) to look at.
 */
import type { AjamErrorCode } from './api';

export class AjamError extends Error {
  override readonly name = 'AjamError';
  readonly code: AjamErrorCode;
  /** Asterisk's own `Message:` when the PBX answered with `Response: Error`. */
  readonly pbxMessage: string | undefined;

  constructor(code: AjamErrorCode, message: string, options?: { cause?: unknown; pbxMessage?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
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
  park: ['call'],
  parkedcalls: ['call'],
  queueadd: ['agent'],
  queueremove: ['agent'],
  queuepause: ['agent'],
};

export function writeClassesFor(action: string): readonly string[] | undefined {
  return WRITE_CLASSES[action.toLowerCase()];
}

export const errors = {
  badUrl(url: string, why: string): AjamError {
    return new AjamError(
      'bad-url',
      `The PBX address "${url}" is not a valid URL (${why}). Use http(s)://host:port/prefix, e.g. http://pbx:8088/asterisk (prefix from http.conf).`,
    );
  },
  dns(host: string, cause?: unknown): AjamError {
    return new AjamError(
      'dns',
      `The PBX host name "${host}" could not be resolved (DNS). Check the host in the URL.`,
      { cause },
    );
  },
  refused(origin: string, cause?: unknown): AjamError {
    return new AjamError(
      'refused',
      `Nothing accepts connections at ${origin}. Is Asterisk running with http.conf enabled = yes, and do bindaddr/bindport (or tlsbindaddr for https) match this address?`,
      { cause },
    );
  },
  unreachable(origin: string, detail: string, cause?: unknown): AjamError {
    return new AjamError(
      'refused',
      `Cannot reach the PBX at ${origin} (${detail}). Check the network path and http.conf bindaddr.`,
      { cause },
    );
  },
  tls(origin: string, detail: string, cause?: unknown): AjamError {
    return new AjamError(
      'tls',
      `The TLS connection to ${origin} failed: ${detail}. Check http.conf tlsenable/tlscertfile, or trust the PBX's certificate with a CA file or its SHA-256 fingerprint.`,
      { cause },
    );
  },
  pinMismatch(origin: string, expected: string, actual: string): AjamError {
    return new AjamError(
      'tls',
      `The certificate of ${origin} does not match the pinned fingerprint (expected ${expected}, got ${actual}). The PBX certificate changed, or this is not your PBX: nothing was sent.`,
    );
  },
  notFound(url: string): AjamError {
    return new AjamError(
      'not-found',
      `The PBX answered 404 Not Found for ${url}. Either the URL prefix does not match http.conf "prefix" (usually /asterisk), or manager.conf has webenabled = no.`,
    );
  },
  http(url: string, status: number): AjamError {
    return new AjamError(
      'http',
      `The PBX answered HTTP ${status} for ${url}, which AJAM never does: is this URL really an Asterisk http.conf server?`,
    );
  },
  auth(user: string, pbxMessage: string): AjamError {
    return new AjamError(
      'auth',
      `Login as "${user}" was refused (${pbxMessage}). Check the user and its secret in manager.conf.`,
      { pbxMessage },
    );
  },
  permission(user: string, action: string, pbxMessage = 'Permission denied'): AjamError {
    const classes = writeClassesFor(action);
    const need = classes
      ? `needs write = ${classes.join(' or ')} (or all) in manager.conf`
      : 'lacks the write class this action needs in manager.conf';
    return new AjamError('permission', `Permission denied: user "${user}" ${need} to run ${action}.`, {
      pbxMessage,
    });
  },
  sessionExpired(action: string): AjamError {
    return new AjamError(
      'session-expired',
      `The AJAM session had expired, so Asterisk did not run ${action}. The console logged in again; ${action} is not repeated automatically because it is not safe to repeat: send it again if you still want it. (manager.conf httptimeout sets the session lifetime.)`,
    );
  },
  timeout(origin: string, what: string, ms: number, cause?: unknown): AjamError {
    return new AjamError(
      'timeout',
      `The PBX at ${origin} did not answer ${what} within ${Math.round(ms / 100) / 10} s. It may be overloaded, or a firewall drops the traffic.`,
      { cause },
    );
  },
  actionFailed(action: string, pbxMessage: string, output: readonly string[] = []): AjamError {
    const extra = output.length > 0 ? `: ${output.join(' / ')}` : '';
    return new AjamError('action-failed', `${action} failed: ${pbxMessage}${extra}`, { pbxMessage });
  },
  parse(what: string, detail: string): AjamError {
    return new AjamError('parse', `Could not read the PBX's answer to ${what}: ${detail}`);
  },
  closed(): AjamError {
    return new AjamError('closed', 'The connection to the PBX was closed by this program.');
  },
  dropped(origin: string, cause?: unknown): AjamError {
    const hint = origin.startsWith('http:')
      ? 'If that port serves https (http.conf tlsbindaddr), use an https:// URL; otherwise Asterisk may be restarting.'
      : 'Asterisk may be restarting, or a proxy in between cut it.';
    return new AjamError('refused', `The PBX at ${origin} closed the connection before answering. ${hint}`, {
      cause,
    });
  },
};
