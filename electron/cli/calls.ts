/** Call control: hangup, originate, redirect. */
import { optInt, optString, requireString, exactPositionals } from './args';
import { defineCommand } from './command';
import { ExitCode, UsageError } from './exit';
import { checkedFields } from './fields';
import { messageJson } from './json';

export const hangup = defineCommand({
  name: 'hangup',
  summary: 'hang up a channel: ajam hangup CHANNEL',
  usage: `Usage: ajam hangup CHANNEL [connection options]

Example: ajam hangup PJSIP/201-00000001`,
  connects: true,
  async run(ctx) {
    const [channel] = exactPositionals(ctx.positionals, ['CHANNEL']);
    const fields = checkedFields({ Channel: channel! });
    const client = await ctx.connect();
    ctx.printJson({ response: messageJson(await client.send('Hangup', fields)) });
    return ExitCode.ok;
  },
});

export const originate = defineCommand({
  name: 'originate',
  summary: 'start a call: --channel C (--context X --exten E | --application A)',
  usage: `Usage: ajam originate --channel C (--context X --exten E [--priority P] | --application A [--data D])
                      [--callerid "Name <num>"] [connection options]

Queues the call (Originate with Async=true) and prints Asterisk's response; the result arrives
later as an OriginateResponse event (see ajam watch).`,
  options: {
    channel: { type: 'string' },
    context: { type: 'string' },
    exten: { type: 'string' },
    priority: { type: 'string' },
    application: { type: 'string' },
    data: { type: 'string' },
    callerid: { type: 'string' },
  },
  connects: true,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const v = ctx.values;
    const channel = requireString(v, 'channel', '(the channel to call, e.g. PJSIP/201)');
    const application = optString(v, 'application');
    const dialplan = ['context', 'exten', 'priority'].filter((k) => optString(v, k) !== undefined);
    const fields: Record<string, string> = { Channel: channel, Async: 'true' };
    if (application !== undefined) {
      if (dialplan.length > 0)
        throw new UsageError('give either --application or --context/--exten, not both');
      fields['Application'] = application;
      const data = optString(v, 'data');
      if (data !== undefined) fields['Data'] = data;
    } else {
      if (optString(v, 'data') !== undefined) throw new UsageError('--data goes with --application');
      fields['Context'] = requireString(v, 'context', 'with --exten (or give --application)');
      fields['Exten'] = requireString(v, 'exten', 'with --context (or give --application)');
      fields['Priority'] = String(optInt(v, 'priority', 1, 1_000_000) ?? 1);
    }
    const callerId = optString(v, 'callerid');
    if (callerId !== undefined) fields['CallerID'] = callerId;
    checkedFields(fields);
    const client = await ctx.connect();
    ctx.printJson({ response: messageJson(await client.send('Originate', fields)) });
    return ExitCode.ok;
  },
});

export const redirect = defineCommand({
  name: 'redirect',
  summary: 'move a channel: ajam redirect CHANNEL --context X --exten E',
  usage: `Usage: ajam redirect CHANNEL --context X --exten E [--priority P] [connection options]`,
  options: { context: { type: 'string' }, exten: { type: 'string' }, priority: { type: 'string' } },
  connects: true,
  async run(ctx) {
    const [channel] = exactPositionals(ctx.positionals, ['CHANNEL']);
    const fields = checkedFields({
      Channel: channel!,
      Context: requireString(ctx.values, 'context', '(where to send the channel)'),
      Exten: requireString(ctx.values, 'exten', '(where to send the channel)'),
      Priority: String(optInt(ctx.values, 'priority', 1, 1_000_000) ?? 1),
    });
    const client = await ctx.connect();
    ctx.printJson({ response: messageJson(await client.send('Redirect', fields)) });
    return ExitCode.ok;
  },
});
