/**
 * The size of every read Asterisk's upload module will make, learned by replaying its read loop.
 *
 * Why: `readmimefile()` in res/res_http_post.c asks `ast_iostream_read()` for `4096 - held` bytes
 * at a time and treats any shorter answer as a failure (it drops the bytes, never reaches
 * Content-Length, never replies, and spins a CPU core). `ast_iostream_read()` returns one TLS
 * record (one `SSL_read`) or what one TCP `read()` finds. So if the client sends each of the
 * server's reads as exactly one TLS record, every read comes back full. The sizes depend on the
 * body's bytes: how many bytes are held back while looking for the boundary, and where the part's
 * `filename="…"` ends (the loop cuts the buffer there). This class runs the same state machine
 * over the body as it is produced, with a 4096-byte buffer: constant memory for any file size.
 *
 * This is our own replay of the loop's observable behaviour, not Asterisk's code. The facts it
 * relies on (all in readmimefile/find_sequence):
 *  - a read asks for min(remaining Content-Length, 4096 - held); when that is 0 no read happens
 *    but the buffer is still processed;
 *  - the sequence search never tests the last position where the needle would fit, so a match
 *    must start before `held - needle.length`;
 *  - no boundary found: with fewer than `boundary.length` bytes held everything is flushed,
 *    otherwise all but the last `boundary.length - 1` bytes;
 *  - boundary found: everything up to its end is flushed, and on the next pass (after the next
 *    read) the loop looks once for `filename="`; if found and closed by a quote, the buffer is cut
 *    after that quote, and backslashes between the opening and the closing quote become slashes
 *    (in the buffer, so they affect later searches).
 */

/** `char buf[4096]` in readmimefile(). */
export const SERVER_READ_BUFFER = 4096;

/**
 * The size of each read through the long middle of a body (see ReadPlan.steadyReads): the buffer
 * less the `boundary length - 1` bytes the loop keeps back while looking for the boundary.
 */
export function steadyReadSize(boundaryLength: number): number {
  return SERVER_READ_BUFFER - (boundaryLength - 1);
}

const FILENAME_MARK = Buffer.from('filename="', 'latin1');
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const QUOTE = 0x22;

/** First index i of `needle` in buf[0, held) with i < held - needle.length (the loop's bound), or -1. */
function findBeforeEnd(buf: Buffer, held: number, needle: Buffer): number {
  // A match starting at i ends at i + len <= held - 1: searching buf[0, held - 1) gives exactly those.
  if (held - 1 < needle.length) return -1;
  return buf.subarray(0, held - 1).indexOf(needle);
}

export class ReadPlan {
  private readonly buf = Buffer.alloc(SERVER_READ_BUFFER);
  private readonly boundary: Buffer;
  private held = 0;
  private remaining: number;
  private wantFilename = false;
  private bodyOffset = 0;
  private pending = 0;
  private readsPlanned = 0;

  /**
   * @param boundary exactly the text after `boundary=` in the Content-Type header (Asterisk takes
   *   everything after it), as latin1 bytes.
   * @param contentLength the Content-Length that will be sent.
   * @param onBoundary called with the body offset of every place the server will see the boundary;
   *   the engine uses it to prove the file's bytes never contain it.
   */
  constructor(
    boundary: string,
    contentLength: number,
    private readonly onBoundary?: (bodyOffset: number) => void,
  ) {
    if (boundary.length === 0) throw new Error('empty multipart boundary');
    if (!Number.isSafeInteger(contentLength) || contentLength <= 0) {
      throw new Error(`invalid Content-Length ${contentLength}`);
    }
    this.boundary = Buffer.from(boundary, 'latin1');
    this.remaining = contentLength;
  }

  /** Reads planned so far (including the pending one). */
  get reads(): number {
    return this.readsPlanned;
  }

  /**
   * The size of the server's next read, or 0 when the server has read the whole body.
   * Call `supply()` with exactly that many bytes before asking again.
   */
  nextRead(): number {
    if (this.pending > 0) return this.pending;
    while (this.remaining > 0 || this.held > 0) {
      const room = SERVER_READ_BUFFER - this.held;
      const size = this.remaining > room ? room : this.remaining;
      if (size > 0) {
        this.pending = size;
        this.readsPlanned++;
        return size;
      }
      this.process();
    }
    return 0;
  }

  /** The bytes of the pending read, in body order: advances the replay past that read. */
  supply(bytes: Buffer): void {
    if (this.pending === 0) throw new Error('supply() without a pending read');
    if (bytes.length !== this.pending) {
      throw new Error(`supply() got ${bytes.length} bytes for a read of ${this.pending}`);
    }
    bytes.copy(this.buf, this.held);
    this.held += bytes.length;
    this.remaining -= bytes.length;
    this.bodyOffset += bytes.length;
    this.pending = 0;
    this.process();
  }

  /**
   * The loop's steady state, where most of a file is read: holding exactly the last
   * `boundary.length - 1` bytes and not looking for a filename. From there every read asks for
   * `4096 - (boundary.length - 1)` bytes for as long as the boundary does not show up and at least
   * that much Content-Length is left. Returns that size and how many such reads are left, or
   * undefined outside the steady state (then plan read by read).
   */
  steadyReads(): { readonly size: number; readonly count: number } | undefined {
    const keep = this.boundary.length - 1;
    const size = steadyReadSize(this.boundary.length);
    // (A boundary longer than half the buffer never settles like this: plan it read by read.)
    if (this.pending > 0 || this.wantFilename || this.held !== keep || size < keep) return undefined;
    const count = Math.floor(this.remaining / size);
    return count > 0 ? { size, count } : undefined;
  }

  /**
   * `count` steady reads at once (`bytes` holds exactly `count * size` bytes, see steadyReads()):
   * one search for the boundary in the held bytes and `bytes` instead of one pass per read. Where
   * the boundary occurs it replays read by read, so the outcome is exactly that of supply(), and
   * throws if that makes a read differ from `size` (the caller sent them as equal records).
   */
  supplySteady(bytes: Buffer, count: number): void {
    const steady = this.steadyReads();
    if (!steady || count > steady.count || bytes.length !== count * steady.size) {
      throw new Error(`supplySteady(${bytes.length} bytes, ${count}) outside the steady state`);
    }
    const keep = this.boundary.length - 1;
    const seam = Buffer.concat([this.buf.subarray(0, keep), bytes.subarray(0, keep)]);
    if (bytes.indexOf(this.boundary) < 0 && seam.indexOf(this.boundary) < 0) {
      // Never found, so every pass flushed all but the last `keep` bytes: those of `bytes`.
      bytes.copy(this.buf, 0, bytes.length - keep);
      this.remaining -= bytes.length;
      this.bodyOffset += bytes.length;
      this.readsPlanned += count;
      return;
    }
    for (let i = 0; i < count; i++) {
      const size = this.nextRead();
      if (size !== steady.size) {
        throw new Error(`read ${i} of a steady run is ${size} bytes, not ${steady.size}`);
      }
      this.supply(bytes.subarray(i * size, (i + 1) * size));
    }
  }

  /** One pass of the loop's processing after its read. */
  private process(): void {
    const buf = this.buf;
    if (this.wantFilename) {
      this.wantFilename = false;
      const at = findBeforeEnd(buf, this.held, FILENAME_MARK);
      if (at < 0) return;
      for (let i = at + FILENAME_MARK.length; i < this.held; i++) {
        if (buf[i] === BACKSLASH) buf[i] = SLASH;
        if (buf[i] === QUOTE) {
          buf.copy(buf, 0, i + 1, this.held);
          this.held -= i + 1;
          return;
        }
      }
      return;
    }
    const blen = this.boundary.length;
    const at = findBeforeEnd(buf, this.held, this.boundary);
    if (at >= 0) {
      this.onBoundary?.(this.bodyOffset - this.held + at);
      const cut = at + blen;
      buf.copy(buf, 0, cut, this.held);
      this.held -= cut;
      this.wantFilename = true;
    } else if (this.held < blen) {
      this.held = 0;
    } else {
      buf.copy(buf, 0, this.held - (blen - 1), this.held);
      this.held = blen - 1;
    }
  }
}

/** Every read size for a body held in memory (tests, small bodies). */
export function planReads(body: Buffer, boundary: string, contentLength = body.length): number[] {
  const plan = new ReadPlan(boundary, contentLength);
  const sizes: number[] = [];
  let offset = 0;
  for (let size = plan.nextRead(); size > 0; size = plan.nextRead()) {
    sizes.push(size);
    plan.supply(body.subarray(offset, offset + size));
    offset += size;
  }
  return sizes;
}
