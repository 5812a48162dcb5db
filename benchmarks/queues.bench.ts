/**
 * Event-to-DOM latency of the queues panel in real Chromium: 50 queues of 50 members each with 100
 * waiting callers, at 200 events/s (member state changes, pauses, callers joining and leaving), and
 * the longest main-thread task meanwhile. Targets: p99 < 100 ms, longest task < 50 ms.
 *
 * The built renderer runs against the in-page AjamApi (tests/e2e/fake-api.ts). A driver in the page
 * keeps the queues as main does and sends a whole `queues:snapshot` at most every 100 ms (main's
 * feature throttle), structured-cloned as IPC would copy it. One event in five is a probe: a caller
 * with a fresh name joins the first queue; its latency runs from the event to the name in the DOM.
 *
 * Baseline, same run, same driver and stream: a page whose only listener writes the first queue's
 * newest caller name into a div.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { launchChromium, serveStatic } from '../tests/e2e/browser';
import { fakeApiScript } from '../tests/e2e/fake-api';
import type { PageElement, PageGlobals } from '../tests/e2e/page-globals';

const QUEUES = 50;
const MEMBERS = Number(process.env['AJAM_BENCH_MEMBERS'] ?? 50);
const CALLERS = 100;
const EVENTS_PER_SECOND = 200;
const SNAPSHOT_MS = 100;
const RUN_MS = 10_000;

interface DriverResult {
  readonly latencies: number[];
  readonly longTasks: number[];
  readonly events: number;
  readonly probesLost: number;
}

/** Runs in the page (self-contained: Playwright ships its source). */
async function drive(args: {
  mode: 'app' | 'baseline';
  queues: number;
  members: number;
  callers: number;
  eventsPerSecond: number;
  snapshotMs: number;
  runMs: number;
}): Promise<DriverResult> {
  type Caller = {
    position: number;
    channel: string;
    uniqueid: string;
    callerIdNum: string;
    callerIdName: string;
    joinedAt: number;
  };
  type Member = Record<string, unknown> & { interface: string; status: string; paused: boolean };
  type Queue = Record<string, unknown> & { queue: string; members: Member[]; callers: Caller[] };
  const { window, document, MutationObserver, PerformanceObserver } = globalThis as unknown as PageGlobals;
  const fake = window['__fake'] as { emitQueues(s: unknown): void };
  const api = window['ajam'] as { onQueuesSnapshot(fn: (s: unknown) => void): () => void };
  const states = ['NOT_INUSE', 'INUSE', 'RINGING', 'UNAVAILABLE', 'ONHOLD'];
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let seq = 0;
  const now0 = Date.now();
  const caller = (position: number): Caller => {
    seq += 1;
    return {
      position,
      channel: `PJSIP/trunk-${seq}`,
      uniqueid: `u${seq}`,
      callerIdNum: `6000${seq}`,
      callerIdName: `Cliente ${seq}`,
      joinedAt: now0,
    };
  };
  let queues: Queue[] = [];
  for (let q = 0; q < args.queues; q++) {
    const members: Member[] = [];
    for (let m = 0; m < args.members; m++) {
      members.push({
        interface: `PJSIP/${1000 + q * args.members + m}`,
        name: `Agente ${q}-${m}`,
        stateInterface: `PJSIP/${1000 + q * args.members + m}`,
        dynamic: true,
        penalty: 0,
        status: 'NOT_INUSE',
        paused: false,
        pausedReason: '',
        lastPause: 0,
        callsTaken: 0,
        lastCall: 0,
        inCall: false,
        ringing: false,
        wrapupSeconds: 0,
      });
    }
    const callers: Caller[] = [];
    for (let c = 0; c < args.callers / args.queues; c++) callers.push(caller(c + 1));
    queues.push({
      queue: `q${String(q).padStart(2, '0')}`,
      strategy: 'ringall',
      serviceLevelSeconds: 60,
      serviceLevelPerf: 0,
      completed: 0,
      abandoned: 0,
      holdTime: 0,
      talkTime: 0,
      members,
      callers,
    });
  }

  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });

  let probeDiv: PageElement | undefined;
  if (args.mode === 'baseline') {
    probeDiv = document.createElement('div');
    document.body.append(probeDiv);
    api.onQueuesSnapshot((s) => {
      const first = (s as { queues: Queue[] }).queues[0];
      if (probeDiv && first) probeDiv.textContent = first.callers.map((c) => c.callerIdName).join('|');
    });
  }

  const pending = new Map<string, { channel: string; at: number }>();
  const latencies: number[] = [];
  const check = (): void => {
    const t = performance.now();
    for (const [name, probe] of pending) {
      const seen =
        args.mode === 'baseline'
          ? (probeDiv?.textContent ?? '').split('|').includes(name)
          : (document.querySelector(`[data-caller="${probe.channel}"] .who`)?.textContent ?? '').startsWith(
              `${name} <`,
            );
      if (seen) {
        latencies.push(t - probe.at);
        pending.delete(name);
      }
    }
  };
  const mutations = new MutationObserver(check);
  mutations.observe(document.body, { childList: true, subtree: true, characterData: true });

  // Main's side: a snapshot at most every snapshotMs after a change, copied as IPC copies it.
  let dirty = false;
  const snapshotTimer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    fake.emitQueues(structuredClone({ queues, rooms: [] }));
  }, args.snapshotMs);
  fake.emitQueues(structuredClone({ queues, rooms: [] }));

  const update = (i: number, change: (q: Queue) => Queue): void => {
    queues = queues.map((q, j) => (j === i ? change(q) : q));
    dirty = true;
  };

  let events = 0;
  const perTick = args.eventsPerSecond / 100;
  let owed = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      owed += perTick;
      while (owed >= 1) {
        owed -= 1;
        events += 1;
        const roll = rand();
        if (events % 5 === 0) {
          // Probe: a caller joins the first queue, which is at the top of the panel.
          const c = caller(0);
          update(0, (q) => {
            const callers = [...q.callers.slice(-3), c].map((x, k) => ({ ...x, position: k + 1 }));
            return { ...q, callers };
          });
          pending.set(c.callerIdName, { channel: c.channel, at: performance.now() });
        } else if (roll < 0.6) {
          const qi = Math.floor(rand() * queues.length);
          const mi = Math.floor(rand() * args.members);
          update(qi, (q) => ({
            ...q,
            members: q.members.map((m, k) =>
              k === mi ? { ...m, status: states[Math.floor(rand() * states.length)] as string } : m,
            ),
          }));
        } else if (roll < 0.8) {
          const qi = Math.floor(rand() * queues.length);
          const mi = Math.floor(rand() * args.members);
          update(qi, (q) => ({
            ...q,
            members: q.members.map((m, k) =>
              k === mi ? { ...m, paused: !m.paused, pausedReason: m.paused ? '' : 'Descanso' } : m,
            ),
          }));
        } else {
          // A caller leaves one queue and another joins elsewhere: the total stays near 100.
          const from = 1 + Math.floor(rand() * (queues.length - 1));
          const to = 1 + Math.floor(rand() * (queues.length - 1));
          update(from, (q) => ({
            ...q,
            callers: q.callers.slice(1).map((x, k) => ({ ...x, position: k + 1 })),
            abandoned: (q['abandoned'] as number) + 1,
          }));
          update(to, (q) => ({ ...q, callers: [...q.callers, caller(q.callers.length + 1)] }));
        }
      }
      if (performance.now() - started >= args.runMs) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  await new Promise((r) => setTimeout(r, 500));
  check();
  clearInterval(snapshotTimer);
  observer.disconnect();
  mutations.disconnect();
  return { latencies, longTasks, events, probesLost: pending.size };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const shim = 'var __name = (f) => f;';

export default async function queuesBench(): Promise<string[]> {
  const outDir = await mkdtemp(join(tmpdir(), 'ajam-queues-bench-'));
  await build({
    configFile: join(import.meta.dirname, '../renderer/vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  const server = await serveStatic(outDir);
  const browser = await launchChromium();
  try {
    const driverArgs = {
      queues: QUEUES,
      members: MEMBERS,
      callers: CALLERS,
      eventsPerSecond: EVENTS_PER_SECOND,
      snapshotMs: SNAPSHOT_MS,
      runMs: RUN_MS,
    };
    const run = async (mode: 'app' | 'baseline'): Promise<DriverResult> => {
      const fake = fakeApiScript({ calls: 0 });
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      if (mode === 'app') {
        await page.addInitScript({ content: fake });
        await page.goto(server.url);
        await page.locator('#queues-title').waitFor();
      } else {
        await page.setContent('<!doctype html><title>baseline</title><body></body>');
        await page.evaluate(fake);
      }
      const result = (await page.evaluate(
        `${shim}\n(${drive.toString()})(${JSON.stringify({ mode, ...driverArgs })})`,
      )) as DriverResult;
      await context.close();
      return result;
    };
    const line = (name: string, r: DriverResult): string => {
      const longest = r.longTasks.length ? Math.max(...r.longTasks) : 0;
      return (
        `${name.padEnd(9)} event-to-DOM p50 ${percentile(r.latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(r.latencies, 99).toFixed(1)} ms (${r.latencies.length} probes, ${r.probesLost} not seen, ` +
        `${r.events} events); longest task ${r.longTasks.length ? `${longest.toFixed(0)} ms` : 'none >= 50 ms'}`
      );
    };
    const baseline = await run('baseline');
    const app = await run('app');
    const appP99 = percentile(app.latencies, 99);
    const longest = app.longTasks.length ? Math.max(...app.longTasks) : 0;
    return [
      `queues panel: ${QUEUES} queues x ${MEMBERS} members, ${CALLERS} waiting callers, ${EVENTS_PER_SECOND} events/s, ` +
        `snapshots every ${SNAPSHOT_MS} ms (structured-cloned), ${RUN_MS / 1000} s, Chromium headless, 1920x1080`,
      line('baseline', baseline),
      line('app', app),
      `app/baseline p99 ${(appP99 / percentile(baseline.latencies, 99)).toFixed(2)}x; target p99 < 100 ms: ` +
        `${appP99 < 100 ? 'met' : 'NOT met'}; target longest task < 50 ms: ${longest < 50 ? 'met' : 'NOT met'} ` +
        `(${longest.toFixed(0)} ms)`,
    ];
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
