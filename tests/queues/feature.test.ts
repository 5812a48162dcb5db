/**
 * Queues and rooms through the console service (IPC contract, router, session feed) against the
 * demo PBX: the snapshot at connect, live changes, and the controls with Asterisk's words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import type { DemoPbx } from '../../electron/demo/api';
import { conferenceRoomsOf } from '../../electron/demo/conferences/attach';
import type { Office } from '../../electron/demo/office';
import { queueBookOf } from '../../electron/demo/queues/attach';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory } from '../../electron/ipc/memory';
import type { IpcResult } from '../../shared/ipc';
import { applyQueuePatches } from '../../shared/queues';
import { mine } from '../../renderer/src/queues/mine';
import type { RoomsPatch, RoomsSnapshot } from '../../shared/queues-contract';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(user = 'admin', secret = '12345') {
  const pbx: DemoPbx = await startDemoPbx({ calls: 0, failedLoginDelayMs: 20 });
  cleanups.push(() => pbx.close());
  const console_ = createConsole({
    createClient: (profile) =>
      createClient(profile, { minBackoffMs: 100, maxBackoffMs: 300, random: () => 0.5 }),
    patchIntervalMs: 30,
    readProbeMs: 0,
  });
  cleanups.push(() => console_.close());
  const window = connectInMemory(console_.router);
  cleanups.push(async () => window.close());
  /** What the window holds after each message: a snapshot replaces, a patch applies over the last. */
  const snapshots: RoomsSnapshot[] = [];
  /** The patches as they came. */
  const patches: RoomsPatch[] = [];
  window.api.onQueuesSnapshot((s) => snapshots.push(s));
  window.api.onQueuesPatch((p) => {
    patches.push(p);
    const last = snapshots.at(-1) ?? { queues: [], rooms: [] };
    snapshots.push({ queues: applyQueuePatches(last.queues, p.queues), rooms: p.rooms ?? last.rooms });
  });
  const subscribe = async (): Promise<IpcResult<RoomsSnapshot>> => {
    const sub = await window.api.subscribeQueues();
    if (sub.ok) snapshots.push(sub.value);
    return sub;
  };
  const connected = await window.api.connect({ url: pbx.url, user, secret });
  expect(connected.ok, JSON.stringify(connected)).toBe(true);
  return { pbx, window, snapshots, patches, subscribe };
}

async function until<T>(read: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('queues and rooms in the console', () => {
  it('subscribes to the queues at connect and follows callers joining and leaving live', async () => {
    const { pbx, snapshots, subscribe } = await setup();
    const sub = await subscribe();
    expect(sub.ok).toBe(true);
    if (!sub.ok) return;
    expect(sub.value.queues.map((q) => q.queue)).toEqual(['soporte', 'ventas', 'recepcion']);
    const book = queueBookOf(pbx.office as Office);
    book.join('ventas', {
      channel: 'PJSIP/trunk-00000009',
      uniqueid: 'ajamtest-2.9',
      lines: [
        ['Channel', 'PJSIP/trunk-00000009'],
        ['CallerIDNum', '600999888'],
        ['CallerIDName', 'Cliente'],
        ['Uniqueid', 'ajamtest-2.9'],
      ],
      callerIdNum: '600999888',
      callerIdName: 'Cliente',
      connectedNum: '',
      connectedName: '',
    });
    const joined = await until(() =>
      snapshots.at(-1)?.queues.find((q) => q.queue === 'ventas' && q.callers.length === 1),
    );
    expect(joined.callers[0]?.callerIdName).toBe('Cliente');
    book.abandon('ventas', 'PJSIP/trunk-00000009');
    const left = await until(() =>
      snapshots.at(-1)?.queues.find((q) => q.queue === 'ventas' && q.callers.length === 0),
    );
    expect(left.abandoned).toBe(1);
  });

  it('reads QueueSummary at connect and keeps its counts as members pause', async () => {
    const { pbx, snapshots, subscribe } = await setup();
    const sub = await subscribe();
    if (!sub.ok) throw new Error(JSON.stringify(sub));
    const book = queueBookOf(pbx.office as Office);
    /** What the demo's QueueSummary (app_queue's manager_queues_summary) answers for a queue now. */
    const summary = (queue: string): Record<string, string> => {
      const q = book.find(queue);
      if (!q) throw new Error(queue);
      return Object.fromEntries(book.summaryLines(q));
    };
    for (const q of sub.value.queues) {
      const told = summary(q.queue);
      expect([q.loggedIn, q.available, q.longestHoldSeconds], q.queue).toEqual([
        Number(told['LoggedIn']),
        Number(told['Available']),
        Number(told['LongestHoldTime']),
      ]);
    }
    const before = sub.value.queues.find((q) => q.queue === 'ventas')?.available ?? 0;
    expect(before).toBeGreaterThan(0);
    expect(book.pause('ventas', 'PJSIP/116', true, 'Café')).toBe('ok');
    const after = await until(() =>
      snapshots.at(-1)?.queues.find((q) => q.queue === 'ventas' && q.available === before - 1),
    );
    expect(after.available).toBe(Number(summary('ventas')['Available']));
    expect(after.loggedIn).toBe(Number(summary('ventas')['LoggedIn']));
  });

  it('pauses with a reason and unpauses; a refusal carries Asterisk words', async () => {
    const { window, snapshots, subscribe } = await setup();
    await subscribe();
    const iface = 'Local/122@from-queue/n';
    const paused = await window.api.pauseMember({
      interface: iface,
      queue: 'soporte',
      paused: true,
      reason: 'Almuerzo',
    });
    expect(paused.ok && paused.value.notice).toMatchObject({
      key: 'queue.done',
      detail: 'Interface paused successfully',
    });
    const member = await until(() =>
      snapshots
        .at(-1)
        ?.queues.find((q) => q.queue === 'soporte')
        ?.members.find((m) => m.interface === iface && m.paused),
    );
    expect(member.pausedReason).toBe('Almuerzo');
    expect(member.lastPause).toBeGreaterThan(0);
    const refused = await window.api.pauseMember({ interface: 'PJSIP/999', queue: 'soporte', paused: true });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.notice).toMatchObject({ key: 'queue.failed', detail: 'Interface not found' });
  });

  it('mutes, locks and kicks in a room', async () => {
    const { pbx, window, snapshots, subscribe } = await setup();
    const rooms = conferenceRoomsOf(pbx.office as Office);
    rooms.join('900', {
      channel: 'PJSIP/105-00000001',
      lines: [['Channel', 'PJSIP/105-00000001']],
      admin: false,
      marked: false,
    });
    await subscribe();
    await until(() => snapshots.at(-1)?.rooms.find((r) => r.conference === '900'));
    expect((await window.api.muteConference({ conference: '900', target: 'all', muted: true })).ok).toBe(
      true,
    );
    await until(() => snapshots.at(-1)?.rooms.find((r) => r.participants[0]?.muted));
    expect((await window.api.lockConference({ conference: '900', locked: true })).ok).toBe(true);
    await until(() => snapshots.at(-1)?.rooms.find((r) => r.locked));
    expect((await window.api.kickConference({ conference: '900', target: 'PJSIP/105-00000001' })).ok).toBe(
      true,
    );
    await until(() => (snapshots.at(-1)?.rooms.length === 0 ? true : undefined));
  });

  it("tells each room's extension found with ShowDialPlan, and nothing to a user who may not read the dialplan", async () => {
    const { subscribe } = await setup();
    const sub = await subscribe();
    if (!sub.ok) throw new Error(JSON.stringify(sub));
    // The demo's from-internal runs ConfBridge(900) in 900; the captures' [demo] runs ConfBridge(800) in 800.
    expect(sub.value.discovered?.['900']).toEqual({ exten: '900', context: 'from-internal' });
    expect(sub.value.discovered?.['800']).toEqual({ exten: '800', context: 'demo' });

    const limited = await setup('supervisor', 'supervisor');
    const none = await limited.subscribe();
    if (!none.ok) throw new Error(JSON.stringify(none));
    expect(none.value.discovered).toBeUndefined();
  });

  it('the demo operator (101) answers reception as a static member loaded paused, and unpauses from the console', async () => {
    const { pbx, window, snapshots, subscribe } = await setup();
    const sub = await subscribe();
    if (!sub.ok) throw new Error(JSON.stringify(sub));
    // What the toolbar's "my queues" finds for the demo's operator endpoint.
    const memberships = mine(sub.value.queues, 'PJSIP/101');
    expect(memberships.map((m) => [m.queue, m.member.interface, m.member.dynamic, m.member.paused])).toEqual([
      ['recepcion', 'PJSIP/101', false, true],
    ]);
    expect(memberships[0]?.member.lastPause).toBeGreaterThan(0);
    expect(memberships[0]?.member.pausedReason).toBe('');
    const unpaused = await window.api.pauseMember({ interface: 'PJSIP/101', paused: false });
    expect(unpaused.ok, JSON.stringify(unpaused)).toBe(true);
    await until(() =>
      snapshots
        .at(-1)
        ?.queues.find((q) => q.queue === 'recepcion')
        ?.members.find((m) => m.interface === 'PJSIP/101' && !m.paused),
    );
    expect(
      queueBookOf(pbx.office as Office)
        .find('recepcion')
        ?.members.find((m) => m.iface === 'PJSIP/101')?.paused,
    ).toBe(false);
  });
});
