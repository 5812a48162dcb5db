/**
 * The core's connection status as the renderer's banner needs it. Pure. The core says `connected`
 * both after the first login and after a recovery; the banner must tell "back" from "connected",
 * so the previous state decides.
 */
import type { ConsoleFeature, FeatureLimit, SessionState, SessionStatus } from '../../shared/ipc';
import type { ConnectionStatus } from '../ajam/api';

export interface StatusExtras {
  readonly server?: string;
  readonly operatorEndpoint?: string;
  readonly postMapping?: string;
  readonly limits?: Readonly<Partial<Record<ConsoleFeature, FeatureLimit>>>;
}

export function toSessionStatus(
  core: ConnectionStatus,
  previous: SessionState,
  extras: StatusExtras,
  now: number,
): SessionStatus {
  let state: SessionState;
  switch (core.state) {
    case 'connecting':
      state = previous === 'lost' ? 'lost' : 'connecting';
      break;
    case 'connected':
      state = previous === 'lost' || previous === 'back' ? 'back' : 'connected';
      break;
    case 'lost':
      state = 'lost';
      break;
    case 'closed':
      state = 'closed';
      break;
    case 'idle':
      // The core falls back to idle when a login fails: for the operator that session is over.
      state = core.error ? 'closed' : 'idle';
      break;
  }
  return {
    state,
    url: core.url,
    user: core.user,
    ...(extras.server === undefined ? {} : { server: extras.server }),
    ...(core.sessionTimeoutSeconds === undefined
      ? {}
      : { sessionTimeoutSeconds: core.sessionTimeoutSeconds }),
    ...(state === 'lost' && core.retryInSeconds !== undefined ? { retryInSeconds: core.retryInSeconds } : {}),
    ...(core.error && (state === 'lost' || state === 'closed') ? { error: { ...core.error } } : {}),
    ...(extras.operatorEndpoint === undefined ? {} : { operatorEndpoint: extras.operatorEndpoint }),
    ...(extras.postMapping === undefined ? {} : { postMapping: extras.postMapping }),
    ...(extras.limits === undefined || Object.keys(extras.limits).length === 0
      ? {}
      : { limits: extras.limits }),
    since: now,
  };
}
