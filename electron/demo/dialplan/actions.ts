/**
 * ShowDialPlan (write class config or reporting) with main/pbx.c's texts: the list is acked on its
 * first item (or at the end when empty), errors name what was not found, and ShowDialPlanComplete
 * carries the counters.
 */
import type { ActionContext } from '../actions';
import { idLine, listComplete, register } from '../actions';
import { rawmanMessage } from '../wire';
import { showDialPlan } from './listing';
import { officeDialplan } from './office-dialplan';

function ack(ctx: ActionContext): void {
  ctx.respond('Success', 'DialPlan list will follow', 'start');
}

register('ShowDialPlan', (ctx) => {
  const context = ctx.get('Context');
  const exten = ctx.get('Extension');
  const listing = showDialPlan(officeDialplan(ctx.env.office.hints), { context, exten });
  // manager_show_dialplan() prints the items as it walks, then decides on the errors.
  listing.items.forEach((lines, i) => {
    if (i === 0) ack(ctx);
    ctx.out.append(rawmanMessage([['Event', 'ListDialplan'], ...idLine(ctx), ...lines]));
  });
  if (context && !listing.contextFound) {
    ctx.error(`Did not find context ${context}`);
    return 0;
  }
  if (exten && !listing.extensionFound) {
    ctx.error(
      context
        ? `Did not find extension ${exten}@${context}`
        : `Did not find extension ${exten} in any context`,
    );
    return 0;
  }
  if (listing.items.length === 0) ack(ctx);
  listComplete(ctx, 'ShowDialPlanComplete', listing.items.length, [
    ['ListExtensions', String(listing.extensions)],
    ['ListPriorities', String(listing.priorities)],
    ['ListContexts', String(listing.contexts)],
  ]);
  return 0;
});
