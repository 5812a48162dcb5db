/**
 * Which extension enters a ConfBridge room, found in the dialplan that ShowDialPlan lists (main/pbx.c's
 * manager_show_dialplan: one ListDialplan event per priority, include, ignore pattern or switch).
 * Pure: the parser reads the events, the policy picks an extension per room.
 */
import { eventName, get, type AmiMessage } from '../../../shared/ami';

export interface DialplanPriority {
  readonly context: string;
  readonly exten: string;
  /** A number, or `hint`. */
  readonly priority: number | 'hint';
  readonly app: string;
  readonly appData: string;
}

export interface Dialplan {
  readonly priorities: readonly DialplanPriority[];
  /** context -> the contexts it includes, in order. */
  readonly includes: ReadonlyMap<string, readonly string[]>;
}

export function parseDialplan(events: readonly AmiMessage[]): Dialplan {
  const priorities: DialplanPriority[] = [];
  const includes = new Map<string, string[]>();
  for (const m of events) {
    if (eventName(m) !== 'ListDialplan') continue;
    const context = get(m, 'Context') ?? '';
    const included = get(m, 'IncludeContext');
    if (included !== undefined) {
      const list = includes.get(context) ?? [];
      list.push(included);
      includes.set(context, list);
      continue;
    }
    const exten = get(m, 'Extension');
    const priority = get(m, 'Priority');
    if (exten === undefined || priority === undefined) continue;
    const n = Number.parseInt(priority, 10);
    priorities.push({
      context,
      exten,
      priority: priority === 'hint' ? 'hint' : Number.isFinite(n) ? n : 0,
      app: get(m, 'Application') ?? '',
      appData: get(m, 'AppData') ?? '',
    });
  }
  return { priorities, includes };
}

/**
 * ast_extension_match() for the patterns a room extension uses: `_` then X (0-9), Z (1-9), N (2-9),
 * [..] sets with ranges, `.` (one or more) and `!` (zero or more); anything else matches itself.
 */
export function extensionMatches(pattern: string, exten: string): boolean {
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
      const set = p.slice(i + 1, end).replace(/[\\^\]]/g, (c) => `\\${c}`);
      source += `[${set}]`;
      i = end;
    } else source += ch.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
  }
  return new RegExp(`${source}$`).test(exten);
}

export interface RoomExtension {
  /** What to Redirect to. */
  readonly exten: string;
  /** The context to Redirect into: the dial context when it reaches the extension, else the extension's own. */
  readonly context: string;
}

/**
 * The room a ConfBridge() priority enters in `exten`: its first argument, with `${EXTEN}` standing
 * for the dialled extension (undefined when it depends on anything else, e.g. FreePBX's ${MEETME_ROOMNUM}).
 */
function roomOf(p: DialplanPriority, dialled: string): string | undefined {
  const arg = (p.appData.split(',')[0] ?? '').trim();
  const room = arg.replace(/\$\{EXTEN\}/g, dialled);
  return room && !room.includes('$') ? room : undefined;
}

/** Contexts reachable from `start` through includes, nearest first (the order Asterisk searches them). */
function reachable(includes: Dialplan['includes'], start: string): string[] {
  const seen = [start];
  for (let i = 0; i < seen.length; i++) {
    for (const next of includes.get(seen[i] as string) ?? []) if (!seen.includes(next)) seen.push(next);
  }
  return seen;
}

/**
 * The extension that enters `room`: one whose dialplan runs ConfBridge(<room>…). A literal
 * extension wins over a pattern (a pattern such as `_9XX` with ConfBridge(${EXTEN}) is dialled as
 * the room's name); one reachable from `dialContext` wins over one elsewhere, which is reached in
 * its own context. Undefined when no extension runs the room.
 */
export function roomExtensionFromDialplan(
  dialplan: Dialplan,
  room: string,
  dialContext: string,
): RoomExtension | undefined {
  const candidates: Array<{ exten: string; context: string; literal: boolean }> = [];
  for (const p of dialplan.priorities) {
    if (p.app.toLowerCase() !== 'confbridge') continue;
    const literal = !p.exten.startsWith('_');
    const dialled = literal ? p.exten : room;
    if (!literal && !extensionMatches(p.exten, room)) continue;
    if (roomOf(p, dialled) !== room) continue;
    candidates.push({ exten: dialled, context: p.context, literal });
  }
  if (candidates.length === 0) return undefined;
  const order = reachable(dialplan.includes, dialContext);
  const rank = (c: { context: string; literal: boolean }): number => {
    const at = order.indexOf(c.context);
    return (c.literal ? 0 : 1000) + (at < 0 ? 500 : at);
  };
  const best = [...candidates].sort((a, b) => rank(a) - rank(b))[0] as (typeof candidates)[number];
  return { exten: best.exten, context: order.includes(best.context) ? dialContext : best.context };
}

/** Every room a dialplan enters by a fixed name, with its extension (what the console is told at connect). */
export function roomExtensionsFromDialplan(
  dialplan: Dialplan,
  dialContext: string,
): Record<string, RoomExtension> {
  const rooms = new Set<string>();
  for (const p of dialplan.priorities) {
    if (p.app.toLowerCase() !== 'confbridge' || p.exten.startsWith('_')) continue;
    const room = roomOf(p, p.exten);
    if (room) rooms.add(room);
  }
  const out: Record<string, RoomExtension> = {};
  for (const room of rooms) {
    const found = roomExtensionFromDialplan(dialplan, room, dialContext);
    if (found) out[room] = found;
  }
  return out;
}
