/**
 * Conference rooms for scripts: `ajam conferences` lists the ConfBridge rooms and their
 * participants, `ajam conference ...` mutes, unmutes, kicks, locks and unlocks. Asterisk's
 * refusals come through as they are (`No Conference by that name found.`).
 */
import { kickPlan, lockPlan, mutePlan, type ConferenceStep } from '../features/conferences/actions';
import { ConferenceBoard } from '../features/conferences/reducer';
import { fetchConferences } from '../features/conferences/snapshot';
import { exactPositionals } from './args';
import { defineCommand } from './command';
import { ExitCode, UsageError } from './exit';
import { checkedFields, checkedValue } from './fields';
import { messageJson } from './json';

export const conferences = defineCommand({
  name: 'conferences',
  summary: 'ConfBridge rooms with their participants, as a JSON array',
  usage: `Usage: ajam conferences [connection options]

Prints one object per active room (ConfbridgeListRooms and ConfbridgeList; need write = reporting):
{conference, locked, parties, participants: [{channel, callerIdNum, callerIdName, admin, marked, muted}]}.
No active room prints [].`,
  connects: true,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const client = await ctx.connect();
    const board = new ConferenceBoard();
    const { rooms, lists } = await fetchConferences(client);
    board.load(rooms, lists, Date.now());
    ctx.printJson(
      board.snapshot().rooms.map((r) => ({
        conference: r.conference,
        locked: r.locked,
        parties: r.participants.length,
        participants: r.participants.map((p) => ({
          channel: p.channel,
          callerIdNum: p.callerIdNum,
          callerIdName: p.callerIdName,
          admin: p.admin,
          marked: p.marked,
          muted: p.muted,
        })),
      })),
    );
    return ExitCode.ok;
  },
});

function planOf(positionals: readonly string[]): ConferenceStep {
  const [verb, ...rest] = positionals;
  switch (verb) {
    case 'mute':
    case 'unmute':
    case 'kick': {
      const [conf, target] = exactPositionals(rest, ['CONF', 'CHANNEL|all|participants']);
      return verb === 'kick'
        ? kickPlan(conf as string, target as string)
        : mutePlan(conf as string, target as string, verb === 'mute');
    }
    case 'lock':
    case 'unlock': {
      const [conf] = exactPositionals(rest, ['CONF']);
      return lockPlan(conf as string, verb === 'lock');
    }
    default:
      throw new UsageError(
        `the first argument must be mute, unmute, kick, lock or unlock, not "${verb ?? ''}"`,
      );
  }
}

export const conference = defineCommand({
  name: 'conference',
  summary:
    'a ConfBridge room: ajam conference mute|unmute|kick CONF CHANNEL|all|participants, lock|unlock CONF',
  usage: `Usage: ajam conference mute|unmute|kick CONF CHANNEL|all|participants [connection options]
       ajam conference lock|unlock CONF [connection options]

all is every participant, participants everyone but the admins. Prints Asterisk's response as JSON.
These need a manager user with write = call.`,
  connects: true,
  async run(ctx) {
    // A CR/LF would reach every manager client's events raw: refused as a usage error first.
    for (const value of [...ctx.positionals, ...Object.values(ctx.values)]) {
      if (typeof value === 'string') checkedValue('an argument', value);
    }
    const step = planOf(ctx.positionals);
    checkedFields(step.fields);
    const client = await ctx.connect();
    ctx.printJson({ response: messageJson(await client.send(step.action, step.fields)) });
    return ExitCode.ok;
  },
});
