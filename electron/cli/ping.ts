import { get } from '../../shared/ami';
import { exactPositionals } from './args';
import { defineCommand } from './command';
import { ExitCode } from './exit';

export default defineCommand({
  name: 'ping',
  summary: 'log in, Ping, print the round trip',
  usage: `Usage: ajam ping [connection options]

Logs in, sends Ping and prints {"ping","roundTripMs","loginMs","sessionTimeoutSeconds"} as JSON.`,
  connects: true,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const loginStart = performance.now();
    const client = await ctx.connect();
    const loginMs = performance.now() - loginStart;
    const start = performance.now();
    const response = await client.send('Ping');
    const roundTripMs = performance.now() - start;
    ctx.printJson({
      ping: get(response, 'Ping') ?? get(response, 'Response'),
      roundTripMs: Math.round(roundTripMs * 100) / 100,
      loginMs: Math.round(loginMs * 100) / 100,
      sessionTimeoutSeconds: client.status().sessionTimeoutSeconds ?? null,
    });
    return ExitCode.ok;
  },
});
