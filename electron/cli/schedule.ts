import { parseInput } from '../../shared/contract/parse';
import { scheduleInputSchema } from '../../shared/contract/loanSchedule';
import { AppError } from '../../shared/errors';
import { calculateSchedule } from '../core/domain/loans';
import { localToday } from '../core/services/setup';
import type { CliIO } from './main';

/**
 * `branchbox schedule`: loan terms as JSON on standard input (the input of loans.calculateSchedule), the
 * schedule as JSON on standard output. No database and no sign-in: a loan officer's calculator and a
 * conformance tool. Without a database there is no organisation currency, so `currency` is required.
 */
export async function scheduleCommand(io: CliIO): Promise<number> {
  const text = await io.readStdin();
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'Standard input is not valid JSON', [
        { field: '(input)', code: 'invalid_json', message: 'is not valid JSON' },
      ]);
    }
    const noCurrency = !raw || typeof raw !== 'object' || (raw as Record<string, unknown>).currency === undefined;
    const missingCurrency = { field: 'currency', code: 'required', message: 'is required (there is no organisation to take it from)' };
    let input;
    try {
      input = parseInput(scheduleInputSchema, raw);
    } catch (err) {
      if (err instanceof AppError && noCurrency) {
        throw new AppError(err.code, `${err.message}, currency`, [...(err.fields ?? []), missingCurrency]);
      }
      throw err;
    }
    if (!input.currency) throw new AppError('VALIDATION_FAILED', 'Please correct: currency', [missingCurrency]);
    const out = calculateSchedule({
      ...input,
      currency: input.currency,
      expectedDisbursementDate: input.expectedDisbursementDate ?? localToday(new Date()),
    });
    io.out(JSON.stringify(out, null, 2));
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.err(JSON.stringify({ ok: false, error: err.toBody() }, null, 2));
      return 1;
    }
    throw err;
  }
}
