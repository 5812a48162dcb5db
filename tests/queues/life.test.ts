/** The living office's queues and room: seeded, deterministic on a test clock, and alive. */
import { describe, expect, it } from 'vitest';
import { conferenceRoomsOf, attachConferences } from '../../electron/demo/conferences/attach';
import type { Lines } from '../../electron/demo/office';
import { Office } from '../../electron/demo/office';
import { attachQueues } from '../../electron/demo/queues/attach';
import { OFFICE_QUEUES } from '../../electron/demo/queues/config';
import { OFFICE_ROOM, QueueLife } from '../../electron/demo/queues/life';

function run(seed: number): string[] {
  let clock = 1_800_000_000_000;
  const now = (): number => clock;
  const seen: string[] = [];
  const emit = (_c: number, event: string, lines: Lines): void => {
    seen.push(`${event} ${lines.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  };
  const office = new Office({ seed, emit, now });
  attachQueues(office, OFFICE_QUEUES, emit, now);
  attachConferences(office, emit, now);
  const life = new QueueLife(office, seed);
  life.start(clock);
  expect(conferenceRoomsOf(office).find(OFFICE_ROOM)?.participants.length).toBe(3);
  for (let i = 0; i < 900; i++) {
    clock += 1000;
    life.advance(clock);
  }
  return seen;
}

describe('QueueLife', () => {
  it('replays the same day from the same seed', () => {
    const a = run(7);
    // Bridge ids are random UUIDs, like Asterisk's: everything else is the seed's.
    const strip = (list: string[]): string[] => list.map((e) => e.replace(/BridgeUniqueid=\S+/, ''));
    expect(strip(run(7))).toEqual(strip(a));
    expect(strip(run(8))).not.toEqual(strip(a));
  });

  it('callers join, are answered, hang up and give up; people come and go in the room', () => {
    const names = new Set(run(7).map((e) => e.slice(0, e.indexOf(' '))));
    for (const event of [
      'QueueCallerJoin',
      'QueueCallerLeave',
      'AgentConnect',
      'AgentComplete',
      'QueueCallerAbandon',
      'ConfbridgeJoin',
      'ConfbridgeLeave',
      'ConfbridgeTalking',
    ]) {
      expect(names.has(event), event).toBe(true);
    }
  });
});
