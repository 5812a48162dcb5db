import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY, CONTENT_SECURITY_POLICY } from '../../electron/desktop/policy';
import { lockDownContents, registerAppScheme, secureSession } from '../../electron/desktop/web-security';

type PermissionRequest = (
  contents: unknown,
  permission: string,
  callback: (ok: boolean) => void,
  details: { requestingUrl: string },
) => void;

function fakeSession() {
  const captured: {
    request?: PermissionRequest;
    check?: (contents: unknown, permission: string, origin: string) => boolean;
    headers?: (
      details: { responseHeaders?: Record<string, string[]> },
      callback: (r: unknown) => void,
    ) => void;
    handled: string[];
  } = { handled: [] };
  const session = {
    setPermissionRequestHandler: (handler: PermissionRequest) => (captured.request = handler),
    setPermissionCheckHandler: (handler: typeof captured.check) => (captured.check = handler),
    webRequest: { onHeadersReceived: (handler: typeof captured.headers) => (captured.headers = handler) },
    protocol: { handle: (scheme: string) => void captured.handled.push(scheme) },
  };
  return { session, captured };
}

describe('session security', () => {
  it('denies permission requests and checks, adds the CSP header, serves app://', () => {
    const { session, captured } = fakeSession();
    secureSession(session as never, '/renderer');
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'clipboard-read']) {
      const callback = vi.fn();
      captured.request?.({}, permission, callback, { requestingUrl: APP_ENTRY });
      expect(callback).toHaveBeenCalledWith(false);
      expect(captured.check?.({}, permission, 'app://ajam')).toBe(false);
    }
    const callback = vi.fn();
    captured.headers?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: expect.objectContaining({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }),
    });
    expect(captured.handled).toEqual(['app']);
  });

  it("lets the app's page capture audio only, through the real handlers and Electron's details", () => {
    const { session, captured } = fakeSession();
    secureSession(session as never, '/renderer');
    const ask = (url: string, mediaTypes: string[]) => {
      const callback = vi.fn();
      captured.request?.({}, 'media', callback, { requestingUrl: url, mediaTypes } as never);
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(ask(APP_ENTRY, ['audio'])).toBe(true);
    expect(ask(APP_ENTRY, ['video'])).toBe(false);
    expect(ask(APP_ENTRY, ['audio', 'video'])).toBe(false);
    expect(ask('https://evil.example/', ['audio'])).toBe(false);
    const check = captured.check as unknown as (c: unknown, p: string, o: string, d: unknown) => boolean;
    expect(check({}, 'media', 'app://ajam', { mediaType: 'audio' })).toBe(true);
    expect(check({}, 'media', 'app://ajam', { mediaType: 'video' })).toBe(false);
    expect(check({}, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false);
  });

  it('registers app:// as a standard, secure scheme', () => {
    const register = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged: register });
    expect(register).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });
});

describe('web contents lockdown', () => {
  function locked() {
    const contents = new EventEmitter() as EventEmitter & {
      setWindowOpenHandler: (h: (d: { url: string }) => unknown) => void;
    };
    let openHandler: ((d: { url: string }) => unknown) | undefined;
    contents.setWindowOpenHandler = (handler) => (openHandler = handler);
    lockDownContents(contents as never);
    const navigate = (event: string, url: string) => {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault }, url);
      return preventDefault.mock.calls.length > 0;
    };
    return { contents, navigate, open: (url: string) => openHandler?.({ url }) };
  }

  it('blocks navigation and redirects away from the app', () => {
    const { navigate } = locked();
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://phish.example/')).toBe(true);
    expect(navigate('will-navigate', APP_ENTRY)).toBe(false);
  });

  it('denies window.open and webviews', () => {
    const { contents, open } = locked();
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open(APP_ENTRY)).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });
});
