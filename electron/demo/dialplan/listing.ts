/**
 * ShowDialPlan as main/pbx.c (Asterisk 22.10.1) answers it: manager_show_dialplan_helper() walks the
 * contexts (or the one asked for), prints one ListDialplan item per priority of each matching
 * extension and one per include; with an Extension asked for it follows the includes instead of
 * listing them. Pure: the dialplan comes in, the items and counters go out.
 */
import type { Lines } from '../office';

export interface DialplanPriority {
  /** A number, or `hint`. */
  readonly priority: number | 'hint';
  readonly app: string;
  readonly data: string;
}

export interface DialplanExtension {
  readonly exten: string;
  readonly priorities: readonly DialplanPriority[];
}

export interface DialplanContext {
  readonly name: string;
  readonly extensions: readonly DialplanExtension[];
  readonly includes: readonly string[];
  /** Who registered it: `pbx_config` for extensions.conf. */
  readonly registrar: string;
}

export interface DialplanListing {
  /** The items' lines after `Event: ListDialplan` and the ActionID. */
  readonly items: readonly Lines[];
  readonly extensions: number;
  readonly priorities: number;
  readonly contexts: number;
  readonly contextFound: boolean;
  readonly extensionFound: boolean;
}

/** pbx.c's AST_PBX_MAX_STACK: how deep includes are followed. */
const MAX_STACK = 128;

/** ast_extension_match() for the demo's patterns (X, Z, N, [..], `.` and `!`). */
export function extensionMatch(pattern: string, exten: string): boolean {
  if (!pattern.startsWith('_')) return pattern === exten;
  let source = '^';
  const p = pattern.slice(1);
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string;
    const up = ch.toUpperCase();
    if (up === 'X') source += '[0-9]';
    else if (up === 'Z') source += '[1-9]';
    else if (up === 'N') source += '[2-9]';
    else if (ch === '.') source += '.+';
    else if (ch === '!') source += '.*';
    else if (ch === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) return false;
      source += `[${p.slice(i + 1, end).replace(/[\\^\]]/g, (c) => `\\${c}`)}]`;
      i = end;
    } else source += ch.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
  }
  return new RegExp(`${source}$`).test(exten);
}

/**
 * ext_cmp()'s order, as the contexts keep their extensions: literal extensions before patterns,
 * each in byte order (the demo's extensions are digits, `*` codes and simple patterns).
 */
export function sortExtensions(list: readonly DialplanExtension[]): DialplanExtension[] {
  const key = (e: DialplanExtension): [number, string] => [e.exten.startsWith('_') ? 1 : 0, e.exten];
  return [...list].sort((a, b) => {
    const [pa, ea] = key(a);
    const [pb, eb] = key(b);
    return pa !== pb ? pa - pb : ea < eb ? -1 : ea > eb ? 1 : 0;
  });
}

export function showDialPlan(
  dialplan: readonly DialplanContext[],
  asked: { readonly context?: string; readonly exten?: string },
): DialplanListing {
  const items: Lines[] = [];
  const dpc = { extensions: 0, priorities: 0, contexts: 0, contextFound: false, extensionFound: false };
  const exten = asked.exten || undefined;

  function helper(context: string | undefined, stack: string[]): void {
    for (const c of dialplan) {
      if (context !== undefined && c.name !== context) continue;
      dpc.contextFound = true;
      dpc.contexts++;
      for (const e of sortExtensions(c.extensions)) {
        if (exten !== undefined && !extensionMatch(e.exten, exten)) continue;
        dpc.extensionFound = true;
        dpc.extensions++;
        // The hint (priority -1) sorts first among an extension's priorities.
        const priorities = [...e.priorities].sort(
          (a, b) => (a.priority === 'hint' ? -1 : a.priority) - (b.priority === 'hint' ? -1 : b.priority),
        );
        for (const p of priorities) {
          dpc.priorities++;
          items.push([
            ['Context', c.name],
            ['Extension', e.exten],
            ...(p.priority === 'hint'
              ? ([
                  ['Priority', 'hint'],
                  ['Application', p.app],
                ] as const)
              : ([
                  ['Priority', String(p.priority)],
                  ['Application', p.app],
                  ['AppData', p.data],
                ] as const)),
            ['Registrar', c.registrar],
          ]);
        }
      }
      for (const include of c.includes) {
        if (exten !== undefined) {
          // With an extension asked for, the includes are searched, not listed (circular ones skipped).
          if (stack.length >= MAX_STACK) continue;
          if (stack.some((s) => s.toLowerCase() === include.toLowerCase())) continue;
          helper(include, [...stack, include]);
        } else {
          items.push([
            ['Context', c.name],
            ['IncludeContext', include],
            ['Registrar', c.registrar],
          ]);
        }
      }
    }
  }

  helper(asked.context || undefined, []);
  return {
    items,
    extensions: dpc.extensions,
    priorities: dpc.priorities,
    contexts: dpc.contexts,
    contextFound: dpc.contextFound,
    extensionFound: dpc.extensionFound,
  };
}
