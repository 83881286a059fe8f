/**
 * libsodium for everything the core signs, seals or stretches (export bundles and acknowledgements, pairing keys,
 * audit anchors, the database key's passphrase wrapping), loaded once, on first use. The "sumo" build: the only one
 * with crypto_pwhash (argon2id), and a superset of the standard one.
 */
type Sodium = typeof import('libsodium-wrappers-sumo');
let loaded: Promise<Sodium> | null = null;

export function sodiumReady(): Promise<Sodium> {
  loaded ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sodium = require('libsodium-wrappers-sumo') as Sodium;
    await sodium.ready;
    return sodium;
  })();
  return loaded;
}
