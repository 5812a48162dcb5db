/**
 * The operator's arrangement of the grid for one profile: groups (Reception, Sales…), labels per
 * extension, which groups are collapsed, compact or roomy buttons. Pure parsing and a small storage
 * seam: the store passes the browser's localStorage, tests pass a Map.
 *
 * Groups and labels belong to the saved profile (they travel with an export); this window's storage
 * keeps only how it shows them (collapsed groups, density), and everything for a session without a
 * saved profile. Builds before the move kept groups and labels here: they are moved once.
 */
import type { ProfileInput, ProfileSummary } from '../../../shared/ipc';
import type { SwitchboardLayout } from '../../../shared/switchboard';
import type { GridGroup } from './grid';

export interface GridLayout {
  readonly groups: readonly GridGroup[];
  readonly labels: Readonly<Record<string, string>>;
  readonly collapsed: readonly string[];
  readonly compact: boolean;
}

export const EMPTY_LAYOUT: GridLayout = { groups: [], labels: {}, collapsed: [], compact: false };

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const EXTEN = /^[A-Za-z0-9*#+_.-]{1,64}$/;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Whatever was stored, read defensively: a damaged entry loses only itself. */
export function parseLayout(text: string | null): GridLayout {
  if (!text) return EMPTY_LAYOUT;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_LAYOUT;
  }
  if (typeof raw !== 'object' || raw === null) return EMPTY_LAYOUT;
  const r = raw as Record<string, unknown>;
  const groups: GridGroup[] = [];
  for (const g of Array.isArray(r['groups']) ? (r['groups'] as unknown[]) : []) {
    if (typeof g !== 'object' || g === null) continue;
    const { id, name, members } = g as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string' || !name.trim()) continue;
    groups.push({
      id,
      name: name.trim().slice(0, 60),
      members: strings(members).filter((m) => EXTEN.test(m)),
    });
  }
  const labels: Record<string, string> = {};
  const rawLabels = r['labels'];
  if (typeof rawLabels === 'object' && rawLabels !== null) {
    for (const [exten, label] of Object.entries(rawLabels)) {
      if (EXTEN.test(exten) && typeof label === 'string' && label.trim())
        labels[exten] = label.trim().slice(0, 60);
    }
  }
  return { groups, labels, collapsed: strings(r['collapsed']), compact: r['compact'] === true };
}

/** `101, 102 103` -> ['101', '102', '103']: what the group editor's members field accepts. */
export function parseMembers(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\s,;]+/)) if (EXTEN.test(part) && !out.includes(part)) out.push(part);
  return out;
}

export function layoutKey(profile: string): string {
  return `ajam-console.switchboard.${profile}`;
}

export function loadLayout(storage: KeyValueStorage | undefined, profile: string): GridLayout {
  try {
    return parseLayout(storage?.getItem(layoutKey(profile)) ?? null);
  } catch {
    return EMPTY_LAYOUT;
  }
}

export function saveLayout(storage: KeyValueStorage | undefined, profile: string, layout: GridLayout): void {
  try {
    storage?.setItem(layoutKey(profile), JSON.stringify(layout));
  } catch {
    // Storage disabled or full: the arrangement still holds for this window.
  }
}

/** What of the arrangement the profile keeps. */
export function profileLayout(layout: GridLayout): SwitchboardLayout {
  return {
    groups: layout.groups.map((g) => ({ id: g.id, name: g.name, members: [...g.members] })),
    labels: { ...layout.labels },
  };
}

/** Whether this window's storage holds groups or labels (from a build before they moved). */
export function hasProfileParts(layout: GridLayout): boolean {
  return layout.groups.length > 0 || Object.keys(layout.labels).length > 0;
}

/** The window's arrangement with the profile's groups and labels, when it has them. */
export function mergeLayout(local: GridLayout, stored: SwitchboardLayout | undefined): GridLayout {
  return stored ? { ...local, groups: stored.groups, labels: stored.labels } : local;
}

/**
 * `profile` with this grid layout, every other field as main summarised it. The room extensions and
 * a stored CA are left out: main keeps the stored ones for a save that does not carry them.
 */
export function withSwitchboardLayout(profile: ProfileSummary, layout: SwitchboardLayout): ProfileInput {
  const {
    hasSecret: _has,
    hasSipPassword: _sip,
    storedTurnCredentials: _turn,
    tls,
    roomExtensions: _rooms,
    switchboardLayout: _before,
    ...fields
  } = profile;
  return {
    ...fields,
    watchedExtensions: [...fields.watchedExtensions],
    ...(tls?.kind === 'fingerprint' ? { tls } : {}),
    switchboardLayout: layout,
  };
}
