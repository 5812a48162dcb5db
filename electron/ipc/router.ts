/**
 * The transport-agnostic IPC router: the contract's handlers in one table, every incoming message
 * checked against its schema before a handler sees it, events fanned out to attached peers.
 * Electron's ipcMain (ipc/electron.ts), the WebSocket bridge (ipc/bridge.ts) and the in-memory
 * pair used by tests (ipc/memory.ts) are all just peers attached here.
 */
import {
  PRELOAD_ONLY_CHANNELS,
  fail,
  ipcError,
  isIpcErrorCode,
  validateRequest,
  type EventChannel,
  type EventPayloads,
  type IpcError,
  type IpcResult,
  type RequestChannel,
  type RequestPayload,
  type RequestResult,
} from '../../shared/ipc';
import { isNoticeKey, notice, type Notice } from '../../shared/notices';

/**
 * Who writes a peer's messages. 'preload': the Electron preload (the page cannot reach ipcRenderer
 * under context isolation). 'page': a web page writes every frame itself (the WebSocket bridge).
 */
export type PeerOrigin = 'preload' | 'page';

export interface PeerInfo {
  readonly id: number;
  readonly origin: PeerOrigin;
}

export interface RequestContext {
  readonly peer: PeerInfo;
}

export type Handler<C extends RequestChannel> = (
  payload: RequestPayload<C>,
  context: RequestContext,
) => IpcResult<RequestResult<C>> | Promise<IpcResult<RequestResult<C>>>;

/** One handler per request channel: leaving one out is a compile error. */
export type Handlers = { readonly [C in RequestChannel]: Handler<C> };

/** What the router needs from a transport to reach one renderer. */
export interface Peer {
  readonly origin: PeerOrigin;
  send<C extends EventChannel>(channel: C, payload: EventPayloads[C]): void;
}

export interface Attachment {
  readonly info: PeerInfo;
  /** Handles one message from this peer. Never rejects: every failure is an IpcResult. */
  request(channel: unknown, payload: unknown): Promise<IpcResult<unknown>>;
  /** The peer is gone (window closed, socket dropped). */
  detach(): void;
}

export interface Router {
  attach(peer: Peer): Attachment;
  /** Sends an event to every attached peer, or to those `to` accepts. */
  emit<C extends EventChannel>(channel: C, payload: EventPayloads[C], to?: (peer: PeerInfo) => boolean): void;
  onDetach(listener: (peer: PeerInfo) => void): () => void;
  peers(): readonly PeerInfo[];
}

export interface RouterOptions {
  /** Where handler crashes are reported (never the payload: it may hold a secret). */
  readonly log?: (message: string) => void;
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const attached = new Map<number, { info: PeerInfo; peer: Peer }>();
  const detachListeners = new Set<(peer: PeerInfo) => void>();
  let nextId = 1;

  async function dispatch(info: PeerInfo, channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    const checked = validateRequest(channel, payload);
    if (!checked.ok) return checked;
    const request = checked.value;
    if (info.origin === 'page' && PRELOAD_ONLY_CHANNELS.includes(request.channel)) {
      return fail('not-allowed', notice('ipc.preload-only', { channel: request.channel }));
    }
    // The table is complete by type; the correlated channel/payload pair is checked above.
    const handler = handlers[request.channel] as unknown as (
      payload: unknown,
      context: RequestContext,
    ) => IpcResult<unknown> | Promise<IpcResult<unknown>>;
    try {
      return await handler(request.payload, { peer: info });
    } catch (error) {
      const described = describeThrown(error);
      if (described.code === 'internal')
        options.log?.(`IPC handler for ${request.channel} failed: ${described.message}`);
      return { ok: false, error: described };
    }
  }

  return {
    attach(peer) {
      const info: PeerInfo = Object.freeze({ id: nextId++, origin: peer.origin });
      attached.set(info.id, { info, peer });
      return {
        info,
        request: (channel, payload) => dispatch(info, channel, payload),
        detach() {
          if (!attached.delete(info.id)) return;
          for (const listener of detachListeners) listener(info);
        },
      };
    },
    emit(channel, payload, to) {
      for (const { info, peer } of attached.values()) {
        if (to && !to(info)) continue;
        try {
          peer.send(channel, payload);
        } catch (error) {
          // One dead window must not starve the others of updates.
          options.log?.(`IPC event ${channel} to peer ${info.id} failed: ${describeThrown(error).message}`);
        }
      }
    },
    onDetach(listener) {
      detachListeners.add(listener);
      return () => detachListeners.delete(listener);
    },
    peers() {
      return [...attached.values()].map((entry) => entry.info);
    },
  };
}

/**
 * Errors that carry one of the contract's codes (AjamError does) keep their words; anything else
 * is a bug and says so.
 */
export function describeThrown(error: unknown): IpcError {
  if (error instanceof Error) {
    const { code, notice: item } = error as Error & { code?: unknown; notice?: Notice };
    if (isIpcErrorCode(code)) {
      // AjamError and friends carry their notice; a coded error without one is worded as a bug.
      return ipcError(
        code,
        item !== undefined && isNoticeKey(item.key) ? item : notice('internal', {}, error.message),
      );
    }
    return ipcError('internal', notice('internal', {}, error.message));
  }
  return ipcError('internal', notice('internal', {}, String(error)));
}
