import type { ParsedInput, ScheduleOutput } from '../../../../shared/contract';
import type { CompleteScheduleInput, MeetingRuleInput } from '../../../../shared/contract/loanSchedule';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { addMonths } from '../../domain/calendar';
import { requireGroup } from '../groups/lifecycle';
import { collectionCalendarOf, meetingDatesOf, ruleOf } from '../groups/meetings';
import { getCalendarRow, membersOf, type CalendarRow, type GroupRow } from '../groups/repository';
import { transactionDate, notBefore } from '../common/dates';
import { loanTerms, previewSchedule, submitLoan } from './lifecycle';
import { insertLoanGroup, jlgLoansOf, loanGroupOf, STATUS_NAME, type LoanRow } from './repository';
import { LOAN_STATUSES, type LoanStatus } from '../../../../shared/contract';

/**
 * Joint-liability group (JLG) loans (issue 17; DOMAIN.md "Clients, groups, centers"; FINERACT-NOTES.md 3.5 and 5):
 * one loan per member of an active group, each made as loans.submit makes it, in one command, and a row in
 * loan_groups tying it to the group and, when `calendarId` is given, to the group's collection meeting (its own or
 * its center's). Fineract's rules for a loan tied to a meeting (LoanScheduleAssembler, LoanApplicationValidator):
 * - the repayment frequency equals the meeting's (any, when the meeting is daily) and repaymentEvery is a multiple
 *   of the meeting's interval, else MeetingFrequencyMismatch (here: `meeting_frequency_mismatch` on productId, whose
 *   frequency it is, and `meeting_interval_mismatch` on repaymentEvery);
 * - a first repayment date given must be a meeting date; not given, the schedule takes the loan's first meeting date
 *   after the disbursement (domain/loans/scheduleDates.ts). Fineract adds the product's
 *   minimumDaysBetweenDisbursalAndFirstRepayment: Branchbox's products have no such setting yet;
 * - with syncDisbursementWithMeeting the expected disbursement date must be a meeting date, and so must the actual
 *   one (validateDisbursementDateWithMeetingDate at disbursal).
 * The meeting's rule is kept in the loan's terms (terms.meeting) for life: the installments follow it.
 */

const fail = (code: 'VALIDATION_FAILED' | 'INVALID_STATE' | 'NOT_FOUND', field: string, message: string, reason: string): never => {
  throw new AppError(code, message, [{ field, code: reason, message }]);
};

type JlgApplication = ParsedInput<'loans.submitJlg'>;
type Member = JlgApplication['members'][number];

/** The fields a member's own terms carry: a refusal on one of them names the member (`members.N.field`). */
const MEMBER_FIELDS = new Set(['clientId', 'principal', 'numberOfRepayments', 'interestRatePerPeriod', 'repaymentEvery', 'graceOnPrincipalPayment', 'graceOnInterestPayment', 'graceOnInterestCharged', 'purpose']);

function forMember(err: unknown, i: number): unknown {
  if (!(err instanceof AppError) || !err.fields) return err;
  const fields = err.fields.map((f) => (MEMBER_FIELDS.has(f.field.split('.')[0]!) ? { ...f, field: `members.${i}.${f.field}` } : f));
  return new AppError(err.code, `members.${i}: ${err.message}`, fields, err.details);
}

/** Whether `date` is a meeting date of a calendar: as held (moved off a holiday) or as the rule gives it. */
export function isMeetingDate(db: Db, cal: CalendarRow, date: string): boolean {
  return meetingDatesOf(db, cal, addMonths(date, -13), addMonths(date, 1)).some((m) => m.date === date || m.scheduledDate === date);
}

/** The calendar a JLG loan may be tied to: the group's collection meeting, its own or its center's. */
function groupCalendar(db: Db, group: GroupRow, calendarId: number): CalendarRow {
  const cal = getCalendarRow(db, calendarId) ?? fail('NOT_FOUND', 'calendarId', `There is no calendar ${calendarId}`, 'not_found');
  const own = collectionCalendarOf(db, 'GROUP', group.id);
  if (!own || own.id !== cal.id) {
    fail('VALIDATION_FAILED', 'calendarId', `Calendar ${calendarId} is not the collection meeting of ${group.name} (its own or its center's)`, 'not_group_calendar');
  }
  return cal;
}

const FREQUENCY_OF: Record<string, CompleteScheduleInput['repaymentFrequencyType']> = { WEEKLY: 'WEEKS', MONTHLY: 'MONTHS' };

/** Fineract's MeetingFrequencyMismatch: the loan's frequency and repaymentEvery against the meeting's. */
function withMeeting(terms: CompleteScheduleInput, meeting: MeetingRuleInput): CompleteScheduleInput {
  if (meeting.frequency !== 'DAILY') {
    const wanted = FREQUENCY_OF[meeting.frequency];
    if (wanted !== terms.repaymentFrequencyType) {
      fail('VALIDATION_FAILED', 'productId', `The product repays by ${terms.repaymentFrequencyType.toLowerCase()} but the meeting is ${meeting.frequency.toLowerCase()}: the repayment frequency must be the meeting's (Fineract's MeetingFrequencyMismatch)`, 'meeting_frequency_mismatch');
    }
    if (terms.repaymentEvery % meeting.interval !== 0) {
      fail('VALIDATION_FAILED', 'repaymentEvery', `must be a multiple of the meeting's interval ${meeting.interval} (Fineract's MeetingFrequencyMismatch)`, 'meeting_interval_mismatch');
    }
  }
  return { ...terms, meeting };
}

interface Application {
  group: GroupRow;
  calendar: CalendarRow | null;
  meeting: MeetingRuleInput | null;
  sync: boolean;
  expected: string;
  submittedOn: string;
}

/** The application's group, meeting and dates, checked before any member's loan. */
function checkApplication(ctx: HandlerContext, input: JlgApplication): Application {
  const db = ctx.db;
  const group = requireGroup(db, input.groupId);
  if (group.status !== 'ACTIVE') fail('INVALID_STATE', 'groupId', `${group.name} is ${group.status.toLowerCase()}: only an active group's members can apply`, 'group_not_active');
  const calendar = input.calendarId === undefined ? null : groupCalendar(db, group, input.calendarId);
  const sync = input.syncDisbursementWithMeeting === true;
  if (sync && !calendar) fail('VALIDATION_FAILED', 'syncDisbursementWithMeeting', 'needs calendarId: the meeting to disburse on', 'needs_calendar');
  const submittedOn = transactionDate(ctx, input.submittedOnDate, 'submittedOnDate');
  const expected = input.expectedDisbursementDate ?? ctx.businessDate();
  notBefore(expected, submittedOn, 'expectedDisbursementDate', 'the submission date');
  if (calendar && sync && !isMeetingDate(db, calendar, expected)) {
    fail('VALIDATION_FAILED', 'expectedDisbursementDate', `${expected} is not a meeting date: a loan disbursed with the meeting is disbursed on a meeting date`, 'disbursement_not_meeting_date');
  }
  if (calendar && input.repaymentsStartingFromDate !== undefined && !isMeetingDate(db, calendar, input.repaymentsStartingFromDate)) {
    fail('VALIDATION_FAILED', 'repaymentsStartingFromDate', `${input.repaymentsStartingFromDate} is not a meeting date`, 'first_repayment_not_meeting_date');
  }
  const members = new Map(membersOf(db, group.id).map((m) => [m.client_id, m]));
  const seen = new Set<number>();
  input.members.forEach((m, i) => {
    if (seen.has(m.clientId)) fail('VALIDATION_FAILED', `members.${i}.clientId`, `Client ${m.clientId} is listed twice`, 'duplicate');
    seen.add(m.clientId);
    const member = members.get(m.clientId);
    if (!member) fail('VALIDATION_FAILED', `members.${i}.clientId`, `Client ${m.clientId} is not a member of ${group.name}`, 'not_member');
    if (member!.client_status !== 'ACTIVE') fail('INVALID_STATE', `members.${i}.clientId`, `${member!.display_name} is ${member!.client_status.toLowerCase()}: only an active member can apply`, 'client_not_active');
  });
  const rule = calendar ? ruleOf(calendar) : null;
  const meeting = calendar && rule ? { ...rule, daysOfMonth: [...rule.daysOfMonth], calendarId: calendar.id } : null;
  return { group, calendar, meeting, sync, expected, submittedOn };
}

function memberInput(input: JlgApplication, app: Application, m: Member): ParsedInput<'loans.submit'> {
  const officer = input.loanOfficerId ?? app.group.staff_id ?? undefined;
  return {
    ...m,
    productId: input.productId,
    expectedDisbursementDate: app.expected,
    submittedOnDate: app.submittedOn,
    ...(input.repaymentsStartingFromDate !== undefined ? { repaymentsStartingFromDate: input.repaymentsStartingFromDate } : {}),
    ...(officer !== undefined ? { loanOfficerId: officer } : {}),
  };
}

/** loans.submitJlg: every member's loan, or none (the refusal names the member). */
export function submitJlg(ctx: HandlerContext, input: JlgApplication): { loanIds: number[] } {
  const app = checkApplication(ctx, input);
  const meeting = app.meeting;
  const loanIds = input.members.map((m, i) => {
    try {
      const { loanId } = submitLoan(ctx, memberInput(input, app, m), meeting ? (terms) => withMeeting(terms, meeting) : undefined);
      insertLoanGroup(ctx.db, loanId, app.group.id, app.calendar?.id ?? null, app.sync);
      return loanId;
    } catch (e) {
      throw forMember(e, i);
    }
  });
  return { loanIds };
}

/** loans.previewJlg: the schedule the first member's loan would get. */
export function previewJlg(ctx: HandlerContext, input: JlgApplication): ScheduleOutput {
  const app = checkApplication(ctx, input);
  try {
    const { clientId: _c, productId, purpose: _p, loanOfficerId: _o, submittedOnDate: _s, ...change } = memberInput(input, app, input.members[0]!);
    const { terms } = loanTerms(ctx, productId, change);
    return previewSchedule(ctx.db, app.meeting ? withMeeting(terms, app.meeting) : terms);
  } catch (e) {
    throw forMember(e, 0);
  }
}

/**
 * At disbursal (loans.disburse): a JLG loan disbursed with its meeting is disbursed on a meeting date (Fineract's
 * validateDisbursementDateWithMeetingDate); a loan tied to a meeting disbursed on another date than expected takes
 * its first due date again from the meeting, the first meeting date of the loan after the actual date (Fineract
 * regenerates the schedule with getFirstRepaymentMeetingDate), even one given at application.
 */
export function jlgDisbursementTerms(ctx: HandlerContext, loan: LoanRow, date: string, terms: CompleteScheduleInput): void {
  const tie = loanGroupOf(ctx.db, loan.id);
  if (!tie || tie.calendar_id === null) return;
  const cal = getCalendarRow(ctx.db, tie.calendar_id)!;
  if (tie.sync_disbursement_with_meeting === 1 && !isMeetingDate(ctx.db, cal, date)) {
    fail('VALIDATION_FAILED', 'actualDisbursementDate', `${date} is not a meeting date: this loan is disbursed with the meeting`, 'disbursement_not_meeting_date');
  }
  if (terms.meeting && date !== loan.expected_disbursement_date) delete (terms as { repaymentsStartingFromDate?: string | null }).repaymentsStartingFromDate;
}

/**
 * Runs `act` on each of a group's JLG loans in `status` (or on those named, each checked to be one), in the
 * command's one transaction: a refusal names the loan (`loanIds.N`, its account number) and nothing is posted.
 */
export function eachJlgLoan<T>(ctx: HandlerContext, groupId: number, loanIds: readonly number[] | undefined, status: LoanStatus, act: (loanId: number) => T): T[] {
  const group = requireGroup(ctx.db, groupId);
  const loans = jlgLoansOf(ctx.db, group.id, loanIds ? Object.values(LOAN_STATUSES) : [LOAN_STATUSES[status]]);
  const ids = loanIds ?? loans.map((l) => l.id);
  if (ids.length === 0) fail('INVALID_STATE', 'groupId', `${group.name} has no JLG loan ${STATUS_NAME[LOAN_STATUSES[status]]!.toLowerCase().replace(/_/g, ' ')}`, 'no_loans');
  const byId = new Map(loans.map((l) => [l.id, l]));
  return ids.map((id, i) => {
    const loan = byId.get(id);
    if (!loan) fail('VALIDATION_FAILED', `loanIds.${i}`, `Loan ${id} is not a JLG loan of ${group.name}`, 'not_group_loan');
    try {
      return act(id);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const fields = (e.fields ?? [{ field: 'loanId', code: e.code.toLowerCase(), message: e.message }]).map((f) => ({ ...f, field: `loanIds.${i}.${f.field}` }));
      throw new AppError(e.code, `${loan!.account_no}: ${e.message}`, fields, { ...e.details, loanId: id, accountNo: loan!.account_no });
    }
  });
}
