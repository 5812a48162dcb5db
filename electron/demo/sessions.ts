/**
 * manager.c's HTTP sessions and its global event queue.
 *
 * Every session points at the last event it has seen (`last_ev`); a new session starts at the end
 * of the queue, so it sees only what happens after its first request. Sessions expire lazily: a
 * purge runs every few seconds and removes sessions idle past their `sessiontimeout`, exactly the
 * window the captures show (a session can outlive httptimeout by up to one purge interval).
 */
import { randomInt } from 'node:crypto';

export interface QueuedEvent {
  readonly seq: number;
  readonly category: number;
  /** Complete rawman block, ending with the blank line. */
  readonly text: string;
}

export interface Session {
  readonly id: number;
  authenticated: boolean;
  username: string;
  readperm: number;
  writeperm: number;
  /** send_events: which categories WaitEvent delivers (0 until a WaitEvent turns it on). */
  sendEvents: number;
  /** Epoch seconds after which the purge may remove the session. */
  sessiontimeout: number;
  inuse: number;
  needdestroy: boolean;
  /** seq of the last event this session has consumed. */
  lastEv: number;
  /** The MD5 challenge handed out by the Challenge action. */
  challenge?: string;
  /** The WaitEvent currently parked on this session, if any. */
  waiter: Waiter | null;
}

export interface Waiter {
  /** Wake the long-poll (an event was queued, or the session is going away). */
  wake(): void;
}

/** The session id as it travels in the cookie: 8 lower-case hex digits. */
export function formatSessionId(id: number): string {
  return id.toString(16).padStart(8, '0');
}

export class EventQueue {
  private events: QueuedEvent[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<() => void>();

  /** seq of the newest event (0 when none yet): where a new session starts. */
  get last(): number {
    return this.nextSeq - 1;
  }

  append(category: number, text: string): void {
    this.events.push({ seq: this.nextSeq++, category, text });
    for (const l of [...this.listeners]) l();
  }

  /** Events after `seq`, in order. */
  after(seq: number): QueuedEvent[] {
    const first = this.events[0];
    if (!first) return [];
    const start = Math.max(0, seq + 1 - first.seq);
    return this.events.slice(start);
  }

  hasAfter(seq: number): boolean {
    return this.last > seq;
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops events every session has consumed (`oldestNeeded` = min last_ev over sessions). */
  trim(oldestNeeded: number): void {
    let drop = 0;
    while (drop < this.events.length && (this.events[drop] as QueuedEvent).seq <= oldestNeeded) drop++;
    if (drop > 0) this.events = this.events.slice(drop);
  }

  clear(): void {
    this.events = [];
  }
}

export class SessionStore {
  private readonly sessions = new Map<number, Session>();

  constructor(private readonly queue: EventQueue) {}

  /** find_session(): a live session with that id (not one marked for destruction). */
  find(id: number): Session | undefined {
    if (id === 0) return undefined;
    const s = this.sessions.get(id);
    return s && !s.needdestroy ? s : undefined;
  }

  /** build_mansession() for an HTTP request without a usable cookie. */
  create(): Session {
    let id: number;
    do id = randomInt(1, 0x1_0000_0000);
    while (this.sessions.has(id));
    const s: Session = {
      id,
      authenticated: false,
      username: '',
      readperm: 0,
      writeperm: 0,
      sendEvents: 0,
      sessiontimeout: 0,
      inuse: 1,
      needdestroy: false,
      lastEv: this.queue.last,
      waiter: null,
    };
    this.sessions.set(id, s);
    return s;
  }

  destroy(s: Session): void {
    s.needdestroy = true;
    this.sessions.delete(s.id);
    s.waiter?.wake();
  }

  /** purge_sessions(): removes idle sessions past their timeout; then trims consumed events. */
  purge(nowSec: number): void {
    for (const s of [...this.sessions.values()]) {
      if (s.sessiontimeout && nowSec > s.sessiontimeout && s.inuse === 0) this.destroy(s);
    }
    let oldest = this.queue.last;
    for (const s of this.sessions.values()) oldest = Math.min(oldest, s.lastEv);
    this.queue.trim(oldest);
  }

  /** astman_is_authed() (res_http_post): the id names an authenticated session. */
  authenticated(id: number): Session | undefined {
    const s = this.find(id);
    return s?.authenticated ? s : undefined;
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  clear(): void {
    for (const s of [...this.sessions.values()]) this.destroy(s);
  }
}
