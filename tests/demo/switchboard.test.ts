/**
 * The switchboard's demo PBX (issue 8): the office's DND, forward, presence, voicemail and parking
 * life on a fake clock, and over HTTP on 127.0.0.1 the partial PBX (modules left out) and the
 * capture-23j Park that the demo refuses where Asterisk 22.10.1 crashed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Lines } from '../../electron/demo/office';
import { ENDPOINTS, Office } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { START_DND, START_FORWARD, SwitchboardLife } from '../../electron/demo/switchboard/life';
import { PACES, Traffic } from '../../electron/demo/traffic';
import { attachVoicemail } from '../../electron/demo/voicemail/attach';
import { OFFICE_MAILBOXES } from '../../electron/demo/voicemail/config';
import { get, login, request } from '../wire/replay';
import { action, drainEvents, field, named } from './messages';

interface Seen {
  readonly atMs: number;
  readonly event: string;
  readonly lines: Lines;
}

const value = (s: Seen, key: string): string | undefined => s.lines.find(([k]) => k === key)?.[1];

/** The office with traffic and the switchboard's life, on a clock that moves only when told. */
function livingOffice(seed: number) {
  let now = Date.UTC(2026, 2, 2, 9, 0, 0);
  const seen: Seen[] = [];
  const emit = (_c: number, event: string, lines: Lines): void => {
    seen.push({ atMs: now, event, lines });
  };
  const office = new Office({ seed, emit, now: () => now });
  attachVoicemail(office, OFFICE_MAILBOXES, emit);
  const life = new SwitchboardLife(office, seed);
  life.start(now);
  const traffic = new Traffic(office, PACES.lively, seed);
  traffic.seed(now);
  return {
    office,
    seen,
    /** Simulated seconds, as the server's timers drive them. */
    run(seconds: number): void {
      for (let i = 0; i < seconds; i++) {
        now += 1000;
        traffic.advance(now);
        life.advance(now);
        office.expireParking();
      }
    },
  };
}

describe("the switchboard's office life (fake clock)", () => {
  it('starts with DND (AstDB key and BUSY lamp, so the hint is Busy), a forward and everyone present', () => {
    const { office } = livingOffice(1);
    for (const ext of START_DND) {
      expect(office.switchboard.astdb.get('DND', ext)).toBe('YES');
      expect(office.deviceState(`Custom:DND${ext}`)).toBe('BUSY');
      expect(office.switchboard.astdb.get('CustomDevstate', `DND${ext}`)).toBe('BUSY');
      const hint = office.hints.find((h) => h.exten === ext);
      expect(hint && office.hintState(hint)).toBe('BUSY');
    }
    expect(office.switchboard.astdb.get('CF', START_FORWARD[0])).toBe(START_FORWARD[1]);
    expect(office.switchboard.presence.size).toBe(ENDPOINTS.length);
    expect(ENDPOINTS.length).toBeGreaterThanOrEqual(38);
    const states = new Set([...office.switchboard.presence.values()].map((p) => p.state));
    expect([...states]).toEqual(expect.arrayContaining(['available', 'away', 'xa', 'dnd', 'chat']));
    const chat = [...office.switchboard.presence.values()].find((p) => p.state === 'chat');
    expect(chat?.message).not.toBe('');
  });

  it('over half an hour: presence and DND change, voicemail comes and goes, both lots park, pick up and time out', () => {
    const sim = livingOffice(1);
    const start = sim.seen.length;
    sim.run(1800);
    const during = sim.seen.slice(start);
    const count = (event: string): number => during.filter((s) => s.event === event).length;
    expect(count('PresenceStateChange')).toBeGreaterThan(20);
    expect(
      during.filter((s) => s.event === 'DeviceStateChange' && /^Custom:DND/.test(value(s, 'Device') ?? ''))
        .length,
    ).toBeGreaterThan(3);
    const waiting = during.filter((s) => s.event === 'MessageWaiting');
    expect(waiting.length).toBeGreaterThan(5);
    expect(new Set(waiting.map((s) => value(s, 'New'))).size).toBeGreaterThan(1);
    const parked = during.filter((s) => s.event === 'ParkedCall');
    expect(new Set(parked.map((s) => value(s, 'Parkinglot')))).toEqual(new Set(['default', 'shortlot']));
    expect(count('UnParkedCall')).toBeGreaterThan(0);
    const timedOut = during.filter((s) => s.event === 'ParkedCallTimeOut');
    expect(timedOut.length).toBeGreaterThan(0);
    // A shortlot call times out after its 10 s, with ParkingTimeout 0.
    for (const t of timedOut.filter((s) => value(s, 'Parkinglot') === 'shortlot')) {
      expect(value(t, 'ParkingTimeout')).toBe('0');
      expect(value(t, 'ParkingDuration')).toBe('10');
    }
    // Spaces stay within their lots.
    for (const p of parked) {
      const space = Number(value(p, 'ParkingSpace'));
      if (value(p, 'Parkinglot') === 'default') expect(space >= 701 && space <= 720).toBe(true);
      else expect(space >= 751 && space <= 760).toBe(true);
    }
    // The traffic's ceiling still holds with the switchboard's parking in the office.
    expect(sim.office.activeCalls()).toBeLessThanOrEqual(PACES.lively.maxCalls + 2);
  });

  it('is deterministic for a seed', () => {
    const a = livingOffice(7);
    const b = livingOffice(7);
    a.run(600);
    b.run(600);
    const text = (seen: Seen[]): string[] =>
      seen.map((s) => `${s.atMs} ${s.event} ${JSON.stringify(s.lines)}`);
    expect(text(a.seen)).toEqual(text(b.seen));
  });
});

describe('partial PBX and refused crash shapes over HTTP', () => {
  let pbx: DemoPbx | undefined;
  afterEach(async () => {
    await pbx?.close();
    pbx = undefined;
  });

  it('without res_parking, Park/ParkedCalls/Parkinglots are unknown commands and ListCommands leaves them out', async () => {
    pbx = await startDemoPbx({ calls: 0, modules: { parking: false } });
    const id = await login(pbx.port, 'admin', '12345');
    const res = (await request(pbx.port, get('rawman?action=ParkedCalls&ActionID=p', id))).toString('latin1');
    expect(res).toContain(
      'Response: Error\r\nActionID: p\r\nMessage: Invalid/unknown command: ParkedCalls. Use Action: ListCommands to show available commands.\r\n\r\n',
    );
    const list = (await action(pbx.port, id, 'action=ListCommands'))[0] ?? [];
    expect(field(list, 'Parkinglots')).toBeUndefined();
    expect(field(list, 'Park')).toBeUndefined();
    expect(field(list, 'DBPut')).toBeDefined();
  });

  it('with res_parking (default), the same PBX lists both lots', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const lots = named(await action(pbx.port, id, 'action=Parkinglots'), 'Parkinglot');
    expect(lots.map((m) => field(m, 'Name'))).toEqual(['default', 'shortlot']);
  });

  it('without app_voicemail, its actions are unknown commands; MailboxCount (manager.c) still answers', async () => {
    pbx = await startDemoPbx({ calls: 0, modules: { voicemail: false } });
    const id = await login(pbx.port, 'admin', '12345');
    const res = (await request(pbx.port, get('rawman?action=VoicemailUsersList', id))).toString('latin1');
    expect(res).toContain('Message: Invalid/unknown command: VoicemailUsersList.');
    const list = (await action(pbx.port, id, 'action=ListCommands'))[0] ?? [];
    expect(field(list, 'VoicemailUsersList')).toBeUndefined();
    expect(field(list, 'MailboxCount')).toBeDefined();
  });

  it('answers the 23j Park (missing AnnounceChannel) with an error instead of dying, and records the hazard', async () => {
    pbx = await startDemoPbx({ calls: 1 });
    const id = await login(pbx.port, 'admin', '12345');
    const channel = pbx.office.channels()[0]?.channel as string;
    const res = (
      await request(
        pbx.port,
        get(
          `rawman?action=Park&Channel=${encodeURIComponent(channel)}&AnnounceChannel=Local/nobody@demo-0000ffff%3B1&ActionID=pc`,
          id,
        ),
      )
    ).toString('latin1');
    expect(res).toContain(
      'Response: Error\r\nActionID: pc\r\nMessage: AnnounceChannel does not exist\r\n\r\n',
    );
    expect(pbx.hazards()).toHaveLength(1);
    // The PBX is still there, and the channel was not parked.
    expect((await request(pbx.port, get('rawman?action=Ping', id))).toString('latin1')).toContain(
      'Ping: Pong',
    );
    expect(named(await action(pbx.port, id, 'action=ParkedCalls'), 'ParkedCall')).toHaveLength(0);
  });

  it('DND from the console: DBPut and the lamp make the office hint Busy; a limited user may set the lamp only', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const admin = await login(pbx.port, 'admin', '12345');
    await request(pbx.port, get('rawman?action=DBPut&Family=DND&Key=104&Val=YES', admin));
    await request(
      pbx.port,
      get('rawman?action=Setvar&Variable=DEVICE_STATE(Custom:DND104)&Value=BUSY', admin),
    );
    const state =
      (await action(pbx.port, admin, 'action=ExtensionState&Exten=104&Context=from-internal'))[0] ?? [];
    expect([field(state, 'Hint'), field(state, 'StatusText')]).toEqual([
      'PJSIP/104&Custom:DND104,CustomPresence:104',
      'Busy',
    ]);
    const limited = await login(pbx.port, 'limited', '54321');
    const denied = (
      await request(pbx.port, get('rawman?action=DBPut&Family=DND&Key=105&Val=YES', limited))
    ).toString('latin1');
    expect(denied).toContain('Message: Permission denied');
  });
});

describe('BlindTransfer (27e) on the office', () => {
  let pbx: DemoPbx | undefined;
  afterEach(async () => {
    await pbx?.close();
    pbx = undefined;
  });

  it("sends the transferer's peer to the extension, which rings; the transferer hangs up; errors as Asterisk", async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const caller = pbx.office.placeCall({ from: '+34911234567', fromName: 'Cliente Madrid', to: '101' });
    pbx.office.step(); // 101 answers
    const desk = pbx.office.channels().find((c) => c.channel.startsWith('PJSIP/101-'))?.channel as string;
    await drainEvents(pbx.port, id);
    const ok = await action(
      pbx.port,
      id,
      `action=BlindTransfer&Channel=${encodeURIComponent(desk)}&Exten=104&Context=from-internal&ActionID=bt`,
    );
    expect(ok[0]).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'bt'],
      ['Message', 'Transfer succeeded'],
    ]);
    const events = await drainEvents(pbx.port, id);
    const names = events.map((m) => field(m, 'Event'));
    expect(names.slice(0, 4)).toEqual(['Unhold', 'VarSet', 'VarSet', 'BridgeLeave']);
    const bt = events.find((m) => field(m, 'Event') === 'BlindTransfer') ?? [];
    expect([field(bt, 'Result'), field(bt, 'TransfererChannel'), field(bt, 'TransfereeChannel')]).toEqual([
      'Success',
      desk,
      caller,
    ]);
    expect([field(bt, 'IsExternal'), field(bt, 'Context'), field(bt, 'Extension')]).toEqual([
      'Yes',
      'from-internal',
      '104',
    ]);
    const channels = pbx.office.channels();
    expect(channels.some((c) => c.channel === desk)).toBe(false);
    expect(channels.find((c) => c.channel.startsWith('PJSIP/104-'))?.state).toBe('Ringing');
    // Outside a bridge: "Transfer invalid" and a BlindTransfer event with Result: Invalid.
    const invalid = await action(
      pbx.port,
      id,
      `action=BlindTransfer&Channel=${encodeURIComponent(caller)}&Exten=105&ActionID=bi`,
    );
    expect(field(invalid[0] ?? [], 'Message')).toBe('Transfer invalid');
    const after = await drainEvents(pbx.port, id);
    expect(after.map((m) => `${field(m, 'Event')} ${field(m, 'Result') ?? ''}`)).toContain(
      'BlindTransfer Invalid',
    );
    const missing = await action(pbx.port, id, 'action=BlindTransfer&Channel=PJSIP/nope-1&Exten=105');
    expect(field(missing[0] ?? [], 'Message')).toBe('Channel specified does not exist');
    const noExten = await action(pbx.port, id, `action=BlindTransfer&Channel=${encodeURIComponent(caller)}`);
    expect(field(noExten[0] ?? [], 'Message')).toBe('No extension specified');
  });
});

describe('clients never send the shape that crashed Asterisk 22.10.1 (23j)', () => {
  // A request key written as a string or a query parameter; comments and refusals may name it.
  const SENDS = /['"`]AnnounceChannel['"`]\s*[,:\]]|AnnounceChannel=/;
  it('no code outside the demo PBX puts an AnnounceChannel into a request', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (path !== join('electron', 'demo')) walk(path);
        } else if (/\.(ts|svelte)$/.test(name) && SENDS.test(readFileSync(path, 'utf8'))) {
          offenders.push(path);
        }
      }
    };
    for (const root of ['electron', 'shared', 'renderer/src']) walk(root);
    expect(offenders).toEqual([]);
  });
});
