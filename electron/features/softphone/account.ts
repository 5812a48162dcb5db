/**
 * The softphone's SIP account as main hands it to the renderer (softphone:credentials): from a
 * stored profile and its encrypted SIP password, from the demo PBX, or from the preview's flags.
 * Pure: the password lookups arrive as values.
 */
import { fail, ok, type IpcResult, type SoftphoneProfile } from '../../../shared/ipc';
import { notice } from '../../../shared/notices';
import { deriveSipWsUrl, sipDomainOf, type SoftphoneAccount } from '../../../shared/softphone';
import type { SecretLookup } from '../../settings/secrets';
import type { TurnLookup } from '../../settings/settings';
import { iceServersWithCredentials } from './turn-credentials';

export interface ProfileForSoftphone {
  readonly name: string;
  /** The AJAM base URL: the default WebSocket URL is derived from it. */
  readonly url: string;
  readonly softphone?: SoftphoneProfile;
}

/**
 * The account of a profile; undefined when the profile has no softphone section. Its TURN servers
 * get their credentials from the vault; one that has none readable stops it, named, as a missing
 * SIP password does (the window could not use that server anyway).
 */
export function profileSoftphoneAccount(
  profile: ProfileForSoftphone,
  password: SecretLookup,
  turn: TurnLookup = { kind: 'none' },
): IpcResult<SoftphoneAccount> | undefined {
  const phone = profile.softphone;
  if (!phone) return undefined;
  if (password.kind !== 'stored') {
    return fail('invalid-request', notice('softphone.no-password', { name: profile.name }));
  }
  const ice = iceServersWithCredentials(
    phone.iceServers ?? [],
    turn.kind === 'stored' ? turn.credentials : {},
  );
  if (!ice.ok) {
    return fail(
      'invalid-request',
      notice('softphone.no-turn-credential', { name: profile.name, server: ice.missing }),
    );
  }
  return accountOf(phone.user, password.secret, phone.wsUrl ?? deriveSipWsUrl(profile.url), ice.servers);
}

/** An account from its parts (preview flags, the demo PBX); `not-configured` without a URL. */
export function accountOf(
  user: string,
  password: string,
  wsUrl: string | undefined,
  iceServers: SoftphoneProfile['iceServers'] = [],
): IpcResult<SoftphoneAccount> {
  const domain = wsUrl === undefined ? undefined : sipDomainOf(wsUrl);
  if (wsUrl === undefined || domain === undefined) {
    return fail('unavailable', notice('softphone.not-configured'));
  }
  return ok({ user, password, wsUrl, domain, iceServers: [...(iceServers ?? [])] });
}

/**
 * Whether a stored SIP password may stay with an edited profile: only while it is for the same
 * user on the same WebSocket server, or the next register would send it somewhere it was not typed for.
 */
export function sipPasswordStaysWith(
  before: ProfileForSoftphone | undefined,
  after: ProfileForSoftphone,
): boolean {
  if (!before?.softphone || !after.softphone) return false;
  const where = (p: ProfileForSoftphone): string | undefined => {
    const url = p.softphone?.wsUrl ?? deriveSipWsUrl(p.url);
    try {
      return url === undefined ? undefined : new URL(url).host;
    } catch {
      return undefined;
    }
  };
  return before.softphone.user === after.softphone.user && where(before) === where(after);
}

/** The demo PBX's operator account (electron/demo/sip: 101 on the demo's own HTTP server). */
export function demoSoftphoneAccount(sip: {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}): IpcResult<SoftphoneAccount> {
  return accountOf(sip.user, sip.password, sip.url);
}
