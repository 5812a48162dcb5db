/**
 * A room's extension found in the dialplan: the parser and the policy on ShowDialPlan's events
 * (main/pbx.c's ListDialplan), and the demo PBX answering ShowDialPlan over HTTP in Asterisk's format
 * from the dialplan it runs calls by.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import {
  extensionMatches,
  parseDialplan,
  roomExtensionFromDialplan,
  roomExtensionsFromDialplan,
  type Dialplan,
} from '../../electron/features/conferences/dialplan';
import { makeMessage, type AmiMessage } from '../../shared/ami';
import { action, field, keys, named, type Message } from '../demo/messages';
import { login } from '../wire/replay';

const prio = (context: string, exten: string, priority: string, app: string, data = ''): AmiMessage =>
  makeMessage([
    ['Event', 'ListDialplan'],
    ['Context', context],
    ['Extension', exten],
    ['Priority', priority],
    ['Application', app],
    ...(priority === 'hint' ? [] : ([['AppData', data]] as const)),
    ['Registrar', 'pbx_config'],
  ]);
const include = (context: string, included: string): AmiMessage =>
  makeMessage([
    ['Event', 'ListDialplan'],
    ['Context', context],
    ['IncludeContext', included],
    ['Registrar', 'pbx_config'],
  ]);
/** Where each room is entered when dialled from `from-internal` (undefined: no extension runs it). */
const entered = (plan: Dialplan, ...rooms: string[]) =>
  Object.fromEntries(rooms.map((room) => [room, roomExtensionFromDialplan(plan, room, 'from-internal')]));

describe('room extensions from the dialplan (pure)', () => {
  it('reads priorities, hints and includes', () => {
    const plan = parseDialplan([
      prio('from-internal', '101', 'hint', 'PJSIP/101'),
      prio('from-internal', '101', '1', 'Dial', 'PJSIP/101'),
      include('from-internal', 'salas'),
      makeMessage([['Event', 'ShowDialPlanComplete']]),
    ]);
    expect(plan.priorities).toEqual([
      { context: 'from-internal', exten: '101', priority: 'hint', app: 'PJSIP/101', appData: '' },
      { context: 'from-internal', exten: '101', priority: 1, app: 'Dial', appData: 'PJSIP/101' },
    ]);
    expect([...plan.includes]).toEqual([['from-internal', ['salas']]]);
  });

  it('finds the extension that runs ConfBridge(<room>), through the includes of the dial context', () => {
    const plan = parseDialplan([
      include('from-internal', 'salas'),
      prio('salas', '8900', '1', 'Answer'),
      prio('salas', '8900', '2', 'ConfBridge', '900,default_bridge,default_user'),
      prio('aparte', '7901', '1', 'confbridge', '901'),
    ]);
    expect(entered(plan, '900', '901', '902')).toEqual({
      // Reachable from the dial context: dialled there, so the dialplan's own routing applies.
      '900': { exten: '8900', context: 'from-internal' },
      // Only in a context the dial context does not reach: sent into that context.
      '901': { exten: '7901', context: 'aparte' },
      '902': undefined,
    });
    expect(roomExtensionsFromDialplan(plan, 'from-internal')).toEqual({
      '900': { exten: '8900', context: 'from-internal' },
      '901': { exten: '7901', context: 'aparte' },
    });
  });

  it('a pattern with ${EXTEN} enters the room of the dialled name; a literal extension wins over it', () => {
    const plan = parseDialplan([
      prio('from-internal', '_9XX', '1', 'ConfBridge', '${EXTEN}'),
      prio('from-internal', '8905', '1', 'ConfBridge', '905'),
    ]);
    expect(entered(plan, '950', '1000')).toEqual({
      '950': { exten: '950', context: 'from-internal' },
      // 1000 does not match _9XX.
      '1000': undefined,
    });
    expect(roomExtensionFromDialplan(plan, '905', 'from-internal')?.exten).toBe('8905');
  });

  it('a room named by another variable (FreePBX ${MEETME_ROOMNUM}) is not guessed', () => {
    const plan = parseDialplan([prio('ext-meetme', '900', '5', 'ConfBridge', '${MEETME_ROOMNUM},b,u')]);
    expect(roomExtensionFromDialplan(plan, '900', 'from-internal')).toBeUndefined();
    // ${EXTEN} on a literal extension is that extension.
    const own = parseDialplan([prio('from-internal', '900', '2', 'ConfBridge', '${EXTEN}')]);
    expect(roomExtensionFromDialplan(own, '900', 'from-internal')?.exten).toBe('900');
  });

  it('matches patterns as ast_extension_match does for X, Z, N, sets, . and !', () => {
    expect(extensionMatches('_9XX', '901')).toBe(true);
    expect(extensionMatches('_9XX', '9011')).toBe(false);
    expect(extensionMatches('_Z.', '1')).toBe(false);
    expect(extensionMatches('_Z.', '12')).toBe(true);
    expect(extensionMatches('_N!', '2')).toBe(true);
    expect(extensionMatches('_[78]00', '800')).toBe(true);
    expect(extensionMatches('_[78]00', '900')).toBe(false);
    expect(extensionMatches('900', '900')).toBe(true);
  });
});

describe('ShowDialPlan at the demo PBX (main/pbx.c manager_show_dialplan)', () => {
  let pbx: DemoPbx | null = null;
  afterEach(async () => {
    await pbx?.close();
    pbx = null;
  });

  async function start(): Promise<{ port: number; id: string }> {
    pbx = await startDemoPbx({ calls: 0, seed: 5 });
    return { port: pbx.port, id: await login(pbx.port, 'admin', '12345') };
  }

  it('lists every priority and hint of its dialplan, acked on the first item, with the counters', async () => {
    const { port, id } = await start();
    const all = await action(port, id, 'action=ShowDialPlan&ActionID=dp1');
    expect(all[0]).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'dp1'],
      ['EventList', 'start'],
      ['Message', 'DialPlan list will follow'],
    ]);
    const items = named(all, 'ListDialplan');
    const priorityKeys = [
      'Event',
      'ActionID',
      'Context',
      'Extension',
      'Priority',
      'Application',
      'AppData',
      'Registrar',
    ];
    expect(keys(items.find((m) => field(m, 'AppData') !== undefined) as Message)).toEqual(priorityKeys);
    // A hint has no AppData.
    const hint = items.find((m) => field(m, 'Priority') === 'hint') as Message;
    expect(keys(hint)).toEqual(priorityKeys.filter((k) => k !== 'AppData'));
    // The office's meeting room, and the captures' [demo] room 800.
    const rooms = parseDialplan(items.map((m) => makeMessage(m)));
    expect(entered(rooms, '900', '800')).toEqual({
      '900': { exten: '900', context: 'from-internal' },
      '800': { exten: '800', context: 'demo' },
    });
    const complete = all.at(-1) as Message;
    expect(keys(complete)).toEqual([
      'Event',
      'ActionID',
      'EventList',
      'ListItems',
      'ListExtensions',
      'ListPriorities',
      'ListContexts',
    ]);
    expect(field(complete, 'Event')).toBe('ShowDialPlanComplete');
    expect(Number(field(complete, 'ListItems'))).toBe(items.length);
    expect(Number(field(complete, 'ListPriorities'))).toBe(items.length);
    expect(field(complete, 'ListContexts')).toBe('2');
  });

  it('one extension of one context; errors worded as pbx.c words them', async () => {
    const { port, id } = await start();
    const one = await action(port, id, 'action=ShowDialPlan&Context=from-internal&Extension=900');
    expect(named(one, 'ListDialplan').map((m) => [field(m, 'Priority'), field(m, 'Application')])).toEqual([
      ['1', 'Answer'],
      ['2', 'ConfBridge'],
      ['3', 'Hangup'],
    ]);
    const done = one.at(-1) as Message;
    expect([
      field(done, 'ListExtensions'),
      field(done, 'ListPriorities'),
      field(done, 'ListContexts'),
    ]).toEqual(['1', '3', '1']);
    expect(await action(port, id, 'action=ShowDialPlan&Context=nope')).toEqual([
      [
        ['Response', 'Error'],
        ['Message', 'Did not find context nope'],
      ],
    ]);
    expect(await action(port, id, 'action=ShowDialPlan&Extension=4242')).toEqual([
      [
        ['Response', 'Error'],
        ['Message', 'Did not find extension 4242 in any context'],
      ],
    ]);
    expect(await action(port, id, 'action=ShowDialPlan&Context=demo&Extension=4242')).toEqual([
      [
        ['Response', 'Error'],
        ['Message', 'Did not find extension 4242@demo'],
      ],
    ]);
  });

  it('is refused to a user without config or reporting, allowed with reporting', async () => {
    pbx = await startDemoPbx({ calls: 0, seed: 5 });
    const supervisor = await login(pbx.port, 'supervisor', 'supervisor');
    const refused = await action(pbx.port, supervisor, 'action=ShowDialPlan');
    expect(field(refused[0] as Message, 'Response')).toBe('Error');
    expect(field(refused[0] as Message, 'Message')).toBe('Permission denied');
    const viewer = await login(pbx.port, 'viewer', 'viewer');
    const allowed = await action(pbx.port, viewer, 'action=ShowDialPlan&Context=demo');
    expect(field(allowed[0] as Message, 'Response')).toBe('Success');
  });
});
