/**
 * The WebSocket bridge's client side: an AjamApi over a socket, for the browser preview
 * (renderer/src/api.ts hands it a browser WebSocket) and Node tests (the `ws` package). Pure: the
 * socket is passed in, typed structurally, so this file names neither the DOM nor Node.
 */
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  BRIDGE_TOKEN_PROTOCOL_PREFIX,
  createApi,
  fail,
  type AjamApi,
  type BridgeServerFrame,
  type EventChannel,
  type IpcResult,
  type RequestChannel,
  type UploadAddResult,
} from './ipc';

/** The part of a WebSocket both the browser's and `ws`'s implement. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
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

export function connectBridge(socket: SocketLike): BridgeClient {
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const closeListeners = new Set<() => void>();
  let nextId = 1;
  let closed = false;

  const opened = new Promise<void>((resolve, reject) => {
    if (socket.readyState === OPEN) resolve();
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('close', () =>
      reject(new Error('The preview bridge refused or closed the connection')),
    );
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
      for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload);
    }
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values())
      resolve(fail('closed', 'The connection to the preview bridge closed'));
    pending.clear();
    for (const listener of closeListeners) listener();
  });

  async function raw(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
    try {
      await opened;
    } catch (error) {
      return fail('closed', (error as Error).message);
    }
    if (closed) return fail('closed', 'The connection to the preview bridge closed');
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ t: 'request', id, channel, payload }));
    });
  }

  const api = createApi({
    invoke: (channel: RequestChannel, payload) => raw(channel, payload),
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    async addUploads(files, options) {
      // A page has no file paths; the preview carries contents and main stages them.
      const encoded = [];
      for (const file of files)
        encoded.push({ name: file.name, base64: toBase64(new Uint8Array(await file.arrayBuffer())) });
      const payload =
        options.allowInsecureHttp === undefined
          ? { files: encoded }
          : { files: encoded, allowInsecureHttp: options.allowInsecureHttp };
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

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 without Buffer or btoa (neither exists on both sides). */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    chunk += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    chunk += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    chunk += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}
