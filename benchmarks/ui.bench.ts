/**
 * Event-to-DOM latency of the live board in real Chromium, at 200 events/s over 2,000 live channels
 * (1,000 bridged calls), and the longest main-thread task meanwhile.
 *
 * The built renderer runs against an in-page AjamApi (tests/e2e/fake-api.ts) so the number is the
 * renderer's own: a driver in the page generates events at 200/s (state changes, connected-line
 * updates, hold, recording, calls ending and new ones starting), batches them into one patch per
 * 30 ms as main does, and hands each patch to the app. One event in five is a probe that renames a
 * caller on screen; its latency is from the moment the event happened (before batching) to the moment
 * the new name is in the DOM (MutationObserver). Targets: p99 < 100 ms, longest task < 50 ms.
 *
 * Baseline, same run, same driver and stream: a page whose only listener writes each probe's name
 * into a div. It is the floor that batching and the event loop impose; the app's ratio is over it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { launchChromium, serveStatic } from '../tests/e2e/browser';
import { fakeApiScript } from '../tests/e2e/fake-api';
import type { PageElement, PageGlobals } from '../tests/e2e/page-globals';

const CALLS = 1000;
const EVENTS_PER_SECOND = 200;
const BATCH_MS = 30;
const RUN_MS = 10_000;

export interface DriverResult {
  readonly latencies: number[];
  readonly longTasks: number[];
  readonly maxPatchTask: number;
  readonly events: number;
  readonly probesLost: number;
}

/**
 * Runs in the page. `mode` 'app' reads the probe from the board's DOM; 'baseline' installs its own
 * minimal listener. Self-contained (Playwright ships its source).
 */
export async function drive(args: {
  mode: 'app' | 'baseline';
  eventsPerSecond: number;
  batchMs: number;
  runMs: number;
  visibleCalls: number;
}): Promise<DriverResult> {
  type Ch = Record<string, unknown> & { uniqueid: string; linkedid: string };
  const { window, document, MutationObserver, PerformanceObserver } = globalThis as unknown as PageGlobals;
  const fake = window['__fake'] as { emitPatch(p: unknown): void; channels: Record<string, Ch> };
  const api = window['ajam'] as { onBoardPatch(fn: (p: unknown) => void): () => void };
  const channels = fake.channels;
  const ids = Object.keys(channels);
  // The driver shares the page's main thread with the app, so each event must cost O(1): live ids in
  // an array, and each call's two legs found through its linkedid.
  const live = [...ids];
  const legs = new Map<string, string[]>();
  for (const id of ids) {
    const linked = (channels[id] as Ch).linkedid;
    legs.set(linked, [...(legs.get(linked) ?? []), id]);
  }
  // Probes hit channels of the oldest calls, which the default sort keeps at the top of the screen.
  const visible = ids.slice(0, args.visibleCalls * 2);
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };

  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });

  const probeDivs = new Map<string, PageElement>();
  if (args.mode === 'baseline') {
    for (const id of visible) {
      const div = document.createElement('div');
      probeDivs.set(id, div);
      document.body.append(div);
    }
    api.onBoardPatch((patch) => {
      const changed = (patch as { channels?: Record<string, Ch | null> }).channels ?? {};
      for (const [id, ch] of Object.entries(changed)) {
        const div = probeDivs.get(id);
        if (div && ch) div.textContent = String(ch.callerIdName);
      }
    });
  }

  const pending = new Map<string, { id: string; at: number }>();
  /** Channels with a probe in flight: a second probe on one would hide the first. */
  const probing = new Set<string>();
  const latencies: number[] = [];
  const check = (): void => {
    const now = performance.now();
    for (const [name, probe] of pending) {
      const seen =
        args.mode === 'baseline'
          ? probeDivs.get(probe.id)?.textContent === name
          : document.querySelector(`[data-uniqueid="${probe.id}"] .caller`)?.textContent === name;
      if (seen) {
        latencies.push(now - probe.at);
        pending.delete(name);
        probing.delete(probe.id);
      }
    }
  };
  const mutations = new MutationObserver(check);
  mutations.observe(document.body, { subtree: true, childList: true, characterData: true });

  let queued: Record<string, Ch | null> = {};
  let seq = 0;
  let newId = 0;
  let maxPatchTask = 0;
  const start = performance.now();
  const interval = 1000 / args.eventsPerSecond;
  let events = 0;

  function makeEvent(at: number): void {
    events++;
    const r = rand();
    if (events % 5 === 0) {
      const free = visible.filter((v) => !probing.has(v));
      const id = free[Math.floor(rand() * free.length)];
      if (id === undefined) return;
      probing.add(id);
      const name = `probe-${++seq}`;
      channels[id] = { ...(channels[id] as Ch), callerIdName: name };
      queued[id] = channels[id] as Ch;
      pending.set(name, { id, at });
      return;
    }
    const slot = Math.floor(rand() * live.length);
    const id = live[slot] as string;
    const ch = channels[id] as Ch;
    if (r < 0.04 && slot >= visible.length) {
      // A call ends and a new one starts: the board stays at 2,000 channels.
      for (const other of legs.get(ch.linkedid) ?? []) {
        delete channels[other];
        queued[other] = null;
      }
      legs.delete(ch.linkedid);
      const a = `1800000000.${newId++}`;
      const b = `1800000000.${newId++}`;
      const base = {
        ...ch,
        linkedid: a,
        startedAt: Date.now(),
        bridgeId: `nb-${a}`,
        onHold: false,
        recording: false,
      };
      channels[a] = { ...base, uniqueid: a, channel: `PJSIP/trunk-n${a}` };
      channels[b] = { ...base, uniqueid: b, channel: `PJSIP/200-n${b}` };
      queued[a] = channels[a] as Ch;
      queued[b] = channels[b] as Ch;
      legs.set(a, [a, b]);
      // Reuse the slot: ended legs leave the array as new ones take their place (order is irrelevant).
      const gone = new Set(Object.keys(queued).filter((k) => queued[k] === null));
      for (let i = visible.length; i < live.length; i++)
        if (gone.has(live[i] as string)) live[i] = i % 2 ? a : b;
      return;
    }
    let next: Ch;
    if (r < 0.4) next = { ...ch, state: ch.state === 'Up' ? 'Ringing' : 'Up' };
    else if (r < 0.7) next = { ...ch, connectedLineName: `Agent ${Math.floor(rand() * 1000)}` };
    else if (r < 0.9) next = { ...ch, onHold: !ch.onHold };
    else next = { ...ch, recording: !ch.recording };
    channels[id] = next;
    queued[id] = next;
  }

  await new Promise<void>((resolve) => {
    let generated = 0;
    const tick = (): void => {
      const now = performance.now();
      // Events that "happened" since the last tick, each stamped with its own due time.
      const due = Math.floor((now - start) / interval);
      while (generated < due) makeEvent(start + generated++ * interval);
      const patch = { channels: queued };
      queued = {};
      const t0 = performance.now();
      fake.emitPatch(patch);
      void Promise.resolve().then(() => {
        maxPatchTask = Math.max(maxPatchTask, performance.now() - t0);
      });
      if (now - start < args.runMs) setTimeout(tick, args.batchMs);
      else setTimeout(resolve, 500);
    };
    setTimeout(tick, args.batchMs);
  });
  check();
  observer.disconnect();
  mutations.disconnect();
  return { latencies, longTasks, maxPatchTask, events, probesLost: pending.size };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const shim = 'var __name = (f) => f;';

export default async function uiBench(): Promise<string[]> {
  const outDir = await mkdtemp(join(tmpdir(), 'ajam-ui-bench-'));
  await build({
    configFile: join(import.meta.dirname, '../renderer/vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  const server = await serveStatic(outDir);
  const browser = await launchChromium();
  try {
    const driverArgs = {
      eventsPerSecond: EVENTS_PER_SECOND,
      batchMs: BATCH_MS,
      runMs: RUN_MS,
      visibleCalls: 5,
    };
    const run = async (mode: 'app' | 'baseline'): Promise<DriverResult> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      if (mode === 'app') {
        await page.addInitScript({ content: fakeApiScript({ calls: CALLS }) });
        await page.goto(server.url);
        await page.locator('.card').first().waitFor();
      } else {
        await page.setContent('<!doctype html><title>baseline</title><body></body>');
        await page.evaluate(fakeApiScript({ calls: CALLS }));
      }
      const result = (await page.evaluate(
        `${shim}\n(${drive.toString()})(${JSON.stringify({ mode, ...driverArgs })})`,
      )) as DriverResult;
      await context.close();
      return result;
    };
    const baseline = await run('baseline');
    const app = await run('app');
    const line = (name: string, r: DriverResult): string => {
      const p50 = percentile(r.latencies, 50);
      const p99 = percentile(r.latencies, 99);
      const longest = r.longTasks.length ? Math.max(...r.longTasks) : 0;
      return (
        `${name.padEnd(9)} event-to-DOM p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms ` +
        `(${r.latencies.length} probes, ${r.probesLost} not seen, ${r.events} events); ` +
        `longest task ${r.longTasks.length ? `${longest.toFixed(0)} ms` : 'none >= 50 ms'}, ` +
        `longest patch apply+render ${r.maxPatchTask.toFixed(1)} ms`
      );
    };
    const appP99 = percentile(app.latencies, 99);
    const baseP99 = percentile(baseline.latencies, 99);
    const appLongest = Math.max(app.maxPatchTask, ...app.longTasks);
    return [
      `board at ${CALLS * 2} channels, ${EVENTS_PER_SECOND} events/s, patches every ${BATCH_MS} ms, ${RUN_MS / 1000} s, Chromium headless`,
      line('baseline', baseline),
      line('app', app),
      `app/baseline p99 ${(appP99 / baseP99).toFixed(2)}x; target p99 < 100 ms: ${appP99 < 100 ? 'met' : 'NOT met'}; ` +
        `target longest task < 50 ms: ${appLongest < 50 ? 'met' : 'NOT met'} (${appLongest.toFixed(1)} ms)`,
    ];
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
