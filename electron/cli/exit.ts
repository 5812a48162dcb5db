/** The `ajam` exit codes (issue 2) and how failures map onto them. */
import { AjamError } from '../ajam/errors';

export const ExitCode = {
  ok: 0,
  /** The PBX answered with an error. */
  pbxError: 1,
  usage: 2,
  authFailed: 3,
  cannotConnect: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Wrong command line: printed as one line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof AjamError) {
    switch (error.code) {
      case 'bad-url':
        return ExitCode.usage;
      case 'auth':
        return ExitCode.authFailed;
      case 'dns':
      case 'refused':
      case 'tls':
      case 'not-found':
      case 'timeout':
      case 'closed':
        return ExitCode.cannotConnect;
      case 'action-failed':
      case 'permission':
      case 'session-expired':
      case 'http':
      case 'parse':
        return ExitCode.pbxError;
    }
  }
  return ExitCode.pbxError;
}

/** One line for stderr, never a stack trace. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}
