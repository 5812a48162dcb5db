/** Connection options shared by every command that talks to a PBX, and the profile they make. */
import { readFileSync } from 'node:fs';
import type { Profile } from '../ajam/api';
import { normalizeFingerprint } from '../ajam/tls';
import type { OptionsConfig, OptionValues } from './command';
import { UsageError } from './exit';
import { checkedValue } from './fields';
import { hasControlCharacter } from '../../shared/ipc';

export const connectionOptions = {
  url: { type: 'string' },
  user: { type: 'string' },
  secret: { type: 'string' },
  ca: { type: 'string' },
  fingerprint: { type: 'string' },
} as const satisfies OptionsConfig;

export const connectionHelp = `Connection (or the environment variables AJAM_URL, AJAM_USER, AJAM_SECRET):
  --url URL            base URL with the http.conf prefix, e.g. http://pbx:8088/asterisk
  --user NAME          manager.conf user
  --secret SECRET      its secret (prefer AJAM_SECRET: the command line is visible to other users)
  --ca FILE            https: trust this CA / self-signed certificate (PEM)
  --fingerprint SHA256 https: trust exactly this certificate (SHA-256, hex with or without colons)`;

function pick(
  values: OptionValues,
  env: Readonly<Record<string, string | undefined>>,
  option: string,
  variable: string,
) {
  const v = values[option];
  if (typeof v === 'string') return v;
  const e = env[variable];
  return e === undefined || e === '' ? undefined : e;
}

export function profileFrom(
  values: OptionValues,
  env: Readonly<Record<string, string | undefined>>,
): Profile {
  const url = pick(values, env, 'url', 'AJAM_URL');
  const user = pick(values, env, 'user', 'AJAM_USER');
  const secret = pick(values, env, 'secret', 'AJAM_SECRET');
  if (url === undefined)
    throw new UsageError('no PBX URL: give --url or set AJAM_URL (e.g. http://pbx:8088/asterisk)');
  if (user === undefined) throw new UsageError('no AMI user: give --user or set AJAM_USER');
  if (secret === undefined) throw new UsageError('no secret: set AJAM_SECRET (or give --secret)');
  // Username and Secret travel as header values of the Login action, like any other value.
  checkedValue('the AMI user', user);
  // Never echoed back, unlike the other values.
  if (hasControlCharacter(secret)) throw new UsageError('the secret may not contain control characters');
  const caFile = typeof values['ca'] === 'string' ? values['ca'] : undefined;
  const fingerprint = typeof values['fingerprint'] === 'string' ? values['fingerprint'] : undefined;
  if (caFile !== undefined && fingerprint !== undefined) {
    throw new UsageError('give either --ca or --fingerprint, not both');
  }
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new UsageError(
        `cannot read the CA file ${caFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      );
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      throw new UsageError(`${caFile} holds no PEM certificate`);
  }
  if (fingerprint !== undefined && normalizeFingerprint(fingerprint) === undefined) {
    throw new UsageError(
      `--fingerprint "${fingerprint}" is not a SHA-256: expected 64 hex digits, with or without colons`,
    );
  }
  return {
    url,
    user,
    secret,
    ...(ca !== undefined ? { ca } : {}),
    ...(fingerprint !== undefined ? { fingerprint } : {}),
  };
}
