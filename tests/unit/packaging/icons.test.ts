import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The icons in build/ at the sizes each installer target needs, read from the files' own headers (PNG IHDR,
 * ICO directory and each image inside it, ICNS elements), not from their names. Regenerate with `npm run icons`.
 */
const build = resolve(__dirname, '..', '..', '..', 'build');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

function readPng(buf: Buffer, what: string): Png {
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE), `${what} is a PNG`).toBe(true);
  expect(buf.toString('latin1', 12, 16), `${what} starts with IHDR`).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bitDepth: buf[24]!, colorType: buf[25]! };
}

/** Each image of an .ico: directory entry size and the real size of the PNG or BMP it points at. */
function readIco(buf: Buffer): Array<{ size: number; bits: number; format: 'png' | 'bmp' }> {
  expect(buf.readUInt16LE(0)).toBe(0);
  expect(buf.readUInt16LE(2)).toBe(1); // icon, not cursor
  const count = buf.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + 16 * i;
    const dirSize = buf[e] === 0 ? 256 : buf[e]!;
    const dirHeight = buf[e + 1] === 0 ? 256 : buf[e + 1]!;
    const length = buf.readUInt32LE(e + 8);
    const offset = buf.readUInt32LE(e + 12);
    expect(offset + length).toBeLessThanOrEqual(buf.length);
    const data = buf.subarray(offset, offset + length);
    if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
      const png = readPng(data, `ico entry ${i}`);
      expect([png.width, png.height]).toEqual([dirSize, dirHeight]);
      expect(png.colorType).toBe(6); // RGBA
      return { size: png.width, bits: 32, format: 'png' as const };
    }
    expect(data.readUInt32LE(0), 'BITMAPINFOHEADER').toBe(40);
    const width = data.readInt32LE(4);
    const height = data.readInt32LE(8) / 2; // XOR image and AND mask
    expect([width, height]).toEqual([dirSize, dirHeight]);
    const bits = data.readUInt16LE(14);
    const maskStride = Math.ceil(width / 32) * 4;
    expect(length).toBe(40 + width * height * (bits / 8) + maskStride * height);
    return { size: width, bits, format: 'bmp' as const };
  });
}

/** Each element of an .icns: its type and the real size of its PNG. */
function readIcns(buf: Buffer): Map<string, number> {
  expect(buf.toString('latin1', 0, 4)).toBe('icns');
  expect(buf.readUInt32BE(4)).toBe(buf.length);
  const out = new Map<string, number>();
  for (let at = 8; at < buf.length; ) {
    const type = buf.toString('latin1', at, at + 4);
    const length = buf.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    const png = readPng(buf.subarray(at + 8, at + length), `icns ${type}`);
    expect(png.width).toBe(png.height);
    out.set(type, png.width);
    at += length;
  }
  return out;
}

describe('icons (build/)', () => {
  it('keeps the one source image the others are generated from', () => {
    const svg = readFileSync(join(build, 'icon.svg'), 'utf8');
    expect(svg).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/);
  });

  it('build/icon.png is a square RGBA image of at least 512 pixels', () => {
    const png = readPng(readFileSync(join(build, 'icon.png')), 'icon.png');
    expect(png.width).toBe(png.height);
    expect(png.width).toBeGreaterThanOrEqual(512);
    expect(png.colorType).toBe(6);
  });

  it('Linux (AppImage, deb): build/icons/<n>x<n>.png from 16 to 512, each really that size', () => {
    for (const n of [16, 24, 32, 48, 64, 128, 256, 512]) {
      const file = join(build, 'icons', `${n}x${n}.png`);
      expect(existsSync(file), file).toBe(true);
      const png = readPng(readFileSync(file), file);
      expect([png.width, png.height]).toEqual([n, n]);
      expect(png.colorType).toBe(6);
    }
  });

  it('Windows (exe, NSIS installer, shortcuts): build/icon.ico holds 16, 24, 32, 48, 64, 128 and 256 at 32 bits', () => {
    const images = readIco(readFileSync(join(build, 'icon.ico')));
    expect(images.map((i) => i.size).sort((a, b) => a - b)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const image of images) expect(image.bits).toBe(32);
    // Small sizes as BMP, which every Windows consumer (the NSIS installer included) reads; 256 as PNG.
    expect(images.filter((i) => i.size < 256).every((i) => i.format === 'bmp')).toBe(true);
  });

  it('macOS (app, dmg): build/icon.icns holds 16 to 1024, each element really its size', () => {
    const elements = readIcns(readFileSync(join(build, 'icon.icns')));
    const expected: Record<string, number> = {
      icp4: 16, icp5: 32, ic11: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024,
    };
    expect(Object.fromEntries(elements)).toEqual(expected);
  });
});
