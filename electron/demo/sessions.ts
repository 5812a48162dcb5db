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
  /** The cookie's number; for a digest session, its current nonce. */
  id: number;
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
  /** The `%p` of the session struct, as security events print it in SessionID. */
  readonly pointer: string;
  /** sessionstart_tv in ms: set by a Login, 0 otherwise (digest sessions never set it). */
  startedMs: number;
  /** For a digest session (/arawman...): its id is the current nonce. */
  digest?: DigestState;
}

/** What auth_http_callback() keeps about a digest session's nonce. */
export interface DigestState {
  /** Last nonce count accepted. */
  nc: number;
  /** The previous nonce, answered with a stale challenge. */
  oldnonce: number;
  /** Epoch seconds when the nonce was issued. */
  noncetime: number;
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
  /**
   * Digest sessions, apart because their id is a nonce the client chose: two users may share one.
   * find() still sees them, as manager.c's find_session() does (it compares managerid alone).
   */
  private digestSessions: Session[] = [];

  constructor(private readonly queue: EventQueue) {}

  /** find_session(): a live session with that id (not one marked for destruction). */
  find(id: number): Session | undefined {
    if (id === 0) return undefined;
    const s = this.sessions.get(id) ?? this.digestSessions.find((d) => d.id === id);
    return s && !s.needdestroy ? s : undefined;
  }

  /** find_session_by_nonce(): the digest session of that user whose current or previous nonce it is. */
  findByNonce(username: string, nonce: number): { session: Session; stale: boolean } | undefined {
    if (nonce === 0) return undefined;
    const user = username.toLowerCase();
    for (const s of this.digestSessions) {
      if (s.username.toLowerCase() !== user || !s.digest) continue;
      if (s.id === nonce) return { session: s, stale: false };
      if (s.digest.oldnonce === nonce) return { session: s, stale: true };
    }
    return undefined;
  }

  /** True when no session of any kind uses that id: a fresh nonce must not look like a cookie. */
  isFree(id: number): boolean {
    return !this.sessions.has(id) && !this.digestSessions.some((d) => d.id === id);
  }

  /** build_mansession() for a digest request that authenticated: id = the nonce it used. */
  createDigest(
    nonce: number,
    username: string,
    readperm: number,
    writeperm: number,
    nowSec: number,
  ): Session {
    const s: Session = {
      ...this.blank(nonce),
      authenticated: true,
      username,
      readperm,
      writeperm,
      digest: { nc: 0, oldnonce: 0, noncetime: nowSec },
    };
    this.digestSessions.push(s);
    return s;
  }

  /** Gives a digest session a new nonce (its id), keeping the old one for stale answers. */
  renonce(s: Session, nonce: number, nowSec: number): void {
    if (s.digest) {
      s.digest.oldnonce = s.id;
      s.digest.nc = 0;
      s.digest.noncetime = nowSec;
    }
    s.id = nonce;
  }

  private blank(id: number): Session {
    return {
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
      pointer: `0x7f79${formatSessionId(id)}`,
      startedMs: 0,
    };
  }

  /** build_mansession() for an HTTP request without a usable cookie. */
  create(): Session {
    let id: number;
    do id = randomInt(1, 0x1_0000_0000);
    while (!this.isFree(id));
    const s = this.blank(id);
    this.sessions.set(id, s);
    return s;
  }

  destroy(s: Session): void {
    s.needdestroy = true;
    if (this.sessions.get(s.id) === s) this.sessions.delete(s.id);
    this.digestSessions = this.digestSessions.filter((d) => d !== s);
    s.waiter?.wake();
  }

  /** purge_sessions(): removes idle sessions past their timeout; then trims consumed events. */
  purge(nowSec: number): void {
    for (const s of this.all()) {
      if (s.sessiontimeout && nowSec > s.sessiontimeout && s.inuse === 0) this.destroy(s);
    }
    let oldest = this.queue.last;
    for (const s of this.all()) oldest = Math.min(oldest, s.lastEv);
    this.queue.trim(oldest);
  }

  /** astman_is_authed() (res_http_post): the id names an authenticated session. */
  authenticated(id: number): Session | undefined {
    const s = this.find(id);
    return s?.authenticated ? s : undefined;
  }

  all(): Session[] {
    return [...this.sessions.values(), ...this.digestSessions];
  }

  clear(): void {
    for (const s of this.all()) this.destroy(s);
  }
}
