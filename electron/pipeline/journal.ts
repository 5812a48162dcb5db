/**
 * The pipeline's journal: one JSON record per line, appended, each one written and fsynced before
 * the caller takes the next step, so that after kill -9 or a power cut the file says exactly how
 * far every upload got. A crash can only tear the last line (records are written one at a time);
 * opening the journal cuts such a tail off, so the next record starts on a line of its own. Lines
 * that are not records (a zero-filled block after a power cut) are skipped and counted.
 *
 * The file system comes in as a `JournalStore`, so tests can crash it part-way through a write.
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  EntryFold,
  parseRecord,
  serialize,
  type Destination,
  type JournalEntry,
  type JournalRecord,
} from './records';

/** The few operations the journal needs from a file. */
export interface JournalStore {
  /** The whole file ('' when it does not exist yet). */
  readAll(): Promise<Buffer>;
  truncate(length: number): Promise<void>;
  /** Appends all of `data` and returns once it is on disk (fsync). */
  append(data: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** A JournalStore on a real file; creates the file (and its folder) and makes the new name durable. */
export async function fileStore(path: string): Promise<JournalStore> {
  await mkdir(dirname(path), { recursive: true });
  let handle: FileHandle;
  let created = false;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    handle = await open(path, 'a+');
    created = true;
  }
  if (created) await syncDirectory(dirname(path));
  let end = (await handle.stat()).size;
  return {
    async readAll() {
      const size = (await handle.stat()).size;
      const buffer = Buffer.alloc(size);
      let got = 0;
      while (got < size) {
        const { bytesRead } = await handle.read(buffer, got, size - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buffer.subarray(0, got);
    },
    async truncate(length) {
      await handle.truncate(length);
      await handle.sync();
      end = length;
    },
    async append(data) {
      // Positioned writes at our own end: 'r+' has no O_APPEND, and one writer owns the file.
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await handle.write(data, done, data.length - done, end + done);
        done += bytesWritten;
      }
      end += data.length;
      await handle.datasync();
    },
    close: () => handle.close(),
  };
}

/** fsync of a folder, so a file just created in it survives a power cut (not possible on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface JournalStats {
  readonly records: number;
  readonly bytes: number;
  /** Bytes cut off the end when opening (a line torn by a crash). */
  readonly repairedBytes: number;
  /** Lines that were not records and were skipped. */
  readonly badLines: number;
}

type Listener = (entry: JournalEntry, record: JournalRecord) => void;

interface Pending {
  readonly record: JournalRecord;
  readonly data: Buffer;
  resolve(entry: JournalEntry | undefined): void;
  reject(error: unknown): void;
}

export class Journal {
  private readonly fold = new EntryFold();
  private tail: Promise<void> = Promise.resolve();
  private readonly pending: Pending[] = [];
  private writing = false;
  private records = 0;
  private bytes = 0;
  private repairedBytes = 0;
  private badLines = 0;
  private closed = false;
  private readonly listeners = new Set<Listener>();

  private constructor(
    private readonly store: JournalStore,
    /** The file, when opened by path (for messages). */
    readonly path: string,
  ) {}

  static async open(pathOrStore: string | JournalStore): Promise<Journal> {
    const store = typeof pathOrStore === 'string' ? await fileStore(pathOrStore) : pathOrStore;
    const journal = new Journal(store, typeof pathOrStore === 'string' ? pathOrStore : '');
    await journal.load();
    return journal;
  }

  private async load(): Promise<void> {
    const data = await this.store.readAll();
    const lastNewline = data.lastIndexOf(0x0a);
    const whole = lastNewline + 1;
    if (whole < data.length) {
      // The last record never got its newline: it was being written when the process died.
      this.repairedBytes = data.length - whole;
      await this.store.truncate(whole);
    }
    let start = 0;
    while (start < whole) {
      const end = data.indexOf(0x0a, start);
      const line = data.toString('utf8', start, end);
      start = end + 1;
      if (line.trim() === '') continue;
      const record = parseRecord(line);
      if (record === undefined) {
        this.badLines++;
        continue;
      }
      this.fold.apply(record);
      this.records++;
    }
    this.bytes = whole;
  }

  /**
   * Appends one record; resolves once it is on disk. Records are written in call order. Records
   * that arrive while a write is being synced go out together in the next write, with one fsync
   * (group commit): each still resolves only once its own bytes are on disk.
   */
  append(record: JournalRecord): Promise<JournalEntry | undefined> {
    if (this.closed) return Promise.reject(new Error('the journal is closed'));
    const data = Buffer.from(serialize(record), 'utf8');
    return new Promise((resolve, reject) => {
      this.pending.push({ record, data, resolve, reject });
      if (!this.writing) this.tail = this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0);
        try {
          await this.store.append(
            group.length === 1 ? (group[0] as Pending).data : Buffer.concat(group.map((p) => p.data)),
          );
        } catch (error) {
          // A failed write fails its callers; records after it are still tried.
          for (const p of group) p.reject(error);
          continue;
        }
        for (const p of group) {
          this.records++;
          this.bytes += p.data.length;
          const entry = this.fold.apply(p.record);
          if (entry) for (const listener of this.listeners) listener(entry, p.record);
          p.resolve(entry);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  get(id: string): JournalEntry | undefined {
    return this.fold.get(id);
  }

  entries(): JournalEntry[] {
    return [...this.fold.entries()];
  }

  /** Entries of one local file path, oldest first. */
  forPath(path: string): readonly JournalEntry[] {
    return this.fold.forPath(path);
  }

  /** Entries stored (or to be stored) under `name` on this PBX and mapping, oldest first. */
  forName(where: Destination, name: string): readonly JournalEntry[] {
    return this.fold.forName(where, name);
  }

  /** Hears every entry a record changed, after it is on disk. */
  onRecord(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): JournalStats {
    return {
      records: this.records,
      bytes: this.bytes,
      repairedBytes: this.repairedBytes,
      badLines: this.badLines,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.store.close();
  }
}

/**
 * The entries of a journal another process may be writing (`ajam history`): read only, a torn
 * last line is left alone (its writer may be finishing it) and simply not counted.
 */
export async function readJournal(path: string): Promise<JournalEntry[]> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const fold = new EntryFold();
  const text = data.toString('utf8', 0, data.lastIndexOf(0x0a) + 1);
  for (const line of text.split('\n')) {
    const record = line.trim() === '' ? undefined : parseRecord(line);
    if (record) fold.apply(record);
  }
  return [...fold.entries()];
}
