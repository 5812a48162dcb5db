/**
 * The WebSocket bridge's client side: an AjamApi over a socket, for the browser preview
 * (renderer/src/api.ts hands it a browser WebSocket) and Node tests (the `ws` package). Pure: the
 * socket is passed in, typed structurally, so this file names neither the DOM nor Node.
 */
import { contentUploadPayload, createChannelListeners } from './api-transport';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  BRIDGE_TOKEN_PROTOCOL_PREFIX,
  MAX_CONTENT_UPLOAD_BYTES,
  createApi,
  fail,
  ipcError,
  type AjamApi,
  type BridgeServerFrame,
  type IpcError,
  type IpcResult,
  type RequestChannel,
  type UploadAddResult,
} from './ipc';
import { notice } from './notices';

/** The part of a WebSocket both the browser's and `ws`'s implement. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'close', listener: (event: { readonly reason?: string }) => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

/** Subprotocols to pass to `new WebSocket(url, protocols)`. */
export function bridgeProtocols(token: string): string[] {
  return [BRIDGE_PROTOCOL, `${BRIDGE_TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** `ws://host:port/ipc` for a page served from `http://host:port`. */
export function bridgeUrl(pageOrigin: string): string {
  return `${pageOrigin.replace(/^http/, 'ws')}${BRIDGE_PATH}`;
}

export interface BridgeClient {
  readonly api: AjamApi;
  /** Sends any frame content, bypassing the typed API (tests of refusal). */
  raw(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
  /** Resolves once the socket is open; rejects if it closes first. */
  readonly opened: Promise<void>;
  onClose(listener: () => void): () => void;
  close(): void;
}

const OPEN = 1;

/** Requests made before the socket opens wait for it. */
export function connectBridge(socket: SocketLike): BridgeClient {
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = createChannelListeners();
  const closeListeners = new Set<() => void>();
  let nextId = 1;
  let wasOpen = socket.readyState === OPEN;
  let closedError: IpcError | undefined;

  socket.addEventListener('open', () => (wasOpen = true));
  // Registered before `opened`'s own listeners, so a request waiting for the socket sees why it closed.
  socket.addEventListener('close', (event) => {
    // A closed bridge is final for this client: the preview server went away, or it refused the
    // handshake (the browser hides the 403 and reports only a failed connection).
    const error = ipcError(
      'closed',
      wasOpen ? notice('bridge.closed', {}, event.reason) : notice('bridge.refused'),
    );
    closedError = error;
    for (const resolve of pending.values()) resolve({ ok: false, error });
    pending.clear();
    listeners.emit('session:status', { state: 'closed', url: '', user: '', error, since: Date.now() });
    for (const listener of closeListeners) listener();
  });

  const opened = new Promise<void>((resolve, reject) => {
    if (socket.readyState === OPEN) resolve();
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('close', () => reject(new Error(closedError?.message)));
  });
  // Callers that never await `opened` must not see an unhandled rejection.
  opened.catch(() => undefined);

  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let frame: BridgeServerFrame;
    try {
      frame = JSON.parse(event.data) as BridgeServerFrame;
    } catch {
      return;
    }
    if (frame.t === 'response') {
      const resolve = pending.get(frame.id);
      pending.delete(frame.id);
      resolve?.(frame.result);
    } else if (frame.t === 'event') {
      listeners.emit(frame.channel, frame.payload);
    } else if (frame.t === 'error') {
      console.warn(`Preview bridge refused a frame: ${frame.error.message}`);
    }
  });

  async function raw(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
    await opened.catch(() => undefined);
    if (closedError) return { ok: false, error: closedError };
    if (socket.readyState !== OPEN) return fail('closed', notice('bridge.not-connected'));
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ t: 'request', id, channel, payload }));
    });
  }

  const api = createApi({
    invoke: (channel: RequestChannel, payload) => raw(channel, payload),
    subscribe: (channel, listener) => listeners.add(channel, listener),
    async addUploads(files, options) {
      const tooBig = files.find((file) => file.size > MAX_CONTENT_UPLOAD_BYTES);
      if (tooBig) {
        return fail(
          'upload-refused',
          notice('bridge.too-large', { name: tooBig.name, bytes: MAX_CONTENT_UPLOAD_BYTES }),
        );
      }
      const payload = await contentUploadPayload(files, options);
      return (await raw('upload:add-content', payload)) as IpcResult<UploadAddResult>;
    },
  });

  return {
    api,
    raw,
    opened,
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      socket.close(1000, 'bye');
    },
  };
}
