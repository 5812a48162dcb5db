import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_COLORS, drawMark, inBackground, inGlyph } from '../../electron/desktop/icon-art';
import { PNG_SIGNATURE, crc32, encodePng } from '../../electron/desktop/png';
import { trayIconPngs } from '../../electron/desktop/tray-icons';

const root = path.resolve(import.meta.dirname, '../..');

/** Decodes the PNGs we write (RGBA, 8-bit, filter 0), checking every chunk's CRC. */
function decodePng(png: Buffer): {
  width: number;
  height: number;
  pixel: (x: number, y: number) => number[];
} {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('ascii');
    const body = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9], body[12]]).toEqual([8, 6, 0]);
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 4 + 1) * height);
  return {
    width,
    height,
    pixel: (x, y) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)],
  };
}

describe('icon drawing', () => {
  it('has a transparent corner, coloured background and white headset', () => {
    expect(inBackground(0.01, 0.01)).toBe(false);
    expect(inBackground(0.5, 0.1)).toBe(true);
    expect(inGlyph(0.26, 0.6)).toBe(true); // left ear cup
    expect(inGlyph(0.74, 0.6)).toBe(true); // right ear cup
    expect(inGlyph(0.5, 0.29)).toBe(true); // headband top
    expect(inGlyph(0.5, 0.5)).toBe(false); // inside the band
    const image = decodePng(encodePng(drawMark(64, ICON_COLORS.app)));
    expect(image.pixel(0, 0)).toEqual([0, 0, 0, 0]);
    expect(image.pixel(32, 4)).toEqual([...ICON_COLORS.app, 255]);
    expect(image.pixel(16, 38)).toEqual([255, 255, 255, 255]);
  });

  it('draws each tray state in its own colour at 1x and 2x', () => {
    for (const kind of ['connected', 'reconnecting', 'offline', 'uploading'] as const) {
      const { x1, x2 } = trayIconPngs(kind);
      const small = decodePng(x1);
      const large = decodePng(x2);
      expect([small.width, small.height, large.width, large.height]).toEqual([16, 16, 32, 32]);
      expect(large.pixel(16, 3), kind).toEqual([...ICON_COLORS[kind], 255]);
    }
  });
});

describe('packaging icons in build/', () => {
  it('has Linux PNGs in the sizes their names say', () => {
    const files = readdirSync(path.join(root, 'build/icons'));
    expect(files.sort()).toEqual([
      '128x128.png',
      '16x16.png',
      '24x24.png',
      '256x256.png',
      '32x32.png',
      '48x48.png',
      '512x512.png',
      '64x64.png',
    ]);
    for (const file of files) {
      const size = Number(file.split('x')[0]);
      const image = decodePng(readFileSync(path.join(root, 'build/icons', file)));
      expect([image.width, image.height], file).toEqual([size, size]);
    }
    expect(decodePng(readFileSync(path.join(root, 'build/icon.png'))).width).toBe(1024);
  });

  it('are what scripts/make-icons.ts draws (regenerate them after changing the drawing)', () => {
    expect(
      readFileSync(path.join(root, 'build/icons/32x32.png')).equals(
        encodePng(drawMark(32, ICON_COLORS.app, 8)),
      ),
    ).toBe(true);
    expect(
      readFileSync(path.join(root, 'build/icons/256x256.png')).equals(
        encodePng(drawMark(256, ICON_COLORS.app, 3)),
      ),
    ).toBe(true);
  });

  it('has a Windows .ico with PNG images up to 256 px', () => {
    const ico = readFileSync(path.join(root, 'build/icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const size = ico[entry] === 0 ? 256 : (ico[entry] as number);
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      const image = decodePng(ico.subarray(offset, offset + length));
      expect(image.width).toBe(size);
      sizes.push(size);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns with PNG images up to 1024 px', () => {
    const icns = readFileSync(path.join(root, 'build/icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Record<string, number> = {};
    for (let offset = 8; offset < icns.length;) {
      const type = icns.subarray(offset, offset + 4).toString('ascii');
      const length = icns.readUInt32BE(offset + 4);
      found[type] = decodePng(icns.subarray(offset + 8, offset + length)).width;
      offset += length;
    }
    expect(found).toEqual({ icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024 });
  });
});
