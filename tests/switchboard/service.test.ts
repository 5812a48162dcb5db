/**
 * The switchboard through the console service, as a window sees it: the snapshot at connect, live
 * patches, and controls whose success is what Asterisk reported. Against the demo PBX over real
 * HTTP on 127.0.0.1, with the real client; the test's own AMI session checks what the PBX holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory, type MemoryClient } from '../../electron/ipc/memory';
import { get } from '../../shared/ami';
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

async function setup(user = 'admin', secret = '12345', modules?: { parking?: boolean; voicemail?: boolean }) {
  const pbx = await startDemoPbx({
    calls: 0,
    callsPerSecond: 0,
    failedLoginDelayMs: 20,
    seed: 5,
    ...(modules ? { modules } : {}),
  });
  cleanups.push(() => pbx.close());
  const console_ = createConsole({
    createClient: (profile) =>
      createClient(profile, { minBackoffMs: 100, maxBackoffMs: 300, random: () => 0.5 }),
    patchIntervalMs: 20,
  });
  cleanups.push(() => console_.close());
  const window = connectInMemory(console_.router);
  cleanups.push(async () => window.close());
  const connected = await window.api.connect({ url: pbx.url, user, secret, operatorEndpoint: 'PJSIP/101' });
  if (!connected.ok) throw new Error(connected.error.message);
  const ami = createClient({ url: pbx.url, user: 'admin', secret: '12345' });
  await ami.connect();
  cleanups.push(() => ami.close());
  const view = await follow(window);
  return { pbx, window, ami, view };
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

const ext = (view: { board: SwitchboardSnapshot }, exten: string) =>
  Object.values(view.board.extensions).find((e) => e.exten === exten);

describe('the switchboard through the console service (demo PBX)', () => {
  it('the first snapshot has the grid, named, the two parking lots and nothing limited for admin', async () => {
    const { view } = await setup();
    const extensions = Object.values(view.board.extensions);
    expect(extensions.length).toBeGreaterThanOrEqual(10);
    expect(extensions.filter((e) => e.name !== '').length).toBeGreaterThan(extensions.length / 2);
    expect(Object.keys(view.board.lots).sort()).toEqual(['default', 'shortlot']);
    expect(view.board.limits).toEqual({});
  });

  it('a call ringing at an extension, then answered: the button rings, then says who it talks to', async () => {
    const { pbx, view } = await setup();
    const caller = pbx.office.placeCall({ from: '+34911000777', fromName: 'Cliente Sevilla', to: '102' });
    await until('102 ringing', () => ext(view, '102')?.state === 'ringing');
    pbx.office.step();
    // Ringing, it already says who calls (the connected line).
    await until('who calls 102', () => ext(view, '102')?.talkingTo?.num === '+34911000777');
    expect(ext(view, '102')?.state).toBe('ringing');
    await until('102 in a call', () => ext(view, '102')?.state === 'inuse');
    const button = ext(view, '102');
    expect(button?.talkingTo).toMatchObject({ name: 'Cliente Sevilla', channel: caller });
    expect(button?.since).toBeLessThanOrEqual(Date.now());
    expect(button?.calls).toHaveLength(1);
  });

  it('DND on and off from the console: AstDB and the lamp at the PBX, the button in every window', async () => {
    const { window, ami, view } = await setup();
    const done = await window.api.setDnd({ exten: '103', on: true });
    expect(done.ok && done.value.notice.key).toBe('switchboard.done.dnd-on');
    await until('103 in DND', () => ext(view, '103')?.state === 'dnd');
    expect(ext(view, '103')?.dnd).toBe(true);
    expect((await ami.list('DBGet', { Family: 'DND', Key: '103' })).events[0]?.fields['val']).toBe('YES');
    expect(get(await ami.send('Getvar', { Variable: 'DEVICE_STATE(Custom:DND103)' }), 'Value')).toBe('BUSY');
    const off = await window.api.setDnd({ exten: '103', on: false });
    expect(off.ok).toBe(true);
    await until('103 out of DND', () => ext(view, '103')?.dnd === false);
    expect(ext(view, '103')?.state).toBe('idle');
  });

  it('call forward from the console is in CF/<ext> and on the button', async () => {
    const { window, ami, view } = await setup();
    expect((await window.api.setForward({ exten: '104', number: '600123456' })).ok).toBe(true);
    await until('104 forwarded', () => ext(view, '104')?.forward === '600123456');
    expect((await ami.list('DBGet', { Family: 'CF', Key: '104' })).events[0]?.fields['val']).toBe(
      '600123456',
    );
    expect((await window.api.setForward({ exten: '104', number: null })).ok).toBe(true);
    await until('104 not forwarded', () => ext(view, '104')?.forward === null);
  });

  it('park: done only when Asterisk reports ParkedCall, with the space; the parking panel shows it', async () => {
    const { pbx, window, view } = await setup();
    const caller = pbx.office.placeCall({ from: '+34911000888', fromName: 'Aparcar', to: '105' });
    pbx.office.step();
    await until('105 in a call', () => ext(view, '105')?.state === 'inuse');
    const result = await window.api.parkCall({ channel: caller, lot: 'default', timeout: 60 });
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
    if (!result.ok) return;
    expect(result.value.notice.key).toBe('switchboard.queued.park');
    expect(result.value.requestId).toBeDefined();
    await until('the park outcome', () => view.outcomes.some((o) => o.requestId === result.value.requestId));
    const outcome = view.outcomes.find((o) => o.requestId === result.value.requestId);
    expect(outcome).toMatchObject({
      control: 'park',
      ok: true,
      notice: { key: 'switchboard.outcome.parked' },
    });
    const space =
      outcome?.notice.params && 'space' in outcome.notice.params ? outcome.notice.params.space : '';
    await until(
      'the parked call on the panel',
      () => view.board.parked[`default/${space}`]?.channel === caller,
    );
    expect(view.board.parked[`default/${space}`]).toMatchObject({
      lot: 'default',
      callerIdNum: '+34911000888',
      timeout: 60,
    });
  });

  it('refuses to unpark a space with nothing parked, and to pick up where nothing rings', async () => {
    const { window } = await setup();
    const unpark = await window.api.unparkCall({ lot: 'default', space: '719' });
    expect(!unpark.ok && unpark.error.notice.key).toBe('switchboard.not-parked');
    const pickup = await window.api.pickupExtension({ exten: '106' });
    expect(!pickup.ok && pickup.error.notice.key).toBe('switchboard.not-ringing');
  });

  it('a write=call user: the grid works, AstDB panels and console calls say which class is missing', async () => {
    const { view, window } = await setup('limited', '54321');
    expect(Object.keys(view.board.extensions).length).toBeGreaterThanOrEqual(10);
    expect(view.board.limits.dnd).toMatchObject({ kind: 'write', classes: ['system'] });
    expect(view.board.limits.astdb).toMatchObject({ kind: 'write' });
    expect(view.board.limits.call).toMatchObject({ kind: 'write', classes: ['originate'] });
    expect(view.board.limits.extensions).toBeUndefined();
    const refused = await window.api.setDnd({ exten: '101', on: true });
    expect(refused.ok).toBe(false);
  });
  it('a PBX without res_parking and app_voicemail: the grid works, those panels say which module is missing', async () => {
    const { view, window } = await setup('admin', '12345', { parking: false, voicemail: false });
    expect(Object.keys(view.board.extensions).length).toBeGreaterThanOrEqual(10);
    expect(view.board.lots).toEqual({});
    expect(view.board.parked).toEqual({});
    expect(view.board.limits.parking).toMatchObject({ kind: 'not-loaded', module: 'res_parking.so' });
    expect(view.board.limits.park).toMatchObject({ kind: 'not-loaded', module: 'res_parking.so' });
    expect(view.board.limits.voicemail).toMatchObject({ kind: 'not-loaded', module: 'app_voicemail.so' });
    expect(Object.values(view.board.extensions).every((e) => e.voicemail === null)).toBe(true);
    // What does not depend on them still works.
    expect(view.board.limits.dnd).toBeUndefined();
    expect((await window.api.setDnd({ exten: '105', on: true })).ok).toBe(true);
  });
});
