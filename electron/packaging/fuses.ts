import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

/**
 * The Electron fuses every packaged Branchbox ships with (ARCHITECTURE.md sections 8 and 11). This map is the one
 * place they are decided: the afterPack hook flips exactly these, and tests/unit/packaging reads this same map.
 * `satisfies` makes adding a fuse to @electron/fuses a compile error here until someone decides its value.
 */
export const FUSES = {
  /** ELECTRON_RUN_AS_NODE would turn Branchbox.exe into a plain Node.js that runs any script. */
  RunAsNode: false,
  /** The cookie store is encrypted with the OS key (DPAPI, Keychain, libsecret). */
  EnableCookieEncryption: true,
  /** NODE_OPTIONS could preload code into the main process. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** --inspect and friends would open a debugger on the main process. */
  EnableNodeCliInspectArguments: false,
  /** app.asar is checked against the hash electron-builder embeds in the executable (Windows, macOS). */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** The app is loaded only from app.asar, never from a loose resources/app folder someone drops beside it. */
  OnlyLoadAppFromAsar: true,
  /** Default: one V8 snapshot for every process. */
  LoadBrowserProcessSpecificV8Snapshot: false,
  /**
   * Kept on (Electron's default): the renderer is loaded from file:// (main.ts, loadFile) and its Vite build uses
   * module scripts, which need file:// to keep its extra privileges. Turn off only with a custom app:// protocol.
   */
  GrantFileProtocolExtraPrivileges: true,
} as const satisfies Record<keyof typeof FuseV1Options, boolean>;

export type FuseName = keyof typeof FUSES;

/** The configuration handed to @electron/fuses' flipFuses for one packaged build. */
export function fuseConfig(platform: string, arch: string): FuseV1Config {
  const config: FuseV1Config = {
    version: FuseVersion.V1,
    // Flipping a fuse (and electron-builder's Info.plist edits) break the signature Electron ships with. On Apple
    // silicon an app must then be ad-hoc signed again to start at all; on Intel a broken signature makes Gatekeeper
    // call a downloaded app "damaged", where a valid ad-hoc one only asks to confirm an unidentified developer.
    // So both are re-signed ad hoc. A real signing identity, when configured, signs after this hook anyway.
    resetAdHocDarwinSignature: platform === 'darwin' && (arch === 'arm64' || arch === 'x64'),
  };
  for (const name of Object.keys(FUSES) as FuseName[]) config[FuseV1Options[name]] = FUSES[name];
  return config;
}
