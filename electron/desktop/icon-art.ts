/**
 * The AJAM Console mark, drawn in code so the app icon, the installer icons and the four tray states
 * come from one drawing: a white operator headset on a rounded square whose colour says the state.
 * Shapes are tested per sample point and supersampled for smooth edges at 16 px as at 1024 px.
 */
import type { RgbaImage } from './png';
import type { TrayIconKind } from './tray-state';

export type Rgb = readonly [number, number, number];

/** Brand teal for the app icon; the tray colours read at a glance (green, amber, grey, blue). */
export const ICON_COLORS: Readonly<Record<'app' | TrayIconKind, Rgb>> = {
  app: [15, 118, 110],
  connected: [22, 163, 74],
  reconnecting: [217, 119, 6],
  offline: [107, 114, 128],
  uploading: [37, 99, 235],
};

function inRoundedRect(
  x: number,
  y: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r: number,
): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inRing(x: number, y: number, cx: number, cy: number, radius: number, thickness: number): boolean {
  const d = Math.hypot(x - cx, y - cy);
  return d >= radius - thickness / 2 && d <= radius + thickness / 2;
}

/** The headset, in unit coordinates (0..1, y down). */
export function inGlyph(x: number, y: number): boolean {
  // Headband: the upper half of a ring over the head.
  if (y <= 0.55 && inRing(x, y, 0.5, 0.55, 0.26, 0.075)) return true;
  // Ear cups.
  if (inRoundedRect(x, y, 0.19, 0.47, 0.34, 0.72, 0.05)) return true;
  if (inRoundedRect(x, y, 0.66, 0.47, 0.81, 0.72, 0.05)) return true;
  // Microphone boom from the left cup round to the mouth, and its capsule.
  if (x >= 0.27 && x <= 0.5 && y >= 0.66 && inRing(x, y, 0.5, 0.64, 0.2, 0.045)) return true;
  if (inRoundedRect(x, y, 0.47, 0.79, 0.6, 0.875, 0.035)) return true;
  return false;
}

export function inBackground(x: number, y: number): boolean {
  return inRoundedRect(x, y, 0.03, 0.03, 0.97, 0.97, 0.22);
}

/** Renders the mark at `size` px with `samples`² samples per pixel. */
export function drawMark(size: number, color: Rgb, samples = 4): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  const n = samples * samples;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let white = 0;
      let colored = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (!inBackground(x, y)) continue;
          if (inGlyph(x, y)) white++;
          else colored++;
        }
      }
      const covered = white + colored;
      const i = (py * size + px) * 4;
      if (covered === 0) continue;
      // Mix white and the state colour by their share of the covered samples; alpha is the coverage.
      const w = white / covered;
      data[i] = Math.round(255 * w + color[0] * (1 - w));
      data[i + 1] = Math.round(255 * w + color[1] * (1 - w));
      data[i + 2] = Math.round(255 * w + color[2] * (1 - w));
      data[i + 3] = Math.round((255 * covered) / n);
    }
  }
  return { width: size, height: size, data };
}
