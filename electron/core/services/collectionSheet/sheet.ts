import {
  ATTENDANCE_TYPES,
  type AttendanceTypeName,
  type CollectionSheetClient,
  type CollectionSheetEntries,
  type CollectionSheetGroup,
  type CollectionSheetLoan,
  type CollectionSheetSavings,
  type CollectionSheetTotals,
  type CollectionSheetView,
} from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { addMonths } from '../../domain/calendar';
import { getOrganisation } from '../organisation';
import { requireCenter, requireGroup } from '../groups/lifecycle';
import { collectionCalendarOf, meetingDatesOf } from '../groups/meetings';
import { getCalendarRow, type CalendarRow } from '../groups/repository';
import {
  attendanceAt,
  draftOf,
  loanDues,
  paymentTypeOptions,
  postedSheetOf,
  sheetGroups,
  sheetLoans,
  sheetMembers,
  sheetSavings,
  type SheetKey,
} from './repository';

/**
 * The collection sheet of a center or a group on a meeting date, as Fineract's JLG collection sheet computes it
 * (FINERACT-NOTES.md 3.2; CollectionSheetReadPlatformServiceImpl): the groups active or closed on or after the
 * date, their members, each member's active JLG loans of that group with what their installments due on or before
 * the date still owe (arrears included), each member's active savings accounts (voluntary: nothing due), totals per
 * group and for the center, the attendance taken. Five statements for the whole sheet, whatever its size.
 */

export interface SheetRefInput {
  centerId?: number | undefined;
  groupId?: number | undefined;
  calendarId?: number | undefined;
  meetingDate?: string | undefined;
  transactionDate?: string | undefined;
  isTransactionDateOnNonMeetingDate?: boolean | undefined;
}

export interface ResolvedSheet {
  key: SheetKey;
  calendar: CalendarRow;
  /** the center's or the group's name and loan officer */
  name: string;
  staffId: number | null;
  /** the calendar's own date when the meeting was moved by a holiday; null when it is the same */
  scheduledDate: string | null;
}

const fail = (code: 'VALIDATION_FAILED' | 'NOT_FOUND', field: string, message: string, reason: string): never => {
  throw new AppError(code, message, [{ field, code: reason, message }]);
};

/**
 * Which sheet: a center's, a group's, or Fineract's calendarId (its center's or standalone group's); its meeting
 * date a meeting date of the calendar (holidays honoured), unless isTransactionDateOnNonMeetingDate, refused as
 * Fineract refuses it (NotValidRecurringDateException, "... is not a valid meeting date"), naming meetingDate.
 */
export function resolveSheet(db: Db, input: SheetRefInput): ResolvedSheet {
  const meetingDate = (input.meetingDate ?? input.transactionDate)!;
  const dateField = input.meetingDate !== undefined ? 'meetingDate' : 'transactionDate';
  let key: SheetKey;
  let calendar: CalendarRow | undefined;
  let name: string;
  let staffId: number | null;
  if (input.centerId !== undefined || input.groupId !== undefined) {
    const isCenter = input.centerId !== undefined;
    const unit = isCenter ? requireCenter(db, input.centerId!) : requireGroup(db, input.groupId!);
    key = { centerId: isCenter ? unit.id : null, groupId: isCenter ? null : unit.id, meetingDate };
    calendar = collectionCalendarOf(db, isCenter ? 'CENTER' : 'GROUP', unit.id);
    if (!calendar) fail('NOT_FOUND', isCenter ? 'centerId' : 'groupId', `${unit.name} has no collection meeting`, 'no_calendar');
    if (input.calendarId !== undefined && input.calendarId !== calendar!.id) {
      fail('VALIDATION_FAILED', 'calendarId', `${unit.name} meets by calendar ${calendar!.id}, not ${input.calendarId}`, 'other_calendar');
    }
    name = unit.name;
    staffId = unit.staff_id;
  } else {
    calendar = getCalendarRow(db, input.calendarId!) ?? fail('NOT_FOUND', 'calendarId', `There is no calendar ${input.calendarId}`, 'not_found');
    if (calendar.type !== 'COLLECTION') fail('VALIDATION_FAILED', 'calendarId', `Calendar ${calendar.id} is not a collection meeting`, 'not_collection');
    const isCenter = calendar.entity_type === 'CENTER';
    const unit = isCenter ? requireCenter(db, calendar.entity_id, 'calendarId') : requireGroup(db, calendar.entity_id, 'calendarId');
    key = { centerId: isCenter ? unit.id : null, groupId: isCenter ? null : unit.id, meetingDate };
    name = unit.name;
    staffId = unit.staff_id;
  }
  const cal = calendar!;
  // a meeting moved by a holiday may be a period away from its scheduled date: look around it (as attendance does)
  const around = meetingDatesOf(db, cal, addMonths(meetingDate, -12), addMonths(meetingDate, 1));
  const meeting = around.find((m) => m.date === meetingDate);
  if (!meeting && !input.isTransactionDateOnNonMeetingDate) {
    fail('VALIDATION_FAILED', dateField, `${meetingDate} is not a valid meeting date of ${name} (calendar ${cal.id})`, 'not_meeting_date');
  }
  return { key, calendar: cal, name, staffId, scheduledDate: meeting && meeting.scheduledDate !== meeting.date ? meeting.scheduledDate : null };
}

const ATTENDANCE_NAMES = Object.fromEntries(Object.entries(ATTENDANCE_TYPES).map(([k, v]) => [v, k])) as Record<number, AttendanceTypeName>;
export const attendanceName = (code: number): AttendanceTypeName => ATTENDANCE_NAMES[code]!;

/** A sheet's figures in minor units, before they are formatted: what post and save check entries against. */
export interface SheetFigures {
  groups: {
    id: number;
    name: string;
    staffId: number | null;
    staffName: string | null;
    clients: {
      clientId: number;
      accountNo: string;
      name: string;
      attendance: number | null;
      loans: (LoanFigures & { loanId: number; accountNo: string; productId: number; productName: string })[];
      savings: { savingsId: number; accountNo: string; productId: number; productName: string; balance: number }[];
    }[];
  }[];
}

interface LoanFigures {
  principalDue: number;
  interestDue: number;
  feeDue: number;
  penaltyDue: number;
  arrears: number;
  principalPaid: number;
  interestPaid: number;
  feePaid: number;
  totalOutstanding: number;
}

/** The sheet's members, loans with their dues, savings and attendance: one statement each for the whole sheet. */
export function sheetFigures(db: Db, sheet: ResolvedSheet): SheetFigures {
  const date = sheet.key.meetingDate;
  const groups = sheetGroups(db, sheet.key);
  const groupIds = groups.map((g) => g.id);
  const members = sheetMembers(db, groupIds, date);
  const loans = sheetLoans(db, groupIds);
  const dues = new Map(loanDues(db, loans.map((l) => l.loan_id), date).map((d) => [d.loan_id, d]));
  const savings = sheetSavings(db, [...new Set(members.map((m) => m.client_id))]);
  const attendance = attendanceAt(db, sheet.calendar.id, date);
  const loansOf = new Map<string, SheetFigures['groups'][number]['clients'][number]['loans']>();
  for (const l of loans) {
    const d = dues.get(l.loan_id);
    const k = `${l.group_id}:${l.client_id}`;
    if (!loansOf.has(k)) loansOf.set(k, []);
    loansOf.get(k)!.push({
      loanId: l.loan_id,
      accountNo: l.account_no,
      productId: l.product_id,
      productName: l.product_name,
      principalDue: d?.principal_due ?? 0,
      interestDue: d?.interest_due ?? 0,
      feeDue: d?.fee_due ?? 0,
      penaltyDue: d?.penalty_due ?? 0,
      arrears: d?.arrears ?? 0,
      principalPaid: d?.principal_paid ?? 0,
      interestPaid: d?.interest_paid ?? 0,
      feePaid: d?.fee_paid ?? 0,
      totalOutstanding: l.total_outstanding,
    });
  }
  const savingsOf = new Map<number, SheetFigures['groups'][number]['clients'][number]['savings']>();
  for (const s of savings) {
    if (!savingsOf.has(s.client_id)) savingsOf.set(s.client_id, []);
    savingsOf.get(s.client_id)!.push({ savingsId: s.savings_id, accountNo: s.account_no, productId: s.product_id, productName: s.product_name, balance: s.balance });
  }
  return {
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      staffId: g.staff_id,
      staffName: g.staff_name,
      clients: members
        .filter((m) => m.group_id === g.id)
        .map((m) => ({
          clientId: m.client_id,
          accountNo: m.account_no,
          name: m.display_name,
          attendance: attendance.get(m.client_id) ?? null,
          loans: loansOf.get(`${g.id}:${m.client_id}`) ?? [],
          savings: savingsOf.get(m.client_id) ?? [],
        })),
    })),
  };
}

/** What the sheet prefills for a loan: everything due by the meeting date, penalties included. */
export const amountDueOf = (l: LoanFigures): number => l.principalDue + l.interestDue + l.feeDue + l.penaltyDue;

function totalsOf(dp: number, clients: { loansDue: number; savingsDue: number }[]): CollectionSheetTotals & { raw: number } {
  const loansDue = clients.reduce((s, c) => s + c.loansDue, 0);
  const savingsDue = clients.reduce((s, c) => s + c.savingsDue, 0);
  return { loansDue: formatMoney(loansDue, dp), savingsDue: formatMoney(savingsDue, dp), totalDue: formatMoney(loansDue + savingsDue, dp), members: clients.length, raw: loansDue + savingsDue };
}

export function sheetView(ctx: HandlerContext, sheet: ResolvedSheet): CollectionSheetView {
  const db = ctx.db;
  const dp = getOrganisation(db).currency.decimalPlaces;
  const money = (n: number) => formatMoney(n, dp);
  const figures = sheetFigures(db, sheet);
  const loanProducts = new Map<number, string>();
  const savingsProducts = new Map<number, string>();
  const all: { loansDue: number; savingsDue: number }[] = [];
  const groups: CollectionSheetGroup[] = figures.groups.map((g) => {
    const sums: { loansDue: number; savingsDue: number }[] = [];
    const clients: CollectionSheetClient[] = g.clients.map((c) => {
      const loans: CollectionSheetLoan[] = c.loans.map((l) => {
        loanProducts.set(l.productId, l.productName);
        return {
          loanId: l.loanId,
          accountNo: l.accountNo,
          productId: l.productId,
          productName: l.productName,
          principalDue: money(l.principalDue),
          interestDue: money(l.interestDue),
          feeDue: money(l.feeDue),
          penaltyDue: money(l.penaltyDue),
          // Fineract's totalDue leaves penalties out; its chargesDue (fees and penalties due) is kept beside it
          totalDue: money(l.principalDue + l.interestDue + l.feeDue),
          chargesDue: money(l.feeDue + l.penaltyDue),
          amountDue: money(amountDueOf(l)),
          arrears: money(l.arrears),
          principalPaid: money(l.principalPaid),
          interestPaid: money(l.interestPaid),
          feePaid: money(l.feePaid),
          totalOutstanding: money(l.totalOutstanding),
        };
      });
      const savings: CollectionSheetSavings[] = c.savings.map((s) => {
        savingsProducts.set(s.productId, s.productName);
        // voluntary savings: nothing due (Fineract's dueAmount comes from the mandatory-savings schedule only)
        return { savingsId: s.savingsId, accountNo: s.accountNo, productId: s.productId, productName: s.productName, dueAmount: money(0), depositAccountType: 'SAVING_DEPOSIT', accountBalance: money(s.balance) };
      });
      const loansDue = c.loans.reduce((s, l) => s + amountDueOf(l), 0);
      sums.push({ loansDue, savingsDue: 0 });
      return { clientId: c.clientId, accountNo: c.accountNo, clientName: c.name, attendanceType: c.attendance === null ? null : attendanceName(c.attendance), loans, savings, totalDue: money(loansDue) };
    });
    all.push(...sums);
    const { raw: _r, ...totals } = totalsOf(dp, sums);
    return { groupId: g.id, groupName: g.name, staffId: g.staffId, staffName: g.staffName, clients, totals };
  });
  const { raw: _r, ...totals } = totalsOf(dp, all);
  const draft = draftOf(db, sheet.key);
  const posted = postedSheetOf(db, sheet.key);
  const center = sheet.key.centerId !== null ? requireCenter(db, sheet.key.centerId) : null;
  return {
    centerId: center?.id ?? null,
    centerName: center?.name ?? null,
    groupId: sheet.key.groupId,
    calendarId: sheet.calendar.id,
    meetingDate: sheet.key.meetingDate,
    scheduledDate: sheet.scheduledDate,
    location: sheet.calendar.location,
    meetingtime: sheet.calendar.meeting_time,
    loanProducts: [...loanProducts].map(([id, name]) => ({ id, name })),
    savingsProducts: [...savingsProducts].map(([id, name]) => ({ id, name, depositAccountType: 'SAVING_DEPOSIT' as const })),
    groups,
    totals,
    state: posted ? 'POSTED' : draft ? 'DRAFT' : 'NEW',
    draft: draft ? { ...(JSON.parse(draft.entries_json) as CollectionSheetEntries), savedBy: draft.saved_by_name, savedAt: draft.saved_at } : null,
    posted: posted
      ? {
          ...(JSON.parse(posted.entries_json) as CollectionSheetEntries),
          sheetId: posted.id,
          postedBy: posted.posted_by_name,
          postedAt: posted.posted_at,
          receiptNumber: posted.receipt_number ?? '',
          businessDate: posted.business_date,
          undoable: posted.business_date === ctx.businessDate(),
        }
      : null,
    attendanceTypeOptions: Object.entries(ATTENDANCE_TYPES).map(([code, id]) => ({ id, code: code as AttendanceTypeName })),
    paymentTypeOptions: paymentTypeOptions(db),
  };
}
