/**
 * `ajam upload --watch DIR` and `ajam history` in-process against the demo PBX over https: one
 * line per file, the summary, the journal at --journal, move after success, history as text and
 * JSON; options that only make sense with --watch are refused without it.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import type { HistoryEntry } from '../../shared/pipeline';
import { sha256File } from '../upload/helpers';
import { writeWav } from './helpers';

let pbx: DemoPbx;
let work: string;
beforeAll(async () => {
  pbx = await startDemoPbx({ tls: true, callsPerSecond: 0 });
  work = await mkdtemp(join(tmpdir(), 'ajam-cli-pipeline-'));
});
afterAll(async () => {
  await pbx.close();
  await rm(work, { recursive: true, force: true });
});

async function ajam(args: string[], signal = new AbortController().signal) {
  let stdout = '';
  let stderr = '';
  const secret = pbx.users.find((u) => u.user === 'admin')?.secret ?? '';
  const code = await runCli(
    [...args, '--url', pbx.url, '--user', 'admin', '--fingerprint', pbx.fingerprint as string],
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: { AJAM_SECRET: secret },
      signal,
    },
  );
  return { code, stdout, stderr };
}

async function history(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['history', ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('ajam upload --watch', () => {
  it('sends what is in the folder, one line per file, moves it after success, and history lists it', async () => {
    const dir = join(work, 'in');
    await mkdir(dir);
    const journal = join(work, 'state', 'journal.jsonl');
    const a = await writeWav(dir, 'cli-w-a.wav', 40_000);
    const hashA = await sha256File(a);
    await writeWav(dir, 'cli-w-b.wav', 20_000);
    await writeFile(join(dir, 'cli-w-c.wav'), 'plain text, not a recording at all');
    const run = await ajam([
      'upload',
      '--watch',
      dir,
      '--settle',
      '0.2',
      '--journal',
      journal,
      '--after',
      'move:subidos',
      '--once',
    ]);
    expect(run.stdout).toMatch(/^cli-w-a\.wav {2}uploaded \(39 KiB\)$/m);
    expect(run.stdout).toMatch(/^cli-w-b\.wav {2}uploaded/m);
    expect(run.stderr).toMatch(
      /cli-w-c\.wav {2}refused: cli-w-c\.wav is not a \.wav recording \(its content is text\)/,
    );
    expect(run.stdout.trim().split('\n').at(-1)).toBe('2 uploaded, 1 failed, 0 skipped, 0 waiting');
    expect(run.code).toBe(1);
    expect((await readdir(join(dir, 'subidos'))).sort()).toEqual(['cli-w-a.wav', 'cli-w-b.wav']);
    expect(await sha256File(join(pbx.uploadsDir, 'cli-w-a.wav'))).toBe(hashA);

    const text = await history(['--journal', journal]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `done {4}cli-w-a\\.wav {2}39 KiB {2}${hashA.slice(0, 12)} {2}${pbx.url}/recordings .* File successfully uploaded\\.`,
      ),
    );
    expect(text.stdout.trim().split('\n').at(-1)).toBe('3 entries: 2 done, 1 failed, 0 waiting');
    const json = await history(['--journal', journal, '--json', '--filter', 'done']);
    const entries = JSON.parse(json.stdout) as HistoryEntry[];
    expect(entries.map((e) => e.sendName).sort()).toEqual(['cli-w-a.wav', 'cli-w-b.wav']);
    expect(entries.find((e) => e.sendName === 'cli-w-a.wav')).toMatchObject({
      sha256: hashA,
      size: 40_000,
      result: 'done',
      pbxMessage: 'File successfully uploaded.',
      after: { kind: 'moved', to: join(dir, 'subidos', 'cli-w-a.wav') },
    });

    // Again: nothing left to send, nothing sent twice.
    const again = await ajam(['upload', '--watch', dir, '--settle', '0.2', '--journal', journal, '--once']);
    expect(again.stdout.trim().split('\n').at(-1)).toBe('0 uploaded, 0 failed, 0 skipped, 0 waiting');
    expect(pbx.uploads().filter((u) => u.path.endsWith('cli-w-a.wav'))).toHaveLength(1);
  });

  it('watches until stopped and prints the summary on SIGTERM', async () => {
    const dir = join(work, 'in2');
    await mkdir(dir);
    const stop = new AbortController();
    const running = ajam(
      ['upload', '--watch', dir, '--settle', '0.2', '--journal', join(work, 'j2.jsonl')],
      stop.signal,
    );
    await new Promise((r) => setTimeout(r, 500));
    await writeWav(dir, 'cli-w-late.wav', 10_000);
    for (let i = 0; i < 100 && !pbx.uploads().some((u) => u.path.endsWith('cli-w-late.wav')); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    stop.abort();
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cli-w-late\.wav {2}uploaded/m);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('1 uploaded, 0 failed, 0 skipped, 0 waiting');
  });

  it('refuses watch options without --watch and FILEs with it', async () => {
    expect((await ajam(['upload', 'x.wav', '--settle', '1'])).stderr).toMatch(
      /--settle only goes with --watch DIR/,
    );
    expect((await ajam(['upload', 'x.wav', '--watch', work])).stderr).toMatch(/either FILEs or --watch DIR/);
    expect((await ajam(['upload', '--watch', work, '--after', 'later'])).stderr).toMatch(
      /--after must be leave, move:DIR or delete/,
    );
  });
});
