/**
 * Upload throughput: 256 MiB to the demo PBX over https with record-aligned writes, beside the raw
 * TLS write throughput of the same bytes to a discarding sink on this machine (the limit; target
 * >= 0.7x), and the client's peak RSS growth for a 1 GiB upload (target < 64 MiB). The PBX and the
 * sink run in child processes so the client's CPU and memory are measured alone.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { createClient } from '../electron/ajam/client';
import { uploadFile, type UploadTarget } from '../electron/upload/engine';
import { startChildPbx } from '../tests/upload/demo-process';
import { recordingsTarget } from '../tests/upload/helpers';

const MiB = 1024 * 1024;

async function makeFile(path: string, size: number, random: boolean): Promise<void> {
  const handle = await open(path, 'w');
  if (random) {
    for (let at = 0; at < size; at += 8 * MiB) await handle.write(randomBytes(Math.min(8 * MiB, size - at)));
  } else {
    await handle.truncate(size);
  }
  await handle.close();
}

async function rawTlsWrite(path: string, size: number): Promise<number> {
  const sinkScript = fileURLToPath(new URL('./upload-sink.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', sinkScript, String(size)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  const { port, ca } = JSON.parse(line) as { port: number; ca: string };
  const socket = tls.connect({ host: '127.0.0.1', port, ca: [ca] });
  await new Promise((r) => socket.once('secureConnect', r));
  const started = performance.now();
  const ended = new Promise((r) => socket.once('end', r));
  createReadStream(path, { highWaterMark: MiB }).pipe(socket, { end: false });
  await ended;
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  child.stdin!.end();
  return size / seconds;
}

async function timedUpload(
  target: UploadTarget,
  path: string,
  size: number,
): Promise<{ rate: number; peakRss: number }> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const outcome = await uploadFile(target, { path, sendName: 'bench.wav' });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (outcome.status !== 'uploaded') throw new Error(`benchmark upload failed: ${JSON.stringify(outcome)}`);
  return { rate: size / seconds, peakRss: Math.max(peak, process.memoryUsage().rss) - baseline };
}

export default async function uploadBenchmark(): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'ajam-upload-bench-'));
  const uploads = await mkdtemp(join(tmpdir(), 'ajam-upload-bench-pbx-'));
  const pbx = await startChildPbx(uploads);
  const client = createClient({ url: pbx.url, user: 'admin', secret: '12345', fingerprint: pbx.fingerprint });
  try {
    await client.connect();
    const target = recordingsTarget(client, pbx.url, { trust: { fingerprint: pbx.fingerprint } });
    const size = 256 * MiB;
    const file = join(work, 'random.bin');
    await makeFile(file, size, true);
    const raw = await rawTlsWrite(file, size);
    const upload = await timedUpload(target, file, size);
    await rm(file);
    const bigSize = 1024 * MiB;
    const big = join(work, 'sparse.bin');
    await makeFile(big, bigSize, false);
    const gib = await timedUpload(target, big, bigSize);
    const mb = (bps: number) => `${(bps / 1e6).toFixed(1)} MB/s`;
    return [
      `upload 256 MiB https (aligned records): ${mb(upload.rate)}; raw TLS write of the same bytes: ${mb(raw)}; ratio ${(upload.rate / raw).toFixed(2)}x (target >= 0.7x)`,
      `upload 256 MiB peak RSS growth: ${(upload.peakRss / MiB).toFixed(1)} MiB`,
      `upload 1 GiB https: ${mb(gib.rate)}, peak RSS growth ${(gib.peakRss / MiB).toFixed(1)} MiB (target < 64 MiB)`,
    ];
  } finally {
    await client.close();
    await pbx.close();
    await rm(work, { recursive: true, force: true });
    await rm(uploads, { recursive: true, force: true });
  }
}
