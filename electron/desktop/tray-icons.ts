/** PNGs for the four tray states, at 1x and 2x, drawn once per run. */
import { ICON_COLORS, drawMark } from './icon-art';
import { encodePng } from './png';
import type { TrayIconKind } from './tray-state';

export interface TrayIconPngs {
  readonly x1: Buffer;
  readonly x2: Buffer;
}

const cache = new Map<TrayIconKind, TrayIconPngs>();

export function trayIconPngs(kind: TrayIconKind): TrayIconPngs {
  let pngs = cache.get(kind);
  if (!pngs) {
    pngs = {
      x1: encodePng(drawMark(16, ICON_COLORS[kind], 8)),
      x2: encodePng(drawMark(32, ICON_COLORS[kind], 6)),
    };
    cache.set(kind, pngs);
  }
  return pngs;
}
