import { safeStorage } from 'electron';
import { addSystemWrapping, type KeyWrapper } from '../core/keys/database';
import { keyOf } from '../core/db/connection';
import type { Core } from '../core';

/**
 * The operating system's wrapping of the database key in the desktop app (issue 14, point 4): Electron's
 * safeStorage (Windows DPAPI, macOS Keychain, libsecret or KWallet on Linux) seals it for the signed-in user, so
 * that the desktop app opens an encrypted branch without asking for its recovery passphrase. Undefined where the
 * system offers no real protection: none available, or Linux without a keyring, where Chromium falls back to a fixed
 * password ('basic_text') that protects nothing. Then the key is sealed by the passphrase only.
 * Tested only in the packaging workflow (a real desktop session), not here: the core's tests use a stand-in.
 */
export function systemKeyWrapper(platform: NodeJS.Platform = process.platform): KeyWrapper | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    name: 'electron-safeStorage',
    wrap: (key) => safeStorage.encryptString(key.toString('hex')),
    unwrap: (wrapped) => {
      const hex = safeStorage.decryptString(wrapped);
      if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('the key the system gave back is not a database key');
      return Buffer.from(hex, 'hex');
    },
  };
}

/**
 * How the desktop app opens its books: the system's wrapping, or once the recovery passphrase given in
 * BRANCHBOX_PASSPHRASE (a branch encrypted in the browser host, or on a PC whose account changed), after which the
 * system seals the key too so that the next start needs nothing.
 */
export function desktopUnlock(system: KeyWrapper | undefined, env: NodeJS.ProcessEnv = process.env): { system?: KeyWrapper; passphrase?: string } {
  return { ...(system ? { system } : {}), ...(env.BRANCHBOX_PASSPHRASE ? { passphrase: env.BRANCHBOX_PASSPHRASE } : {}) };
}

/** After the books opened: the system seals the key too when it did not yet (no-op for a plain branch). */
export function sealForNextStart(core: Core, system: KeyWrapper | undefined): void {
  const key = keyOf(core.db);
  if (key && system && core.dataDir) addSystemWrapping(core.dataDir, key, system);
}

/** What to tell a manager when the books are encrypted and neither the system nor a passphrase opened them. */
export const LOCKED_ADVICE =
  "This PC's account cannot open this branch's key (the data was encrypted in the browser host, or on another account). " +
  'Start Branchbox once with its recovery passphrase in the BRANCHBOX_PASSPHRASE variable, or use the browser host: ' +
  'branchbox serve --passphrase-file FILE.';
