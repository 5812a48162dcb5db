/**
 * Upload throughput (issue 13, goal 4): the engine (one TLS record per planned server read) beside
 * a raw TLS write of the same bytes to the same discarding sink in the same run (upload-sink.ts, a
 * child process, so the client's CPU and memory are measured alone). Both sides open a fresh
 * connection per file and stop the clock at the sink's reply, so per-file setup counts on both.
 * Goals: >= 0.9x the raw write for 64 MiB, 256 MiB and 1 GiB, >= 0.8x at 1 MiB (a batch of files
 * per sample, one file being a few milliseconds), and a 1 GiB upload in < 64 MiB of RSS growth.
 * Record alignment is checked on an untimed upload per size by the sink's --verify mode.
 * Beside them, the same raw write cut into records of the engine's steady read size: the sink pays
 * per record, so that write is the most one record per read can reach, and the engine is also
 * judged against it (its own cost, apart from what the record size costs the receiving side).
 */
import { spawn } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { uploadFile, type UploadTarget } from '../electron/upload/engine';
import { buildMultipart } from '../electron/upload/multipart';
import { steadyReadSize } from '../electron/upload/plan';
import { collectGarbage, repeat, verdict } from './lib/figures';

const MiB = 1024 * 1024;
const SINK = fileURLToPath(new URL('./upload-sink.ts', import.meta.url));

interface Sink {
  readonly pid: number;
  readonly port: number;
  readonly ca: string;
  readonly fingerprint: string;
  close(): Promise<void>;
}

async function startSink(verify: boolean): Promise<Sink> {
  const child = spawn(process.execPath, ['--import', 'tsx', SINK, ...(verify ? ['--verify'] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`upload sink exited with ${code}`)));
  });
  const { port, ca } = JSON.parse(line) as { port: number; ca: string };
  return {
    pid: child.pid!,
    port,
    ca,
    fingerprint: new X509Certificate(ca).fingerprint256,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

async function makeFile(path: string, size: number, random: boolean): Promise<void> {
  const handle = await open(path, 'w');
  if (random) {
    for (let at = 0; at < size; at += 8 * MiB) await handle.write(randomBytes(Math.min(8 * MiB, size - at)));
  } else {
    await handle.truncate(size); // sparse: zeros cost TLS the same as any bytes
  }
  await handle.close();
}

/**
 * The limit: what a plain client does with the same request (head, multipart framing, the file
 * streamed in 1 MiB reads, which TLS cuts into full 16 KiB records), timed like the engine from
 * connect to the sink's reply. With `record`, OpenSSL cuts the body into records of that size
 * instead: the engine's steady read size gives as many records as the engine sends, so that write
 * is the most any sender keeping one record per read could reach, the same plain loop otherwise.
 */
async function rawTlsUpload(sink: Sink, path: string, size: number, record?: number): Promise<void> {
  const body = buildMultipart('bench.wav', size);
  const head = Buffer.from(
    `POST /asterisk/recordings HTTP/1.1\r\nHost: 127.0.0.1:${sink.port}\r\nContent-Type: ${body.contentType}\r\n` +
      `Content-Length: ${body.contentLength}\r\nConnection: close\r\n\r\n`,
    'latin1',
  );
  const socket = tls.connect({ host: '127.0.0.1', port: sink.port, ca: [sink.ca] });
  const replied = new Promise<string>((resolve, reject) => {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.once('end', () => resolve(text));
    socket.once('error', reject);
  });
  await new Promise((resolve) => socket.once('secureConnect', resolve));
  // As the engine does: the last small write must not wait for an ACK (Nagle).
  socket.setNoDelay(true);
  socket.write(Buffer.concat([head, body.head]));
  if (record !== undefined && !socket.setMaxSendFragment(record))
    throw new Error(`cannot set the TLS record size to ${record}`);
  const file = createReadStream(path, { highWaterMark: MiB });
  file.pipe(socket, { end: false });
  await new Promise<void>((resolve) => file.once('end', () => resolve()));
  socket.write(body.tail);
  const text = await replied;
  socket.destroy();
  if (!text.startsWith('HTTP/1.1 200')) throw new Error(`raw upload refused: ${text.slice(0, 80)}`);
}

function sinkTarget(sink: Sink): UploadTarget {
  return {
    baseUrl: `https://127.0.0.1:${sink.port}/asterisk`,
    mapping: 'recordings',
    cookie: () => 'benchsession',
    relogin: () => Promise.resolve(),
    trust: { fingerprint: sink.fingerprint },
  };
}

async function engineUpload(target: UploadTarget, path: string, hash = false): Promise<void> {
  const outcome = await uploadFile(target, { path, sendName: 'bench.wav', hash });
  if (outcome.status !== 'uploaded') throw new Error(`engine upload failed: ${JSON.stringify(outcome)}`);
}

interface Timed {
  readonly seconds: number;
  /** CPU seconds of this process (the client) and of the sink. */
  readonly client: number;
  readonly sink: number | undefined;
}

/** `files` uploads in turn: wall time, and where the CPU went (on a loaded machine, what limits). */
async function timed(sink: Sink, files: number, upload: () => Promise<void>): Promise<Timed> {
  const sinkBefore = cpuSecondsOf(sink.pid);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < files; i++) await upload();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const sinkAfter = cpuSecondsOf(sink.pid);
  return {
    seconds,
    client: (cpu.user + cpu.system) / 1e6,
    sink: sinkBefore !== undefined && sinkAfter !== undefined ? sinkAfter - sinkBefore : undefined,
  };
}

interface Case {
  readonly label: string;
  readonly size: number;
  /** Files per sample: enough that one sample is not a few milliseconds. */
  readonly files: number;
  readonly goal: number;
  readonly random: boolean;
}

const CASES: readonly Case[] = [
  { label: '1 MiB', size: MiB, files: 64, goal: 0.8, random: true },
  { label: '64 MiB', size: 64 * MiB, files: 1, goal: 0.9, random: true },
  { label: '256 MiB', size: 256 * MiB, files: 1, goal: 0.9, random: true },
  { label: '1 GiB', size: 1024 * MiB, files: 1, goal: 0.9, random: false },
];

const RSS_CHILD = fileURLToPath(new URL('./upload-rss-child.ts', import.meta.url));

/** Peak RSS growth of one hashed upload in a process of its own (upload-rss-child.ts). */
async function peakRssGrowth(sink: Sink, path: string): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', RSS_CHILD, String(sink.port), sink.fingerprint, path],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`upload-rss-child exited with ${code}`);
  return (JSON.parse(out) as { growthMiB: number }).growthMiB;
}

/** CPU seconds used so far by process `pid` (Linux /proc), or undefined where it cannot be read. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export default async function uploadBenchmark(): Promise<string[]> {
  const only = process.env.UPLOAD_BENCH_SIZES?.split(',');
  const work = await mkdtemp(join(tmpdir(), 'ajam-upload-bench-'));
  const sink = await startSink(false);
  const checker = await startSink(true);
  const lines: string[] = [];
  try {
    const target = sinkTarget(sink);
    for (const c of CASES) {
      if (only && !only.includes(c.label.replace(' ', ''))) continue;
      const file = join(work, `bench-${c.size}.bin`);
      await makeFile(file, c.size, c.random);
      // Untimed: every record the sink gets is one planned read (else it answers 400 and this throws).
      await engineUpload(sinkTarget(checker), file, true);
      lines.push(`checked upload ${c.label}: every TLS record was exactly one planned read (sink --verify)`);
      await engineUpload(target, file); // warm-up, also of the page cache
      await rawTlsUpload(sink, file, c.size);
      const rates = {
        raw: [] as number[],
        engine: [] as number[],
        hashed: [] as number[],
        sameRecords: [] as number[],
      };
      const cpu = {
        rawClient: [] as number[],
        rawSink: [] as number[],
        client: [] as number[],
        sink: [] as number[],
      };
      const gib = (c.size * c.files) / (1024 * MiB);
      const rate = (t: Timed): number => (c.size * c.files) / t.seconds / 1e6;
      /** Raw and engine in turn, the order swapped every run so a change in load favours neither. */
      const pair = async (run: number, engine: () => Promise<void>): Promise<[Timed, Timed]> => {
        const rawTime = (): Promise<Timed> => timed(sink, c.files, () => rawTlsUpload(sink, file, c.size));
        const engineTime = (): Promise<Timed> => timed(sink, c.files, engine);
        collectGarbage();
        const first = run % 2 === 0 ? await rawTime() : await engineTime();
        collectGarbage();
        const second = run % 2 === 0 ? await engineTime() : await rawTime();
        return run % 2 === 0 ? [first, second] : [second, first];
      };
      let run = 0;
      const ratios = await repeat(async () => {
        const [raw, engine] = await pair(run++, () => engineUpload(target, file));
        rates.raw.push(rate(raw));
        rates.engine.push(rate(engine));
        cpu.rawClient.push(raw.client / gib);
        cpu.client.push(engine.client / gib);
        if (raw.sink !== undefined) cpu.rawSink.push(raw.sink / gib);
        if (engine.sink !== undefined) cpu.sink.push(engine.sink / gib);
        return raw.seconds / engine.seconds;
      });
      // The same plain write cut into the engine's record size: how much of the gap to the raw write
      // is the record size itself (the sink pays per record), whatever a sender does.
      const record = steadyReadSize(buildMultipart('bench.wav', c.size).boundary.length);
      const ceiling = { vsRaw: [] as number[], engineVs: [] as number[] };
      await repeat(async () => {
        const [raw, engine] = await pair(run++, () => engineUpload(target, file));
        collectGarbage();
        const same = await timed(sink, c.files, () => rawTlsUpload(sink, file, c.size, record));
        rates.sameRecords.push(rate(same));
        ceiling.vsRaw.push(raw.seconds / same.seconds);
        ceiling.engineVs.push(same.seconds / engine.seconds);
        return 0;
      });
      const hashedRatios = await repeat(async () => {
        const [raw, hashed] = await pair(run++, () => engineUpload(target, file, true));
        rates.hashed.push(rate(hashed));
        return raw.seconds / hashed.seconds;
      });
      const each = c.files > 1 ? `, ${c.files} files per run` : '';
      lines.push(verdict(`upload ${c.label}: raw TLS write${each}`, rates.raw, {}, ' MB/s'));
      lines.push(verdict(`upload ${c.label}: engine (aligned records)${each}`, rates.engine, {}, ' MB/s'));
      lines.push(verdict(`upload ${c.label}: engine with SHA-256${each}`, rates.hashed, {}, ' MB/s'));
      lines.push(verdict(`upload ${c.label}: engine vs raw TLS write`, ratios, { atLeast: c.goal }, '×'));
      lines.push(verdict(`upload ${c.label}: engine with SHA-256 vs raw TLS write`, hashedRatios, {}, '×'));
      lines.push(
        verdict(
          `upload ${c.label}: raw TLS write in ${record}-byte records${each}`,
          rates.sameRecords,
          {},
          ' MB/s',
        ),
        verdict(
          `upload ${c.label}: raw TLS write in ${record}-byte records vs in 16 KiB records (the most one record per read allows)`,
          ceiling.vsRaw,
          {},
          '×',
        ),
        verdict(
          `upload ${c.label}: engine vs raw TLS write in ${record}-byte records (the engine's own cost)`,
          ceiling.engineVs,
          { atLeast: 0.9 },
          '×',
        ),
      );
      // The receiving side pays per record, and the engine sends ~4x as many (4 KiB, one per read).
      lines.push(verdict(`upload ${c.label}: CPU per GiB, raw TLS write's client`, cpu.rawClient, {}, ' s'));
      lines.push(verdict(`upload ${c.label}: CPU per GiB, engine's client`, cpu.client, {}, ' s'));
      if (cpu.sink.length > 0 && cpu.rawSink.length > 0) {
        lines.push(
          verdict(`upload ${c.label}: CPU per GiB, sink receiving the raw write`, cpu.rawSink, {}, ' s'),
        );
        lines.push(verdict(`upload ${c.label}: CPU per GiB, sink receiving the engine`, cpu.sink, {}, ' s'));
      }
      if (c.size === 1024 * MiB) {
        const growth = await repeat(() => peakRssGrowth(sink, file));
        lines.push(
          verdict('upload 1 GiB with SHA-256: peak RSS growth, own process', growth, { atMost: 64 }, ' MiB'),
        );
      }
      await rm(file);
    }
    // Other work on the machine slows both sides, but not always alike: say how loaded it was.
    lines.push(verdict('upload: machine load average (1 min) at the end', [loadavg()[0]!], {}));
    return lines;
  } finally {
    await sink.close();
    await checker.close();
    await rm(work, { recursive: true, force: true });
  }
}
