/**
 * How Asterisk 22 reads an Originate's `CallerID`: action_originate() copies it into a 256-byte
 * buffer, runs ast_callerid_parse() (main/callerid.c) and then ast_shrink_phone_number() on the
 * number; an empty name or number becomes none. Followed step by step, on the value's UTF-8 bytes
 * as C sees them, because the shortcuts differ exactly where names hold `<`, `>`, quotes or
 * backslashes: the number comes from the LAST `<`, whatever precedes it is the name. Pure.
 */

/** ast_strip(): blanks are bytes below 33 (ast_skip_blanks, ast_trim_blanks). */
function strip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) < 33) start++;
  while (end > start && s.charCodeAt(end - 1) < 33) end--;
  return s.slice(start, end);
}

/** ast_strip_quoted(s, "\"", "\""): strips, then drops one pair of surrounding double quotes. */
function stripQuoted(s: string): { text: string; stripped: boolean } {
  const t = strip(s);
  if (t.startsWith('"') && t.endsWith('"')) return { text: t.slice(1, -1), stripped: true };
  return { text: t, stripped: false };
}

/** ast_unescape_quoted(): a backslash keeps the byte after it (a trailing one is dropped). */
function unescapeQuoted(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      if (i >= s.length) break;
    }
    out += s[i];
  }
  return out;
}

/**
 * ast_shrink_phone_number(): drops spaces and parentheses, `-` outside `[...]`, and `.` unless it
 * is the last byte.
 */
export function shrinkPhoneNumber(n: string): string {
  let out = '';
  let bracketed = 0;
  for (let x = 0; x < n.length; x++) {
    const c = n[x] as string;
    if (c === '[') {
      bracketed++;
      out += c;
    } else if (c === ']') {
      bracketed--;
      out += c;
    } else if (c === '-') {
      if (bracketed !== 0) out += c;
    } else if (c === '.') {
      if (x === n.length - 1) out += c;
    } else if (c !== '(' && c !== ' ' && c !== ')') {
      out += c;
    }
  }
  return out;
}

/** ast_isphonenumber(): non-empty, only digits, `*`, `#` and `+`. */
export function isPhoneNumber(n: string): boolean {
  return /^[0-9*#+]+$/.test(n);
}

/** ast_callerid_parse(): the name and the location (number), either possibly absent. */
export function callerIdParse(input: string): { name: string | undefined; location: string | undefined } {
  const outer = stripQuoted(strip(input));
  const instr = outer.text;
  const ls = instr.lastIndexOf('<');
  if (ls >= 0) {
    const rest = instr.slice(ls + 1);
    const le = rest.lastIndexOf('>');
    const location = le >= 0 ? rest.slice(0, le) : rest;
    return { name: unescapeQuoted(stripQuoted(instr.slice(0, ls)).text), location };
  }
  // tmp[256] in C: instr is already shorter than that.
  const tmp = shrinkPhoneNumber(instr);
  if (!outer.stripped && isPhoneNumber(tmp)) return { name: undefined, location: tmp };
  return { name: unescapeQuoted(stripQuoted(instr).text), location: undefined };
}

/** action_originate()'s `char tmp2[256]` holds at most 255 bytes. */
const BUFFER_BYTES = 255;

/** An Originate's CallerID as the channel gets it: empty strings stand for "none" (`<unknown>`). */
export function parseCallerId(text: string): { name: string; num: string } {
  // C strings: the value ends at a NUL byte, and the buffer truncates on a byte, not a character.
  const bytes = Buffer.from(text.split('\0')[0] as string, 'utf8').subarray(0, BUFFER_BYTES);
  const { name, location } = callerIdParse(bytes.toString('latin1'));
  const num = location === undefined ? '' : shrinkPhoneNumber(location);
  const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');
  return { name: utf8(name ?? ''), num: utf8(num) };
}
