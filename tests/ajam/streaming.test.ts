/**
 * Issue 13 goal 2: a WaitEvent answer's events reach the client's listeners while the answer is
 * still arriving, chunk by chunk, instead of after the whole body was collected. Real HTTP on
 * 127.0.0.1 against tests/ajam/fake-ajam.ts.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { get, type AmiMessage } from '../../shared/ami';
import type { AjamClient, ConnectionStatus } from '../../electron/ajam/api';
import { createClient } from '../../electron/ajam/client';
import { readRawmanBody } from '../../electron/ajam/rawman-body';
import { COOKIE, rawman, startFakeAjam, type FakeAjam, type FakeAjamHandler } from './fake-ajam';
import { waitFor } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(handle: FakeAjamHandler): Promise<FakeAjam> {
  const server = await startFakeAjam({ handle });
  cleanups.push(() => server.close());
  return server;
}

function client(server: FakeAjam): AjamClient {
  const c = createClient(
    { url: server.url, user: 'admin', secret: 'x' },
    { minBackoffMs: 50, maxBackoffMs: 100, random: () => 0.5 },
  );
  cleanups.push(() => c.close());
  return c;
}

const userEvents = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ Event: 'UserEvent', UserEvent: 'seq', Seq: String(from + i) }));

function head(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-type': 'text/plain',
    'Set-Cookie': `mansession_id=${COOKIE}; Version=1; Max-Age=60`,
  });
}

describe('WaitEvent answers stream', () => {
  it('hands the first events on before the rest of the answer has been sent', async () => {
    let release: (() => void) | undefined;
    const rest = new Promise<void>((resolve) => (release = resolve));
    let waits = 0;
    const server = await fake(async (request, res) => {
      if (request.action !== 'waitevent') {
        head(res);
        res.end(rawman({ Response: 'Success', Ping: 'Pong' }));
        return;
      }
      waits += 1;
      head(res);
      if (waits > 1) {
        // Later polls: nothing new for a while.
        setTimeout(() => res.end(rawman({ Response: 'Success' }, { Event: 'WaitEventComplete' })), 200);
        return;
      }
      const id = request.fields.get('ActionID') ?? '';
      res.write(rawman({ Response: 'Success', ActionID: id, Message: 'Waiting for Event completed.' }));
      res.write(rawman(...userEvents(0, 300)));
      // The rest is only sent once the client has shown it saw the first part: a client that
      // collects the whole body first never gets there.
      await rest;
      res.end(rawman(...userEvents(300, 300), { Event: 'WaitEventComplete', ActionID: id }));
    });
    const c = client(server);
    const seen: number[] = [];
    c.onEvent((event) => {
      seen.push(Number(get(event, 'Seq')));
      if (seen.length === 300) release?.();
    });
    await c.connect();
    c.startEvents();
    await waitFor(
      () => seen.length >= 600,
      5000,
      'all 600 events, the last 300 sent after the first 300 arrived',
    );
    expect(seen.slice(0, 600)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(server.count('waitevent')).toBeGreaterThanOrEqual(1);
  });

  it('an answer cut by garbage keeps the events before it and reads the board again', async () => {
    let waits = 0;
    const server = await fake(async (request, res) => {
      head(res);
      if (request.action !== 'waitevent') {
        res.end(rawman({ Response: 'Success', Ping: 'Pong' }));
        return;
      }
      waits += 1;
      if (waits > 1) {
        setTimeout(() => res.end(rawman({ Response: 'Success' }, { Event: 'WaitEventComplete' })), 100);
        return;
      }
      res.write(rawman({ Response: 'Success' }, ...userEvents(0, 5)));
      await new Promise((r) => setTimeout(r, 50));
      res.end('<html>not rawman</html>\r\n\r\n');
    });
    const c = client(server);
    const seen: string[] = [];
    const statuses: ConnectionStatus[] = [];
    let resyncs = 0;
    c.onEvent((event) => seen.push(get(event, 'Seq') ?? ''));
    c.onStatus((status) => statuses.push(status));
    c.onResync(() => void (resyncs += 1));
    await c.connect();
    c.startEvents();
    await waitFor(() => resyncs >= 2 && waits >= 2, 5000, 'a resync after the garbled answer');
    expect(seen).toEqual(['0', '1', '2', '3', '4']);
    expect(statuses.find((s) => s.state === 'lost')?.error?.code).toBe('parse');
    expect(server.count('login')).toBe(1);
  });
});

describe('readRawmanBody', () => {
  async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
    for (const part of parts) yield Buffer.from(part);
  }

  it('delivers per chunk after an accepted response and keeps only the response', async () => {
    const batches: string[][] = [];
    const kept = await readRawmanBody(
      chunks('Response: Success\r\n\r\nEvent: A\r\n\r\nEvent: B\r\n', '\r\nEvent: C\r\n\r\n', 'Event: D\r\n'),
      'WaitEvent',
      {
        accept: (response) => get(response, 'Response') === 'Success',
        deliver: (messages: AmiMessage[]) => void batches.push(messages.map((m) => get(m, 'Event') ?? '')),
      },
    );
    expect(kept.map((m) => get(m, 'Response'))).toEqual(['Success']);
    expect(batches).toEqual([['A'], ['B', 'C'], ['D']]);
  });

  it('keeps everything when the response is refused, or without a stream', async () => {
    const body = () => chunks('Response: Error\r\nMessage: Permission denied\r\n\r\nEvent: A\r\n\r\n');
    let delivered = 0;
    const kept = await readRawmanBody(body(), 'WaitEvent', {
      accept: () => false,
      deliver: () => void (delivered += 1),
    });
    expect(kept).toHaveLength(2);
    expect(delivered).toBe(0);
    expect(await readRawmanBody(body(), 'WaitEvent')).toHaveLength(2);
  });

  it('throws a parse error naming the action, before the garbled chunk is handed on', async () => {
    const batches: number[] = [];
    const reading = readRawmanBody(
      chunks('Response: Success\r\n\r\nEvent: A\r\n\r\n', 'Event: B\r\n\r\n: bad\r\n'),
      'WaitEvent',
      { accept: () => true, deliver: (m) => void batches.push(m.length) },
    );
    await expect(reading).rejects.toMatchObject({
      code: 'parse',
      message: expect.stringMatching(/WaitEvent/),
    });
    expect(batches).toEqual([1]);
  });
});
