/**
 * The preview: argument parsing, static serving inside its folder with the app's CSP, the demo
 * auto-connect, and — in real Chromium — that its own page reaches the bridge while a page from
 * any other origin, even one that knows the token, is refused.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parsePreviewArgs, resolveStaticPath, startPreview, type Preview } from '../../electron/preview';

const PROBE_SCRIPT = `
const token = new URLSearchParams(location.search).get('token') ?? '';
const target = document.body.dataset.bridge ?? location.origin.replace('http', 'ws') + '/ipc';
const socket = new WebSocket(target, ['ajam-ipc.v1', 'ajam-token.' + token]);
socket.onopen = () => socket.send(JSON.stringify({ t: 'request', id: 1, channel: 'session:get-status', payload: {} }));
socket.onmessage = (event) => { document.body.dataset.result = event.data; };
socket.onerror = () => { document.body.dataset.result = 'refused'; };
`;

// Page-side expressions as strings: this project's TypeScript has no DOM types outside renderer/.
const RESULT_READY = 'document.body.dataset.result !== undefined';
const RESULT = 'document.body.dataset.result';

let workDir: string;
let rendererDir: string;
let browser: Browser;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  // The renderer folder sits in a temporary one of its own, so the file outside it goes away too.
  workDir = await mkdtemp(join(tmpdir(), 'ajam-preview-renderer-'));
  rendererDir = join(workDir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    join(rendererDir, 'index.html'),
    `<!doctype html><html><head><script>document.documentElement.dataset.inline = 'ran';</script>` +
      `<script type="module" src="./assets/probe.js"></script></head><body></body></html>`,
  );
  await writeFile(join(rendererDir, 'assets', 'probe.js'), PROBE_SCRIPT);
  await writeFile(join(workDir, 'ajam-preview-secret.txt'), 'outside');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
});

afterAll(async () => {
  await browser?.close();
  await rm(workDir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function preview(): Promise<Preview> {
  const started = await startPreview({ demo: { calls: 2, callsPerSecond: 0 }, rendererDir });
  cleanups.push(() => started.close());
  return started;
}

describe('preview arguments', () => {
  it('reads --demo, --url/--user/--secret and --port, and refuses the rest with usage', () => {
    expect(parsePreviewArgs(['--demo'])).toEqual({ kind: 'run', options: { demo: true } });
    expect(parsePreviewArgs(['--demo', '--port', '8080'])).toEqual({
      kind: 'run',
      options: { demo: true, port: 8080 },
    });
    expect(parsePreviewArgs(['--url', 'http://pbx:8088/asterisk', '--user=op', '--secret', 's'])).toEqual({
      kind: 'run',
      options: { connect: { url: 'http://pbx:8088/asterisk', user: 'op', secret: 's' } },
    });
    expect(
      parsePreviewArgs(['--url', 'http://pbx/asterisk', '--user', 'op'], { AJAM_SECRET: 'env' }),
    ).toEqual({
      kind: 'run',
      options: { connect: { url: 'http://pbx/asterisk', user: 'op', secret: 'env' } },
    });
    expect(parsePreviewArgs(['--url', 'http://pbx/asterisk']).kind).toBe('usage');
    expect(parsePreviewArgs(['--demo', '--user', 'x']).kind).toBe('usage');
    expect(parsePreviewArgs(['--port', '99999']).kind).toBe('usage');
    expect(parsePreviewArgs(['--bogus'])).toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/unknown argument "--bogus"/),
    });
    expect(parsePreviewArgs(['--port'])).toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/--port needs a value/),
    });
  });
});

describe('static files', () => {
  it('stays inside the renderer folder', () => {
    expect(resolveStaticPath('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStaticPath('/srv/r', '/assets/a.js?x=1')).toBe('/srv/r/assets/a.js');
    // The URL parser folds literal dot segments away: what is left is still inside the folder.
    for (const folded of ['/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) {
      expect(resolveStaticPath('/srv/r', folded), folded).toBe('/srv/r/etc/passwd');
    }
    // Encoded slashes survive the parser and would climb out after decoding: refused.
    for (const evil of ['/assets/..%2f..%2fx', '/..%2f..%2fetc/passwd', '/a%00.js', '/%E0%A4%A']) {
      expect(resolveStaticPath('/srv/r', evil), evil).toBeUndefined();
    }
  });

  it('refuses to start without a built renderer, saying how to build it', async () => {
    await expect(startPreview({ rendererDir: join(rendererDir, 'nope') })).rejects.toThrow(
      /No built renderer .* vite build/,
    );
  });
});

describe('the running preview', () => {
  it('prints the whole URL with the token, connects to the demo, and serves with the CSP', async () => {
    const started = await preview();
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect(started.connected?.ok && started.connected.value.state).toBe('connected');

    const response = await fetch(started.url);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src ws://127.0.0.1:${started.port}`);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${started.origin}/../ajam-preview-secret.txt`)).status).toBe(404);
    expect((await fetch(`${started.origin}/%2e%2e/ajam-preview-secret.txt`)).status).toBe(404);
    expect((await fetch(started.url, { method: 'POST' })).status).toBe(405);
  });

  it('in Chromium: its own page reaches the bridge, inline script is blocked, other origins are refused', async () => {
    const started = await preview();
    const page = await browser.newPage();
    cleanups.push(() => page.close());
    await page.goto(started.url);
    await page.waitForFunction(RESULT_READY, undefined, {
      timeout: 10_000,
    });
    const frame = JSON.parse((await page.evaluate(RESULT)) as string);
    expect(frame).toMatchObject({
      t: 'response',
      id: 1,
      result: { ok: true, value: { state: 'connected', user: 'admin' } },
    });
    expect(await page.evaluate('document.documentElement.dataset.inline')).toBeUndefined();

    // Another local page that even knows the token: its Origin gives it away.
    const evil: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        `<!doctype html><body data-bridge="ws://127.0.0.1:${started.port}/ipc"><script>${PROBE_SCRIPT}</script></body>`,
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => evil.close(() => resolve())));
    const evilPort = (evil.address() as AddressInfo).port;
    const other = await browser.newPage();
    cleanups.push(() => other.close());
    await other.goto(`http://127.0.0.1:${evilPort}/?token=${started.token}`);
    await other.waitForFunction(RESULT_READY, undefined, {
      timeout: 10_000,
    });
    expect(await other.evaluate(RESULT)).toBe('refused');

    // The right origin with a wrong token is refused too.
    const wrongToken = await browser.newPage();
    cleanups.push(() => wrongToken.close());
    await wrongToken.goto(`${started.origin}/?token=${'0'.repeat(64)}`);
    await wrongToken.waitForFunction(RESULT_READY, undefined, {
      timeout: 10_000,
    });
    expect(await wrongToken.evaluate(RESULT)).toBe('refused');
  });
});
