/**
 * Reducer throughput at 2,000 live channels (1,000 bridged calls), over a stream shaped like a busy
 * office: state changes, dialplan steps, variables, hold, devices, and calls ending and starting so
 * the board stays at 2,000 channels. Every event is a captured Asterisk 22 event (its fields, order
 * and other values) given its own channel, ids and numbers. Events are parsed beforehand (parsing
 * is the rawman benchmark's job). The baseline, measured in each run over the same events, is a loop
 * that only reads each event's name. Goal: at 200 events/s over 2,000 channels the live board takes
 * at most 10% of a core — the budget issue 13 gives the renderer for the same load, which main's
 * board must not eat into.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { eventName, type AmiMessage } from '../shared/ami';
import { EMPTY_BOARD } from '../shared/model';
import { reduceEvent, reduceEvents, reduceTimedEvents } from '../electron/state/channels';
import { createLiveBoard } from '../electron/state/live';
import { diffBoards, type BatchClock } from '../electron/state/patches';
import { rng } from '../electron/demo/rng';
import { capturedTemplates, eventLike } from './lib/captured';
import { collectGarbage, repeat, verdict } from './lib/figures';

const LIVE_CALLS = 1000;
const STREAM_EVENTS = 20_000;
/**
 * Events per flush: the live board sends one patch per 30 ms, so 6 is the 200 events/s, 25 a
 * busy WaitEvent body, 250 about 8,000 events/s.
 */
const BATCHES = [6, 25, 250];

const STATES = ['Down', 'Rsrvd', 'OffHook', 'Dialing', 'Ring', 'Ringing', 'Up', 'Busy'];

interface Leg {
  name: string;
  uid: string;
  linked: string;
  state: number;
  num: string;
  exten: string;
}

class Generator {
  readonly events: AmiMessage[] = [];
  readonly #calls: Array<{ a: Leg; b: Leg; bridge: string }> = [];
  #seq = 0;
  readonly #r = rng(22);

  block(l: Leg): Array<[string, string]> {
    return [
      ['Channel', l.name],
      ['ChannelState', String(l.state)],
      ['ChannelStateDesc', STATES[l.state] ?? 'Unknown'],
      ['CallerIDNum', l.num],
      ['CallerIDName', `Agente ${l.num}`],
      ['ConnectedLineNum', '<unknown>'],
      ['ConnectedLineName', '<unknown>'],
      ['Language', 'es'],
      ['AccountCode', ''],
      ['Context', 'internos'],
      ['Exten', l.exten],
      ['Priority', '1'],
      ['Uniqueid', l.uid],
      ['Linkedid', l.linked],
    ];
  }

  readonly #templates = capturedTemplates();

  emit(name: string, ...parts: Array<Array<[string, string]>>): void {
    this.events.push(eventLike(this.#templates, name, parts.flat()));
  }

  bridge(id: string): Array<[string, string]> {
    return [
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['BridgeTechnology', 'simple_bridge'],
      ['BridgeCreator', '<unknown>'],
      ['BridgeName', '<unknown>'],
      ['BridgeNumChannels', '2'],
      ['BridgeVideoSourceMode', 'none'],
    ];
  }

  startCall(): void {
    const n = ++this.#seq;
    const ext = String(100 + (n % 400));
    const a: Leg = {
      name: `PJSIP/${ext}-${n.toString(16).padStart(8, '0')}`,
      uid: `pbx-${n}.1`,
      linked: `pbx-${n}.1`,
      state: 4,
      num: ext,
      exten: '200',
    };
    const b: Leg = {
      name: `PJSIP/200-${n.toString(16).padStart(8, '0')}`,
      uid: `pbx-${n}.2`,
      linked: a.uid,
      state: 0,
      num: '200',
      exten: 's',
    };
    const bridge = `br-${n}`;
    this.emit('Newchannel', this.block(a));
    this.emit('Newchannel', this.block(b));
    this.emit(
      'DialBegin',
      this.block(a),
      this.block(b).map(([k, v]) => [`Dest${k}`, v]),
      [['DialString', 'PJSIP/200']],
    );
    b.state = 5;
    this.emit('Newstate', this.block(b));
    b.state = 6;
    a.state = 6;
    this.emit('Newstate', this.block(b));
    this.emit('Newstate', this.block(a));
    this.emit(
      'DialEnd',
      this.block(a),
      this.block(b).map(([k, v]) => [`Dest${k}`, v]),
      [['DialStatus', 'ANSWER']],
    );
    this.emit('BridgeCreate', this.bridge(bridge));
    this.emit('BridgeEnter', this.bridge(bridge), this.block(a));
    this.emit('BridgeEnter', this.bridge(bridge), this.block(b));
    this.#calls.push({ a, b, bridge });
  }

  endCall(): void {
    const i = Math.floor(this.#r() * this.#calls.length);
    const call = this.#calls[i];
    if (!call) return;
    this.#calls.splice(i, 1);
    this.emit('BridgeLeave', this.bridge(call.bridge), this.block(call.a));
    this.emit('Hangup', this.block(call.a), [
      ['Cause', '16'],
      ['Cause-txt', 'Normal Clearing'],
    ]);
    this.emit('BridgeLeave', this.bridge(call.bridge), this.block(call.b));
    this.emit('Hangup', this.block(call.b), [
      ['Cause', '16'],
      ['Cause-txt', 'Normal Clearing'],
    ]);
    this.emit('BridgeDestroy', this.bridge(call.bridge));
  }

  activity(): void {
    const call = this.#calls[Math.floor(this.#r() * this.#calls.length)];
    if (!call) return;
    const leg = this.#r() < 0.5 ? call.a : call.b;
    const pick = this.#r();
    if (pick < 0.3)
      this.emit('Newexten', this.block(leg), [
        ['Extension', leg.exten],
        ['Application', 'Wait'],
        ['AppData', '1'],
      ]);
    else if (pick < 0.5)
      this.emit('VarSet', this.block(leg), [
        ['Variable', 'AUDITORIA'],
        ['Value', String(this.#seq)],
      ]);
    else if (pick < 0.6) this.emit('Hold', this.block(leg), [['MusicClass', 'default']]);
    else if (pick < 0.7) this.emit('Unhold', this.block(leg));
    else if (pick < 0.85)
      this.emit('DeviceStateChange', [
        ['Device', `PJSIP/${leg.num}`],
        ['State', pick < 0.8 ? 'INUSE' : 'ONHOLD'],
      ]);
    else
      this.emit('DTMFEnd', this.block(leg), [
        ['Digit', '5'],
        ['Direction', 'Received'],
      ]);
  }
}

export function generate(): { setup: AmiMessage[]; stream: AmiMessage[] } {
  const g = new Generator();
  for (let i = 0; i < LIVE_CALLS; i++) g.startCall();
  const setup = g.events.splice(0);
  // Churn: each replaced call costs 15 events; the rest is activity on live calls.
  while (g.events.length < STREAM_EVENTS) {
    for (let i = 0; i < 20; i++) g.activity();
    g.endCall();
    g.startCall();
  }
  return { setup, stream: g.events.slice(0, STREAM_EVENTS) };
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * Time stands still and timers never fire: the bench calls flush() itself, so what it measures is the
 * board's work, not Node's timer queue (in the app a burst sets one timer per 30 ms anyway).
 */
class ManualClock implements BatchClock {
  time = 0;
  now(): number {
    return this.time;
  }
  setTimer(): unknown {
    return undefined;
  }
  clearTimer(): void {}
}

const MiB = 1024 * 1024;

export default async function reducerBench(): Promise<string[]> {
  // This process is the bench's own (run.ts starts one per bench): its RSS now is the fresh baseline.
  collectGarbage();
  const freshRss = process.memoryUsage().rss;
  const { setup, stream } = generate();
  const start = reduceEvents(EMPTY_BOARD, setup, 0);
  const channels = Object.keys(start.channels).length;
  let sink = 0;

  const baseline = (): void => {
    const counts = new Map<string, number>();
    for (const e of stream) {
      const name = eventName(e) ?? '';
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    sink += counts.size;
  };

  // The live path, as the console runs it: push each event, flush every `size` events, one window
  // subscribed and receiving the patches.
  const liveRun = (size: number) => {
    const clock = new ManualClock();
    const live = createLiveBoard({ clock, initial: start });
    live.subscribe((update) => {
      if (update.kind === 'patch') sink += Object.keys(update.patch.channels ?? {}).length;
    });
    return {
      live,
      run: (): void => {
        for (let i = 0; i < stream.length; i++) {
          clock.time = i;
          live.push(stream[i]!);
          if ((i + 1) % size === 0) live.flush();
        }
        live.flush();
      },
    };
  };
  const timeLive = (size: number): number => {
    const { run, live } = liveRun(size);
    const ms = time(run);
    live.close();
    return ms;
  };

  // The pure reducer copies a map per call: measure it over a slice so the bench stays short.
  const spanOf = (size: number): number => Math.min(stream.length, size * 200);
  const batched = (size: number) => (): void => {
    let board = start;
    const span = spanOf(size);
    for (let i = 0; i < span; i += size) board = reduceEvents(board, stream.slice(i, i + size), i);
    sink += Object.keys(board.channels).length;
  };
  const singleEvents = 300;
  const single = (): void => {
    let board = start;
    for (let i = 0; i < singleEvents; i++) board = reduceEvent(board, stream[i]!, i);
    sink += Object.keys(board.channels).length;
  };

  // The live board must end where the pure reducer ends, or its speed means nothing.
  {
    const { live, run } = liveRun(25);
    run();
    const pure = reduceTimedEvents(
      start,
      stream.map((event, at) => ({ event, at })),
    );
    if (!isDeepStrictEqual(live.board(), pure)) throw new Error('live board and pure reducer disagree');
    live.close();
  }

  // What the live board keeps for 2,000 channels: heap after full GCs, before and after building it
  // from the setup events (a timer between GCs lets V8 finish sweeping, or the figure drifts).
  const settled = async (): Promise<number> => {
    for (let i = 0; i < 2; i++) {
      collectGarbage();
      await delay(10);
    }
    return process.memoryUsage().heapUsed;
  };
  const heldBoards: Array<{ close(): void }> = [];
  const heapPerChannel = await repeat(async () => {
    const before = await settled();
    heldBoards.push(
      createLiveBoard({ clock: new ManualClock(), initial: reduceEvents(EMPTY_BOARD, setup, 0) }),
    );
    const after = await settled();
    for (const board of heldBoards.splice(0)) board.close();
    return (after - before) / channels / 1024;
  });

  // What one 30 ms flush of 25 events costs at this size, and a full snapshot (board(), a window subscribing).
  const flushCost = (): { patchUs: number; diffUs: number; snapshotUs: number } => {
    const clock = new ManualClock();
    const live = createLiveBoard({ clock, initial: start });
    live.subscribe(() => undefined);
    const rounds = 200;
    let patchMs = 0;
    let diffMs = 0;
    let snapshotMs = 0;
    for (let r = 0; r < rounds; r++) {
      const before = live.board();
      const from = (r * 25) % (stream.length - 25);
      for (let i = from; i < from + 25; i++) live.push(stream[i]!);
      snapshotMs += time(() => {
        sink += Object.keys(live.board().channels).length;
      });
      const after = live.board();
      diffMs += time(() => {
        sink += Object.keys(diffBoards(before, after).channels ?? {}).length;
      });
      patchMs += time(() => live.flush());
    }
    live.close();
    return {
      patchUs: (patchMs / rounds) * 1000,
      diffUs: (diffMs / rounds) * 1000,
      snapshotUs: (snapshotMs / rounds) * 1000,
    };
  };

  // Warm every path once (JIT), outside the samples.
  baseline();
  for (const size of [1, ...BATCHES]) timeLive(size);
  batched(25)();
  single();
  flushCost();

  // Three runs; each measures its own baseline right before the board, so a load swing hits both.
  const perSecond = (events: number, ms: number): number => events / (ms / 1000);
  const sizes = [1, ...BATCHES];
  const base: number[] = [];
  const live = new Map<number, number[]>(sizes.map((s) => [s, []]));
  const ratio6: number[] = [];
  const core200: number[] = [];
  const pureSingle: number[] = [];
  const pureBatched = new Map<number, number[]>(BATCHES.map((s) => [s, []]));
  const liveVsPure: number[] = [];
  const costs: Array<ReturnType<typeof flushCost>> = [];
  await repeat(() => {
    // One pass of the baseline takes a few ms, too short to time on a shared machine: take ten.
    const baseMs =
      time(() => {
        for (let pass = 0; pass < 10; pass++) baseline();
      }) / 10;
    base.push(perSecond(stream.length, baseMs));
    let liveSingleMs = 0;
    for (const size of sizes) {
      const ms = timeLive(size);
      if (size === 1) liveSingleMs = ms;
      live.get(size)!.push(perSecond(stream.length, ms));
      // At 200 events/s a second of events costs 200 × (ms per event): the share of one core.
      if (size === 6) {
        core200.push(((200 * ms) / stream.length / 1000) * 100);
        ratio6.push(baseMs / ms);
      }
    }
    const singleMs = time(single);
    pureSingle.push(perSecond(singleEvents, singleMs));
    liveVsPure.push(singleMs / singleEvents / (liveSingleMs / stream.length));
    for (const size of BATCHES) pureBatched.get(size)!.push(perSecond(spanOf(size), time(batched(size))));
    costs.push(flushCost());
    return 0;
  });

  collectGarbage();
  const endRss = process.memoryUsage().rss;
  const k = (xs: number[]): number[] => xs.map((x) => x / 1000);
  const lines = [
    `reducer: ${channels.toLocaleString('en-US')} live channels (${(channels / 2).toLocaleString('en-US')} bridged calls), ` +
      `${stream.length.toLocaleString('en-US')} events modelled on captured Asterisk 22 events; 3 runs`,
    verdict(
      'reducer: live board at 200 events/s (6 per flush), share of one core',
      core200,
      { atMost: 10 },
      '%',
    ),
    verdict('reducer: baseline, loop reading each event name', k(base), {}, 'k events/s'),
  ];
  for (const size of sizes) {
    const label = size === 1 ? 'one event per flush' : `${size} events per flush`;
    lines.push(verdict(`reducer: live board, ${label}`, k(live.get(size)!), {}, 'k events/s'));
    if (size === 6) lines.push(verdict(`reducer: live board, ${label}, ratio to baseline`, ratio6, {}, '×'));
  }
  lines.push(
    verdict(
      'reducer: patch per flush of 25 events',
      costs.map((c) => c.patchUs),
      {},
      ' µs',
    ),
    verdict(
      'reducer: diffBoards of the two snapshots, 25 events',
      costs.map((c) => c.diffUs),
      {},
      ' µs',
    ),
    verdict(
      'reducer: full snapshot after a change (a window subscribing)',
      costs.map((c) => c.snapshotUs),
      {},
      ' µs',
    ),
    verdict('reducer: pure reduceEvent, one event at a time', k(pureSingle), {}, 'k events/s'),
  );
  for (const size of BATCHES)
    lines.push(
      verdict(
        `reducer: pure reduceEvents, ${size}-event batches`,
        k(pureBatched.get(size)!),
        {},
        'k events/s',
      ),
    );
  lines.push(
    verdict('reducer: live board vs pure reduceEvent, one event at a time', liveVsPure, {}, '× faster'),
    verdict('reducer: live board heap per channel (after GC)', heapPerChannel, {}, ' KiB'),
    `INFO reducer: RSS ${(freshRss / MiB).toFixed(0)} MiB at the process's start, ${(endRss / MiB).toFixed(0)} MiB at the end (after GC)`,
  );
  if (sink < 0) lines.push(String(sink));
  return lines;
}
