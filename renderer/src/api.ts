/**
 * The renderer's one door to the main process, typed by shared/ipc.ts's AjamApi.
 * - In Electron: the preload's frozen `window.ajam` (contextBridge), used as is.
 * - In the browser preview: a WebSocket client to the bridge at the page's own origin, authenticated by
 *   the per-run token from the page URL (offered as a subprotocol, since a browser WebSocket cannot
 *   send headers). It implements the same AjamApi, so nothing above this file knows which one it has.
 */
import {
  API_LISTENERS,
  API_METHODS,
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  BRIDGE_TOKEN_PROTOCOL_PREFIX,
  MAX_CONTENT_UPLOAD_BYTES,
} from '../../shared/ipc';
import type {
  AddUploadsOptions,
  AjamApi,
  ApiListener,
  ApiMethod,
  BridgeServerFrame,
  EventChannel,
  EventPayloads,
  IpcError,
  IpcResult,
  UploadAddResult,
  UploadFile,
} from '../../shared/ipc';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge.exposeInMainWorld). Absent in the browser preview. */
    readonly ajam?: AjamApi;
  }
}

function failure<T>(code: IpcError['code'], message: string): IpcResult<T> {
  return { ok: false, error: { code, message } };
}

/** `?token=…` (or `#token=…`) from the preview's URL. */
export function tokenFromLocation(location: Pick<Location, 'search' | 'hash'>): string | null {
  const fromQuery = new URLSearchParams(location.search).get('token');
  if (fromQuery) return fromQuery;
  return new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
}

function toBase64(bytes: Uint8Array): string {
  // btoa takes a binary string; build it in slices so large files do not blow the argument limit.
  let binary = '';
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice) {
    binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  }
  return btoa(binary);
}

type Listener = (payload: never) => void;

export interface BridgeClientOptions {
  /** ws:// or wss:// URL of the bridge. */
  readonly url: string;
  readonly token: string;
  readonly WebSocketImpl?: typeof WebSocket;
}

/** The preview's AjamApi over the WebSocket bridge. Requests made before the socket opens wait for it. */
export function createBridgeClient(options: BridgeClientOptions): AjamApi {
  const WS = options.WebSocketImpl ?? WebSocket;
  const listeners = new Map<EventChannel, Set<Listener>>();
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  let nextId = 1;
  let closedError: IpcError | null = null;

  const socket = new WS(options.url, [BRIDGE_PROTOCOL, `${BRIDGE_TOKEN_PROTOCOL_PREFIX}${options.token}`]);
  const opened = new Promise<void>((resolve) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('close', () => resolve(), { once: true });
  });

  function emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]): void {
    for (const listener of listeners.get(channel) ?? []) (listener as (p: EventPayloads[C]) => void)(payload);
  }

  socket.addEventListener('message', (message: MessageEvent) => {
    if (typeof message.data !== 'string') return;
    let frame: BridgeServerFrame;
    try {
      frame = JSON.parse(message.data) as BridgeServerFrame;
    } catch {
      return;
    }
    if (frame.t === 'response') {
      const resolve = pending.get(frame.id);
      pending.delete(frame.id);
      resolve?.(frame.result);
    } else if (frame.t === 'event') {
      emit(frame.channel, frame.payload as never);
    } else if (frame.t === 'error') {
      console.warn(`Preview bridge refused a frame: ${frame.error.message}`);
    }
  });

  let wasOpen = false;
  socket.addEventListener('open', () => (wasOpen = true));
  socket.addEventListener('close', (event: CloseEvent) => {
    // A closed bridge is final for this page: the preview server went away, or it refused the
    // handshake (the browser hides the 403 and reports only a failed connection).
    closedError = {
      code: 'closed',
      message: wasOpen
        ? `The connection to the preview server closed${event.reason ? ` (${event.reason})` : ''}. Restart \`npm run preview\` and reload the page.`
        : 'The preview server refused this page: open the exact URL it printed (with its ?token=), at 127.0.0.1.',
    };
    for (const resolve of pending.values()) resolve(failure('closed', closedError.message));
    pending.clear();
    emit('session:status', { state: 'closed', url: '', user: '', error: closedError, since: Date.now() });
  });

  async function request(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
    await opened;
    if (closedError || socket.readyState !== WS.OPEN) {
      return failure('closed', closedError?.message ?? 'The preview bridge is not connected.');
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ t: 'request', id, channel, payload: payload ?? {} }));
    });
  }

  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(API_METHODS) as [ApiMethod, string][]) {
    api[method] = (payload?: unknown) => request(channel, payload);
  }
  for (const [name, channel] of Object.entries(API_LISTENERS) as [ApiListener, EventChannel][]) {
    api[name] = (listener: Listener) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  api['addUploads'] = async (
    files: readonly UploadFile[],
    opts?: AddUploadsOptions,
  ): Promise<IpcResult<UploadAddResult>> => {
    // A page has no file paths: the preview sends the bytes and main stages them in a private folder.
    const tooBig = files.find((f) => f.size > MAX_CONTENT_UPLOAD_BYTES);
    if (tooBig) {
      return failure(
        'upload-refused',
        `${tooBig.name} is larger than the preview's ${MAX_CONTENT_UPLOAD_BYTES / 1048576} MiB limit; the desktop app has none.`,
      );
    }
    const encoded = await Promise.all(
      files.map(async (f) => ({ name: f.name, base64: toBase64(new Uint8Array(await f.arrayBuffer())) })),
    );
    const payload =
      opts?.allowInsecureHttp === undefined
        ? { files: encoded }
        : { files: encoded, allowInsecureHttp: opts.allowInsecureHttp };
    return (await request('upload:add-content', payload)) as IpcResult<UploadAddResult>;
  };
  return Object.freeze(api) as unknown as AjamApi;
}

/** The API this page has: the preload's in Electron, else the preview bridge named by the URL's token. */
export function resolveApi(): AjamApi {
  if (window.ajam) return window.ajam;
  const token = tokenFromLocation(window.location);
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createBridgeClient({
    url: `${scheme}//${window.location.host}${BRIDGE_PATH}`,
    // No token: the bridge refuses, and the close handler says to open the printed URL.
    token: token ?? 'missing',
  });
}
