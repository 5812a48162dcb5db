/**
 * The softphone's TURN credentials, kept out of the settings file: a profile stores its TURN servers
 * (URL and user) in the file and their credentials, one JSON map per profile, in the same encrypted
 * vault code as the SIP password (settings/secrets.ts). Pure: what to split off a typed profile, what
 * to keep on an edit, how the map reads back, and the servers the account hands the window.
 */
import type { IceServer } from '../../../shared/softphone';

/** Server → credential, by `turnKey`. */
export type TurnCredentials = Readonly<Record<string, string>>;

/** A server as the settings file keeps it: never a credential. */
export interface StoredIceServer {
  readonly urls: string;
  readonly username?: string;
}

/**
 * A credential belongs to one server and one user on it: the same URL with another user (or the
 * same user on another server) is another account, and gets nothing of this one's.
 */
export function turnKey(server: StoredIceServer): string {
  return `${server.urls}\n${server.username ?? ''}`;
}

/** A server needs a credential when it names a user: TURN does, STUN does not. */
export function needsCredential(server: StoredIceServer): server is StoredIceServer & { username: string } {
  return server.username !== undefined && server.username !== '';
}

/** The servers as the file keeps them, and the credentials that were typed with them. */
export function splitCredentials(servers: readonly IceServer[]): {
  readonly servers: StoredIceServer[];
  readonly typed: TurnCredentials;
} {
  const typed: Record<string, string> = {};
  const kept = servers.map(({ credential, ...server }) => {
    if (credential !== undefined && credential !== '' && needsCredential(server)) {
      typed[turnKey(server)] = credential;
    }
    return server;
  });
  return { servers: kept, typed };
}

/**
 * The credentials a profile keeps after an edit: for each server that names a user, the one typed
 * now, else the one stored for that same server and user. A server removed takes its credential along.
 */
export function keptCredentials(
  servers: readonly StoredIceServer[],
  typed: TurnCredentials,
  stored: TurnCredentials,
): TurnCredentials {
  const out: Record<string, string> = {};
  for (const server of servers) {
    if (!needsCredential(server)) continue;
    const key = turnKey(server);
    const credential = typed[key] ?? stored[key];
    if (credential !== undefined) out[key] = credential;
  }
  return out;
}

export function encodeTurnCredentials(credentials: TurnCredentials): string {
  return JSON.stringify(credentials);
}

/** The vault's plaintext back as a map; anything else (a hand-made or damaged entry) is no credential. */
export function decodeTurnCredentials(text: string): TurnCredentials {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** The servers with a stored credential, for the profile editor (never the credential itself). */
export function storedCredentialRefs(
  servers: readonly StoredIceServer[],
  stored: TurnCredentials,
): { urls: string; username: string }[] {
  return servers
    .filter(needsCredential)
    .filter((server) => stored[turnKey(server)] !== undefined)
    .map((server) => ({ urls: server.urls, username: server.username }));
}

/**
 * The servers the window gets, each TURN one with its credential; the first that has none is named
 * instead (RTCPeerConnection refuses a TURN server without one, so registering would be pointless).
 */
export function iceServersWithCredentials(
  servers: readonly StoredIceServer[],
  stored: TurnCredentials,
): { readonly ok: true; readonly servers: IceServer[] } | { readonly ok: false; readonly missing: string } {
  const out: IceServer[] = [];
  for (const server of servers) {
    if (!needsCredential(server)) {
      out.push({ ...server });
      continue;
    }
    const credential = stored[turnKey(server)];
    if (credential === undefined) return { ok: false, missing: server.urls };
    out.push({ ...server, credential });
  }
  return { ok: true, servers: out };
}
