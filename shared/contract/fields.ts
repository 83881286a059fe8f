import { z } from 'zod';
import { isIsoDate } from '../dates';
import { isDecimalText, MAX_AMOUNT_MINOR } from '../money';

/** Digits before the point of the largest amount (MAX_AMOUNT_MINOR in a currency without decimals). */
const MAX_AMOUNT_DIGITS = String(MAX_AMOUNT_MINOR).length;

/**
 * Marks a field as secret (a password, a PIN, a passphrase, an approval password): the audit log and the
 * idempotency hash keep "[redacted]" in its place (contract/secrets.ts). Only fields marked so are redacted.
 */
export function secret<S extends z.ZodType>(schema: S): S {
  return schema.meta({ ...(z.globalRegistry.get(schema) ?? {}), secret: true }) as S;
}

/** Field schemas reused by many operations. Messages are English; the renderer translates by code. */
export const isoDate = z.string().refine(isIsoDate, { message: 'must be a real date written YYYY-MM-DD' });

/** A decimal amount as text ("1500", "1500.50"); a JSON number is accepted and read as its decimal text. */
export const amountText = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine(isDecimalText, { message: 'must be an amount such as 1500 or 1500.50' })
  .superRefine((v, ctx) => {
    // the contract's bound on any amount: at most 15 digits before the point (MAX_AMOUNT_MINOR, shared/money.ts,
    // is the exact bound, checked once the currency's decimal places are known) and 6 after
    const [whole = '', frac = ''] = v.replace(/^-/, '').split('.');
    if (whole.replace(/^0+(?=\d)/, '').length > MAX_AMOUNT_DIGITS || frac.length > 6) {
      ctx.addIssue({ code: 'too_big', origin: 'number', maximum: MAX_AMOUNT_MINOR, inclusive: true, input: v, message: 'is larger than any amount Branchbox accepts' });
    }
  });

export const positiveAmountText = amountText.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), {
  message: 'must be greater than zero',
});

export const id = z.number().int().positive();

export const trimmed = (max: number) => z.string().trim().min(1, { message: 'is required' }).max(max);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullish();

export const username = z
  .string()
  .trim()
  .min(3, { message: 'must be at least 3 characters' })
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'may use letters, digits, dot, dash and underscore only' });

/** At least 10 characters with a letter and a digit: long enough to resist guessing on a shared PC. */
export const newPassword = secret(
  z
    .string()
    .min(10, { message: 'must be at least 10 characters' })
    .max(200)
    .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { message: 'must contain a letter and a digit' }),
);

/** A password typed to prove who one is (sign-in, unlock, the current password when changing it). */
export const currentPassword = secret(z.string().min(1, { message: 'is required' }).max(200));

/**
 * A branch manager's approval given on the teller's PC (the manager types their own username and password into the
 * prompt): needed when a cash transaction would take a till over its cash limit. Never stored; the approver is.
 */
export const managerApproval = z.strictObject({ username: z.string().trim().min(1, { message: 'is required' }).max(40), password: currentPassword });
export type ManagerApproval = z.input<typeof managerApproval>;

/**
 * How money arrives or leaves: a payment type by id (Fineract) or by code (CASH, MOBILE_MONEY, BANK_TRANSFER; CASH
 * when absent). Cash moves the acting user's open till.
 */
export const paymentFields = {
  paymentTypeId: id.optional(),
  paymentTypeCode: z.string().trim().toUpperCase().optional(),
  /** The number on a paper receipt or a mobile-money reference, kept with the transaction. */
  receiptNumber: optionalText(60),
  approval: managerApproval.optional(),
};
