import { join } from 'node:path';
import { flipFuses, getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { Arch, type AfterPackContext } from 'electron-builder';
import { FUSES, fuseConfig, type FuseName } from './fuses';

/**
 * electron-builder's afterPack hook (electron-builder.yml `afterPack`; compiled to out/node/electron/packaging/).
 * electron-builder 25 has no fuses setting of its own, so this flips the fuses of electron/packaging/fuses.ts in the
 * packaged executable. It runs after electron-builder has embedded the asar integrity hash and before any code
 * signing, then reads the fuses back and fails the build when one is not as configured.
 */
export function electronBinaryPath(
  platformName: string,
  appOutDir: string,
  productFilename: string,
  linuxExecutableName: string,
): string {
  switch (platformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${productFilename}.exe`);
    case 'linux':
      return join(appOutDir, linuxExecutableName);
    default:
      throw new Error(`afterPack: unknown platform ${platformName}`);
  }
}

/** Fuses whose state in the binary differs from FUSES; empty when all are as configured. */
export async function fusesNotAsConfigured(binary: string): Promise<string[]> {
  const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number | undefined>;
  const ENABLE = 49; // '1'
  const DISABLE = 48; // '0'
  return (Object.keys(FUSES) as FuseName[]).filter((name) => wire[FuseV1Options[name]] !== (FUSES[name] ? ENABLE : DISABLE));
}

export async function afterPack(context: AfterPackContext): Promise<void> {
  const packager = context.packager as AfterPackContext['packager'] & { executableName?: string };
  const binary = electronBinaryPath(
    context.electronPlatformName,
    context.appOutDir,
    packager.appInfo.productFilename,
    packager.executableName ?? packager.appInfo.sanitizedName,
  );
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  await flipFuses(binary, fuseConfig(platform, Arch[context.arch]));
  const wrong = await fusesNotAsConfigured(binary);
  if (wrong.length > 0) throw new Error(`afterPack: fuses not set in ${binary}: ${wrong.join(', ')}`);
  console.log(`  • fuses set (electron/packaging/fuses.ts)  binary=${binary}`);
}

export default afterPack;
