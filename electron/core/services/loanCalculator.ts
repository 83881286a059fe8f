import { calculateSchedule } from '../domain/loans';
import type { Registry } from '../dispatch/registry';
import { getOrganisation } from './organisation';

/** Loans. So far the calculator; products and accounts come with the lending issue. */
export function registerLoanCalculator(registry: Registry): void {
  registry.register('loans.calculateSchedule', (ctx, input) =>
    calculateSchedule({
      ...input,
      currency: input.currency ?? getOrganisation(ctx.db).currency,
      expectedDisbursementDate: input.expectedDisbursementDate ?? ctx.businessDate(),
    }),
  );
}
