/**
 * An emulation of Asterisk's `ast_iostream` (main/iostream.c) over a Node socket.
 *
 * Why it exists: res_http_post's `readmimefile()` treats a short `ast_iostream_read()` as a failure,
 * so whether an upload works depends on exactly how many bytes each read returns. To behave like
 * Asterisk the demo must read the request head the way Asterisk does (`ast_iostream_gets` through a
 * 2048-byte buffer filled by single reads, leaving whatever arrived with the head in that buffer) and
 * hand out body bytes one socket read at a time.
 */
import type { Socket } from 'node:net';

/** Size of `struct ast_iostream.rbuf`. */
export const IOSTREAM_RBUF_SIZE = 2048;
const MAX_QUEUED = 1 << 20;
const EMPTY = Buffer.alloc(0);

export interface IoStream {
  /**
   * ast_iostream_read: first whatever is left in the 2048-byte buffer the request head was read
   * through; otherwise waits for the next chunk the socket delivers and returns at most `max` bytes
   * of it (TLS: one record = one Node 'data' chunk; TCP: what has arrived, possibly several queued
   * chunks, up to max). Resolves with an empty Buffer at EOF. Never waits for a second chunk.
   */
  read(max: number): Promise<Buffer>;
  /**
   * The same read when it can be answered now (head-buffer leftovers, a queued chunk, or EOF);
   * `undefined` when `read` would have to wait. Lets a hot loop skip a Promise per read.
   */
  tryRead(max: number): Buffer | undefined;
}

export interface HeadStream extends IoStream {
  /**
   * ast_iostream_gets: one line (with its `\n`) of at most `size - 1` bytes, read through the
   * 2048-byte buffer. Resolves with an empty Buffer at EOF before any byte.
   */
  gets(size: number): Promise<Buffer>;
  /** ast_iostream_discard: reads and drops `length` bytes; resolves with how many were dropped. */
  discard(length: number): Promise<number>;
  /** True once the peer has ended or the socket closed. */
  readonly ended: boolean;
}

/**
 * What one `read()`/`SSL_read()` of the socket would return. TCP: everything queued in the kernel
 * (all chunks Node has delivered), up to `max`. TLS: the rest of one record (one 'data' chunk).
 */
class SocketReader {
  private readonly chunks: Buffer[] = [];
  private queued = 0;
  private eof = false;
  private waiter: (() => void) | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly recordMode: boolean,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.queued += chunk.length;
      // Backpressure instead of unbounded memory: a kernel buffer is finite too.
      if (this.queued > MAX_QUEUED) socket.pause();
      this.wake();
    });
    const end = (): void => {
      this.eof = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  get ended(): boolean {
    return this.eof && this.chunks.length === 0;
  }

  get closed(): boolean {
    return this.eof;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** One read of at most `max` bytes; empty Buffer at EOF. Waits (without spinning) for data. */
  async read(max: number): Promise<Buffer> {
    for (;;) {
      const got = this.tryRead(max);
      if (got) return got;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  /** `read` when it would not wait; `undefined` when no chunk is queued yet. */
  tryRead(max: number): Buffer | undefined {
    if (this.chunks.length === 0) return this.eof ? EMPTY : undefined;
    if (this.recordMode) return this.take(max);
    const parts: Buffer[] = [];
    let total = 0;
    while (this.chunks.length > 0 && total < max) {
      const part = this.take(max - total);
      parts.push(part);
      total += part.length;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total);
  }

  private take(max: number): Buffer {
    const first = this.chunks[0] as Buffer;
    let out: Buffer;
    if (first.length <= max) {
      this.chunks.shift();
      out = first;
    } else {
      this.chunks[0] = first.subarray(max);
      out = first.subarray(0, max);
    }
    this.queued -= out.length;
    if (this.queued <= MAX_QUEUED && this.socket.isPaused()) this.socket.resume();
    return out;
  }
}

/** The ast_iostream of one HTTP connection. `tls` selects SSL_read semantics (one record per read). */
export function createIoStream(socket: Socket, tls: boolean): HeadStream {
  const reader = new SocketReader(socket, tls);
  const rbuf = Buffer.alloc(IOSTREAM_RBUF_SIZE);
  let head = 0;
  let len = 0;

  const fromBuffer = (count: number): Buffer => {
    const out = Buffer.from(rbuf.subarray(head, head + count));
    head += count;
    len -= count;
    return out;
  };

  const stream: HeadStream = {
    get ended() {
      return len === 0 && reader.ended;
    },

    async read(max: number): Promise<Buffer> {
      return stream.tryRead(max) ?? reader.read(max);
    },

    tryRead(max: number): Buffer | undefined {
      if (max <= 0) return Buffer.alloc(0);
      if (len > 0) return fromBuffer(Math.min(max, len));
      return reader.tryRead(max);
    },

    async gets(size: number): Promise<Buffer> {
      const accum: Buffer[] = [];
      let accumSize = 0;
      let remaining = size;
      let take: number;
      for (;;) {
        const nl = rbuf.subarray(head, head + len).indexOf(0x0a);
        if (nl >= 0) {
          take = Math.min(nl + 1, remaining - 1);
          break;
        }
        if (len >= remaining - 1) {
          take = remaining - 1;
          break;
        }
        if (len > 0) {
          accum.push(fromBuffer(len));
          remaining -= accum[accum.length - 1]!.length;
          accumSize += accum[accum.length - 1]!.length;
        }
        head = 0;
        const got = await reader.read(IOSTREAM_RBUF_SIZE);
        if (got.length === 0) {
          take = 0;
          break;
        }
        got.copy(rbuf, 0);
        len = got.length;
      }
      if (take > 0) accum.push(fromBuffer(take));
      return accumSize === 0 && accum.length === 1 ? (accum[0] as Buffer) : Buffer.concat(accum);
    },

    async discard(length: number): Promise<number> {
      let done = 0;
      while (done < length) {
        const got = await stream.read(Math.min(length - done, 65536));
        if (got.length === 0) break;
        done += got.length;
      }
      return done;
    },
  };
  return stream;
}
