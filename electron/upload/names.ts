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

/** Longest extension kept apart from the base name (`g726-40`, `sln192` fit; longer is not one). */
const MAX_EXTENSION_LENGTH = 16;

/** Accents folded to ASCII (`ó` -> `o`), every other character outside the safe set -> `_`. */
function foldUnsafe(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._+-]/g, '_');
}

/**
 * The two halves of a safe stored name for a local file path: the base (basename without its
 * extension, `..` collapsed, no leading dot, dash or underscore, no trailing dot) and the
 * extension (without its dot). The extension is split off BEFORE the base is cleaned, so a base
 * that cleans down to nothing (`日本語.wav`, `....wav`) never swallows the dot and leaves `wav` as
 * a name without an extension. `base` may be '' (see sanitizeName / hashedName).
 */
export function nameParts(path: string): { readonly base: string; readonly ext: string } {
  const whole = baseName(path);
  const dot = whole.lastIndexOf('.');
  const rawExt = dot >= 0 ? foldUnsafe(whole.slice(dot + 1)) : '';
  const split = rawExt !== '' && rawExt.length <= MAX_EXTENSION_LENGTH;
  const ext = split ? rawExt : '';
  let base = foldUnsafe(split ? whole.slice(0, dot) : whole)
    .replace(/\.{2,}/g, '.')
    .replace(/_{2,}/g, '_')
    .replace(/^[._+-]+/, '')
    .replace(/\.+$/, '');
  const room = MAX_NAME_LENGTH - (ext === '' ? 0 : ext.length + 1);
  if (base.length > room) base = base.slice(0, room).replace(/\.+$/, '');
  return { base, ext };
}

/**
 * A safe stored name for a local file path: basename only, accents folded to ASCII
 * (`grabación.wav` -> `grabacion.wav`), anything else outside the safe set becomes `_`, no `..`,
 * no leading dot, the extension kept. Returns '' when nothing of the base name is usable: the
 * caller then names the file after its content (hashedName).
 */
export function sanitizeName(path: string): string {
  const base = baseName(path);
  if (isSafeName(base)) return base;
  const parts = nameParts(path);
  if (parts.base === '') return '';
  const name = parts.ext === '' ? parts.base : `${parts.base}.${parts.ext}`;
  return isSafeName(name) ? name : '';
}

/**
 * The stored name for a file whose base name cleans down to nothing: `upload-` and the first 12
 * hex digits of its SHA-256, with its extension. The same content always gets the same name, so
 * sending it again overwrites rather than piles up copies; 48 bits keep different files apart.
 */
export function hashedName(sha256Hex: string, path: string): string {
  const { ext } = nameParts(path);
  const stem = `upload-${sha256Hex.slice(0, 12).toLowerCase()}`;
  return ext === '' ? stem : `${stem}.${ext}`;
}

/** The extension as Asterisk matches it (case-sensitive: `WAV` is GSM-in-WAV, `wav` is PCM). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}
