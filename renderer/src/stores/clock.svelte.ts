/**
 * One shared clock for every ticking duration and countdown: a single 1 s timer instead of one per row,
 * and only rows on screen read it, so 2,000 channels cost as much as the 20 visible.
 */
export class Clock {
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.#timer !== undefined) return;
    // Align ticks to wall-clock seconds so every timer on screen turns over together.
    const delay = 1000 - (Date.now() % 1000);
    this.#timer = setTimeout(() => {
      this.now = Date.now();
      this.#timer = setInterval(() => (this.now = Date.now()), 1000);
    }, delay);
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
