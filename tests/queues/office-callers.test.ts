/**
 * The living office's queue callers are channels of the office (electron/demo/queues/calls.ts):
 * every queue and agent event names channels the office announced (Newchannel) and has not hung up
 * yet, the members' legs are real channels too (FreePBX `Local/<ext>@from-queue` pairs ringing the
 * phone, or the phone itself), bridges are entered and left in pairs, and what QueueStatus lists as
 * waiting is what CoreShowChannels shows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { attachConferences } from '../../electron/demo/conferences/attach';
import type { Lines } from '../../electron/demo/office';
import { Office } from '../../electron/demo/office';
import { attachQueues, queueBookOf, queueCallsOf } from '../../electron/demo/queues/attach';
import { OFFICE_QUEUES } from '../../electron/demo/queues/config';
import { QueueLife } from '../../electron/demo/queues/life';

interface Seen {
  readonly event: string;
  readonly lines: Lines;
}

function liveOffice(seed: number, seconds: number): { office: Office; seen: Seen[]; problems: string[] } {
  let clock = 1_800_000_000_000;
  const now = (): number => clock;
  const seen: Seen[] = [];
  const alive = new Set<string>();
  const problems: string[] = [];
  const bridges = new Map<string, Set<string>>();
  const emit = (_c: number, event: string, lines: Lines): void => {
    seen.push({ event, lines });
    const field = (k: string): string | undefined => lines.find(([key]) => key === k)?.[1];
    if (event === 'Newchannel') alive.add(field('Channel') ?? '');
    // The room's own events are the conferences' business (tests/conferences).
    for (const [k, v] of event.startsWith('Confbridge') ? [] : lines) {
      if (/^(|Dest|LocalOne|LocalTwo)Channel$/.test(k) && !alive.has(v)) {
        problems.push(`${event} names ${v}, which is not up`);
      }
    }
    if (event === 'Hangup') alive.delete(field('Channel') ?? '');
    const bridge = field('BridgeUniqueid') ?? '';
    if (event === 'BridgeEnter')
      bridges.set(bridge, new Set([...(bridges.get(bridge) ?? []), field('Channel') ?? '']));
    if (event === 'BridgeLeave' && !bridges.get(bridge)?.delete(field('Channel') ?? '')) {
      problems.push(`BridgeLeave of ${field('Channel') ?? ''} that never entered ${bridge}`);
    }
  };
  const office = new Office({ seed, emit, now });
  attachQueues(office, OFFICE_QUEUES, emit, now);
  attachConferences(office, emit, now);
  const life = new QueueLife(office, seed);
  life.start(clock);
  for (let i = 0; i < seconds; i++) {
    clock += 1000;
    life.advance(clock);
    // What the book says waits is what the office has as channels.
    for (const q of queueBookOf(office).queues) {
      for (const c of q.callers) {
        if (!office.find(c.channel)) problems.push(`${q.config.name} lists ${c.channel}, which is gone`);
      }
    }
  }
  for (const name of alive) if (!office.find(name)) problems.push(`${name} was never hung up`);
  for (const c of office.chans)
    if (!alive.has(c.name)) problems.push(`${c.name} is up but was never announced`);
  return { office, seen, problems };
}

describe('the living office queue callers', () => {
  let office: Office;
  let seen: Seen[] = [];
  let problems: string[] = [];
  beforeAll(() => {
    ({ office, seen, problems } = liveOffice(7, 900));
  });
  const names = (event: string): Set<string> =>
    new Set(
      seen.filter((e) => e.event === event).map((e) => e.lines.find(([k]) => k === 'Channel')?.[1] ?? ''),
    );

  it('every event names a channel the office announced and has not hung up', () => {
    expect(problems).toEqual([]);
  });

  it('callers come in on the trunk and run Queue(): join, are rung for, answered, complete or abandon', () => {
    const joined = [...names('QueueCallerJoin')];
    expect(joined.length).toBeGreaterThan(10);
    expect(joined.every((c) => /^PJSIP\/trunk-[0-9a-f]{8}$/.test(c))).toBe(true);
    for (const event of ['AgentCalled', 'DialState', 'AgentConnect', 'AgentComplete', 'QueueCallerAbandon']) {
      expect(names(event).size, event).toBeGreaterThan(0);
    }
    const reasons = new Set(
      seen.filter((e) => e.event === 'AgentComplete').map((e) => e.lines.find(([k]) => k === 'Reason')?.[1]),
    );
    expect([...reasons].sort()).toEqual(['agent', 'caller']);
    // A phone nobody picks up rings out after the queue's timeout.
    expect(seen.some((e) => e.event === 'AgentRingNoAnswer')).toBe(true);
  });

  it('members are rung as channels: FreePBX Local pairs that ring the phone, and PJSIP phones', () => {
    const dests = new Set(
      seen
        .filter((e) => e.event === 'AgentCalled')
        .map((e) =>
          (e.lines.find(([k]) => k === 'DestChannel')?.[1] ?? '').replace(/-[0-9a-f]{8}(;\d)?$/, ''),
        ),
    );
    expect([...dests].some((d) => /^Local\/12[234]@from-queue$/.test(d))).toBe(true);
    expect([...dests].some((d) => /^PJSIP\/1(1[5-9])$/.test(d))).toBe(true);
    // The phone a FreePBX member's ;2 dials rings as that extension's own channel.
    const dialed = seen.filter(
      (e) => e.event === 'DialBegin' && /^Local\/12\d@from-queue-[0-9a-f]{8};2$/.test(e.lines[0]?.[1] ?? ''),
    );
    expect(dialed.length).toBeGreaterThan(0);
  });

  it('the queue book and the office agree at the end of the day', () => {
    const waiting = queueBookOf(office).queues.flatMap((q) => q.callers.map((c) => c.channel));
    expect(
      waiting.every((c) =>
        queueCallsOf(office)
          .callers()
          .some((x) => x.name === c),
      ),
    ).toBe(true);
  });
});
