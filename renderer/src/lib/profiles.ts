/**
 * The profile editor's fields as the operator types them, and the contract's ProfileInput they become.
 * Pure: the editor and the tests share it.
 */
import type { ProfileInput, ProfileSummary } from '../../../shared/ipc';
import { downgradesToPlainHttp, secretStaysWith } from '../../../shared/secret-scope';
import { softphoneDraftOf, toSoftphoneProfile, type SoftphoneDraft } from '../softphone/profile';
import { pipelineDraft, toPipelineConfig, type PipelineDraft } from '../pipeline/draft';

export type LanguagePick = 'system' | 'en' | 'es';
export type ThemePick = 'system' | 'light' | 'dark';

export interface ProfileDraft {
  id?: string;
  name: string;
  url: string;
  user: string;
  postMapping: string;
  operatorEndpoint: string;
  dialContext: string;
  /** Free text: `101, 102 103`. */
  watched: string;
  /** The pinned SHA-256, as the trust-on-first-use prompt stored it. */
  fingerprint: string;
  /** A new CA (PEM) to trust; empty keeps a stored one (main never sends the PEM back). */
  caPem: string;
  language: LanguagePick;
  theme: ThemePick;
  /** The softphone's SIP account (softphone/profile.ts). */
  softphone: SoftphoneDraft;
  /** Watched folders and their policies (pipeline/draft.ts). */
  pipeline: PipelineDraft;
}

export interface FormFields {
  readonly url: string;
  readonly user: string;
  readonly postMapping: string;
  readonly operatorEndpoint: string;
}

export function draftFromForm(form: FormFields): ProfileDraft {
  return {
    name: '',
    url: form.url.trim(),
    user: form.user.trim(),
    postMapping: form.postMapping.trim(),
    operatorEndpoint: form.operatorEndpoint.trim(),
    dialContext: '',
    watched: '',
    fingerprint: '',
    caPem: '',
    language: 'system',
    theme: 'system',
    softphone: softphoneDraftOf(undefined),
    pipeline: pipelineDraft(undefined),
  };
}

export function draftFromProfile(p: ProfileSummary): ProfileDraft {
  return {
    id: p.id,
    name: p.name,
    url: p.url,
    user: p.user,
    postMapping: p.postMapping ?? '',
    operatorEndpoint: p.operatorEndpoint ?? '',
    dialContext: p.dialContext ?? '',
    watched: p.watchedExtensions.join(', '),
    fingerprint: p.tls?.kind === 'fingerprint' ? p.tls.sha256 : '',
    caPem: '',
    language: p.language ?? 'system',
    theme: p.theme ?? 'system',
    softphone: softphoneDraftOf(p.softphone),
    pipeline: pipelineDraft(p.pipeline),
  };
}

/** `101, 102;103  104` -> ['101', '102', '103', '104'], without repeats. */
export function parseExtensions(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((x) => x !== ''))];
}

/**
 * The contract's input. Empty optional fields are left out (main's schema refuses "" as a mapping or
 * an endpoint); main checks the rest and answers with the field it refuses.
 */
export function toProfileInput(draft: ProfileDraft): ProfileInput {
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  const watched = parseExtensions(draft.watched);
  const pem = text(draft.caPem);
  const sha256 = text(draft.fingerprint);
  const softphone = toSoftphoneProfile(draft.softphone);
  const pipeline = toPipelineConfig(draft.pipeline);
  const optional = {
    postMapping: text(draft.postMapping),
    operatorEndpoint: text(draft.operatorEndpoint),
    dialContext: text(draft.dialContext),
  };
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name.trim(),
    url: draft.url.trim(),
    user: draft.user.trim(),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(watched.length > 0 ? { watchedExtensions: watched } : {}),
    // A new CA wins over a pin; neither: the system's CAs (and a stored CA stays, see main's save).
    ...(pem
      ? { tls: { kind: 'ca' as const, pem } }
      : sha256
        ? { tls: { kind: 'fingerprint' as const, sha256 } }
        : {}),
    ...(draft.language !== 'system' ? { language: draft.language } : {}),
    ...(draft.theme !== 'system' ? { theme: draft.theme } : {}),
    ...(softphone ? { softphone } : {}),
    ...(pipeline ? { pipeline } : {}),
  };
}

/** What the editor does with the secret on save: a new one typed, the stored one forgotten on request. */
export interface SecretEdit {
  readonly typed: boolean;
  readonly forget: boolean;
}

/**
 * Whether main will drop the stored secret on save: the edit points the profile at another scheme,
 * host, port or user and brings no new secret (main's settings service applies the same rule).
 */
export function secretWillBeForgotten(
  profile: ProfileSummary | undefined,
  draft: ProfileDraft,
  secret: SecretEdit,
): boolean {
  if (!profile?.hasSecret || secret.forget || secret.typed) return false;
  return !secretStaysWith(profile, { url: draft.url.trim(), user: draft.user.trim() });
}

/**
 * Whether saving must ask first: an https profile becomes plain http while a secret goes with it
 * (a new one typed, or the stored one, which the operator will be asked for at the next connect).
 */
export function needsPlainHttpConfirmation(
  profile: ProfileSummary | undefined,
  draft: ProfileDraft,
  secret: SecretEdit,
): boolean {
  if (profile === undefined || !downgradesToPlainHttp(profile.url, draft.url.trim())) return false;
  return secret.typed || (profile.hasSecret && !secret.forget);
}
