/**
 * Child process for upload.bench.ts: one upload in a fresh process (started with --expose-gc), so
 * its peak RSS growth starts from this process's own baseline and no earlier upload's buffers or
 * heap hide growth. Prints `{ "growthMiB": n }` and exits.
 *
 *   node --expose-gc --import tsx upload-rss-child.ts <port> <sha256 fingerprint> <file>
 */
import { uploadFile } from '../electron/upload/engine';

const [port, fingerprint, path] = process.argv.slice(2);
if (!port || !fingerprint || !path) throw new Error('usage: upload-rss-child.ts <port> <fingerprint> <file>');
const gc = (globalThis as { gc?: () => void }).gc;
if (typeof gc !== 'function') throw new Error('start with --expose-gc');

gc();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const outcome = await uploadFile(
  {
    baseUrl: `https://127.0.0.1:${port}/asterisk`,
    mapping: 'recordings',
    cookie: () => 'benchsession',
    relogin: () => Promise.resolve(),
    trust: { fingerprint },
  },
  { path, sendName: 'bench.wav', hash: true },
);
clearInterval(sampler);
if (outcome.status !== 'uploaded') throw new Error(`upload failed: ${JSON.stringify(outcome)}`);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ growthMiB: (peak - baseline) / 2 ** 20 })}\n`);
