/**
 * The softphone's sounds and level meters, on one Web Audio context. The ringtone is synthesised
 * (two sine tones, ring-pause cadence), so no recorded sound ships with the app. Meters read an
 * AnalyserNode's time-domain samples (logic.ts levelOf).
 */
import { levelOf } from './logic';

/** 440 + 480 Hz (the North American ring) at a gentle volume: 2 s on, 4 s off. */
const RING_TONES = [440, 480];
const RING_ON_S = 2;
const RING_PERIOD_S = 6;
const RING_GAIN = 0.08;

export class PhoneAudio {
  #context: AudioContext | undefined;
  #ring: { readonly stop: () => void } | undefined;

  #audio(): AudioContext {
    this.#context ??= new AudioContext();
    // A context made before any user gesture starts suspended; resume() is harmless when running.
    void this.#context.resume().catch(() => undefined);
    return this.#context;
  }

  /** Starts the ringtone (once; a second call while ringing does nothing). */
  startRinging(): void {
    if (this.#ring) return;
    const ctx = this.#audio();
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    const oscillators = RING_TONES.map((frequency) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    // Schedule a minute of cadence ahead, and extend it while still ringing.
    let scheduledUntil = ctx.currentTime;
    const schedule = (): void => {
      while (scheduledUntil < ctx.currentTime + 60) {
        const t = scheduledUntil;
        gain.gain.setValueAtTime(0, t);
        gain.gain.linearRampToValueAtTime(RING_GAIN, t + 0.02);
        gain.gain.setValueAtTime(RING_GAIN, t + RING_ON_S - 0.02);
        gain.gain.linearRampToValueAtTime(0, t + RING_ON_S);
        scheduledUntil += RING_PERIOD_S;
      }
    };
    schedule();
    const timer = setInterval(schedule, 30_000);
    this.#ring = {
      stop: () => {
        clearInterval(timer);
        for (const osc of oscillators) osc.stop();
        gain.disconnect();
      },
    };
  }

  stopRinging(): void {
    this.#ring?.stop();
    this.#ring = undefined;
  }

  get ringing(): boolean {
    return this.#ring !== undefined;
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
    this.stopRinging();
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }
}
