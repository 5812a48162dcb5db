/**
 * Duplicates and names already taken on the PBX. Pure: the journal's entries for this PBX and
 * mapping in, a decision out. Asterisk overwrites a stored file without asking, so a name that
 * was uploaded before (or is on its way) is a question: the same content is never sent again; a
 * different file follows the profile's policy (ask, skip, overwrite, rename with a suffix).
 */
import type { OverwritePolicy } from '../../shared/pipeline';
import { MAX_NAME_LENGTH } from '../upload/names';

/** What is known about one name on the PBX from the journal. */
export interface NameUse {
  /** Hex SHA-256 of what was stored (or is being sent: '' when not known yet). */
  readonly sha256: string;
  readonly size: number;
}

export type ConflictDecision =
  | {
      readonly kind: 'send';
      readonly name: string;
      readonly overwrites: boolean;
      readonly renamedFrom?: string;
    }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'ask' };

/**
 * `uses(name)` lists what is known to be (or going to be) stored under `name`; `sha256` is the
 * local file's hash when it was needed and computed (`undefined`: ask for it with `needsHash`).
 */
export function decideName(
  name: string,
  size: number,
  sha256: string | undefined,
  uses: (name: string) => readonly NameUse[],
  policy: OverwritePolicy,
): ConflictDecision {
  const taken = uses(name);
  if (taken.length === 0) return { kind: 'send', name, overwrites: false };
  if (sha256 !== undefined && taken.some((u) => u.size === size && u.sha256 === sha256))
    return { kind: 'duplicate' };
  switch (policy) {
    case 'skip':
      return { kind: 'skip' };
    case 'ask':
      return { kind: 'ask' };
    case 'overwrite':
      return { kind: 'send', name, overwrites: true };
    case 'rename':
      return {
        kind: 'send',
        name: freeName(name, (n) => uses(n).length > 0),
        overwrites: false,
        renamedFrom: name,
      };
  }
}

/**
 * True when deciding needs the local file's SHA-256: a name already used for content of the
 * same size (otherwise the sizes already tell that the content differs).
 */
export function needsHash(name: string, size: number, uses: (name: string) => readonly NameUse[]): boolean {
  return uses(name).some((u) => u.size === size);
}

/** `name-<n>.ext`, its stem shortened when needed so that it stays a safe stored name. */
export function suffixed(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  const suffix = `-${n}`;
  const stem = (dot > 0 ? name.slice(0, dot) : name).slice(0, MAX_NAME_LENGTH - ext.length - suffix.length);
  return `${stem}${suffix}${ext}`;
}

/** `name-1.ext`, `name-2.ext`... the first one not taken. */
export function freeName(name: string, taken: (name: string) => boolean): string {
  for (let i = 1; ; i++) {
    const candidate = suffixed(name, i);
    if (!taken(candidate)) return candidate;
  }
}
