/**
 * Captures 20* (app_queue) replayed byte for byte against the demo PBX started with the capture
 * instance's queues.conf and dialplan, in the capture session's order, on a clock that follows the
 * capture's client (timeline.ts). The callers of 20d and 20j are originated Local channels running
 * Queue() in the dialplan; their members are Local channels in context `agents`: every channel,
 * dialplan, queue and bridge event of theirs comes from the demo's app_queue (electron/demo/queues).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Office } from '../../electron/demo/office';
import { queueCallsOf } from '../../electron/demo/queues/attach';
import { startDemoPbx } from '../../electron/demo/server';
import { loadCapture } from '../wire/capture';
import { get, login, request, SessionMap } from '../wire/replay';
import { QUEUE_SERIES } from './captures';
import { playOnClock } from './timeline';

/** The clock steps in which the client's pauses pass: fine enough for app_queue's whole seconds. */
const STEP_MS = 50;

describe('queue captures (20*), replayed in order on the client clock', () => {
  let pbx: DemoPbx;
  const map = new SessionMap();
  let admin = '';
  let now = Date.parse('2026-12-01T13:44:18.000Z');
  const step = async (ms: number): Promise<void> => {
    const calls = queueCallsOf(pbx.office as Office);
    for (let left = ms; left > 0; left -= STEP_MS) {
      now += Math.min(STEP_MS, left);
      calls.advance();
      // What Asterisk's threads do a moment later (the demo's 5 ms timers) runs in between.
      await new Promise((r) => setTimeout(r, 8));
    }
  };
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, features: 'captures', dialplan: 'captures', clock: () => now });
    admin = await login(pbx.port, 'admin', '12345');
  });
  afterAll(() => pbx.close());

  /** The clock goes to the capture's own start (its `# Captured:` time), never backwards. */
  const startOf = (name: string): void => {
    const at = /^# Captured: (\S+)/m.exec(loadCapture(name).comments.join('\n'))?.[1];
    if (at) now = Math.max(now, Date.parse(at));
  };

  for (const name of QUEUE_SERIES) {
    it(name, async () => {
      startOf(name);
      const capture = loadCapture(name);
      const between = new Map<number, () => Promise<void>>();
      if (name.startsWith('20m')) {
        // Between its blocks 10 and 11 the capture run unpaused Alice in support (uncaptured).
        between.set(11, async () => {
          await request(
            pbx.port,
            get('rawman?action=QueuePause&Queue=support&Interface=Local/201@agents&Paused=false', admin),
          );
          await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', admin));
        });
      }
      await playOnClock(capture, pbx.port, map, step, between);
    });
  }
});
