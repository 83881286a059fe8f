import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { sodiumReady } from '../../security/sodium';

/**
 * Key pairs and pairing files (issue 13). A branch signs its bundles with an Ed25519 key; head office opens them
 * with an X25519 key pair. Each key pair is made once, in the data folder's keys/ (readable by its owner only); a
 * core kept in memory (tests) keeps its own in memory. The private keys never leave the PC: a pairing file carries
 * the public half, for the other side to import.
 */
export interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** The key pairs of cores kept in memory, by their owner (the database): each branch of a test its own. */
const inMemory = new WeakMap<object, Map<string, KeyPair>>();

async function keyPair(dataDir: string | null, owner: object, name: string, make: () => Promise<KeyPair>): Promise<KeyPair> {
  if (dataDir === null) {
    let keys = inMemory.get(owner);
    if (!keys) inMemory.set(owner, (keys = new Map()));
    if (!keys.has(name)) keys.set(name, await make());
    return keys.get(name)!;
  }
  const dir = join(dataDir, 'keys');
  const file = join(dir, `${name}.json`);
  if (existsSync(file)) {
    const k = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
    return { publicKey: Buffer.from(k.publicKey, 'base64'), privateKey: Buffer.from(k.privateKey, 'base64') };
  }
  const made = await make();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify({ publicKey: Buffer.from(made.publicKey).toString('base64'), privateKey: Buffer.from(made.privateKey).toString('base64') }), { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, file);
  return made;
}

/** The branch's Ed25519 signing key pair (made on first use: at set-up). `owner`: the database, for one in memory. */
export function branchSigningKey(dataDir: string | null, owner: object): Promise<KeyPair> {
  return keyPair(dataDir, owner, 'branch-signing', async () => {
    const s = await sodiumReady();
    const k = s.crypto_sign_keypair();
    return { publicKey: k.publicKey, privateKey: k.privateKey };
  });
}

/** Head office's Ed25519 key pair, with which it signs its acknowledgements (the branches check them). */
export function headOfficeSigningKey(dataDir: string | null, owner: object): Promise<KeyPair> {
  return keyPair(dataDir, owner, 'head-office-signing', async () => {
    const s = await sodiumReady();
    const k = s.crypto_sign_keypair();
    return { publicKey: k.publicKey, privateKey: k.privateKey };
  });
}

/** Head office's X25519 key pair, to which branches seal their bundles. */
export function headOfficeKey(dataDir: string | null, owner: object): Promise<KeyPair> {
  return keyPair(dataDir, owner, 'head-office-encryption', async () => {
    const s = await sodiumReady();
    const k = s.crypto_box_keypair();
    return { publicKey: k.publicKey, privateKey: k.privateKey };
  });
}

const base64Key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a 32-byte key in base64');

export const branchPairing = z.strictObject({
  format: z.literal('branchbox-pairing'),
  version: z.literal(1),
  role: z.literal('branch'),
  officeCode: z.string().min(1).max(20),
  name: z.string().min(1).max(200),
  signingKey: base64Key,
});
export type BranchPairing = z.output<typeof branchPairing>;

export const headOfficePairing = z.strictObject({
  format: z.literal('branchbox-pairing'),
  version: z.literal(1),
  role: z.literal('headOffice'),
  organisation: z.string().min(1).max(200),
  encryptionKey: base64Key,
  /** the public half of head office's Ed25519 key: its acknowledgements are signed with it */
  signingKey: base64Key,
  /** the SHA-256 fingerprint of head office's TLS certificate, which a branch pins (null until it serves) */
  tlsFingerprint: z.string().nullable(),
});
export type HeadOfficePairing = z.output<typeof headOfficePairing>;

/** Reads a pairing file's text, refusing it naming the field `field` when it is not the kind expected. */
export function parsePairing<T extends z.ZodTypeAny>(schema: T, text: string, field = 'pairing'): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The pairing file is not readable', [{ field, code: 'invalid', message: 'is not a pairing file' }]);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const role = (json as { role?: unknown } | null)?.role;
    throw new AppError('VALIDATION_FAILED', `This is not the pairing file expected${typeof role === 'string' ? ` (it is a ${role}'s)` : ''}`, [
      { field, code: 'invalid', message: 'is not the pairing file expected here' },
    ]);
  }
  return r.data;
}
