import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/** A payment type as the posting code needs it: cash moves a till, the others post to their own GL account. */
export interface PaymentType {
  id: number;
  code: string;
  name: string;
  is_cash: number;
  gl_account_id: number;
}

/**
 * The payment type an input names, by Fineract's `paymentTypeId` or Branchbox's `paymentTypeCode` (CASH when
 * neither is given); an unknown or inactive one is refused naming the field.
 */
export function resolvePaymentType(db: Db, input: { paymentTypeId?: number | undefined; paymentTypeCode?: string | undefined }): PaymentType {
  const row =
    input.paymentTypeId !== undefined
      ? sql<[number], PaymentType>(db, 'SELECT * FROM payment_types WHERE id = ? AND active = 1').get(input.paymentTypeId)
      : sql<[string], PaymentType>(db, 'SELECT * FROM payment_types WHERE code = ? AND active = 1').get(input.paymentTypeCode ?? 'CASH');
  if (!row) {
    const field = input.paymentTypeId !== undefined ? 'paymentTypeId' : 'paymentTypeCode';
    throw new AppError('VALIDATION_FAILED', `${field}: no such payment type`, [{ field, code: 'not_found', message: 'is not a payment type (CASH, MOBILE_MONEY, BANK_TRANSFER)' }]);
  }
  return row;
}

/** The GL account of a payment type (the account a non-cash payment posts to). */
export function paymentTypeAccount(db: Db, paymentTypeId: number): number {
  return sql<[number], { gl_account_id: number }>(db, 'SELECT gl_account_id FROM payment_types WHERE id = ?').get(paymentTypeId)!.gl_account_id;
}
