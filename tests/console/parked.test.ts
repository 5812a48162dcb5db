/**
 * Parked calls across a (re)connect: the events that told the board about a park are gone with the
 * session that missed them, so only the resync's ParkedCalls list can say a channel is parked.
 * Against the demo PBX over real HTTP on 127.0.0.1; the console's client is the real one, with its
 * event feed gated so a test can make it miss exactly the events a dropped session would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import type { AjamClient } from '../../electron/ajam/api';
import { createConsole } from '../../electron/console/service';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory, type MemoryClient } from '../../electron/ipc/memory';
import { applyPatch } from '../../electron/state/patches';
import { eventName, get, type AmiMessage } from '../../shared/ami';
import type { BoardSnapshot } from '../../shared/model';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function setup() {
  const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 20, seed: 11 });
  cleanups.push(() => pbx.close());
  /** While closed, the console's events are dropped as a session that went away would lose them. */
  const gate = {
    open: true,
    dropped: [] as AmiMessage[],
    resyncs: 0,
    client: undefined as AjamClient | undefined,
  };
  const console_ = createConsole({
    createClient: (profile) => {
      const real = createClient(profile, { minBackoffMs: 100, maxBackoffMs: 300, random: () => 0.5 });
      const gated: AjamClient = {
        ...real,
        onEvent: (listener) =>
          real.onEvent((event) => {
            if (gate.open) listener(event);
            else gate.dropped.push(event);
          }),
        onResync: (hook) =>
          real.onResync(async () => {
            await hook();
            gate.resyncs++;
          }),
      };
      gate.client = gated;
      return gated;
    },
    patchIntervalMs: 30,
  });
  cleanups.push(() => console_.close());
  const window = connectInMemory(console_.router);
  cleanups.push(async () => window.close());
  // The test's own AMI session: parks calls as another operator or the dialplan would.
  const ami = createClient({ url: pbx.url, user: 'admin', secret: '12345' });
  await ami.connect();
  cleanups.push(() => ami.close());
  return { pbx, window, gate, ami };
}

async function follow(window: MemoryClient) {
  const result = await window.api.subscribeBoard();
  if (!result.ok) throw new Error(result.error.message);
  const view = { board: result.value as BoardSnapshot };
  window.api.onBoardPatch((patch) => (view.board = applyPatch(view.board, patch)));
  window.api.onBoardSnapshot((board) => (view.board = board));
  return view;
}

describe('parked calls across a reconnect', () => {
  it('a call parked before the console connects shows parked on its first board', async () => {
    const { pbx, window, ami } = await setup();
    const caller = pbx.office.placeCall({ from: '+34911000444', fromName: 'Aparcado', to: '102' });
    pbx.office.step();
    expect(get(await ami.send('Park', { Channel: caller, Timeout: '120000' }), 'Message')).toBe(
      'Park successful',
    );
    const parked = pbx.office.channels().find((c) => c.channel === caller);
    // As in Asterisk 22, the parked channel keeps its dialplan place and waits in the parking bridge.
    expect(parked).toMatchObject({ context: 'from-internal', exten: '102' });
    expect(parked?.bridgeId).not.toBeNull();

    const connected = await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    expect(connected.ok).toBe(true);
    const view = await follow(window);
    expect(view.board.channels[parked?.uniqueid ?? '']).toMatchObject({
      channel: caller,
      parkedAt: '701',
      parkingLot: 'default',
    });
  });

  it('a call parked while the session was away is parked on the board after the reconnect', async () => {
    const { pbx, window, gate, ami } = await setup();
    await window.api.connect({ url: pbx.url, user: 'admin', secret: '12345' });
    const view = await follow(window);
    const caller = pbx.office.placeCall({ from: '+34911000555', fromName: 'En espera', to: '103' });
    pbx.office.step();
    const uniqueid = pbx.office.channels().find((c) => c.channel === caller)?.uniqueid ?? '';
    await until('the answered call on the board', () => view.board.channels[uniqueid]?.bridgeId != null);

    // The console stops hearing its session; the call is parked meanwhile.
    gate.open = false;
    await ami.send('Park', { Channel: caller });
    await until('the console to miss the ParkedCall event', () =>
      gate.dropped.some((e) => eventName(e) === 'ParkedCall'),
    );
    expect(view.board.channels[uniqueid]?.parkedAt).toBeUndefined();
    const before = gate.resyncs;

    // The session goes away for real (logged off at the PBX, as an expiry or a `manager kick` would):
    // the core logs in again and resyncs.
    gate.open = true;
    const cookie = gate.client?.sessionCookie();
    if (!cookie) throw new Error('the console has no session');
    const logoff = await fetch(`${pbx.url}/rawman?action=Logoff`, {
      headers: { Cookie: `mansession_id=${cookie}` },
    });
    expect(await logoff.text()).toContain('Response: Goodbye');
    await until('a resync', () => gate.resyncs > before);
    await until('the parked mark', () => view.board.channels[uniqueid]?.parkedAt === '701');
    const parkingBridge = pbx.office.channels().find((c) => c.uniqueid === uniqueid)?.bridgeId;
    expect(parkingBridge).toBeTruthy();
    expect(view.board.channels[uniqueid]).toMatchObject({
      channel: caller,
      parkingLot: 'default',
      bridgeId: parkingBridge,
    });
    // The callee the park hung up is gone too: the board is what the PBX has.
    expect(Object.keys(view.board.channels).sort()).toEqual(
      pbx.office
        .channels()
        .map((c) => c.uniqueid)
        .sort(),
    );
  });
});
