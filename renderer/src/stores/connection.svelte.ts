/**
 * The session as main reports it (session:status), plus the connect flow: connect, and when the PBX's
 * certificate is not trusted, probe it and ask the operator to compare the fingerprint (trust on first use).
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

export class Connection {
  status = $state.raw<SessionStatus>(IDLE);
  busy = $state(false);
  /** The last connect attempt's error, worded by main; shown on the connect screen as is. */
  error = $state.raw<IpcError | null>(null);
  /** A certificate waiting for the operator's decision. */
  certificate = $state.raw<CertificateInfo | null>(null);
  profiles = $state.raw<readonly ProfileSummary[]>([]);
  /** The mapping uploads go to, from the last successful connect. */
  postMapping = $state('');
  /** Stays on the board through lost/back; only a disconnect or a final failure returns to the form. */
  onBoard: boolean = $derived(['connected', 'lost', 'back'].includes(this.status.state));

  #api: AjamApi;
  #pendingForm: ConnectForm | null = null;

  constructor(api: AjamApi) {
    this.#api = api;
    api.onSessionStatus((status) => (this.status = status));
  }

  async load(): Promise<void> {
    const [status, profiles] = await Promise.all([this.#api.getStatus(), this.#api.listProfiles()]);
    if (status.ok) this.status = status.value;
    if (profiles.ok) this.profiles = profiles.value.profiles;
  }

  async connect(form: ConnectForm, sha256?: string): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const result =
        form.profileId && !form.secret && !sha256
          ? await this.#api.connectProfile({ profileId: form.profileId })
          : await this.#api.connect(toConnectRequest(form, sha256));
      if (result.ok) {
        this.status = result.value;
        this.postMapping = form.postMapping.trim();
        return true;
      }
      if (result.error.code === 'tls' && !sha256 && form.url.trim().toLowerCase().startsWith('https:')) {
        // Not trusted by the system: show the certificate so the operator can compare its fingerprint.
        const probe = await this.#api.probeCertificate({ url: form.url.trim() });
        if (probe.ok && !probe.value.trustedBySystem) {
          this.#pendingForm = form;
          this.certificate = probe.value;
          return false;
        }
      }
      this.error = result.error;
      return false;
    } finally {
      this.busy = false;
    }
  }

  async trustCertificate(): Promise<boolean> {
    const cert = this.certificate;
    const form = this.#pendingForm;
    this.certificate = null;
    this.#pendingForm = null;
    if (!cert || !form) return false;
    const trusted = await this.#api.trustCertificate({
      url: cert.url,
      sha256: cert.sha256,
      ...(form.profileId ? { profileId: form.profileId } : {}),
    });
    if (!trusted.ok) {
      this.error = trusted.error;
      return false;
    }
    return this.connect(form, cert.sha256);
  }

  rejectCertificate(): void {
    this.certificate = null;
    this.#pendingForm = null;
  }

  async disconnect(): Promise<void> {
    const result = await this.#api.disconnect();
    if (result.ok) this.status = result.value;
  }
}
