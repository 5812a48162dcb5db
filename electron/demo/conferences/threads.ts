/**
 * The demo's stand-in for the threads of Asterisk's channels. Each channel that runs an application
 * does so on its own thread, and how two threads interleave is the operating system's choice: in
 * 21b the first originated caller answered after the two others, and the one who made the
 * conference entered its bridge after the next one to arrive. Here each channel's next step is
 * queued under its name; the running demo takes the steps in the order they were queued, and a
 * test can hold them and run them in the order a capture's threads ran.
 */

interface Step {
  readonly thread: string;
  readonly what: string;
  readonly run: () => void;
}

export class Threads {
  private held: Step[] | null = null;

  /** `later` runs a step soon, after the work that queued it (a timer in the demo). */
  constructor(private readonly later: (work: () => void) => void) {}

  /** The next step of one channel's thread. */
  queue(thread: string, what: string, run: () => void): void {
    if (this.held) this.held.push({ thread, what, run });
    else this.later(run);
  }

  /** From now on steps wait for run() (a test replaying a capture's interleaving). */
  hold(): void {
    this.held ??= [];
  }

  /** The held steps, `<thread> <what>` each, in the order they were queued. */
  pending(): string[] {
    return (this.held ?? []).map((s) => `${s.thread} ${s.what}`);
  }

  /** Runs the held step `<thread> <what>`; false when no such step waits. */
  run(label: string): boolean {
    const held = this.held ?? [];
    const i = held.findIndex((s) => `${s.thread} ${s.what}` === label);
    if (i < 0) return false;
    const [step] = held.splice(i, 1);
    step?.run();
    return true;
  }

  /** Back to running steps as they come; the held ones go first, in their order. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const s of held) this.later(s.run);
  }
}
