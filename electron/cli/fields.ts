/**
 * What the CLI sends as AMI header values passes the same check as the IPC schemas: no control
 * characters. Asterisk would copy a CR/LF in a value raw into the events it sends every manager
 * client, where it reads as extra header lines (a fake event).
 */
import { hasControlCharacter } from '../../shared/ipc';
import { UsageError } from './exit';

/** Throws a UsageError naming the first value with a control character; returns `fields` unchanged. */
export function checkedFields<T extends Readonly<Record<string, string>>>(fields: T): T {
  for (const [key, value] of Object.entries(fields)) checkedValue(key, value);
  return fields;
}

export function checkedValue(what: string, value: string): string {
  if (hasControlCharacter(value)) {
    throw new UsageError(
      `${what} may not contain control characters (such as a line break): ${JSON.stringify(value)}`,
    );
  }
  return value;
}
