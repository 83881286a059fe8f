import { expect } from 'vitest';
import { openCore } from '../../../electron/core';
import { Caller, SETUP_INPUT, tempDir } from '../../support/core';

/** The recovery passphrase of the tests' encrypted branches. */
export const PASSPHRASE = 'mango tree by the river 42';

/** A fresh branch set up with a passphrase, one client in it; the core closed. */
export async function encryptedBranch(dir = tempDir()): Promise<string> {
  const core = await openCore({ dataDir: dir });
  const admin = new Caller(core);
  await admin.ok('setup.initialize', { ...SETUP_INPUT, encryption: { passphrase: PASSPHRASE } });
  await admin.ok('clients.create', { firstname: 'Wanjiku', lastname: 'Nyambura' });
  expect(await admin.ok('settings.encryption', {})).toMatchObject({ encrypted: true, recoveryPassphrase: true, systemKeeps: false });
  core.close();
  return dir;
}

