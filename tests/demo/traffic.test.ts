/**
 * The living office (traffic.ts) on a fake clock: simulated half hours, second by second, and the
 * steady state the console's first run relies on.
 */
import { describe, expect, it } from 'vitest';
import type { Lines } from '../../electron/demo/office';
import { ENDPOINTS, Office } from '../../electron/demo/office';
import { OPERATOR_ENDPOINT, PACES, Traffic } from '../../electron/demo/traffic';

interface Seen {
  readonly atMs: number;
  readonly event: string;
  readonly lines: Lines;
}

/** An office with traffic on a clock that only moves when the test says so. */
function livingOffice(level: keyof typeof PACES, seed: number) {
  let now = Date.UTC(2026, 2, 2, 9, 0, 0);
  const seen: Seen[] = [];
  const office = new Office({
    seed,
    emit: (_c, event, lines) => seen.push({ atMs: now, event, lines }),
    now: () => now,
  });
  const traffic = new Traffic(office, PACES[level], seed);
  traffic.seed(now);
  return {
    office,
    seen,
    /** One simulated second. */
    tick(): void {
      now += 1000;
      traffic.advance(now);
    },
  };
}

const value = (s: Seen, key: string): string | undefined => s.lines.find(([k]) => k === key)?.[1];

describe('the living demo office', () => {
  it('starts busy with the operator phone idle, a call on hold, one recorded and one parked', () => {
    const { office } = livingOffice('lively', 1);
    expect(office.deviceStates.get(`PJSIP/${OPERATOR_ENDPOINT}`)).toBe('NOT_INUSE');
    expect(office.chans.some((c) => c.endpoint?.id === OPERATOR_ENDPOINT)).toBe(false);
    expect(office.activeCalls()).toBeGreaterThanOrEqual(PACES.lively.minCalls);
    expect(office.activeCalls()).toBeLessThanOrEqual(PACES.lively.maxCalls);
    expect(office.officeCalls().some((c) => c.phase === 'held')).toBe(true);
    expect(office.chans.filter((c) => c.monitorId !== null)).toHaveLength(1);
    expect(office.parked()).toHaveLength(1);
    // The README's examples name these two channels.
    expect(office.find('PJSIP/102-00000001')?.state).toBe(6);
    expect(office.find('PJSIP/trunk-00000002')?.bridge).not.toBeNull();
  });

  for (const seed of [1, 7, 2026]) {
    it(`keeps its steady state for 30 simulated minutes (seed ${seed})`, () => {
      const { office, seen, tick } = livingOffice('lively', seed);
      const startedAt = seen.length;
      const lifetimes: number[] = [];
      const born = new Map<string, number>();
      for (let s = 0; s < 30 * 60; s++) {
        tick();
        const calls = office.activeCalls();
        expect(calls).toBeGreaterThanOrEqual(PACES.lively.minCalls);
        expect(calls).toBeLessThanOrEqual(PACES.lively.maxCalls);
        expect(office.officeCalls().filter((c) => c.phase === 'held').length).toBeGreaterThanOrEqual(1);
        expect(office.chans.filter((c) => c.monitorId !== null)).toHaveLength(1);
        expect(office.parked()).toHaveLength(1);
      }
      const events = seen.slice(startedAt);
      for (const e of events) {
        // Every line a real header line: a key, and a value without line breaks.
        for (const [k, v] of e.lines) {
          expect(k).toMatch(/^[A-Za-z][A-Za-z0-9-]*$/);
          expect(v).not.toMatch(/[\r\n]/);
        }
        const channel = value(e, 'Channel');
        if (e.event === 'Newchannel' && channel) born.set(channel, e.atMs);
        if (e.event === 'Hangup' && channel && born.has(channel)) {
          lifetimes.push(e.atMs - (born.get(channel) as number));
        }
      }
      // New calls ring and are answered all the time...
      const dials = events.filter((e) => e.event === 'DialBegin').map((e) => e.atMs);
      const answers = events.filter((e) => e.event === 'DialEnd' && value(e, 'DialStatus') === 'ANSWER');
      expect(dials.length).toBeGreaterThan(60);
      expect(answers.length).toBeGreaterThan(50);
      const gaps = dials.slice(1).map((t, i) => t - (dials[i] as number));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(120_000);
      // ...and last minutes: the median channel that came and went lived more than a minute.
      lifetimes.sort((a, b) => a - b);
      expect(lifetimes[Math.floor(lifetimes.length / 2)]).toBeGreaterThan(60_000);
      // Calls on hold come back, and parked callers give up and are replaced.
      expect(events.some((e) => e.event === 'Unhold')).toBe(true);
      expect(events.filter((e) => e.event === 'ParkedCall').length).toBeGreaterThan(3);
      expect(events.filter((e) => e.event === 'MixMonitorStart').length).toBeGreaterThan(1);
      // The operator's phone is never rung by the office.
      expect(events.some((e) => value(e, 'DestChannel')?.startsWith(`PJSIP/${OPERATOR_ENDPOINT}-`))).toBe(
        false,
      );
    });
  }

  it('is deterministic: the same seed on the same clock replays the same events', () => {
    const run = (seed: number): string[] => {
      const { seen, tick } = livingOffice('lively', seed);
      for (let s = 0; s < 600; s++) tick();
      return seen.map((e) => `${e.atMs} ${e.event} ${e.lines.map(([k, v]) => `${k}=${v}`).join('|')}`);
    };
    const a = run(5);
    expect(run(5)).toEqual(a);
    expect(run(6)).not.toEqual(a);
  });

  it('answers a call it did not place, and leaves the operator phone ringing for the operator', () => {
    const { office, tick } = livingOffice('lively', 3);
    // Someone else's call to a free desk (a transfer, a redirect): the desk answers it.
    const free = ['104', '105', '106', '107', '108', '109', '110', '111', '112', '113', '114'].find(
      (id) => office.deviceStates.get(`PJSIP/${id}`) === 'NOT_INUSE',
    ) as string;
    const caller = office.placeCall({ from: '600000000', fromName: 'Visita', to: free });
    const toOperator = office.placeCall({ from: '600000001', fromName: 'Visita', to: OPERATOR_ENDPOINT });
    for (let s = 0; s < 10; s++) tick();
    expect(office.find(caller)?.call?.phase ?? 'gone').not.toBe('ringing');
    expect(office.find(toOperator)?.call?.phase).toBe('ringing');
  });

  it('carries an attended transfer through: the target answers, then the transfer completes', () => {
    const { office, seen, tick } = livingOffice('lively', 9);
    const call = office.officeCalls().find((c) => c.phase === 'up' && c.callee.endpoint !== null);
    const free = ENDPOINTS.find(
      (e) => e.id !== OPERATOR_ENDPOINT && office.deviceStates.get(`PJSIP/${e.id}`) === 'NOT_INUSE',
    );
    if (!call || !free) throw new Error('no call to transfer');
    office.atxfer(call.callee, free.id);
    for (let s = 0; s < 30; s++) tick();
    const done = seen.find((e) => e.event === 'AttendedTransfer');
    expect(done && value(done, 'Result')).toBe('Success');
    expect(done && value(done, 'TransferTargetChannel')).toMatch(new RegExp(`^PJSIP/${free.id}-`));
  });

  it('a calm office is quieter but never empty', () => {
    const { office, seen, tick } = livingOffice('calm', 4);
    const before = seen.length;
    for (let s = 0; s < 20 * 60; s++) {
      tick();
      expect(office.activeCalls()).toBeGreaterThanOrEqual(PACES.calm.minCalls);
      expect(office.activeCalls()).toBeLessThanOrEqual(PACES.calm.maxCalls);
    }
    expect(seen.length - before).toBeGreaterThan(100);
  });
});
