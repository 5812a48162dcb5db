import { get } from '../../shared/ami';
import { defineCommand } from './command';
import { ExitCode, UsageError } from './exit';
import { checkedFields, checkedValue } from './fields';
import { messageJson } from './json';

export function parseFieldArgs(args: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`"${arg}" is not Key=Value`);
    const key = arg.slice(0, eq);
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(key))
      throw new UsageError(`"${key}" is not a valid AMI header name`);
    fields[key] = arg.slice(eq + 1);
  }
  return checkedFields(fields);
}

export default defineCommand({
  name: 'action',
  summary: 'run any action: ajam action NAME [Key=Value ...]',
  usage: `Usage: ajam action NAME [Key=Value ...] [connection options]

Sends the action and prints {"response": {...}} as JSON; for list actions (EventList: start)
also "events" (the items) and "complete" (the completion event). Repeated keys become arrays.
Example: ajam action Getvar Variable=GLOBALVAR`,
  connects: true,
  async run(ctx) {
    const [name, ...rest] = ctx.positionals;
    if (name === undefined) throw new UsageError('which action? e.g. ajam action CoreStatus');
    checkedValue('the action name', name);
    const fields = parseFieldArgs(rest);
    const client = await ctx.connect();
    const result = await client.list(name, fields);
    const isList = get(result.response, 'EventList')?.toLowerCase() === 'start';
    ctx.printJson(
      isList
        ? {
            response: messageJson(result.response),
            events: result.events.map(messageJson),
            complete: result.complete ? messageJson(result.complete) : null,
          }
        : { response: messageJson(result.response) },
    );
    return ExitCode.ok;
  },
});
