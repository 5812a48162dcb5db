/** Entry point of `ajam` (bin/ajam.js, `npm run ajam -- <command>`). */
import { runCli } from './run';

const controller = new AbortController();
const stop = () => {
  // A second Ctrl-C forces the exit when a clean stop hangs.
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
process.off('SIGINT', stop);
process.off('SIGTERM', stop);
process.exitCode = code;
