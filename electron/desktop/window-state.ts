/**
 * The main window's size and position, remembered between runs. What comes back from disk is
 * schema-checked (Signal parses its window config the same way), and a position that no longer lies
 * on any display (a monitor unplugged, a resolution changed) falls back to a centred default.
 */
import * as v from 'valibot';
import { MIN_HEIGHT, MIN_WIDTH, type WindowBounds } from './window-options';

const coordinate = v.pipe(v.number(), v.integer(), v.minValue(-100_000), v.maxValue(100_000));
const extent = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000));

export const WindowStateSchema = v.strictObject({
  x: coordinate,
  y: coordinate,
  width: extent,
  height: extent,
  maximized: v.boolean(),
});
export type WindowState = v.InferOutput<typeof WindowStateSchema>;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;

/** How much of the window's title bar must be on some display for the saved position to be kept. */
const VISIBLE_MARGIN = 48;

function intersects(a: Rect, b: Rect): boolean {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width >= VISIBLE_MARGIN && height >= Math.min(VISIBLE_MARGIN, a.height);
}

/** Parses a stored value; anything malformed is treated as nothing stored. */
export function parseWindowState(raw: unknown): WindowState | undefined {
  const parsed = v.safeParse(WindowStateSchema, raw);
  return parsed.success ? parsed.output : undefined;
}

/**
 * Bounds for a new window: the saved ones when their title bar is on one of `workAreas`, clamped to
 * that display and to the minimum size; otherwise the default size, centred by Electron (no x/y).
 */
export function initialBounds(saved: WindowState | undefined, workAreas: readonly Rect[]): WindowBounds {
  const fallback: WindowBounds = {
    width: Math.max(MIN_WIDTH, Math.min(DEFAULT_SIZE.width, workAreas[0]?.width ?? DEFAULT_SIZE.width)),
    height: Math.max(MIN_HEIGHT, Math.min(DEFAULT_SIZE.height, workAreas[0]?.height ?? DEFAULT_SIZE.height)),
  };
  if (!saved) return fallback;
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: VISIBLE_MARGIN };
  const area = workAreas.find((candidate) => intersects(titleBar, candidate));
  if (!area) return fallback;
  const width = Math.max(MIN_WIDTH, Math.min(saved.width, area.width));
  const height = Math.max(MIN_HEIGHT, Math.min(saved.height, area.height));
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - Math.min(width, area.width));
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - Math.min(height, area.height));
  return { x, y, width, height };
}

/** What to save: the normal (un-maximized) bounds, so restoring a maximized window has a sane size. */
export function stateToSave(normalBounds: Rect, maximized: boolean): WindowState | undefined {
  const candidate = {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.round(normalBounds.width),
    height: Math.round(normalBounds.height),
    maximized,
  };
  return parseWindowState(candidate);
}

/** Store access for the window state (same file as the settings, its own key). */
export interface WindowStateStore {
  get(key: 'window'): unknown;
  set(key: 'window', value: WindowState): void;
}

export function loadWindowState(store: WindowStateStore): WindowState | undefined {
  return parseWindowState(store.get('window'));
}
