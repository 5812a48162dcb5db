import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AjamClient } from '../../electron/ajam/api';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { uploadFile, type UploadTarget } from '../../electron/upload/engine';
import {
  LoopbackPacer,
  PACE_CHECK_BYTES,
  PACE_MAX_UNREAD,
  peerUnread,
  planPlainHttp,
  UNPACED_SAFE_BYTES,
  unreadByPeer,
} from '../../electron/upload/tcp-pace';
import { loggedIn, randomFile, sha256File } from './helpers';

// Two lines as Linux prints them: 127.0.0.1:8088 <-> 127.0.0.1:40000 seen from both ends.
const TABLE = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:1F98 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
  '   1: 0100007F:9C40 0100007F:1F98 01 00000200:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1',
  '   2: 0100007F:1F98 0100007F:9C40 01 00000000:0000A000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1',
].join('\n');

describe('reading the PBX backlog from /proc/net/tcp', () => {
  it("takes rx_queue from the line of the PBX's end of this connection", () => {
    expect(unreadByPeer(TABLE, 40000, 8088)).toBe(0xa000);
    // Neither the listening socket nor another client's connection count.
    expect(unreadByPeer(TABLE, 40001, 8088)).toBeUndefined();
    expect(unreadByPeer(TABLE, 40000, 8089)).toBeUndefined();
    expect(unreadByPeer('', 40000, 8088)).toBeUndefined();
  });
});

describe('which plain-http uploads go, paced, unpaced or refused', () => {
  const remoteSafeBytes = 1024;
  const plan = (loopback: boolean, observable: boolean, size: number, override = false) =>
    planPlainHttp({ loopback, observable, size, remoteSafeBytes, override }).kind;

  it('paces every size on loopback when the PBX socket is visible', () => {
    expect(plan(true, true, 1)).toBe('paced');
    expect(plan(true, true, 2 ** 31 - 2)).toBe('paced');
    expect(plan(true, true, 10 << 20, true)).toBe('paced');
  });
  it('sends only what fits the receive window when it is not, unless overridden', () => {
    expect(plan(true, false, UNPACED_SAFE_BYTES)).toBe('unpaced');
    expect(
      planPlainHttp({
        loopback: true,
        observable: false,
        size: UNPACED_SAFE_BYTES + 1,
        remoteSafeBytes,
        override: false,
      }),
    ).toEqual({
      kind: 'refused',
      reason: 'unobservable',
    });
    expect(plan(true, false, UNPACED_SAFE_BYTES + 1, true)).toBe('unpaced');
  });
  it('refuses a remote host over 1 KiB unless overridden', () => {
    expect(plan(false, false, 1024)).toBe('unpaced');
    expect(
      planPlainHttp({ loopback: false, observable: false, size: 1025, remoteSafeBytes, override: false }),
    ).toEqual({
      kind: 'refused',
      reason: 'remote',
    });
    expect(plan(false, false, 1025, true)).toBe('unpaced');
  });
});

describe.runIf(existsSync('/proc/net/tcp'))('pacing against a real loopback socket (Linux)', () => {
  let server: Server;
  let accepted: Promise<Socket>;
  let port: number;
  beforeAll(async () => {
    // Paused from the start, like a PBX thread busy elsewhere: nothing leaves the kernel's queue.
    server = createServer({ pauseOnConnect: true });
    accepted = new Promise((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('holds writes back while the reader is not reading, and lets them go when it reads', async () => {
    const client = connect(port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    const peer = await accepted;
    expect(await peerUnread(client)).toBe(0);
    const pacer = new LoopbackPacer(client);
    expect(await pacer.observable()).toBe(true);
    const piece = Buffer.alloc(4000, 0x61);
    const total = 400 * 1000;
    let written = 0;
    const writer = (async () => {
      while (written < total) {
        await new Promise<void>((resolve, reject) => client.write(piece, (e) => (e ? reject(e) : resolve())));
        written += piece.length;
        await pacer.wrote(piece.length, () => false);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The reader took nothing: we stopped at the first check past the limit, far below the window.
    expect(written).toBeGreaterThan(PACE_MAX_UNREAD);
    expect(written).toBeLessThanOrEqual(PACE_MAX_UNREAD + PACE_CHECK_BYTES + piece.length);
    expect(await peerUnread(client)).toBe(written);
    let received = 0;
    peer.on('data', (chunk: Buffer) => (received += chunk.length));
    peer.resume();
    await writer;
    await new Promise<void>((resolve) => client.end(resolve));
    await new Promise((resolve) => peer.once('end', resolve));
    expect(received).toBe(total);
    client.destroy();
    peer.destroy();
  });
});

describe('plain http to a loopback PBX whose socket cannot be seen', () => {
  let work: string;
  let pbx: DemoPbx;
  let client: AjamClient;
  let target: UploadTarget;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ajam-pace-test-'));
    pbx = await startDemoPbx({ tls: false, callsPerSecond: 0 });
    ({ client, target } = await loggedIn(pbx, 'admin', {
      tcpTables: () => Promise.reject(new Error('no /proc here')),
    }));
  });
  afterAll(async () => {
    await client.close();
    await pbx.close();
    await rm(work, { recursive: true, force: true });
  });

  it('refuses files over 64 KiB before sending a byte, explaining the bug, the risk and the https fix', async () => {
    const path = await randomFile(work, 'big.wav', UNPACED_SAFE_BYTES + 1);
    const outcome = await uploadFile(target, { path, sendName: 'big.wav' });
    expect(outcome).toMatchObject({ status: 'failed', code: 'plain-http-refused' });
    if (outcome.status !== 'failed') return;
    const host = new URL(pbx.url).hostname;
    for (const needle of [
      'res_http_post',
      '100% CPU',
      'until Asterisk is restarted',
      'tlsenable = yes',
      `tlsbindaddr = ${host}:8089`,
      'tlscertfile',
      'tlsprivatekey',
      `https://${host}:8089/`,
      '--allow-risky-plain-http',
    ]) {
      expect(outcome.message).toContain(needle);
    }
    expect(await readdir(pbx.uploadsDir)).not.toContain('big.wav');
  });

  it('still sends a file that fits the receive window, and bigger ones with the override', async () => {
    const small = await randomFile(work, 'small.wav', UNPACED_SAFE_BYTES);
    expect(await uploadFile(target, { path: small, sendName: 'small.wav' })).toMatchObject({
      status: 'uploaded',
    });
    expect(await sha256File(join(pbx.uploadsDir, 'small.wav'))).toBe(await sha256File(small));
    const big = await randomFile(work, 'forced.wav', 200 * 1024);
    const forced = await uploadFile(
      { ...target, allowRiskyPlainHttp: true, replyTimeoutMs: 3000 },
      { path: big, sendName: 'forced.wav' },
    );
    expect(forced).not.toMatchObject({ code: 'plain-http-refused' });
  });
});
