import type { AttendanceTypeName, CollectionSheetDraftSummary, CollectionSheetEntries, CollectionSheetMeeting, ParsedInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { addMonths } from '../../domain/calendar';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { getOrganisation } from '../organisation';
import { meetingDatesOf } from '../groups/meetings';
import { getCalendarRow, staffIdOfUser } from '../groups/repository';
import { allDrafts, draftOf, meetingUnits, postedOn, postedSheetOf, saveDraft } from './repository';
import { resolveSheet, sheetFigures, type ResolvedSheet, type SheetFigures } from './sheet';

/**
 * What was entered on a sheet, checked against the sheet (each loan, savings account and client on it, once), and
 * the loan officer's drafts (Fineract has none: its save posts; here `collectionSheet.save` keeps the entries,
 * posting nothing, until a teller or a branch manager posts them).
 */

export type SheetInput = ParsedInput<'collectionSheet.post'>;

export interface CheckedEntries {
  repayments: { index: number; loanId: number; clientId: number; clientName: string; amount: number; text: string }[];
  deposits: { index: number; savingsId: number; clientId: number; clientName: string; amount: number; text: string }[];
  attendance: { index: number; clientId: number; attendanceType: AttendanceTypeName }[];
  /** Σ of the repayments and deposits */
  total: number;
  /** the entries as they are kept (a draft, a posted sheet): Fineract's names, amounts as decimal text */
  kept: CollectionSheetEntries;
}

const refuse = (field: string, code: string, message: string): never => {
  throw new AppError('VALIDATION_FAILED', message, [{ field, code, message }]);
};

export function checkEntries(db: Db, figures: SheetFigures, input: SheetInput): CheckedEntries {
  const dp = getOrganisation(db).currency.decimalPlaces;
  const loans = new Map<number, { clientId: number; name: string }>();
  const savings = new Map<number, { clientId: number; name: string }>();
  const clients = new Map<number, string>();
  for (const g of figures.groups) {
    for (const c of g.clients) {
      clients.set(c.clientId, c.name);
      for (const l of c.loans) loans.set(l.loanId, { clientId: c.clientId, name: c.name });
      for (const s of c.savings) savings.set(s.savingsId, { clientId: c.clientId, name: c.name });
    }
  }
  const seen = new Set<string>();
  const once = (what: string, id: number, field: string) => {
    if (seen.has(`${what}${id}`)) refuse(field, 'duplicate', `${what === 'L' ? 'Loan' : what === 'S' ? 'Savings account' : 'Client'} ${id} is listed twice`);
    seen.add(`${what}${id}`);
  };
  const repayments = input.bulkRepaymentTransactions.map((t, index) => {
    const at = `bulkRepaymentTransactions.${index}`;
    const owner = loans.get(t.loanId) ?? refuse(`${at}.loanId`, 'not_on_sheet', `Loan ${t.loanId} is not a loan due on this sheet`);
    once('L', t.loanId, `${at}.loanId`);
    const amount = parseMoneyField(t.transactionAmount, dp, `${at}.transactionAmount`);
    return { index, loanId: t.loanId, clientId: owner.clientId, clientName: owner.name, amount, text: formatMoney(amount, dp) };
  });
  const deposits = input.bulkSavingsDueTransactions.map((t, index) => {
    const at = `bulkSavingsDueTransactions.${index}`;
    const owner = savings.get(t.savingsId) ?? refuse(`${at}.savingsId`, 'not_on_sheet', `Savings account ${t.savingsId} is not on this sheet`);
    once('S', t.savingsId, `${at}.savingsId`);
    const amount = parseMoneyField(t.transactionAmount, dp, `${at}.transactionAmount`);
    return { index, savingsId: t.savingsId, clientId: owner.clientId, clientName: owner.name, amount, text: formatMoney(amount, dp) };
  });
  const attendance = input.clientsAttendance.map((a, index) => {
    const at = `clientsAttendance.${index}.clientId`;
    if (!clients.has(a.clientId)) refuse(at, 'not_member', `Client ${a.clientId} is not a member on this sheet`);
    once('C', a.clientId, at);
    return { index, clientId: a.clientId, attendanceType: a.attendanceType };
  });
  const total = repayments.reduce((s, r) => s + r.amount, 0) + deposits.reduce((s, d) => s + d.amount, 0);
  return {
    repayments,
    deposits,
    attendance,
    total,
    kept: {
      paymentTypeCode: input.paymentTypeCode ?? null,
      receiptNumber: input.receiptNumber ?? null,
      note: input.note ?? null,
      bulkRepaymentTransactions: repayments.map((r) => ({ loanId: r.loanId, transactionAmount: r.text })),
      bulkSavingsDueTransactions: deposits.map((d) => ({ savingsId: d.savingsId, transactionAmount: d.text })),
      clientsAttendance: attendance.map((a) => ({ clientId: a.clientId, attendanceType: a.attendanceType })),
    },
  };
}

/**
 * Who may enter a sheet: a teller or a branch manager (collectionSheet.post) any; a loan officer only the sheets of
 * the centers and groups they are the loan officer of (as groups.write's requireOwn).
 */
function requireOwnSheet(ctx: HandlerContext, sheet: ResolvedSheet): void {
  const me = actorOf(ctx);
  if (me.permissions.includes('collectionSheet.post') || me.permissions.includes('groups.manage')) return;
  const mine = staffIdOfUser(ctx.db, me.userId);
  if (mine === null || sheet.staffId !== mine) {
    throw new AppError('PERMISSION_DENIED', `A loan officer may only enter the sheets of their own centers and groups (${sheet.name} is not theirs)`, [
      { field: sheet.key.centerId !== null ? 'centerId' : 'groupId', code: 'not_own', message: `${sheet.name} is not one of your centers or groups` },
    ]);
  }
}

export function saveSheet(ctx: HandlerContext, input: SheetInput): { centerId: number | null; groupId: number | null; meetingDate: string; savedAt: string } {
  const db = ctx.db;
  const sheet = resolveSheet(db, input);
  requireOwnSheet(ctx, sheet);
  const posted = postedSheetOf(db, sheet.key);
  if (posted) {
    throw new AppError('CONFLICT', `The sheet of ${sheet.name} for ${sheet.key.meetingDate} is posted (sheet ${posted.id}): a branch manager undoes it before it is entered again`, [
      { field: input.meetingDate !== undefined ? 'meetingDate' : 'transactionDate', code: 'already_posted', message: `is already posted (sheet ${posted.id})` },
    ], { sheetId: posted.id });
  }
  const checked = checkEntries(db, sheetFigures(db, sheet), input);
  const savedAt = ctx.clock.now().toISOString();
  saveDraft(db, sheet.key, { calendarId: sheet.calendar.id, entriesJson: JSON.stringify(checked.kept), total: checked.total, savedBy: actorOf(ctx).userId, savedAt });
  return { centerId: sheet.key.centerId, groupId: sheet.key.groupId, meetingDate: sheet.key.meetingDate, savedAt };
}

export function listDrafts(db: Db): CollectionSheetDraftSummary[] {
  const dp = getOrganisation(db).currency.decimalPlaces;
  return allDrafts(db).map((d) => ({ centerId: d.center_id, groupId: d.group_id, name: d.name, meetingDate: d.meeting_date, savedBy: d.saved_by_name, savedAt: d.saved_at, total: formatMoney(d.total, dp) }));
}

/**
 * Fineract's "productive collection sheet": the centers and standalone groups whose collection calendar meets on the
 * date (the business date unless given; holidays honoured), optionally of one loan officer, with their sheet's state.
 */
export function meetingsOn(ctx: HandlerContext, input: ParsedInput<'collectionSheet.meetings'>): CollectionSheetMeeting[] {
  const db = ctx.db;
  const date = input.meetingDate ?? ctx.businessDate();
  const posted = postedOn(db, date);
  const out: CollectionSheetMeeting[] = [];
  for (const u of meetingUnits(db)) {
    if (input.staffId !== undefined && u.staff_id !== input.staffId) continue;
    const cal = getCalendarRow(db, u.calendar_id)!;
    // a meeting moved forward by a holiday is found from its scheduled date: look a month back
    if (!meetingDatesOf(db, cal, addMonths(date, -1), date).some((m) => m.date === date)) continue;
    const key = { centerId: u.entity_type === 'CENTER' ? u.entity_id : null, groupId: u.entity_type === 'GROUP' ? u.entity_id : null, meetingDate: date };
    const isPosted = posted.some((p) => p.center_id === key.centerId && p.group_id === key.groupId);
    out.push({
      ...key,
      name: u.name,
      calendarId: u.calendar_id,
      staffName: u.staff_name,
      meetingDate: date,
      members: u.members,
      state: isPosted ? 'POSTED' : draftOf(db, key) ? 'DRAFT' : 'NEW',
    });
  }
  return out;
}

