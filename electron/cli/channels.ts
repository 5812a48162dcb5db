import { coreShowChannels } from '../ajam/actions';
import { exactPositionals } from './args';
import { defineCommand } from './command';
import { ExitCode } from './exit';

export default defineCommand({
  name: 'channels',
  summary: 'live channels as a JSON array',
  usage: `Usage: ajam channels [connection options]

Prints the live channels (CoreShowChannels, or Status for a manager user without write =
system or reporting) as a JSON array of objects with the keys channel, uniqueid, linkedid,
state, callerIdNum, callerIdName, connectedLineNum, connectedLineName, context, exten,
durationSeconds, bridgeId (null when not bridged).`,
  connects: true,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const client = await ctx.connect();
    ctx.printJson(await coreShowChannels(client));
    return ExitCode.ok;
  },
});
