/**
 * Format 7: a profile's TURN credentials leave the settings file. Pure. Until format 6 the file kept
 * each softphone ICE server's `credential` next to its URL; from 7 the file has only the URL and the
 * user, and the credentials go to the encrypted vault (Settings does that with what this hands back).
 * Runs at every version, so a credential put back by a hand edit moves out too instead of making the
 * strict schema drop the whole profile.
 */
import { splitCredentials, type TurnCredentials } from '../features/softphone/turn-credentials';
import type { IceServer } from '../../shared/softphone';

type Raw = Record<string, unknown>;

/** Credentials taken out of one profile, for the vault. */
export interface FoundTurnCredentials {
  readonly profileId: string;
  readonly credentials: TurnCredentials;
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIceServer(value: unknown): value is IceServer {
  return isRecord(value) && typeof value['urls'] === 'string';
}

/**
 * The profile without credentials in its ICE servers. With `found` (the settings file) they are
 * handed on for the vault; without (an import) they are dropped, as secrets are never imported.
 */
export function takeTurnCredentials(
  profile: Raw,
  label: string,
  notes: string[],
  found?: FoundTurnCredentials[],
): Raw {
  const softphone = profile['softphone'];
  if (!isRecord(softphone) || !Array.isArray(softphone['iceServers'])) return profile;
  const servers: unknown[] = softphone['iceServers'];
  if (!servers.some((server) => isRecord(server) && 'credential' in server)) return profile;
  // Entries that are not servers stay as they are for the schema to report; only credentials move.
  const readable = servers.filter(isIceServer);
  const { typed } = splitCredentials(readable);
  const iceServers = servers.map((server) => {
    if (!isRecord(server)) return server;
    const { credential: _credential, ...rest } = server;
    return rest;
  });
  const count = Object.keys(typed).length;
  if (count > 0) {
    if (found && typeof profile['id'] === 'string') {
      found.push({ profileId: profile['id'], credentials: typed });
      notes.push(`profile "${label}": ${count} TURN credential(s) moved out of the settings file`);
    } else {
      notes.push(`profile "${label}": ${count} TURN credential(s) ignored; secrets are never imported`);
    }
  }
  return { ...profile, softphone: { ...softphone, iceServers } };
}
