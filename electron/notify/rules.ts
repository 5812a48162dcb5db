/**
 * Which events become native notifications. No I/O and no clock of its own: the glue feeds it what the
 * console service emits plus the current time, shows what comes out, closes what it is told to dismiss,
 * and calls `tick` at `wakeAt`.
 *
 * - A call that starts ringing on one of the operator's watched extensions: caller ID, and a click
 *   focuses that call. Dismissed when it stops ringing (answered, hung up).
 * - Connection lost (once per outage, not per retry) and back.
 * - An upload batch's result.
 * - Do-not-disturb shows nothing, but the rules keep tracking, so turning it off does not replay old rings.
 * - No storm: when more calls start ringing than `burst` within `windowMs`, they are gathered for
 *   `gatherMs` and shown as ONE notification ("50 calls ringing"); while the storm lasts, that one
 *   notification is replaced at most every `regroupMs`.
 */
import type { SessionStatus, UploadBatchResult, UploadItem } from '../../shared/ipc';
import type { BoardPatch, BoardSnapshot, Channel } from '../../shared/model';
import type { PipelineBatch } from '../../shared/pipeline';
import { noticeLineIn } from '../../shared/notices-words';
import { stringsFor, type Language } from '../desktop/strings';

export interface NotifyConfig {
  /** Extensions like `101`; a ringing `PJSIP/101-0000002a` or `Local/101@ctx-…;1` matches `101`. */
  readonly watchedExtensions: readonly string[];
  readonly doNotDisturb: boolean;
  readonly language: Language;
}

export type NotifyInput =
  | { readonly kind: 'board-snapshot'; readonly snapshot: BoardSnapshot }
  | { readonly kind: 'board-patch'; readonly patch: BoardPatch }
  | { readonly kind: 'status'; readonly status: SessionStatus }
  | { readonly kind: 'upload-progress'; readonly item: UploadItem }
  | { readonly kind: 'upload-batch'; readonly result: UploadBatchResult }
  /** The recordings pipeline's batch progress; the `ended` one is announced, once. */
  | { readonly kind: 'pipeline-batch'; readonly batch: PipelineBatch }
  | { readonly kind: 'tick' };

export type NotificationClick =
  | { readonly kind: 'focus-call'; readonly uniqueid: string }
  | { readonly kind: 'show-window' }
  | { readonly kind: 'show-uploads' };

export interface NotificationDescriptor {
  /** A notification with the same key replaces the one shown before. */
  readonly key: string;
  readonly title: string;
  readonly body: string;
  readonly click: NotificationClick;
  readonly urgency: 'low' | 'normal' | 'critical';
}

export interface NotifyOutput {
  readonly show: readonly NotificationDescriptor[];
  /** Keys of notifications to close (the call they announced stopped ringing). */
  readonly dismiss: readonly string[];
  /** Epoch ms when `tick` must be called (a gathered group is due), if any. */
  readonly wakeAt?: number;
}

export interface RuleLimits {
  /** Individual ring notifications allowed within `windowMs` before grouping starts. */
  readonly burst: number;
  readonly windowMs: number;
  /** How long a group gathers further rings before it is shown. */
  readonly gatherMs: number;
  /** Least time between two group notifications, so a long storm updates the group, not the speaker. */
  readonly regroupMs: number;
}

export const DEFAULT_LIMITS: RuleLimits = { burst: 3, windowMs: 10_000, gatherMs: 1_000, regroupMs: 5_000 };

const RINGING = 'Ringing';
const GROUP_KEY = 'ringing-group';
const CONNECTION_KEY = 'connection';
const MAX_TRACKED_BATCHES = 20;
const MAX_FAILED_NAMES = 20;

/**
 * The extension a channel belongs to: `PJSIP/101-0000002a` -> `101`, `SIP/reception-00a1` ->
 * `reception`, `Local/101@from-internal-00000001;2` -> `101`.
 */
export function extensionOfChannel(channel: string): string | undefined {
  const slash = channel.indexOf('/');
  if (slash <= 0) return undefined;
  const tech = channel.slice(0, slash);
  const rest = channel.slice(slash + 1);
  if (tech.toLowerCase() === 'local') {
    const at = rest.indexOf('@');
    return at > 0 ? rest.slice(0, at) : undefined;
  }
  const dash = rest.lastIndexOf('-');
  const resource = dash > 0 ? rest.slice(0, dash) : rest;
  return resource === '' ? undefined : resource;
}

function callerText(name: string, num: string): string | undefined {
  const cleanName = name.trim();
  const cleanNum = num.trim();
  const usable = (s: string) => s !== '' && s !== '<unknown>';
  if (usable(cleanName) && usable(cleanNum) && cleanName !== cleanNum) return `${cleanName} <${cleanNum}>`;
  if (usable(cleanNum)) return cleanNum;
  if (usable(cleanName)) return cleanName;
  return undefined;
}

interface PendingGroup {
  readonly uniqueids: Set<string>;
  readonly extensions: Set<string>;
  dueAt: number;
}

export class NotificationRules {
  /** Watched channels currently ringing, already announced (or deliberately not): uniqueid -> extension. */
  readonly #ringing = new Map<string, string>();
  /** Who called, per call (linkedid): from the channel that started it. */
  readonly #callers = new Map<string, string>();
  /** When individual ring notifications were shown, within the window. */
  #recent: number[] = [];
  #pending: PendingGroup | undefined;
  /** When the last group was shown: a follow-up group waits regroupMs and says "+N more". */
  #lastGroupAt = Number.NEGATIVE_INFINITY;
  #outageSince: number | undefined;
  #wasUp = false;
  readonly #failedNames = new Map<string, string[]>();

  constructor(private readonly limits: RuleLimits = DEFAULT_LIMITS) {}

  step(input: NotifyInput, config: NotifyConfig, now: number): NotifyOutput {
    const show: NotificationDescriptor[] = [];
    const dismiss: string[] = [];
    switch (input.kind) {
      case 'board-snapshot':
        this.#board(input.snapshot.channels, true, config, now, show, dismiss);
        break;
      case 'board-patch':
        if (input.patch.channels) this.#board(input.patch.channels, false, config, now, show, dismiss);
        break;
      case 'status':
        this.#status(input.status, config, now, show);
        break;
      case 'upload-progress':
        this.#uploadItem(input.item);
        break;
      case 'upload-batch':
        this.#uploadBatch(input.result, config, show);
        break;
      case 'pipeline-batch':
        this.#pipelineBatch(input.batch, config, show);
        break;
      case 'tick':
        break;
    }
    this.#flushGroup(config, now, show);
    const visible = config.doNotDisturb ? [] : show;
    return this.#pending
      ? { show: visible, dismiss, wakeAt: this.#pending.dueAt }
      : { show: visible, dismiss };
  }

  #board(
    channels: Readonly<Record<string, Channel | null>>,
    replaceAll: boolean,
    config: NotifyConfig,
    now: number,
    show: NotificationDescriptor[],
    dismiss: string[],
  ): void {
    const watched = new Set(config.watchedExtensions);
    if (replaceAll) {
      // A snapshot is the whole board: anything we tracked that it lacks is gone.
      for (const uniqueid of [...this.#ringing.keys()]) {
        if (!channels[uniqueid]) this.#stopRinging(uniqueid, dismiss);
      }
      for (const linkedid of [...this.#callers.keys()])
        if (!channels[linkedid]) this.#callers.delete(linkedid);
    }
    const started: Channel[] = [];
    for (const [uniqueid, channel] of Object.entries(channels)) {
      if (channel === null) {
        this.#callers.delete(uniqueid);
        this.#stopRinging(uniqueid, dismiss);
        continue;
      }
      if (channel.uniqueid === channel.linkedid) {
        const caller = callerText(channel.callerIdName, channel.callerIdNum);
        if (caller) this.#callers.set(channel.linkedid, caller);
      }
      const extension = extensionOfChannel(channel.channel);
      const isWatchedRing = channel.state === RINGING && extension !== undefined && watched.has(extension);
      if (!isWatchedRing) {
        this.#stopRinging(uniqueid, dismiss);
        continue;
      }
      if (!this.#ringing.has(uniqueid)) {
        this.#ringing.set(uniqueid, extension);
        started.push(channel);
      }
    }
    if (started.length === 0) return;
    if (config.doNotDisturb) return; // tracked above, so ending DND does not replay these

    this.#recent = this.#recent.filter((at) => now - at < this.limits.windowMs);
    const grouping = this.#pending !== undefined || this.#recent.length + started.length > this.limits.burst;
    if (!grouping) {
      for (const channel of started) {
        this.#recent.push(now);
        show.push(this.#ringNotification(channel, config));
      }
      return;
    }
    this.#pending ??= {
      uniqueids: new Set(),
      extensions: new Set(),
      dueAt: Math.max(now + this.limits.gatherMs, this.#lastGroupAt + this.limits.regroupMs),
    };
    for (const channel of started) {
      this.#pending.uniqueids.add(channel.uniqueid);
      this.#pending.extensions.add(this.#ringing.get(channel.uniqueid) ?? '?');
    }
  }

  #ringNotification(channel: Channel, config: NotifyConfig): NotificationDescriptor {
    const words = stringsFor(config.language).notify;
    // On the ringing (called) channel, the caller is the connected line; else whoever started the call.
    const caller =
      callerText(channel.connectedLineName, channel.connectedLineNum) ??
      this.#callers.get(channel.linkedid) ??
      words.unknownCaller;
    return {
      key: `ring:${channel.uniqueid}`,
      title: words.ringingTitle(this.#ringing.get(channel.uniqueid) ?? channel.channel),
      body: words.ringingBody(caller),
      click: { kind: 'focus-call', uniqueid: channel.uniqueid },
      urgency: 'critical',
    };
  }

  #stopRinging(uniqueid: string, dismiss: string[]): void {
    if (!this.#ringing.delete(uniqueid)) return;
    dismiss.push(`ring:${uniqueid}`);
    this.#pending?.uniqueids.delete(uniqueid);
  }

  #flushGroup(config: NotifyConfig, now: number, show: NotificationDescriptor[]): void {
    const pending = this.#pending;
    if (!pending || now < pending.dueAt) return;
    this.#pending = undefined;
    if (config.doNotDisturb) return;
    // Calls answered or gone while the group gathered are not announced.
    const stillRinging = [...pending.uniqueids].filter((id) => this.#ringing.has(id));
    if (stillRinging.length === 0) return;
    const extensions = [...new Set(stillRinging.map((id) => this.#ringing.get(id) ?? '?'))].sort();
    const words = stringsFor(config.language).notify;
    const sinceLast = now - this.#lastGroupAt < this.limits.windowMs;
    this.#lastGroupAt = now;
    // Keep grouping while the storm lasts: the window restarts from the group.
    this.#recent.push(...Array.from({ length: this.limits.burst }, () => now));
    show.push({
      key: GROUP_KEY,
      title: words.ringingGroupTitle(this.#ringing.size),
      body: words.ringingGroupBody(extensions, sinceLast ? stillRinging.length : 0),
      click: { kind: 'show-window' },
      urgency: 'critical',
    });
  }

  #status(status: SessionStatus, config: NotifyConfig, now: number, show: NotificationDescriptor[]): void {
    const words = stringsFor(config.language).notify;
    const up = status.state === 'connected' || status.state === 'back';
    if (status.state === 'lost') {
      if (this.#wasUp && this.#outageSince === undefined) {
        this.#outageSince = now;
        show.push({
          key: CONNECTION_KEY,
          title: words.lostTitle,
          // Main's reason in the notification's own language, as the window would word it.
          body: words.lostBody(
            status.url,
            status.retryInSeconds,
            status.error && noticeLineIn(config.language, status.error.notice),
          ),
          click: { kind: 'show-window' },
          urgency: 'critical',
        });
      }
      return;
    }
    if (up) {
      if (this.#outageSince !== undefined) {
        const down = Math.max(0, Math.round((now - this.#outageSince) / 1000));
        show.push({
          key: CONNECTION_KEY,
          title: words.backTitle,
          body: words.backBody(status.url, down),
          click: { kind: 'show-window' },
          urgency: 'normal',
        });
      }
      this.#outageSince = undefined;
      this.#wasUp = true;
      return;
    }
    if (status.state === 'closed' || status.state === 'idle') {
      // A disconnect (or a failure already shown as "lost") ends the outage without a "back".
      this.#outageSince = undefined;
      this.#wasUp = false;
    }
  }

  #uploadItem(item: UploadItem): void {
    if (item.state !== 'failed') return;
    let names = this.#failedNames.get(item.batchId);
    if (!names) {
      if (this.#failedNames.size >= MAX_TRACKED_BATCHES) {
        const oldest = this.#failedNames.keys().next().value;
        if (oldest !== undefined) this.#failedNames.delete(oldest);
      }
      names = [];
      this.#failedNames.set(item.batchId, names);
    }
    if (names.length < MAX_FAILED_NAMES && !names.includes(item.name)) names.push(item.name);
  }

  /**
   * One notification per batch of watched-folder recordings, when it ends: progress events say
   * nothing, and a batch where nothing was sent or failed (only duplicates skipped) stays quiet.
   */
  #pipelineBatch(batch: PipelineBatch, config: NotifyConfig, show: NotificationDescriptor[]): void {
    if (!batch.ended || batch.done + batch.failed === 0) return;
    const words = stringsFor(config.language).notify;
    show.push({
      key: `pipeline:${batch.profileId}`,
      title: words.recordingsTitle(batch.done, batch.failed),
      body: words.recordingsBody(batch.done, batch.failed, batch.skipped),
      click: { kind: 'show-window' },
      urgency: batch.failed > 0 ? 'normal' : 'low',
    });
  }

  #uploadBatch(result: UploadBatchResult, config: NotifyConfig, show: NotificationDescriptor[]): void {
    const names = this.#failedNames.get(result.batchId) ?? [];
    this.#failedNames.delete(result.batchId);
    if (result.uploaded + result.failed === 0) return; // all cancelled by the operator: nothing to report
    const words = stringsFor(config.language).notify;
    show.push({
      key: `upload:${result.batchId}`,
      title: words.uploadTitle(result.uploaded, result.failed),
      body: words.uploadBody(result.uploaded, result.failed, names),
      click: { kind: 'show-uploads' },
      urgency: result.failed > 0 ? 'normal' : 'low',
    });
  }
}
