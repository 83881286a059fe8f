import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A branch's secrets kept outside its data folder (issue 14, points 2 and 4): whoever can copy or edit the data
 * folder must not find in it the key that signs the anchors of its audit chain, nor the database key. They live in
 * the key folder, one sub-folder per data folder (named by the id the data folder carries in `branchbox.id`),
 * readable by the signed-in user only.
 */
export type SecretPurpose = 'anchor';

/** BRANCHBOX_KEY_DIR, else a per-user folder beside (not inside) the default data folder. */
export function keyDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.BRANCHBOX_KEY_DIR) return env.BRANCHBOX_KEY_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Branchbox Keys');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Branchbox Keys');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'branchbox-keys');
}

const ID_FILE = 'branchbox.id';

/** The data folder's id (not a secret: it names its folder of keys), made on first use. */
export function installationId(dataDir: string): string {
  const file = join(dataDir, ID_FILE);
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
    throw new Error(`${file} does not hold a Branchbox id`);
  }
  const id = randomUUID();
  writeAtomic(file, `${id}\n`);
  return id;
}

/** The folder of a data folder's secrets: the key folder's sub-folder named by the data folder's id. */
export function keyFolderOf(dataDir: string): string {
  return join(keyDirectory(), installationId(dataDir));
}

/** Writes a secret into its data folder's key folder (made readable by the user only), whole or not at all. */
export function writeSecretFile(file: string, content: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeAtomic(file, content);
}

function writeAtomic(file: string, content: string | Buffer): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, content, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, file);
}

/** The secrets of cores kept in memory (tests), by their owner (the database). */
const inMemory = new WeakMap<object, Map<SecretPurpose, Buffer>>();

/**
 * A 32-byte random secret for `purpose`, made on first use and the same ever after for this data folder.
 * `owner`: the database, for a core kept in memory (dataDir null).
 */
export function secretFor(dataDir: string | null, owner: object, purpose: SecretPurpose): Buffer {
  if (dataDir === null) {
    let secrets = inMemory.get(owner);
    if (!secrets) inMemory.set(owner, (secrets = new Map()));
    if (!secrets.has(purpose)) secrets.set(purpose, randomBytes(32));
    return secrets.get(purpose)!;
  }
  const file = join(keyFolderOf(dataDir), `${purpose}.key`);
  if (existsSync(file)) {
    const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (secret.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
    return secret;
  }
  const secret = randomBytes(32);
  writeSecretFile(file, secret.toString('hex'));
  return secret;
}
