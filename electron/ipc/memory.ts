/**
 * An in-memory transport over the router (VS Code's ipc.test.ts style): the same code paths as
 * Electron or the WebSocket bridge without either. Messages are copied through JSON and delivered
 * asynchronously, as a real transport would, so a test cannot lean on shared object identity or
 * synchronous delivery. Used by tests and by in-process tools; never by the packaged app.
 */
import { contentUploadPayload, createChannelListeners } from '../../shared/api-transport';
import {
  createApi,
  fail,
  type AjamApi,
  type ApiTransport,
  type IpcResult,
  type UploadAddResult,
} from '../../shared/ipc';
import { notice } from '../../shared/notices';
import type { Attachment, PeerOrigin, Router } from './router';

export interface MemoryClient {
  readonly api: AjamApi;
  /** The raw channel, to send what the typed API would never produce (tests of refusal). */
  raw(channel: unknown, payload: unknown): Promise<IpcResult<unknown>>;
  readonly attachment: Attachment;
  close(): void;
}

function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function connectInMemory(router: Router, origin: PeerOrigin = 'page'): MemoryClient {
  const listeners = createChannelListeners();
  let closed = false;
  const attachment = router.attach({
    origin,
    send(channel, payload) {
      const frame = copy(payload);
      queueMicrotask(() => {
        if (closed) return;
        listeners.emit(channel, frame);
      });
    },
  });

  async function raw(channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    if (closed) return fail('closed', notice('ipc.closed'));
    return copy(await attachment.request(copy(channel), copy(payload)));
  }

  const transport: ApiTransport = {
    invoke: raw,
    subscribe: (channel, listener) => listeners.add(channel, listener),
    async addUploads(files, options) {
      // A page has no paths: like the preview, send contents.
      const payload = await contentUploadPayload(files, options);
      return (await raw('upload:add-content', payload)) as IpcResult<UploadAddResult>;
    },
  };

  return {
    api: createApi(transport),
    raw,
    attachment,
    close() {
      closed = true;
      attachment.detach();
    },
  };
}
