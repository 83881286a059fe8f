import { describe, expect, it } from 'vitest';
import { calendarOperations, workingDaysRecurrence, workingWeekdaysOf } from '../../../shared/contract/calendar';

describe('working days as a weekly recurrence', () => {
  it('writes the ticked days Monday first, in the form the contract accepts', () => {
    const recurrence = workingDaysRecurrence(['SATURDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']);
    expect(recurrence).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA');
    const input = { recurrence, repaymentRescheduleType: 'MOVE_TO_NEXT_WORKING_DAY' };
    expect(calendarOperations['workingDays.update'].input.safeParse(input).success).toBe(true);
  });

  it('reads back the days it wrote', () => {
    for (const days of [['SUNDAY'], ['MONDAY', 'WEDNESDAY', 'FRIDAY'], ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']] as const) {
      expect(workingWeekdaysOf(workingDaysRecurrence(days))).toEqual(days);
    }
  });

  it('a week with no working day is refused by the contract', () => {
    const input = { recurrence: workingDaysRecurrence([]), repaymentRescheduleType: 'SAME_DAY' };
    const parsed = calendarOperations['workingDays.update'].input.safeParse(input);
    expect(parsed.success).toBe(false);
  });
});
