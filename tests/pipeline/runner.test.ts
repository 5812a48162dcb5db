/**
 * The runner end to end on a demo PBX over https: files dropped into a watched folder are checked,
 * journaled, uploaded, and the journal lists each once; files already uploaded are not sent again
 * after a restart; policies and checks hold before a byte goes out.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AjamClient } from '../../electron/ajam/api';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { fileStore, Journal } from '../../electron/pipeline/journal';
import { PipelineRunner, type RunnerOptions } from '../../electron/pipeline/runner';
import { destinationOf } from '../../electron/pipeline/service';
import type { UploadTarget } from '../../electron/upload/engine';
import type { PipelineConfig } from '../../shared/pipeline';
import { loggedIn, sha256File } from '../upload/helpers';
import { configFor, waitFor, wavBytes, writeWav } from './helpers';

let pbx: DemoPbx;
let client: AjamClient;
let target: UploadTarget;
let work: string;

beforeAll(async () => {
  pbx = await startDemoPbx({ tls: true, callsPerSecond: 0 });
  ({ client, target } = await loggedIn(pbx));
  work = await mkdtemp(join(tmpdir(), 'ajam-pipeline-'));
});
afterAll(async () => {
  await client.close();
  await pbx.close();
  await rm(work, { recursive: true, force: true });
});

let n = 0;
async function setup(config: (folder: string) => PipelineConfig, extra: Partial<RunnerOptions> = {}) {
  n++;
  const folder = join(work, `in-${n}`);
  await mkdir(folder, { recursive: true });
  const journalPath = join(work, `journal-${n}.jsonl`);
  let journal = await Journal.open(journalPath);
  let runner: PipelineRunner | undefined;
  const make = (): PipelineRunner =>
    new PipelineRunner({
      profileId: 'p1',
      config: config(folder),
      destination: destinationOf(target),
      journal,
      target: () => target,
      settleMs: 200,
      ...extra,
    });
  return {
    folder,
    journalPath,
    get journal() {
      return journal;
    },
    async start() {
      runner = make();
      await runner.start();
      return runner;
    },
    async restart() {
      await runner?.stop();
      await journal.close();
      journal = await Journal.open(journalPath);
      return this.start();
    },
    async stop() {
      await runner?.stop();
      await journal.close();
    },
  };
}

const stored = (name: string) => join(pbx.uploadsDir, name);
const uploadsOf = (name: string) => pbx.uploads().filter((u) => u.path === stored(name)).length;

describe('pipeline runner', () => {
  it('uploads files found at start and files dropped later, each once, with the hash of what was sent', async () => {
    const s = await setup((f) => configFor(f));
    const early = await writeWav(s.folder, 'p1-early.wav', 50_000);
    const runner = await s.start();
    const late = await writeWav(s.folder, 'P1-LATE.WAV', 30_000);
    await writeFile(join(s.folder, 'notes.txt'), 'not a recording');
    await writeFile(join(s.folder, 'p1-partial.wav.part'), wavBytes(1000));
    await waitFor(
      () => runner.files().filter((f) => f.state === 'done').length === 2 && runner.idle(),
      'two uploads',
    );
    expect(await sha256File(stored('p1-early.wav'))).toBe(await sha256File(early));
    // An uppercase .WAV holding 8 kHz PCM is Asterisk's .wav.
    expect(await sha256File(stored('P1-LATE.wav'))).toBe(await sha256File(late));
    const entries = s.journal.entries();
    expect(entries.map((e) => e.sendName).sort()).toEqual(['P1-LATE.wav', 'p1-early.wav']);
    for (const e of entries) {
      expect(e.result).toBe('done');
      expect(e.sha256).toBe(await sha256File(e.path));
      expect(e.pbxMessage).toBe('File successfully uploaded.');
    }
    // Restarted: nothing is sent again.
    const again = await s.restart();
    await waitFor(() => again.idle(), 'idle after restart');
    await new Promise((r) => setTimeout(r, 400));
    expect(uploadsOf('p1-early.wav')).toBe(1);
    expect(uploadsOf('P1-LATE.wav')).toBe(1);
    expect(s.journal.entries()).toHaveLength(2);
    await s.stop();
  });

  it('refuses before sending: not audio under an audio name, empty files; renames a 16 kHz .wav to .wav16', async () => {
    const s = await setup((f) => configFor(f));
    await writeFile(join(s.folder, 'p2-fake.wav'), '%PDF-1.4 this is a document, not a recording');
    await writeFile(join(s.folder, 'p2-empty.wav'), '');
    await writeWav(s.folder, 'p2-wide.wav', 20_000, 16000);
    const runner = await s.start();
    await waitFor(() => runner.idle() && runner.files().length === 3, 'three results');
    const byName = (p: string) => runner.files().find((f) => f.path.endsWith(p));
    expect(byName('p2-fake.wav')?.state).toBe('refused');
    expect(byName('p2-fake.wav')?.notice?.key).toBe('pipeline.not-audio');
    expect(byName('p2-empty.wav')?.state).toBe('refused');
    expect(byName('p2-wide.wav')?.state).toBe('done');
    expect(byName('p2-wide.wav')?.sendName).toBe('p2-wide.wav16');
    expect(uploadsOf('p2-fake.wav')).toBe(0);
    expect(uploadsOf('p2-wide.wav16')).toBe(1);
    await s.stop();
  });

  it('a different file under a name already uploaded follows the policy; the same content is never sent twice', async () => {
    const s = await setup((f) =>
      configFor(f, { overwrite: 'rename', after: { kind: 'move', dir: 'subidos' } }),
    );
    const runner = await s.start();
    const first = await writeWav(s.folder, 'p3-call.wav', 10_000);
    const firstBytes = await readFile(first);
    await waitFor(() => runner.files().some((f) => f.state === 'done'), 'first upload');
    await waitFor(() => runner.idle(), 'idle');
    // Moved after success, never before.
    expect((await readdir(join(s.folder, 'subidos'))).sort()).toEqual(['p3-call.wav']);
    // The same content again under the same name: a duplicate, not sent.
    await writeFile(join(s.folder, 'p3-call.wav'), firstBytes);
    await waitFor(() => runner.files().some((f) => f.state === 'skipped'), 'duplicate skipped');
    expect(runner.files().find((f) => f.state === 'skipped')?.notice?.key).toBe('pipeline.duplicate');
    // Different content, same name: renamed with a suffix.
    await waitFor(() => runner.idle(), 'idle');
    await writeWav(s.folder, 'p3-call.wav', 10_000);
    await waitFor(
      () => runner.files().some((f) => f.sendName === 'p3-call-1.wav' && f.state === 'done'),
      'renamed upload',
    );
    expect(uploadsOf('p3-call.wav')).toBe(1);
    expect(uploadsOf('p3-call-1.wav')).toBe(1);
    expect((await stat(stored('p3-call.wav'))).size).toBe(10_000);
    await s.stop();
  });

  it('two files that map to the same stored name at once (subfolders) are both kept: one gets a suffix', async () => {
    const s = await setup((f) => ({
      ...configFor(f),
      folders: [{ ...configFor(f).folders[0]!, recursive: true }],
    }));
    await mkdir(join(s.folder, 'a'));
    await mkdir(join(s.folder, 'b'));
    const a = await writeWav(join(s.folder, 'a'), 'p4-same.wav', 12_000);
    const b = await writeWav(join(s.folder, 'b'), 'p4-same.wav', 12_000);
    const runner = await s.start();
    await waitFor(
      () => runner.idle() && runner.files().filter((f) => f.state === 'done').length === 2,
      'both uploads',
    );
    const stored = new Set([
      await sha256File(join(pbx.uploadsDir, 'p4-same.wav')),
      await sha256File(join(pbx.uploadsDir, 'p4-same-1.wav')),
    ]);
    expect(stored).toEqual(new Set([await sha256File(a), await sha256File(b)]));
    await s.stop();
  });

  it('polls a folder where change events do not arrive (network shares)', async () => {
    const s = await setup((f) => ({
      ...configFor(f),
      pollSeconds: 0.2,
      folders: [{ ...configFor(f).folders[0]!, polling: true }],
    }));
    const runner = await s.start();
    const path = await writeWav(s.folder, 'p5-polled.wav', 9000);
    await waitFor(
      () => runner.files().some((f) => f.path === path && f.state === 'done'),
      'the polled upload',
    );
    expect(await sha256File(stored('p5-polled.wav'))).toBe(await sha256File(path));
    await s.stop();
  });

  it('stops sending, and says so, when the journal cannot be written: nothing goes out unrecorded', async () => {
    n++;
    const folder = join(work, `in-${n}`);
    await mkdir(folder, { recursive: true });
    const real = await fileStore(join(work, `journal-${n}.jsonl`));
    const journal = await Journal.open({
      ...real,
      append: () => Promise.reject(new Error('ENOSPC: no space left on device')),
    });
    const runner = new PipelineRunner({
      profileId: 'p1',
      config: configFor(folder),
      destination: destinationOf(target),
      journal,
      target: () => target,
      settleMs: 200,
    });
    await writeWav(folder, 'p6-unrecorded.wav', 5000);
    await runner.start();
    await waitFor(() => runner.status().problem !== undefined, 'the problem');
    expect(runner.status()).toMatchObject({
      running: false,
      problem: { key: 'pipeline.journal-failed', detail: 'ENOSPC: no space left on device' },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(uploadsOf('p6-unrecorded.wav')).toBe(0);
    await runner.stop();
    await real.close();
  });
});
