/**
 * The single WaitEvent loop of a session. Asterisk ends a WaitEvent when a second one arrives on
 * the same session, so there is exactly one in flight, on its own connection pool (see transport).
 * Events are handed over in wire order; after every (re)login a resync hook runs before the next
 * events flow, because whatever happened while we were away is not in any queue.
 */
import { eventName, type AmiMessage } from '../../shared/ami';
import type { AjamError } from './errors';
import { exchangeAction } from './actions';
import type { Session } from './session';

export interface EventLoopHooks {
  /**
   * Events of one WaitEvent answer, in order (without WaitEventComplete), as they are parsed: one
   * answer may come in several calls.
   */
  onEvents(events: AmiMessage[]): void;
  /** Runs after each (re)login, before that session's events are delivered. */
  resync(): Promise<void>;
  onLost(error: AjamError, retryInMs: number): void;
  onBack(): void;
  /** The loop stopped for good: trying again cannot help (see FATAL_CODES). */
  onFatal(error: AjamError): void;
}

/**
 * A refused login or a missing manager.conf privilege stays refused however often we retry: only the
 * PBX admin can fix it, so the loop stops and says so instead of hammering Asterisk.
 */
const FATAL_CODES: ReadonlySet<string> = new Set(['auth', 'permission']);

export interface EventLoopOptions {
  readonly session: Session;
  readonly hooks: EventLoopHooks;
  readonly actionTimeoutMs: number;
  /** For tests: the jitter source (default Math.random). */
  readonly random?: () => number;
  /** Backoff bounds in ms (defaults 500 and 30,000). */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** WaitEvent blocks at most httptimeout - 10 s; below 1 s of wait the loop paces itself instead. */
const MIN_POLL_INTERVAL_MS = 1000;

/**
 * The longest WaitEvent we ask for, whatever httptimeout says: a silent connection held longer is
 * likely cut by something in between, and the request's deadline (Timeout plus the action timeout)
 * must stay a sane timer.
 */
export const MAX_WAIT_SECONDS = 300;

export function backoffMs(failures: number, random: () => number, min = 500, max = 30_000): number {
  const ceiling = Math.min(max, min * 2 ** Math.max(0, failures - 1));
  // "Equal jitter": at least half the step, so many clients restarting together spread out.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class EventLoop {
  readonly #o: EventLoopOptions;
  #running = false;
  #abort = new AbortController();
  #done: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: EventLoopOptions) {
    this.#o = options;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = new AbortController();
    this.#done = this.#loop();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#abort.abort();
    this.#wake?.();
    await this.#done;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.#wake = done;
    });
  }

  /** Hands the events among `messages` to the hook (not WaitEventComplete); returns how many. */
  #deliver(messages: readonly AmiMessage[]): number {
    const events = messages.filter((m) => {
      const name = eventName(m);
      return name !== undefined && name !== 'WaitEventComplete';
    });
    if (events.length > 0) this.#o.hooks.onEvents(events);
    return events.length;
  }

  /** Runs the hook; the generation only counts as synced once it succeeded. */
  async #resync(): Promise<number> {
    const generation = this.#o.session.generation;
    await this.#o.hooks.resync();
    return generation;
  }

  async #loop(): Promise<void> {
    const { session, hooks } = this.#o;
    const random = this.#o.random ?? Math.random;
    let failures = 0;
    let lost = false;
    let syncedGeneration = -1;
    while (this.#running) {
      const started = Date.now();
      try {
        await session.ensure();
        if (session.generation !== syncedGeneration) syncedGeneration = await this.#resync();
        const maxAge = session.maxAgeSeconds ?? 60;
        const wait = Math.min(MAX_WAIT_SECONDS, Math.max(1, maxAge - 10));
        let delivered = 0;
        // Events the answer brought while a silent re-login inside the request still needs its
        // resync: they wait for it, as the PBX's state may have moved on since.
        const held: AmiMessage[] = [];
        const deliver = (messages: readonly AmiMessage[]): void => {
          if (!this.#running) return;
          if (session.generation !== syncedGeneration) {
            for (const m of messages) held.push(m);
            return;
          }
          if (lost) {
            // A WaitEvent answered with events: whatever was wrong is over.
            lost = false;
            hooks.onBack();
          }
          delivered += this.#deliver(messages);
        };
        // Handed on chunk by chunk as the answer is parsed: a huge body's events flow while it is
        // still arriving, and only one chunk's worth of them is held at a time.
        const { messages } = await exchangeAction(
          session,
          'WaitEvent',
          { Timeout: String(wait) },
          {
            lane: 'events',
            timeoutMs: wait * 1000 + this.#o.actionTimeoutMs,
            signal: this.#abort.signal,
            onMessages: deliver,
          },
        );
        if (!this.#running) break;
        // A silent re-login happened inside the request: this answer is from a new session.
        if (session.generation !== syncedGeneration) syncedGeneration = await this.#resync();
        if (lost) {
          lost = false;
          hooks.onBack();
        }
        failures = 0;
        // Whatever was not handed on yet: events held for the resync, or the whole answer when it
        // was not streamed.
        delivered += this.#deliver(held);
        delivered += this.#deliver(messages.slice(1));
        // With httptimeout <= 10 Asterisk never blocks: pace the polls instead of spinning.
        const elapsed = Date.now() - started;
        if (delivered === 0 && elapsed < MIN_POLL_INTERVAL_MS)
          await this.#sleep(MIN_POLL_INTERVAL_MS - elapsed);
      } catch (e) {
        if (!this.#running) break;
        // An answer cut short (too large, timed out, dropped) may have taken events with it: the
        // board is read again before the next events, as after a re-login.
        syncedGeneration = -1;
        const error = e as AjamError;
        if (FATAL_CODES.has(error.code)) {
          this.#running = false;
          hooks.onFatal(error);
          break;
        }
        failures += 1;
        const delay = backoffMs(failures, random, this.#o.minBackoffMs, this.#o.maxBackoffMs);
        lost = true;
        hooks.onLost(error, delay);
        await this.#sleep(delay);
      }
    }
  }
}
