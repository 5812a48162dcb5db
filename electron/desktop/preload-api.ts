/**
 * The API the preload hands to the page, built from the contract (shared/ipc.ts createApi) over
 * Electron's ipcRenderer. What the page gets is exactly AjamApi, frozen: one function per contract
 * method and listener — never ipcRenderer, never a generic invoke(channel). Listeners receive the
 * payload alone (the IpcRendererEvent carries `sender`) and get an unsubscribe back.
 *
 * Uploads take File objects only and resolve their paths here with webUtils.getPathForFile: a page
 * cannot name a path, so a compromised page cannot make the app upload an arbitrary file.
 */
import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import {
  createApi,
  fail,
  type AddUploadsOptions,
  type AjamApi,
  type ApiTransport,
  type IpcResult,
  type UploadAddResult,
} from '../../shared/ipc';
import { notice } from '../../shared/notices';

export interface PreloadDeps {
  readonly ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;
  readonly webUtils: Pick<WebUtils, 'getPathForFile'>;
  /** The File constructor of the preload's world (globalThis.File); injected so tests can supply one. */
  readonly FileClass: abstract new (...args: never[]) => File;
}

const NOT_FILES = notice('ipc.not-files');

/** File objects -> their paths on disk, or the reason they cannot be uploaded. */
export function pathsOfFiles(
  files: unknown,
  deps: Pick<PreloadDeps, 'webUtils' | 'FileClass'>,
): IpcResult<{ path: string }[]> {
  if (!Array.isArray(files) || files.length === 0) return fail('invalid-request', NOT_FILES);
  const paths: { path: string }[] = [];
  for (const file of files) {
    if (!(file instanceof deps.FileClass)) return fail('invalid-request', NOT_FILES);
    const path = deps.webUtils.getPathForFile(file);
    // Files made in JavaScript (new File([...])) or pasted data have no path: nothing on disk to send.
    if (typeof path !== 'string' || path === '') {
      return fail('invalid-request', notice('ipc.not-local-file', { name: file.name }));
    }
    paths.push({ path });
  }
  return { ok: true, value: paths };
}

export function createPreloadApi(deps: PreloadDeps): AjamApi {
  const transport: ApiTransport = {
    invoke: (channel, payload) => deps.ipcRenderer.invoke(channel, payload) as Promise<IpcResult<unknown>>,
    subscribe(channel, listener) {
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      deps.ipcRenderer.on(channel, wrapped);
      return () => {
        deps.ipcRenderer.removeListener(channel, wrapped);
      };
    },
    async addUploads(files, options: AddUploadsOptions): Promise<IpcResult<UploadAddResult>> {
      const resolved = pathsOfFiles(files, deps);
      if (!resolved.ok) return resolved;
      const payload: Record<string, unknown> = { files: resolved.value };
      if (options.allowInsecureHttp !== undefined) payload['allowInsecureHttp'] = options.allowInsecureHttp;
      return (await deps.ipcRenderer.invoke('upload:add', payload)) as IpcResult<UploadAddResult>;
    },
  };
  return createApi(transport);
}
