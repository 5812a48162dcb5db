/**
 * The settings store as a plain JSON file, for hosts without Electron (the browser preview, tools):
 * the same KeyValueStore the app gets from electron-store, with no `electron` import anywhere below it.
 * Writes go to a temporary file that is renamed over the old one, so a crash mid-write leaves the old
 * settings, never half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyValueStore, OpenStoreOptions, OpenedStore } from './store';

function readObject(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SyntaxError(`${file} does not hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function fileStore(file: string, initial: Record<string, unknown>): KeyValueStore {
  // A null-prototype copy: keys read from the file are data, never object machinery.
  const data: Record<string, unknown> = Object.assign(Object.create(null) as object, initial);
  const save = (): void => {
    const temporary = `${file}.${process.pid}.tmp`;
    // Only the user's account should read the profiles (same mode as the app's electron-store file).
    writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  };
  return {
    get: (key) => (Object.hasOwn(data, key) ? structuredClone(data[key]) : undefined),
    set: (key, value) => {
      data[key] = structuredClone(value);
      save();
    },
    delete: (key) => {
      if (!Object.hasOwn(data, key)) return;
      delete data[key];
      save();
    },
    all: () => structuredClone({ ...data }),
  };
}

/**
 * Opens (or starts) `<cwd>/<name>.json`. Like openSettingsStore, a file that is not a JSON object is
 * moved aside rather than deleted or left to fail every start.
 */
export function openJsonFileStore(options: OpenStoreOptions): OpenedStore {
  mkdirSync(options.cwd, { recursive: true, mode: 0o700 });
  const file = path.join(options.cwd, `${options.name ?? 'settings'}.json`);
  try {
    return { store: fileStore(file, readObject(file)) };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const quarantined = `${file}.unreadable-${Date.now()}`;
    renameSync(file, quarantined);
    return { store: fileStore(file, {}), quarantined };
  }
}
