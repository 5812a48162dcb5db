/**
 * Profile secrets, encrypted by the OS through Electron's safeStorage (DPAPI on Windows, Keychain on
 * macOS, the desktop keyring on Linux) and kept only as base64 ciphertext. Where the OS offers no real
 * protection — safeStorage unavailable, or Linux falling back to `basic_text` (a hard-coded key) — the
 * secret is not stored at all and the app asks for it at connect, saying why.
 */
import type { SafeStorage } from 'electron';
import type { KeyValueStore } from './store';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

export type SecretProtection =
  | { readonly available: true; readonly backend: string }
  /** `unavailable`: no encryption at all; `basic_text`: Linux without a keyring (plain text in disguise). */
  | { readonly available: false; readonly reason: 'unavailable' | 'basic_text' };

export type SecretLookup =
  | { readonly kind: 'stored'; readonly secret: string }
  | { readonly kind: 'none' }
  /** Protection is off on this machine: ask at connect, and say why (the reason). */
  | { readonly kind: 'not-stored'; readonly reason: 'unavailable' | 'basic_text' }
  /** Ciphertext exists but the OS can no longer decrypt it (keyring reset, profile copied to another PC). */
  | { readonly kind: 'undecryptable' };

export type SecretSaveResult =
  { readonly stored: true } | { readonly stored: false; readonly reason: 'unavailable' | 'basic_text' };

/**
 * A host with no OS secret store at all (plain Node: the browser preview, tools). It encrypts nothing,
 * so the vault stores nothing and every connect asks for the secret: the honest behaviour, rather than
 * pretending with a key that sits next to the ciphertext.
 */
export const NO_SAFE_STORAGE: SafeStorageLike = Object.freeze({
  isEncryptionAvailable: () => false,
  encryptString: (): Buffer => {
    throw new Error('no OS secret store on this host');
  },
  decryptString: (): string => {
    throw new Error('no OS secret store on this host');
  },
  getSelectedStorageBackend: () => 'unknown' as const,
});

/**
 * The store key of the AJAM secrets; the softphone's SIP passwords and TURN credentials (a JSON map
 * per profile, format 7) live beside them, each under its own.
 */
export const SECRETS_KEY = 'secrets';
export const SIP_SECRETS_KEY = 'sipSecrets';
export const TURN_SECRETS_KEY = 'turnSecrets';

export function secretProtection(safe: SafeStorageLike, platform: NodeJS.Platform): SecretProtection {
  if (!safe.isEncryptionAvailable()) return { available: false, reason: 'unavailable' };
  if (platform === 'linux') {
    // Only meaningful on Linux (and only after app 'ready'); elsewhere the OS store is always real.
    const backend = safe.getSelectedStorageBackend();
    if (backend === 'basic_text') return { available: false, reason: 'basic_text' };
    return { available: true, backend };
  }
  return {
    available: true,
    backend: platform === 'win32' ? 'dpapi' : platform === 'darwin' ? 'keychain' : 'os',
  };
}

export class SecretVault {
  constructor(
    private readonly store: KeyValueStore,
    private readonly safe: SafeStorageLike,
    private readonly platform: NodeJS.Platform,
    /** One vault per kind of secret, each under its own key, pruned by profile id alike. */
    private readonly key: string = SECRETS_KEY,
  ) {}

  protection(): SecretProtection {
    return secretProtection(this.safe, this.platform);
  }

  private ciphertexts(): Record<string, string> {
    const raw = this.store.get(this.key);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    const out: Record<string, string> = {};
    for (const [id, value] of Object.entries(raw)) if (typeof value === 'string') out[id] = value;
    return out;
  }

  private write(map: Record<string, string>): void {
    if (Object.keys(map).length === 0) this.store.delete(this.key);
    else this.store.set(this.key, map);
  }

  has(profileId: string): boolean {
    return Object.hasOwn(this.ciphertexts(), profileId);
  }

  save(profileId: string, secret: string): SecretSaveResult {
    const protection = this.protection();
    const map = this.ciphertexts();
    if (!protection.available) {
      // Do not leave an old ciphertext behind that no longer matches what the user typed.
      delete map[profileId];
      this.write(map);
      return { stored: false, reason: protection.reason };
    }
    map[profileId] = this.safe.encryptString(secret).toString('base64');
    this.write(map);
    return { stored: true };
  }

  read(profileId: string): SecretLookup {
    const protection = this.protection();
    if (!protection.available) return { kind: 'not-stored', reason: protection.reason };
    const ciphertext = this.ciphertexts()[profileId];
    if (ciphertext === undefined) return { kind: 'none' };
    try {
      return { kind: 'stored', secret: this.safe.decryptString(Buffer.from(ciphertext, 'base64')) };
    } catch {
      return { kind: 'undecryptable' };
    }
  }

  forget(profileId: string): void {
    const map = this.ciphertexts();
    if (!Object.hasOwn(map, profileId)) return;
    delete map[profileId];
    this.write(map);
  }

  /** Drops ciphertexts of profiles that no longer exist. */
  prune(keep: ReadonlySet<string>): void {
    const map = this.ciphertexts();
    let changed = false;
    for (const id of Object.keys(map)) {
      if (!keep.has(id)) {
        delete map[id];
        changed = true;
      }
    }
    if (changed) this.write(map);
  }
}
