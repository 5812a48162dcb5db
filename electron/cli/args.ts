/** Small checks for option values, each failing with a UsageError that names the option. */
import type { OptionValues } from './command';
import { UsageError } from './exit';

export function optString(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function optInt(values: OptionValues, name: string, min: number, max: number): number | undefined {
  const v = optString(values, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${v}"`);
  }
  return Number(v);
}

export function optNumber(values: OptionValues, name: string, min: number, max: number): number | undefined {
  const v = optString(values, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, not "${v}"`);
  }
  return n;
}

export function requireString(values: OptionValues, name: string, why: string): string {
  const v = optString(values, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required ${why}`);
  return v;
}

export function exactPositionals(positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length !== names.length) {
    const want = names.length === 0 ? 'no arguments' : names.join(' ');
    throw new UsageError(
      `expected ${want}, got ${positionals.length === 0 ? 'nothing' : positionals.join(' ')}`,
    );
  }
  return [...positionals];
}
