/**
 * Least privilege: the console works for a manager user with only some classes, and says per
 * feature which class is missing. Pure parts against real Asterisk 22.10.1 captures; the whole
 * service against the demo PBX over HTTP with users of exactly the README's classes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { collectList, coreShowChannels, type ChannelRow } from '../../electron/ajam/actions';
import { createClient } from '../../electron/ajam/client';
import { writeClassesFor } from '../../electron/ajam/errors';
import { parseRawman } from '../../electron/ajam/rawman';
import {
  ACTION_CLASSES,
  featureLimits,
  readCapabilities,
  ReadCheck,
} from '../../electron/console/capabilities';
import { statusAsCoreShowChannel } from '../../electron/console/lists';
import { createConsole } from '../../electron/console/service';
import { COMMANDS } from '../../electron/demo/commands';
import { startDemoPbx } from '../../electron/demo/server';
import { connectInMemory } from '../../electron/ipc/memory';
import { buildBoard } from '../../electron/state/snapshot';
import { makeMessage } from '../../shared/ami';
import { CONSOLE_FEATURES, type ConsoleFeature, type SessionStatus } from '../../shared/ipc';
import { loadCapture } from '../wire/capture';

/** The rawman body of a capture's last response. */
function body(name: string): ReturnType<typeof parseRawman>['messages'] {
  const raw = loadCapture(name).blocks.at(-1)?.bytes.toString('latin1') ?? '';
  return parseRawman(raw.slice(raw.indexOf('\r\n\r\n') + 4)).messages;
}

describe('capabilities from ListCommands (Asterisk 22.10.1 captures)', () => {
  it('admin (write=all) on a PBX without res_pjsip and res_parking: those features are "not loaded", nothing else is limited', () => {
    const [listCommands] = body('04m-rawman-listcommands.http');
    const caps = readCapabilities(listCommands!);
    const limits = featureLimits(caps, true);
    expect(limits).toEqual({
      endpoints: { kind: 'not-loaded', classes: ['system'], actions: ['PJSIPShowEndpoints'] },
      parked: { kind: 'not-loaded', classes: ['call'], actions: ['ParkedCalls'] },
      park: { kind: 'not-loaded', classes: ['call'], actions: ['Park'] },
      // app_queue and app_confbridge are not loaded there either; agent and reporting have no
      // single-class core action, so ListCommands cannot tell those two apart from a missing class.
      'queue-control': { kind: 'write', classes: ['agent'], actions: ['QueuePause'] },
      conferences: { kind: 'write', classes: ['reporting'], actions: ['ConfbridgeListRooms'] },
      'conference-control': { kind: 'not-loaded', classes: ['call'], actions: ['ConfbridgeMute'] },
      'conference-record': { kind: 'not-loaded', classes: ['system'], actions: ['ConfbridgeStartRecord'] },
      // Nor app_voicemail (MailboxCount is the core's).
      voicemail: { kind: 'not-loaded', classes: ['call', 'reporting'], actions: ['VoicemailUsersList'] },
    });
  });

  it("errors' write-class advice agrees with every Priv: that Asterisk's ListCommands printed (04m)", () => {
    const [listCommands] = body('04m-rawman-listcommands.http');
    let compared = 0;
    for (const [action, text] of listCommands!.lines) {
      const known = writeClassesFor(action);
      const priv = /\(Priv: ([^)]*)\)\s*$/.exec(text)?.[1];
      if (!known || priv === undefined) continue;
      expect([...known].sort(), action).toEqual(
        priv
          .split(',')
          .filter((c) => c !== 'all' && c !== '<none>')
          .sort(),
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(25);
  });

  it('the demo registers every feature action with the write classes Asterisk 22 does', () => {
    const demo = new Map(COMMANDS.map(([name, , privs]) => [name, [...privs].sort()]));
    for (const [action, classes] of Object.entries(ACTION_CLASSES)) {
      expect(demo.get(action), action).toEqual([...classes].sort());
    }
  });
});

describe('the README table', () => {
  const ROWS: Readonly<Record<string, readonly ConsoleFeature[]>> = {
    'Live board: list the calls': ['channels'],
    'Live board: follow calls as they happen': ['live'],
    'Extension states (hints)': ['hints'],
    'PJSIP endpoints': ['endpoints'],
    'Parked calls': ['parked'],
    'Hang up': ['hangup'],
    'Transfer, attended transfer, park': ['transfer', 'atxfer', 'park'],
    'Record (start, stop)': ['record'],
    'Listen, whisper, barge': ['spy'],
    'Click-to-dial': ['dial'],
    'Uploads (`[post_mappings]`)': ['uploads'],
    'Queue members: pause, add, remove': ['queue-control'],
    'Conference rooms': ['conferences'],
    'Conference mute, kick, lock': ['conference-control'],
    'Conference recording': ['conference-record'],
    'Room extensions from the dialplan': ['room-dialplan'],
    'Switchboard: presence': ['presence'],
    'Switchboard: voicemail counts': ['voicemail'],
    'Switchboard: show DND and call forward': ['astdb'],
    'Switchboard: set DND and call forward': ['dnd'],
  };

  it('names, for every feature, the classes the console asks for', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('### Least privilege'));
    const table = new Map(
      section
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
        .map((l) => l.split('|').map((c) => c.trim()))
        .map((cells) => [cells[1] as string, cells[3] as string]),
    );
    // A user who holds no class at all: every feature says what it needs.
    const none = featureLimits(readCapabilities(makeMessage([['Response', 'Success']])), false);
    expect(Object.values(ROWS).flat().sort()).toEqual([...CONSOLE_FEATURES].sort());
    for (const [row, features] of Object.entries(ROWS)) {
      const cell = table.get(row);
      expect(cell, row).toBeDefined();
      const kind = cell?.startsWith('read') ? 'read' : 'write';
      const classes = [...(cell ?? '').matchAll(/`([a-z]+)`/g)].map((m) => m[1]).sort();
      for (const feature of features) {
        expect(none[feature]?.kind, `${row} (${feature})`).toBe(kind);
        expect([...(none[feature]?.classes ?? [])].sort(), `${row} (${feature})`).toEqual(classes);
      }
    }
  });
});

describe('the board from Status', () => {
  it('Status items read as the CoreShowChannel items captured at the same moment (04u vs 04t)', () => {
    const csc = collectList(body('04t-rawman-coreshowchannels-with-channels.http'), 'csc-1').events;
    const status = collectList(body('04u-rawman-status-with-channels.http'), 'st-1').events;
    const now = 1_800_000_000_000;
    const fromStatus = buildBoard({ channels: status.map(statusAsCoreShowChannel) }, now);
    const fromCsc = buildBoard({ channels: csc }, now);
    expect(Object.keys(fromCsc.channels)).toHaveLength(4);
    expect(fromStatus.channels).toEqual(fromCsc.channels);
    expect(fromStatus.bridges).toEqual(fromCsc.bridges);
  });
});

describe('ReadCheck: whether the user may read call events', () => {
  const since = 1_000_000;
  it('a call-class event proves it', () => {
    const check = new ReadCheck(since);
    expect(
      check.event(
        makeMessage([
          ['Event', 'FullyBooted'],
          ['Privilege', 'system,all'],
        ]),
      ),
    ).toBe(false);
    expect(check.readCall).toBeUndefined();
    expect(
      check.event(
        makeMessage([
          ['Event', 'Newchannel'],
          ['Privilege', 'call,all'],
        ]),
      ),
    ).toBe(true);
    expect(check.readCall).toBe(true);
  });
  it('a channel born after the session, old enough, with no call event ever: not readable', () => {
    const check = new ReadCheck(since);
    // Older than the session: proves nothing.
    expect(check.listed([100], since + 10_000)).toBe(false);
    // Born after the session but only 2 s old: its Newchannel may still be on its way.
    expect(check.listed([2], since + 10_000)).toBe(false);
    expect(check.readCall).toBeUndefined();
    expect(check.listed([4], since + 10_000)).toBe(true);
    expect(check.readCall).toBe(false);
  });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(readProbeMs = 0) {
  const pbx = await startDemoPbx({ calls: 3, callsPerSecond: 0, failedLoginDelayMs: 20 });
  cleanups.push(() => pbx.close());
  const console_ = createConsole({
    createClient: (profile) =>
      createClient(profile, { minBackoffMs: 100, maxBackoffMs: 300, random: () => 0.5 }),
    patchIntervalMs: 30,
    readProbeMs,
  });
  cleanups.push(() => console_.close());
  const window = connectInMemory(console_.router);
  cleanups.push(async () => window.close());
  const statuses: SessionStatus[] = [];
  window.api.onSessionStatus((status) => statuses.push(status));
  return { pbx, console: console_, window, statuses };
}

function secretOf(pbx: { users: readonly { user: string; secret: string }[] }, user: string): string {
  return pbx.users.find((u) => u.user === user)?.secret ?? '';
}

const uids = (list: Iterable<{ uniqueid: string }>): string[] => [...list].map((c) => c.uniqueid).sort();

describe('ajam channels for a user refused CoreShowChannels (demo PBX over HTTP)', () => {
  it("the README's operator gets the same rows from Status as admin gets from CoreShowChannels", async () => {
    const pbx = await startDemoPbx({ calls: 3, callsPerSecond: 0 });
    cleanups.push(() => pbx.close());
    const as = async (user: string) => {
      const client = createClient({ url: pbx.url, user, secret: secretOf(pbx, user) });
      cleanups.push(() => client.close());
      await client.connect();
      return coreShowChannels(client);
    };
    const byId = (rows: ChannelRow[]) => [...rows].sort((a, b) => a.uniqueid.localeCompare(b.uniqueid));
    const [admin, operator] = await Promise.all([as('admin'), as('operator')]);
    expect(admin.length).toBeGreaterThan(0);
    const noDuration = (rows: ChannelRow[]) => byId(rows).map(({ durationSeconds: _, ...rest }) => rest);
    expect(noDuration(operator)).toEqual(noDuration(admin));
    for (const [i, row] of byId(operator).entries()) {
      expect(Math.abs(row.durationSeconds - (byId(admin)[i]?.durationSeconds ?? -9))).toBeLessThanOrEqual(1);
    }
  });
});

describe('the console for users of exactly the README classes (demo PBX over HTTP)', () => {
  it("the README's operator (read=all, write=call,originate,config) connects; the board comes from Status; endpoints and recording say they need system", async () => {
    const { pbx, console: c, window } = await setup();
    const result = await window.api.connect({
      url: pbx.url,
      user: 'operator',
      secret: secretOf(pbx, 'operator'),
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.value.state).toBe('connected');
    expect(uids(Object.values(c.board().channels))).toEqual(uids(pbx.office.channels()));
    expect(pbx.office.channels().length).toBeGreaterThan(0);
    expect(result.value.limits).toEqual({
      endpoints: { kind: 'write', classes: ['system'], actions: ['PJSIPShowEndpoints'] },
      record: { kind: 'write', classes: ['system'], actions: ['MixMonitor'] },
      'queue-control': { kind: 'write', classes: ['agent'], actions: ['QueuePause'] },
      conferences: { kind: 'write', classes: ['reporting'], actions: ['ConfbridgeListRooms'] },
      'conference-record': { kind: 'write', classes: ['system'], actions: ['ConfbridgeStartRecord'] },
      astdb: { kind: 'write', classes: ['system', 'reporting'], actions: ['DBGetTree'] },
      dnd: { kind: 'write', classes: ['system'], actions: ['DBPut'] },
    });
    // CoreSettings needs system or reporting: no server name, and no failure either.
    expect(result.value.server).toBeUndefined();
  });

  it('a viewer (write=reporting) gets the board from CoreShowChannels and every control says what it needs', async () => {
    const { pbx, console: c, window } = await setup();
    const result = await window.api.connect({
      url: pbx.url,
      user: 'viewer',
      secret: secretOf(pbx, 'viewer'),
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(uids(Object.values(c.board().channels))).toEqual(uids(pbx.office.channels()));
    const limits = result.value.limits ?? {};
    expect(Object.keys(limits).sort()).toEqual(
      [
        'atxfer',
        'dial',
        'endpoints',
        'hangup',
        'park',
        'parked',
        'record',
        'spy',
        'transfer',
        'uploads',
        'queue-control',
        'conference-control',
        'conference-record',
        'dnd',
      ].sort(),
    );
    expect(limits.hangup).toEqual({ kind: 'write', classes: ['system', 'call'], actions: ['Hangup'] });
    expect(limits.dial).toEqual({ kind: 'write', classes: ['originate'], actions: ['Originate'] });
    expect(limits.uploads).toEqual({ kind: 'write', classes: ['config'], actions: [] });
    expect(result.value.server).toMatch(/^Asterisk /);
  });

  it('a supervisor (write=system): hang-up, recording and endpoints work; what needs call, originate or config says so', async () => {
    const { pbx, console: c, window } = await setup();
    const result = await window.api.connect({
      url: pbx.url,
      user: 'supervisor',
      secret: secretOf(pbx, 'supervisor'),
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(uids(Object.values(c.board().channels))).toEqual(uids(pbx.office.channels()));
    expect(Object.keys(c.board().endpoints).length).toBeGreaterThan(0);
    const limits = result.value.limits ?? {};
    expect(Object.keys(limits).sort()).toEqual(
      [
        'atxfer',
        'dial',
        'hints',
        'park',
        'parked',
        'spy',
        'transfer',
        'uploads',
        'queue-control',
        'conferences',
        'conference-control',
        // ShowDialPlan needs config or reporting: rooms are dialled by their profile extension or name.
        'room-dialplan',
        'presence',
        'voicemail',
      ].sort(),
    );
    expect(limits.hints).toEqual({
      kind: 'write',
      classes: ['call', 'reporting'],
      actions: ['ExtensionStateList'],
    });
  });

  it('admin (write=all) has no limits', async () => {
    const { pbx, window } = await setup();
    const result = await window.api.connect({ url: pbx.url, user: 'admin', secret: secretOf(pbx, 'admin') });
    expect(result.ok && result.value.limits).toBeUndefined();
  });

  it('a user whose read lacks call (read=system) is told live updates need read=call once a new call proves it', async () => {
    const { pbx, window, statuses } = await setup(250);
    const result = await window.api.connect({ url: pbx.url, user: 'blind', secret: secretOf(pbx, 'blind') });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.value.limits?.live).toBeUndefined();
    // A call that starts well after the session began, and lives long enough to have been announced.
    await new Promise((r) => setTimeout(r, 3500));
    pbx.office.placeCall();
    const deadline = Date.now() + 8000;
    while (!statuses.at(-1)?.limits?.live && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(statuses.at(-1)?.limits?.live).toEqual({ kind: 'read', classes: ['call'], actions: [] });
    expect(statuses.at(-1)?.state).toBe('connected');
  }, 20_000);

  it('with read=call the same probe settles the other way: no live limit', async () => {
    const { pbx, window, statuses } = await setup(250);
    const result = await window.api.connect({
      url: pbx.url,
      user: 'operator',
      secret: secretOf(pbx, 'operator'),
    });
    expect(result.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 3500));
    pbx.office.placeCall();
    await new Promise((r) => setTimeout(r, 4500));
    expect(statuses.some((s) => s.limits?.live !== undefined)).toBe(false);
  }, 20_000);
});
