import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../setup/temp-dirs';
import { contentTypeFor, resolveAppFile } from '../../electron/desktop/app-protocol';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  isNavigationAllowed,
  isPermissionAllowed,
  isSafeExternalUrl,
  windowOpenDecision,
  withSecurityHeaders,
} from '../../electron/desktop/policy';
import { appProtocolHandler } from '../../electron/desktop/web-security';

const makeTempDir = tempDirs();

describe('navigation policy', () => {
  it('allows only the app entry page', () => {
    expect(isNavigationAllowed(APP_ENTRY)).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8088/asterisk/rawman',
      'file:///etc/passwd',
      'app://ajam/other.html',
      'app://evil/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'not a url',
    ]) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
  });

  it('denies every window.open', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it('denies every permission', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      expect(isPermissionAllowed(permission, APP_ENTRY)).toBe(false);
    }
  });

  it("grants the app's own page the microphone and the loudspeaker choice, nothing else, nobody else", () => {
    expect(isPermissionAllowed('media', APP_ENTRY, { mediaTypes: ['audio'] })).toBe(true);
    expect(isPermissionAllowed('media', 'app://ajam', { mediaType: 'audio' })).toBe(true);
    expect(isPermissionAllowed('speaker-selection', APP_ENTRY)).toBe(true);
    // A camera, the screen, or audio with video: refused.
    expect(isPermissionAllowed('media', APP_ENTRY, { mediaTypes: ['video'] })).toBe(false);
    expect(isPermissionAllowed('media', APP_ENTRY, { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(isPermissionAllowed('media', APP_ENTRY, { mediaTypes: [] })).toBe(false);
    expect(isPermissionAllowed('media', APP_ENTRY, { mediaType: 'video' })).toBe(false);
    expect(isPermissionAllowed('media', APP_ENTRY, { mediaType: 'unknown' })).toBe(false);
    expect(isPermissionAllowed('display-capture', APP_ENTRY)).toBe(false);
    // Any other origin, even asking for audio only.
    for (const origin of [
      'https://evil.example/',
      'app://evil/index.html',
      'http://127.0.0.1:8088/',
      'file:///x',
    ]) {
      expect(isPermissionAllowed('media', origin, { mediaTypes: ['audio'] }), origin).toBe(false);
      expect(isPermissionAllowed('speaker-selection', origin), origin).toBe(false);
    }
  });

  it('opens only plain https links externally', () => {
    expect(isSafeExternalUrl('https://docs.asterisk.org/')).toBe(true);
    expect(isSafeExternalUrl('http://docs.asterisk.org/')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com/')).toBe(false);
    expect(isSafeExternalUrl('file:///C:/Windows/system32/calc.exe')).toBe(false);
    expect(isSafeExternalUrl('smb://host/share')).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows only own scripts, no inline or eval', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // The softphone's SIP WebSocket may go to the PBX; no other network beyond the app itself.
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
  });

  it('replaces any CSP a response brought, whatever its case, and keeps other headers', () => {
    const out = withSecurityHeaders({
      'content-security-policy': "default-src *; script-src 'unsafe-inline'",
      'Content-Type': 'text/html',
      'Set-Cookie': ['a=1', 'b=2'],
    });
    expect(out['content-security-policy']).toBeUndefined();
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(out['Content-Type']).toEqual(['text/html']);
    expect(out['Set-Cookie']).toEqual(['a=1', 'b=2']);
    expect(out['X-Content-Type-Options']).toEqual(['nosniff']);
  });
});

describe('app:// protocol', () => {
  // The renderer folder sits in a temporary one of its own, so the file outside it goes away too.
  const root = path.join(makeTempDir('ajam-renderer-'), 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>AJAM</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'outside');

  it('maps URLs inside the renderer folder and nothing else', () => {
    expect(resolveAppFile(root, 'app://ajam/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://ajam/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    const hostile = [
      'app://ajam/../secret.txt',
      'app://ajam/%2e%2e/secret.txt',
      'app://ajam/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://ajam/assets/..%5c..%5csecret.txt',
      'app://ajam/index.html%00.js',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://ajam/%E0%A4%A',
    ];
    for (const url of hostile) {
      const file = resolveAppFile(root, url);
      // Either refused, or clamped inside the folder by URL normalisation (then it simply does not exist).
      if (file !== undefined) expect(file.startsWith(root + path.sep), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveAppFile(root, 'app://ajam/assets/..%5c..%5csecret.txt')).toBeUndefined();
    expect(resolveAppFile(root, 'app://ajam/index.html%00.js')).toBeUndefined();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeUndefined();
  });

  it('serves files with their type and the security headers, 404 otherwise', async () => {
    const handle = appProtocolHandler(root);
    const page = await handle(new Request('app://ajam/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>AJAM</title>');
    const script = await handle(new Request('app://ajam/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handle(new Request('app://ajam/missing.js'))).status).toBe(404);
    for (const url of [
      'app://ajam/%2e%2e/secret.txt',
      'app://ajam/../secret.txt',
      'app://ajam/assets/..%2F..%2Fsecret.txt',
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404);
    }
    expect((await handle(new Request('app://ajam/index.html', { method: 'POST', body: 'x' }))).status).toBe(
      404,
    );
  });

  it('names content types by extension', () => {
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
