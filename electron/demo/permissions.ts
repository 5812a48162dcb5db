/**
 * manager.c's permission classes: the flags, the manager.conf strings that name them, and the
 * `Priv:` strings ListCommands prints. Pure.
 */

export const EVENT_FLAG = {
  system: 1 << 0,
  call: 1 << 1,
  log: 1 << 2,
  verbose: 1 << 3,
  command: 1 << 4,
  agent: 1 << 5,
  user: 1 << 6,
  config: 1 << 7,
  dtmf: 1 << 8,
  reporting: 1 << 9,
  cdr: 1 << 10,
  dialplan: 1 << 11,
  originate: 1 << 12,
  agi: 1 << 13,
  cc: 1 << 15,
  aoc: 1 << 16,
  test: 1 << 17,
  security: 1 << 18,
  message: 1 << 30,
} as const;

export type PermName = keyof typeof EVENT_FLAG;

const INT_MAX = 0x7fffffff;

/** manager.c's perms[] in its order; "all" is INT_MAX so every non-zero authority prints ",all". */
const PERMS: ReadonlyArray<readonly [number, string]> = [
  ...Object.entries(EVENT_FLAG).map(([label, num]) => [num, label] as const),
  [INT_MAX, 'all'],
];

/** get_perm(): "call,reporting" -> flags; "all" -> every flag. */
export function parsePerm(text: string): number {
  const parts = text.split(',');
  let ret = 0;
  for (const [num, label] of [...PERMS, [0, 'none'] as const]) {
    if (parts.includes(label)) ret |= num;
  }
  return ret;
}

/** authority_to_str(): the `Privilege:` of events and the `Priv:` of ListCommands. */
export function authorityToString(authority: number): string {
  const labels: string[] = [];
  for (const [num, label] of PERMS) if (authority & num) labels.push(label);
  return labels.length === 0 ? '<none>' : labels.join(',');
}

/** Flags of a `Priv:`-style list; "all" alone is ignored (it is INT_MAX, not a class). */
export function authorityOf(privs: readonly PermName[]): number {
  let a = 0;
  for (const p of privs) a |= EVENT_FLAG[p];
  return a;
}
