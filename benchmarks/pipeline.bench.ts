/**
 * The recordings pipeline's cost over the bare engine: 1,000 WAV files of 1 MiB dropped into a
 * watched folder (moved in from a staging folder, so each appears whole), uploaded to the demo PBX
 * over https, beside the engine uploading the same files in a plain loop in the same run (two at a
 * time, like the pipeline and the upload queue; goal >= 0.8x). Also the client's RSS along the
 * batch (should stay flat) and the journal's bytes and fsync time per entry. The PBX runs in a
 * child process so this process's CPU and memory are the client's alone.
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

const MiB = 1024 * 1024;
/** 1,000 as the issue asks; AJAM_BENCH_FILES makes a quick smoke run. */
const FILES = Number(process.env['AJAM_BENCH_FILES'] ?? 1000);
const SETTLE_MS = 1000;

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

export default async function pipelineBenchmark(): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'ajam-pipeline-bench-'));
  const uploads = await mkdtemp(join(tmpdir(), 'ajam-pipeline-bench-pbx-'));
  const pbx = await startChildPbx(uploads);
  const client = createClient({ url: pbx.url, user: 'admin', secret: '12345', fingerprint: pbx.fingerprint });
  const staging = join(work, 'staging');
  const watched = join(work, 'watched');
  await mkdir(staging);
  await mkdir(watched);
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
    const cpuBefore = process.cpuUsage();
    const loopSeconds = await plainLoop(
      target,
      names.map((n) => join(staging, n)),
      2,
    );
    const loopCpu = process.cpuUsage(cpuBefore);
    await rm(uploads, { recursive: true, force: true });
    await mkdir(uploads);

    const fsyncs = { ms: 0, appends: 0 };
    const journal = await Journal.open(timed(await fileStore(join(work, 'journal.jsonl')), fsyncs));
    const runner = new PipelineRunner({
      profileId: 'bench',
      config: { ...DEFAULT_PIPELINE_CONFIG, enabled: true, folders: [defaultWatchedFolder(watched)] },
      destination: destinationOf(target),
      journal,
      target: () => target,
      settleMs: SETTLE_MS,
    });
    await runner.start();
    global.gc?.();
    const rssAt: { done: number; rss: number }[] = [];
    let firstSend: number | undefined;
    let done = 0;
    runner.onFile((f) => {
      if (f.state === 'uploading') firstSend ??= performance.now();
      if (f.state === 'done') done++;
    });
    const sampler = setInterval(() => rssAt.push({ done, rss: process.memoryUsage().rss }), 100);
    const pipelineCpuBefore = process.cpuUsage();
    const dropped = performance.now();
    for (const name of names) await rename(join(staging, name), join(watched, name));
    while (done < FILES) {
      await delay(50);
      if (performance.now() - dropped > 600_000) throw new Error(`pipeline bench stuck at ${done}/${FILES}`);
    }
    const finished = performance.now();
    const pipelineCpu = process.cpuUsage(pipelineCpuBefore);
    clearInterval(sampler);
    await runner.stop();
    const stats = journal.stats();
    await journal.close();
    const stored = (await readdir(uploads)).length;
    if (stored !== FILES) throw new Error(`the PBX holds ${stored} files, expected ${FILES}`);

    const total = (FILES * MiB) / 1e6;
    const endToEnd = (finished - dropped) / 1000;
    const sending = (finished - (firstSend ?? dropped)) / 1000;
    const rate = (s: number) => `${(FILES / s).toFixed(1)} files/s, ${(total / s).toFixed(1)} MB/s`;
    const rssMiB = (fraction: number) => {
      const sample = rssAt.find((r) => r.done >= FILES * fraction) ?? rssAt.at(-1);
      return `${((sample?.rss ?? 0) / MiB).toFixed(0)}`;
    };
    const entries = journal.entries().length;
    const cpuMs = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1000 / FILES).toFixed(1);
    // Wall-clock rates swing with whatever else the machine runs; CPU per file does not.
    const loadNote = `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`;
    return [
      `engine, plain loop (2 at a time): ${rate(loopSeconds)} (${loopSeconds.toFixed(1)} s for ${FILES} x 1 MiB over https)`,
      `pipeline, from the first send: ${rate(sending)}; ratio ${(loopSeconds / sending).toFixed(2)}x of the plain loop (goal >= 0.8x)`,
      `pipeline, from the drop (incl. ${SETTLE_MS / 1000} s settle): ${rate(endToEnd)}; ratio ${(loopSeconds / endToEnd).toFixed(2)}x`,
      `client CPU per file: plain loop ${cpuMs(loopCpu)} ms, pipeline ${cpuMs(pipelineCpu)} ms (${loadNote})`,
      `RSS over the batch (MiB) at 10/25/50/75/100 % done: ${[0.1, 0.25, 0.5, 0.75, 1].map(rssMiB).join(' / ')}`,
      `journal: ${stats.records} records, ${(stats.bytes / entries).toFixed(0)} bytes per entry (${(stats.bytes / stats.records).toFixed(0)} per record); ` +
        `write+fsync ${(fsyncs.ms / fsyncs.appends).toFixed(2)} ms per record, ${(fsyncs.ms / entries).toFixed(2)} ms per entry`,
    ];
  } finally {
    await client.close();
    await pbx.close();
    await rm(work, { recursive: true, force: true });
    await rm(uploads, { recursive: true, force: true });
  }
}
