/**
 * The body source the engine sends from: real files on disk, read in 1 MiB blocks. What it hands
 * out must be exactly head + file + tail, whether taken piece by piece, in whole-block views (the
 * engine's steady runs) or from blocks a finished upload handed on (release()).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_BLOCK_BYTES, BodySource } from '../../electron/upload/body';
import { buildMultipart } from '../../electron/upload/multipart';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ajam-upload-body-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Everything `source` hands out, in views of whole blocks where it can and odd pieces elsewhere. */
async function drain(source: BodySource, contentLength: number, fileStart: number): Promise<Buffer> {
  const out: Buffer[] = [];
  let at = 0;
  while (at < contentLength) {
    const viewable = at >= fileStart ? await source.viewableBytes() : 0;
    const n = viewable > 0 ? viewable : Math.min(4053, contentLength - at);
    // Views are valid until the next take(): copy them as the engine's write would consume them.
    out.push(Buffer.from(await source.take(n)));
    at += n;
  }
  return Buffer.concat(out);
}

describe('BodySource', () => {
  it('hands out exactly head + file + tail, also from blocks a finished upload released', async () => {
    const sizes = [3 * BODY_BLOCK_BYTES + 12_345, 70_000, 2 * BODY_BLOCK_BYTES, 1];
    for (const [i, size] of sizes.entries()) {
      const file = randomBytes(size);
      const path = join(work, `f${i}.wav`);
      await writeFile(path, file);
      const body = buildMultipart(`f${i}.wav`, size);
      const handle = await open(path, 'r');
      try {
        const source = new BodySource(handle, body);
        const got = await drain(source, body.contentLength, body.head.length);
        expect(got.equals(Buffer.concat([body.head, file, body.tail])), `file ${i}`).toBe(true);
        // The next file reads into these blocks: a stale byte would show up in its comparison.
        source.release();
      } finally {
        await handle.close();
      }
    }
  });

  it('offers no view outside the file, and the rest of the current block inside it', async () => {
    const size = BODY_BLOCK_BYTES + 100;
    const path = join(work, 'views.wav');
    await writeFile(path, randomBytes(size));
    const body = buildMultipart('views.wav', size);
    const handle = await open(path, 'r');
    try {
      const source = new BodySource(handle, body);
      expect(await source.viewableBytes()).toBe(0);
      await source.take(body.head.length);
      expect(await source.viewableBytes()).toBe(BODY_BLOCK_BYTES);
      await source.take(BODY_BLOCK_BYTES - 10);
      expect(await source.viewableBytes()).toBe(10);
      await source.take(10);
      expect(await source.viewableBytes()).toBe(100);
      await source.take(100);
      expect(await source.viewableBytes()).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
