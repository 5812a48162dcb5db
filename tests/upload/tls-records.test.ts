import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { makeSelfSigned } from '../../electron/demo/tls';

/**
 * The demo PBX reads TLS "one record per read" by taking one Node 'data' chunk at a time, and the
 * engine relies on OpenSSL's max_send_fragment cutting a write into equal records. Both are
 * properties of Node/OpenSSL, checked here on real sockets.
 */
describe("Node's TLS socket", () => {
  it("delivers one 'data' chunk per record, even when many records arrive in one TCP read", async () => {
    const cert = await makeSelfSigned();
    const received: number[] = [];
    let total = 0;
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const expected: number[] = [];
    const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => {
      socket.on('data', (chunk: Buffer) => {
        received.push(chunk.length);
        total += chunk.length;
        if (total === expected.reduce((a, b) => a + b, 0)) done();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const client = tls.connect({ host: '127.0.0.1', port, ca: [cert.certPem] });
    await new Promise((r) => client.once('secureConnect', r));
    const write = (b: Buffer) =>
      new Promise<void>((res, rej) => client.write(b, (e) => (e ? rej(e) : res())));

    // Single records of assorted sizes, each its own awaited write.
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const size = 1 + Math.floor(rand() * 16384);
      expected.push(size);
    }
    // Runs of equal records cut by max_send_fragment from one write (what the engine does).
    // OpenSSL can lower the record size but never raise it again (its split_send_fragment stays), so
    // the engine only ever lowers it: the runs here go down too.
    const runs = [16384, 4096, 4060, 4053, 512];
    for (const r of runs) for (let i = 0; i < 50; i++) expected.push(r);

    for (const size of expected.slice(0, 300)) await write(Buffer.alloc(size, 1));
    for (const r of runs) {
      expect(client.setMaxSendFragment(r)).toBe(true);
      await write(Buffer.alloc(r * 50, 2));
    }
    await all;
    expect(received).toEqual(expected);
    client.destroy();
    await new Promise((r) => server.close(r));
  });

  it('cannot raise the record size again once lowered (why the engine only lowers it)', async () => {
    const cert = await makeSelfSigned();
    const received: number[] = [];
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    let total = 0;
    const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => {
      socket.on('data', (chunk: Buffer) => {
        received.push(chunk.length);
        if ((total += chunk.length) === 8192) done();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const client = tls.connect({ host: '127.0.0.1', port, ca: [cert.certPem] });
    await new Promise((r) => client.once('secureConnect', r));
    const write = (b: Buffer) =>
      new Promise<void>((res, rej) => client.write(b, (e) => (e ? rej(e) : res())));
    client.setMaxSendFragment(1024);
    await write(Buffer.alloc(4096));
    client.setMaxSendFragment(16384);
    await write(Buffer.alloc(4096));
    await all;
    expect(received).toEqual([1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024]);
    client.destroy();
    await new Promise((r) => server.close(r));
  });
});
