/**
 * Only a whole, unchanged file counts as uploaded: a file that grows or is rewritten while it is
 * being sent, and a 200 that arrives before the whole body went out, are failures with their own
 * messages. Real files, and real servers on 127.0.0.1: the demo PBX over plain http (paced), and a
 * misbehaving server that answers Asterisk's success page as soon as the body starts.
 */
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AjamClient } from '../../electron/ajam/api';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { uploadFile, type UploadTarget } from '../../electron/upload/engine';
import { UploadQueue } from '../../electron/upload/queue';
import { loggedIn, randomFile, sha256File } from './helpers';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ajam-upload-changes-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a file that changes while it is sent, to the demo PBX over http on 127.0.0.1', () => {
  let pbx: DemoPbx;
  let client: AjamClient;
  let target: UploadTarget;
  beforeAll(async () => {
    pbx = await startDemoPbx({ callsPerSecond: 0, calls: 0 });
    ({ client, target } = await loggedIn(pbx));
    expect(pbx.url.startsWith('http://127.0.0.1:')).toBe(true);
  });
  afterAll(async () => {
    await client.close();
    await pbx.close();
  });

  it('a file that grows during the upload fails instead of being reported done', async () => {
    const size = 8 * 1024 * 1024;
    const path = await randomFile(work, 'growing.wav', size);
    let appendedAt: number | undefined;
    const outcome = await uploadFile(target, {
      path,
      sendName: 'growing.wav',
      onProgress: (p) => {
        // A recorder still writing: more audio lands while the first megabytes are on the wire.
        if (appendedAt === undefined && p.sentBytes > 0 && p.sentBytes < size) {
          appendedAt = p.sentBytes;
          appendFileSync(path, Buffer.alloc(32 * 1024, 1));
        }
      },
    });
    expect(appendedAt, 'the append happened mid-upload').toBeDefined();
    expect(outcome).toMatchObject({
      status: 'failed',
      code: 'file-changed',
      notice: {
        key: 'upload.file-grew',
        params: { name: 'growing.wav', sentBytes: size, nowBytes: size + 32 * 1024 },
      },
    });
    if (outcome.status === 'failed') expect(outcome.message).toMatch(/grew from 8\.0 MiB to 8\.0 MiB/);
    // What the PBX holds is the file as it was when the upload began: not the file the operator has.
    const stored = join(pbx.uploadsDir, 'growing.wav');
    expect(pbx.uploads().find((u) => u.path === stored)?.size).toBe(size);
    expect(await sha256File(stored)).not.toBe(await sha256File(path));
  }, 60_000);

  it('a file rewritten in place (same size, new mtime) fails too, and the queue never marks it done', async () => {
    const size = 8 * 1024 * 1024;
    const path = await randomFile(work, 'rewritten.wav', size);
    const queue = new UploadQueue({ target: () => target });
    let touched = false;
    queue.onChange((item) => {
      if (!touched && item.state === 'uploading' && item.sentBytes > 0 && item.sentBytes < size) {
        touched = true;
        const fd = openSync(path, 'r+');
        writeSync(fd, Buffer.from('edited'), 0, 6, size - 6);
        closeSync(fd);
      }
    });
    const [item] = await queue.add([path]);
    await queue.idle();
    expect(touched).toBe(true);
    const final = queue.get(item?.id ?? '');
    expect(final?.state).toBe('failed');
    expect(final?.error?.code).toBe('file-changed');
    expect(final?.error?.message).toMatch(
      /rewritten\.wav changed while it was being uploaded \(it was modified\)/,
    );
  }, 60_000);

  it('the same file left alone is uploaded (the check does not refuse unchanged files)', async () => {
    const path = await randomFile(work, 'steady.wav', 2 * 1024 * 1024);
    expect(await uploadFile(target, { path, sendName: 'steady.wav' })).toMatchObject({ status: 'uploaded' });
    expect(await sha256File(join(pbx.uploadsDir, 'steady.wav'))).toBe(await sha256File(path));
  }, 60_000);
});

/** Asterisk's success page (capture 09a), which this server sends far too early. */
const SUCCESS_PAGE =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>200 OK</title>\r\n</head><body>\r\n' +
  '<h1>OK</h1>\r\n<p>File successfully uploaded.</p>\r\n<hr />\r\n<address>Asterisk/22.10.1</address>\r\n</body></html>\r\n';

/** Answers 200 "File successfully uploaded." once `afterBodyBytes` of the body arrived; reads on. */
async function earlyReplier(
  afterBodyBytes: number,
): Promise<{ server: Server; port: number; got: () => number }> {
  let received = 0;
  const server = createServer((socket: Socket) => {
    let head = Buffer.alloc(0);
    let body = -1;
    socket.on('data', (chunk: Buffer) => {
      if (body < 0) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        body = head.length - end - 4;
      } else {
        body += chunk.length;
      }
      received = Math.max(received, body);
      if (body >= afterBodyBytes && !socket.writableEnded) {
        socket.end(
          'HTTP/1.1 200 OK\r\nServer: Asterisk/22.10.1\r\nConnection: close\r\nContent-type: text/html\r\n' +
            `Content-Length: ${Buffer.byteLength(SUCCESS_PAGE)}\r\n\r\n${SUCCESS_PAGE}`,
        );
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, got: () => received };
}

describe('a 200 before the whole file was sent', () => {
  it('is a failure with its own message, not "answered 200 but not File successfully uploaded."', async () => {
    const size = 4 * 1024 * 1024;
    const path = await randomFile(work, 'early.wav', size);
    const { server, port, got } = await earlyReplier(64 * 1024);
    try {
      const outcome = await uploadFile(
        {
          baseUrl: `http://127.0.0.1:${port}/asterisk`,
          mapping: 'recordings',
          cookie: () => 'abcdef12',
          relogin: async () => {},
        },
        { path, sendName: 'early.wav' },
      );
      expect(outcome).toMatchObject({
        status: 'failed',
        code: 'early-reply',
        httpStatus: 200,
        pbxMessage: 'File successfully uploaded.',
        notice: { key: 'upload.early-reply', params: { name: 'early.wav', totalBytes: size } },
      });
      if (outcome.status !== 'failed') return;
      const sent = (outcome.notice?.params as { sentBytes: number }).sentBytes;
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(size);
      expect(got()).toBeLessThan(size);
      expect(outcome.message).not.toMatch(/but not "File successfully uploaded\."/);
      expect(outcome.message).toMatch(
        /answered 200 \(.*\) when only .* of 4\.0 MiB of early\.wav had been sent/,
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
