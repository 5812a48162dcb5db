/**
 * Reducer throughput at 2,000 live channels (1,000 bridged calls), over a generated stream shaped
 * like a busy office: state changes, dialplan steps, variables, hold, devices, and calls ending and
 * starting so the board stays at 2,000 channels. Events are parsed beforehand (parsing is the rawman
 * benchmark's job). The baseline, measured in the same run over the same events, is a loop that only
 * reads each event's name.
 */
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { eventName, makeMessage, type AmiMessage } from '../shared/ami';
import { EMPTY_BOARD } from '../shared/model';
import { reduceEvent, reduceEvents, reduceTimedEvents } from '../electron/state/channels';
import { createLiveBoard } from '../electron/state/live';
import { diffBoards, type BatchClock } from '../electron/state/patches';
import { rng } from '../electron/demo/rng';

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

  emit(name: string, ...parts: Array<Array<[string, string]>>): void {
    this.events.push(
      makeMessage([['Event', name], ['Privilege', 'call,all'], ['SystemName', 'pbx'], ...parts.flat()]),
    );
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
      this.emit('DTMFBegin', this.block(leg), [
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

function rate(events: number, ms: number): string {
  return `${Math.round(events / (ms / 1000)).toLocaleString('en-US')} events/s`;
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

export default async function reducerBench(): Promise<string[]> {
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
  const liveRun = (size: number, count = stream.length) => {
    const clock = new ManualClock();
    const live = createLiveBoard({ clock, initial: start });
    live.subscribe((update) => {
      if (update.kind === 'patch') sink += Object.keys(update.patch.channels ?? {}).length;
    });
    return {
      live,
      run: (): void => {
        for (let i = 0; i < count; i++) {
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

  // Warm every path once, then take the best of a few runs (the machine is shared).
  baseline();
  timeLive(1);
  batched(25)();
  single();
  const baseMs = Math.min(time(baseline), time(baseline), time(baseline));
  const basePerEvent = baseMs / stream.length;
  const ratio = (events: number, ms: number): string => (basePerEvent / (ms / events)).toFixed(4);
  const lines = [
    `reducer: ${channels.toLocaleString('en-US')} live channels (${(channels / 2).toLocaleString('en-US')} bridged calls), ${stream.length.toLocaleString('en-US')} generated events`,
    `  baseline (loop reading each event's name): ${rate(stream.length, baseMs)}`,
    `  live board (push -> flush -> patch to one subscriber, mutable store):`,
  ];
  let liveSingleMs = 0;
  for (const size of [1, ...BATCHES]) {
    // Each run is ~0.1 s: take the best of five, the machine is shared.
    const ms = Math.min(...[1, 2, 3, 4, 5].map(() => timeLive(size)));
    if (size === 1) liveSingleMs = ms;
    const label = size === 1 ? 'one event per flush' : `${size} events per flush`;
    lines.push(`    ${label}: ${rate(stream.length, ms)}  (ratio to baseline ${ratio(stream.length, ms)})`);
    if (size === 6) {
      lines.push(
        `      -> at 200 events/s the live board takes ${((200 * ms) / stream.length / 10).toFixed(3)}% of one core`,
      );
    }
  }

  // What one 30 ms flush costs at this size, and what a full snapshot (board(), a window subscribing) costs.
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
  flushCost();
  const cost = flushCost();
  lines.push(
    `    patch per flush (25 events) from touched keys: ${cost.patchUs.toFixed(0)} µs; diffBoards of the two snapshots: ${cost.diffUs.toFixed(0)} µs`,
    `    full snapshot after a change (board(), a window subscribing): ${cost.snapshotUs.toFixed(0)} µs`,
    `  pure reducer (immutable snapshots, copy-on-write per call; tests and resync):`,
  );
  const singleMs = Math.min(time(single), time(single));
  lines.push(
    `    reduceEvent, one event at a time: ${rate(singleEvents, singleMs)}  (ratio to baseline ${ratio(singleEvents, singleMs)})`,
  );
  for (const size of BATCHES) {
    const span = spanOf(size);
    const ms = Math.min(time(batched(size)), time(batched(size)));
    lines.push(
      `    reduceEvents, ${size}-event batches: ${rate(span, ms)}  (ratio to baseline ${ratio(span, ms)})`,
    );
  }
  lines.push(
    `  live board vs pure reduceEvent, one event at a time: ${(singleMs / singleEvents / (liveSingleMs / stream.length)).toFixed(0)}x faster`,
  );
  if (sink < 0) lines.push(String(sink));
  return lines;
}
