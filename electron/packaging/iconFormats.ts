/**
 * Writers for the two icon containers electron-builder wants besides PNG: Windows .ico and macOS .icns.
 * Both are small enough to write by hand, so `npm run icons` needs no converter program.
 */

/** One rendered size: its PNG file and its straight (not premultiplied) RGBA pixels, rows top to bottom. */
export interface IconImage {
  size: number;
  png: Buffer;
  rgba: Buffer;
}

/**
 * A Windows icon. Sizes below 256 are stored as 32-bit BMP (DIB) images, which every consumer reads (Explorer,
 * the NSIS installer, resource editors); 256 is stored as PNG, as Windows itself does since Vista.
 */
export function encodeIco(images: IconImage[]): Buffer {
  const sorted = [...images].sort((a, b) => a.size - b.size);
  const payloads = sorted.map((img) => (img.size >= 256 ? img.png : dib(img)));
  const header = Buffer.alloc(6 + 16 * sorted.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(sorted.length, 4);
  let offset = header.length;
  sorted.forEach((img, i) => {
    if (img.size > 256) throw new Error(`an .ico entry is at most 256 pixels, not ${img.size}`);
    const e = 6 + 16 * i;
    header.writeUInt8(img.size === 256 ? 0 : img.size, e); // 0 means 256
    header.writeUInt8(img.size === 256 ? 0 : img.size, e + 1);
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(payloads[i]!.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += payloads[i]!.length;
  });
  return Buffer.concat([header, ...payloads]);
}

/** BITMAPINFOHEADER + BGRA rows bottom-up + the 1-bit AND mask (set where fully transparent). */
function dib(img: IconImage): Buffer {
  const n = img.size;
  const maskStride = Math.ceil(n / 32) * 4;
  const xor = Buffer.alloc(n * n * 4);
  const and = Buffer.alloc(maskStride * n);
  for (let y = 0; y < n; y++) {
    const row = n - 1 - y; // bottom-up
    for (let x = 0; x < n; x++) {
      const s = (y * n + x) * 4;
      const d = (row * n + x) * 4;
      xor[d] = img.rgba[s + 2]!;
      xor[d + 1] = img.rgba[s + 1]!;
      xor[d + 2] = img.rgba[s]!;
      xor[d + 3] = img.rgba[s + 3]!;
      if (img.rgba[s + 3] === 0) and[row * maskStride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const head = Buffer.alloc(40);
  head.writeUInt32LE(40, 0);
  head.writeInt32LE(n, 4);
  head.writeInt32LE(n * 2, 8); // XOR image + AND mask
  head.writeUInt16LE(1, 12);
  head.writeUInt16LE(32, 14);
  head.writeUInt32LE(0, 16); // BI_RGB
  head.writeUInt32LE(xor.length + and.length, 20);
  return Buffer.concat([head, xor, and]);
}

/** ICNS element types holding PNG data, by the pixel size they hold (the @2x types repeat a size). */
export const ICNS_TYPES: ReadonlyArray<{ type: string; size: number }> = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic07', size: 128 },
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic08', size: 256 },
  { type: 'ic14', size: 512 }, // 256@2x
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 }, // 512@2x
];

/** A macOS icon: 'icns', total length, then one (type, length, PNG) element per entry. */
export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const elements = ICNS_TYPES.map(({ type, size }) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`icns: no ${size}x${size} image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + elements.reduce((sum, e) => sum + e.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}

/** Premultiplied RGBA (what a rasteriser hands back) to straight RGBA. */
export function unpremultiply(pixels: Buffer): Buffer {
  const out = Buffer.from(pixels);
  for (let i = 0; i < out.length; i += 4) {
    const a = out[i + 3]!;
    if (a === 0 || a === 255) continue;
    for (let c = 0; c < 3; c++) out[i + c] = Math.min(255, Math.round((out[i + c]! * 255) / a));
  }
  return out;
}
