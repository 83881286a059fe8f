/**
 * calculateSchedule: the pure function behind the operation `loans.calculateSchedule` and the CLI.
 * The caller parses the input with scheduleInputSchema (or parseScheduleInput) and fills the currency and the
 * disbursement date when the user left them out.
 */
import type { CompleteScheduleInput, ScheduleOutput } from '../../../../shared/contract/loanSchedule';
import { toScheduleOutput } from './output';
import { generateSchedule } from './schedule';
import { toLoanTerms } from './terms';

export function calculateSchedule(input: CompleteScheduleInput): ScheduleOutput {
  return toScheduleOutput(generateSchedule(toLoanTerms(input)));
}
