import { optInt, optNumber, exactPositionals } from './args';
import { defineCommand } from './command';
import { ExitCode } from './exit';
import { messageJson } from './json';

export default defineCommand({
  name: 'watch',
  summary: 'events as NDJSON until stopped (--count N, --seconds S)',
  usage: `Usage: ajam watch [--count N] [--seconds S] [connection options]

Prints every event as one JSON object per line until Ctrl-C, N events, or S seconds.
Says on stderr when the connection is lost and when it is back (it reconnects by itself).
  --count N      stop after N events
  --seconds S    stop after S seconds`,
  options: { count: { type: 'string' }, seconds: { type: 'string' } },
  connects: true,
  async run(ctx) {
    exactPositionals(ctx.positionals, []);
    const count = optInt(ctx.values, 'count', 1, Number.MAX_SAFE_INTEGER);
    const seconds = optNumber(ctx.values, 'seconds', 0.001, 365 * 86400);
    const { io } = ctx;
    const client = await ctx.connect();
    let seen = 0;
    let wasLost = false;
    await new Promise<void>((resolve) => {
      const timer = seconds !== undefined ? setTimeout(resolve, seconds * 1000) : undefined;
      const finish = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      if (io.signal.aborted) finish();
      io.signal.addEventListener('abort', finish, { once: true });
      client.onEvent((event) => {
        if (count !== undefined && seen >= count) return;
        seen += 1;
        io.stdout.write(JSON.stringify(messageJson(event)) + '\n');
        if (count !== undefined && seen >= count) finish();
      });
      client.onStatus((status) => {
        if (status.state === 'lost' && !wasLost) {
          wasLost = true;
          io.stderr.write(
            `ajam watch: connection lost: ${status.error?.message ?? 'unknown error'} (retrying)\n`,
          );
        } else if (status.state === 'connected' && wasLost) {
          wasLost = false;
          io.stderr.write(`ajam watch: connection back\n`);
        }
      });
      client.startEvents();
    });
    return ExitCode.ok;
  },
});
