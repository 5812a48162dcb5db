/**
 * File ▸ Export/Import profiles: the dialogs and the file, around Settings' export (never a secret) and
 * import (validated and migrated). Dialog and file functions are passed in, so this runs under Node.
 */
import type { Settings } from '../settings/settings';
import type { Strings } from './strings';

export interface ProfileFileDeps {
  readonly settings: Pick<Settings, 'exportProfiles' | 'importProfiles' | 'profiles'>;
  readonly strings: Strings;
  /** Resolves to the chosen path, or undefined when cancelled. */
  readonly chooseSavePath: (defaultName: string, filterName: string) => Promise<string | undefined>;
  readonly chooseOpenPath: (filterName: string) => Promise<string | undefined>;
  readonly writeFile: (file: string, text: string) => Promise<void>;
  readonly readFile: (file: string) => Promise<string>;
  readonly inform: (message: string, detail?: string) => void;
  readonly warn: (message: string, detail: string) => void;
}

/** Largest profile file read: far above any real export, small enough never to load a wrong huge file. */
const MAX_BYTES = 4 * 1024 * 1024;

export async function exportProfilesToFile(deps: ProfileFileDeps): Promise<string | undefined> {
  const file = await deps.chooseSavePath('ajam-console-profiles.json', deps.strings.menu.profileFiles);
  if (!file) return undefined;
  await deps.writeFile(file, deps.settings.exportProfiles());
  deps.inform(deps.strings.menu.exportDone(deps.settings.profiles().length, file));
  return file;
}

export async function importProfilesFromFile(deps: ProfileFileDeps): Promise<number> {
  const file = await deps.chooseOpenPath(deps.strings.menu.profileFiles);
  if (!file) return 0;
  try {
    const text = await deps.readFile(file);
    if (text.length > MAX_BYTES)
      throw new Error(`${file} is larger than ${MAX_BYTES / 1048576} MiB: not a profile file`);
    const { added, notes } = deps.settings.importProfiles(text);
    deps.inform(deps.strings.menu.importDone(added.length), notes.length > 0 ? notes.join('\n') : undefined);
    return added.length;
  } catch (error) {
    deps.warn(deps.strings.menu.importFailed, error instanceof Error ? error.message : String(error));
    return 0;
  }
}
