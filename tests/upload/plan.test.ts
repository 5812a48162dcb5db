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

  /**
   * The planner fed the way the engine feeds it: whole steady runs (of a random length) wherever
   * steadyReads() offers one, read by read elsewhere. Returns the read sizes in order, or where a
   * run was refused because a read inside it would not have been steady.
   */
  function planBySteadyRuns(
    body: Buffer,
    boundary: string,
    next: () => number,
  ): number[] | { refusedAt: number } {
    const plan = new ReadPlan(boundary, body.length);
    const sizes: number[] = [];
    let at = 0;
    for (;;) {
      const steady = plan.steadyReads();
      if (steady && next() < 0.8) {
        const count = 1 + Math.floor(next() * steady.count);
        try {
          plan.supplySteady(body.subarray(at, at + count * steady.size), count);
        } catch (error) {
          if (/of a steady run is/.test((error as Error).message)) return { refusedAt: at };
          throw error;
        }
        for (let i = 0; i < count; i++) sizes.push(steady.size);
        at += count * steady.size;
        continue;
      }
      const n = plan.nextRead();
      if (n === 0) return sizes;
      plan.supply(body.subarray(at, at + n));
      sizes.push(n);
      at += n;
    }
  }

  it('plans whole steady runs exactly as read by read, also with the boundary or its prefixes in the file', () => {
    const next = rng(4242);
    const boundary = 'AjamConsole-0123456789abcdef0123456789abcdef';
    const steadySize = SERVER_READ_BUFFER - (boundary.length - 1);
    let refused = 0;
    for (let round = 0; round < 300; round++) {
      const size = 1 + Math.floor(next() * 12 * SERVER_READ_BUFFER);
      const file = randomBytesFrom(next, size);
      // Plant prefixes of the boundary (which make the search look hard) and, in some rounds, the
      // boundary itself, often right at the edge of a steady read, where the loop never sees it.
      for (let i = 0; i < 6; i++) {
        const cut = next() < 0.7 ? Math.floor(next() * boundary.length) : boundary.length;
        if (cut === boundary.length && round % 3 !== 0) continue;
        const nearEdge = next() < 0.5;
        const where = nearEdge
          ? Math.max(0, Math.floor(next() * 10) * steadySize - cut + Math.floor(next() * 3) - 1)
          : Math.floor(next() * size);
        Buffer.from(boundary.slice(0, cut), 'latin1').copy(file, Math.min(where, Math.max(0, size - cut)));
      }
      const body = fullBody('a.wav', file, boundary);
      const expected = referenceReadmimefile(body, boundary).reads;
      const got = planBySteadyRuns(body, boundary, next);
      if (Array.isArray(got)) {
        expect(got, `round ${round}`).toEqual(expected);
      } else {
        // Refused only where the literal loop really changes its read size inside that run.
        refused++;
        let offset = 0;
        const sizesFrom = expected.filter((n) => (offset += n) > got.refusedAt);
        expect(
          sizesFrom.slice(0, -1).some((n) => n !== steadySize),
          `round ${round}`,
        ).toBe(true);
      }
    }
    // The planted boundaries did reach the fallback (the test can tell a refusal from a pass).
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses a steady run outside the steady state or of the wrong length', () => {
    const boundary = 'AjamConsole-0123456789abcdef';
    const body = fullBody('a.wav', Buffer.alloc(50_000, 0x51), boundary);
    const plan = new ReadPlan(boundary, body.length);
    // The opening boundary was not yet seen: reads are planned one by one.
    expect(plan.steadyReads()).toBeUndefined();
    let at = 0;
    while (!plan.steadyReads()) {
      const n = plan.nextRead();
      plan.supply(body.subarray(at, at + n));
      at += n;
    }
    const steady = plan.steadyReads()!;
    expect(steady.size).toBe(SERVER_READ_BUFFER - (boundary.length - 1));
    expect(() => plan.supplySteady(body.subarray(at, at + steady.size + 1), 1)).toThrow(/outside the steady/);
    expect(() => plan.supplySteady(Buffer.alloc(0), steady.count + 1)).toThrow(/outside the steady/);
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
