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
const EXTENSIONS = 1000;
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
  /** Half the events go to the switchboard's extensions (state, who they talk to, names probed in the grid). */
  switchboard?: boolean;
}): Promise<DriverResult> {
  type Ch = Record<string, unknown> & { uniqueid: string; linkedid: string };
  type Ext = Record<string, unknown> & { exten: string };
  const { window, document, MutationObserver, PerformanceObserver } = globalThis as unknown as PageGlobals;
  const fake = window['__fake'] as {
    emitPatch(p: unknown): void;
    emitSwitchboardPatch(p: unknown): void;
    channels: Record<string, Ch>;
    extensions: Record<string, Ext>;
  };
  const api = window['ajam'] as {
    onBoardPatch(fn: (p: unknown) => void): () => void;
    onSwitchboardPatch(fn: (p: unknown) => void): () => void;
  };
  const exts = fake.extensions;
  // The grid's first buttons (100, 101…) are on screen at the top; the rest change unseen.
  const extIds = Object.keys(exts);
  const visibleExts = extIds.slice(0, 20);
  const extStates = ['idle', 'inuse', 'ringing', 'busy', 'onhold', 'dnd'];
  let queuedSb: Record<string, Ext> = {};
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
    for (const id of visibleExts) {
      const div = document.createElement('div');
      probeDivs.set(id, div);
      document.body.append(div);
    }
    api.onSwitchboardPatch((patch) => {
      const changed = (patch as { extensions?: Record<string, Ext | null> }).extensions ?? {};
      for (const [id, ext] of Object.entries(changed)) {
        const div = probeDivs.get(id);
        if (div && ext) div.textContent = String(ext['name']);
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
      const ext = exts[probe.id];
      const seen =
        args.mode === 'baseline'
          ? probeDivs.get(probe.id)?.textContent === name
          : ext
            ? document.querySelector(`[data-exten="${ext.exten}"] .name`)?.textContent === name
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

  function makeExtensionEvent(at: number): void {
    if (events % 5 === 0) {
      const free = visibleExts.filter((v) => !probing.has(v));
      const id = free[Math.floor(rand() * free.length)];
      if (id === undefined) return;
      probing.add(id);
      const name = `probe-${++seq}`;
      exts[id] = { ...(exts[id] as Ext), name };
      queuedSb[id] = exts[id] as Ext;
      pending.set(name, { id, at });
      return;
    }
    const id = extIds[Math.floor(rand() * extIds.length)] as string;
    const state = extStates[Math.floor(rand() * extStates.length)] as string;
    exts[id] = {
      ...(exts[id] as Ext),
      state,
      talkingTo: { num: String(Math.floor(rand() * 1e9)), name: `Agent ${Math.floor(rand() * 1000)}` },
      since: Date.now(),
    };
    queuedSb[id] = exts[id] as Ext;
  }

  function makeEvent(at: number): void {
    events++;
    if (args.switchboard && rand() < 0.5) return makeExtensionEvent(at);
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
      const sbPatch = { extensions: queuedSb };
      const sbChanged = Object.keys(queuedSb).length > 0;
      queuedSb = {};
      const t0 = performance.now();
      fake.emitPatch(patch);
      if (sbChanged) fake.emitSwitchboardPatch(sbPatch);
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

/**
 * The grid's first render: from the moment the page asks for the switchboard (the fake answers at
 * once) to the moment all its buttons are in the DOM, seen by a MutationObserver installed before
 * the app loads. Baseline: the same number of buttons built with plain DOM calls in the same page.
 */
async function gridFirstRender(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
): Promise<{ median: number; worst: number; runs: number; baseline: number }> {
  const times: number[] = [];
  let baseline = Infinity;
  const RUNS = 5;
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.addInitScript({ content: fakeApiScript({ calls: 0, extensions: EXTENSIONS }) });
    await page.addInitScript({
      content: `(() => {
        window.__gridDone = new Promise((resolve) => {
          // Watches the document itself from the start: the app may render before DOMContentLoaded.
          // The grid is a virtual list: its first render is its lines on screen, painted (the frame after).
          const observer = new MutationObserver(() => {
            const asked = window.__fake && window.__fake.switchboardAskedAt;
            if (asked && document.querySelector('button.ext')) {
              observer.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - asked));
            }
          });
          observer.observe(document, { childList: true, subtree: true });
          setTimeout(() => resolve(NaN), 30000);
        });
      })();`,
    });
    await page.goto(url);
    times.push((await page.evaluate('window.__gridDone')) as number);
    baseline = Math.min(
      baseline,
      (await page.evaluate(`(() => {
        const t0 = performance.now();
        const box = document.createElement('div');
        for (let i = 0; i < ${EXTENSIONS}; i++) {
          const b = document.createElement('button');
          b.setAttribute('aria-label', (100 + i) + ' Name, idle');
          const n = document.createElement('span'); n.textContent = String(100 + i); b.append(n);
          const m = document.createElement('span'); m.textContent = 'Name ' + i; b.append(m);
          box.append(b);
        }
        document.body.append(box);
        box.getBoundingClientRect();
        return performance.now() - t0;
      })()`)) as number,
    );
    await context.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] ?? NaN,
    worst: sorted[sorted.length - 1] ?? NaN,
    runs: RUNS,
    baseline,
  };
}

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
    const run = async (mode: 'app' | 'baseline', switchboard: boolean): Promise<DriverResult> => {
      // The switchboard run at 1920x1080: calls, the grid and the side panels side by side.
      const viewport = switchboard ? { width: 1920, height: 1080 } : { width: 1280, height: 800 };
      const fake = fakeApiScript({ calls: CALLS, extensions: switchboard ? EXTENSIONS : 0 });
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      if (mode === 'app') {
        await page.addInitScript({ content: fake });
        await page.goto(server.url);
        await page.locator('.card').first().waitFor();
        if (switchboard) await page.locator('[data-exten]').first().waitFor();
      } else {
        await page.setContent('<!doctype html><title>baseline</title><body></body>');
        await page.evaluate(fake);
      }
      const result = (await page.evaluate(
        `${shim}\n(${drive.toString()})(${JSON.stringify({ mode, switchboard, ...driverArgs })})`,
      )) as DriverResult;
      await context.close();
      return result;
    };
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
    const verdict = (app: DriverResult, baseline: DriverResult): string => {
      const appP99 = percentile(app.latencies, 99);
      const baseP99 = percentile(baseline.latencies, 99);
      const appLongest = Math.max(app.maxPatchTask, ...app.longTasks);
      return (
        `app/baseline p99 ${(appP99 / baseP99).toFixed(2)}x; target p99 < 100 ms: ${appP99 < 100 ? 'met' : 'NOT met'}; ` +
        `target longest task < 50 ms: ${appLongest < 50 ? 'met' : 'NOT met'} (${appLongest.toFixed(1)} ms)`
      );
    };
    const baseline = await run('baseline', false);
    const app = await run('app', false);
    const sbBaseline = await run('baseline', true);
    const sbApp = await run('app', true);
    const grid = await gridFirstRender(browser, server.url);
    return [
      `board at ${CALLS * 2} channels, ${EVENTS_PER_SECOND} events/s, patches every ${BATCH_MS} ms, ${RUN_MS / 1000} s, Chromium headless`,
      line('baseline', baseline),
      line('app', app),
      verdict(app, baseline),
      `switchboard: ${EXTENSIONS} extensions and ${CALLS * 2} channels at 1920x1080, ${EVENTS_PER_SECOND} events/s (half to extensions, probes in the grid and on the board)`,
      line('baseline', sbBaseline),
      line('app', sbApp),
      verdict(sbApp, sbBaseline),
      `grid first render, ${EXTENSIONS} extensions after the switchboard answers: median ${grid.median.toFixed(0)} ms, ` +
        `worst ${grid.worst.toFixed(0)} ms of ${grid.runs} (baseline: the same ${EXTENSIONS} buttons as plain DOM, ` +
        `${grid.baseline.toFixed(0)} ms, ratio ${(grid.median / grid.baseline).toFixed(1)}x); target < 300 ms: ` +
        `${grid.worst < 300 ? 'met' : 'NOT met'}`,
    ];
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
