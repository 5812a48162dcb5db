/**
 * The theme tokens in app.css against WCAG AA (4.5:1 for text), light and dark. The Chromium test
 * runs axe-core on rendered screens; this one covers every pairing the components use, including
 * text axe cannot see through (the board rows' transparent buttons) and states no screen shows yet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, '../../renderer/src/app.css'), 'utf8');

function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  if (start < 0) throw new Error(`app.css has no ${selector}`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries(
    [...body.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\b/g)].map((m) => [m[1], m[2]]),
  );
}

const light = tokens(':root {');
const dark = { ...light, ...tokens(":root[data-theme='dark']") };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const BACKGROUNDS = ['bg', 'bg-elevated', 'bg-sunken', 'bg-hover', 'bg-selected'];
const STATUS = ['ok', 'warn', 'danger', 'info', 'hold', 'idle'];

/** Foreground token (or colour) on background token, as the components pair them. */
const PAIRS: [string, string][] = [
  ...['text', 'text-muted', 'text-faint'].flatMap((fg) =>
    BACKGROUNDS.map((bg): [string, string] => [fg, bg]),
  ),
  // Badges, chips and toasts: the colour on its soft tint; endpoint states and icons on panels.
  ...STATUS.flatMap((s): [string, string][] => [
    [s, `${s}-soft`],
    [s, 'bg-elevated'],
    [s, 'bg-sunken'],
  ]),
  ['accent-text', 'accent'],
  ['#ffffff', 'danger-solid'],
];

describe('theme contrast (WCAG AA, 4.5:1)', () => {
  it('computes the WCAG ratio', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    // The measurement: the old faint text on white.
    expect(contrast('#8a93a1', '#ffffff')).toBeCloseTo(3.1, 1);
  });

  for (const [name, theme] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`${name}: every text colour on every background it is used on`, () => {
      const low: string[] = [];
      for (const [fg, bg] of PAIRS) {
        const f = fg.startsWith('#') ? fg : theme[fg];
        const b = theme[bg];
        if (!f || !b) throw new Error(`app.css lacks --${f ? bg : fg} (${name})`);
        const ratio = contrast(f, b);
        if (ratio < 4.5) low.push(`${fg} ${f} on ${bg} ${b}: ${ratio.toFixed(2)}`);
      }
      expect(low).toEqual([]);
    });
  }
});
