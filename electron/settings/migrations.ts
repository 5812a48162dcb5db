/**
 * Settings format versions and the steps between them. Pure: raw JSON in, current shape out, with notes
 * saying what was changed or dropped. The same per-profile steps run on imported profile files, so an
 * export from an older build imports cleanly.
 *
 * The data version is our own integer rather than conf's app-version migrations: the format changes far
 * less often than the app, and an import file carries its data version, never an app version.
 *
 * History:
 *   0  nothing stored yet (first start).
 *   1  development builds: flat profile fields `mapping`, `extension` (the operator's phone, sometimes
 *      without technology: `100`), `watched` (comma-separated text), `fingerprint`/`ca` at the top level,
 *      `language`/`theme` per profile only; top-level `selected` and `closeToTray`; some builds kept
 *      `secret` in plain text.
 *   2  profiles in their own shape, app settings apart.
 *   3  adds the optional softphone section (no conversion: it is optional).
 *   4  adds the optional pipeline section (watched folders, policies). At every version a pipeline
 *      section is completed from the defaults, or dropped with a note when it cannot be read, so the
 *      profile itself survives a bad hand edit.
 *   5  adds the optional room extensions (conference room → extension), a room that does not read
 *      dropped with a note (nothing to convert from 4).
 *   6  adds the optional switchboard layout (the grid's groups and labels, until then in one
 *      window's localStorage: the renderer moves them into the profile on its first load), a group
 *      or label that does not read dropped with a note (nothing to convert from 5).
 *   7  current: see schema.ts; the softphone's TURN credentials leave the file for the encrypted
 *      vault of the SIP password (settings/turn-section.ts takes them out, Settings stores them).
 */
import * as v from 'valibot';
import { repairPipelineSection } from './pipeline-section';
import { repairRoomExtensions } from './rooms-section';
import { repairSwitchboardLayout } from './switchboard-section';
import { takeTurnCredentials, type FoundTurnCredentials } from './turn-section';
import {
  AppSettingsSchema,
  DEFAULT_APP_SETTINGS,
  ProfileSchema,
  SCHEMA_VERSION,
  describeIssues,
  type AppSettings,
  type StoredProfile,
} from './schema';

export interface SettingsData {
  readonly schemaVersion: number;
  readonly profiles: readonly StoredProfile[];
  readonly selectedProfileId: string | null;
  readonly app: AppSettings;
}

export interface MigrationResult {
  readonly data: SettingsData;
  /** What changed, for the log; never contains a secret. */
  readonly notes: readonly string[];
  /** True when the stored data differs from what was read and should be written back. */
  readonly changed: boolean;
  /** TURN credentials taken out of the file, for the encrypted vault (never written back here). */
  readonly turnCredentials: readonly FoundTurnCredentials[];
}

export class SettingsVersionError extends Error {
  constructor(readonly found: number) {
    super(
      `The settings were written by a newer AJAM Console (format ${found}, this one reads up to ${SCHEMA_VERSION}). ` +
        'Update the app; the settings were left untouched.',
    );
    this.name = 'SettingsVersionError';
  }
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** One profile from format 1 to format 2. */
function profileV1toV2(raw: Raw, notes: string[]): Raw {
  const label = text(raw['name'], text(raw['id'], '?'));
  if ('secret' in raw) {
    notes.push(
      `profile "${label}": a secret stored in plain text was removed; it will be asked for at connect`,
    );
  }
  const watched = raw['watched'];
  const watchedExtensions = Array.isArray(watched)
    ? watched
    : text(watched)
        .split(/[\s,;]+/)
        .filter((item) => item !== '');
  const out: Raw = {
    id: raw['id'],
    name: raw['name'],
    url: raw['url'],
    user: raw['user'],
    watchedExtensions,
  };
  const mapping = text(raw['mapping']);
  if (mapping !== '') out['postMapping'] = mapping;
  const extension = text(raw['extension']).trim();
  // Bare numbers were dialled as PJSIP endpoints by those builds, so that is what they meant.
  if (extension !== '') out['operatorEndpoint'] = extension.includes('/') ? extension : `PJSIP/${extension}`;
  // A pinned fingerprint is the more specific trust; a CA is kept only when there is no pin.
  const fingerprint = text(raw['fingerprint']);
  const ca = text(raw['ca']);
  if (fingerprint !== '') out['tls'] = { kind: 'fingerprint', sha256: fingerprint };
  else if (ca !== '') out['tls'] = { kind: 'ca', pem: ca };
  if (fingerprint !== '' && ca !== '')
    notes.push(`profile "${label}": kept the pinned fingerprint, dropped the CA`);
  for (const key of ['language', 'theme'] as const) if (typeof raw[key] === 'string') out[key] = raw[key];
  return out;
}

/**
 * Brings one raw profile from `fromVersion` to the current format (not yet validated). TURN
 * credentials it held go to `turnFound` when given (the settings file), else they are dropped (imports).
 */
export function migrateProfile(
  raw: unknown,
  fromVersion: number,
  notes: string[],
  turnFound?: FoundTurnCredentials[],
): unknown {
  if (!isRecord(raw)) return raw;
  let profile: Raw = raw;
  if (fromVersion < 2) profile = profileV1toV2(profile, notes);
  const label = text(profile['name'], text(profile['id'], '?'));
  profile = repairPipelineSection(profile, label, notes);
  profile = repairRoomExtensions(profile, label, notes);
  profile = repairSwitchboardLayout(profile, label, notes);
  profile = takeTurnCredentials(profile, label, notes, turnFound);
  return profile;
}

/** Validates migrated profiles one by one: a bad one is dropped with a note, the rest survive. */
export function keepValidProfiles(raws: readonly unknown[], notes: string[]): StoredProfile[] {
  const kept: StoredProfile[] = [];
  const seen = new Set<string>();
  raws.forEach((raw, index) => {
    const parsed = v.safeParse(ProfileSchema, raw);
    if (!parsed.success) {
      const label = isRecord(raw) ? text(raw['name'], `#${index + 1}`) : `#${index + 1}`;
      notes.push(`profile "${label}" was dropped: ${describeIssues(parsed.issues)}`);
      return;
    }
    if (seen.has(parsed.output.id)) {
      notes.push(`profile "${parsed.output.name}" was dropped: its id ${parsed.output.id} is used twice`);
      return;
    }
    seen.add(parsed.output.id);
    kept.push(parsed.output);
  });
  return kept;
}

function readVersion(raw: Raw): number {
  const version = raw['schemaVersion'];
  if (version === undefined) return Object.keys(raw).length === 0 ? 0 : 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return 1;
  return version;
}

/** Reads whatever is stored and returns the current format. Throws SettingsVersionError for a newer format. */
export function migrateSettings(stored: Raw): MigrationResult {
  const from = readVersion(stored);
  if (from > SCHEMA_VERSION) throw new SettingsVersionError(from);
  const notes: string[] = [];

  if (from === 0) {
    return {
      data: {
        schemaVersion: SCHEMA_VERSION,
        profiles: [],
        selectedProfileId: null,
        app: { ...DEFAULT_APP_SETTINGS },
      },
      notes,
      changed: true,
      turnCredentials: [],
    };
  }

  const rawProfiles = Array.isArray(stored['profiles']) ? stored['profiles'] : [];
  const found: FoundTurnCredentials[] = [];
  const profiles = keepValidProfiles(
    rawProfiles.map((profile) => migrateProfile(profile, from, notes, found)),
    notes,
  );
  // Only the credentials of profiles that survived: a dropped profile's would have no owner.
  const turnCredentials = found.filter((f) => profiles.some((p) => p.id === f.profileId));

  const rawApp: Raw =
    from < 2
      ? {
          ...DEFAULT_APP_SETTINGS,
          ...(typeof stored['closeToTray'] === 'boolean' ? { closeToTray: stored['closeToTray'] } : {}),
        }
      : isRecord(stored['app'])
        ? { ...DEFAULT_APP_SETTINGS, ...stored['app'] }
        : { ...DEFAULT_APP_SETTINGS };
  const appParsed = v.safeParse(AppSettingsSchema, rawApp);
  if (!appParsed.success) notes.push(`app settings reset to defaults: ${describeIssues(appParsed.issues)}`);
  const app = appParsed.success ? appParsed.output : { ...DEFAULT_APP_SETTINGS };

  const wanted = from < 2 ? stored['selected'] : stored['selectedProfileId'];
  let selectedProfileId: string | null =
    typeof wanted === 'string' && profiles.some((p) => p.id === wanted) ? wanted : null;
  if (selectedProfileId === null && profiles[0]) selectedProfileId = profiles[0].id;
  if (typeof wanted === 'string' && selectedProfileId !== wanted) {
    notes.push('the selected profile no longer exists; selected the first one instead');
  }

  const data: SettingsData = { schemaVersion: SCHEMA_VERSION, profiles, selectedProfileId, app };
  const changed =
    from !== SCHEMA_VERSION ||
    notes.length > 0 ||
    JSON.stringify({
      profiles: stored['profiles'],
      app: stored['app'],
      selectedProfileId: stored['selectedProfileId'],
    }) !== JSON.stringify({ profiles, app, selectedProfileId });
  return { data, notes, changed, turnCredentials };
}
