/**
 * The name a file is stored under on the PBX. Asterisk saves each part under the part's filename,
 * and real Asterisk 22.10.1 writes unquoted or RFC 2231 names containing `../` outside its folder
 * (captures 09i, 09j). We therefore only ever send a plain basename made of a conservative
 * character set, quoted; a name that is already safe is sent unchanged.
 */

/** Letters, digits, dot, dash, underscore, plus; starting with a letter, digit or underscore. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;
/** Linux NAME_MAX is 255 bytes; leave room for an editor's backup suffix on the PBX. */
export const MAX_NAME_LENGTH = 200;

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && name.length <= MAX_NAME_LENGTH && !name.includes('..');
}

/** The last path component, for `/` and `\` alike (a Windows path may reach us on any OS). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

/**
 * A safe stored name for a local file path: basename only, accents folded to ASCII
 * (`grabación.wav` -> `grabacion.wav`), anything else outside the safe set becomes `_`, no `..`,
 * no leading dot, the extension kept. Returns '' when nothing usable is left.
 */
export function sanitizeName(path: string): string {
  const base = baseName(path);
  if (isSafeName(base)) return base;
  let name = base
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._+-]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/_{2,}/g, '_')
    .replace(/^[._+-]+/, '');
  if (name.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return isSafeName(name) ? name : '';
}

/** The extension as Asterisk matches it (case-sensitive: `WAV` is GSM-in-WAV, `wav` is PCM). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}
