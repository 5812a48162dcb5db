/**
 * What the settings file holds, as runtime schemas. Profile fields are the IPC contract's
 * (shared/ipc.ts ProfileInputSchema), so what the renderer may save and what the file may hold cannot
 * drift apart; this file adds what only storage needs (a required id, defaults) and the rules that
 * protect a file that is shown, logged and exported (no credentials in the URL).
 *
 * Everything read back from disk or imported is checked here before use: a hand-edited or corrupted
 * file must not crash the main process or smuggle a bad URL into a profile.
 */
import * as v from 'valibot';
import {
  IceServerSchema,
  ProfileInputSchema,
  SettingsPatchSchema,
  SoftphoneProfileSchema,
} from '../../shared/ipc';

/**
 * 3 adds the optional `softphone` section (SIP user, WebSocket URL, STUN/TURN). Nothing to convert,
 * but the number moves so that an older build refuses the file (SettingsVersionError) instead of
 * dropping every profile its strict schema no longer reads.
 */
/**
 * 4 adds the optional `pipeline` section (watched folders and their policies); a section that does
 * not read is completed or dropped by settings/pipeline-section.ts, never the whole profile.
 */
/**
 * 5 adds the optional `roomExtensions` map (conference room → the extension that enters it); a room
 * that does not read is dropped by settings/rooms-section.ts, never the whole profile.
 */
/**
 * 6 adds the optional `switchboardLayout` (the grid's groups and extension labels, before kept in
 * the renderer's localStorage per profile); a group or label that does not read is dropped by
 * settings/switchboard-section.ts, never the whole profile.
 */
/**
 * 7 takes the softphone's TURN credentials out of the file: an ICE server keeps its URL and user
 * here, its credential goes to the encrypted vault with the SIP password (settings/turn-section.ts).
 */
export const SCHEMA_VERSION = 7;

export const ProfileIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id'));

function urlHasNoCredentials(text: string): boolean {
  try {
    const url = new URL(text);
    return url.username === '' && url.password === '';
  } catch {
    return true; // the contract's own URL check reports it
  }
}

function urlIsBase(text: string): boolean {
  try {
    const url = new URL(text);
    return url.search === '' && url.hash === '';
  } catch {
    return true;
  }
}

const { id: _optionalId, ...editable } = ProfileInputSchema.entries;

/** An ICE server as the file keeps it: the credential is the vault's (format 7). */
const { credential: _credential, ...storedIceEntries } = IceServerSchema.entries;
const StoredSoftphoneSchema = v.strictObject({
  ...SoftphoneProfileSchema.entries,
  iceServers: v.optional(
    v.pipe(
      v.array(v.strictObject(storedIceEntries), 'must be a list of servers'),
      v.maxLength(8, 'has more than 8 servers'),
    ),
  ),
});

const fieldEntries = {
  ...editable,
  url: v.pipe(
    editable.url,
    v.check(
      urlHasNoCredentials,
      'must not contain a user or password: put them in the profile fields (a URL is shown and logged)',
    ),
    v.check(
      urlIsBase,
      'must not have a ?query or #fragment: it is the base URL including the http.conf prefix',
    ),
  ),
  watchedExtensions: v.optional(editable.watchedExtensions.wrapped, []),
  softphone: v.optional(StoredSoftphoneSchema),
};

/** A profile's fields as the user edits them: no id (assigned on save) and never a secret. */
export const ProfileFieldsSchema = v.strictObject(fieldEntries);

export const ProfileSchema = v.strictObject({ id: ProfileIdSchema, ...fieldEntries });

const { language, theme, closeToTray, startAtLogin, doNotDisturb } = SettingsPatchSchema.entries;

export const AppSettingsSchema = v.strictObject({
  language: language.wrapped,
  theme: theme.wrapped,
  closeToTray: closeToTray.wrapped,
  startAtLogin: startAtLogin.wrapped,
  doNotDisturb: doNotDisturb.wrapped,
});

export type ProfileFields = v.InferOutput<typeof ProfileFieldsSchema>;
export type StoredProfile = v.InferOutput<typeof ProfileSchema>;
export type AppSettings = v.InferOutput<typeof AppSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = Object.freeze({
  language: 'system',
  theme: 'system',
  // An operator keeps the console open all day: closing the window should not drop the PBX session.
  closeToTray: true,
  startAtLogin: false,
  doNotDisturb: false,
});

/** Turns valibot issues into one line naming the field, for the renderer and the logs. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join('.');
      return path
        ? `${path} ${/^(?:is|must|may|has) /.test(issue.message) ? '' : ': '}${issue.message}`.replace(
            ' : ',
            ': ',
          )
        : issue.message;
    })
    .join('; ');
}
