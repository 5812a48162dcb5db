/**
 * Pure: a value shown at most once per `ms`, the latest one at the end of the wait; an urgent one
 * (the operator searched or filtered) at once. For counters a stream of patches would otherwise
 * rewrite thirty times a second: each rewrite is a layout and a repaint outside the rows that
 * changed, and a live region announcing every step. The clock and the timer are arguments.
 */
export interface ThrottleClock {
  now(): number;
  /** Runs `run` after `delay` ms; the returned function cancels it. */
  later(run: () => void, delay: number): () => void;
}

export class Throttle<T> {
  readonly #ms: number;
  readonly #clock: ThrottleClock;
  readonly #show: (value: T) => void;
  #last = -Infinity;
  #cancel: (() => void) | undefined;

  constructor(ms: number, clock: ThrottleClock, show: (value: T) => void) {
    this.#ms = ms;
    this.#clock = clock;
    this.#show = show;
  }

  offer(value: T, urgent = false): void {
    this.stop();
    const now = this.#clock.now();
    if (urgent || now - this.#last >= this.#ms) {
      this.#last = now;
      this.#show(value);
      return;
    }
    this.#cancel = this.#clock.later(
      () => {
        this.#cancel = undefined;
        this.#last = this.#clock.now();
        this.#show(value);
      },
      this.#last + this.#ms - now,
    );
  }

  /** Drops a value still waiting. */
  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }
}

export const browserClock: ThrottleClock = {
  now: () => performance.now(),
  later: (run, delay) => {
    const timer = setTimeout(run, delay);
    return () => clearTimeout(timer);
  },
};
