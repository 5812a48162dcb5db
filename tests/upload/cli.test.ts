import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { randomFile, sha256File } from './helpers';

let pbx: DemoPbx;
let work: string;
beforeAll(async () => {
  pbx = await startDemoPbx({ tls: true, callsPerSecond: 0 });
  work = await mkdtemp(join(tmpdir(), 'ajam-cli-upload-'));
});
afterAll(async () => {
  await pbx.close();
  await rm(work, { recursive: true, force: true });
});

async function ajam(args: string[], user = 'admin') {
  let stdout = '';
  let stderr = '';
  const secret = pbx.users.find((u) => u.user === user)?.secret ?? '';
  const code = await runCli(
    ['upload', ...args, '--url', pbx.url, '--user', user, '--fingerprint', pbx.fingerprint as string],
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: { AJAM_SECRET: secret },
      signal: new AbortController().signal,
    },
  );
  return { code, stdout, stderr };
}

describe('ajam upload', () => {
  it('uploads several files, prints plain lines without a TTY, and exits 0', async () => {
    const a = await randomFile(work, 'cli-a.wav', 100_000);
    const b = await randomFile(work, 'cli-b.gsm', 5000);
    const { code, stdout, stderr } = await ajam([a, b]);
    expect(stderr).toMatch(/^cli-a\.wav {2}warning: This is not a WAV file/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/cli-a\.wav {2}uploaded/);
    expect(stdout).toMatch(/cli-b\.gsm {2}uploaded/);
    expect(stdout.trim().split('\n').at(-1)).toBe('2 uploaded, 0 failed');
    expect(await sha256File(join(pbx.uploadsDir, 'cli-a.wav'))).toBe(await sha256File(a));
  });

  it('exits 1 with a summary when a file fails or is refused, naming write=config for the limited user', async () => {
    const a = await randomFile(work, 'cli-limited.wav', 5000);
    const missing = join(work, 'missing.wav');
    const { code, stderr, stdout } = await ajam([a, missing], 'limited');
    expect(code).toBe(1);
    expect(stderr).toMatch(/cli-limited\.wav {2}failed: .*write=config/);
    expect(stderr).toMatch(/missing\.wav {2}refused: File not found/);
    expect(stderr.trim().split('\n').at(-1)).toBe('0 uploaded, 2 failed');
    expect(stdout).not.toMatch(/uploaded \(/);
  });

  it('needs at least one file', async () => {
    const { code, stderr } = await ajam([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/at least one FILE/);
  });
});
