/**
 * Pieces every client-side AjamApi transport needs (the WebSocket bridge client, the in-memory one):
 * listener sets per event channel, and uploads sent as contents, since a page has no file paths and
 * main stages the bytes in a private folder. Pure: runs in the renderer and in Node alike.
 */
import type { AddUploadsOptions, EventChannel, Unsubscribe, UploadFile } from './ipc';

export interface ChannelListeners {
  add(channel: EventChannel, listener: (payload: unknown) => void): Unsubscribe;
  emit(channel: EventChannel, payload: unknown): void;
}

export function createChannelListeners(): ChannelListeners {
  const sets = new Map<EventChannel, Set<(payload: unknown) => void>>();
  return {
    add(channel, listener) {
      let set = sets.get(channel);
      if (!set) sets.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(channel, payload) {
      for (const listener of sets.get(channel) ?? []) listener(payload);
    },
  };
}

export interface ContentUploadPayload {
  readonly files: ReadonlyArray<{ readonly name: string; readonly base64: string }>;
  readonly allowInsecureHttp?: boolean;
}

/** The `upload:add-content` payload for these files: their bytes, base64. */
export async function contentUploadPayload(
  files: readonly UploadFile[],
  options: AddUploadsOptions,
): Promise<ContentUploadPayload> {
  const encoded = await Promise.all(
    files.map(async (file) => ({
      name: file.name,
      base64: toBase64(new Uint8Array(await file.arrayBuffer())),
    })),
  );
  return options.allowInsecureHttp === undefined
    ? { files: encoded }
    : { files: encoded, allowInsecureHttp: options.allowInsecureHttp };
}

/** Standard base64 with btoa (browsers and Node 16+ both have it; Buffer exists only in Node). */
export function toBase64(bytes: Uint8Array): string {
  // btoa takes a binary string; build it in slices so large files do not blow the argument limit.
  let binary = '';
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice) {
    binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  }
  return btoa(binary);
}
