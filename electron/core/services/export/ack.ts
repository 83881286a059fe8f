import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { sodiumReady } from '../../security/sodium';

/**
 * Head office's acknowledgement (FORMAT.md "Acknowledgement"): what it holds of one branch, the last sequence applied
 * and that bundle's hash, signed with head office's Ed25519 key. It answers an upload, and `branchbox hq import`
 * writes one per branch beside the bundles on the USB stick for the trip back. The branch checks the signature
 * against head office's pairing file, records it, and never sends those sequences again unless asked.
 */
export const ACK_FORMAT = 'branchbox-ack' as const;

const ackSchema = z.strictObject({
  format: z.literal(ACK_FORMAT),
  version: z.literal(1),
  officeCode: z.string().min(1).max(20),
  epoch: z.number().int().positive(),
  sequence: z.number().int().min(0),
  /** the hash of the last bundle applied ('' when none) */
  hash: z.string().max(64),
  at: z.string().min(1).max(40),
  signature: z.string().min(1).max(200),
});
export type Acknowledgement = z.output<typeof ackSchema>;

function signedBytes(a: Omit<Acknowledgement, 'signature'>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify([a.format, a.version, a.officeCode, a.epoch, a.sequence, a.hash, a.at]));
}

/** The file name an acknowledgement for `officeCode` takes on the USB stick. */
export function ackFileName(officeCode: string): string {
  return `${officeCode}.ack`;
}

export async function signAcknowledgement(a: Omit<Acknowledgement, 'format' | 'version' | 'signature'>, signingKey: Uint8Array): Promise<string> {
  const s = await sodiumReady();
  const unsigned = { format: ACK_FORMAT, version: 1 as const, ...a };
  const signature = Buffer.from(s.crypto_sign_detached(signedBytes(unsigned), signingKey)).toString('base64');
  return `${JSON.stringify({ ...unsigned, signature }, null, 2)}\n`;
}

/** Reads and checks an acknowledgement's text against head office's public signing key; refuses it naming `field`. */
export async function readAcknowledgement(text: string, headOfficeKey: Uint8Array, field = 'ack'): Promise<Acknowledgement> {
  const refuse = (why: string) => new AppError('VALIDATION_FAILED', `The acknowledgement ${why}`, [{ field, code: 'invalid', message: why }]);
  let parsed: Acknowledgement;
  try {
    parsed = ackSchema.parse(JSON.parse(text));
  } catch {
    throw refuse('is not readable');
  }
  const s = await sodiumReady();
  const { signature, ...unsigned } = parsed;
  let sound = false;
  try {
    sound = s.crypto_sign_verify_detached(Buffer.from(signature, 'base64'), signedBytes(unsigned), headOfficeKey);
  } catch {
    sound = false;
  }
  if (!sound) throw refuse("is not signed by this branch's head office");
  return parsed;
}
