/**
 * Navigation, new windows and permissions, as pure decisions (Signal keeps these as tested functions).
 * The console is a single page served from app://; it never needs to go anywhere else, open windows,
 * or use a web permission — notifications are native, from the main process.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'ajam';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** `will-navigate` and `will-redirect`: only the app's own entry page (a reload), nothing else. */
export function isNavigationAllowed(targetUrl: string): boolean {
  try {
    const url = new URL(targetUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.pathname === '/index.html';
  } catch {
    return false;
  }
}

/** `setWindowOpenHandler`: always deny. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Links the operator may open in the system browser (from a notification or About): https only, no
 * credentials. Everything else is refused rather than handed to the OS, which would launch any scheme.
 */
export function isSafeExternalUrl(targetUrl: string): boolean {
  try {
    const url = new URL(targetUrl);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** What a permission request or check says about the media it wants (Electron's details). */
export interface PermissionMedia {
  /** Request handler: `details.mediaTypes` (`'audio'`, `'video'`). */
  readonly mediaTypes?: readonly string[];
  /** Check handler: `details.mediaType` (`'audio'`, `'video'`, `'unknown'`). */
  readonly mediaType?: string;
}

function isAppOrigin(requestingUrl: string): boolean {
  try {
    const url = new URL(requestingUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Permission requests and checks from web content. The softphone's microphone is the one exception:
 * `media` for audio only (never a camera, never the screen) and only for the app's own origin.
 * `speaker-selection` (choosing the loudspeaker for `setSinkId`) goes with it. Everything else,
 * for everyone, is refused; notifications are native, from the main process.
 */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  media: PermissionMedia = {},
): boolean {
  if (!isAppOrigin(requestingUrl)) return false;
  if (permission === 'speaker-selection') return true;
  if (permission !== 'media') return false;
  if (media.mediaTypes !== undefined) {
    return media.mediaTypes.length > 0 && media.mediaTypes.every((type) => type === 'audio');
  }
  return media.mediaType === 'audio';
}

/**
 * The page's Content-Security-Policy: own scripts and styles only, no inline script, no network but
 * app:// and WebSockets. The softphone's SIP WebSocket goes to the PBX, whose address is the
 * operator's to choose, so `ws:` and `wss:` are open (no http(s) fetches: everything else still goes
 * through main). WebRTC media is not governed by connect-src, and the remote audio plays from a
 * MediaStream (srcObject), so media-src needs nothing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Svelte sets styles through the CSSOM (allowed); no inline <style> or style="" attributes are needed.
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Response headers every app:// page and asset carries. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

/**
 * Adds the CSP to headers received by the session (webRequest.onHeadersReceived), replacing any CSP
 * a response brought, whatever its header's case.
 */
export function withSecurityHeaders(
  headers: Readonly<Record<string, string | string[]>> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const ours = securityHeaders();
  const lowerOurs = new Set(Object.keys(ours).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (lowerOurs.has(name.toLowerCase())) continue;
    out[name] = Array.isArray(value) ? [...value] : [value];
  }
  for (const [name, value] of Object.entries(ours)) out[name] = [value];
  return out;
}
