/**
 * Captures 21* (app_confbridge) replayed against the demo PBX in the capture session's order.
 * The participants of 21b are Local/800@demo channels running ConfBridge(800); until the demo's
 * dialplan runs that application, they are seated in the room with the captured channels' fields
 * (21b, 21h and 21k, whose answers are those channels' own events, stay pending).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { conferenceRoomsOf } from '../../electron/demo/conferences/attach';
import type { Lines, Office } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { QUEUE_REPLAYED } from '../queues/captures';
import { loadCapture } from '../wire/capture';
import { get, login, replay, request, SessionMap } from '../wire/replay';

/** The snapshot of `Local/800@demo-0000000N;2` as the capture's events print it. */
function confChannel(n: number, num: string, name: string): Lines {
  return [
    ['Channel', `Local/800@demo-0000000${n};2`],
    ['ChannelState', '6'],
    ['ChannelStateDesc', 'Up'],
    ['CallerIDNum', num],
    ['CallerIDName', name],
    ['ConnectedLineNum', num],
    ['ConnectedLineName', name],
    ['Language', 'en'],
    ['AccountCode', ''],
    ['Context', 'demo'],
    ['Exten', '800'],
    ['Priority', '2'],
    ['Uniqueid', `ajamtest-1796132675.${2 * n + 1}`],
    ['Linkedid', `ajamtest-1796132675.${2 * n}`],
  ];
}

describe('ConfBridge captures (21*), replayed in order', () => {
  let pbx: DemoPbx;
  const map = new SessionMap();
  let admin = '';
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, features: 'captures' });
    admin = await login(pbx.port, 'admin', '12345');
  });
  afterAll(() => pbx.close());

  const play = async (name: string): Promise<void> => {
    const conns = await replay(loadCapture(name), pbx.port, map);
    for (const c of conns.values()) c.close();
  };
  const drain = async (id: string): Promise<void> => {
    await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', id));
  };

  it('21a: no conference at all', async () => {
    await play('21a-rawman-confbridge-none-active.http');
  });

  it('21c, 21d: rooms and participants (rawman, mxml)', async () => {
    // 21b: three callers join room 800 (ConfbridgeList walks them 5, 6, 4).
    const rooms = conferenceRoomsOf(pbx.office as Office);
    for (const [n, num, name] of [
      [5, '555202', 'Conf Two'],
      [6, '555203', 'Conf Three'],
      [4, '555201', 'Conf One'],
    ] as const) {
      rooms.join('800', {
        channel: `Local/800@demo-0000000${n};2`,
        lines: confChannel(n, num, name),
        admin: false,
        marked: false,
      });
    }
    await drain(map.toLive.get('b73b3f88') as string);
    await drain(admin);
    await play('21c-rawman-confbridge-listrooms-list.http');
    await play('21d-mxml-confbridge-list.http');
  });

  it('21e: mute and unmute one participant', async () => {
    await play('21e-rawman-confbridge-mute-unmute-one.http');
  });

  it('21f: mute and unmute all', async () => {
    await play('21f-rawman-confbridge-mute-unmute-all.http');
  });

  it('21g: lock and unlock emit no event', async () => {
    await play('21g-rawman-confbridge-lock-unlock.http');
  });

  it('21i: the error answers', async () => {
    // 21h: Conf Two is kicked.
    const kicked = (
      await request(
        pbx.port,
        get('rawman?action=ConfbridgeKick&Conference=800&Channel=Local/800@demo-00000005%3B2', admin),
      )
    ).toString('latin1');
    if (!kicked.includes('Message: User kicked')) throw new Error(kicked);
    await drain(map.toLive.get('b73b3f88') as string);
    await play('21i-rawman-confbridge-errors.http');
  });

  it('21j: the limited user is refused the lists, may mute, and gets the events', async () => {
    await play('21j-rawman-confbridge-limited-user.http');
  });

  it('the wire coverage lists these as replayed', () => {
    for (const name of ['21a', '21c', '21d', '21e', '21f', '21g', '21i', '21j']) {
      if (!QUEUE_REPLAYED.some((n) => n.startsWith(name))) throw new Error(`${name} not listed`);
    }
  });
});
