/**
 * The body's bytes in order (multipart head, the file from disk, multipart tail), handed out in
 * exact-size pieces. The file is read in large blocks with one block read ahead, two blocks reused
 * in turn, so memory stays at two blocks whatever the file size. A piece inside one block is a
 * view, not a copy: it is valid until the next take() (copy it to keep it longer).
 */
import type { FileHandle } from 'node:fs/promises';
import type { MultipartBody } from './multipart';

export const BODY_BLOCK_BYTES = 1024 * 1024;

/**
 * Full-size blocks left by finished uploads, for the next ones: allocated per file, 1 MiB at a time
 * outside the V8 heap, they made the garbage collector run every few small files.
 */
const pooledBlocks: Buffer[] = [];
const MAX_POOLED_BLOCKS = 4;

export class FileChangedError extends Error {
  override readonly name = 'FileChangedError';
}

export class BodySource {
  private offset = 0;
  private block: Buffer = Buffer.alloc(0);
  private blockStart = 0;
  private nextFileOffset = 0;
  private readAhead: Promise<Buffer> | undefined;
  /** Two blocks in turn: one being handed out, one being read ahead. */
  private readonly spares: Buffer[] = [];
  /** The full-size buffers behind this source's blocks (at most two), returned by release(). */
  private readonly owned: Buffer[] = [];

  constructor(
    private readonly file: FileHandle,
    private readonly body: MultipartBody,
    private readonly blockBytes = BODY_BLOCK_BYTES,
    /** Sees every file block once, in file order, as it is handed out (e.g. to hash what is sent). */
    private readonly onFileBlock?: (block: Buffer) => void,
  ) {}

  /** Body bytes handed out so far. */
  get position(): number {
    return this.offset;
  }

  /**
   * How many file bytes from here take() can hand out as one view, without a copy: the rest of the
   * current block, moving on to the next block when this one is used up (which frees the views
   * handed out before, as take() does). 0 outside the file.
   */
  async viewableBytes(): Promise<number> {
    const inFile = this.offset - this.body.head.length;
    if (inFile < 0 || inFile >= this.body.fileSize) return 0;
    if (inFile >= this.blockStart + this.block.length) await this.nextBlock();
    return this.blockStart + this.block.length - inFile;
  }

  /** Exactly the next `n` body bytes. Rejects with FileChangedError when the file got shorter. */
  async take(n: number): Promise<Buffer> {
    const end = this.offset + n;
    if (end > this.body.contentLength) throw new Error(`take(${n}) past the end of the body`);
    const fileStart = this.body.head.length;
    const fileEnd = fileStart + this.body.fileSize;
    // Fast path: the whole piece lies in the current file block.
    if (this.offset >= fileStart && end <= fileEnd) {
      const from = this.offset - fileStart - this.blockStart;
      if (from >= 0 && from + n <= this.block.length) {
        this.offset = end;
        return this.block.subarray(from, from + n);
      }
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const at = this.offset;
      const want = n - filled;
      let copied: number;
      if (at < fileStart) {
        copied = this.body.head.copy(out, filled, at, Math.min(fileStart, at + want));
      } else if (at < fileEnd) {
        const inFile = at - fileStart;
        if (inFile < this.blockStart || inFile >= this.blockStart + this.block.length) await this.nextBlock();
        const from = inFile - this.blockStart;
        copied = this.block.copy(out, filled, from, Math.min(this.block.length, from + want));
      } else {
        copied = this.body.tail.copy(out, filled, at - fileEnd, at - fileEnd + want);
      }
      filled += copied;
      this.offset = at + copied;
    }
    return out;
  }

  private async nextBlock(): Promise<void> {
    const pending = this.readAhead ?? this.readBlock(this.nextFileOffset);
    this.readAhead = undefined;
    const block = await pending;
    // The block handed out until now is free again: pieces are views that callers copy or finish
    // with before asking for more.
    if (this.block.length === this.blockBytes) this.spares.push(this.block);
    this.blockStart = this.nextFileOffset;
    this.block = block;
    this.onFileBlock?.(block);
    this.nextFileOffset += block.length;
    if (this.nextFileOffset < this.body.fileSize) this.readAhead = this.readBlock(this.nextFileOffset);
    // Keep a rejected read-ahead from being reported as unhandled before anyone awaits it.
    this.readAhead?.catch(() => undefined);
  }

  /**
   * Hands this source's blocks on to later uploads. Only for a source that is done: every view it
   * handed out must be finished with (written and awaited). Blocks a read may still land in are
   * kept back.
   */
  release(): void {
    if (this.readAhead) return;
    for (const block of this.owned) {
      if (block.length === BODY_BLOCK_BYTES && pooledBlocks.length < MAX_POOLED_BLOCKS)
        pooledBlocks.push(block);
    }
    this.owned.length = 0;
    this.spares.length = 0;
    this.block = Buffer.alloc(0);
  }

  private async readBlock(position: number): Promise<Buffer> {
    const size = Math.min(this.blockBytes, this.body.fileSize - position);
    let spare = this.spares.pop();
    if (!spare) {
      spare =
        (this.blockBytes === BODY_BLOCK_BYTES ? pooledBlocks.pop() : undefined) ??
        Buffer.allocUnsafe(this.blockBytes);
      this.owned.push(spare);
    }
    const buffer = spare.subarray(0, size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await this.file.read(buffer, got, size - got, position + got);
      if (bytesRead === 0) {
        throw new FileChangedError(
          `the file got shorter while it was being sent (expected ${this.body.fileSize} bytes, it ended at ${position + got})`,
        );
      }
      got += bytesRead;
    }
    return buffer;
  }
}
