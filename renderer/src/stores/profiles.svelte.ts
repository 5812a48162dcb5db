/**
 * Saved PBX profiles as main keeps them (profiles:list and the profiles:changed event), and the edits
 * the operator makes to them. Secrets go to main once, on save; this store never holds one.
 */
import type {
  AjamApi,
  IpcError,
  IpcResult,
  ProfileInput,
  ProfileList,
  ProfileSummary,
} from '../../../shared/ipc';

export class Profiles {
  list = $state.raw<readonly ProfileSummary[]>([]);
  selectedId = $state<string | undefined>(undefined);
  /** Main keeps profiles here (false where the host has none: profiles:list answered `unavailable`). */
  supported = $state(false);
  /** Whether main can store a secret encrypted; when not, every connect asks for it. */
  secretStorageAvailable = $state(true);
  /** Main's words for why not (in the app's language). */
  secretStorageNote = $state<string | undefined>(undefined);
  error = $state.raw<IpcError | null>(null);

  #api: AjamApi;

  constructor(api: AjamApi) {
    this.#api = api;
    api.onProfilesChanged((list) => this.#apply(list));
    // The note is worded in main's language: a language switch re-reads it.
    api.onSettingsChanged(() => void this.load());
  }

  #apply(list: ProfileList): void {
    this.supported = true;
    this.list = list.profiles;
    this.selectedId = list.selectedId;
    this.secretStorageAvailable = list.secretStorageAvailable;
    this.secretStorageNote = list.secretStorageNote;
  }

  byId(id: string | undefined): ProfileSummary | undefined {
    return id === undefined ? undefined : this.list.find((p) => p.id === id);
  }

  async load(): Promise<void> {
    const result = await this.#api.listProfiles();
    if (result.ok) this.#apply(result.value);
    else this.supported = false;
  }

  async save(
    profile: ProfileInput,
    options: { secret?: string; forgetSecret?: boolean; sipPassword?: string } = {},
  ): Promise<IpcResult<ProfileSummary>> {
    const result = await this.#api.saveProfile({
      profile,
      ...(options.secret ? { secret: options.secret } : {}),
      ...(options.forgetSecret ? { forgetSecret: true } : {}),
      ...(options.sipPassword ? { sipPassword: options.sipPassword } : {}),
    });
    // The profiles:changed event brings the new list; load() covers a host that does not send it.
    if (result.ok) await this.load();
    return result;
  }

  async remove(id: string): Promise<IpcResult<ProfileList>> {
    const result = await this.#api.deleteProfile({ id });
    if (result.ok) this.#apply(result.value);
    else this.error = result.error;
    return result;
  }
}
