/**
 * The recordings pipeline from a terminal: `ajam upload --watch DIR` runs the same core as the app
 * (settle, checks, policy, journal, engine, after-success) headless, for a Windows scheduled task
 * or service, one line per file and a summary on Ctrl-C or SIGTERM; `ajam history` prints the
 * journal.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { englishMessage } from '../../shared/ipc';
import {
  DEFAULT_PIPELINE_CONFIG,
  DEFAULT_POLL_SECONDS,
  DEFAULT_SETTLE_SECONDS,
  OVERWRITE_POLICIES,
  WAV16_POLICIES,
  type AfterSuccess,
  type OverwritePolicy,
  type PipelineConfig,
  type PipelineFile,
  type Wav16Policy,
} from '../../shared/pipeline';
import type { AjamClient } from '../ajam/api';
import { AjamError } from '../ajam/errors';
import { historyPage, toHistoryEntry } from '../pipeline/history';
import { Journal, readJournal } from '../pipeline/journal';
import { backoffMs } from '../pipeline/retry';
import { PipelineRunner } from '../pipeline/runner';
import { destinationOf } from '../pipeline/service';
import { formatBytes } from '../upload/checks';
import type { UploadTarget } from '../upload/engine';
import { optNumber, optString } from './args';
import { defineCommand, type CommandContext } from './command';
import { profileFrom } from './connection';
import { describeError, ExitCode, UsageError, type ExitCodeValue } from './exit';

export const watchOptions = {
  watch: { type: 'string' },
  settle: { type: 'string' },
  journal: { type: 'string' },
  after: { type: 'string' },
  recursive: { type: 'boolean' },
  poll: { type: 'string' },
  overwrite: { type: 'string' },
  wav16: { type: 'string' },
  once: { type: 'boolean' },
} as const;

export const watchUsage = `
Watching a folder (the recordings pipeline, headless):
  ajam upload --watch DIR [--settle S] [--journal FILE] [--after leave|move:DIR|delete] [--recursive]
  --watch DIR               send every recording in DIR the journal does not have as uploaded, then
                            every new one once its size and time have not changed for --settle
                            seconds (default ${DEFAULT_SETTLE_SECONDS}) and it opens for reading
  --journal FILE            the journal (default AJAM_JOURNAL or ~/.local/state/ajam/pipeline-journal.jsonl)
  --after leave|move:DIR|delete
                            after "File successfully uploaded." (never before): leave the file (default),
                            move it to DIR (relative to the watched folder, e.g. move:subidos), or delete it
  --recursive               subfolders too
  --poll S                  poll every S seconds instead of change events (network shares: SMB, NFS)
  --overwrite skip|overwrite|rename
                            a different file under a name already uploaded (default rename: name-1.wav)
  --wav16 rename|warn       a 16 kHz WAV named .wav (default rename to .wav16)
  --once                    stop once the files found at start have a result (a scheduled task)`;

export function defaultJournalPath(env: Readonly<Record<string, string | undefined>>): string {
  const explicit = env['AJAM_JOURNAL'];
  if (explicit) return explicit;
  if (process.platform === 'win32')
    return join(env['LOCALAPPDATA'] ?? homedir(), 'ajam', 'pipeline-journal.jsonl');
  return join(env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'), 'ajam', 'pipeline-journal.jsonl');
}

export function parseAfter(text: string | undefined): AfterSuccess {
  if (text === undefined || text === 'leave') return { kind: 'leave' };
  if (text === 'delete') return { kind: 'delete' };
  const move = /^move:(.+)$/.exec(text);
  if (move) return { kind: 'move', dir: move[1] as string };
  throw new UsageError(`--after must be leave, move:DIR or delete, not "${text}"`);
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be ${allowed.join(', ')}, not "${value}"`);
  }
  return value as T;
}

export function watchConfig(ctx: CommandContext): {
  config: PipelineConfig;
  settleMs: number;
  journal: string;
} {
  const dir = optString(ctx.values, 'watch') as string;
  const settle = optNumber(ctx.values, 'settle', 0, 3600) ?? DEFAULT_SETTLE_SECONDS;
  const poll = optNumber(ctx.values, 'poll', 0.1, 600);
  const overwrite = oneOf<OverwritePolicy>(
    'overwrite',
    optString(ctx.values, 'overwrite'),
    OVERWRITE_POLICIES.filter((p) => p !== 'ask'),
  );
  const wav16 = oneOf<Wav16Policy>('wav16', optString(ctx.values, 'wav16'), WAV16_POLICIES);
  const after = parseAfter(optString(ctx.values, 'after'));
  const config: PipelineConfig = {
    ...DEFAULT_PIPELINE_CONFIG,
    enabled: true,
    folders: [
      {
        path: resolve(dir),
        recursive: ctx.values['recursive'] === true,
        polling: poll !== undefined,
        include: [],
        exclude: [],
      },
    ],
    settleSeconds: settle,
    pollSeconds: poll ?? DEFAULT_POLL_SECONDS,
    ...(overwrite ? { overwrite } : {}),
    ...(wav16 ? { wav16 } : {}),
    after,
  };
  const journal = resolve(optString(ctx.values, 'journal') ?? defaultJournalPath(ctx.io.env));
  return { config, settleMs: Math.round(settle * 1000), journal };
}

/** Connection failures that waiting cannot fix: a wrong secret, a user without the rights. */
function isFinal(error: unknown): boolean {
  return (
    error instanceof AjamError &&
    (error.code === 'auth' || error.code === 'bad-url' || error.code === 'permission')
  );
}

/** Logs in, waiting with backoff while the PBX cannot be reached; undefined once aborted. */
async function connectPatiently(ctx: CommandContext): Promise<AjamClient | undefined> {
  for (let failures = 1; ; failures++) {
    try {
      return await ctx.connect();
    } catch (error) {
      if (isFinal(error) || ctx.io.signal.aborted) throw error;
      const wait = backoffMs(failures);
      ctx.io.stderr.write(
        `waiting for the PBX: ${describeError(error)}; next try in ${Math.round(wait / 1000)} s\n`,
      );
      try {
        await delay(wait, undefined, { signal: ctx.io.signal });
      } catch {
        return undefined;
      }
    }
  }
}

function fileLine(file: PipelineFile, now: number): { text: string; err: boolean } | undefined {
  const name = file.sendName || file.path;
  const why = file.notice ? englishMessage(file.notice) : '';
  switch (file.state) {
    case 'done':
      return { text: `${name}  uploaded (${formatBytes(file.size)})`, err: false };
    case 'skipped':
      return { text: `${name}  skipped: ${why}`, err: false };
    case 'refused':
      return { text: `${file.path}  refused: ${why}`, err: true };
    case 'failed':
      return { text: `${name}  failed: ${why}`, err: true };
    case 'waiting': {
      const next =
        file.retryAt !== undefined
          ? `; next try in ${Math.max(0, Math.round((file.retryAt - now) / 1000))} s`
          : '';
      return { text: `${name}  waiting: ${why}${next}`, err: true };
    }
    default:
      return undefined;
  }
}

export async function runWatch(ctx: CommandContext, mapping: string): Promise<ExitCodeValue> {
  const { config, settleMs, journal: journalPath } = watchConfig(ctx);
  const profile = profileFrom(ctx.values, ctx.io.env);
  const trust = profile.fingerprint
    ? { fingerprint: profile.fingerprint }
    : profile.ca
      ? { ca: profile.ca }
      : undefined;
  const client = await connectPatiently(ctx);
  if (!client) return ExitCode.ok;
  const target: UploadTarget = {
    baseUrl: profile.url,
    mapping,
    cookie: () => client.sessionCookie(),
    relogin: () => client.relogin(),
    ...(trust ? { trust } : {}),
    ...(ctx.values['allow-risky-plain-http'] === true ? { allowRiskyPlainHttp: true } : {}),
  };
  const journal = await Journal.open(journalPath);
  const repaired = journal.stats().repairedBytes;
  if (repaired > 0) ctx.io.stderr.write(`journal: cut ${repaired} bytes of a record torn by a crash\n`);
  const runner = new PipelineRunner({
    profileId: 'cli',
    config,
    destination: destinationOf(target),
    journal,
    target: () => target,
    settleMs,
  });
  const counts = { uploaded: 0, failed: 0, skipped: 0 };
  const last = new Map<string, string>();
  runner.onFile((file) => {
    const line = fileLine(file, Date.now());
    if (!line || last.get(file.path) === line.text) return;
    last.set(file.path, line.text);
    if (file.state === 'done') {
      counts.uploaded++;
      for (const w of file.warnings) ctx.io.stderr.write(`${file.sendName}  warning: ${englishMessage(w)}\n`);
    } else if (file.state === 'failed' || file.state === 'refused') counts.failed++;
    else if (file.state === 'skipped') counts.skipped++;
    (line.err ? ctx.io.stderr : ctx.io.stdout).write(`${line.text}\n`);
  });
  const stopped = new Promise<void>((resolveStop) => {
    if (ctx.io.signal.aborted) resolveStop();
    ctx.io.signal.addEventListener('abort', () => resolveStop(), { once: true });
  });
  try {
    await runner.start();
    ctx.io.stderr.write(`watching ${config.folders[0]?.path ?? ''} (journal ${journalPath})\n`);
    if (ctx.values['once'] === true) {
      while (!runner.idle() && !ctx.io.signal.aborted) await Promise.race([delay(100), stopped]);
    } else {
      await stopped;
    }
  } finally {
    await runner.stop();
    await journal.close();
  }
  const waiting = runner
    .files()
    .filter((f) => f.state === 'waiting' || f.state === 'queued' || f.state === 'settling').length;
  ctx.io.stdout.write(
    `${counts.uploaded} uploaded, ${counts.failed} failed, ${counts.skipped} skipped, ${waiting} waiting\n`,
  );
  if (runner.failure !== undefined) throw runner.failure;
  return counts.failed > 0 ? ExitCode.pbxError : ExitCode.ok;
}

const RESULT_WIDTH = 8;

export default defineCommand({
  name: 'history',
  summary: "the recordings pipeline's journal: every file, its result and the PBX's words",
  usage: `Usage: ajam history [--json] [--journal FILE] [--filter all|done|failed|waiting] [--search TEXT]

Lists the journal's entries, newest first: when, result, stored name, size, SHA-256 (short), PBX and
mapping, time to send, and the PBX's words or what to fix. --json prints them as a JSON array.
  --journal FILE   the journal (default AJAM_JOURNAL or ~/.local/state/ajam/pipeline-journal.jsonl)`,
  options: {
    json: { type: 'boolean' },
    journal: { type: 'string' },
    filter: { type: 'string' },
    search: { type: 'string' },
  },
  connects: false,
  async run(ctx) {
    const path = resolve(optString(ctx.values, 'journal') ?? defaultJournalPath(ctx.io.env));
    const filter = oneOf('filter', optString(ctx.values, 'filter'), [
      'all',
      'done',
      'failed',
      'waiting',
    ] as const);
    const search = optString(ctx.values, 'search');
    const entries = (await readJournal(path)).map(toHistoryEntry);
    const page = historyPage(entries, {
      ...(filter ? { filter } : {}),
      ...(search !== undefined ? { search } : {}),
      limit: Number.MAX_SAFE_INTEGER,
    });
    if (ctx.values['json'] === true) {
      ctx.printJson(page.entries);
      return ExitCode.ok;
    }
    for (const e of page.entries) {
      const when = new Date(e.finishedAt ?? e.createdAt).toISOString().replace('T', ' ').slice(0, 19);
      const took = e.durationMs !== undefined ? `${(e.durationMs / 1000).toFixed(1)} s` : '';
      const words =
        e.result === 'done'
          ? (e.pbxMessage ?? '')
          : e.notice
            ? englishMessage(e.notice)
            : (e.pbxMessage ?? '');
      const sha = e.sha256 ? e.sha256.slice(0, 12) : '-';
      ctx.io.stdout.write(
        `${when}  ${e.result.padEnd(RESULT_WIDTH)}${e.sendName || e.path}  ${formatBytes(e.size)}  ${sha}  ${e.pbx}/${e.mapping}  ${took}  ${words}`.trimEnd() +
          '\n',
      );
    }
    const c = page.counts;
    ctx.io.stdout.write(`${page.total} entries: ${c.done} done, ${c.failed} failed, ${c.waiting} waiting\n`);
    return ExitCode.ok;
  },
});
