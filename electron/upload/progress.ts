/**
 * Progress for one file: bytes, rate over the last couple of seconds, ETA, emitted at most every
 * 100 ms (10/s) so a fast upload cannot flood IPC or a terminal.
 */

export interface UploadProgress {
  /** File bytes sent so far (multipart framing not counted). */
  readonly sentBytes: number;
  readonly totalBytes: number;
  /** Average over roughly the last two seconds; 0 until it can be measured. */
  readonly bytesPerSecond: number;
  /** Seconds left at the current rate; undefined until a rate is known. */
  readonly etaSeconds: number | undefined;
}

export const PROGRESS_INTERVAL_MS = 100;
const WINDOW_MS = 2000;

export class ProgressMeter {
  private lastEmit = -Infinity;
  private readonly samples: { t: number; sent: number }[] = [];
  private sent = 0;

  constructor(
    private readonly total: number,
    private readonly emit: ((progress: UploadProgress) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records `sent` file bytes; emits only when the interval has passed. */
  update(sent: number): void {
    this.sent = sent;
    if (!this.emit) return;
    const t = this.now();
    if (t - this.lastEmit < PROGRESS_INTERVAL_MS) return;
    this.send(t);
  }

  /** Emits the final state (everything sent) once, regardless of the interval. */
  finish(): void {
    this.sent = this.total;
    if (this.emit) this.send(this.now());
  }

  private send(t: number): void {
    this.lastEmit = t;
    this.samples.push({ t, sent: this.sent });
    while (this.samples.length > 2 && t - (this.samples[0] as { t: number }).t > WINDOW_MS)
      this.samples.shift();
    const first = this.samples[0] as { t: number; sent: number };
    const dt = (t - first.t) / 1000;
    const rate = dt > 0 ? (this.sent - first.sent) / dt : 0;
    const left = this.total - this.sent;
    this.emit?.({
      sentBytes: this.sent,
      totalBytes: this.total,
      bytesPerSecond: rate,
      etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : undefined,
    });
  }
}
