/**
 * Writes the packaging icons into build/ from the drawing in electron/desktop/icon-art.ts:
 *   build/icon.png (1024), build/icon.ico (16..256), build/icon.icns (16..1024),
 *   build/icons/<N>x<N>.png for Linux (electron-builder's `linux.icon` folder).
 * Run with `npx tsx scripts/make-icons.ts`; the output is committed, so packaging needs no drawing step.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ICON_COLORS, drawMark } from '../electron/desktop/icon-art';
import { encodeIcns, encodeIco, encodePng } from '../electron/desktop/png';

const root = path.resolve(import.meta.dirname, '..');
const buildDir = path.join(root, 'build');
const linuxDir = path.join(buildDir, 'icons');
mkdirSync(linuxDir, { recursive: true });

const pngs = new Map<number, Buffer>();
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  // Small sizes get more samples: their edges are most of what is seen.
  pngs.set(size, encodePng(drawMark(size, ICON_COLORS.app, size <= 64 ? 8 : 3)));
}
const png = (size: number): Buffer => {
  const found = pngs.get(size);
  if (!found) throw new Error(`no ${size} px image`);
  return found;
};

writeFileSync(path.join(buildDir, 'icon.png'), png(1024));
for (const size of [16, 24, 32, 48, 64, 128, 256, 512])
  writeFileSync(path.join(linuxDir, `${size}x${size}.png`), png(size));
writeFileSync(
  path.join(buildDir, 'icon.ico'),
  encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: png(size) }))),
);
writeFileSync(
  path.join(buildDir, 'icon.icns'),
  encodeIcns([16, 32, 64, 128, 256, 512, 1024].map((size) => ({ size, png: png(size) }))),
);
console.log(`icons written to ${path.relative(root, buildDir)}/`);
