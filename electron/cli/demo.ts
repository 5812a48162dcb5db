/** `ajam demo`: the demo PBX on 127.0.0.1 until Ctrl-C. */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoPbx } from '../demo/server';
import type { DemoOptions } from '../demo/api';
import { optInt, optString, exactPositionals } from './args';
import { defineCommand } from './command';
import { ExitCode } from './exit';

export default defineCommand({
  name: 'demo',
  summary: 'run the demo PBX on 127.0.0.1 (--port P --calls N --seed S --tls --uploads DIR)',
  usage: `Usage: ajam demo [--port P] [--calls N] [--seed S] [--tls] [--uploads DIR]

Runs the built-in demo PBX on 127.0.0.1 until Ctrl-C and prints its URL, users and uploads folder.
  --port P        TCP port (default: a free one)
  --calls N       calls in progress at start (default 3)
  --seed S        seed of the simulated office (same seed, same calls)
  --tls           serve https with a fresh self-signed certificate; prints its fingerprint and
                  writes it to a PEM file for --ca
  --uploads DIR   where [post_mappings] recordings are stored (default: a new temporary folder)`,
  options: {
    port: { type: 'string' },
    calls: { type: 'string' },
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
    const uploads = optString(values, 'uploads');
    const options: DemoOptions = {
      ...(port !== undefined ? { port } : {}),
      ...(calls !== undefined ? { calls } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(values['tls'] === true ? { tls: true } : {}),
      ...(uploads !== undefined ? { uploadsDir: resolve(uploads) } : {}),
    };
    const pbx = await startDemoPbx(options);
    let pem: string | undefined;
    try {
      const lines = [`Demo PBX listening at ${pbx.url}`, 'Users:'];
      for (const u of pbx.users) lines.push(`  ${u.user} / ${u.secret}  (read=${u.read}, write=${u.write})`);
      lines.push(`Uploads folder: ${pbx.uploadsDir}`);
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
