/**
 * What a CLI command is. A command module default-exports `defineCommand({...})` and is listed in
 * commands.ts with one line; the runner parses its options (plus the connection options when
 * `connects` is true), prints --help, and maps thrown errors to exit codes.
 */
import type { ParseArgsConfig } from 'node:util';
import type { AjamClient } from '../ajam/api';
import type { ExitCodeValue } from './exit';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: long-running commands (watch, demo) stop cleanly. */
  readonly signal: AbortSignal;
}

export interface CommandContext {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  readonly io: CliIo;
  /**
   * A client built from --url/--user/--secret/--ca/--fingerprint or AJAM_* and already logged in.
   * Closed (Logoff) by the runner when the command returns or throws.
   */
  connect(): Promise<AjamClient>;
  /** JSON to stdout, 2-space indented, newline-terminated. */
  printJson(value: unknown): void;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `ajam --help`. */
  readonly summary: string;
  /** Usage and option lines for `ajam NAME --help` (without the connection options). */
  readonly usage: string;
  readonly options?: OptionsConfig;
  /** Adds the connection options and makes ctx.connect() available. */
  readonly connects: boolean;
  /** Returns the exit code (normally ExitCode.ok); throw UsageError / AjamError for failures. */
  run(ctx: CommandContext): Promise<ExitCodeValue>;
}

export function defineCommand(command: CliCommand): CliCommand {
  return command;
}
