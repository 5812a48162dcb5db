/**
 * The demo PBX's `[post_mappings]` body reader: it consumes the body exactly the way Asterisk's
 * res_http_post `readmimefile()` does, so it fails exactly where real Asterisk fails.
 *
 * Asterisk reads into a 4096-byte buffer, asking for `4096 - held` bytes (or what is left of
 * Content-Length); a read that returns fewer bytes is logged as "read failed" and its bytes are
 * dropped without counting them, so Content-Length is never reached and the request never gets a
 * reply. Here that is the `hung` outcome: the server must then never answer. Between reads the
 * buffer is scanned for the boundary (holding back `boundary.length - 1` bytes when none is seen),
 * and once after each boundary for `filename="…"`, whose value is cut to its basename with `\`
 * turned into `/`. What the loop passes on is parsed as multipart and every part with a filename
 * is saved under its basename inside `uploadsDir` — also the unquoted and RFC 2231 `filename*`
 * forms, which real Asterisk 22.10.1 writes outside its folder (captures 09i, 09j): the demo records
 * their raw name instead of following it.
 *
 * An implementation of the loop's behaviour written for the demo, independent of the client's
 * planner (electron/upload/plan.ts), so that the two check each other end to end.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { StoredUpload } from './api';
import type { IoStream } from './iostream';

export type PostOutcome =
  { kind: 'stored'; files: StoredUpload[] } | { kind: 'bad-request'; message: string } | { kind: 'hung' };

const READ_BUFFER = 4096;
const FILENAME_MARK = Buffer.from('filename="', 'latin1');
const NO_BOUNDARY = 'Cannot find boundary marker in POST request.';
/** Content-Length goes through `%u` into a signed int. */
const INT_MAX = 2 ** 31 - 1;

/**
 * Reads the POST body from `io` and stores its file parts in `uploadsDir`. The caller has already
 * checked the method, the session and write=config, and answers: 200 "File successfully
 * uploaded." for `stored` (also with no files, as Asterisk does), 400 with `message` for
 * `bad-request`, and nothing at all for `hung`.
 */
export async function receivePost(
  io: IoStream,
  request: { contentType: string; contentLength: number },
  uploadsDir: string,
): Promise<PostOutcome> {
  const marker = request.contentType.indexOf('boundary=');
  const length = request.contentLength;
  // Asterisk keeps everything after "boundary=" (quotes, later parameters and all) as the marker.
  const loopBoundary = marker < 0 ? '' : request.contentType.slice(marker + 'boundary='.length);
  if (marker < 0 || loopBoundary === '' || !Number.isInteger(length) || length <= 0 || length > INT_MAX) {
    return { kind: 'bad-request', message: NO_BOUNDARY };
  }
  const parts = new PartWriter(mimeBoundary(loopBoundary), uploadsDir);
  try {
    const complete = await readLikeAsterisk(io, Buffer.from(loopBoundary, 'latin1'), length, parts);
    if (!complete) {
      await parts.discard();
      return { kind: 'hung' };
    }
    return { kind: 'stored', files: await parts.finish() };
  } catch (error) {
    await parts.discard();
    throw error;
  }
}

/** The boundary a MIME parser (gmime) sees: the parameter value, unquoted. */
function mimeBoundary(afterMarker: string): string {
  if (afterMarker.startsWith('"')) {
    const end = afterMarker.indexOf('"', 1);
    return end > 0 ? afterMarker.slice(1, end) : afterMarker.slice(1);
  }
  return afterMarker.split(/[;\s]/)[0] ?? '';
}

/** find_sequence(): first match that starts before `len - needle.length` (the last fit is never tested). */
function findSequence(buf: Buffer, len: number, needle: Buffer): number {
  // A match starting before len - needle.length ends before len - 1: search that prefix natively.
  return len - 1 < needle.length ? -1 : buf.subarray(0, len - 1).indexOf(needle);
}

/** The read loop. Returns false at the first short read: real Asterisk would never answer. */
async function readLikeAsterisk(
  io: IoStream,
  boundary: Buffer,
  contentLength: number,
  out: PartWriter,
): Promise<boolean> {
  const buf = Buffer.alloc(READ_BUFFER);
  let held = 0;
  let left = contentLength;
  let lookForFilename = false;
  while (left > 0 || held > 0) {
    const want = Math.min(left, READ_BUFFER - held);
    if (want > 0) {
      // Most reads find a chunk already queued: only wait (and allocate a Promise) when none is.
      const got = io.tryRead(want) ?? (await io.read(want));
      if (got.length < want) return false;
      got.copy(buf, held);
      held += want;
      left -= want;
    }
    if (lookForFilename) {
      lookForFilename = false;
      const at = findSequence(buf, held, FILENAME_MARK);
      if (at < 0) continue;
      const nameStart = at + FILENAME_MARK.length;
      const original = Buffer.from(buf.subarray(nameStart, held));
      let close = -1;
      for (let i = nameStart; i < held; i++) {
        if (buf[i] === 0x5c) buf[i] = 0x2f;
        if (buf[i] === 0x22) {
          close = i;
          break;
        }
      }
      if (close < 0) continue;
      const value = buf.subarray(nameStart, close);
      const base = value.subarray(value.lastIndexOf(0x2f) + 1);
      await out.write(buf.subarray(0, nameStart));
      out.noteRewrite(original.subarray(0, close - nameStart).toString('latin1'));
      await out.write(Buffer.concat([base, Buffer.from('"')]));
      buf.copy(buf, 0, close + 1, held);
      held -= close + 1;
    } else {
      const at = findSequence(buf, held, boundary);
      if (at >= 0) {
        const end = at + boundary.length;
        await out.write(buf.subarray(0, end));
        buf.copy(buf, 0, end, held);
        held -= end;
        lookForFilename = true;
      } else if (held < boundary.length) {
        await out.write(buf.subarray(0, held));
        held = 0;
      } else {
        const keep = boundary.length - 1;
        const pending = out.write(buf.subarray(0, held - keep));
        if (pending) await pending;
        buf.copy(buf, 0, held - keep, held);
        held = keep;
      }
    }
  }
  return true;
}

interface OpenPart {
  readonly rawFilename: string;
  readonly finalPath: string;
  readonly stagingPath: string;
  readonly file: FileHandle;
  readonly data: BatchedWriter;
  size: number;
}

/** File data goes to disk in writes of this size (one in flight while the next one fills). */
const FLUSH_BYTES = 1024 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Parses the stream the loop passes on as multipart (as gmime does after Asterisk's loop) and
 * writes file parts to dot-named staging files in `uploadsDir`, renamed into place only when the
 * whole body has arrived (a hung upload stores nothing, like Asterisk).
 */
class PartWriter {
  private readonly delimiter: Buffer;
  /** The stream starts with "--boundary" and no CRLF: pretend one came first. */
  private pending: Buffer = Buffer.from('\r\n');
  private streamOffset = -2;
  private state: 'preamble' | 'after-delimiter' | 'headers' | 'content' | 'epilogue' = 'preamble';
  private part: OpenPart | undefined;
  private readonly done: OpenPart[] = [];
  private readonly rewrites: { offset: number; raw: string }[] = [];
  private written = 0;
  /** Scratch space for the bytes around the join of `pending` and a new write. */
  private readonly junction: Buffer;

  constructor(
    boundary: string,
    private readonly dir: string,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    this.junction = Buffer.alloc(2 * this.delimiter.length);
  }

  /** The loop rewrote the filename that starts at the stream's current offset; `raw` is what came in. */
  noteRewrite(raw: string): void {
    this.rewrites.push({ offset: this.written, raw });
  }

  /**
   * Takes the next bytes the loop passes on. `bytes` may be reused by the caller once the returned
   * Promise settles (or at once when there is none): the bytes are copied or written by then.
   */
  write(bytes: Buffer): Promise<void> | undefined {
    const tail = this.delimiter.length - 1;
    if (this.state === 'content' && bytes.length >= tail && this.pending.length <= tail) {
      // The common case inside a file part: when no delimiter starts in the held-back bytes or in
      // `bytes`, everything but the last `tail` bytes is file data. Same result as the general
      // parse below, without concatenating every write onto `pending`.
      const held = this.pending.length;
      this.pending.copy(this.junction, 0);
      bytes.copy(this.junction, held, 0, tail);
      const across = this.junction.subarray(0, held + tail).indexOf(this.delimiter) >= 0;
      if (!across && bytes.indexOf(this.delimiter) < 0) {
        this.written += bytes.length;
        const data = bytes.length - tail;
        const first = this.partData(this.pending);
        const second = first ? undefined : this.partData(bytes.subarray(0, data));
        this.streamOffset += held + data;
        this.pending = Buffer.from(bytes.subarray(data));
        if (first) return first.then(() => this.partData(bytes.subarray(0, data)));
        return second;
      }
    }
    return this.writeGeneral(bytes);
  }

  private async writeGeneral(bytes: Buffer): Promise<void> {
    this.written += bytes.length;
    this.pending = this.pending.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.pending, bytes]);
    await this.parse(false);
  }

  async finish(): Promise<StoredUpload[]> {
    await this.parse(true);
    await this.closePart();
    const stored: StoredUpload[] = [];
    for (const part of this.done) {
      await rename(part.stagingPath, part.finalPath);
      stored.push({ rawFilename: part.rawFilename, path: part.finalPath, size: part.size });
    }
    return stored;
  }

  async discard(): Promise<void> {
    const all = this.part ? [...this.done, this.part] : this.done;
    this.part = undefined;
    for (const part of all) {
      await part.data.settle().catch(() => undefined);
      await part.file.close().catch(() => undefined);
      await unlink(part.stagingPath).catch(() => undefined);
    }
    this.done.length = 0;
  }

  private consume(n: number): void {
    this.pending = this.pending.subarray(n);
    this.streamOffset += n;
  }

  private async parse(atEnd: boolean): Promise<void> {
    for (;;) {
      if (this.state === 'epilogue') {
        this.consume(this.pending.length);
        return;
      }
      if (this.state === 'preamble' || this.state === 'content') {
        const at = this.pending.indexOf(this.delimiter);
        if (at < 0) {
          // Everything but a possible start of the delimiter is content (or preamble noise).
          const safe = atEnd
            ? this.pending.length
            : Math.max(0, this.pending.length - (this.delimiter.length - 1));
          if (this.state === 'content') await this.partData(this.pending.subarray(0, safe));
          this.consume(safe);
          return;
        }
        if (this.state === 'content') await this.partData(this.pending.subarray(0, at));
        this.consume(at + this.delimiter.length);
        await this.closePart();
        this.state = 'after-delimiter';
        continue;
      }
      if (this.state === 'after-delimiter') {
        if (this.pending.length >= 2 && this.pending[0] === 0x2d && this.pending[1] === 0x2d) {
          this.state = 'epilogue';
          continue;
        }
        const eol = this.pending.indexOf('\n');
        if (eol < 0) {
          if (atEnd) this.consume(this.pending.length);
          return;
        }
        this.consume(eol + 1);
        this.state = 'headers';
        continue;
      }
      // headers
      const blank = this.pending.indexOf('\r\n\r\n');
      const headerStart = this.streamOffset;
      if (blank < 0) {
        if (atEnd || this.pending.length > MAX_HEADER_BYTES) {
          this.consume(this.pending.length);
          this.state = 'epilogue';
        }
        return;
      }
      const headers = this.pending.subarray(0, blank).toString('latin1');
      this.consume(blank + 4);
      await this.openPart(headers, headerStart, this.streamOffset);
      this.state = 'content';
    }
  }

  private async openPart(headers: string, from: number, to: number): Promise<void> {
    const name = partFilename(headers);
    const rewrite = this.rewrites.find((r) => r.offset >= from && r.offset < to);
    while (this.rewrites.length > 0 && (this.rewrites[0] as { offset: number }).offset < to)
      this.rewrites.shift();
    if (!name) return;
    const rawFilename = name.quoted && rewrite ? rewrite.raw : name.value;
    const base = name.value.split(/[\\/]/).pop() ?? '';
    if (base === '' || base === '.' || base === '..' || base.includes('\0')) return;
    const dir = resolve(this.dir);
    const finalPath = join(dir, base);
    if (dirname(finalPath) !== dir) return;
    const stagingPath = join(dir, `.demo-upload-${randomBytes(6).toString('hex')}.part`);
    const file = await open(stagingPath, 'wx');
    this.part = { rawFilename, finalPath, stagingPath, file, data: new BatchedWriter(file), size: 0 };
  }

  /** Copies `bytes` into the open part (if any); a Promise only when a full batch must wait. */
  private partData(bytes: Buffer): Promise<void> | undefined {
    const part = this.part;
    if (!part || bytes.length === 0) return undefined;
    part.size += bytes.length;
    return part.data.add(bytes);
  }

  private async closePart(): Promise<void> {
    const part = this.part;
    if (!part) return;
    this.part = undefined;
    await part.data.finish();
    await part.file.close();
    this.done.push(part);
  }
}

/**
 * Appends to a file in FLUSH_BYTES writes: bytes are copied into a batch, and a full batch is
 * written while the next one fills, so the read loop rarely waits for the disk.
 */
class BatchedWriter {
  private batch: Buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  private filled = 0;
  /** The batch being written, reused once that write has settled. */
  private writingBatch: Buffer | undefined;
  private spare: Buffer | undefined;
  private writing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(private readonly file: FileHandle) {}

  add(bytes: Buffer): Promise<void> | undefined {
    if (bytes.length < this.batch.length - this.filled) {
      this.filled += bytes.copy(this.batch, this.filled);
      return undefined;
    }
    return this.addFilling(bytes);
  }

  /** Waits for the write in flight; rethrows its error. */
  async settle(): Promise<void> {
    if (this.writing) {
      await this.writing;
      this.writing = undefined;
      this.spare = this.writingBatch;
      this.writingBatch = undefined;
    }
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure.error;
  }

  async finish(): Promise<void> {
    await this.settle();
    if (this.filled > 0) await writeAll(this.file, this.batch.subarray(0, this.filled));
    this.filled = 0;
  }

  private async addFilling(bytes: Buffer): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      const copied = bytes.copy(this.batch, this.filled, at);
      this.filled += copied;
      at += copied;
      if (this.filled === this.batch.length) await this.startWrite();
    }
  }

  private async startWrite(): Promise<void> {
    await this.settle();
    const full = this.batch;
    this.batch = this.spare ?? Buffer.allocUnsafe(FLUSH_BYTES);
    this.spare = undefined;
    this.filled = 0;
    this.writingBatch = full;
    this.writing = writeAll(this.file, full).catch((error: unknown) => {
      this.failure = { error };
    });
  }
}

async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  let at = 0;
  while (at < bytes.length) {
    const { bytesWritten } = await file.write(bytes, at, bytes.length - at);
    at += bytesWritten;
  }
}

/**
 * The part's filename as gmime reports it: RFC 2231 `filename*` decoded, else `filename` quoted or
 * bare, else Content-Type's `name`. `quoted` says it came from `filename="…"`, the only form
 * Asterisk's loop rewrites.
 */
export function partFilename(headers: string): { value: string; quoted: boolean } | undefined {
  const lines = headers.split(/\r?\n/);
  const header = (name: string): string | undefined =>
    lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1);
  const disposition = header('content-disposition') ?? '';
  const extended = /;\s*filename\*\s*=\s*([^;]*)/i.exec(disposition);
  if (extended) {
    const value = (extended[1] ?? '').trim();
    const quote = value.indexOf("'", value.indexOf("'") + 1);
    const encoded = quote >= 0 ? value.slice(quote + 1) : value;
    try {
      return { value: decodeURIComponent(encoded), quoted: false };
    } catch {
      return { value: encoded, quoted: false };
    }
  }
  const quoted = /;\s*filename\s*=\s*"([^"]*)"/i.exec(disposition);
  if (quoted) return { value: quoted[1] ?? '', quoted: true };
  const bare = /;\s*filename\s*=\s*([^;\s]+)/i.exec(disposition);
  if (bare) return { value: bare[1] ?? '', quoted: false };
  const name = /;\s*name\s*=\s*"?([^";]+)"?/i.exec(header('content-type') ?? '');
  return name ? { value: name[1] ?? '', quoted: false } : undefined;
}
