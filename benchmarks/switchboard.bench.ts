/**
 * The switchboard's main-process cost at 1,000 extensions and 2,000 live channels (1,000 bridged
 * calls, one per extension): its first snapshot, and each flush of a stream shaped like issue 8's
 * (hint states, device states, presence, MWI and the calls' own state changes). Every event is a
 * captured Asterisk 22 event given its own extension, channel and ids. The baseline, measured in
 * each run over the same events, is the live board alone (which the switchboard follows): the ratio
 * says what the switchboard adds on top of it.
 *
 * Goals are issue 8's budgets for the whole path, of which main's part must fit well inside: the
 * first snapshot of 1,000 extensions within the grid's 300 ms first render, the p99 flush at 200
 * events/s within the 100 ms event → DOM p99, and no flush, at any burst size, a task of 50 ms.
 */
import { performance } from 'node:perf_hooks';
import type { AmiMessage } from '../shared/ami';
import { LiveSwitchboard } from '../electron/features/switchboard/live';
import { buildSwitchboardState } from '../electron/features/switchboard/snapshot';
import { createLiveBoard } from '../electron/state/live';
import type { BatchClock } from '../electron/state/patches';
import { rng } from '../electron/demo/rng';
import { capturedTemplates, eventLike } from './lib/captured';
import { repeat, verdict } from './lib/figures';

const EVENTS = capturedTemplates();
const LIST_ITEMS = capturedTemplates('list items');

const EXTENSIONS = 1000;
const STREAM_EVENTS = 6000;
/** Events per flush: 6 is 200 events/s at one patch per 30 ms; 25 and 250 are bursts. */
const BATCHES = [6, 25, 250];
const STATUS: ReadonlyArray<readonly [string, string]> = [
  ['0', 'Idle'],
  ['1', 'InUse'],
  ['8', 'Ringing'],
  ['16', 'Hold'],
  ['2', 'Busy'],
];

function manualClock(): BatchClock & { fire(): void } {
  const timers = new Set<() => void>();
  return {
    now: () => Date.now(),
    setTimer: (run) => {
      timers.add(run);
      return run;
    },
    clearTimer: (handle) => timers.delete(handle as () => void),
    fire: () => {
      for (const run of [...timers]) {
        timers.delete(run);
        run();
      }
    },
  };
}

const exten = (i: number): string => String(1000 + i);
const hex = (i: number): string => i.toString(16).padStart(8, '0');

/** An ExtensionStatus: a hint list item at connect, or a real-time event after. */
function hintItem(
  i: number,
  status: readonly [string, string],
  as: 'event' | 'list item' = 'event',
): AmiMessage {
  return eventLike(as === 'event' ? EVENTS : LIST_ITEMS, 'ExtensionStatus', [
    ['Exten', exten(i)],
    ['Context', 'from-internal'],
    ['Hint', `PJSIP/${exten(i)}&Custom:DND${exten(i)},CustomPresence:${exten(i)}`],
    ['Status', status[0]],
    ['StatusText', status[1]],
  ]);
}

function channelEvent(
  name: string,
  channel: string,
  uid: string,
  linked: string,
  num: string,
  state: [string, string],
  connected: string,
): AmiMessage {
  return eventLike(EVENTS, name, [
    ['Channel', channel],
    ['ChannelState', state[0]],
    ['ChannelStateDesc', state[1]],
    ['CallerIDNum', num],
    ['CallerIDName', `Nombre ${num}`],
    ['ConnectedLineNum', connected],
    ['ConnectedLineName', `Nombre ${connected}`],
    ['Context', 'from-internal'],
    ['Exten', num],
    ['Priority', '1'],
    ['Uniqueid', uid],
    ['Linkedid', linked],
  ]);
}

/** 1,000 calls trunk -> extension, each bridged: 2,000 channels. */
function callSetup(): AmiMessage[] {
  const out: AmiMessage[] = [];
  for (let i = 0; i < EXTENSIONS; i++) {
    const caller = `+3491${String(i).padStart(7, '0')}`;
    const a = [`PJSIP/trunk-${hex(2 * i)}`, `t${i}`] as const;
    const b = [`PJSIP/${exten(i)}-${hex(2 * i + 1)}`, `e${i}`] as const;
    out.push(channelEvent('Newchannel', a[0], a[1], a[1], caller, ['6', 'Up'], exten(i)));
    out.push(channelEvent('Newchannel', b[0], b[1], a[1], caller, ['6', 'Up'], caller));
    const bridge = `b${i}`;
    out.push(
      eventLike(EVENTS, 'BridgeCreate', [
        ['BridgeUniqueid', bridge],
        ['BridgeType', 'basic'],
        ['BridgeTechnology', 'simple_bridge'],
        ['BridgeNumChannels', '0'],
      ]),
    );
    for (const [channel, uid] of [a, b]) {
      out.push(
        eventLike(EVENTS, 'BridgeEnter', [
          ['BridgeUniqueid', bridge],
          ['BridgeType', 'basic'],
          ['BridgeTechnology', 'simple_bridge'],
          ['Channel', channel],
          ['ChannelState', '6'],
          ['ChannelStateDesc', 'Up'],
          ['Uniqueid', uid],
          ['Linkedid', a[1]],
        ]),
      );
    }
  }
  return out;
}

function stream(): AmiMessage[] {
  const r = rng(8);
  const pick = (n: number): number => Math.floor(r() * n);
  const out: AmiMessage[] = [];
  for (let k = 0; k < STREAM_EVENTS; k++) {
    const i = pick(EXTENSIONS);
    switch (k % 5) {
      case 0:
        out.push(hintItem(i, STATUS[pick(STATUS.length)] as readonly [string, string]));
        break;
      case 1:
        out.push(
          eventLike(EVENTS, 'DeviceStateChange', [
            ['Device', `Custom:DND${exten(i)}`],
            ['State', r() < 0.5 ? 'BUSY' : 'NOT_INUSE'],
          ]),
        );
        break;
      case 2:
        out.push(
          eventLike(EVENTS, 'PresenceStateChange', [
            ['Presentity', `CustomPresence:${exten(i)}`],
            ['Status', r() < 0.5 ? 'away' : 'available'],
            ['Subtype', ''],
            ['Message', `m${k}`],
          ]),
        );
        break;
      case 3:
        out.push(
          eventLike(EVENTS, 'MessageWaiting', [
            ['Mailbox', `${exten(i)}@default`],
            ['Waiting', '1'],
            ['New', String(pick(5))],
            ['Old', '0'],
          ]),
        );
        break;
      default:
        out.push(
          channelEvent(
            r() < 0.5 ? 'Hold' : 'Unhold',
            `PJSIP/${exten(i)}-${hex(2 * i + 1)}`,
            `e${i}`,
            `t${i}`,
            `+3491${String(i).padStart(7, '0')}`,
            ['6', 'Up'],
            `+3491${String(i).padStart(7, '0')}`,
          ),
        );
    }
  }
  return out;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Flushes {
  /** Wall time per flush, ms. */
  readonly wall: number[];
  /**
   * CPU time per flush, ms (this process, GC threads included): on a loaded machine the wall time
   * also counts the slices the OS gave other processes, which this leaves out.
   */
  readonly cpu: number[];
}

/** Flush times over the stream: with the switchboard following the board, or the board alone. */
function run(events: readonly AmiMessage[], batch: number, withSwitchboard: boolean): Flushes {
  const clock = manualClock();
  const board = createLiveBoard({ clock, limits: { channels: 5000, endpoints: 5000 } });
  board.subscribe(() => undefined);
  const switchboard = withSwitchboard ? new LiveSwitchboard({ clock }) : undefined;
  if (switchboard) {
    board.subscribe((update) => switchboard.board(update));
    switchboard.load(
      buildSwitchboardState(
        { hints: Array.from({ length: EXTENSIONS }, (_, i) => hintItem(i, ['1', 'InUse'], 'list item')) },
        Date.now(),
      ),
      {},
    );
    switchboard.subscribe(() => undefined);
  }
  for (const event of callSetup()) board.push(event);
  clock.fire();
  clock.fire();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let start = 0; start < events.length; start += batch) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const event of events.slice(start, start + batch)) {
      board.push(event);
      switchboard?.push(event);
    }
    clock.fire();
    clock.fire();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

export default async function bench(): Promise<readonly string[]> {
  const hints = Array.from({ length: EXTENSIONS }, (_, i) => hintItem(i, ['0', 'Idle'], 'list item'));
  const firstSnapshot = (): number => {
    const t0 = performance.now();
    const switchboard = new LiveSwitchboard({ clock: manualClock() });
    switchboard.load(buildSwitchboardState({ hints }, Date.now()), {});
    switchboard.snapshot();
    return performance.now() - t0;
  };
  firstSnapshot(); // warm-up (JIT), not a sample
  const lines = [
    `switchboard: ${EXTENSIONS.toLocaleString('en-US')} extensions, 2,000 channels, ${STREAM_EVENTS.toLocaleString('en-US')} events modelled on captured Asterisk 22 events; 3 runs`,
    verdict(
      `switchboard: first snapshot of ${EXTENSIONS} extensions`,
      await repeat(firstSnapshot),
      { atMost: 300 },
      ' ms',
    ),
  ];
  const events = stream();
  run(events, 25, true); // warm-up (JIT), not a sample
  for (const batch of BATCHES) {
    const p99: number[] = [];
    const baseP99: number[] = [];
    const ratio: number[] = [];
    const longest: number[] = [];
    const longestCpu: number[] = [];
    await repeat(() => {
      // The board alone right before the board with the switchboard: a load swing hits both.
      const base = percentile(run(events, batch, false).wall, 99);
      const full = run(events, batch, true);
      p99.push(percentile(full.wall, 99));
      baseP99.push(base);
      ratio.push(percentile(full.wall, 99) / Math.max(base, 0.001));
      longest.push(Math.max(...full.wall));
      longestCpu.push(Math.max(...full.cpu));
      return 0;
    });
    const label = `switchboard: ${batch} events per flush`;
    if (batch === 6) lines.push(verdict(`${label} (200 events/s), p99 flush`, p99, { atMost: 100 }, ' ms'));
    else lines.push(verdict(`${label}, p99 flush`, p99, {}, ' ms'));
    lines.push(
      verdict(`${label}, p99 flush of the board alone (baseline)`, baseP99, {}, ' ms'),
      verdict(`${label}, p99 ratio to the board alone`, ratio, {}, '×'),
      verdict(`${label}, longest flush`, longest, { atMost: 50 }, ' ms'),
      verdict(`${label}, longest flush in CPU time`, longestCpu, {}, ' ms'),
    );
  }
  return lines;
}
