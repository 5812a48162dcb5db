/**
 * The AJAM core's public surface: what the CLI, the upload engine and the console service build on.
 * Implementation lives beside this file (client.ts and its parts); nothing here imports electron.
 */
import type { AmiMessage } from '../../shared/ami';
import type { Notice } from '../../shared/notices';

export interface TlsTrust {
  /** PEM of a CA (or the self-signed certificate itself) to trust for this PBX only. */
  readonly ca?: string;
  /** SHA-256 of the server certificate (DER), hex, with or without colons: pinned instead of CA checks. */
  readonly fingerprint?: string;
}

export interface Profile extends TlsTrust {
  /** Base URL including the http.conf prefix, e.g. `http://pbx:8088/asterisk`. */
  readonly url: string;
  readonly user: string;
  readonly secret: string;
  /** Milliseconds before an action (not WaitEvent) is given up. Default 10 s. */
  readonly actionTimeoutMs?: number;
  /** Milliseconds for TCP/TLS connect. Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Bytes one PBX reply may have before it is refused and its connection dropped. Default 64 MiB. */
  readonly maxResponseBytes?: number;
}

/** Every failure the core reports, worded for a PBX admin; `code` lets callers map exit codes and UI. */
export type AjamErrorCode =
  | 'bad-url'
  | 'dns'
  | 'refused'
  | 'tls'
  | 'not-found'
  | 'auth'
  | 'permission'
  | 'session-expired'
  | 'timeout'
  | 'action-failed'
  | 'http'
  | 'parse'
  | 'closed';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'lost' | 'closed';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** Base URL, and the user logged in as. */
  readonly url: string;
  readonly user: string;
  /** The session's Max-Age (manager.conf httptimeout) in seconds, once known. */
  readonly sessionTimeoutSeconds?: number;
  /** When state is 'lost': seconds until the next try. */
  readonly retryInSeconds?: number;
  /** When state is 'lost' or 'closed' because of a failure. */
  readonly error?: { readonly code: AjamErrorCode; readonly message: string; readonly notice: Notice };
}

export interface ListResult {
  readonly response: AmiMessage;
  /** The list's item events, without the completion event. */
  readonly events: AmiMessage[];
  readonly complete: AmiMessage | undefined;
}

export interface AjamClient {
  /** Logs in (secret in a POST body). Rejects with an AjamError on any failure. */
  connect(): Promise<void>;
  /** Any action; resolves with the response, rejects with AjamError('action-failed') on Response: Error. */
  send(action: string, fields?: Readonly<Record<string, string>>): Promise<AmiMessage>;
  /** A list action collected to its completion event. */
  list(action: string, fields?: Readonly<Record<string, string>>): Promise<ListResult>;
  /** Starts the single WaitEvent loop (idempotent). */
  startEvents(): void;
  onEvent(listener: (event: AmiMessage) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Called after every reconnect (and after the first connect once events run), before new events flow. */
  onResync(hook: () => Promise<void> | void): () => void;
  status(): ConnectionStatus;
  /**
   * The current mansession_id value exactly as the server set it, double quotes included
   * (`"5c3f1922"`), or undefined when not logged in. Send it back verbatim:
   * `Cookie: mansession_id=${sessionCookie()}` (for post_mappings uploads).
   */
  sessionCookie(): string | undefined;
  /** Drops the session and logs in again (after an upload got 403). */
  relogin(): Promise<void>;
  /** Logoff and stop everything. */
  close(): Promise<void>;
}
