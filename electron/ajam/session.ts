/**
 * One AJAM session: Login with the secret in a POST body, the mansession_id cookie kept exactly as
 * Asterisk set it, keep-alive Pings, and silent re-login when the session is gone.
 *
 * The trap (see asterisk-wire README): a lost, expired or logged-off session is not a 401 but a 200
 * `Permission denied` carrying a NEW mansession_id. So a changed id means "log in again", never
 * "adopt the new id and keep going"; and only actions that are safe to repeat are replayed.
 */
import { get, getAll, type AmiMessage } from '../../shared/ami';
import { errors } from './errors';
import { readRawmanBody } from './rawman-body';
import { MAX_TIMER_MS, type Lane, type Transport } from './transport';

export interface SessionOptions {
  readonly transport: Transport;
  readonly user: string;
  readonly secret: string;
  readonly actionTimeoutMs: number;
}

export interface RequestOptions {
  readonly lane?: Lane;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** May this request be sent a second time after a silent re-login? */
  readonly safe: boolean;
  /**
   * Hands the reply's messages after the response on as they are parsed, chunk by chunk (the
   * request then resolves with the response alone). Only a reply that will be kept is streamed:
   * not an error response, not one from a session that has changed (it will be sent again).
   */
  readonly onMessages?: (messages: AmiMessage[]) => void;
}

/**
 * Max-Age (httptimeout) is believed up to a day: a huge one (4,294,968 s and more) would overflow
 * setTimeout, which Node then runs after 1 ms, and the keep-alive would Ping in a tight loop.
 */
export const MAX_SESSION_SECONDS = 86_400;

const COOKIE_RE = /(?:^|[;,]\s*)mansession_id=("[^"]*"|[^;,\s]*)/i;
const MAX_AGE_RE = /;\s*max-age=(\d+)/i;

/** Did the server answer with a different session than the one we sent (see the trap above)? */
function sessionChangedBy(setCookie: readonly string[], sentCookie: string | undefined): boolean {
  const cookie = readSessionCookie(setCookie);
  return cookie !== undefined && sentCookie !== undefined && cookie.id !== sentCookie;
}

export function readSessionCookie(setCookie: readonly string[]): { id: string; maxAge?: number } | undefined {
  for (const header of setCookie) {
    const m = COOKIE_RE.exec(header);
    if (!m || m[1] === undefined) continue;
    const age = MAX_AGE_RE.exec(header);
    return age?.[1] !== undefined ? { id: m[1], maxAge: Number(age[1]) } : { id: m[1] };
  }
  return undefined;
}

const isPermissionDenied = (m: AmiMessage | undefined): boolean =>
  m !== undefined && get(m, 'Response') === 'Error' && get(m, 'Message') === 'Permission denied';

/** A reply: the messages, and whether the server handed us a different session than we sent. */
interface Exchange {
  readonly messages: AmiMessage[];
  readonly sentCookie: string | undefined;
  readonly sessionChanged: boolean;
}

export class Session {
  readonly #o: SessionOptions;
  #cookie: string | undefined;
  #authenticated = false;
  #maxAge: number | undefined;
  #generation = 0;
  #login: Promise<void> | undefined;
  #inFlight = 0;
  #keepAlive: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly #loginListeners = new Set<(generation: number) => void>();

  constructor(options: SessionOptions) {
    this.#o = options;
  }

  get cookie(): string | undefined {
    return this.#authenticated ? this.#cookie : undefined;
  }
  get maxAgeSeconds(): number | undefined {
    return this.#maxAge;
  }
  /** Goes up by one on every successful login: a change means events may have been missed. */
  get generation(): number {
    return this.#generation;
  }
  get loggedIn(): boolean {
    return this.#authenticated;
  }
  get user(): string {
    return this.#o.user;
  }

  onLogin(listener: (generation: number) => void): () => void {
    this.#loginListeners.add(listener);
    return () => this.#loginListeners.delete(listener);
  }

  /** Logs in on a fresh session (no cookie sent), whatever the current state. */
  login(): Promise<void> {
    if (this.#closed) return Promise.reject(errors.closed());
    this.#login ??= this.#doLogin().finally(() => {
      this.#login = undefined;
    });
    return this.#login;
  }

  /** Logs in unless already logged in. */
  ensure(): Promise<void> {
    if (this.#authenticated) return Promise.resolve();
    return this.login();
  }

  async #doLogin(): Promise<void> {
    this.#authenticated = false;
    this.#cookie = undefined;
    const form = new URLSearchParams({ Action: 'Login', Username: this.#o.user, Secret: this.#o.secret });
    const { messages } = await this.#exchange(form.toString(), 'Login', { safe: false });
    const res = messages[0];
    const message = res ? (get(res, 'Message') ?? '') : '';
    if (!res || (get(res, 'Response') !== 'Success' && message !== 'Already authenticated')) {
      throw errors.auth(this.#o.user, message || 'no answer');
    }
    if (this.#cookie === undefined) {
      throw errors.parse('Login', 'the PBX set no mansession_id cookie (a proxy stripping Set-Cookie?)');
    }
    this.#authenticated = true;
    this.#generation += 1;
    this.#armKeepAlive();
    for (const l of this.#loginListeners) l(this.#generation);
  }

  /**
   * Sends one action (fields include Action and ActionID) and returns every message of the reply,
   * the response first. Response: Error becomes an AjamError.
   */
  async request(fields: Readonly<Record<string, string>>, options: RequestOptions): Promise<AmiMessage[]> {
    const action = fields['Action'] ?? '';
    const form = new URLSearchParams(fields).toString();
    await this.ensure();
    let ex = await this.#exchange(form, action, options);
    if (isPermissionDenied(ex.messages[0]) && !ex.sessionChanged && action.toLowerCase() !== 'ping') {
      // Asterisk always hands out a new id for a dead session, but make sure before blaming manager.conf.
      const check = await this.#exchange('Action=Ping', 'Ping', { safe: true });
      if (check.sessionChanged) ex = { ...ex, sessionChanged: true };
    }
    if (ex.sessionChanged) {
      this.#invalidate(ex.sentCookie);
      await this.login();
      if (!options.safe) throw errors.sessionExpired(action);
      ex = await this.#exchange(form, action, options);
      if (ex.sessionChanged) {
        this.#invalidate(ex.sentCookie);
        throw errors.sessionDroppedAgain(action);
      }
    }
    const res = ex.messages[0];
    if (res === undefined) throw errors.parse(action, 'the PBX sent an empty body');
    if (get(res, 'Response') === 'Error') {
      const message = get(res, 'Message') ?? '';
      if (message === 'Permission denied') throw errors.permission(this.#o.user, action);
      throw errors.actionFailed(action, message || 'no message', getAll(res, 'Output'));
    }
    return ex.messages;
  }

  #invalidate(sentCookie: string | undefined): void {
    // Only the request that saw the old id may drop it: another may already have logged in again.
    if (this.#cookie === sentCookie) {
      this.#authenticated = false;
      this.#cookie = undefined;
    }
  }

  async #exchange(form: string, what: string, options: RequestOptions): Promise<Exchange> {
    const sentCookie = this.#cookie;
    const base = this.#o.transport.base;
    this.#inFlight += 1;
    let reply;
    try {
      reply = await this.#o.transport.request(
        {
          path: 'rawman',
          form,
          ...(sentCookie !== undefined ? { cookie: sentCookie } : {}),
          lane: options.lane ?? 'action',
          timeoutMs: options.timeoutMs ?? this.#o.actionTimeoutMs,
          what,
          ...(options.signal ? { signal: options.signal } : {}),
        },
        async (head, body) => {
          if (head.status === 404) throw errors.notFound(`${base.origin}${base.prefix}/rawman`);
          if (head.status !== 200) throw errors.http(`${base.origin}${base.prefix}/rawman`, head.status);
          if (!head.contentType.toLowerCase().startsWith('text/plain')) {
            throw errors.parse(
              what,
              `expected text/plain from rawman, got "${head.contentType || 'no Content-type'}"`,
            );
          }
          const deliver = options.onMessages;
          const changed = sessionChangedBy(head.setCookie, sentCookie);
          const messages = await readRawmanBody(
            body,
            what,
            deliver && {
              accept: (response) => !changed && get(response, 'Response') !== 'Error',
              deliver,
            },
          );
          return { setCookie: head.setCookie, messages };
        },
      );
    } finally {
      this.#inFlight -= 1;
    }
    const cookie = readSessionCookie(reply.setCookie);
    const sessionChanged = sessionChangedBy(reply.setCookie, sentCookie);
    if (cookie) {
      if (cookie.maxAge !== undefined) this.#maxAge = Math.min(cookie.maxAge, MAX_SESSION_SECONDS);
      if (sentCookie === undefined && this.#cookie === undefined) this.#cookie = cookie.id;
    }
    if (this.#authenticated) this.#armKeepAlive();
    return { messages: reply.messages, sentCookie, sessionChanged };
  }

  /** Pings at half the session lifetime after the last exchange, unless a request is in flight. */
  #armKeepAlive(): void {
    if (this.#keepAlive) clearTimeout(this.#keepAlive);
    if (this.#closed || this.#maxAge === undefined) return;
    const ms = Math.min(MAX_TIMER_MS, Math.max(1000, (this.#maxAge * 1000) / 2));
    this.#keepAlive = setTimeout(() => {
      this.#keepAlive = undefined;
      if (!this.#authenticated || this.#closed) return;
      if (this.#inFlight > 0) {
        this.#armKeepAlive();
        return;
      }
      this.request({ Action: 'Ping' }, { safe: true }).catch(() => {
        // A failed keep-alive shows up on the next real request or in the event loop; try again later.
        this.#armKeepAlive();
      });
    }, ms);
    this.#keepAlive.unref?.();
  }

  /** Logoff (best effort, short timeout) and stop the keep-alive. */
  async logoff(): Promise<void> {
    if (this.#keepAlive) clearTimeout(this.#keepAlive);
    this.#keepAlive = undefined;
    if (this.#authenticated && !this.#closed) {
      this.#authenticated = false;
      try {
        await this.#exchange('Action=Logoff', 'Logoff', { safe: false, timeoutMs: 2000 });
      } catch {
        // The PBX may already be gone; the session then dies by itself after httptimeout.
      }
    }
    this.#cookie = undefined;
  }

  async close(): Promise<void> {
    await this.logoff();
    this.#closed = true;
  }
}
