/**
 * Profiles and app settings: several PBX profiles, one selected, plus the app-wide switches. All reads go
 * through migrations and the schema once at load; all writes are validated before they reach the store.
 */
import * as v from 'valibot';
import { migrateSettings, type SettingsData } from './migrations';
import {
  AppSettingsSchema,
  ProfileFieldsSchema,
  ProfileIdSchema,
  SCHEMA_VERSION,
  describeIssues,
  type AppSettings,
  type ProfileFields,
  type StoredProfile,
} from './schema';
import {
  decodeTurnCredentials,
  encodeTurnCredentials,
  type TurnCredentials,
} from '../features/softphone/turn-credentials';
import type { SecretLookup, SecretProtection, SecretSaveResult, SecretVault } from './secrets';
import type { KeyValueStore } from './store';
import { exportProfiles, parseProfileExport } from './transfer';

export class SettingsInputError extends Error {
  override name = 'SettingsInputError';
}

export interface SettingsDeps {
  readonly store: KeyValueStore;
  readonly vault: SecretVault;
  /** The softphone's SIP passwords (absent: none is ever stored). */
  readonly sipVault?: SecretVault;
  /** The softphone's TURN credentials, a JSON map per profile (absent: none is ever stored). */
  readonly turnVault?: SecretVault;
  /** New profile ids; crypto.randomUUID in the app, a counter in tests. */
  readonly newId: () => string;
}

/** What a lookup in the TURN vault gives: the map, or why there is none to read. */
export type TurnLookup =
  | { readonly kind: 'stored'; readonly credentials: TurnCredentials }
  | Exclude<SecretLookup, { readonly kind: 'stored' }>;

const NOT_STORED: SecretLookup = { kind: 'not-stored', reason: 'unavailable' };

export class Settings {
  #data: SettingsData;
  readonly loadNotes: readonly string[];
  readonly #listeners = new Set<() => void>();

  constructor(private readonly deps: SettingsDeps) {
    const migrated = migrateSettings(deps.store.all());
    this.#data = migrated.data;
    const notes = [...migrated.notes];
    // Into the vault before the file is rewritten without them: a crash in between loses nothing.
    for (const { profileId, credentials } of migrated.turnCredentials) {
      const stored = this.#turnMap(profileId);
      const result = this.#saveIn(
        deps.turnVault,
        profileId,
        encodeTurnCredentials({ ...stored, ...credentials }),
      );
      if (!result.stored) {
        const name = this.profile(profileId)?.name ?? profileId;
        notes.push(
          `profile "${name}": its TURN credentials were removed from the settings file and not stored (${result.reason}): enter them again where the OS can keep them encrypted`,
        );
      }
    }
    this.loadNotes = notes;
    if (migrated.changed) this.#persist();
    const ids = new Set(this.#data.profiles.map((p) => p.id));
    deps.vault.prune(ids);
    deps.sipVault?.prune(ids);
    deps.turnVault?.prune(ids);
  }

  /** Called after every change (the tray menu and the renderer re-read). Returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #persist(): void {
    const { store } = this.deps;
    // Keys of the old format that the migration consumed.
    for (const key of ['selected', 'closeToTray']) if (store.get(key) !== undefined) store.delete(key);
    store.set('schemaVersion', SCHEMA_VERSION);
    store.set('profiles', this.#data.profiles);
    store.set('selectedProfileId', this.#data.selectedProfileId);
    store.set('app', this.#data.app);
  }

  #commit(data: SettingsData): void {
    this.#data = data;
    this.#persist();
    for (const listener of this.#listeners) listener();
  }

  profiles(): readonly StoredProfile[] {
    return this.#data.profiles;
  }

  hasSecret(id: string): boolean {
    return this.deps.vault.has(id);
  }

  profile(id: string): StoredProfile | undefined {
    return this.#data.profiles.find((p) => p.id === id);
  }

  selectedProfileId(): string | null {
    return this.#data.selectedProfileId;
  }

  selectedProfile(): StoredProfile | undefined {
    const id = this.#data.selectedProfileId;
    return id === null ? undefined : this.profile(id);
  }

  select(id: string): StoredProfile {
    const profile = this.profile(id);
    if (!profile) throw new SettingsInputError(`no profile with id ${id}`);
    this.#commit({ ...this.#data, selectedProfileId: id });
    return profile;
  }

  /** Adds a profile (no id) or replaces one (id given). Returns what was stored. */
  saveProfile(fields: unknown, id?: string): StoredProfile {
    const parsed = v.safeParse(ProfileFieldsSchema, fields);
    if (!parsed.success) throw new SettingsInputError(`profile not saved: ${describeIssues(parsed.issues)}`);
    if (id !== undefined) {
      if (!v.is(ProfileIdSchema, id) || !this.profile(id))
        throw new SettingsInputError(`no profile with id ${id}`);
      const updated: StoredProfile = { id, ...parsed.output };
      this.#commit({ ...this.#data, profiles: this.#data.profiles.map((p) => (p.id === id ? updated : p)) });
      return updated;
    }
    const created: StoredProfile = { id: this.deps.newId(), ...parsed.output };
    if (!v.is(ProfileIdSchema, created.id))
      throw new Error(`generated profile id ${created.id} is not valid`);
    this.#commit({
      ...this.#data,
      profiles: [...this.#data.profiles, created],
      selectedProfileId: this.#data.selectedProfileId ?? created.id,
    });
    return created;
  }

  removeProfile(id: string): void {
    if (!this.profile(id)) throw new SettingsInputError(`no profile with id ${id}`);
    const profiles = this.#data.profiles.filter((p) => p.id !== id);
    const selectedProfileId =
      this.#data.selectedProfileId === id ? (profiles[0]?.id ?? null) : this.#data.selectedProfileId;
    this.deps.vault.forget(id);
    this.deps.sipVault?.forget(id);
    this.deps.turnVault?.forget(id);
    this.#commit({ ...this.#data, profiles, selectedProfileId });
  }

  appSettings(): AppSettings {
    return this.#data.app;
  }

  updateAppSettings(patch: Partial<AppSettings>): AppSettings {
    const parsed = v.safeParse(AppSettingsSchema, { ...this.#data.app, ...patch });
    if (!parsed.success) throw new SettingsInputError(`settings not saved: ${describeIssues(parsed.issues)}`);
    this.#commit({ ...this.#data, app: parsed.output });
    return parsed.output;
  }

  secretProtection(): SecretProtection {
    return this.deps.vault.protection();
  }

  saveSecret(id: string, secret: string): SecretSaveResult {
    if (!this.profile(id)) throw new SettingsInputError(`no profile with id ${id}`);
    if (secret === '')
      throw new SettingsInputError('an empty secret is not saved; use "forget secret" instead');
    const result = this.deps.vault.save(id, secret);
    for (const listener of this.#listeners) listener();
    return result;
  }

  forgetSecret(id: string): void {
    if (!this.profile(id)) throw new SettingsInputError(`no profile with id ${id}`);
    this.deps.vault.forget(id);
    for (const listener of this.#listeners) listener();
  }

  readSecret(id: string): SecretLookup {
    if (!this.profile(id)) throw new SettingsInputError(`no profile with id ${id}`);
    return this.deps.vault.read(id);
  }

  // The softphone's secrets (SIP password, TURN credentials): one vault each, one code path.

  #saveIn(vault: SecretVault | undefined, id: string, text: string): SecretSaveResult {
    if (!vault) return { stored: false, reason: 'unavailable' };
    const result = vault.save(id, text);
    for (const listener of this.#listeners) listener();
    return result;
  }

  #forgetIn(vault: SecretVault | undefined, id: string): void {
    if (!this.profile(id)) throw new SettingsInputError(`no profile with id ${id}`);
    vault?.forget(id);
    for (const listener of this.#listeners) listener();
  }

  #readIn(vault: SecretVault | undefined, id: string): SecretLookup {
    if (!this.profile(id)) throw new SettingsInputError(`no profile with id ${id}`);
    return vault?.read(id) ?? NOT_STORED;
  }

  hasSipSecret(id: string): boolean {
    return this.deps.sipVault?.has(id) ?? false;
  }

  /** The softphone's SIP password, encrypted like the AJAM secret (declined where that cannot be). */
  saveSipSecret(id: string, password: string): SecretSaveResult {
    if (!this.profile(id)) throw new SettingsInputError(`no profile with id ${id}`);
    if (password === '') throw new SettingsInputError('an empty SIP password is not saved');
    return this.#saveIn(this.deps.sipVault, id, password);
  }

  forgetSipSecret(id: string): void {
    this.#forgetIn(this.deps.sipVault, id);
  }

  readSipSecret(id: string): SecretLookup {
    return this.#readIn(this.deps.sipVault, id);
  }

  /**
   * The TURN credentials of a profile's softphone (server and user → credential), encrypted like
   * the SIP password; an empty map forgets them. Declined, storing nothing, where the OS cannot protect them.
   */
  saveTurnCredentials(id: string, credentials: TurnCredentials): SecretSaveResult {
    if (!this.profile(id)) throw new SettingsInputError(`no profile with id ${id}`);
    if (Object.keys(credentials).length === 0) {
      this.#forgetIn(this.deps.turnVault, id);
      return { stored: true };
    }
    return this.#saveIn(this.deps.turnVault, id, encodeTurnCredentials(credentials));
  }

  readTurnCredentials(id: string): TurnLookup {
    const lookup = this.#readIn(this.deps.turnVault, id);
    return lookup.kind === 'stored'
      ? { kind: 'stored', credentials: decodeTurnCredentials(lookup.secret) }
      : lookup;
  }

  /** The stored map, empty when there is none to read (for keeping what an edit did not retype). */
  #turnMap(id: string): TurnCredentials {
    const lookup = this.deps.turnVault?.read(id);
    return lookup?.kind === 'stored' ? decodeTurnCredentials(lookup.secret) : {};
  }

  /** JSON text of the given profiles (all when omitted), without secrets. */
  exportProfiles(ids?: readonly string[]): string {
    const chosen = ids ? this.#data.profiles.filter((p) => ids.includes(p.id)) : this.#data.profiles;
    return exportProfiles(chosen);
  }

  /** Adds every usable profile of an export file under new ids; names that clash get a suffix. */
  importProfiles(text: string): {
    readonly added: readonly StoredProfile[];
    readonly notes: readonly string[];
  } {
    const parsed = parseProfileExport(text);
    const names = new Set(this.#data.profiles.map((p) => p.name));
    const added: StoredProfile[] = parsed.profiles.map((fields: ProfileFields) => {
      let name = fields.name;
      for (let n = 2; names.has(name); n++) name = `${fields.name.slice(0, 74)} (${n})`;
      names.add(name);
      return { ...fields, name, id: this.deps.newId() };
    });
    this.#commit({
      ...this.#data,
      profiles: [...this.#data.profiles, ...added],
      selectedProfileId: this.#data.selectedProfileId ?? added[0]?.id ?? null,
    });
    return { added, notes: parsed.notes };
  }
}
