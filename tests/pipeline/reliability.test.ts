/**
 * The pipeline's promises under abuse, against the demo PBX over https:
 * - the CLI watcher killed with SIGKILL at random points of a batch, several times, and restarted
 *   each time: in the end every file is stored exactly once with intact bytes, moved to subidos/,
 *   and the journal lists each once. A file the PBX received twice may only be one whose try was
 *   cut after its `sent` record and before its `done` (the same bytes under the same name).
 * - the PBX stopped and started again in the middle of a batch: the batch resumes by itself.
 * - a file growing every 100 ms for 10 s is not sent before it settles, and what is sent is whole.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { Journal, readJournal } from '../../electron/pipeline/journal';
import { parseRecord } from '../../electron/pipeline/records';
import { PipelineRunner } from '../../electron/pipeline/runner';
import { destinationOf } from '../../electron/pipeline/service';
import { loggedIn } from '../upload/helpers';
import { configFor, waitFor, wavBytes } from './helpers';

const ROOT = join(import.meta.dirname, '../..');
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

let pbx: DemoPbx;
let work: string;
beforeAll(async () => {
  pbx = await startDemoPbx({ tls: true, callsPerSecond: 0 });
  work = await mkdtemp(join(tmpdir(), 'ajam-pipeline-rel-'));
});
afterAll(async () => {
  await pbx.close();
  await rm(work, { recursive: true, force: true });
});

/** A small deterministic generator, so a failing run can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function spawnWatcher(
  dir: string,
  journal: string,
  once: boolean,
): { child: ChildProcess; out: { stdout: string; stderr: string }; exited: Promise<number | string> } {
  const secret = pbx.users.find((u) => u.user === 'admin')?.secret ?? '';
  const args = [
    '--import',
    'tsx',
    'electron/cli/main.ts',
    'upload',
    '--watch',
    dir,
    '--settle',
    '0.2',
    '--journal',
    journal,
    '--after',
    'move:subidos',
    '--url',
    pbx.url,
    '--user',
    'admin',
    '--fingerprint',
    pbx.fingerprint as string,
    ...(once ? ['--once'] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, AJAM_SECRET: secret } });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, out, exited };
}

describe('pipeline reliability', () => {
  it('survives kill -9 at random points of a batch: every file stored once, intact, moved, journaled once', async () => {
    const random = lcg(20251201);
    const dir = join(work, 'killed');
    await mkdir(dir);
    const journal = join(work, 'killed.jsonl');
    const originals = new Map<string, string>();
    for (let i = 0; i < 80; i++) {
      const name = `kill-${String(i).padStart(2, '0')}.wav`;
      const data = wavBytes(128 * 1024 + Math.floor(random() * 256 * 1024));
      originals.set(name, sha(data));
      await writeFile(join(dir, name), data);
    }
    const kills: string[] = [];
    const allDone = async () =>
      (await readJournal(journal)).filter((e) => e.result === 'done').length === originals.size;
    for (let round = 0; round < 6 && !(await allDone()); round++) {
      const w = spawnWatcher(dir, journal, false);
      try {
        if (round === 0) {
          // Anywhere from start-up through the first uploads.
          await delay(300 + random() * 1200);
        } else {
          // After a few uploads of this run (counted, not timed, so a fast machine still leaves files
          // for later rounds), anywhere in the next 100 ms.
          const after = 1 + Math.floor(random() * 6);
          await waitFor(
            async () =>
              (w.out.stdout.match(/uploaded/g) ?? []).length >= after ||
              w.out.stderr.includes('Error') ||
              (await allDone()),
            'uploads in this round',
            45_000,
          );
          await delay(random() * 100);
        }
      } finally {
        w.child.kill('SIGKILL');
      }
      await w.exited;
      kills.push(
        `round ${round}: ${(w.out.stdout.match(/uploaded/g) ?? []).length} uploaded before the kill`,
      );
    }
    expect(kills.length, kills.join('; ')).toBeGreaterThanOrEqual(3);
    // Last run, to the end of the batch.
    const last = spawnWatcher(dir, journal, true);
    const code = await Promise.race([last.exited, delay(90_000, 'timeout')]);
    if (code === 'timeout') last.child.kill('SIGKILL');
    expect(code, `${kills.join('; ')}\n${last.out.stderr}`).toBe(0);

    // Every file on the PBX, exactly once, intact; nothing under another name.
    expect((await readdir(pbx.uploadsDir)).filter((n) => n.startsWith('kill-')).sort()).toEqual(
      [...originals.keys()].sort(),
    );
    for (const [name, hash] of originals) {
      expect(sha(await readFile(join(pbx.uploadsDir, name))), name).toBe(hash);
      expect(sha(await readFile(join(dir, 'subidos', name))), name).toBe(hash);
    }
    expect((await readdir(dir)).filter((n) => n.endsWith('.wav'))).toEqual([]);
    // The journal lists each file once, done, with the hash of what was sent.
    const entries = await readJournal(journal);
    expect(entries).toHaveLength(originals.size);
    for (const e of entries) {
      expect(e.result, e.sendName).toBe('done');
      expect(e.sha256).toBe(originals.get(e.sendName));
      expect(e.after?.kind).toBe('moved');
    }
    // Stored more than once only where a try was cut between its `sent` record (written before the
    // write that completes the body) and its `done`: the same bytes under the same name again.
    const records = (await readFile(journal, 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => parseRecord(l));
    for (const e of entries) {
      const sent = records.filter((r) => r?.t === 'sent' && r.id === e.id).length;
      const stored = pbx.uploads().filter((u) => u.path === join(pbx.uploadsDir, e.sendName)).length;
      expect(stored, e.sendName).toBeGreaterThanOrEqual(1);
      expect(stored, e.sendName).toBeLessThanOrEqual(sent);
    }
  }, 240_000);

  it('resumes by itself when the PBX stops and starts again in the middle of a batch', async () => {
    const dir = join(work, 'restart');
    await mkdir(dir);
    const { client, target } = await loggedIn(pbx);
    const journal = await Journal.open(join(work, 'restart.jsonl'));
    const runner = new PipelineRunner({
      profileId: 'p',
      config: configFor(dir),
      destination: destinationOf(target),
      journal,
      target: () => target,
      settleMs: 200,
      backoff: { baseMs: 200, maxMs: 1000 },
    });
    try {
      const hashes = new Map<string, string>();
      for (let i = 0; i < 30; i++) {
        const data = wavBytes(256 * 1024);
        hashes.set(`restart-${i}.wav`, sha(data));
        await writeFile(join(dir, `restart-${i}.wav`), data);
      }
      await runner.start();
      await waitFor(() => runner.files().filter((f) => f.state === 'done').length >= 3, 'the batch to start');
      await pbx.stop();
      await waitFor(() => runner.files().some((f) => f.state === 'waiting'), 'a file waiting for the PBX');
      const waiting = runner.files().find((f) => f.state === 'waiting');
      expect(waiting?.retryAt).toBeGreaterThan(Date.now() - 1000);
      await delay(1500);
      await pbx.start();
      await waitFor(
        () => runner.files().filter((f) => f.state === 'done').length === 30,
        'the batch to finish',
        60_000,
      );
      for (const [name, hash] of hashes)
        expect(sha(await readFile(join(pbx.uploadsDir, name))), name).toBe(hash);
      expect(journal.entries().filter((e) => e.path.startsWith(dir))).toHaveLength(30);
      expect(journal.entries().some((e) => e.attempts > 1)).toBe(true);
    } finally {
      await runner.stop();
      await journal.close();
      await client.close();
    }
  }, 120_000);

  it('does not send a file that grows every 100 ms for 10 s before it settles', async () => {
    const dir = join(work, 'growing');
    await mkdir(dir);
    const { client, target } = await loggedIn(pbx);
    const journal = await Journal.open(join(work, 'growing.jsonl'));
    const runner = new PipelineRunner({
      profileId: 'g',
      config: configFor(dir),
      destination: destinationOf(target),
      journal,
      target: () => target,
      settleMs: 1000,
    });
    const path = join(dir, 'growing.wav');
    const stored = join(pbx.uploadsDir, 'growing.wav');
    const storedCount = () => pbx.uploads().filter((u) => u.path === stored).length;
    let firstSent: number | undefined;
    runner.onFile((f) => {
      if (f.path === path && f.state === 'uploading') firstSent ??= Date.now();
    });
    try {
      await runner.start();
      await writeFile(path, wavBytes(44 + 1600));
      const hash = createHash('sha256').update(await readFile(path));
      const ends = Date.now() + 10_000;
      let lastWrite = Date.now();
      while (Date.now() < ends) {
        await delay(100);
        expect(storedCount(), 'sent while still growing').toBe(0);
        const more = wavBytes(1600 + 44).subarray(44);
        await appendFile(path, more);
        hash.update(more);
        lastWrite = Date.now();
      }
      await waitFor(
        () => runner.files().find((f) => f.path === path)?.state === 'done',
        'the upload once settled',
      );
      expect(storedCount()).toBe(1);
      // Not before its size and time stayed still for the settle time (1 s) after the last write
      // (less a few ms: the last write's stamp may be seen just before lastWrite is taken).
      expect(firstSent! - lastWrite).toBeGreaterThanOrEqual(900);
      expect(sha(await readFile(stored))).toBe(hash.digest('hex'));
    } finally {
      await runner.stop();
      await journal.close();
      await client.close();
    }
  }, 60_000);
});
