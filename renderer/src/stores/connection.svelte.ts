/**
 * The session as main reports it (session:status), plus the connect flows: with the form's fields, or
 * with a saved profile (its secret stays in main; when main cannot store one, the operator is asked
 * for it here, with the reason). When the PBX's certificate is not trusted, probe it and ask the
 * operator to compare the fingerprint (trust on first use); with a profile the pin is saved in it.
 */
import type {
  AjamApi,
  CertificateInfo,
  ConnectRequest,
  IpcError,
  ProfileSummary,
  SessionStatus,
} from '../../../shared/ipc';

export interface ConnectForm {
  url: string;
  user: string;
  secret: string;
  postMapping: string;
  operatorEndpoint: string;
  /** Set when the form was filled from a saved profile (main holds its secret). */
  profileId?: string;
}

/** A profile connect waiting for the operator to type the secret main does not have. */
export interface SecretRequest {
  readonly profile: ProfileSummary;
  /** Main's reason when it refused to connect without one (e.g. the stored secret cannot be decrypted). */
  readonly error?: IpcError;
}

type Pending =
  | { readonly kind: 'form'; readonly form: ConnectForm }
  | { readonly kind: 'profile'; readonly profile: ProfileSummary; readonly secret?: string };

const IDLE: SessionStatus = { state: 'idle', url: '', user: '', since: 0 };

export function toConnectRequest(form: ConnectForm, sha256?: string): ConnectRequest {
  // Empty optional fields are left out: main's schema refuses "" as a mapping or endpoint name.
  return {
    url: form.url.trim(),
    user: form.user.trim(),
    secret: form.secret,
    ...(form.postMapping.trim() ? { postMapping: form.postMapping.trim() } : {}),
    ...(form.operatorEndpoint.trim() ? { operatorEndpoint: form.operatorEndpoint.trim() } : {}),
    ...(sha256 ? { tls: { kind: 'fingerprint' as const, sha256 } } : {}),
  };
}

export interface ConnectionHooks {
  /** A profile's own language and theme take over once connected with it. */
  readonly onProfileConnected?: (profile: ProfileSummary) => void;
  /** Errors while the board is up (a failed profile switch) have no connect screen to show on. */
  readonly onBoardError?: (error: IpcError) => void;
}

export class Connection {
  status = $state.raw<SessionStatus>(IDLE);
  busy = $state(false);
  /** The last connect attempt's error, worded by main; shown on the connect screen as is. */
  error = $state.raw<IpcError | null>(null);
  /** A certificate waiting for the operator's decision. */
  certificate = $state.raw<CertificateInfo | null>(null);
  /** A profile waiting for its secret. */
  secretRequest = $state.raw<SecretRequest | null>(null);
  /** The profile of the running session, if it came from one. */
  profileId = $state<string | undefined>(undefined);
  /**
   * The mapping uploads go to, as main reports it in the session status: right after a reload and
   * for sessions started elsewhere (the tray, another window), not only after a connect from here.
   */
  postMapping: string = $derived(this.status.postMapping ?? '');
  /** Stays on the board through lost/back; only a disconnect or a final failure returns to the form. */
  onBoard: boolean = $derived(['connected', 'lost', 'back'].includes(this.status.state));

  #api: AjamApi;
  #hooks: ConnectionHooks;
  #pending: Pending | null = null;

  constructor(api: AjamApi, hooks: ConnectionHooks = {}) {
    this.#api = api;
    this.#hooks = hooks;
    api.onSessionStatus((status) => this.#setStatus(status));
  }

  /** A session that ends with a reason (a privilege missing, the login refused) says why on the connect screen. */
  #setStatus(status: SessionStatus): void {
    this.status = status;
    if (status.state === 'closed' && status.error) this.error = status.error;
  }

  async load(): Promise<void> {
    const status = await this.#api.getStatus();
    if (status.ok) this.#setStatus(status.value);
  }

  #failed(error: IpcError): void {
    this.error = error;
    if (this.onBoard) this.#hooks.onBoardError?.(error);
  }

  /** On a TLS failure against https, shows the certificate for trust on first use. */
  async #offerCertificate(error: IpcError, url: string, pending: Pending): Promise<boolean> {
    if (error.code !== 'tls' || !url.trim().toLowerCase().startsWith('https:')) return false;
    const probe = await this.#api.probeCertificate({ url: url.trim() });
    if (!probe.ok || probe.value.trustedBySystem) return false;
    this.#pending = pending;
    this.certificate = probe.value;
    return true;
  }

  /** Connects with the form's fields; a picked profile with no secret typed connects as that profile. */
  async connect(form: ConnectForm, profile?: ProfileSummary, sha256?: string): Promise<boolean> {
    if (profile && form.profileId === profile.id && !form.secret && !sha256) {
      return this.connectProfile(profile);
    }
    this.busy = true;
    this.error = null;
    try {
      const result = await this.#api.connect(toConnectRequest(form, sha256));
      if (result.ok) {
        this.#setStatus(result.value);
        this.profileId = undefined;
        return true;
      }
      if (!sha256 && (await this.#offerCertificate(result.error, form.url, { kind: 'form', form }))) {
        return false;
      }
      this.#failed(result.error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Starts the built-in demo PBX in main (first time only) and connects to it. */
  async connectDemo(): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const result = await this.#api.connectDemo();
      if (!result.ok) {
        this.#failed(result.error);
        return false;
      }
      this.#setStatus(result.value);
      this.profileId = undefined;
      return true;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Connects with a saved profile. Without a stored secret (no OS keyring, or never saved) the
   * operator is asked for it first; `secret` is that answer.
   */
  async connectProfile(profile: ProfileSummary, secret?: string): Promise<boolean> {
    if (secret === undefined && !profile.hasSecret) {
      this.secretRequest = { profile };
      return false;
    }
    this.secretRequest = null;
    this.busy = true;
    this.error = null;
    try {
      const result = await this.#api.connectProfile({
        profileId: profile.id,
        ...(secret === undefined ? {} : { secret }),
      });
      if (result.ok) {
        this.#setStatus(result.value);
        this.profileId = profile.id;
        this.#hooks.onProfileConnected?.(profile);
        return true;
      }
      const pending: Pending = { kind: 'profile', profile, ...(secret === undefined ? {} : { secret }) };
      if (await this.#offerCertificate(result.error, profile.url, pending)) return false;
      if (result.error.code === 'invalid-request' && secret === undefined) {
        // Main has no usable secret after all (e.g. it can no longer decrypt it): ask, with its words.
        this.secretRequest = { profile, error: result.error };
        return false;
      }
      this.#failed(result.error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  cancelSecret(): void {
    this.secretRequest = null;
  }

  async trustCertificate(): Promise<boolean> {
    const cert = this.certificate;
    const pending = this.#pending;
    this.certificate = null;
    this.#pending = null;
    if (!cert || !pending) return false;
    const profileId = pending.kind === 'profile' ? pending.profile.id : pending.form.profileId;
    const trusted = await this.#api.trustCertificate({
      url: cert.url,
      sha256: cert.sha256,
      ...(profileId ? { profileId } : {}),
    });
    if (!trusted.ok) {
      this.#failed(trusted.error);
      return false;
    }
    // A profile now carries the pin itself (and main pinned it for this run): connect as before.
    if (pending.kind === 'profile') return this.connectProfile(pending.profile, pending.secret);
    return this.connect(pending.form, undefined, cert.sha256);
  }

  rejectCertificate(): void {
    this.certificate = null;
    this.#pending = null;
  }

  async disconnect(): Promise<void> {
    const result = await this.#api.disconnect();
    if (result.ok) this.status = result.value;
  }
}
