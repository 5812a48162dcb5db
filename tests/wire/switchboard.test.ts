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
import { loadCapture, pausesOf } from './capture';
import {
  compareResponse,
  connectionFor,
  get,
  liveRequest,
  login,
  quickWait,
  request,
  SessionMap,
  type RawConnection,
} from './replay';
import { alignMeasured } from './sources';
import { CALL_CAPTURES, CRASH_CAPTURE, PARKING_CAPTURES, SWITCHBOARD_CAPTURES } from './switchboard-captures';

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

/**
 * Replays one capture on its own connections; `between` runs before the request block it names,
 * and `advance` moves the demo's clock by the client's recorded pauses.
 */
async function play(
  capture: Capture,
  port: number,
  map: SessionMap,
  between: ReadonlyMap<number, () => Promise<void>> = new Map(),
  advance: (ms: number) => void = () => undefined,
): Promise<void> {
  const pauses = pausesOf(capture);
  const pointers = new Map<string, string>();
  const conns = new Map<number, RawConnection>();
  let expectedIndex = 0;
  try {
    for (const [i, block] of capture.blocks.entries()) {
      const conn = connectionFor(conns, block.conn, port);
      if (block.kind === 'request') {
        const pause = pauses.get(i + 1) ?? 0;
        // The pause lets queued work run (an async Originate) at the time it ran, then the clock
        // moves on; shortened in real time.
        if (pause > 0) await new Promise((r) => setTimeout(r, 10));
        advance(pause);
        if (pause > 0) await new Promise((r) => setTimeout(r, 40));
        await between.get(i + 1)?.();
        let live = quickWait(liveRequest(block.bytes, map)).toString('latin1');
        for (const [cap, got] of pointers) live = live.split(cap).join(got);
        conn.write(Buffer.from(live, 'latin1'));
        continue;
      }
      expectedIndex++;
      const actual = await conn.readResponse();
      expect(actual, `${capture.name}: answer ${expectedIndex}`).not.toBeNull();
      // A MixMonitorID is a heap pointer: the live one stands for the captured one from now on.
      const capPtr = /MixMonitorID: (0x[0-9a-f]+)/.exec(block.bytes.toString('latin1'))?.[1];
      const livePtr = /MixMonitorID: (0x[0-9a-f]+)/.exec(actual?.toString('latin1') ?? '')?.[1];
      if (capPtr && livePtr) pointers.set(capPtr, livePtr);
      compareResponse(actual as Buffer, block.bytes, map, false, (b) => alignMeasured(b, block.bytes));
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

/** Parking (23*) that a demo with the captures' lots and no music on hold answers byte for byte. */
describe('parking captures (23), replayed in order on a clock that follows the client', () => {
  let pbx: DemoPbx;
  const map = new SessionMap();
  let now = Date.UTC(2026, 11, 1, 13, 44, 54, 665);
  const advance = (ms: number): void => {
    now += ms;
  };
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, dialplan: 'captures', clock: () => now });
  });
  afterAll(() => pbx.close());

  /** The clock goes to the capture's own start (its `# Captured:` time), never backwards. */
  const startOf = (name: string): void => {
    const at = /^# Captured: (\S+)/m.exec(loadCapture(name).comments.join('\n'))?.[1];
    if (at) now = Math.max(now, Date.parse(at));
  };

  for (const name of PARKING_CAPTURES) {
    it(name, async () => {
      startOf(name);
      const office = pbx.office as Office;
      if (name.startsWith('23f')) Object.assign(office, { localSeq: 0x0a });
      // The run's earlier series had made 8 Local pairs before 23b, and 23e-23h 5 more before 23i.
      if (name.startsWith('23b')) Object.assign(office, { localSeq: 0x08 });
      if (name.startsWith('23h')) {
        // 23f-23g made Local pairs up to 0x0b; the session read those events then.
        const parkee = office.find('Local/100@demo-00000008;2');
        if (parkee?.parking) {
          office.setDevice(`park:${parkee.parking.space}@${parkee.parking.context}`, 'NOT_INUSE');
          delete parkee.parking;
          office.leaveBridge(parkee);
        }
        Object.assign(office, { localSeq: 0x0c });
        // 23g: 23f's call timed out of shortlot (its events were read there, not replayed here).
        office.expireParking();
        await request(
          pbx.port,
          get('rawman?action=WaitEvent&Timeout=0', map.toLive.get('cdd8acdd') as string),
        );
      }
      if (name.startsWith('23i')) Object.assign(office, { localSeq: 0x0d });
      if (name.startsWith('23g')) {
        // Its `Captured` time is when the first WaitEvent went out, after the 8 s pause; the lot's
        // timeout then came 494 ms into that wait: the clock passes it while the request waits.
        const timer = setTimeout(() => advance(600), 100);
        await play(loadCapture(name), pbx.port, map, new Map(), (ms) => advance(ms === 8000 ? 0 : ms));
        clearTimeout(timer);
        return;
      }
      await play(loadCapture(name), pbx.port, map, new Map(), advance);
    });
  }

  it('23j: the same login, originate and events; then the Park that crashed Asterisk 22.10.1 gets the fixed answer', async () => {
    const capture = loadCapture(CRASH_CAPTURE);
    const park = capture.blocks.at(-1);
    expect(park?.kind).toBe('request');
    Object.assign(pbx.office as Office, { localSeq: 0x14 });
    await play({ ...capture, blocks: capture.blocks.slice(0, -1) }, pbx.port, map, new Map(), advance);
    // A fixed manager_park() tests the looked-up channel and answers instead of dereferencing NULL.
    const answer = (
      await request(pbx.port, liveRequest(park?.bytes as Buffer, map).toString('latin1'))
    ).toString('latin1');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(
      answer.endsWith(
        '\r\n\r\nResponse: Error\r\nActionID: park-crash\r\nMessage: AnnounceChannel does not exist\r\n\r\n',
      ),
    ).toBe(true);
    expect(pbx.hazards()).toEqual([
      'Park with a missing AnnounceChannel (Local/nobody@demo-0000ffff;1) crashes Asterisk 22.10.1',
    ]);
    // Nothing was parked and the PBX still answers.
    expect((pbx.office as Office).parked().map((c) => c.name)).not.toContain('Local/100@demo-00000014;2');
  });

  for (const name of CALL_CAPTURES) {
    it(name, async () => {
      startOf(name);
      // 23j came last in the capture run; 27a's pairs follow 23's: 0x0e on.
      if (name.startsWith('27a')) {
        // Series 23 left no Local/100@demo call behind for 27 (its calls were gone by then).
        const office = pbx.office as Office;
        for (const c of office.chans.filter((x) => x.name.startsWith('Local/100@demo-'))) {
          if (office.chans.includes(c)) office.hangup(c);
        }
        Object.assign(office, { localSeq: 0x0e });
      }
      if (name.startsWith('27d')) Object.assign(pbx.office as Office, { localSeq: 0x10 });
      if (name.startsWith('27f')) Object.assign(pbx.office as Office, { localSeq: 0x11 });
      await play(loadCapture(name), pbx.port, map, new Map(), advance);
    });
  }
});
