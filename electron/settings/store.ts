/**
 * The only thing the settings logic needs from storage (Signal's `Pick<Config, 'get' | 'set'>` idea): a
 * few keys of JSON. In the app it is electron-store; the tests use the same electron-store on a
 * temporary folder.
 */
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import ElectronStore from 'electron-store';

export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Every key at once, for migrations that must see the whole old format. */
  all(): Record<string, unknown>;
}

export interface OpenStoreOptions {
  /** Folder of the file; the app passes app.getPath('userData'). */
  readonly cwd: string;
  /** File name without `.json`. */
  readonly name?: string;
}

export interface OpenedStore {
  readonly store: KeyValueStore;
  /** Set when the file was unreadable JSON: where the broken copy was moved to. */
  readonly quarantined?: string;
}

function wrap(store: ElectronStore<Record<string, unknown>>): KeyValueStore {
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
    all: () => ({ ...store.store }),
  };
}

function create(options: OpenStoreOptions): ElectronStore<Record<string, unknown>> {
  return new ElectronStore<Record<string, unknown>>({
    cwd: options.cwd,
    name: options.name ?? 'settings',
    // Keys are fixed names; dots in them must not turn into nested paths.
    accessPropertiesByDotNotation: false,
    // Only the user's account should read the profiles and the secrets' ciphertext.
    configFileMode: 0o600,
    // No conf `schema`/`migrations`: validation and migrations are ours (schema.ts, migrations.ts), so one
    // bad profile is dropped instead of the whole file, and versions follow the data, not the app.
    clearInvalidConfig: false,
  });
}

/**
 * Opens the settings file. A file that is not JSON (a crash mid-write on an old filesystem, a bad hand
 * edit) is moved aside rather than deleted or left to crash every start.
 */
export function openSettingsStore(options: OpenStoreOptions): OpenedStore {
  try {
    return { store: wrap(create(options)) };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const file = path.join(options.cwd, `${options.name ?? 'settings'}.json`);
    if (!existsSync(file)) throw error;
    const quarantined = `${file}.unreadable-${Date.now()}`;
    renameSync(file, quarantined);
    return { store: wrap(create(options)), quarantined };
  }
}
