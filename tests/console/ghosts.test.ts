/**
 * Issue 12 item 16 end to end: the console service against the demo PBX over HTTP on 127.0.0.1.
 * A caller ID holding CR/LF splices a fake Hangup of another call into the event stream (the demo
 * writes values unescaped, as Asterisk does); the board loses that call for a moment and gets it
 * back by a reconcile, which reaches the window as patches only (no new snapshot: no flicker).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory } from '../../electron/ipc/memory';
import type { ReconcileTiming } from '../../electron/state/reconcile';
import { applyPatch, type BoardSnapshot } from '../../shared/model';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(what: string, check: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function setup(reconcileTiming: ReconcileTiming) {
  const pbx = await startDemoPbx({ calls: 2, callsPerSecond: 0, eventsPerSecond: 0, seed: 7 });
  cleanups.push(() => pbx.close());
  const login = pbx.users[0];
  if (!login) throw new Error('the demo has no user');
  const console_ = createConsole({ createClient: (profile) => createClient(profile), reconcileTiming });
  cleanups.push(() => console_.close());
  const window = connectInMemory(console_.router);
  cleanups.push(async () => window.close());
  const connected = await window.api.connect({ url: pbx.url, user: login.user, secret: login.secret });
  if (!connected.ok) throw new Error(connected.error.message);
  const subscribed = await window.api.subscribeBoard();
  if (!subscribed.ok) throw new Error(subscribed.error.message);
  const view = { board: subscribed.value as BoardSnapshot, snapshots: 0, lostVictim: false, victim: '' };
  window.api.onBoardPatch((patch) => {
    view.board = applyPatch(view.board, patch);
    if (view.victim && !view.board.channels[view.victim]) view.lostVictim = true;
  });
  window.api.onBoardSnapshot((board) => {
    view.board = board;
    view.snapshots += 1;
  });
  const victim = pbx.office.channels()[0];
  if (!victim || !view.board.channels[victim.uniqueid]) throw new Error('the demo call is not on the board');
  view.victim = victim.uniqueid;
  const inject = (): void => {
    pbx.office.placeCall({
      to: '102',
      fromName:
        `Mallory\r\n\r\nEvent: Hangup\r\nChannel: ${victim.channel}\r\nUniqueid: ${victim.uniqueid}\r\n` +
        `Linkedid: ${victim.linkedid}\r\nCause: 16\r\n\r\nX: y`,
    });
  };
  return { pbx, window, view, victim, inject };
}

describe('ghost calls against the demo PBX', () => {
  it('a spliced fake Hangup is undone by the reconcile its anomaly brings, with patches only', async () => {
    const { view, victim, inject } = await setup({ anomalyDelayMs: 100, anomalyGapMs: 500 });
    inject();
    await until('the fake Hangup to reach the board', () => view.lostVictim);
    await until(
      'the reconcile to bring the call back',
      () => view.board.channels[victim.uniqueid] !== undefined,
    );
    expect(view.board.channels[victim.uniqueid]?.channel).toBe(victim.channel);
    expect(view.snapshots).toBe(0);
  });

  it('board:reconcile (the window regained focus) brings it back when no anomaly would', async () => {
    // Anomalies would wait an hour here: only the window's request can fix the board in time.
    const { window, view, victim, inject } = await setup({ anomalyDelayMs: 3_600_000 });
    inject();
    await until('the fake Hangup to reach the board', () => view.lostVictim);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(view.board.channels[victim.uniqueid]).toBeUndefined();
    const result = await window.api.reconcileBoard();
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.changes).toBeGreaterThanOrEqual(1);
    await until('the patch with the call', () => view.board.channels[victim.uniqueid] !== undefined);
    expect(view.snapshots).toBe(0);
  });
});
