/**
 * app_queue's manager actions with the texts Asterisk 22.10.1 answers (captures 20a–20m): the list
 * items carry their ActionID last and no Privilege; a missing queue in QueueStatus is an empty list.
 */
import type { ActionContext } from '../actions';
import { idLine, listComplete, register } from '../actions';
import { rawmanMessage } from '../wire';
import type { QueueResult } from './book';
import { queueBookOf } from './attach';

/** ast_true(): what app_queue accepts as "yes". */
function isTrue(text: string): boolean {
  return /^(yes|true|y|t|1|on)$/i.test(text.trim());
}

function item(ctx: ActionContext, event: string, lines: ReadonlyArray<readonly [string, string]>): void {
  ctx.out.append(rawmanMessage([['Event', event], ...lines, ...idLine(ctx)]));
}

register('QueueStatus', (ctx) => {
  const book = queueBookOf(ctx.env.office);
  const queue = ctx.get('Queue');
  const member = ctx.get('Member');
  ctx.respond('Success', 'Queue status will follow', 'start');
  let count = 0;
  for (const q of book.queues) {
    if (queue && q.config.name.toLowerCase() !== queue.toLowerCase()) continue;
    item(ctx, 'QueueParams', book.paramsLines(q));
    count++;
    for (const m of q.members) {
      if (member && m.iface.toLowerCase() !== member.toLowerCase() && m.name !== member) continue;
      item(ctx, 'QueueMember', book.memberListLines(q, m));
      count++;
    }
    q.callers.forEach((c, i) => {
      item(ctx, 'QueueEntry', book.entryLines(q, c, i + 1));
      count++;
    });
  }
  listComplete(ctx, 'QueueStatusComplete', count);
  return 0;
});

register('QueueSummary', (ctx) => {
  const book = queueBookOf(ctx.env.office);
  const queue = ctx.get('Queue');
  ctx.respond('Success', 'Queue summary will follow', 'start');
  let count = 0;
  for (const q of book.queues) {
    if (queue && q.config.name.toLowerCase() !== queue.toLowerCase()) continue;
    item(ctx, 'QueueSummary', book.summaryLines(q));
    count++;
  }
  listComplete(ctx, 'QueueSummaryComplete', count);
  return 0;
});

const ADD_TEXT: Partial<Record<QueueResult, string>> = {
  exists: 'Unable to add interface: Already there',
  'no-queue': 'Unable to add interface to queue: No such queue',
};

register('QueueAdd', (ctx) => {
  const queue = ctx.get('Queue');
  const iface = ctx.get('Interface');
  if (!queue) {
    ctx.error("'Queue' not specified.");
    return 0;
  }
  if (!iface) {
    ctx.error("'Interface' not specified.");
    return 0;
  }
  const penaltyText = ctx.get('Penalty');
  const penalty = penaltyText ? Number.parseInt(penaltyText, 10) : 0;
  const result = queueBookOf(ctx.env.office).add(
    queue,
    iface,
    ctx.get('MemberName'),
    ctx.get('StateInterface'),
    Number.isNaN(penalty) || penalty < 0 ? 0 : penalty,
    isTrue(ctx.get('Paused')),
    ctx.get('Reason'),
  );
  if (result === 'ok') ctx.ack('Added interface to queue');
  else ctx.error(ADD_TEXT[result] ?? 'Out of memory');
  return 0;
});

const REMOVE_TEXT: Partial<Record<QueueResult, string>> = {
  'not-there': 'Unable to remove interface: Not there',
  'no-queue': 'Unable to remove interface from queue: No such queue',
  'not-dynamic': 'Member not dynamic',
};

register('QueueRemove', (ctx) => {
  const queue = ctx.get('Queue');
  const iface = ctx.get('Interface');
  if (!queue || !iface) {
    ctx.error("Need 'Queue' and 'Interface' parameters.");
    return 0;
  }
  const result = queueBookOf(ctx.env.office).remove(queue, iface);
  if (result === 'ok') ctx.ack('Removed interface from queue');
  else ctx.error(REMOVE_TEXT[result] ?? 'Out of memory');
  return 0;
});

register('QueuePause', (ctx) => {
  const iface = ctx.get('Interface');
  const pausedText = ctx.get('Paused');
  if (!iface || !pausedText) {
    ctx.error("Need 'Interface' and 'Paused' parameters.");
    return 0;
  }
  const paused = isTrue(pausedText);
  const result = queueBookOf(ctx.env.office).pause(ctx.get('Queue'), iface, paused, ctx.get('Reason'));
  if (result !== 'ok') ctx.error('Interface not found');
  else ctx.ack(paused ? 'Interface paused successfully' : 'Interface unpaused successfully');
  return 0;
});

register('QueuePenalty', (ctx) => {
  const iface = ctx.get('Interface');
  const penaltyText = ctx.get('Penalty');
  if (!iface || !penaltyText) {
    ctx.error("Need 'Interface' and 'Penalty' parameters.");
    return 0;
  }
  const penalty = /^\s*-?\d+/.test(penaltyText) ? Number.parseInt(penaltyText, 10) : Number.NaN;
  if (Number.isNaN(penalty) || penalty < 0) {
    ctx.error(`Invalid penalty (${penaltyText})`);
    return 0;
  }
  const result = queueBookOf(ctx.env.office).penalty(ctx.get('Queue'), iface, penalty);
  if (result !== 'ok') ctx.error('Invalid interface, queuename or penalty');
  else ctx.ack('Interface penalty set successfully');
  return 0;
});
