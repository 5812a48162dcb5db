/**
 * When is a file complete? When its size and modification time have not changed for the settle
 * time, no change event came in that time either, and it opens for reading (on Windows a file
 * still open for writing without sharing refuses). The decision is pure (`settleStep`); `Settler`
 * applies it with one timer per file and the file system passed in.
 */
import { open, stat } from 'node:fs/promises';

export interface Stamp {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface Observation extends Stamp {
  /** When this size and mtime were first seen. */
  readonly since: number;
  /** The last change event for the file. */
  readonly lastEventAt: number;
}

export type SettleStep =
  | { readonly kind: 'gone' }
  | { readonly kind: 'changed' }
  | { readonly kind: 'wait'; readonly untilMs: number }
  | { readonly kind: 'still' };

/** Pure: what the file's current stamp says about it, `settleMs` after being seen as `seen`. */
export function settleStep(
  seen: Observation,
  now: Stamp | undefined,
  at: number,
  settleMs: number,
): SettleStep {
  if (now === undefined) return { kind: 'gone' };
  if (now.size !== seen.size || now.mtimeMs !== seen.mtimeMs) return { kind: 'changed' };
  const until = Math.max(seen.since, seen.lastEventAt) + settleMs;
  return at >= until ? { kind: 'still' } : { kind: 'wait', untilMs: until };
}

export interface SettleFs {
  /** Size and mtime of a regular file, or undefined when it is gone or not a file. */
  stat(path: string): Promise<Stamp | undefined>;
  /** True when the file opens for reading now. */
  canRead(path: string): Promise<boolean>;
}

export const nodeSettleFs: SettleFs = {
  async stat(path) {
    try {
      const s = await stat(path);
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  },
  async canRead(path) {
    try {
      await (await open(path, 'r')).close();
      return true;
    } catch {
      return false;
    }
  },
};

export interface SettlerOptions {
  readonly settleMs: number;
  readonly fs?: SettleFs;
  readonly now?: () => number;
  readonly onSettled: (path: string, stamp: Stamp) => void;
  readonly onGone?: (path: string) => void;
}

interface Tracked {
  seen: Observation;
  timer: ReturnType<typeof setTimeout> | undefined;
  checking: boolean;
}

export class Settler {
  private readonly files = new Map<string, Tracked>();
  private readonly fs: SettleFs;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: SettlerOptions) {
    this.fs = options.fs ?? nodeSettleFs;
    this.now = options.now ?? Date.now;
  }

  get pending(): number {
    return this.files.size;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The file was seen (found, created, changed): it settles `settleMs` after its last change. */
  touch(path: string): void {
    if (this.closed) return;
    const tracked = this.files.get(path);
    const at = this.now();
    if (tracked) {
      tracked.seen = { ...tracked.seen, lastEventAt: at };
      return;
    }
    const entry: Tracked = {
      seen: { size: -1, mtimeMs: -1, since: at, lastEventAt: at },
      timer: undefined,
      checking: false,
    };
    this.files.set(path, entry);
    // First look now: its stamp starts the clock.
    this.schedule(path, entry, 0);
  }

  forget(path: string): void {
    const tracked = this.files.get(path);
    if (tracked?.timer) clearTimeout(tracked.timer);
    this.files.delete(path);
  }

  close(): void {
    this.closed = true;
    for (const path of [...this.files.keys()]) this.forget(path);
  }

  private schedule(path: string, entry: Tracked, delayMs: number): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.check(path, entry), Math.max(0, delayMs));
  }

  private async check(path: string, entry: Tracked): Promise<void> {
    entry.timer = undefined;
    if (this.files.get(path) !== entry || entry.checking) return;
    entry.checking = true;
    try {
      const stamp = await this.fs.stat(path);
      if (this.files.get(path) !== entry) return;
      const at = this.now();
      const step = settleStep(entry.seen, stamp, at, this.options.settleMs);
      switch (step.kind) {
        case 'gone':
          this.files.delete(path);
          this.options.onGone?.(path);
          return;
        case 'changed':
          entry.seen = {
            size: stamp!.size,
            mtimeMs: stamp!.mtimeMs,
            since: at,
            lastEventAt: entry.seen.lastEventAt,
          };
          this.schedule(path, entry, this.options.settleMs);
          return;
        case 'wait':
          this.schedule(path, entry, step.untilMs - at);
          return;
        case 'still':
          if (!(await this.fs.canRead(path))) {
            // Still held by its writer: look again later (its stamp may still change).
            this.schedule(path, entry, Math.min(1000, this.options.settleMs));
            return;
          }
          if (this.files.get(path) !== entry) return;
          this.files.delete(path);
          this.options.onSettled(path, stamp!);
      }
    } finally {
      entry.checking = false;
    }
  }
}
