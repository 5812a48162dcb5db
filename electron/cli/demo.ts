/** `ajam demo`: the demo PBX on 127.0.0.1 until Ctrl-C. */
import { rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoPbx } from '../demo/server';
import type { DemoOptions } from '../demo/api';
import { ringEveryForTraffic, softphoneLines } from '../demo/sip/demo';
import { isTrafficLevel, TRAFFIC_LEVELS, type TrafficLevel } from '../demo/traffic';
import { optInt, optString, exactPositionals } from './args';
import { defineCommand } from './command';
import { ExitCode, UsageError } from './exit';

export default defineCommand({
  name: 'demo',
  summary: 'run the demo PBX on 127.0.0.1 (--port P --traffic T --seed S --tls --uploads DIR)',
  usage: `Usage: ajam demo [--port P] [--traffic off|calm|lively] [--calls N] [--seed S] [--tls] [--uploads DIR]

Runs the built-in demo PBX on 127.0.0.1 until Ctrl-C and prints its URL, users, uploads folder and
the softphone account (SIP over WebSocket; with traffic, office phones call it now and then).
  --port P        TCP port (default: a free one)
  --traffic T     how alive the office is (default lively): lively keeps 6-12 calls going, new
                  ones ringing every few seconds, some on hold, one recorded, one parked; calm is
                  quieter; off is a still office that only moves when you act on it
  --calls N       calls in progress at start of a still office (implies --traffic off; default 3)
  --seed S        seed of the simulated office (same seed, same calls)
  --tls           serve https with a fresh self-signed certificate; prints its fingerprint and
                  writes it to a PEM file for --ca
  --uploads DIR   where [post_mappings] recordings are stored, created if missing
                  (default: a new temporary folder, removed at exit)`,
  options: {
    port: { type: 'string' },
    calls: { type: 'string' },
    traffic: { type: 'string' },
    seed: { type: 'string' },
    tls: { type: 'boolean' },
    uploads: { type: 'string' },
  },
  connects: false,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const { io, values } = ctx;
    const port = optInt(values, 'port', 0, 65535);
    const calls = optInt(values, 'calls', 0, 10_000);
    const seed = optInt(values, 'seed', 0, 2 ** 31 - 1);
    const traffic = trafficOf(optString(values, 'traffic'), calls);
    const uploads = optString(values, 'uploads');
    if (uploads !== undefined) await ensureUploadsFolder(resolve(uploads));
    const options: DemoOptions = {
      ...(port !== undefined ? { port } : {}),
      ...(calls !== undefined ? { calls } : {}),
      traffic,
      ...(seed !== undefined ? { seed } : {}),
      ...(values['tls'] === true ? { tls: true } : {}),
      ...(uploads !== undefined ? { uploadsDir: resolve(uploads) } : {}),
      sip: { ringEverySeconds: ringEveryForTraffic(traffic) },
    };
    const pbx = await startDemoPbx(options);
    let pem: string | undefined;
    try {
      const lines = [`Demo PBX listening at ${pbx.url}`, `Traffic: ${traffic}`, 'Users:'];
      for (const u of pbx.users) lines.push(`  ${u.user} / ${u.secret}  (read=${u.read}, write=${u.write})`);
      lines.push(`Uploads folder: ${pbx.uploadsDir}`, ...softphoneLines(pbx.sip));
      if (pbx.certificatePem !== undefined) {
        pem = join(tmpdir(), `ajam-demo-${pbx.port}.pem`);
        writeFileSync(pem, pbx.certificatePem);
        lines.push(`Certificate SHA-256: ${pbx.fingerprint ?? '(unknown)'}`, `Certificate PEM: ${pem}`);
        lines.push(`Try: AJAM_SECRET=12345 ajam ping --url ${pbx.url} --user admin --ca ${pem}`);
      } else {
        lines.push(`Try: AJAM_SECRET=12345 ajam ping --url ${pbx.url} --user admin`);
      }
      lines.push('Ctrl-C stops it.');
      io.stdout.write(lines.join('\n') + '\n');
      await new Promise<void>((done) => {
        if (io.signal.aborted) done();
        io.signal.addEventListener('abort', () => done(), { once: true });
      });
    } finally {
      // The PEM is only of use while this demo runs: its certificate dies with it.
      if (pem !== undefined) rmSync(pem, { force: true });
      await pbx.close();
    }
    return ExitCode.ok;
  },
});

/** --traffic, lively by default; --calls describes a still office, so it goes with off only. */
function trafficOf(text: string | undefined, calls: number | undefined): TrafficLevel {
  if (text !== undefined && !isTrafficLevel(text)) {
    throw new UsageError(`--traffic must be one of ${TRAFFIC_LEVELS.join(', ')}, not "${text}"`);
  }
  if (calls !== undefined && text !== undefined && text !== 'off') {
    throw new UsageError('--calls sets up a still office: it goes with --traffic off (or alone)');
  }
  return text ?? (calls !== undefined ? 'off' : 'lively');
}

/** Makes the uploads folder, or says clearly why it cannot be one (instead of failing every upload later). */
async function ensureUploadsFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`--uploads ${dir}: cannot create or use this folder (${code})`);
  }
}
