/**
 * The softphone's incoming calls reach the desktop the way every ringing extension does (notify/rules):
 * its own extension is watched along with the ones the operator chose, so a call ringing the
 * softphone while the window is hidden shows a native notification with the caller.
 */
import type { SoftphoneProfile } from '../../../shared/ipc';

export function watchedWithSoftphone(
  profile:
    { readonly watchedExtensions: readonly string[]; readonly softphone?: SoftphoneProfile } | undefined,
): readonly string[] {
  if (!profile) return [];
  const user = profile.softphone?.user;
  if (user === undefined || profile.watchedExtensions.includes(user)) return profile.watchedExtensions;
  return [...profile.watchedExtensions, user];
}
