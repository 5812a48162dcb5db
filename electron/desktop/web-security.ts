/**
 * Installs the security policies on Electron objects passed in: permission handlers and CSP headers on
 * the session, the app:// protocol, and navigation / window.open / webview refusals on every
 * webContents. The decisions themselves are the pure functions of policy.ts.
 */
import { readFile } from 'node:fs/promises';
import type { Event, HandlerDetails, Protocol, Session, WebContents } from 'electron';
import { contentTypeFor, resolveAppFile } from './app-protocol';
import {
  APP_SCHEME,
  isNavigationAllowed,
  isPermissionAllowed,
  securityHeaders,
  windowOpenDecision,
  withSecurityHeaders,
} from './policy';

/** Must run before app 'ready': app:// behaves like https (origin, fetch, CSP 'self'). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/** The app:// handler: files under `root` only, with the security headers; anything else is a 404. */
export function appProtocolHandler(
  root: string,
  read: ReadFile = readFile,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(root, request.url);
    if (!file || request.method !== 'GET')
      return new Response('Not found', { status: 404, headers: securityHeaders() });
    try {
      const body = await read(file);
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': contentTypeFor(file), ...securityHeaders() },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: securityHeaders() });
    }
  };
}

export function secureSession(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest' | 'protocol'
  >,
  rendererRoot: string,
  log?: (message: string) => void,
): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const allowed = isPermissionAllowed(permission, details.requestingUrl, mediaTypes ? { mediaTypes } : {});
    if (!allowed) log?.(`Denied permission "${permission}" to ${details.requestingUrl}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(
      permission,
      requestingOrigin,
      details?.mediaType !== undefined ? { mediaType: details.mediaType } : {},
    ),
  );
  // The page's own <meta> CSP is the first line; this header covers every response the session sees.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
  session.protocol.handle(APP_SCHEME, appProtocolHandler(rendererRoot));
}

/** Applied to every webContents the app creates (app 'web-contents-created'). */
export function lockDownContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  log?: (message: string) => void,
): void {
  const refuseNavigation = (event: Event, url: string) => {
    if (isNavigationAllowed(url)) return;
    event.preventDefault();
    log?.(`Blocked navigation to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details: HandlerDetails) => {
    log?.(`Blocked window.open of ${details.url.slice(0, 200)}`);
    return windowOpenDecision();
  });
}
