/**
 * Pure: the switchboard's extensions -> the grid the operator arranged: labels, groups, search and
 * completion. No DOM, no Svelte: the store derives from it and the tests call it directly.
 */
import type { Extension, ParkedCall, ParkingLot } from '../../../shared/switchboard';
import { fold } from '../lib/calls';
import { known, partyText } from '../lib/callerid';

/** One extension as its button shows it: the operator's label wins over the PBX's name. */
export interface GridButton {
  readonly ext: Extension;
  /** What the button and its accessible name say after the number. */
  readonly name: string;
  /** Who it talks to (or who rings it), as `Ana García <102>`; '' when idle. */
  readonly talksTo: string;
  /** Folded number and name, for search. */
  readonly haystack: string;
}

/** An operator-defined group (Reception, Sales…) of one profile. */
export interface GridGroup {
  readonly id: string;
  readonly name: string;
  /** Extensions (numbers) in the order the operator put them. */
  readonly members: readonly string[];
}

export interface GroupView {
  /** The group's id; '' for the extensions no group names. */
  readonly id: string;
  readonly name: string;
  readonly buttons: readonly GridButton[];
}

const cache = new WeakMap<Extension, { label: string | undefined; button: GridButton }>();

// One collator for every sort: localeCompare with options builds a new one per call, which over
// 1,000 extensions costs more than the rest of a patch.
const byNumber = new Intl.Collator(undefined, { numeric: true });

/** The button of one extension with the operator's label, kept per (immutable) extension object. */
function buttonOf(ext: Extension, labels: Readonly<Record<string, string>>): GridButton {
  const label = labels[ext.exten]?.trim() || undefined;
  const hit = cache.get(ext);
  if (hit && hit.label === label) return hit.button;
  const name = label ?? known(ext.name);
  const talksTo = ext.talkingTo
    ? partyText(ext.talkingTo.name, ext.talkingTo.num) || ext.talkingTo.channel || ''
    : '';
  const button: GridButton = { ext, name, talksTo, haystack: fold(`${ext.exten}\u0000${name}`) };
  cache.set(ext, { label, button });
  return button;
}

/**
 * One button per extension number (an extension in two contexts shows once: the first by id),
 * sorted by number. Extensions are immutable (a patch replaces the object), so an unchanged one
 * keeps its button object and the grid re-renders only what an event touched.
 */
export function gridButtons(
  extensions: Readonly<Record<string, Extension>>,
  labels: Readonly<Record<string, string>>,
): GridButton[] {
  const byExten = new Map<string, Extension>();
  for (const ext of Object.values(extensions)) {
    const seen = byExten.get(ext.exten);
    // The hint (with a context) is the extension; an endpoint alone only fills a gap.
    if (!seen || (seen.context === '' && ext.context !== '')) byExten.set(ext.exten, ext);
  }
  const out: GridButton[] = [];
  for (const ext of byExten.values()) out.push(buttonOf(ext, labels));
  return out.sort((a, b) => byNumber.compare(a.ext.exten, b.ext.exten));
}

/** The grid's buttons with what they were built from, so the next patch can reuse them. */
export interface ButtonIndex {
  readonly extensions: Readonly<Record<string, Extension>>;
  readonly labels: Readonly<Record<string, string>>;
  /** As gridButtons returns them. */
  readonly buttons: readonly GridButton[];
  /** Where each number's button sits in `buttons`. */
  readonly at: ReadonlyMap<string, number>;
  /** How many extension ids `extensions` holds. */
  readonly ids: number;
}

/**
 * gridButtons, reusing the last answer: when a patch only changed extensions the grid already
 * has (the common case: a state, a call, a name), their buttons are replaced in place, with no
 * regrouping and no sort of the other thousand. A new or removed id, a changed context or new
 * labels build it all again. Always the same buttons, in the same order, as gridButtons.
 */
export function indexButtons(
  extensions: Readonly<Record<string, Extension>>,
  labels: Readonly<Record<string, string>>,
  previous?: ButtonIndex,
): ButtonIndex {
  if (previous && previous.labels === labels) {
    const patched = patchButtons(previous, extensions);
    if (patched) return patched;
  }
  const buttons = gridButtons(extensions, labels);
  const at = new Map<string, number>();
  buttons.forEach((b, i) => at.set(b.ext.exten, i));
  return { extensions, labels, buttons, at, ids: Object.keys(extensions).length };
}

function patchButtons(
  previous: ButtonIndex,
  extensions: Readonly<Record<string, Extension>>,
): ButtonIndex | undefined {
  if (extensions === previous.extensions) return previous;
  let ids = 0;
  let out: GridButton[] | undefined;
  for (const id in extensions) {
    ids++;
    const ext = extensions[id] as Extension;
    const before = previous.extensions[id];
    if (ext === before) continue;
    // Which id of a number shows depends on the ids and their contexts: changed, build anew.
    if (before === undefined || before.exten !== ext.exten || before.context !== ext.context)
      return undefined;
    const slot = previous.at.get(ext.exten);
    if (slot === undefined) return undefined;
    // Another id of the same number is the one shown: this change does not show.
    if ((out ?? previous.buttons)[slot]?.ext !== before) continue;
    out ??= previous.buttons.slice();
    out[slot] = buttonOf(ext, previous.labels);
  }
  if (ids !== previous.ids) return undefined;
  return { ...previous, extensions, buttons: out ?? previous.buttons };
}

/** Search by number or name, case- and accent-insensitive (`jose` finds `José`). */
export function matchesButton(button: GridButton, query: string): boolean {
  return matchesFolded(button, fold(query.trim()));
}

function matchesFolded(button: GridButton, q: string): boolean {
  return q === '' || button.haystack.includes(q);
}

/**
 * The grid as the operator arranged it: each group with its members in the group's order (those
 * the PBX reports), then every extension no group names. An extension may sit in several groups.
 */
export function groupButtons(
  buttons: readonly GridButton[],
  groups: readonly GridGroup[],
  query: string,
): GroupView[] {
  const q = fold(query.trim());
  const grouped = new Set<string>();
  const out: GroupView[] = [];
  if (groups.length > 0) {
    const byExten = new Map(buttons.map((b) => [b.ext.exten, b]));
    for (const g of groups) {
      const members: GridButton[] = [];
      for (const exten of g.members) {
        const b = byExten.get(exten);
        grouped.add(exten);
        if (b && matchesFolded(b, q)) members.push(b);
      }
      out.push({ id: g.id, name: g.name, buttons: members });
    }
  }
  const rest =
    grouped.size === 0 && q === ''
      ? buttons
      : buttons.filter((b) => !grouped.has(b.ext.exten) && matchesFolded(b, q));
  if (rest.length > 0 || groups.length === 0) out.push({ id: '', name: '', buttons: rest });
  return out;
}

/**
 * Completions for a typed target, from the grid: numbers that start with the text first, then
 * names that contain it (accent-insensitive).
 */
export function completeTarget(buttons: readonly GridButton[], text: string, limit = 8): GridButton[] {
  const q = fold(text.trim());
  if (!q) return [];
  const starts: GridButton[] = [];
  const named: GridButton[] = [];
  for (const b of buttons) {
    if (b.ext.exten.startsWith(q)) starts.push(b);
    else if (b.haystack.slice(b.haystack.indexOf('\u0000') + 1).includes(q)) named.push(b);
  }
  return [...starts, ...named].slice(0, limit);
}

/** A typed target resolved: an exact number, or the only completion a name matched. */
export function resolveTarget(buttons: readonly GridButton[], text: string): string | undefined {
  const typed = text.trim();
  if (buttons.some((b) => b.ext.exten === typed)) return typed;
  const found = completeTarget(buttons, typed, 2);
  return found.length === 1 ? found[0]?.ext.exten : undefined;
}

export interface LotView {
  readonly lot: ParkingLot;
  readonly calls: readonly ParkedCall[];
}

/** One entry per lot (those the PBX lists, and any a parked call names), calls by space. */
export function lotViews(
  lots: Readonly<Record<string, ParkingLot>>,
  parked: Readonly<Record<string, ParkedCall>>,
): LotView[] {
  const byLot = new Map<string, ParkedCall[]>();
  for (const p of Object.values(parked)) byLot.set(p.lot, [...(byLot.get(p.lot) ?? []), p]);
  const names = [...new Set([...Object.keys(lots), ...byLot.keys()])].sort();
  return names.map((name) => ({
    lot: lots[name] ?? { name, startSpace: '', stopSpace: '', timeout: 0 },
    calls: (byLot.get(name) ?? []).sort((a, b) => Number(a.space) - Number(b.space)),
  }));
}

/** One line of the virtualized grid: a group's header, or a row of buttons. */
export type GridRow =
  | {
      readonly kind: 'header';
      readonly key: string;
      readonly group: string;
      readonly count: number;
    }
  | {
      readonly kind: 'row';
      readonly key: string;
      readonly group: string;
      readonly buttons: readonly GridButton[];
    };

/**
 * The grid as lines for the virtual list: each group's header, then its buttons `columns` to a
 * row (none while collapsed). Only the lines on screen become DOM, so 1,000 extensions cost the
 * DOM of the few hundred visible.
 */
export function gridRows(
  groups: readonly GroupView[],
  columns: number,
  collapsed: readonly string[],
  previous?: ReadonlyMap<string, GridRow>,
): GridRow[] {
  const cols = Math.max(1, Math.floor(columns));
  const out: GridRow[] = [];
  // A line whose content did not change keeps its object: the virtual list then re-renders only
  // the line an event touched, not every line on screen.
  const keep = (next: GridRow): GridRow => {
    const before = previous?.get(next.key);
    return before && sameRow(before, next) ? before : next;
  };
  for (const g of groups) {
    out.push(keep({ kind: 'header', key: `h:${g.id}`, group: g.id, count: g.buttons.length }));
    if (collapsed.includes(g.id)) continue;
    for (let i = 0; i < g.buttons.length; i += cols) {
      const buttons = g.buttons.slice(i, i + cols);
      out.push(keep({ kind: 'row', key: `r:${g.id}:${i / cols}`, group: g.id, buttons }));
    }
  }
  return out;
}

function sameRow(a: GridRow, b: GridRow): boolean {
  if (a.kind === 'header' && b.kind === 'header') return a.group === b.group && a.count === b.count;
  if (a.kind !== 'row' || b.kind !== 'row') return false;
  if (a.group !== b.group || a.buttons.length !== b.buttons.length) return false;
  for (let i = 0; i < a.buttons.length; i++) if (a.buttons[i] !== b.buttons[i]) return false;
  return true;
}
