/**
 * A feature the manager user may not use, worded for the person who can fix it (usually the PBX
 * admin): which manager.conf class is missing. Pure; main sends only the facts (SessionStatus.limits).
 */
import type { ConsoleFeature, FeatureLimit, SessionStatus } from '../../../shared/ipc';
import type { Messages } from '../i18n/en';

export function limitOf(status: SessionStatus, feature: ConsoleFeature): FeatureLimit | undefined {
  return status.limits?.[feature];
}

export function limitText(t: Messages, limit: FeatureLimit): string {
  switch (limit.kind) {
    case 'write':
      return t.limitWrite(limit.classes);
    case 'read':
      return t.limitRead(limit.classes);
    case 'not-loaded':
      return t.limitNotLoaded(limit.actions);
  }
}

/** Several features behind one note ("Hang up, Transfer: …"), one line per distinct reason. */
export function limitNotes(
  t: Messages,
  status: SessionStatus,
  features: ReadonlyArray<readonly [ConsoleFeature, string]>,
): string[] {
  const byReason = new Map<string, string[]>();
  for (const [feature, label] of features) {
    const limit = limitOf(status, feature);
    if (!limit) continue;
    const reason = limitText(t, limit);
    byReason.set(reason, [...(byReason.get(reason) ?? []), label]);
  }
  return [...byReason].map(([reason, labels]) => `${labels.join(', ')}: ${reason}`);
}
