/**
 * The desktop app's embedded demo PBX (and the preview's): reachable by anyone on 127.0.0.1, so it
 * has a secret of its own each run, no other users, capped uploads in a folder of its own, and a
 * living office. Over real HTTP on 127.0.0.1.
 */
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { createEmbeddedDemo, EMBEDDED_UPLOAD_CAPS, embeddedDemoOptions } from '../../electron/demo/embedded';
import { startDemoPbx } from '../../electron/demo/server';
import { get, login, request } from '../wire/replay';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const portOf = (url: string): number => Number(new URL(url).port);

async function loginAnswer(port: number, user: string, secret: string): Promise<string> {
  const res = await request(
    port,
    get(`rawman?action=Login&username=${encodeURIComponent(user)}&secret=${encodeURIComponent(secret)}`),
  );
  return res.toString('utf8');
}

/** A multipart POST to the recordings mapping with one file of `size` bytes. */
function upload(cookie: string, name: string, size: number, contentLength?: number): string {
  const boundary = 'ajamtestboundary';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
    `Content-Type: application/octet-stream\r\n\r\n${'x'.repeat(size)}\r\n--${boundary}--\r\n`;
  return (
    `POST /asterisk/recordings HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: mansession_id="${cookie}"\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
    `Content-Length: ${contentLength ?? Buffer.byteLength(body, 'latin1')}\r\n\r\n` +
    (contentLength === undefined ? body : '')
  );
}

const status = (res: Buffer): string => res.toString('latin1').split('\r\n')[0] as string;

describe('the embedded demo PBX', () => {
  it('has one user, admin, with a secret new each run; the captures\u2019 fixed users cannot log in', async () => {
    const a = createEmbeddedDemo();
    const b = createEmbeddedDemo();
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const first = await a.connectRequest();
    const second = await b.connectRequest();
    expect(first.user).toBe('admin');
    expect(first.secret).not.toBe('12345');
    expect(first.secret.length).toBeGreaterThanOrEqual(20);
    expect(second.secret).not.toBe(first.secret);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/asterisk$/);
    const port = portOf(first.url);
    expect(await loginAnswer(port, 'admin', '12345')).toContain('Authentication failed');
    expect(await loginAnswer(port, 'limited', '54321')).toContain('Authentication failed');
    expect(await loginAnswer(port, 'admin', second.secret)).toContain('Authentication failed');
    expect(await loginAnswer(port, 'admin', first.secret)).toContain('Authentication accepted');
  }, 20_000);

  it('is a living office: calls in progress with the operator phone free, still there seconds later', async () => {
    const demo = createEmbeddedDemo();
    cleanups.push(() => demo.close());
    const { url, secret } = await demo.connectRequest();
    const id = await login(portOf(url), 'admin', secret);
    const calls = async (): Promise<{ linked: number; operator: boolean }> => {
      const text = (await request(portOf(url), get('rawman?action=CoreShowChannels', id))).toString('utf8');
      const linked = new Set([...text.matchAll(/^Linkedid: (.+)$/gm)].map((m) => m[1]));
      return { linked: linked.size, operator: /^Channel: PJSIP\/101-/m.test(text) };
    };
    expect(await calls()).toEqual({ linked: expect.any(Number) as number, operator: false });
    expect((await calls()).linked).toBeGreaterThanOrEqual(6);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await calls()).linked).toBeGreaterThanOrEqual(6);
  }, 20_000);

  it('refuses uploads over its caps and keeps them in a temporary folder it removes', async () => {
    const options = embeddedDemoOptions('s3cret-for-this-test');
    expect(options).toMatchObject(EMBEDDED_UPLOAD_CAPS);
    let pbx: DemoPbx | undefined = await startDemoPbx({ ...options, traffic: 'off', calls: 0 });
    cleanups.push(async () => pbx?.close());
    expect(pbx.uploadsDir.startsWith(tmpdir())).toBe(true);
    const id = await login(pbx.port, 'admin', 's3cret-for-this-test');
    // Over the per-upload cap: answered at once from the headers, the body never read.
    const tooBig = await request(pbx.port, upload(id, 'big.wav', 0, EMBEDDED_UPLOAD_CAPS.maxUploadBytes + 1));
    expect(status(tooBig)).toBe('HTTP/1.1 413 Request Entity Too Large');
    const fine = await request(pbx.port, upload(id, 'prompt.wav', 1000));
    expect(status(fine)).toBe('HTTP/1.1 200 OK');
    expect(readdirSync(pbx.uploadsDir)).toEqual(['prompt.wav']);
    const dir = pbx.uploadsDir;
    await pbx.close();
    pbx = undefined;
    expect(existsSync(dir)).toBe(false);
  }, 20_000);

  it('counts every stored upload against the total cap', async () => {
    const pbx = await startDemoPbx({ calls: 0, maxUploadBytes: 4000, maxUploadsTotalBytes: 2500 });
    cleanups.push(() => pbx.close());
    const id = await login(pbx.port, 'admin', '12345');
    expect(status(await request(pbx.port, upload(id, 'a.wav', 1000)))).toBe('HTTP/1.1 200 OK');
    expect(status(await request(pbx.port, upload(id, 'b.wav', 1000)))).toBe('HTTP/1.1 200 OK');
    const third = await request(pbx.port, upload(id, 'c.wav', 1000));
    expect(status(third)).toBe('HTTP/1.1 413 Request Entity Too Large');
    expect(third.toString('latin1')).toContain('2500 bytes');
    expect(pbx.uploads().map((u) => u.rawFilename)).toEqual(['a.wav', 'b.wav']);
  });
});
