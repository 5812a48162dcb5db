/**
 * The `ajam` runner: picks the command, parses its options with node:util parseArgs, prints help,
 * runs it, and turns any failure into one stderr line and an exit code.
 */
import { parseArgs } from 'node:util';
import type { AjamClient } from '../ajam/api';
import { createClient } from '../ajam/client';
import type { CliCommand, CliIo, CommandContext, OptionsConfig } from './command';
import { commands } from './commands';
import { connectionHelp, connectionOptions, profileFrom } from './connection';
import { describeError, ExitCode, exitCodeFor, UsageError, type ExitCodeValue } from './exit';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: ajam [connection options] <command> [options]   (ajam <command> --help for details)

Commands:
${lines.join('\n')}

Exit codes: 0 ok, 1 the PBX answered with an error, 2 usage, 3 authentication failed, 4 cannot connect.
`;
}

function commandHelp(c: CliCommand): string {
  return `${c.usage.trimEnd()}\n${c.connects ? `\n${connectionHelp}\n` : ''}`;
}

/**
 * The command's name and its arguments. Connection options may come before the name too (`ajam
 * --url U ping`): they are moved after it, where the command's own parsing takes them.
 */
export function splitCommand(
  argv: readonly string[],
): { name: string | undefined; rest: string[] } | { error: string } {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h' || !arg.startsWith('-')) break;
    const option = /^--([^=]+)(=.*)?$/.exec(arg);
    const known = option ? Object.hasOwn(connectionOptions, option[1] as string) : false;
    if (!option || !known) {
      return { error: `unknown option "${arg}" before the command (only connection options may go there)` };
    }
    leading.push(arg);
    if (option[2] === undefined) {
      const value = argv[i + 1];
      if (value === undefined) return { error: `${arg} needs a value` };
      leading.push(value);
      i++;
    }
  }
  const name = argv[i];
  return { name, rest: [...leading, ...argv.slice(i + 1)] };
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const split = splitCommand(argv);
  if ('error' in split) {
    io.stderr.write(`ajam: ${split.error}. Usage: ajam [connection options] <command> [options]\n`);
    return ExitCode.usage;
  }
  const { name, rest } = split;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`ajam: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return ExitCode.usage;
  }
  const clients: AjamClient[] = [];
  try {
    const options: OptionsConfig = {
      ...(command.connects ? connectionOptions : {}),
      ...command.options,
      help: { type: 'boolean', short: 'h' },
    };
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError(`${describeError(e)} (see ajam ${command.name} --help)`);
    }
    if (parsed.values['help'] === true) {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    const ctx: CommandContext = {
      values: parsed.values,
      positionals: parsed.positionals,
      io,
      async connect() {
        if (!command.connects) throw new Error(`command ${command.name} does not declare connects: true`);
        const client = createClient(profileFrom(parsed.values, io.env));
        clients.push(client);
        await client.connect();
        return client;
      },
      printJson(value) {
        io.stdout.write(JSON.stringify(value, null, 2) + '\n');
      },
    };
    return await command.run(ctx);
  } catch (e) {
    io.stderr.write(`ajam ${command.name}: ${describeError(e)}\n`);
    return exitCodeFor(e);
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  }
}
