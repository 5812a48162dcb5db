/**
 * The `profiles:*`, `settings:*` and `session:connect-profile` side of the IPC contract, over Settings:
 * turns stored profiles into the contract's summaries (no secret, no CA text) and a profile plus its
 * secret into the connect request the console service runs. Errors are IpcResult values worded for
 * the operator, like every other channel.
 */
import {
  fail,
  ok,
  type ConnectRequest,
  type IpcResult,
  type ProfileList,
  type ProfileSummary,
  type RequestPayload,
  type Settings as SettingsView,
} from '../../shared/ipc';
import { notice, type Notice } from '../../shared/notices';
import { AjamError } from '../ajam/errors';
import { parseBaseUrl } from '../ajam/url';
import { sameServer, secretStaysWith } from '../../shared/secret-scope';
import { stringsFor, type Language } from '../desktop/strings';
import { profileSoftphoneAccount, sipPasswordStaysWith } from '../features/softphone/account';
import {
  keptCredentials,
  splitCredentials,
  storedCredentialRefs,
  type TurnCredentials,
} from '../features/softphone/turn-credentials';
import type { SoftphoneAccount } from '../../shared/softphone';
import type { StoredProfile } from './schema';
import { SettingsInputError, type Settings } from './settings';

export interface ProfilesServiceDeps {
  readonly settings: Settings;
  /** Language for the "why no secret is stored" note (resolved from settings and the OS). */
  readonly language: () => Language;
}

function summary(
  profile: StoredProfile,
  hasSecret: boolean,
  hasSipPassword = false,
  turn: TurnCredentials = {},
): ProfileSummary {
  const { tls, ...rest } = profile;
  const storedTurn = storedCredentialRefs(profile.softphone?.iceServers ?? [], turn);
  return {
    ...rest,
    ...(profile.softphone ? { hasSipPassword } : {}),
    ...(storedTurn.length > 0 ? { storedTurnCredentials: storedTurn } : {}),
    ...(tls
      ? { tls: tls.kind === 'fingerprint' ? { kind: 'fingerprint', sha256: tls.sha256 } : { kind: 'ca' } }
      : {}),
    hasSecret,
  };
}

/** `scheme://host:port` for a message; the text itself when it does not parse. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function badUrlNotice(url: string): Notice | undefined {
  try {
    parseBaseUrl(url);
    return undefined;
  } catch (error) {
    if (error instanceof AjamError) return error.notice;
    throw error;
  }
}

function caught<T>(run: () => T): IpcResult<T> {
  try {
    return ok(run());
  } catch (error) {
    if (error instanceof SettingsInputError) {
      const unknown = /^no profile with id (.*)$/.exec(error.message);
      if (unknown) return fail('unknown-profile', notice('profile.unknown', { id: unknown[1] ?? '' }));
      // The store's own reason (which field, for whoever reads logs) is the detail.
      return fail('invalid-request', notice('profile.invalid', {}, error.message));
    }
    throw error;
  }
}

/** The profile's stored TURN credentials; none when the vault cannot be read. */
function turnOf(settings: Settings, id: string): TurnCredentials {
  const lookup = settings.readTurnCredentials(id);
  return lookup.kind === 'stored' ? lookup.credentials : {};
}

export class ProfilesService {
  constructor(private readonly deps: ProfilesServiceDeps) {}

  private secretNote(): string | undefined {
    const protection = this.deps.settings.secretProtection();
    if (protection.available) return undefined;
    const words = stringsFor(this.deps.language()).secrets;
    return protection.reason === 'basic_text' ? words.basicText : words.unavailable;
  }

  list(): ProfileList {
    const { settings } = this.deps;
    const note = this.secretNote();
    const selectedId = settings.selectedProfileId();
    return {
      profiles: settings
        .profiles()
        .map((p) =>
          summary(p, settings.hasSecret(p.id), settings.hasSipSecret(p.id), turnOf(settings, p.id)),
        ),
      ...(selectedId !== null ? { selectedId } : {}),
      secretStorageAvailable: note === undefined,
      ...(note !== undefined ? { secretStorageNote: note } : {}),
    };
  }

  save(payload: RequestPayload<'profiles:save'>): IpcResult<ProfileSummary> {
    // The address is checked as a connect checks it, so its refusal reads the same, in the
    // operator's language (a user:secret@ or a ?query in it).
    const badUrl = badUrlNotice(payload.profile.url);
    if (badUrl) return fail('invalid-request', badUrl);
    return caught(() => {
      const { settings } = this.deps;
      const { id, softphone: typedPhone, ...rest } = payload.profile;
      // TURN credentials never reach the file: they are split off here for the vault.
      const split = splitCredentials(typedPhone?.iceServers ?? []);
      const fields = typedPhone
        ? {
            ...rest,
            softphone: { ...typedPhone, ...(typedPhone.iceServers ? { iceServers: split.servers } : {}) },
          }
        : rest;
      if (payload.secret !== undefined && payload.forgetSecret) {
        throw new SettingsInputError('give a new secret or forget the stored one, not both');
      }
      // The renderer never sees a stored CA's PEM (summaries only say one is there), so an edit that
      // sends no trust at all keeps it; a new PEM or a pinned fingerprint replaces it.
      const before = id === undefined ? undefined : settings.profile(id);
      const keepCa = fields.tls === undefined && before?.tls?.kind === 'ca' ? { tls: before.tls } : {};
      // The profile editor does not carry the room extensions (the rooms panel edits them): an edit
      // without them keeps the stored ones; an empty map clears them.
      const keepRooms =
        fields.roomExtensions === undefined && before?.roomExtensions
          ? { roomExtensions: before.roomExtensions }
          : {};
      // Nor the switchboard's groups and labels (the grid edits them): the same rule.
      const keepLayout =
        fields.switchboardLayout === undefined && before?.switchboardLayout
          ? { switchboardLayout: before.switchboardLayout }
          : {};
      const stored = settings.saveProfile({ ...fields, ...keepCa, ...keepRooms, ...keepLayout }, id);
      // Where the OS cannot protect it, save() declines; the list's note tells the renderer why.
      if (payload.secret !== undefined) settings.saveSecret(stored.id, payload.secret);
      // A secret was typed for one server and user: an edit that points the profile elsewhere (scheme,
      // host, port or user) without a new secret drops it, or the next connect would send it there.
      const moved = before !== undefined && !secretStaysWith(before, stored);
      if (payload.forgetSecret || (moved && payload.secret === undefined)) settings.forgetSecret(stored.id);
      // The SIP password follows the same rule, for the softphone's own user and WebSocket server.
      if (stored.softphone && payload.sipPassword !== undefined)
        settings.saveSipSecret(stored.id, payload.sipPassword);
      else if (!sipPasswordStaysWith(before, stored)) settings.forgetSipSecret(stored.id);
      // A TURN credential stays with its own server and user; one typed replaces it; a server
      // removed takes its credential along.
      const previous = before ? turnOf(settings, stored.id) : {};
      const turn = keptCredentials(stored.softphone?.iceServers ?? [], split.typed, previous);
      settings.saveTurnCredentials(stored.id, turn);
      return summary(
        stored,
        settings.hasSecret(stored.id),
        settings.hasSipSecret(stored.id),
        turnOf(settings, stored.id),
      );
    });
  }

  delete(payload: RequestPayload<'profiles:delete'>): IpcResult<ProfileList> {
    return caught(() => {
      this.deps.settings.removeProfile(payload.id);
      return this.list();
    });
  }

  select(payload: RequestPayload<'profiles:select'>): IpcResult<ProfileSummary> {
    return caught(() => {
      const profile = this.deps.settings.select(payload.id);
      return summary(profile, this.deps.settings.hasSecret(profile.id));
    });
  }

  getSettings(): SettingsView {
    return this.deps.settings.appSettings();
  }

  setSettings(payload: RequestPayload<'settings:set'>): IpcResult<SettingsView> {
    return caught(() => this.deps.settings.updateAppSettings(payload));
  }

  /**
   * The connect request for a stored profile: its stored secret, or the one the operator typed when
   * none can be stored. Selects the profile, since connecting with it is choosing it.
   */
  connectRequest(payload: RequestPayload<'session:connect-profile'>): IpcResult<ConnectRequest> {
    const { settings } = this.deps;
    const profile = settings.profile(payload.profileId);
    if (!profile) return fail('unknown-profile', notice('profile.unknown', { id: payload.profileId }));
    let secret = payload.secret;
    if (secret === undefined) {
      const lookup = settings.readSecret(profile.id);
      if (lookup.kind === 'stored') secret = lookup.secret;
      else if (lookup.kind === 'not-stored') {
        return fail(
          'invalid-request',
          notice('profile.secret-needed', { name: profile.name }, this.secretNote()),
        );
      } else if (lookup.kind === 'undecryptable') {
        return fail('invalid-request', notice('profile.secret-undecryptable', { name: profile.name }));
      } else {
        return fail('invalid-request', notice('profile.no-secret', { name: profile.name }));
      }
    }
    if (settings.selectedProfileId() !== profile.id) settings.select(profile.id);
    return ok({
      url: profile.url,
      user: profile.user,
      secret,
      ...(profile.postMapping !== undefined ? { postMapping: profile.postMapping } : {}),
      ...(profile.tls !== undefined ? { tls: profile.tls } : {}),
      ...(profile.operatorEndpoint !== undefined ? { operatorEndpoint: profile.operatorEndpoint } : {}),
      ...(profile.dialContext !== undefined ? { dialContext: profile.dialContext } : {}),
    });
  }

  /** The softphone account of a stored profile; undefined when it has no softphone section. */
  softphoneAccount(profileId: string): IpcResult<SoftphoneAccount> | undefined {
    const { settings } = this.deps;
    const profile = settings.profile(profileId);
    if (!profile) return fail('unknown-profile', notice('profile.unknown', { id: profileId }));
    if (!profile.softphone) return undefined;
    return profileSoftphoneAccount(
      profile,
      settings.readSipSecret(profileId),
      settings.readTurnCredentials(profileId),
    );
  }

  /**
   * cert:trust with a profileId, before anything is trusted: the certificate of `url` may be pinned in
   * that profile only if `url` is the profile's own server (scheme, host, port). Otherwise a fingerprint
   * accepted for any address would become the pin of a profile that never connects there.
   */
  pinTarget(profileId: string, url: string): IpcResult<ProfileSummary> {
    const { settings } = this.deps;
    const profile = settings.profile(profileId);
    if (!profile) return fail('unknown-profile', notice('profile.unknown', { id: profileId }));
    if (!sameServer(url, profile.url)) {
      return fail(
        'invalid-request',
        notice('cert.other-server', {
          origin: originOf(url),
          profile: profile.name,
          profileOrigin: originOf(profile.url),
        }),
      );
    }
    return ok(summary(profile, settings.hasSecret(profile.id)));
  }

  /** cert:trust with a profileId, once the server presented it: pin the fingerprint in that profile. */
  pinFingerprint(profileId: string, url: string, sha256: string): IpcResult<ProfileSummary> {
    const target = this.pinTarget(profileId, url);
    if (!target.ok) return target;
    return caught(() => {
      const { settings } = this.deps;
      const profile = settings.profile(profileId);
      if (!profile) throw new SettingsInputError(`no profile with id ${profileId}`);
      const { id, ...fields } = profile;
      const stored = settings.saveProfile({ ...fields, tls: { kind: 'fingerprint', sha256 } }, id);
      return summary(stored, settings.hasSecret(id));
    });
  }
}
