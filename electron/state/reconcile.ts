/**
 * When the live board is reconciled with the PBX's own lists while connected: every few minutes,
 * shortly after an anomaly (a burst of them makes one reconcile), and when a window asks (it
 * regained focus). One runs at a time; requests meanwhile share it. Time is injected (tests).
 */
import type { BatchClock } from './patches';

export interface ReconcileTiming {
  /** A reconcile at least this often (default 3 minutes). */
  readonly periodMs?: number;
  /** After an anomaly, wait this long for the rest of its burst (default 1 s). */
  readonly anomalyDelayMs?: number;
  /** Anomalies never cause reconciles closer together than this (default 15 s). */
  readonly anomalyGapMs?: number;
  /** A window's request within this long after the last reconcile is answered by that one (default 2 s). */
  readonly requestGapMs?: number;
}

export interface Reconciler {
  /** Something the event stream cannot explain happened. */
  anomaly(): void;
  /** A window asks (focus): resolves with how many entries changed (0 if one just ran). */
  request(): Promise<number>;
  /** Stops every timer; later calls do nothing. */
  stop(): void;
}

/**
 * `run` fetches the lists and reconciles, resolving with how many entries changed. Its failures
 * (the PBX went away: the reconnect's resync takes over) do not stop the schedule.
 */
export function createReconciler(
  run: () => Promise<number>,
  clock: BatchClock,
  timing: ReconcileTiming = {},
): Reconciler {
  const periodMs = timing.periodMs ?? 180_000;
  const anomalyDelayMs = timing.anomalyDelayMs ?? 1000;
  const anomalyGapMs = timing.anomalyGapMs ?? 15_000;
  const requestGapMs = timing.requestGapMs ?? 2000;
  let running: Promise<number> | undefined;
  let lastRunAt = -Infinity;
  let periodic: unknown;
  let soon: unknown;
  let soonSet = false;
  let anomalyDuringRun = false;
  let stopped = false;

  const armPeriodic = (): void => {
    clock.clearTimer(periodic);
    if (!stopped) periodic = clock.setTimer(() => void start().catch(() => undefined), periodMs);
  };

  const start = (): Promise<number> => {
    if (running) return running;
    if (soonSet) clock.clearTimer(soon);
    soonSet = false;
    anomalyDuringRun = false;
    lastRunAt = clock.now();
    running = run().finally(() => {
      running = undefined;
      lastRunAt = clock.now();
      armPeriodic();
      // An anomaly while the lists were on their way may be about something they do not show yet.
      if (anomalyDuringRun) schedule();
    });
    return running;
  };

  const schedule = (): void => {
    if (stopped || soonSet) return;
    if (running) {
      anomalyDuringRun = true;
      return;
    }
    const delay = Math.max(anomalyDelayMs, lastRunAt + anomalyGapMs - clock.now());
    soonSet = true;
    soon = clock.setTimer(() => {
      soonSet = false;
      void start().catch(() => undefined);
    }, delay);
  };

  armPeriodic();
  return {
    anomaly: schedule,
    request(): Promise<number> {
      if (stopped) return Promise.resolve(0);
      if (running) return running;
      if (clock.now() - lastRunAt < requestGapMs) return Promise.resolve(0);
      return start();
    },
    stop(): void {
      stopped = true;
      clock.clearTimer(periodic);
      if (soonSet) clock.clearTimer(soon);
      soonSet = false;
    },
  };
}
