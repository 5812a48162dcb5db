/**
 * Captures 21* (app_confbridge) replayed against the demo PBX in the capture session's order. The
 * participants are Local/800@demo pairs whose ;2 runs Answer() and ConfBridge(800) in the demo's
 * dialplan, as in config/features/extensions.conf; their events are the demo's own. WaitEvent
 * answers may interleave independent sources differently (tests/wire/sources.ts), and 21b's
 * threads are run in the order the capture shows them to have run (conferences/threads.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { conferenceRoomsOf, conferenceThreadsOf } from '../../electron/demo/conferences/attach';
import type { Office } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { QUEUE_REPLAYED } from '../queues/captures';
import { CONFERENCE_REPLAYED } from './captures';
import type { Capture } from '../wire/capture';
import { loadCapture } from '../wire/capture';
import { compareResponse, liveRequest, RawConnection, SessionMap } from '../wire/replay';
import { alignSources, alignUuids } from '../wire/sources';

/**
 * 21b's threads, in the order they ran: the second and third callers' ;2 answered at once, the
 * first one's only after them; the second caller made the conference, the third found it and
 * entered the bridge first, then the second entered, then the first arrived and entered.
 */
const THREE_JOIN_THREADS = [
  'Local/800@demo-00000005;2 answer',
  'Local/800@demo-00000006;2 answer',
  'Local/800@demo-00000004;2 answer',
  'Local/800@demo-00000005;2 ConfBridge',
  'Local/800@demo-00000006;2 ConfBridge',
  'Local/800@demo-00000006;2 enter',
  'Local/800@demo-00000005;2 enter',
  'Local/800@demo-00000004;2 ConfBridge',
  'Local/800@demo-00000004;2 enter',
];

/** WaitEvent's Timeout shortened to 1 s: an answer with events comes at once either way. */
function quickWait(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/([?&]Timeout=)[3-9]\b/, '$11'), 'latin1');
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

describe('ConfBridge captures (21*), replayed in order', () => {
  let pbx: DemoPbx;
  const map = new SessionMap();
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, features: 'captures' });
  });
  afterAll(() => pbx.close());

  /** Replays one capture; `before` runs before the request block it names (1-based). */
  const play = async (
    capture: Capture,
    before: ReadonlyMap<number, () => Promise<void>> = new Map(),
  ): Promise<void> => {
    const conns = new Map<number, RawConnection>();
    try {
      for (const [i, block] of capture.blocks.entries()) {
        let conn = conns.get(block.conn);
        if (!conn) {
          conn = new RawConnection(pbx.port);
          conns.set(block.conn, conn);
        }
        if (block.kind === 'request') {
          await before.get(i + 1)?.();
          conn.write(quickWait(liveRequest(block.bytes, map)));
          continue;
        }
        const actual = await conn.readResponse();
        expect(actual, `${capture.name}: block ${i + 1}`).not.toBeNull();
        compareResponse(actual as Buffer, block.bytes, map, false, (b) =>
          alignSources(alignUuids(b, block.bytes), block.bytes),
        );
      }
    } finally {
      for (const c of conns.values()) c.close();
    }
  };
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

  it('21a: no conference at all', async () => {
    await play(loadCapture('21a-rawman-confbridge-none-active.http'));
  });

  it('21b: three originated Local/800@demo pairs run ConfBridge(800)', async () => {
    const office = pbx.office as Office;
    // The capture run's queue series (20*) had made Local pairs 0-3 before.
    Object.assign(office, { localSeq: 4 });
    const threads = conferenceThreadsOf(office);
    threads.hold();
    const run = async (): Promise<void> => {
      await until('the three answers queued', () => threads.pending().length === 3);
      for (const step of THREE_JOIN_THREADS) {
        if (!threads.run(step)) throw new Error(`${step} is not waiting (${threads.pending().join(', ')})`);
      }
    };
    await play(loadCapture('21b-rawman-confbridge-three-join.http'), new Map([[7, run]]));
    expect(threads.pending()).toEqual([]);
    threads.release();
    // ConfbridgeList walks them in the order they found the conference (21c).
    expect(
      conferenceRoomsOf(office)
        .find('800')
        ?.participants.map((p) => p.channel),
    ).toEqual(['Local/800@demo-00000005;2', 'Local/800@demo-00000006;2', 'Local/800@demo-00000004;2']);
  });

  for (const name of [
    '21c-rawman-confbridge-listrooms-list.http',
    '21d-mxml-confbridge-list.http',
    '21e-rawman-confbridge-mute-unmute-one.http',
    '21f-rawman-confbridge-mute-unmute-all.http',
    '21g-rawman-confbridge-lock-unlock.http',
    '21h-rawman-confbridge-kick-one.http',
    '21i-rawman-confbridge-errors.http',
    '21j-rawman-confbridge-limited-user.http',
  ]) {
    it(name, async () => {
      const capture = loadCapture(name);
      // The client let the events settle before its WaitEvents.
      const pauses = new Map(capture.blocks.map((_b, i) => [i + 1, settle] as const));
      await play(capture, pauses);
    });
  }

  it('21k: the last two hang up through their ;1 sides; the last one out ends the conference', async () => {
    const capture = loadCapture('21k-rawman-confbridge-last-leave-end.http');
    await play(capture, new Map(capture.blocks.map((_b, i) => [i + 1, settle] as const)));
    const office = pbx.office as Office;
    expect(office.chans.map((c) => c.name)).toEqual([]);
    expect(office.bridges).toEqual([]);
  });

  it('the wire coverage lists these as replayed', () => {
    for (const name of ['21a', '21c', '21d', '21e', '21f', '21g', '21i', '21j']) {
      if (!QUEUE_REPLAYED.some((n) => n.startsWith(name))) throw new Error(`${name} not listed`);
    }
    for (const name of ['21b', '21h', '21k']) {
      if (!CONFERENCE_REPLAYED.some((n) => n.startsWith(name))) throw new Error(`${name} not listed`);
    }
  });
});
