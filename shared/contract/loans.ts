import { op } from './operation';
import { scheduleInputSchema, type ScheduleOutput } from './loanSchedule';

export const loanOperations = {
  /**
   * The loan calculator: a repayment schedule from loan terms in Fineract's names. Any signed-in user may ask;
   * the currency defaults to the organisation's, the disbursement date to the business date.
   */
  'loans.calculateSchedule': op<ScheduleOutput>()({ kind: 'query', access: 'AUTHENTICATED', input: scheduleInputSchema }),
} as const;
