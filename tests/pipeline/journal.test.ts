/**
 * The journal on real files with crashes injected at every byte of a record: what was on disk
 * before stays, a torn last record is cut off when opening (and the next record starts on its own
 * line), zero-filled blocks from a power cut are skipped, records land in call order, and an
 * append resolves only once its bytes were synced.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStore, Journal, readJournal, type JournalStore } from '../../electron/pipeline/journal';
import { serialize, type JournalRecord } from '../../electron/pipeline/records';
import { notice } from '../../shared/notices';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ajam-journal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileRecord = (id: string, name = `${id}.wav`): JournalRecord => ({
  t: 'file',
  id,
  at: 1,
  profile: 'p',
  path: `/rec/${name}`,
  name,
  size: 100,
  mtimeMs: 5,
  pbx: 'https://pbx:8089/asterisk',
  mapping: 'recordings',
});
const done = (id: string): JournalRecord => ({
  t: 'done',
  id,
  at: 2,
  sha256: 'ab'.repeat(32),
  ms: 12,
  words: 'File successfully uploaded.',
});

/** A store that dies after writing `bytes` bytes of its next append (a kill -9 mid-write). */
async function crashingStore(path: string, bytes: number): Promise<JournalStore> {
  const real = await fileStore(path);
  return {
    ...real,
    async append(data) {
      await appendFile(path, data.subarray(0, bytes));
      throw new Error('killed');
    },
  };
}

let n = 0;
const fresh = () => join(dir, `j${++n}.jsonl`);

describe('journal', () => {
  it('keeps every record written before a crash at any byte of the next one, and cuts the torn one', async () => {
    const line = serialize(done('a'));
    for (let cut = 0; cut < line.length; cut += cut < 4 || cut > line.length - 6 ? 1 : 5) {
      const path = fresh();
      const j = await Journal.open(path);
      await j.append(fileRecord('a'));
      await j.close();
      const crashing = await Journal.open(await crashingStore(path, cut));
      await expect(crashing.append(done('a'))).rejects.toThrow('killed');
      await crashing.close();

      const reopened = await Journal.open(path);
      expect(reopened.get('a')?.result, `cut at ${cut}`).toBe('waiting');
      expect(reopened.stats().repairedBytes).toBe(cut);
      // The next record is whole and on its own line.
      await reopened.append(done('a'));
      await reopened.close();
      expect((await readJournal(path)).map((e) => e.result)).toEqual(['done']);
      expect(await readFile(path, 'utf8')).toBe(serialize(fileRecord('a')) + serialize(done('a')));
    }
  });

  it('skips a zero-filled block a power cut left, and reads on after it', async () => {
    const path = fresh();
    await writeFile(
      path,
      serialize(fileRecord('a')) + '\0'.repeat(512) + '\n' + serialize(fileRecord('b')) + '\0'.repeat(100),
    );
    const j = await Journal.open(path);
    expect(j.entries().map((e) => e.id)).toEqual(['a', 'b']);
    expect(j.stats()).toMatchObject({ records: 2, badLines: 1, repairedBytes: 100 });
    await j.close();
  });

  it('writes records in call order and resolves each only after its bytes were synced', async () => {
    const path = fresh();
    const real = await fileStore(path);
    const synced: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: JournalStore = {
      ...real,
      async append(data) {
        if (synced.length === 0) await gate;
        await real.append(data);
        synced.push(JSON.parse(data.toString()).id as string);
      },
    };
    const j = await Journal.open(slow);
    let firstResolved = false;
    const first = j.append(fileRecord('one')).then(() => (firstResolved = true));
    const second = j.append(fileRecord('two'));
    await new Promise((r) => setTimeout(r, 50));
    expect(firstResolved).toBe(false);
    expect(synced).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(synced).toEqual(['one', 'two']);
    await j.close();
    expect((await readJournal(path)).map((e) => e.id)).toEqual(['one', 'two']);
  });

  it('folds a file journey into one entry: tries, the hash sent, the PBX words, what became of the file', async () => {
    const path = fresh();
    const j = await Journal.open(path);
    await j.append(fileRecord('x'));
    await j.append({ t: 'try', id: 'x', at: 3, attempt: 1 });
    await j.append({
      t: 'fail',
      id: 'x',
      at: 4,
      code: 'connect',
      permanent: false,
      notice: notice('upload.connect-failed'),
      retryAt: 9,
    });
    expect(j.get('x')).toMatchObject({ result: 'waiting', attempts: 1 });
    await j.append({ t: 'try', id: 'x', at: 5, attempt: 2 });
    await j.append({ t: 'sent', id: 'x', at: 6, sha256: 'cd'.repeat(32) });
    expect(j.get('x')?.sentSha256).toBe('cd'.repeat(32));
    await j.append({
      t: 'done',
      id: 'x',
      at: 7,
      sha256: 'cd'.repeat(32),
      ms: 40,
      words: 'File successfully uploaded.',
    });
    await j.append({ t: 'after', id: 'x', at: 8, kind: 'moved', to: '/rec/subidos/x.wav' });
    await j.close();
    const [entry] = await readJournal(path);
    expect(entry).toMatchObject({
      result: 'done',
      attempts: 2,
      sha256: 'cd'.repeat(32),
      durationMs: 40,
      finishedAt: 7,
      pbxMessage: 'File successfully uploaded.',
      after: { kind: 'moved', to: '/rec/subidos/x.wav' },
    });
    expect(entry?.sentSha256).toBeUndefined();
    expect(entry?.notice).toBeUndefined();
  });

  it('a reader leaves the torn tail of a journal being written alone', async () => {
    const path = fresh();
    const torn = serialize(done('a')).slice(0, 20);
    await writeFile(path, serialize(fileRecord('a')) + torn);
    expect((await readJournal(path)).map((e) => e.result)).toEqual(['waiting']);
    expect(await readFile(path, 'utf8')).toBe(serialize(fileRecord('a')) + torn);
    expect(await readJournal(join(dir, 'missing.jsonl'))).toEqual([]);
  });
});
