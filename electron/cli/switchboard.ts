/**
 * The switchboard for scripts: extensions, parked calls, park, DND, call forward, mailbox counts.
 * The same lists, reducer and action plans as the app (electron/features/switchboard), so a
 * script sees what the grid shows, and the same guards (no control characters; never a Park with
 * AnnounceChannel).
 */
import { get } from '../../shared/ami';
import { validateRequest, type RequestChannel } from '../../shared/ipc';
import { secondsLeft } from '../../shared/switchboard';
import type { AjamClient } from '../ajam/api';
import { AjamError } from '../ajam/errors';
import { fetchCapabilities } from '../console/lists';
import {
  assertSafe,
  dndPlan,
  forwardPlan,
  parkPlan,
  type SwitchboardPlan,
} from '../features/switchboard/actions';
import { readParked } from '../features/switchboard/reducer';
import {
  applyEndpointDetails,
  buildSwitchboardState,
  fetchEndpointDetails,
  fetchSwitchboardLists,
} from '../features/switchboard/snapshot';
import { extensionView } from '../features/switchboard/view';
import { exactPositionals, optInt, optString } from './args';
import { defineCommand } from './command';
import { ExitCode, UsageError } from './exit';
import { checkedValue } from './fields';
import { messageJson } from './json';

/** The contract's own check of what the operator typed, worded for the command line. */
function checked<C extends RequestChannel>(channel: C, payload: Record<string, unknown>): void {
  const result = validateRequest(channel, payload);
  if (!result.ok) throw new UsageError(result.error.message);
}

/** Runs a plan's steps in order; a refusal by Asterisk is thrown as the AjamError it is. */
async function runSteps(client: AjamClient, plan: SwitchboardPlan): Promise<void> {
  for (const step of plan.steps) {
    assertSafe(step);
    try {
      await client.send(step.action, step.fields);
    } catch (error) {
      const words = error instanceof AjamError ? (error.pbxMessage ?? '') : '';
      if (step.alreadyDone?.test(words)) continue;
      throw error;
    }
  }
}

/** An AstDB key's value, or null when it is not there (24d: `Database entry not found`). */
async function dbGet(client: AjamClient, family: string, key: string): Promise<string | null> {
  try {
    const { events } = await client.list('DBGet', { Family: family, Key: key });
    const item = events.find((e) => get(e, 'Val') !== undefined);
    return item ? (get(item, 'Val') ?? null) : null;
  } catch (error) {
    if (error instanceof AjamError && /not found/i.test(error.pbxMessage ?? '')) return null;
    throw error;
  }
}

export const extensions = defineCommand({
  name: 'extensions',
  summary: 'the switchboard: every extension with its state, DND, forward, presence, voicemail',
  usage: `Usage: ajam extensions [connection options]

Prints a JSON array, one object per extension (hints, then PJSIP endpoints no hint names):
{exten, context, name, state, statusText, dnd, forward, presence: {state, subtype, message} | null,
voicemail: {new, old} | null}. state is idle, ringing, inuse, busy, onhold, unavailable or dnd.
What the manager user may not read (AstDB needs write = system) is left out: dnd false, forward null.`,
  connects: true,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const client = await ctx.connect();
    const caps = await fetchCapabilities(client);
    const lists = await fetchSwitchboardLists(client, caps);
    const state = buildSwitchboardState(lists, Date.now());
    applyEndpointDetails(state, await fetchEndpointDetails(client, caps, [...state.endpoints.keys()]));
    const out = [];
    for (const id of state.extensionIds()) {
      const ext = extensionView(state, id, []);
      if (!ext) continue;
      out.push({
        exten: ext.exten,
        context: ext.context,
        name: ext.name,
        state: ext.state,
        statusText: ext.statusText,
        dnd: ext.dnd,
        forward: ext.forward,
        presence: ext.presence,
        voicemail: ext.voicemail ? { new: ext.voicemail.new, old: ext.voicemail.old } : null,
      });
    }
    ctx.printJson(out);
    return ExitCode.ok;
  },
});

export const parked = defineCommand({
  name: 'parked',
  summary: 'parked calls as a JSON array',
  usage: `Usage: ajam parked [--lot L] [connection options]

Prints the parked calls (ParkedCalls) as a JSON array of {space, lot, channel, callerIdNum,
callerIdName, parkedBy, secondsLeft}. --lot lists one parking lot only.`,
  options: { lot: { type: 'string' } },
  connects: true,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const lot = optString(ctx.values, 'lot');
    if (lot !== undefined && !/^[A-Za-z0-9_.-]{1,79}$/.test(lot)) {
      throw new UsageError(`--lot must be a parking lot name (letters, digits, "_", "-", "."), not "${lot}"`);
    }
    const client = await ctx.connect();
    const { events } = await client.list('ParkedCalls', lot === undefined ? {} : { ParkingLot: lot });
    const now = Date.now();
    const out = [];
    for (const item of events) {
      const call = readParked(item, now);
      if (!call) continue;
      out.push({
        space: call.space,
        lot: call.lot,
        channel: call.channel,
        callerIdNum: call.callerIdNum,
        callerIdName: call.callerIdName,
        parkedBy: call.parkedBy,
        secondsLeft: secondsLeft(call, now),
      });
    }
    ctx.printJson(out);
    return ExitCode.ok;
  },
});

export const park = defineCommand({
  name: 'park',
  summary: 'park a call: ajam park CHANNEL [--lot L] [--timeout S]',
  usage: `Usage: ajam park CHANNEL [--lot L] [--timeout S] [connection options]

Parks the channel (Park) in lot L (Asterisk's default lot when absent) for S seconds (the lot's
timeout when absent), and prints Asterisk's response. See where it went with ajam parked.`,
  options: { lot: { type: 'string' }, timeout: { type: 'string' } },
  connects: true,
  async run(ctx) {
    const [channel] = exactPositionals(ctx.positionals, ['CHANNEL']);
    const lot = optString(ctx.values, 'lot');
    const timeout = optInt(ctx.values, 'timeout', 1, 3600);
    const request = {
      channel: checkedValue('CHANNEL', channel as string),
      ...(lot === undefined ? {} : { lot }),
      ...(timeout === undefined ? {} : { timeout }),
    };
    checked('switchboard:park', request);
    const [step] = parkPlan(request, {}).steps;
    if (!step) throw new UsageError('nothing to send');
    assertSafe(step);
    const client = await ctx.connect();
    ctx.printJson({ response: messageJson(await client.send(step.action, step.fields)) });
    return ExitCode.ok;
  },
});

export const dnd = defineCommand({
  name: 'dnd',
  summary: 'do not disturb: ajam dnd EXT [on|off]',
  usage: `Usage: ajam dnd EXT [on|off] [connection options]

Without on/off prints {exten, dnd}. on: AstDB DND/EXT = YES and the FreePBX lamp
DEVICE_STATE(Custom:DND<EXT>) = BUSY; off: the key deleted and the lamp NOT_INUSE. Needs a manager
user with write = system (AstDB) and call (the lamp). Prints {exten, dnd} afterwards.`,
  connects: true,
  async run(ctx) {
    if (ctx.positionals.length < 1 || ctx.positionals.length > 2) {
      exactPositionals(ctx.positionals, ['EXT', '[on|off]']);
    }
    const [exten = '', mode] = ctx.positionals;
    if (mode !== undefined && mode !== 'on' && mode !== 'off') {
      throw new UsageError(`the second argument must be on or off, not "${mode}"`);
    }
    checked('switchboard:dnd', { exten, on: mode === 'on' });
    const client = await ctx.connect();
    if (mode !== undefined) await runSteps(client, dndPlan({ exten, on: mode === 'on' }));
    const value = await dbGet(client, 'DND', exten);
    ctx.printJson({ exten, dnd: (value ?? '').toUpperCase() === 'YES' });
    return ExitCode.ok;
  },
});

export const forward = defineCommand({
  name: 'forward',
  summary: 'call forward: ajam forward EXT [NUMBER|off]',
  usage: `Usage: ajam forward EXT [NUMBER|off] [connection options]

Without NUMBER prints {exten, forward} (null when not forwarded). NUMBER sets AstDB CF/EXT (FreePBX's
call forward); off deletes it. Needs write = system. Prints {exten, forward} afterwards.`,
  connects: true,
  async run(ctx) {
    if (ctx.positionals.length < 1 || ctx.positionals.length > 2) {
      exactPositionals(ctx.positionals, ['EXT', '[NUMBER|off]']);
    }
    const [exten = '', target] = ctx.positionals;
    const number = target === undefined || target === 'off' ? null : target;
    checked('switchboard:forward', { exten, number });
    const client = await ctx.connect();
    if (target !== undefined) await runSteps(client, forwardPlan({ exten, number }));
    ctx.printJson({ exten, forward: await dbGet(client, 'CF', exten) });
    return ExitCode.ok;
  },
});

export const mailbox = defineCommand({
  name: 'mailbox',
  summary: 'voicemail counts: ajam mailbox MAILBOX (e.g. 101@default)',
  usage: `Usage: ajam mailbox MAILBOX [connection options]

Prints {mailbox, new, old, urgent} from MailboxCount: the messages in INBOX, Old and Urgent.
An unknown mailbox counts zero (Asterisk answers so).`,
  connects: true,
  async run(ctx) {
    const [box] = exactPositionals(ctx.positionals, ['MAILBOX']);
    const mailboxName = checkedValue('MAILBOX', box as string);
    if (!/^[A-Za-z0-9_.+-]+(?:@[A-Za-z0-9_.-]+)?$/.test(mailboxName)) {
      throw new UsageError(`MAILBOX must look like 101 or 101@default, not "${mailboxName}"`);
    }
    const client = await ctx.connect();
    const reply = await client.send('MailboxCount', { Mailbox: mailboxName });
    const count = (key: string): number => Number.parseInt(get(reply, key) ?? '0', 10) || 0;
    ctx.printJson({
      mailbox: get(reply, 'Mailbox') ?? mailboxName,
      new: count('NewMessages'),
      old: count('OldMessages'),
      urgent: count('UrgMessages'),
    });
    return ExitCode.ok;
  },
});
