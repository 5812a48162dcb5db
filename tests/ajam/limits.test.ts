/**
 * Issue 12 items 3, 5 and 6: a PBX (or something posing as one) that answers too much, too slowly
 * or with an absurd session lifetime cannot exhaust memory, hold requests for ever or make the
 * client Ping in a loop. Real HTTP on 127.0.0.1 against tests/ajam/fake-ajam.ts.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AjamClient, ConnectionStatus, Profile } from '../../electron/ajam/api';
import { createClient } from '../../electron/ajam/client';
import { AjamError } from '../../electron/ajam/errors';
import { MAX_WAIT_SECONDS } from '../../electron/ajam/events';
import { rawman, startFakeAjam, type FakeAjam, type FakeAjamHandler } from './fake-ajam';
import { waitFor } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(handle: FakeAjamHandler, maxAge?: number): Promise<FakeAjam> {
  const server = await startFakeAjam({ handle, ...(maxAge === undefined ? {} : { maxAge }) });
  cleanups.push(() => server.close());
  return server;
}

function client(server: FakeAjam, extra: Partial<Profile> = {}): AjamClient {
  const c = createClient(
    { url: server.url, user: 'admin', secret: 'x', ...extra },
    { minBackoffMs: 50, maxBackoffMs: 100, random: () => 0.5 },
  );
  cleanups.push(() => c.close());
  return c;
}

async function failure(promise: Promise<unknown>): Promise<AjamError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AjamError);
    return e as AjamError;
  }
  throw new Error('expected a failure');
}

/** Writes a well-formed but endless stream of events (up to `limit` bytes) while the client reads. */
async function flood(res: ServerResponse, limit: number, sent: { bytes: number; closed: boolean }) {
  res.writeHead(200, { 'Content-type': 'text/plain' });
  res.on('close', () => (sent.closed = true));
  const head = rawman({ Response: 'Success', Message: 'Waiting for Event completed.' });
  res.write(head);
  sent.bytes += head.length;
  const block = rawman(
    ...Array.from({ length: 200 }, (_, i) => ({ Event: 'UserEvent', UserEvent: 'flood', Seq: String(i) })),
  );
  while (sent.bytes < limit && !sent.closed) {
    sent.bytes += block.length;
    if (!res.write(block)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  res.end(rawman({ Event: 'WaitEventComplete' }));
}

describe('a reply past the size cap (item 3)', () => {
  it('is refused with its own error and the connection dropped after a bounded number of bytes', async () => {
    const sent = { bytes: 0, closed: false };
    const server = await fake((_request, res) => flood(res, 256 * 1024 * 1024, sent));
    const c = client(server, { maxResponseBytes: 1024 * 1024 });
    await c.connect();
    const error = await failure(c.send('Ping'));
    expect(error.code).toBe('parse');
    expect(error.notice.key).toBe('ajam.too-large');
    expect(error.message).toMatch(/larger than 1 MiB/);
    await waitFor(() => sent.closed, 5000, 'the server to see the connection dropped');
    // The server would have sent 256 MiB: the client stopped reading right after its 1 MiB cap (the
    // rest is what the two sockets' buffers held), and never held the whole body.
    expect(sent.bytes).toBeLessThan(32 * 1024 * 1024);
  });

  it('a WaitEvent past the cap says why, and the board is read again before the next events', async () => {
    const sent = { bytes: 0, closed: false };
    let waits = 0;
    const server = await fake((request, res) => {
      if (request.action === 'waitevent') {
        waits += 1;
        if (waits === 1) return flood(res, 48 * 1024 * 1024, sent);
        setTimeout(() => res.end(rawman({ Response: 'Success' }, { Event: 'WaitEventComplete' })), 50);
        res.writeHead(200, { 'Content-type': 'text/plain' });
        return;
      }
      res.writeHead(200, { 'Content-type': 'text/plain' });
      res.end(rawman({ Response: 'Success', Ping: 'Pong' }));
    });
    const c = client(server, { maxResponseBytes: 512 * 1024 });
    const statuses: ConnectionStatus[] = [];
    c.onStatus((status) => statuses.push(status));
    let resyncs = 0;
    c.onResync(() => {
      resyncs += 1;
    });
    await c.connect();
    c.startEvents();
    await waitFor(() => resyncs >= 2 && waits >= 3, 5000, 'a resync after the refused WaitEvent');
    const lost = statuses.find((s) => s.state === 'lost');
    expect(lost?.error?.notice.key).toBe('ajam.too-large');
    // The same session throughout: the resync came from the refused answer, not from a re-login.
    expect(server.count('login')).toBe(1);
    expect(sent.closed).toBe(true);
    expect(sent.bytes).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('a total deadline on every request (item 5)', () => {
  /** Answers 200 at once, then one byte every `everyMs` for as long as the client listens. */
  function drip(res: ServerResponse, everyMs: number): void {
    res.writeHead(200, { 'Content-type': 'text/plain' });
    const timer = setInterval(() => res.write('R'), everyMs);
    res.on('close', () => clearInterval(timer));
  }

  it('gives up on a server that drips a byte at a time, however many requests wait', async () => {
    const server = await fake((_request, res) => drip(res, 100));
    const c = client(server, { actionTimeoutMs: 600 });
    await c.connect();
    const started = Date.now();
    // More than the action lane's four connections: the fifth must not wait for ever either.
    const errors = await Promise.all(Array.from({ length: 5 }, () => failure(c.send('Ping'))));
    const elapsed = Date.now() - started;
    for (const error of errors) {
      expect(error.code).toBe('timeout');
      expect(error.notice.key).toBe('ajam.timeout');
    }
    // The deadline runs from the call, queued or not: all five end together.
    expect(elapsed).toBeLessThan(1500);
  });

  it("a dripping WaitEvent ends at its Timeout plus the action timeout, and the loop says it's lost", async () => {
    // Max-Age 12 -> WaitEvent Timeout 2 s; deadline 2 s + 400 ms.
    const server = await fake((request, res) => {
      if (request.action === 'waitevent') drip(res, 100);
      else res.writeHead(200, { 'Content-type': 'text/plain' }).end(rawman({ Response: 'Success' }));
    }, 12);
    const c = client(server, { actionTimeoutMs: 400 });
    const statuses: ConnectionStatus[] = [];
    c.onStatus((status) => statuses.push(status));
    await c.connect();
    const started = Date.now();
    c.startEvents();
    await waitFor(() => statuses.some((s) => s.state === 'lost'), 6000, 'the WaitEvent deadline');
    const elapsed = Date.now() - started;
    expect(statuses.find((s) => s.state === 'lost')?.error?.code).toBe('timeout');
    expect(server.requests.find((r) => r.action === 'waitevent')?.fields.get('Timeout')).toBe('2');
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(4500);
  });
});

describe('a huge Max-Age (item 6)', () => {
  it('does not overflow the keep-alive timer into a Ping storm, nor the WaitEvent timeout', async () => {
    // 4,294,968 s: half of it in ms is just past 2^31 - 1, which Node would run after 1 ms.
    const held: ServerResponse[] = [];
    const server = await fake((request, res) => {
      if (request.action === 'waitevent') {
        held.push(res.writeHead(200, { 'Content-type': 'text/plain' }));
        return;
      }
      res.writeHead(200, { 'Content-type': 'text/plain' }).end(rawman({ Response: 'Success', Ping: 'Pong' }));
    }, 4_294_968);
    const c = client(server);
    const statuses: ConnectionStatus[] = [];
    c.onStatus((status) => statuses.push(status));
    await c.connect();
    c.startEvents();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.count('ping')).toBe(0);
    expect(server.count('waitevent')).toBe(1);
    expect(Number(server.requests.find((r) => r.action === 'waitevent')?.fields.get('Timeout'))).toBe(
      MAX_WAIT_SECONDS,
    );
    expect(statuses.some((s) => s.state === 'lost')).toBe(false);
  });
});

describe('a reply that announces its size (item 3)', () => {
  it('is refused before its body is read when Content-Length is past the cap', async () => {
    const sent = { bytes: 0, closed: false };
    const server = await fake((_request, res) => {
      const body = rawman({ Response: 'Success', Ping: 'Pong', Padding: 'x'.repeat(300 * 1024) });
      res.writeHead(200, { 'Content-type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
      res.on('close', () => (sent.closed = true));
      // The head first, then the body a moment later: the client must not wait for it.
      res.flushHeaders();
      setTimeout(() => {
        if (!sent.closed) res.end(body);
      }, 1000);
    });
    const c = client(server, { maxResponseBytes: 100 * 1024 });
    await c.connect();
    const started = Date.now();
    const error = await failure(c.send('Ping'));
    expect(error.notice.key).toBe('ajam.too-large');
    expect(Date.now() - started).toBeLessThan(900);
  });
});
