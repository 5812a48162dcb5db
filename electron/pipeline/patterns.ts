/**
 * Which files in a watched folder are recordings to send. Pure. Temporary files (a copy or a
 * download in progress, an editor's lock) are never taken, whatever the patterns say; then the
 * include patterns (default: the extensions Asterisk plays, any case) and the exclude patterns
 * decide. Patterns are globs on the path relative to the folder, `/`-separated, case-insensitive:
 * `*` within a name, `**` across folders, `?` one character, `{a,b}` alternatives.
 */
import { PLAYABLE_EXTENSIONS } from '../upload/checks';

/** Names that a writer is still busy with: partial downloads and copies, Office lock files. */
const TEMPORARY = /(^~\$)|(^\.~)|(\.(part|partial|tmp|temp|crdownload|download|filepart)$)|(~$)/i;

const PLAYABLE_LOWER = new Set(PLAYABLE_EXTENSIONS.map((e) => e.toLowerCase()));

export function isTemporaryName(name: string): boolean {
  return TEMPORARY.test(name);
}

/** True when the name's extension, in any case, is one Asterisk plays. */
export function hasAudioExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && PLAYABLE_LOWER.has(name.slice(dot + 1).toLowerCase());
}

function escape(char: string): string {
  return /[.+^$()|[\]\\]/.test(char) ? `\\${char}` : char;
}

/** A glob as a case-insensitive regular expression on the whole relative path. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let depth = 0;
  const g = glob.replace(/\\/g, '/');
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === '*') {
      if (g[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` anything.
        if (g[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      out += '(?:';
      depth++;
    } else if (c === '}' && depth > 0) {
      out += ')';
      depth--;
    } else if (c === ',' && depth > 0) out += '|';
    else out += escape(c);
  }
  while (depth-- > 0) out += ')';
  // A pattern without a folder part applies to the name in any folder (like .gitignore).
  const anywhere = !g.includes('/');
  return new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${out}$`, 'i');
}

export interface FileFilter {
  /** `relative` is the path under the watched folder with `/` separators. */
  accepts(relative: string): boolean;
}

export function fileFilter(include: readonly string[], exclude: readonly string[]): FileFilter {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return {
    accepts(relative) {
      const rel = relative.replace(/\\/g, '/');
      const name = rel.slice(rel.lastIndexOf('/') + 1);
      if (name === '' || isTemporaryName(name)) return false;
      const included = inc.length === 0 ? hasAudioExtension(name) : inc.some((r) => r.test(rel));
      return included && !exc.some((r) => r.test(rel));
    },
  };
}
