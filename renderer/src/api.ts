/**
 * The renderer's one door to the main process, typed by shared/ipc.ts's AjamApi.
 * - In Electron: the preload's frozen `window.ajam` (contextBridge), used as is.
 * - In the browser preview: shared/bridge-client.ts over a WebSocket to the bridge at the page's own
 *   origin, authenticated by the per-run token from the page URL (offered as a subprotocol, since a
 *   browser WebSocket cannot send headers). It implements the same AjamApi, so nothing above this
 *   file knows which one it has.
 */
import { bridgeProtocols, bridgeUrl, connectBridge } from '../../shared/bridge-client';
import type { AjamApi } from '../../shared/ipc';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge.exposeInMainWorld). Absent in the browser preview. */
    readonly ajam?: AjamApi;
  }
}

/** `?token=…` (or `#token=…`) from the preview's URL. */
export function tokenFromLocation(location: Pick<Location, 'search' | 'hash'>): string | null {
  const fromQuery = new URLSearchParams(location.search).get('token');
  if (fromQuery) return fromQuery;
  return new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
}

/** The API this page has: the preload's in Electron, else the preview bridge named by the URL's token. */
export function resolveApi(): AjamApi {
  if (window.ajam) return window.ajam;
  // No token: the bridge refuses, and the client's close handler says to open the printed URL.
  const token = tokenFromLocation(window.location) ?? 'missing';
  const socket = new WebSocket(bridgeUrl(window.location.origin), bridgeProtocols(token));
  return connectBridge(socket).api;
}
