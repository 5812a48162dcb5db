/**
 * Call queues for scripts: `ajam queues` prints every queue as the console's panel sees it (the
 * same QueueStatus reducer), `ajam queue ...` pauses, unpauses, adds and removes members. Asterisk's
 * refusals come through as they are (`Interface not found`, `Unable to add interface: Already there`).
 */
import { waitSeconds } from '../../shared/queues';
import { addMemberPlan, pausePlan, removeMemberPlan, type QueueStep } from '../features/queues/actions';
import { QueueBoard } from '../features/queues/reducer';
import { fetchQueueStatus } from '../features/queues/snapshot';
import { exactPositionals, optInt, optString } from './args';
import { defineCommand } from './command';
import { ExitCode, UsageError } from './exit';
import { checkedFields, checkedValue } from './fields';
import { messageJson } from './json';

export const queues = defineCommand({
  name: 'queues',
  summary: 'call queues with their members and waiting callers, as a JSON array',
  usage: `Usage: ajam queues [connection options]

Prints one object per queue (QueueStatus; needs no manager class):
{queue, strategy, serviceLevelSeconds, serviceLevelPerf, completed, abandoned, holdTime, talkTime,
 members: [{interface, name, stateInterface, status, paused, pausedReason, callsTaken, lastCall, inCall}],
 callers: [{position, channel, uniqueid, callerIdNum, callerIdName, waitSeconds}]}.
status is the state interface's device state (NOT_INUSE, INUSE, RINGING, UNAVAILABLE, ...);
lastCall is epoch seconds (0: none); holdTime and talkTime are average seconds.`,
  connects: true,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const client = await ctx.connect();
    const now = Date.now();
    const board = new QueueBoard();
    board.load(await fetchQueueStatus(client), now);
    ctx.printJson(
      board.snapshot().queues.map((q) => ({
        queue: q.queue,
        strategy: q.strategy,
        serviceLevelSeconds: q.serviceLevelSeconds,
        serviceLevelPerf: q.serviceLevelPerf,
        completed: q.completed,
        abandoned: q.abandoned,
        holdTime: q.holdTime,
        talkTime: q.talkTime,
        members: q.members.map((m) => ({
          interface: m.interface,
          name: m.name,
          stateInterface: m.stateInterface,
          status: m.status,
          paused: m.paused,
          pausedReason: m.pausedReason,
          callsTaken: m.callsTaken,
          lastCall: m.lastCall,
          inCall: m.inCall,
        })),
        callers: q.callers.map((c) => ({
          position: c.position,
          channel: c.channel,
          uniqueid: c.uniqueid,
          callerIdNum: c.callerIdNum,
          callerIdName: c.callerIdName,
          waitSeconds: waitSeconds(c, now),
        })),
      })),
    );
    return ExitCode.ok;
  },
});

const USAGE = `Usage: ajam queue pause INTERFACE [--queue Q] [--reason R] [connection options]
       ajam queue unpause INTERFACE [--queue Q] [connection options]
       ajam queue add QUEUE INTERFACE [--name N] [--state-interface S] [--penalty P] [--paused] [--reason R]
       ajam queue remove QUEUE INTERFACE

pause/unpause act on one queue, or without --queue on every queue the interface is a member of.
add puts a dynamic member in QUEUE; --state-interface names the device whose state it shows
(FreePBX: Local/101@from-queue/n with hint:101@ext-local). Prints Asterisk's response as JSON.
These need a manager user with write = agent.`;

function planOf(positionals: readonly string[], values: Parameters<typeof optString>[0]): QueueStep {
  const [verb, ...rest] = positionals;
  const queue = optString(values, 'queue');
  const reason = optString(values, 'reason');
  switch (verb) {
    case 'pause':
    case 'unpause': {
      const [iface] = exactPositionals(rest, ['INTERFACE']);
      return pausePlan({
        interface: iface as string,
        paused: verb === 'pause',
        ...(queue ? { queue } : {}),
        ...(reason ? { reason } : {}),
      });
    }
    case 'add': {
      const [q, iface] = exactPositionals(rest, ['QUEUE', 'INTERFACE']);
      const name = optString(values, 'name');
      const stateInterface = optString(values, 'state-interface');
      const penalty = optInt(values, 'penalty', 0, 1_000_000);
      return addMemberPlan({
        queue: q as string,
        interface: iface as string,
        ...(name ? { name } : {}),
        ...(stateInterface ? { stateInterface } : {}),
        ...(penalty === undefined ? {} : { penalty }),
        ...(values['paused'] === true ? { paused: true } : {}),
        ...(reason ? { reason } : {}),
      });
    }
    case 'remove': {
      const [q, iface] = exactPositionals(rest, ['QUEUE', 'INTERFACE']);
      return removeMemberPlan({ queue: q as string, interface: iface as string });
    }
    default:
      throw new UsageError(`the first argument must be pause, unpause, add or remove, not "${verb ?? ''}"`);
  }
}

export const queue = defineCommand({
  name: 'queue',
  summary: 'queue members: ajam queue pause|unpause|add|remove ...',
  usage: USAGE,
  options: {
    queue: { type: 'string' },
    reason: { type: 'string' },
    name: { type: 'string' },
    'state-interface': { type: 'string' },
    penalty: { type: 'string' },
    paused: { type: 'boolean' },
  },
  connects: true,
  async run(ctx) {
    // A CR/LF would reach every manager client's events raw: refused as a usage error first.
    for (const value of [...ctx.positionals, ...Object.values(ctx.values)]) {
      if (typeof value === 'string') checkedValue('an argument', value);
    }
    const step = planOf(ctx.positionals, ctx.values);
    checkedFields(step.fields);
    const client = await ctx.connect();
    ctx.printJson({ response: messageJson(await client.send(step.action, step.fields)) });
    return ExitCode.ok;
  },
});
