import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { encodeIcns, encodeIco, ICNS_TYPES, unpremultiply, type IconImage } from './iconFormats';

/**
 * `npm run icons`: renders the one source image, build/icon.svg, into every icon the installers need:
 *   build/icon.png                  1024 x 1024 (electron-builder's fallback, docs)
 *   build/icons/<n>x<n>.png         Linux (AppImage, deb): 16 24 32 48 64 128 256 512
 *   build/icon.ico                  Windows (exe, NSIS installer and uninstaller, shortcuts): 16 24 32 48 64 128 256
 *   build/icon.icns                 macOS (app, dmg): 16 to 1024, drawn on Apple's icon grid (tile 824 of 1024)
 * Each size is rendered from the vector source, not scaled down from a bitmap, so small sizes stay crisp.
 * The rasteriser (@resvg/resvg-js) is a devDependency whose binary ships inside its npm package.
 * Commit the results: packaging reads the files, it does not regenerate them.
 */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const WINDOWS_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const SOURCE_SIZE = 1024;
/** Apple's grid: the rounded tile is 824 px of a 1024 px icon; our source tile is 944 px of 1024. */
const MAC_TILE = 824;
const SOURCE_TILE = 944;

export function render(svg: string, size: number): IconImage {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();
  if (image.width !== size || image.height !== size) throw new Error(`rendered ${image.width}x${image.height}, wanted ${size}`);
  return { size, png: image.asPng(), rgba: unpremultiply(image.pixels) };
}

/** The same drawing with a wider transparent margin, by widening the viewBox around the centre. */
export function withMacMargin(svg: string): string {
  const side = (SOURCE_SIZE * SOURCE_TILE) / MAC_TILE;
  const off = (SOURCE_SIZE - side) / 2;
  const box = `viewBox="${off.toFixed(3)} ${off.toFixed(3)} ${side.toFixed(3)} ${side.toFixed(3)}"`;
  if (!/viewBox="0 0 1024 1024"/.test(svg)) throw new Error('build/icon.svg must have viewBox="0 0 1024 1024"');
  return svg.replace(/viewBox="0 0 1024 1024"/, box);
}

export function generateIcons(buildDir: string): string[] {
  const svg = readFileSync(join(buildDir, 'icon.svg'), 'utf8');
  const written: string[] = [];
  const write = (name: string, data: Buffer): void => {
    const file = join(buildDir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
    written.push(name);
  };
  write('icon.png', render(svg, SOURCE_SIZE).png);
  for (const n of LINUX_SIZES) write(join('icons', `${n}x${n}.png`), render(svg, n).png);
  write('icon.ico', encodeIco(WINDOWS_SIZES.map((n) => render(svg, n))));
  const mac = withMacMargin(svg);
  const macSizes = [...new Set(ICNS_TYPES.map((t) => t.size))];
  write('icon.icns', encodeIcns(new Map(macSizes.map((n) => [n, render(mac, n).png]))));
  return written;
}

function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'electron-builder.yml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('electron-builder.yml not found above ' + from);
    dir = up;
  }
  return dir;
}

if (require.main === module) {
  const buildDir = join(projectRoot(__dirname), 'build');
  for (const name of generateIcons(buildDir)) console.log(`icons: wrote build/${name.replace(/\\/g, '/')}`);
}
