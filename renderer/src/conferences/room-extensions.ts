/**
 * The rooms panel's edit of a profile's room extensions. Pure: the profile as main summarised it in,
 * the profile to save out, with every other field as it was (a stored CA stays in main: an edit that
 * sends no trust keeps it).
 */
import type { ProfileInput, ProfileSummary } from '../../../shared/ipc';

/** `profile` with room `conference` entered through `exten`; an empty or same-as-name `exten` unmaps it. */
export function withRoomExtension(profile: ProfileSummary, conference: string, exten: string): ProfileInput {
  const {
    hasSecret: _has,
    hasSipPassword: _sip,
    storedTurnCredentials: _turn,
    tls,
    roomExtensions,
    ...fields
  } = profile;
  const rooms: Record<string, string> = { ...roomExtensions };
  const wanted = exten.trim();
  if (wanted === '' || wanted === conference) delete rooms[conference];
  else rooms[conference] = wanted;
  return {
    ...fields,
    watchedExtensions: [...fields.watchedExtensions],
    ...(tls?.kind === 'fingerprint' ? { tls } : {}),
    roomExtensions: rooms,
  };
}
