/**
 * Chromium switches that open the app to a debugger from outside. `--remote-debugging-port` serves the
 * DevTools protocol on a local TCP port (any local user or web page that finds it can drive the window:
 * read the board, place calls, read the session cookie); `--remote-debugging-pipe` does the same over
 * inherited file descriptors. Electron has no fuse for either, so a packaged build refuses to start
 * with them; a development run (`npm start`) keeps them, for debugging.
 */

export const DEBUGGING_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe'] as const;
export type DebuggingSwitch = (typeof DEBUGGING_SWITCHES)[number];

/**
 * The debugging switches in a command line, read as Chromium's base::CommandLine reads it: a switch
 * starts with `--` or `-` (also `/` on Windows), may carry `=value`, and its name is case-insensitive
 * on Windows only; a bare `--` ends the switches. `hasSwitch` (Electron's app.commandLine.hasSwitch)
 * adds what Chromium itself parsed, in case it reads a form this function does not.
 */
export function debuggingSwitches(
  argv: readonly string[],
  platform: NodeJS.Platform,
  hasSwitch: (name: string) => boolean = () => false,
): DebuggingSwitch[] {
  const windows = platform === 'win32';
  const prefix = windows ? /^(?:--|-|\/)/ : /^--?/;
  const found = new Set<DebuggingSwitch>();
  // argv[0] is the executable.
  for (const arg of argv.slice(1)) {
    if (arg === '--') break;
    const match = prefix.exec(arg);
    if (!match) continue;
    let name = arg.slice(match[0].length).split('=', 1)[0] ?? '';
    if (windows) name = name.toLowerCase();
    for (const known of DEBUGGING_SWITCHES) if (name === known) found.add(known);
  }
  for (const known of DEBUGGING_SWITCHES) if (hasSwitch(known)) found.add(known);
  return DEBUGGING_SWITCHES.filter((name) => found.has(name));
}
