/**
 * createClient: the AjamClient the CLI, the console service and uploads use. It wires the parts
 * (transport -> session -> actions / events) and owns the connection status.
 */
import type { AmiMessage } from '../../shared/ami';
import type { AjamClient, ConnectionStatus, ListResult, Profile } from './api';
import { listAction, sendAction } from './actions';
import { AjamError, errors } from './errors';
import { EventLoop } from './events';
import { Session } from './session';
import { createTransport, type Transport } from './transport';
import { maskUrl } from './url';

export interface ClientDeps {
  /** Replaces the undici transport (tests). */
  readonly transport?: Transport;
  /** Jitter source for reconnect backoff (tests). */
  readonly random?: () => number;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Where listener exceptions go (default: console.error); they never stop the client. */
  readonly onListenerError?: (error: unknown) => void;
}

const DEFAULT_ACTION_TIMEOUT_MS = 10_000;

function toAjamError(e: unknown): AjamError {
  return e instanceof AjamError ? e : errors.internal('parse', e instanceof Error ? e.message : String(e), e);
}

/** Throws AjamError('bad-url' | 'tls') synchronously for a profile that cannot work at all. */
export function createClient(profile: Profile, deps: ClientDeps = {}): AjamClient {
  if (profile.user.trim() === '') throw errors.noUser();
  const transport = deps.transport ?? createTransport(profile);
  const actionTimeoutMs = profile.actionTimeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
  const session = new Session({ transport, user: profile.user, secret: profile.secret, actionTimeoutMs });
  const eventListeners = new Set<(event: AmiMessage) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const resyncHooks = new Set<() => Promise<void> | void>();
  const reportListenerError =
    deps.onListenerError ?? ((e: unknown) => console.error('ajam listener failed:', e));
  // The status travels to listeners and windows: never with a `user:secret@` from the URL.
  const shownUrl = maskUrl(profile.url);
  let status: ConnectionStatus = { state: 'idle', url: shownUrl, user: profile.user };
  let closed = false;

  const setStatus = (next: Omit<ConnectionStatus, 'url' | 'user' | 'sessionTimeoutSeconds'>) => {
    const maxAge = session.maxAgeSeconds;
    status = {
      ...next,
      url: shownUrl,
      user: profile.user,
      ...(maxAge !== undefined ? { sessionTimeoutSeconds: maxAge } : {}),
    };
    for (const l of statusListeners) {
      try {
        l(status);
      } catch (e) {
        reportListenerError(e);
      }
    }
  };

  const loop = new EventLoop({
    session,
    actionTimeoutMs,
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.minBackoffMs !== undefined ? { minBackoffMs: deps.minBackoffMs } : {}),
    ...(deps.maxBackoffMs !== undefined ? { maxBackoffMs: deps.maxBackoffMs } : {}),
    hooks: {
      onEvents(events) {
        for (const event of events) {
          for (const l of eventListeners) {
            try {
              l(event);
            } catch (e) {
              reportListenerError(e);
            }
          }
        }
      },
      async resync() {
        // Hooks run one after another: a snapshot taken by one must not race another's.
        for (const hook of [...resyncHooks]) await hook();
      },
      onLost(error, retryInMs) {
        const e = toAjamError(error);
        setStatus({
          state: 'lost',
          retryInSeconds: Math.ceil(retryInMs / 1000),
          error: { code: e.code, message: e.message, notice: e.notice },
        });
      },
      onBack() {
        setStatus({ state: 'connected' });
      },
      onFatal(error) {
        const e = toAjamError(error);
        setStatus({ state: 'closed', error: { code: e.code, message: e.message, notice: e.notice } });
      },
    },
  });

  const guard = () => {
    if (closed) throw errors.closed();
  };

  return {
    async connect() {
      guard();
      setStatus({ state: 'connecting' });
      try {
        await session.login();
      } catch (e) {
        const err = toAjamError(e);
        setStatus({ state: 'idle', error: { code: err.code, message: err.message, notice: err.notice } });
        throw err;
      }
      setStatus({ state: 'connected' });
    },
    async send(action, fields) {
      guard();
      return sendAction(session, action, fields);
    },
    async list(action, fields): Promise<ListResult> {
      guard();
      return listAction(session, action, fields);
    },
    startEvents() {
      guard();
      loop.start();
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onResync(hook) {
      resyncHooks.add(hook);
      return () => resyncHooks.delete(hook);
    },
    status: () => status,
    sessionCookie: () => session.cookie,
    async relogin() {
      guard();
      await session.login();
    },
    async close() {
      if (closed) return;
      closed = true;
      await loop.stop();
      await session.close();
      await transport.close();
      setStatus({ state: 'closed' });
    },
  };
}

export { AjamError } from './errors';
