/**
 * The profile editor's softphone fields as typed, and the contract's `softphone` section they
 * become. Pure, like lib/profiles.ts.
 */
import type { SoftphoneProfile } from '../../../shared/ipc';
import type { IceServer } from '../../../shared/softphone';

export interface SoftphoneDraft {
  /** The SIP user; empty: no softphone in this profile. */
  user: string;
  /** The WebSocket URL; empty: derived from the AJAM URL. */
  url: string;
  /** One server a line: `stun:host:3478`, or `turn:host:3478 user credential`. */
  ice: string;
}

export function softphoneDraftOf(profile: SoftphoneProfile | undefined): SoftphoneDraft {
  return {
    user: profile?.user ?? '',
    url: profile?.wsUrl ?? '',
    ice: formatIceServers(profile?.iceServers ?? []),
  };
}

/** `turn:host:3478 alice s3cret` -> { urls, username, credential }; blank lines dropped. */
export function parseIceServers(text: string): IceServer[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [urls = '', username, credential] = line.split(/\s+/);
      return {
        urls,
        ...(username ? { username } : {}),
        ...(credential ? { credential } : {}),
      };
    });
}

export function formatIceServers(servers: readonly IceServer[]): string {
  return servers
    .map((s) => [s.urls, s.username, s.credential].filter((part) => part !== undefined).join(' '))
    .join('\n');
}

/** The contract's section; undefined (no softphone) without a user. */
export function toSoftphoneProfile(draft: SoftphoneDraft): SoftphoneProfile | undefined {
  const user = draft.user.trim();
  if (user === '') return undefined;
  const url = draft.url.trim();
  const iceServers = parseIceServers(draft.ice);
  return {
    user,
    ...(url ? { wsUrl: url } : {}),
    ...(iceServers.length > 0 ? { iceServers } : {}),
  };
}
