/**
 * What the console service needs from its neighbours, narrowly (Signal's `Pick<Config, ...>` way):
 * the desktop's profile store (electron/settings/service.ts ProfilesService fits ProfilesPort as
 * is) and the upload queue. Absent ports make their channels answer `unavailable`.
 */
import type {
  ConnectRequest,
  IpcResult,
  ProfileList,
  ProfileSummary,
  RequestPayload,
  Settings,
  UploadAddResult,
  UploadBatchResult,
  UploadItem,
} from '../../shared/ipc';
import type { AjamClient } from '../ajam/api';
import type { SoftphoneAccount } from '../../shared/softphone';

type Awaitable<T> = T | Promise<T>;

/** Where a session's softphone account comes from besides a profile. */
export interface SoftphoneSources {
  /** The demo PBX's operator account (a session started with "Try the demo PBX"). */
  readonly demo?: () => Awaitable<IpcResult<SoftphoneAccount>>;
  /** Fixed for this run (the preview's --sip-user/--sip-password/--sip-url, or its --demo). */
  readonly fixed?: () => Awaitable<IpcResult<SoftphoneAccount>>;
}

export interface ProfilesPort {
  list(): Awaitable<ProfileList>;
  save(payload: RequestPayload<'profiles:save'>): Awaitable<IpcResult<ProfileSummary>>;
  delete(payload: RequestPayload<'profiles:delete'>): Awaitable<IpcResult<ProfileList>>;
  select(payload: RequestPayload<'profiles:select'>): Awaitable<IpcResult<ProfileSummary>>;
  getSettings(): Awaitable<Settings>;
  setSettings(payload: RequestPayload<'settings:set'>): Awaitable<IpcResult<Settings>>;
  /** A stored profile plus its secret, as a connect request (the secret never leaves main). */
  connectRequest(payload: RequestPayload<'session:connect-profile'>): Awaitable<IpcResult<ConnectRequest>>;
  /**
   * cert:trust with a profileId, checked before anything is trusted: refuses a `url` that is not the
   * profile's own server (a profile keeps only its own server's certificate).
   */
  pinTarget(profileId: string, url: string): Awaitable<IpcResult<ProfileSummary>>;
  /** cert:trust with a profileId: store the accepted fingerprint (upper-case hex with colons). */
  pinFingerprint(profileId: string, url: string, sha256: string): Awaitable<IpcResult<ProfileSummary>>;
  /** The softphone account of a profile (SIP password included); undefined: it has no softphone. */
  softphoneAccount?(profileId: string): Awaitable<IpcResult<SoftphoneAccount> | undefined>;
}

/** The session uploads go through: its cookie, relogin and the connect request (URL, mapping, TLS trust). */
export interface UploadSession {
  readonly client: AjamClient;
  readonly request: ConnectRequest;
}

export interface UploadContent {
  readonly name: string;
  readonly base64: string;
}

export interface UploadsPort {
  sessionStarted(session: UploadSession): void;
  sessionEnded(): void;
  /** Paths resolved by the preload from dropped File objects; each is checked before queueing. */
  addPaths(
    paths: readonly string[],
    options: { readonly allowInsecureHttp: boolean },
  ): Promise<IpcResult<UploadAddResult>>;
  /** The preview's files by content: staged privately, then queued like paths. */
  addContents(
    files: readonly UploadContent[],
    options: { readonly allowInsecureHttp: boolean },
  ): Promise<IpcResult<UploadAddResult>>;
  cancel(id: string): Awaitable<IpcResult<UploadItem>>;
  retry(id: string): Awaitable<IpcResult<UploadItem>>;
  list(): readonly UploadItem[];
  onProgress(listener: (item: UploadItem) => void): () => void;
  onBatch(listener: (result: UploadBatchResult) => void): () => void;
}
