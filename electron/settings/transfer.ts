/**
 * Profile export and import. An export carries the fields a colleague needs to reach the same PBX and
 * never a secret (not even ciphertext, which only this machine's OS account can open anyway). Imports
 * run through the same migrations and schema as the settings file.
 */
import * as v from 'valibot';
import { keepValidProfiles, migrateProfile } from './migrations';
import { ProfileFieldsSchema, SCHEMA_VERSION, type ProfileFields, type StoredProfile } from './schema';

export const EXPORT_FORMAT = 'ajam-console-profiles';

export interface ProfileExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly schemaVersion: number;
  readonly profiles: readonly ProfileFields[];
}

export class ProfileImportError extends Error {
  override name = 'ProfileImportError';
}

/** Field names that must never appear in an export or be accepted from an import. */
const SECRET_FIELDS = ['secret', 'password', 'secretCiphertext', 'secrets'];

export function exportProfiles(profiles: readonly StoredProfile[]): string {
  const body: ProfileExport = {
    format: EXPORT_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    // Whitelisting through the schema's keys, not deleting known secret keys, so a field added later is
    // exported only when someone adds it to ProfileFieldsSchema on purpose.
    profiles: profiles.map((profile) => {
      const fields = Object.fromEntries(
        Object.keys(ProfileFieldsSchema.entries).map((key) => [key, profile[key as keyof ProfileFields]]),
      );
      return v.parse(ProfileFieldsSchema, fields);
    }),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export interface ImportResult {
  /** Profiles ready to add (without ids: the store assigns new ones). */
  readonly profiles: readonly ProfileFields[];
  /** Why some entries were skipped or changed. */
  readonly notes: readonly string[];
}

export function parseProfileExport(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProfileImportError(`not a profile file: invalid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProfileImportError('not a profile file: expected a JSON object');
  }
  const file = raw as Record<string, unknown>;
  if (file['format'] !== EXPORT_FORMAT) {
    throw new ProfileImportError(`not a profile file: "format" must be "${EXPORT_FORMAT}"`);
  }
  const version = file['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ProfileImportError('not a profile file: "schemaVersion" must be a positive integer');
  }
  if (version > SCHEMA_VERSION) {
    throw new ProfileImportError(
      `exported by a newer AJAM Console (format ${version}; this one reads up to ${SCHEMA_VERSION}): update the app first`,
    );
  }
  if (!Array.isArray(file['profiles']))
    throw new ProfileImportError('not a profile file: "profiles" must be a list');

  const notes: string[] = [];
  const migrated = file['profiles'].map((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
    const copy: Record<string, unknown> = { ...(entry as Record<string, unknown>) };
    for (const key of SECRET_FIELDS) {
      if (key in copy) {
        notes.push(`entry ${index + 1}: its "${key}" field was ignored; secrets are never imported`);
        delete copy[key];
      }
    }
    // A placeholder id lets the shared validator run; the store gives each import a fresh id.
    return { ...(migrateProfile(copy, version, notes) as Record<string, unknown>), id: `import-${index}` };
  });
  const valid = keepValidProfiles(migrated, notes);
  const profiles = valid.map(({ id: _id, ...fields }) => fields);
  if (profiles.length === 0)
    throw new ProfileImportError(`no usable profile in the file: ${notes.join('; ') || 'the list is empty'}`);
  return { profiles, notes };
}
