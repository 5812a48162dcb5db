/**
 * Asterisk's strings.h blank handling (ast_skip_blanks, ast_trim_blanks, ast_skip_nonblanks): every
 * byte up to and including space counts as blank, so tabs, CR and other control bytes do too.
 */

export const isBlank = (c: number): boolean => c < 33;

/** ast_trim_blanks(): drops trailing blanks. */
export function trimBlanks(s: string): string {
  let end = s.length;
  while (end > 0 && isBlank(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}

/** ast_skip_blanks(): drops leading blanks. */
export function skipBlanks(s: string): string {
  let i = 0;
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  return s.slice(i);
}

/** ast_skip_nonblanks(): the index of the first blank (or the length). */
export function skipNonBlanks(s: string): number {
  let i = 0;
  while (i < s.length && !isBlank(s.charCodeAt(i))) i++;
  return i;
}
