/**
 * Switchboard controls that ring the operator's phone or move a caller, through the console
 * service against the demo PBX over HTTP on 127.0.0.1: each is reported done only when Asterisk
 * reports it (OriginateResponse of the operator's phone, BlindTransfer, AttendedTransfer).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory, type MemoryClient } from '../../electron/ipc/memory';
import {
  applySwitchboardPatch,
  type SwitchboardOutcome,
  type SwitchboardSnapshot,
} from '../../shared/switchboard';

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

async function setup() {
  const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 20, seed: 9 });
  cleanups.push(() => pbx.close());
  const console_ = createConsole({
    createClient: (profile) =>
      createClient(profile, { minBackoffMs: 100, maxBackoffMs: 300, random: () => 0.5 }),
    patchIntervalMs: 20,
  });
  cleanups.push(() => console_.close());
  const window = connectInMemory(console_.router);
  cleanups.push(async () => window.close());
  const connected = await window.api.connect({
    url: pbx.url,
    user: 'admin',
    secret: '12345',
    operatorEndpoint: 'PJSIP/101',
  });
  if (!connected.ok) throw new Error(connected.error.message);
  return { pbx, window, view: await follow(window) };
}

async function follow(window: MemoryClient) {
  const outcomes: SwitchboardOutcome[] = [];
  const result = await window.api.subscribeSwitchboard();
  if (!result.ok) throw new Error(result.error.message);
  const view = { board: result.value as SwitchboardSnapshot, outcomes };
  window.api.onSwitchboardPatch((patch) => (view.board = applySwitchboardPatch(view.board, patch)));
  window.api.onSwitchboardSnapshot((board) => (view.board = board));
  window.api.onSwitchboardOutcome((outcome) => outcomes.push(outcome));
  return view;
}

/** The office's transfer step (answer the consultation, then the transferer hangs up). */
function stepTransfers(office: object): void {
  const step = (office as { stepTransfers?: () => void }).stepTransfers;
  if (typeof step !== 'function') throw new Error('the demo office has no stepTransfers()');
  step.call(office);
}

const ext = (view: { board: SwitchboardSnapshot }, exten: string) =>
  Object.values(view.board.extensions).find((e) => e.exten === exten);

async function outcomeOf(view: { outcomes: SwitchboardOutcome[] }, requestId: string | undefined) {
  await until('the outcome', () => view.outcomes.some((o) => o.requestId === requestId));
  return view.outcomes.find((o) => o.requestId === requestId);
}

describe('switchboard controls against the demo PBX', () => {
  it('click on an extension: the operator’s phone rings first, then calls it', async () => {
    const { pbx, window, view } = await setup();
    const done = await window.api.callExtension({ exten: '104' });
    if (!done.ok) throw new Error(done.error.message);
    expect(done.value.notice.key).toBe('switchboard.queued.call');
    const outcome = await outcomeOf(view, done.value.requestId);
    expect(outcome).toMatchObject({ control: 'call', target: '104', ok: true });
    await until('104 ringing', () => ext(view, '104')?.state === 'ringing');
    expect(pbx.office.channels().some((c) => c.channel.startsWith('PJSIP/101-'))).toBe(true);
  });
  it('transfer of a caller still ringing (in no bridge) redirects it; done when it dials the target', async () => {
    const { pbx, window, view } = await setup();
    const caller = pbx.office.placeCall({ from: '+34911000444', fromName: 'Sin contestar', to: '105' });
    await until('105 ringing', () => ext(view, '105')?.state === 'ringing');
    const done = await window.api.transferTo({ channel: caller, exten: '106', mode: 'blind' });
    if (!done.ok) throw new Error(done.error.message);
    expect(done.value.notice.key).toBe('switchboard.queued.transfer');
    const outcome = await outcomeOf(view, done.value.requestId);
    expect(outcome).toMatchObject({
      control: 'transfer',
      ok: true,
      notice: { key: 'switchboard.outcome.transferred' },
    });
    await until('106 ringing with the caller', () => ext(view, '106')?.talkingTo?.num === '+34911000444');
    await until('105 free again', () => ext(view, '105')?.state === 'idle');
  });
  it('attended transfer: Atxfer on the peer, reported done only at AttendedTransfer, after the consultation', async () => {
    const { pbx, window, view } = await setup();
    const caller = pbx.office.placeCall({ from: '+34911000555', fromName: 'Consulta', to: '102' });
    pbx.office.step();
    await until('102 in a call', () => ext(view, '102')?.state === 'inuse');
    const done = await window.api.transferTo({ channel: caller, exten: '103', mode: 'attended' });
    if (!done.ok) throw new Error(done.error.message);
    expect(done.value.notice.key).toBe('switchboard.queued.atxfer');
    await until('103 ringing for the consultation', () => ext(view, '103')?.state === 'ringing');
    // The target answers: a consultation, not yet a transfer.
    stepTransfers(pbx.office);
    await until('103 in the consultation', () => ext(view, '103')?.state === 'inuse');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(view.outcomes.filter((o) => o.requestId === done.value.requestId)).toEqual([]);
    // 102 hangs up: the transfer completes.
    stepTransfers(pbx.office);
    const outcome = await outcomeOf(view, done.value.requestId);
    expect(outcome).toMatchObject({
      control: 'atxfer',
      ok: true,
      notice: { key: 'switchboard.outcome.atxfer-done' },
    });
    await until('102 free', () => ext(view, '102')?.state === 'idle');
    expect(ext(view, '103')?.state).toBe('inuse');
  });
  it('blind transfer of a caller talking to 102: done at the BlindTransfer event, the caller rings 103', async () => {
    const { pbx, window, view } = await setup();
    const caller = pbx.office.placeCall({ from: '+34911000999', fromName: 'Transferido', to: '102' });
    pbx.office.step();
    await until('102 in a call', () => ext(view, '102')?.state === 'inuse');
    const done = await window.api.transferTo({ channel: caller, exten: '103', mode: 'blind' });
    if (!done.ok) throw new Error(done.error.message);
    const outcome = await outcomeOf(view, done.value.requestId);
    expect(outcome).toMatchObject({
      control: 'transfer',
      ok: true,
      notice: { key: 'switchboard.outcome.transferred' },
    });
    await until('103 ringing with the caller', () => ext(view, '103')?.talkingTo?.num === '+34911000999');
  });
});
