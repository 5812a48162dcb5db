import { describe, expect, it } from 'vitest';
import { buildMultipart } from '../../electron/upload/multipart';
import { planReads, ReadPlan, SERVER_READ_BUFFER } from '../../electron/upload/plan';
import { referenceReadmimefile } from './readmimefile-reference';

/** Small deterministic PRNG so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function randomBytesFrom(next: () => number, n: number, alphabet?: Buffer): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    out[i] = alphabet ? (alphabet[Math.floor(next() * alphabet.length)] as number) : Math.floor(next() * 256);
  }
  return out;
}

function fullBody(name: string, file: Buffer, boundary: string): Buffer {
  const mp = buildMultipart(name, file.length, boundary);
  return Buffer.concat([mp.head, file, mp.tail]);
}

describe('ReadPlan (the replay of readmimefile)', () => {
  it('equals a literal simulation for file sizes around every 4096-byte boundary up to 64 KiB', () => {
    const next = rng(7);
    const boundary = 'AjamConsole-0123456789abcdef0123456789abcdef';
    for (let k = 0; k <= 16; k++) {
      for (let delta = -3; delta <= 3; delta++) {
        const size = Math.max(1, k * SERVER_READ_BUFFER + delta);
        const body = fullBody(
          'exten-113-3004579622-20250802-120405-1754153905.5203765.wav',
          randomBytesFrom(next, size),
          boundary,
        );
        const planned = planReads(body, boundary);
        expect(planned, `file size ${size}`).toEqual(referenceReadmimefile(body, boundary).reads);
        expect(planned.reduce((a, b) => a + b, 0)).toBe(body.length);
      }
    }
  });

  it('equals a literal simulation over many random bodies with boundaries, filename markers and backslashes inside', () => {
    const next = rng(20251126);
    const boundaries = ['ab', 'a/b', '--a/b-', 'xyz', 'b', '/', 'AjamConsole-ff00'];
    for (let round = 0; round < 3000; round++) {
      const boundary = boundaries[round % boundaries.length] as string;
      // Bodies built from the tokens the loop reacts to, dense enough that boundaries end exactly at
      // the end of the buffer, filenames lose their closing quote to a read edge, and rewritten
      // backslashes form a boundary.
      const tokens = [boundary, 'filename="', 'a\\b', '"', 'C:\\x\\y.wav"', '\r\n', 'a', 'b', '/', '\\'];
      const pieces: Buffer[] = [];
      const target = 1 + Math.floor(next() * 3 * SERVER_READ_BUFFER);
      // Sparse rounds make a boundary the first and only one in the buffer, which is when the
      // loop's "never the last position" bound matters; dense rounds exercise the rest.
      const density = next() < 0.5 ? 0.01 + next() * 0.05 : 0.7;
      let length = 0;
      while (length < target) {
        const r = next();
        const piece =
          r < density
            ? Buffer.from(tokens[Math.floor(next() * tokens.length)] as string, 'latin1')
            : randomBytesFrom(next, Math.floor(next() * 64));
        pieces.push(piece);
        length += piece.length;
      }
      const body = Buffer.concat(pieces);
      expect(planReads(body, boundary), `round ${round}`).toEqual(
        referenceReadmimefile(body, boundary).reads,
      );
    }
  });

  it('equals a literal simulation where a boundary, a filename or its closing quote meets the end of a read', () => {
    const q = (n: number) => Buffer.alloc(n, 0x71);
    for (const boundary of ['xyz', 'a/b', 'AjamConsole-ff00']) {
      const b = Buffer.from(boundary, 'latin1');
      for (let edge = SERVER_READ_BUFFER - 48; edge <= SERVER_READ_BUFFER + 8; edge++) {
        const bodies = [
          // the boundary ends exactly at (or near) the end of the first buffer
          Buffer.concat([q(edge - b.length), b, q(6000)]),
          // the closing quote of a filename lands at (or near) the end of a buffer
          Buffer.concat([b, Buffer.from('filename="'), q(edge - b.length - 10), Buffer.from('"'), q(6000)]),
          // no closing quote in the buffer: rewritten backslashes stay and can form the boundary
          Buffer.concat([b, Buffer.from('filename="a\\b'), q(edge), Buffer.from('"'), q(6000)]),
          // a second boundary right after a filename cut
          Buffer.concat([q(edge % 97), b, Buffer.from('filename="x"'), b, q(edge)]),
        ];
        for (const [i, body] of bodies.entries()) {
          expect(planReads(body, boundary), `${boundary} edge ${edge} body ${i}`).toEqual(
            referenceReadmimefile(body, boundary).reads,
          );
        }
      }
    }
  });

  it('equals a literal simulation when Content-Length differs from the bytes the loop sees', () => {
    const next = rng(99);
    for (let round = 0; round < 50; round++) {
      const boundary = 'AjamConsole-abcdef0123456789';
      const body = fullBody('a.wav', randomBytesFrom(next, 1 + Math.floor(next() * 20000)), boundary);
      const shorter = Math.max(1, body.length - Math.floor(next() * 100));
      expect(planReads(body, boundary, shorter)).toEqual(
        referenceReadmimefile(body, boundary, shorter).reads,
      );
    }
  });

  it('reports where the server sees the boundary, in body offsets', () => {
    const boundary = 'AjamConsole-0123456789abcdef';
    const file = Buffer.alloc(10_000, 0x41);
    const mp = buildMultipart('x.wav', file.length, boundary);
    const body = Buffer.concat([mp.head, file, mp.tail]);
    const seen: number[] = [];
    const plan = new ReadPlan(boundary, body.length, (offset) => seen.push(offset));
    let at = 0;
    for (let n = plan.nextRead(); n > 0; n = plan.nextRead()) {
      plan.supply(body.subarray(at, at + n));
      at += n;
    }
    expect(seen).toEqual([2, mp.head.length + file.length + 4]);
    expect(body.toString('latin1', seen[0], (seen[0] as number) + boundary.length)).toBe(boundary);
  });

  it('refuses to be fed the wrong number of bytes', () => {
    const plan = new ReadPlan('AjamConsole-0123456789abcdef', 100);
    expect(plan.nextRead()).toBe(100);
    expect(() => plan.supply(Buffer.alloc(99))).toThrow(/99 bytes for a read of 100/);
  });

  it('keeps memory constant: 64 MiB of body through the planner leaves the heap flat', () => {
    const boundary = 'AjamConsole-0123456789abcdef';
    const chunk = Buffer.alloc(SERVER_READ_BUFFER, 0x55);
    const total = 64 * 1024 * 1024;
    const plan = new ReadPlan(boundary, total);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let reads = 0;
    for (let n = plan.nextRead(); n > 0; n = plan.nextRead()) {
      plan.supply(chunk.subarray(0, n));
      reads++;
    }
    const grown = process.memoryUsage().heapUsed - before;
    expect(reads).toBeGreaterThan(total / SERVER_READ_BUFFER);
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });
});
