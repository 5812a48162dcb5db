/**
 * Wire replays of the switchboard captures (issue 8): AstDB, DND and custom device states (24*),
 * presence (25*), hints and device states (26*), against a demo PBX with the feature captures'
 * dialplan (`dialplan: 'captures'`: hints 101, 102, 103 and *76101 of config/features). Every
 * answer must equal the captured bytes after the usual normalization (replay.ts); WaitEvent answers
 * may interleave independent sources differently (sources.ts), as Asterisk itself does.
 *
 * The series ran one after another on one Asterisk, after 20–23: the state those left behind and
 * that these captures show (queue, parking, conference and MWI devices in DeviceStateList, the
 * queue member's custom state in the AstDB) is seeded first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Office } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import type { Capture } from './capture';
import { loadCapture } from './capture';
import { compareResponse, get, liveRequest, login, RawConnection, request, SessionMap } from './replay';
import { alignSources, alignUuids } from './sources';
import { SWITCHBOARD_CAPTURES } from './switchboard-captures';

/** Device states left by series 20–23 of the capture run, as 26a lists them. */
const EARLIER_DEVICES: ReadonlyArray<readonly [string, string]> = [
  ['Queue:support_pause_Local/201@agents', 'NOT_INUSE'],
  ['Queue:support_pause_Local/202@agents', 'NOT_INUSE'],
  ['Queue:support_pause_Local/299@agents', 'NOT_INUSE'],
  ['Queue:support_avail', 'NOT_INUSE'],
  ['Queue:support', 'NOT_INUSE'],
  ['Queue:sales_avail', 'INUSE'],
  ['Queue:sales_pause_Local/250@agents', 'NOT_INUSE'],
  ['confbridge:800', 'NOT_INUSE'],
  ['MWI:101@default', 'INUSE'],
  ['MWI:102@default', 'INUSE'],
  ['park:701@parkedcalls', 'NOT_INUSE'],
  ['park:751@parkedcalls-short', 'NOT_INUSE'],
  ['park:705@parkedcalls', 'NOT_INUSE'],
];

/** Shortens WaitEvent's Timeout to 1 s: an answer with events comes at once either way. */
function quickWait(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/([?&]Timeout=)[2-9]\b/, '$11'), 'latin1');
}

/** Replays one capture on its own connections; `between` runs before the request block it names. */
async function play(
  capture: Capture,
  port: number,
  map: SessionMap,
  between: ReadonlyMap<number, () => Promise<void>> = new Map(),
): Promise<void> {
  const conns = new Map<number, RawConnection>();
  let expectedIndex = 0;
  try {
    for (const [i, block] of capture.blocks.entries()) {
      let conn = conns.get(block.conn);
      if (!conn) {
        conn = new RawConnection(port);
        conns.set(block.conn, conn);
      }
      if (block.kind === 'request') {
        await between.get(i + 1)?.();
        conn.write(quickWait(liveRequest(block.bytes, map)));
        continue;
      }
      expectedIndex++;
      const actual = await conn.readResponse();
      expect(actual, `${capture.name}: answer ${expectedIndex}`).not.toBeNull();
      compareResponse(actual as Buffer, block.bytes, map, false, (b) =>
        alignSources(alignUuids(b, block.bytes), block.bytes),
      );
    }
  } finally {
    for (const c of conns.values()) c.close();
  }
}

describe('switchboard captures (24 AstDB and DND, 25 presence, 26 hints), replayed in order', () => {
  let pbx: DemoPbx;
  const map = new SessionMap();
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, dialplan: 'captures' });
    const office = pbx.office as Office;
    for (const [device, state] of EARLIER_DEVICES) office.setDevice(device, state);
    // The queue member's state interface (20d/20g) went through func_devstate: it is in the AstDB.
    const seeder = await login(pbx.port, 'admin', '12345');
    await request(
      pbx.port,
      get('rawman?action=Setvar&Variable=DEVICE_STATE(Custom:agent202)&Value=NOT_INUSE', seeder),
    );
  });
  afterAll(() => pbx.close());

  for (const name of SWITCHBOARD_CAPTURES) {
    it(name, async () => {
      const capture = loadCapture(name);
      const between = new Map<number, () => Promise<void>>();
      if (name.startsWith('26e')) {
        // "the admin session set DEVICE_STATE(Custom:ext103) to INUSE, then NOT_INUSE" (uncaptured).
        const admin = map.toLive.get('41b4c3eb') as string;
        between.set(11, async () => {
          for (const state of ['INUSE', 'NOT_INUSE']) {
            await request(
              pbx.port,
              get(`rawman?action=Setvar&Variable=DEVICE_STATE(Custom:ext103)&Value=${state}`, admin),
            );
          }
        });
      }
      await play(capture, pbx.port, map, between);
    });
  }
});
