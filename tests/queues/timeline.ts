/**
 * Replays a capture on the demo's clock as the capture's client lived it: the client's recorded
 * pauses and an answer's recorded wait (an AgentRingNoAnswer 2.5 s into a WaitEvent, 20j) move the
 * clock, in small steps, each followed by the queue callers' timers, so a ring timeout or a retry
 * fires at the second Asterisk's did. Answers are compared as the wire tests do: exact bytes after
 * normalizing, events of independent sources in either interleaving, random UUIDs and app_queue's
 * measured durations taken from the capture (tests/wire/sources.ts).
 */
import { expect } from 'vitest';
import { pausesOf, type Capture } from '../wire/capture';
import {
  compareResponse,
  connectionFor,
  liveRequest,
  quickWait,
  type RawConnection,
  type SessionMap,
} from '../wire/replay';
import { alignMeasured } from '../wire/sources';

/** Answers that took long (`response complete N ms after request sent`, over a second), by block. */
function waitsOf(capture: Capture): Map<number, number> {
  const waits = new Map<number, number>();
  for (const line of capture.comments) {
    const m = /^# block (\d+): RESPONSE \d+ bytes, response complete (\d+) ms/.exec(line);
    if (m && Number(m[2]) > 1000) waits.set(Number(m[1]), Number(m[2]));
  }
  return waits;
}

/** Moves the demo's clock by `ms` (in steps, running what falls due at each). */
export type Step = (ms: number) => Promise<void>;

export async function playOnClock(
  capture: Capture,
  port: number,
  map: SessionMap,
  step: Step,
  between: ReadonlyMap<number, () => Promise<void>> = new Map(),
): Promise<void> {
  const pauses = pausesOf(capture);
  const waits = waitsOf(capture);
  const conns = new Map<number, RawConnection>();
  let expectedIndex = 0;
  try {
    for (const [i, block] of capture.blocks.entries()) {
      const conn = connectionFor(conns, block.conn, port);
      if (block.kind === 'request') {
        await step(pauses.get(i + 1) ?? 0);
        await between.get(i + 1)?.();
        const live = liveRequest(block.bytes, map);
        // A WaitEvent with events answers at once; one the capture saw wait keeps its Timeout.
        conn.write(waits.has(i + 2) ? live : quickWait(live));
        continue;
      }
      expectedIndex++;
      const wait = waits.get(i + 1);
      const pending = conn.readResponse();
      if (wait !== undefined) await step(wait);
      const actual = await pending;
      expect(actual, `${capture.name}: answer ${expectedIndex}`).not.toBeNull();
      compareResponse(actual as Buffer, block.bytes, map, false, (b) => alignMeasured(b, block.bytes));
    }
  } finally {
    for (const c of conns.values()) c.close();
  }
}
