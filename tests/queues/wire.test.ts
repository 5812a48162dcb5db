/**
 * Captures 20* (app_queue) replayed against the demo PBX started with the capture instance's
 * queues.conf, in the capture session's order. The captures whose callers are Local channels
 * running Queue() (20d–20h, 20j) are not replayed byte for byte yet: the state they leave behind
 * (a completed call, an abandoned caller, Carol added, Alice paused "in a meeting") is brought
 * about through the same actions over the wire, or through the demo's queue book for the calls.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Office } from '../../electron/demo/office';
import { queueBookOf } from '../../electron/demo/queues/attach';
import { startDemoPbx } from '../../electron/demo/server';
import { loadCapture } from '../wire/capture';
import type { Capture } from '../wire/capture';
import { get, login, replay, request, SessionMap } from '../wire/replay';
import { QUEUE_REPLAYED } from './captures';

describe('queue captures (20*), replayed in order', () => {
  let pbx: DemoPbx;
  const map = new SessionMap();
  let admin = '';
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, features: 'captures' });
    admin = await login(pbx.port, 'admin', '12345');
  });
  afterAll(() => pbx.close());

  const play = async (capture: Capture): Promise<void> => {
    const conns = await replay(capture, pbx.port, map);
    for (const c of conns.values()) c.close();
  };
  /** An action by the operator's own (uncaptured) admin session; its events are drained. */
  const act = async (query: string): Promise<string> => {
    const text = (await request(pbx.port, get(`rawman?${query}`, admin))).toString('latin1');
    await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', admin));
    return text;
  };
  /** Every session's queue is drained so that the next WaitEvent shows only what the next action causes. */
  const drainCaptureSession = async (): Promise<void> => {
    const id = map.toLive.get('d0d30e0b');
    if (id) await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', id));
  };

  it('20a: QueueStatus of an empty queue, QueueSummary, every queue with sales static member', async () => {
    await play(loadCapture('20a-rawman-queuestatus-empty.http'));
  });

  it('20b: QueueAdd of two dynamic members and their events', async () => {
    await play(loadCapture('20b-rawman-queueadd-members-events.http'));
  });

  it('20c: QueuePause with a reason', async () => {
    await play(loadCapture('20c-rawman-queuepause-lunch.http'));
  });

  it('20i: unpause, penalty, QueueStatus Member= after a completed call', async () => {
    // 20d–20h: Bob takes a caller who waited 9 s and talked 5 s, then his device is free.
    const office = pbx.office as Office;
    const book = queueBookOf(office);
    await act('action=Setvar&Variable=DEVICE_STATE(Custom:agent202)&Value=NOT_INUSE');
    book.join('support', caller('Local/300@demo-00000000;2'));
    const c = book.connect('support', 'Local/202@agents', 0, []);
    if (c) book.complete('support', 'Local/202@agents', c, 9, 5, []);
    await drainCaptureSession();
    await play(loadCapture('20i-rawman-queue-unpause-penalty.http'));
  });

  it('20k: QueueRemove, again, and of a static member', async () => {
    // 20j: Carol joins, Alice pauses in every queue, Bob is busy, a caller abandons.
    await act(
      'action=QueueAdd&Queue=support&Interface=Local/299@agents&MemberName=Carol&StateInterface=Custom:agent299',
    );
    await act('action=QueuePause&Interface=Local/201@agents&Paused=true&Reason=in%20a%20meeting');
    await act('action=Setvar&Variable=DEVICE_STATE(Custom:agent202)&Value=INUSE');
    const book = queueBookOf(pbx.office as Office);
    book.join('support', caller('Local/300@demo-00000001;2'));
    book.abandon('support', 'Local/300@demo-00000001;2');
    await drainCaptureSession();
    await play(loadCapture('20k-rawman-queueremove.http'));
  });

  it('20l: the error answers', async () => {
    await play(loadCapture('20l-rawman-queue-errors.http'));
  });

  it('20m: the limited user lists, is refused QueuePause, and sees only the device states', async () => {
    const capture = loadCapture('20m-rawman-queue-limited-user.http');
    await play({ ...capture, blocks: capture.blocks.slice(0, 10) });
    await act('action=QueuePause&Queue=support&Interface=Local/201@agents&Paused=false');
    await play({ ...capture, blocks: capture.blocks.slice(10) });
  });

  it('replays every capture the wire coverage lists as replayed here', () => {
    const here = [
      '20a-rawman-queuestatus-empty.http',
      '20b-rawman-queueadd-members-events.http',
      '20c-rawman-queuepause-lunch.http',
      '20i-rawman-queue-unpause-penalty.http',
      '20k-rawman-queueremove.http',
      '20l-rawman-queue-errors.http',
      '20m-rawman-queue-limited-user.http',
    ];
    for (const name of QUEUE_REPLAYED.filter((n) => n.startsWith('20'))) {
      if (!here.includes(name)) throw new Error(`${name} is listed as replayed but is not`);
    }
  });
});

function caller(channel: string): Parameters<ReturnType<typeof queueBookOf>['join']>[1] {
  return {
    channel,
    uniqueid: 'ajamtest-1796132660.1',
    lines: [['Channel', channel]],
    callerIdNum: '5551001',
    callerIdName: 'Caller One',
    connectedNum: '5551001',
    connectedName: 'Caller One',
  };
}
