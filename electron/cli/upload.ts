/**
 * `ajam upload FILE... [--mapping NAME]`: the app's upload queue and engine from a terminal.
 * A progress bar per file on a TTY, plain lines otherwise; exit 1 when any file was not uploaded.
 */
import { englishMessage } from '../../shared/ipc';
import type { AjamClient } from '../ajam/api';
import { formatBytes } from '../upload/checks';
import type { UploadTarget } from '../upload/engine';
import { UploadQueue, type UploadItem } from '../upload/queue';
import { optInt, optString } from './args';
import { defineCommand } from './command';
import { profileFrom } from './connection';
import { ExitCode, UsageError } from './exit';
import { runWatch, watchOptions, watchUsage } from './pipeline';

const BAR_WIDTH = 24;

function line(item: UploadItem): string {
  const name = item.sendName || item.path;
  switch (item.state) {
    case 'checking':
    case 'queued':
      return `${name}  ${item.state}`;
    case 'uploading': {
      const fraction = item.size > 0 ? item.sentBytes / item.size : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      const rate = item.bytesPerSecond > 0 ? `${formatBytes(item.bytesPerSecond)}/s` : '';
      const eta = item.etaSeconds !== undefined ? `ETA ${Math.ceil(item.etaSeconds)} s` : '';
      return `${name}  [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}%  ${rate}  ${eta}`.trimEnd();
    }
    case 'done':
      return `${name}  uploaded (${formatBytes(item.size)})`;
    case 'cancelled':
      return `${name}  cancelled`;
    case 'refused':
      return `${item.path}  refused: ${item.error?.message ?? ''}`;
    case 'failed':
      return `${name}  failed: ${item.error?.message ?? ''}`;
  }
}

export default defineCommand({
  name: 'upload',
  summary: 'upload recordings to the PBX post mapping (aligned so Asterisk does not hang)',
  usage: `Usage: ajam upload FILE... [--mapping NAME] [--concurrency N] [--allow-risky-plain-http] [connection options]

Uploads each FILE to <url>/<mapping> (http.conf [post_mappings], default "recordings" or AJAM_MAPPING),
two at a time. Over https every read of Asterisk's upload module gets exactly one TLS record, which
is what makes uploads over 1 KiB work at all. Plain http is only used on loopback, with writes paced
to Asterisk's reads (Linux; elsewhere files over 64 KiB are refused). Names are reduced to a safe
basename. Exit 1 when any file was not uploaded.
  --mapping NAME            the post mapping (default recordings)
  --concurrency N           uploads at a time, 1-8 (default 2)
  --allow-risky-plain-http  send over plain http what would be refused (over 1 KiB to a remote PBX,
                            over 64 KiB to an unpaceable local one): real Asterisk then often hangs
                            and burns a CPU core until it is restarted
${watchUsage}`,
  options: {
    mapping: { type: 'string' },
    concurrency: { type: 'string' },
    'allow-risky-plain-http': { type: 'boolean' },
    ...watchOptions,
  },
  connects: true,
  async run(ctx) {
    const mapping = optString(ctx.values, 'mapping') ?? ctx.io.env['AJAM_MAPPING'] ?? 'recordings';
    if (optString(ctx.values, 'watch') !== undefined) {
      if (ctx.positionals.length > 0) throw new UsageError('give either FILEs or --watch DIR, not both');
      return runWatch(ctx, mapping);
    }
    for (const name of Object.keys(watchOptions)) {
      if (ctx.values[name] !== undefined) throw new UsageError(`--${name} only goes with --watch DIR`);
    }
    if (ctx.positionals.length === 0) throw new UsageError('give at least one FILE to upload');
    const concurrency = optInt(ctx.values, 'concurrency', 1, 8) ?? 2;
    const profile = profileFrom(ctx.values, ctx.io.env);
    const client: AjamClient = await ctx.connect();
    const trust = profile.fingerprint
      ? { fingerprint: profile.fingerprint }
      : profile.ca
        ? { ca: profile.ca }
        : undefined;
    const target: UploadTarget = {
      baseUrl: profile.url,
      mapping,
      cookie: () => client.sessionCookie(),
      relogin: () => client.relogin(),
      ...(trust ? { trust } : {}),
      ...(ctx.values['allow-risky-plain-http'] === true ? { allowRiskyPlainHttp: true } : {}),
    };
    const queue = new UploadQueue({ target: () => target, concurrency });
    const out = ctx.io.stdout as { write(text: string): unknown; isTTY?: boolean };
    const view = out.isTTY ? new TtyView(out) : new PlainView(ctx.io.stdout, ctx.io.stderr);
    queue.onChange((item) => view.update(item));
    const onAbort = (): void => queue.cancelAll();
    ctx.io.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await queue.add(ctx.positionals);
      await queue.idle();
    } finally {
      ctx.io.signal.removeEventListener('abort', onAbort);
    }
    view.end();
    const items = queue.items();
    const uploaded = items.filter((i) => i.state === 'done').length;
    const notUploaded = items.length - uploaded;
    const summary = `${uploaded} uploaded, ${notUploaded} failed`;
    if (notUploaded > 0) {
      ctx.io.stderr.write(`${summary}\n`);
      return ExitCode.pbxError;
    }
    ctx.io.stdout.write(`${summary}\n`);
    return ExitCode.ok;
  },
});

interface View {
  update(item: UploadItem): void;
  end(): void;
}

/** One line per event that matters (start, warnings, result): for logs and pipes. */
class PlainView implements View {
  private readonly seen = new Map<string, string>();
  constructor(
    private readonly stdout: { write(text: string): unknown },
    private readonly stderr: { write(text: string): unknown },
  ) {}

  update(item: UploadItem): void {
    const previous = this.seen.get(item.id);
    if (previous === item.state) return;
    this.seen.set(item.id, item.state);
    if (item.state === 'queued')
      for (const w of item.warnings) this.stderr.write(`${item.sendName}  warning: ${englishMessage(w)}\n`);
    if (item.state === 'uploading')
      this.stdout.write(`${item.sendName}  uploading (${formatBytes(item.size)})\n`);
    if (item.state === 'done' || item.state === 'cancelled') this.stdout.write(`${line(item)}\n`);
    if (item.state === 'failed' || item.state === 'refused') this.stderr.write(`${line(item)}\n`);
  }

  end(): void {}
}

/** A bar per file, redrawn in place (at most as often as the engine reports: 10/s per file). */
class TtyView implements View {
  private readonly items = new Map<string, UploadItem>();
  private drawn = 0;
  private readonly notes: string[] = [];
  constructor(private readonly out: { write(text: string): unknown }) {}

  update(item: UploadItem): void {
    const before = this.items.get(item.id);
    if (item.state === 'queued' && before?.state !== 'queued') {
      for (const w of item.warnings) this.notes.push(`${item.sendName}  warning: ${englishMessage(w)}`);
    }
    this.items.set(item.id, item);
    this.draw();
  }

  private draw(): void {
    const width = (this.out as { columns?: number }).columns ?? 100;
    let text = this.drawn > 0 ? `\x1b[${this.drawn}F\x1b[J` : '';
    for (const note of this.notes.splice(0)) text += `${note}\n`;
    const lines = [...this.items.values()].map((i) => line(i).slice(0, width - 1));
    text += lines.map((l) => `${l}\n`).join('');
    this.drawn = lines.length;
    this.out.write(text);
  }

  end(): void {}
}
