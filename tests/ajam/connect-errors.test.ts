import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../../shared/ami';
import { createClient } from '../../electron/ajam/client';
import { AjamError } from '../../electron/ajam/errors';
import { fetchServerCertificate, formatFingerprint, normalizeFingerprint } from '../../electron/ajam/tls';
import { startDemoPbx } from '../../electron/demo/server';
import type { DemoPbx } from '../../electron/demo/api';
import { closedPort, silentServer } from './helpers';

async function connectError(url: string, extra: Record<string, unknown> = {}): Promise<AjamError> {
  const c = createClient({
    url,
    user: 'admin',
    secret: '12345',
    actionTimeoutMs: 1500,
    connectTimeoutMs: 1500,
    ...extra,
  });
  try {
    await c.connect();
  } catch (e) {
    expect(e).toBeInstanceOf(AjamError);
    return e as AjamError;
  } finally {
    await c.close();
  }
  throw new Error('expected connect() to fail');
}

function syncError(fn: () => unknown): AjamError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AjamError);
    return e as AjamError;
  }
  throw new Error('expected a throw');
}

describe('URL and network failures', () => {
  it.each([
    ['not a url', /no http/],
    ['ftp://pbx/asterisk', /not http or https/],
    ['http://admin:12345@127.0.0.1:8088/asterisk', /must not contain a user or secret/],
    ['http://127.0.0.1:8088/asterisk?x=1', /query/],
    ['', /empty/],
  ])('rejects %j as a bad URL', (url, why) => {
    const e = syncError(() => createClient({ url, user: 'admin', secret: '12345' }));
    expect(e.code).toBe('bad-url');
    expect(e.message).toMatch(why);
    expect(e.message).not.toContain('12345');
  });

  it('reports connection refused with the http.conf settings to check', async () => {
    const port = await closedPort();
    const e = await connectError(`http://127.0.0.1:${port}/asterisk`);
    expect(e.code).toBe('refused');
    expect(e.message).toMatch(/bindaddr/);
  });

  it('reports a DNS failure', async () => {
    const e = await connectError('http://no-such-pbx.invalid:8088/asterisk');
    expect(e.code).toBe('dns');
    expect(e.message).toContain('no-such-pbx.invalid');
  });

  it('reports a timeout when the server never answers', async () => {
    const silent = await silentServer();
    try {
      const e = await connectError(`http://127.0.0.1:${silent.port}/asterisk`, { actionTimeoutMs: 400 });
      expect(e.code).toBe('timeout');
      expect(e.message).toMatch(/did not answer/);
    } finally {
      await silent.close();
    }
  });
});

describe('against the demo PBX over http', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx({ seed: 3, calls: 0, failedLoginDelayMs: 50 });
  });
  afterAll(async () => pbx.close());

  it('reports 404 for a wrong prefix, naming prefix and webenabled', async () => {
    const e = await connectError(pbx.url.replace(/\/asterisk$/, '/wrong'));
    expect(e.code).toBe('not-found');
    expect(e.message).toMatch(/prefix/);
    expect(e.message).toMatch(/webenabled/);
  });

  it('reports https against an http port with a hint to check the port', async () => {
    // Asterisk's http.c waits for a request line that a TLS ClientHello never completes, unless
    // the hello's random bytes happen to hold a LF: then the "line" ends there and the error it
    // answers is plain text, which the client's TLS refuses. Both ways the hint names the port.
    const e = await connectError(pbx.url.replace('http:', 'https:'), { connectTimeoutMs: 500 });
    if (e.code === 'timeout') expect(e.message).toMatch(/TLS handshake .*https/);
    else {
      expect(e.code).toBe('tls');
      expect(e.message).toMatch(/did not answer with TLS \(is this an http port\?/);
    }
  });

  it('reports http against a TLS port as not HTTP', async () => {
    const tlsPbx = await startDemoPbx({ seed: 3, calls: 0, tls: true });
    try {
      const e = await connectError(tlsPbx.url.replace('https:', 'http:'), { actionTimeoutMs: 800 });
      expect(e.code).toBe('refused');
      expect(e.message).toMatch(/use an https:\/\/ URL/);
    } finally {
      await tlsPbx.close();
    }
  });
});

describe('against the demo PBX over https', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx({ seed: 3, calls: 0, tls: true, failedLoginDelayMs: 50 });
  });
  afterAll(async () => pbx.close());

  it('starts with a certificate and fingerprint', () => {
    expect(pbx.url).toMatch(/^https:/);
    expect(normalizeFingerprint(pbx.fingerprint!)).toBeDefined();
  });

  it('refuses the self-signed certificate without a CA or pin: verification is never skipped', async () => {
    const e = await connectError(pbx.url);
    expect(e.code).toBe('tls');
    expect(e.message).toMatch(/fingerprint|CA/);
  });

  it('connects when the certificate is given as CA', async () => {
    const c = createClient({ url: pbx.url, user: 'admin', secret: '12345', ca: pbx.certificatePem! });
    try {
      await c.connect();
      expect(get(await c.send('Ping'), 'Ping')).toBe('Pong');
    } finally {
      await c.close();
    }
  });

  it.each([
    ['with colons', (f: string) => f],
    ['bare lower-case hex', (f: string) => f.replace(/:/g, '').toLowerCase()],
  ])('connects with the fingerprint pinned (%s)', async (_label, shape) => {
    const c = createClient({
      url: pbx.url,
      user: 'admin',
      secret: '12345',
      fingerprint: shape(pbx.fingerprint!),
    });
    try {
      await c.connect();
      expect(get(await c.send('Ping'), 'Ping')).toBe('Pong');
    } finally {
      await c.close();
    }
  });

  it('refuses a wrong pin before sending anything', async () => {
    const wrong = formatFingerprint('00'.repeat(32));
    const e = await connectError(pbx.url, { fingerprint: wrong });
    expect(e.code).toBe('tls');
    expect(e.message).toMatch(/does not match the pinned fingerprint/);
    expect(e.message).toMatch(/nothing was sent/);
  });

  it('rejects a pin that is not a SHA-256', () => {
    const e = syncError(() => createClient({ url: pbx.url, user: 'admin', secret: 'x', fingerprint: 'abc' }));
    expect(e.code).toBe('tls');
    expect(e.message).toMatch(/64 hex digits/);
  });

  it('fetches the server certificate for trust on first use', async () => {
    const cert = await fetchServerCertificate(pbx.url);
    expect(normalizeFingerprint(cert.fingerprint256)).toBe(normalizeFingerprint(pbx.fingerprint!));
    expect(cert.pem).toContain('-----BEGIN CERTIFICATE-----');
    expect(cert.pem.replace(/\s/g, '')).toBe(pbx.certificatePem!.replace(/\s/g, ''));
    expect(cert.validTo).toMatch(/\d{4}/);
    expect(cert.subject.length).toBeGreaterThan(0);
  });

  it('fetchServerCertificate refuses http URLs', async () => {
    await expect(fetchServerCertificate('http://127.0.0.1:1/asterisk')).rejects.toMatchObject({
      code: 'tls',
    });
  });
});
