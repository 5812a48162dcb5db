/**
 * The journal's records and what they add up to. Pure: lines in, entries out.
 *
 * One file's journey is one entry (one `file` record), however many tries it takes. The `file`
 * record is the first try's intent; each later try is announced by a `try` record before a byte
 * goes out; `sent` carries the SHA-256 of what is sent and is on disk before the write that
 * completes the body (from then on the PBX may have it); and one of `done`,
 * `fail`, `refused`, `skipped` gives the result. `after` says what became of the local file.
 * A `fail` that is not permanent is no result: the entry is still waiting.
 */
import type { Notice } from '../../shared/notices';
import type { HistoryEntry, HistoryResult } from '../../shared/pipeline';

export const JOURNAL_VERSION = 1;

/** Where an entry's content goes: the PBX (base URL with prefix) and its post mapping. */
export interface Destination {
  readonly pbx: string;
  readonly mapping: string;
}

export type JournalRecord =
  | ({
      readonly t: 'file';
      readonly id: string;
      readonly at: number;
      readonly profile: string;
      readonly path: string;
      /** The stored name on the PBX. */
      readonly name: string;
      readonly size: number;
      readonly mtimeMs: number;
    } & Destination)
  | { readonly t: 'try'; readonly id: string; readonly at: number; readonly attempt: number }
  | { readonly t: 'sent'; readonly id: string; readonly at: number; readonly sha256: string }
  | {
      readonly t: 'done';
      readonly id: string;
      readonly at: number;
      readonly sha256: string;
      readonly ms: number;
      readonly words: string;
    }
  | {
      readonly t: 'fail';
      readonly id: string;
      readonly at: number;
      readonly code: string;
      /** True when trying again cannot help until something is fixed. */
      readonly permanent: boolean;
      readonly notice: Notice;
      readonly words?: string;
      readonly retryAt?: number;
    }
  | {
      readonly t: 'refused';
      readonly id: string;
      readonly at: number;
      readonly code: string;
      readonly notice: Notice;
    }
  | {
      readonly t: 'skipped';
      readonly id: string;
      readonly at: number;
      /** `duplicate`: this content is already on the PBX under this name; `policy`: the name is taken. */
      readonly reason: 'duplicate' | 'policy';
      readonly notice: Notice;
      readonly sha256?: string;
    }
  | {
      readonly t: 'after';
      readonly id: string;
      readonly at: number;
      readonly kind: 'moved' | 'deleted';
      readonly to?: string;
    };

export type RecordType = JournalRecord['t'];

/** An entry as folded from its records: the history entry plus what recovery needs. */
export interface JournalEntry extends HistoryEntry {
  readonly mtimeMs: number;
  /** The SHA-256 recorded by the last `sent` without a result after it (the PBX may have it). */
  readonly sentSha256?: string;
  /** The last failure was permanent (result `failed`), or it is waiting for another try. */
  readonly permanent?: boolean;
  readonly code?: string;
}

export function serialize(record: JournalRecord): string {
  return `${JSON.stringify(record)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (o: Record<string, unknown>, k: string): boolean => typeof o[k] === 'string';
const num = (o: Record<string, unknown>, k: string): boolean =>
  typeof o[k] === 'number' && Number.isFinite(o[k]);

/** One line back into a record, or undefined when it is not one (torn, zero-filled, foreign). */
export function parseRecord(line: string): JournalRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !str(value, 'id') || !num(value, 'at')) return undefined;
  const ok = ((): boolean => {
    switch (value['t']) {
      case 'file':
        return (
          str(value, 'profile') &&
          str(value, 'path') &&
          str(value, 'name') &&
          num(value, 'size') &&
          num(value, 'mtimeMs') &&
          str(value, 'pbx') &&
          str(value, 'mapping')
        );
      case 'try':
        return num(value, 'attempt');
      case 'sent':
        return str(value, 'sha256');
      case 'done':
        return str(value, 'sha256') && num(value, 'ms') && str(value, 'words');
      case 'fail':
        return str(value, 'code') && typeof value['permanent'] === 'boolean' && isObject(value['notice']);
      case 'refused':
        return str(value, 'code') && isObject(value['notice']);
      case 'skipped':
        return (value['reason'] === 'duplicate' || value['reason'] === 'policy') && isObject(value['notice']);
      case 'after':
        return value['kind'] === 'moved' || value['kind'] === 'deleted';
      default:
        return false;
    }
  })();
  return ok ? (value as unknown as JournalRecord) : undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Folds records into entries, keyed by id, in the order their `file` records came. */
export class EntryFold {
  private readonly map = new Map<string, Mutable<JournalEntry>>();
  /** Entries by local path, and by where they are stored (PBX, mapping, name): oldest first. */
  private readonly paths = new Map<string, JournalEntry[]>();
  private readonly names = new Map<string, JournalEntry[]>();

  forPath(path: string): readonly JournalEntry[] {
    return this.paths.get(path) ?? [];
  }

  forName(where: Destination, name: string): readonly JournalEntry[] {
    return this.names.get(nameKey(where.pbx, where.mapping, name)) ?? [];
  }

  get(id: string): JournalEntry | undefined {
    return this.map.get(id);
  }

  entries(): IterableIterator<JournalEntry> {
    return this.map.values();
  }

  get size(): number {
    return this.map.size;
  }

  /** Applies one record; returns the entry it changed, or undefined for a record of no known entry. */
  apply(r: JournalRecord): JournalEntry | undefined {
    if (r.t === 'file') {
      const entry: Mutable<JournalEntry> = {
        id: r.id,
        profileId: r.profile,
        path: r.path,
        sendName: r.name,
        size: r.size,
        mtimeMs: r.mtimeMs,
        sha256: '',
        pbx: r.pbx,
        mapping: r.mapping,
        createdAt: r.at,
        result: 'waiting',
        attempts: 0,
      };
      this.map.set(r.id, entry);
      push(this.paths, r.path, entry);
      push(this.names, nameKey(r.pbx, r.mapping, r.name), entry);
      return entry;
    }
    const e = this.map.get(r.id);
    if (!e) return undefined;
    switch (r.t) {
      case 'try':
        e.attempts = Math.max(e.attempts, r.attempt);
        if (e.result === 'failed') setResult(e, 'waiting');
        break;
      case 'sent':
        // The first try has no `try` record: the entry's `file` record is its intent.
        e.attempts = Math.max(e.attempts, 1);
        e.sentSha256 = r.sha256;
        e.sha256 = r.sha256;
        break;
      case 'done':
        e.attempts = Math.max(e.attempts, 1);
        setResult(e, 'done', r.at);
        e.sha256 = r.sha256;
        e.durationMs = r.ms;
        e.pbxMessage = r.words;
        delete e.notice;
        delete e.sentSha256;
        delete e.permanent;
        delete e.code;
        break;
      case 'fail':
        e.attempts = Math.max(e.attempts, 1);
        e.code = r.code;
        e.permanent = r.permanent;
        e.notice = r.notice;
        if (r.words !== undefined) e.pbxMessage = r.words;
        else delete e.pbxMessage;
        if (r.permanent) setResult(e, 'failed', r.at);
        else setResult(e, 'waiting');
        break;
      case 'refused':
        e.code = r.code;
        e.notice = r.notice;
        setResult(e, 'refused', r.at);
        break;
      case 'skipped':
        e.notice = r.notice;
        if (r.sha256 !== undefined) e.sha256 = r.sha256;
        setResult(e, 'skipped', r.at);
        break;
      case 'after':
        e.after = r.kind === 'moved' ? { kind: 'moved', to: r.to ?? '' } : { kind: 'deleted' };
        break;
    }
    return e;
  }
}

const nameKey = (pbx: string, mapping: string, name: string): string => `${pbx}\n${mapping}\n${name}`;

function push(index: Map<string, JournalEntry[]>, key: string, entry: JournalEntry): void {
  const list = index.get(key);
  if (list) list.push(entry);
  else index.set(key, [entry]);
}

function setResult(e: Mutable<JournalEntry>, result: HistoryResult, at?: number): void {
  e.result = result;
  if (at === undefined) delete e.finishedAt;
  else e.finishedAt = at;
}
