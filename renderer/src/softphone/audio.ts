/**
 * The softphone's sounds and level meters, on one Web Audio context. The ringtone and the
 * call-waiting beep are synthesised (sine tones in a cadence), so no recorded sound ships with the app. Meters read an
 * AnalyserNode's time-domain samples (logic.ts levelOf).
 */
import { levelOf } from './logic';

/** Which tone plays: the ringtone, or the call-waiting beep heard while already on a call. */
export type AlertTone = 'ring' | 'waiting';

interface Cadence {
  readonly tones: readonly number[];
  readonly gain: number;
  /** [start, end] seconds of each burst within one period. */
  readonly bursts: readonly (readonly [number, number])[];
  readonly periodS: number;
}

const CADENCES: Readonly<Record<AlertTone, Cadence>> = {
  /** 440 + 480 Hz (the North American ring) at a gentle volume: 2 s on, 4 s off. */
  ring: { tones: [440, 480], gain: 0.08, bursts: [[0, 2]], periodS: 6 },
  /**
   * Call waiting: one soft 440 Hz tone, two short beeps every 5 s, quieter than the ringtone, so the
   * person on the line is not drowned out and the operator still notices the second call.
   */
  waiting: {
    tones: [440],
    gain: 0.04,
    bursts: [
      [0, 0.2],
      [0.4, 0.6],
    ],
    periodS: 5,
  },
};

export class PhoneAudio {
  #context: AudioContext | undefined;
  #alert: { readonly tone: AlertTone; readonly stop: () => void } | undefined;

  #audio(): AudioContext {
    this.#context ??= new AudioContext();
    // A context made before any user gesture starts suspended; resume() is harmless when running.
    void this.#context.resume().catch(() => undefined);
    return this.#context;
  }

  /** Plays `tone` (or nothing), replacing the other; the same tone again goes on undisturbed. */
  alert(tone: AlertTone | undefined): void {
    if (this.#alert?.tone === tone) return;
    this.#alert?.stop();
    this.#alert = tone === undefined ? undefined : { tone, stop: this.#play(CADENCES[tone]) };
  }

  #play(cadence: Cadence): () => void {
    const ctx = this.#audio();
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    const oscillators = cadence.tones.map((frequency) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    // Schedule a minute of cadence ahead, and extend it while still sounding.
    let scheduledUntil = ctx.currentTime;
    const schedule = (): void => {
      while (scheduledUntil < ctx.currentTime + 60) {
        for (const [from, to] of cadence.bursts) {
          const t = scheduledUntil + from;
          const end = scheduledUntil + to;
          gain.gain.setValueAtTime(0, t);
          gain.gain.linearRampToValueAtTime(cadence.gain, t + 0.02);
          gain.gain.setValueAtTime(cadence.gain, end - 0.02);
          gain.gain.linearRampToValueAtTime(0, end);
        }
        scheduledUntil += cadence.periodS;
      }
    };
    schedule();
    const timer = setInterval(schedule, 30_000);
    return () => {
      clearInterval(timer);
      for (const osc of oscillators) osc.stop();
      gain.disconnect();
    };
  }

  /** The tone playing now. */
  get playing(): AlertTone | undefined {
    return this.#alert?.tone;
  }

  /** A meter on a stream: `read()` gives its level 0-100 now; `close()` lets go of it. */
  meter(stream: MediaStream): { read(): number; close(): void } {
    const ctx = this.#audio();
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const buffer = new Uint8Array(analyser.fftSize);
    return {
      read: () => {
        analyser.getByteTimeDomainData(buffer);
        return levelOf(buffer);
      },
      close: () => {
        source.disconnect();
        analyser.disconnect();
      },
    };
  }

  close(): void {
    this.alert(undefined);
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }
}
