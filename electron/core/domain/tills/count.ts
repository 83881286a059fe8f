import type { CountLine } from '../../../../shared/contract';
import { denominationsOf } from '../../../../shared/denominations';
import { AppError } from '../../../../shared/errors';
import { parseMoneyField, type Currency } from '../../../../shared/money';

/**
 * A cash count by denomination (DOMAIN.md "Tellers and cash"): each line a note or coin of the currency, counted
 * once. Returns the total in minor units and the lines that count something, each naming the denomination as the
 * currency's list writes it. Pure: the caller compares the total with what the till holds.
 */
export function countTotal(currency: Pick<Currency, 'code' | 'decimalPlaces'>, count: readonly CountLine[]): { total: number; lines: CountLine[] } {
  const allowed = new Map(denominationsOf(currency.code).map((d) => [parseMoneyField(d.value, currency.decimalPlaces, 'denomination'), d.value]));
  const seen = new Set<number>();
  let total = 0;
  const lines: CountLine[] = [];
  count.forEach((line, i) => {
    const field = `count.${i}.denomination`;
    const value = parseMoneyField(line.denomination, currency.decimalPlaces, field);
    const canonical = allowed.get(value);
    if (canonical === undefined) {
      throw new AppError('VALIDATION_FAILED', `${line.denomination} is not a note or coin of ${currency.code}`, [
        { field, code: 'not_a_denomination', message: `is not a note or coin of ${currency.code}`, params: { currency: currency.code } },
      ]);
    }
    if (seen.has(value)) throw new AppError('VALIDATION_FAILED', `${line.denomination} is counted twice`, [{ field, code: 'duplicate', message: 'is counted twice' }]);
    seen.add(value);
    total += value * line.quantity;
    if (!Number.isSafeInteger(total)) throw new AppError('VALIDATION_FAILED', 'The count is too large', [{ field: `count.${i}.quantity`, code: 'too_big', message: 'is too large' }]);
    if (line.quantity > 0) lines.push({ denomination: canonical, quantity: line.quantity });
  });
  return { total, lines };
}
