/**
 * The recordings pipeline's cost over the bare engine (issue 10): 1,000 WAV files of 1 MiB dropped
 * into a watched folder (moved in from a staging folder, so each appears whole), uploaded to the
 * demo PBX over https, beside the engine uploading the same files in a plain loop right before it in
 * each run (two at a time, like the pipeline and the upload queue; goal ≥ 0.8×). Also the client's
 * RSS along the batch (goal: flat, at most 16 MiB above where it stood at 10 % done — one 1 MiB
 * buffer kept per file would be hundreds) and the journal's bytes and fsync time per entry. Three
 * runs, each with a fresh journal and an emptied PBX folder. The PBX runs in a child process so this
 * process's CPU and memory are the client's alone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createClient } from '../electron/ajam/client';
import { fileStore, Journal, type JournalStore } from '../electron/pipeline/journal';
import { PipelineRunner } from '../electron/pipeline/runner';
import { destinationOf } from '../electron/pipeline/service';
import { uploadFile, type UploadTarget } from '../electron/upload/engine';
import { DEFAULT_PIPELINE_CONFIG, defaultWatchedFolder } from '../shared/pipeline';
import { startChildPbx } from '../tests/upload/demo-process';
import { recordingsTarget, wavHeader } from '../tests/upload/helpers';
import { collectGarbage, repeat, verdict } from './lib/figures';

const MiB = 1024 * 1024;
/** 1,000 as the issue asks; AJAM_BENCH_FILES makes a quick smoke run. */
const FILES = Number(process.env['AJAM_BENCH_FILES'] ?? 1000);
const SETTLE_MS = 1000;
/** RSS may rise this much over a batch after 10 % of it is done and still count as flat. */
const RSS_FLAT_MiB = 16;

/** The same files in a plain loop, `workers` at a time: the engine alone. */
async function plainLoop(target: UploadTarget, paths: readonly string[], workers: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < paths.length) {
        const path = paths[next++] as string;
        const outcome = await uploadFile(target, { path, sendName: `loop-${path.slice(-13)}` });
        if (outcome.status !== 'uploaded')
          throw new Error(`plain loop upload failed: ${JSON.stringify(outcome)}`);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/** A journal store that adds up the time its appends (write + fsync) take. */
function timed(store: JournalStore, total: { ms: number; appends: number }): JournalStore {
  return {
    ...store,
    async append(data) {
      const started = performance.now();
      await store.append(data);
      total.ms += performance.now() - started;
      total.appends++;
    },
  };
}

interface PipelineRun {
  /** Seconds for the plain loop, the pipeline from its first send, and from the drop. */
  readonly loopSeconds: number;
  readonly sendingSeconds: number;
  readonly dropSeconds: number;
  /** Client CPU per file, ms. */
  readonly loopCpuMs: number;
  readonly pipelineCpuMs: number;
  /** RSS (MiB) at 10 % done, and its peak from there to the end. */
  readonly rssAt10: number;
  readonly rssPeak: number;
  /** Heap after a full GC at the end of the batch over the heap before it, per file. */
  readonly heapKiBPerFile: number;
  readonly journalBytesPerEntry: number;
  readonly fsyncMsPerRecord: number;
}

export default async function pipelineBenchmark(): Promise<string[]> {
  // This process is the bench's own (run.ts starts one per bench): its RSS now is the fresh baseline.
  collectGarbage();
  const freshRss = process.memoryUsage().rss;
  const work = await mkdtemp(join(tmpdir(), 'ajam-pipeline-bench-'));
  const uploads = await mkdtemp(join(tmpdir(), 'ajam-pipeline-bench-pbx-'));
  const pbx = await startChildPbx(uploads);
  const client = createClient({ url: pbx.url, user: 'admin', secret: '12345', fingerprint: pbx.fingerprint });
  const staging = join(work, 'staging');
  await mkdir(staging);
  const emptyPbxFolder = async (): Promise<void> => {
    await rm(uploads, { recursive: true, force: true });
    await mkdir(uploads);
  };
  try {
    await client.connect();
    const target = recordingsTarget(client, pbx.url, { trust: { fingerprint: pbx.fingerprint } });
    const names: string[] = [];
    const header = wavHeader({ rate: 8000, dataBytes: MiB - 44 });
    for (let i = 0; i < FILES; i++) {
      const name = `rec-${String(i).padStart(5, '0')}.wav`;
      names.push(name);
      await writeFile(join(staging, name), Buffer.concat([header, randomBytes(MiB - 44)]));
    }

    let round = 0;
    const runs: PipelineRun[] = [];
    await repeat(async () => {
      round++;
      const cpuBefore = process.cpuUsage();
      const loopSeconds = await plainLoop(
        target,
        names.map((n) => join(staging, n)),
        2,
      );
      const loopCpu = process.cpuUsage(cpuBefore);
      await emptyPbxFolder();

      // A fresh journal and folder per run: the journal would (rightly) refuse to send the same
      // content twice.
      const watched = join(work, `watched-${round}`);
      await mkdir(watched);
      const fsyncs = { ms: 0, appends: 0 };
      const journal = await Journal.open(
        timed(await fileStore(join(work, `journal-${round}.jsonl`)), fsyncs),
      );
      const runner = new PipelineRunner({
        profileId: 'bench',
        config: { ...DEFAULT_PIPELINE_CONFIG, enabled: true, folders: [defaultWatchedFolder(watched)] },
        destination: destinationOf(target),
        journal,
        target: () => target,
        settleMs: SETTLE_MS,
      });
      await runner.start();
      // Garbage from the loop must not count as the pipeline's: collected before the batch, not in it.
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      const rssAt: { done: number; rss: number }[] = [];
      let firstSend: number | undefined;
      let done = 0;
      runner.onFile((f) => {
        if (f.state === 'uploading') firstSend ??= performance.now();
        if (f.state === 'done') done++;
      });
      // Sampling RSS reads a counter; it does not collect, so the timed batch runs undisturbed.
      const sampler = setInterval(() => rssAt.push({ done, rss: process.memoryUsage().rss }), 100);
      const pipelineCpuBefore = process.cpuUsage();
      const dropped = performance.now();
      for (const name of names) await rename(join(staging, name), join(watched, name));
      while (done < FILES) {
        await delay(50);
        if (performance.now() - dropped > 600_000)
          throw new Error(`pipeline bench stuck at ${done}/${FILES}`);
      }
      const finished = performance.now();
      const pipelineCpu = process.cpuUsage(pipelineCpuBefore);
      clearInterval(sampler);
      rssAt.push({ done, rss: process.memoryUsage().rss });
      // What the batch left behind once its garbage is gone (the runner still holds its file list).
      collectGarbage();
      const heapRetained = process.memoryUsage().heapUsed - heapBefore;
      await runner.stop();
      const stats = journal.stats();
      const entries = journal.entries().length;
      await journal.close();
      const stored = (await readdir(uploads)).length;
      if (stored !== FILES) throw new Error(`the PBX holds ${stored} files, expected ${FILES}`);
      // The files go back to staging for the next run's plain loop and drop.
      for (const name of names) await rename(join(watched, name), join(staging, name));
      await emptyPbxFolder();

      const from10 = rssAt.filter((r) => r.done >= FILES * 0.1);
      const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000 / FILES;
      runs.push({
        loopSeconds,
        sendingSeconds: (finished - (firstSend ?? dropped)) / 1000,
        dropSeconds: (finished - dropped) / 1000,
        loopCpuMs: cpuMs(loopCpu),
        pipelineCpuMs: cpuMs(pipelineCpu),
        rssAt10: (from10[0]?.rss ?? 0) / MiB,
        rssPeak: Math.max(...from10.map((r) => r.rss)) / MiB,
        heapKiBPerFile: heapRetained / 1024 / FILES,
        journalBytesPerEntry: stats.bytes / entries,
        fsyncMsPerRecord: fsyncs.ms / fsyncs.appends,
      });
      return 0;
    });

    const mb = (FILES * MiB) / 1e6;
    const of = <K extends keyof PipelineRun>(key: K): number[] => runs.map((r) => r[key]);
    // Wall-clock rates swing with whatever else the machine runs; CPU per file does not.
    const load = `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`;
    return [
      `pipeline: ${FILES} files of 1 MiB over https to the demo PBX (in a child process), 3 runs; ${load}`,
      verdict(
        'pipeline: from the first send, ratio to the plain loop',
        runs.map((r) => r.loopSeconds / r.sendingSeconds),
        { atLeast: 0.8 },
        '×',
      ),
      verdict(
        `pipeline: from the drop (incl. ${SETTLE_MS / 1000} s settle), ratio to the plain loop`,
        runs.map((r) => r.loopSeconds / r.dropSeconds),
        {},
        '×',
      ),
      verdict(
        'pipeline: engine, plain loop (2 at a time; baseline)',
        of('loopSeconds').map((s) => mb / s),
        {},
        ' MB/s',
      ),
      verdict(
        'pipeline: from the first send',
        of('sendingSeconds').map((s) => mb / s),
        {},
        ' MB/s',
      ),
      verdict('pipeline: client CPU per file, plain loop', of('loopCpuMs'), {}, ' ms'),
      verdict('pipeline: client CPU per file, pipeline', of('pipelineCpuMs'), {}, ' ms'),
      verdict(
        'pipeline: RSS rise over the batch after 10 % done',
        runs.map((r) => r.rssPeak - r.rssAt10),
        { atMost: RSS_FLAT_MiB },
        ' MiB',
      ),
      verdict('pipeline: RSS peak over the batch', of('rssPeak'), {}, ' MiB'),
      verdict('pipeline: heap kept per file after the batch (after GC)', of('heapKiBPerFile'), {}, ' KiB'),
      `INFO pipeline: RSS ${(freshRss / MiB).toFixed(0)} MiB at the process's start (before the files and the client)`,
      verdict('pipeline: journal bytes per entry', of('journalBytesPerEntry'), {}, ' B'),
      verdict('pipeline: journal write+fsync per record', of('fsyncMsPerRecord'), {}, ' ms'),
    ];
  } finally {
    await client.close();
    await pbx.close();
    await rm(work, { recursive: true, force: true });
    await rm(uploads, { recursive: true, force: true });
  }
}
