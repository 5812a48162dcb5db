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
  readonly #grace: number;
  #last = -Infinity;
  #cancel: (() => void) | undefined;

  /**
   * @param grace how long past the period a waiting value may wait for the next offer: values
   *   offered steadily then show with an offer (in the frame that offer already costs) instead of
   *   from a timer between offers, in a frame of their own; when offers stop, the latest value
   *   still shows, at most `grace` late.
   */
  constructor(ms: number, clock: ThrottleClock, show: (value: T) => void, grace = 0) {
    this.#ms = ms;
    this.#clock = clock;
    this.#show = show;
    this.#grace = grace;
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
      this.#last + this.#ms + this.#grace - now,
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
