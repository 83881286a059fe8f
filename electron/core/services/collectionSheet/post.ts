import { ATTENDANCE_TYPES, type CollectionSheetPosted } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { resolvePaymentType } from '../common/paymentTypes';
import { recordAttendance } from '../groups/meetings';
import { assertPeriodOpen } from '../ledger';
import { portionsOfRow, repay } from '../loans';
import { getOrganisation, newGlobalId, withGlobalIdBlocks } from '../organisation';
import { receiptNumberOf, recordReceipt } from '../receipts';
import { depositInto } from '../savings/transactions';
import { withCashBatch } from '../tills/cash';
import { checkEntries, type SheetInput } from './entries';
import { deleteDraft, insertItem, insertSheet, postedOn, postedSheetOf, setSheetReceipt, type ItemRow } from './repository';
import { getGroupRow } from '../groups/repository';
import type { Db } from '../../db/connection';
import { resolveSheet, sheetFigures } from './sheet';

/**
 * `collectionSheet.post`: the whole sheet in ONE command (FINERACT-NOTES.md 3.4, CollectionSheetWritePlatformService
 * updateCollectionSheet): every repayment by loans.repay's path (the reverse-replay, the overpayment check with the
 * sheet's `approval`, the cash through the poster's open till or the payment type's account), every deposit by
 * savings.deposit's path, the attendance by meetings' path, each dated the meeting date; one receipt per member paid
 * and one for the sheet; the posted sheet keeps each posting (collection_sheet_items) for its undo.
 *
 * Where Branchbox departs from Fineract, on purpose:
 * - an amount of 0 posts nothing for its line, and any amount above 0 posts, however small: Fineract skips every
 *   amount below 1.00 (`transactionAmount.intValue() > 0` truncates), which silently drops 0.50;
 * - a deposit that fails refuses the whole sheet, naming the member: Fineract's updateBulkMandatorySavingsDuePayments
 *   catches and ignores every exception, so a failed deposit vanishes with no error;
 * - any failure posts nothing (the command's one transaction rolls back) and names the line's field
 *   (`bulkRepaymentTransactions.3.transactionAmount`) and the member in the message.
 */

/** The error of a line, its fields under the line and its message naming the member. */
function lineError(err: unknown, prefix: string, clientName: string): unknown {
  if (!(err instanceof AppError)) return err;
  const fields = (err.fields ?? [{ field: prefix.startsWith('bulkSavings') ? 'savingsId' : 'loanId', code: err.code.toLowerCase(), message: err.message }]).map((f) => ({
    ...f,
    // the approval is the sheet's own field (for a till's cash limit or an overpayment): named as it is
    field: f.field.startsWith('approval') ? f.field : `${prefix}.${f.field}`,
  }));
  return new AppError(err.code, `${clientName}: ${err.message}`, fields, { ...err.details, clientName });
}

const centerOf = (db: Db, groupId: number): number | null => getGroupRow(db, groupId)?.center_id ?? null;

export function postSheet(ctx: HandlerContext, input: SheetInput): CollectionSheetPosted {
  const db = ctx.db;
  const sheet = resolveSheet(db, input);
  const date = sheet.key.meetingDate;
  const dateField = input.meetingDate !== undefined ? 'meetingDate' : 'transactionDate';
  if (date > ctx.businessDate()) {
    throw new AppError('VALIDATION_FAILED', `${dateField} is after the business date ${ctx.businessDate()}`, [
      { field: dateField, code: 'after_business_date', message: `cannot be after the business date ${ctx.businessDate()}` },
    ]);
  }
  assertPeriodOpen(db, date, dateField);
  const already = postedSheetOf(db, sheet.key);
  if (already) {
    throw new AppError('CONFLICT', `The sheet of ${sheet.name} for ${date} is already posted (sheet ${already.id}): undo it before posting it again`, [
      { field: dateField, code: 'already_posted', message: `is already posted (sheet ${already.id})` },
    ], { sheetId: already.id });
  }
  const figures = sheetFigures(db, sheet);
  // a center's sheet and the sheet of one of its groups cover the same loans: one of them per meeting (Fineract
  // would post both and take the installments twice)
  const overlapping = postedOn(db, date).find((p) => (sheet.key.groupId !== null ? p.center_id === centerOf(db, sheet.key.groupId) : figures.groups.some((g) => g.id === p.group_id)));
  if (overlapping) {
    const other = overlapping.center_id !== null ? `its center's sheet` : `the sheet of group ${overlapping.group_id}`;
    throw new AppError('CONFLICT', `${other} for ${date} is already posted: it covers the same members`, [
      { field: sheet.key.groupId !== null ? 'groupId' : 'centerId', code: 'overlaps_posted', message: `${other} for ${date} is already posted` },
    ]);
  }
  const entries = checkEntries(db, figures, input);
  const paymentType = resolvePaymentType(db, input);
  const dp = getOrganisation(db).currency.decimalPlaces;
  const me = actorOf(ctx);
  const now = ctx.clock.now().toISOString();
  const lines = entries.repayments.filter((r) => r.amount > 0);
  const deposits = entries.deposits.filter((d) => d.amount > 0);
  // the sheet's global ids taken in blocks: one write per entity instead of one per row (organisation.ts)
  const rows = lines.length + deposits.length + entries.attendance.length;
  return withGlobalIdBlocks(db, ['loantxn', 'savingstxn', 'je', 'collectionsheetitem', 'attendance'], rows, () => {
    const sheetId = insertSheet(db, {
      globalId: newGlobalId(db, 'collectionsheet'),
      calendarId: sheet.calendar.id,
      key: sheet.key,
      businessDate: ctx.businessDate(),
      paymentTypeId: paymentType.id,
      entriesJson: JSON.stringify(entries.kept),
      total: entries.total,
      postedBy: me.userId,
      postedAt: now,
    });
    ctx.touched('collection_sheet', sheetId);
    type Paid = { principal: number; interest: number; fees: number; penalties: number; overpayment: number; deposit: number; accounts: string[]; items: Omit<ItemRow, 'id' | 'sheet_id'>[] };
    const paid = new Map<number, Paid>();
    const paidBy = (clientId: number): Paid => {
      let p = paid.get(clientId);
      if (!p) paid.set(clientId, (p = { principal: 0, interest: 0, fees: 0, penalties: 0, overpayment: 0, deposit: 0, accounts: [], items: [] }));
      return p;
    };
    const loanTransactions: number[] = [];
    const savingsTransactions: number[] = [];
    // the cash comes into the poster's till as one handover: one movement for the repayments, one for the deposits
    withCashBatch(ctx, { reference: sheet.name, description: `Collection sheet ${sheet.name} ${date}`, approval: input.approval }, () => {
      for (const r of lines) {
        const at = `bulkRepaymentTransactions.${r.index}`;
        try {
          const line = input.bulkRepaymentTransactions[r.index]!;
          const { loan, id } = repay(ctx, { loanId: r.loanId, transactionDate: date, transactionAmount: r.text, paymentTypeId: paymentType.id, receiptNumber: line.receiptNumber ?? input.receiptNumber ?? null, note: input.note ?? null }, input.approval);
          const portions = portionsOfRow(db, id);
          const p = paidBy(r.clientId);
          p.principal += portions.principal;
          p.interest += portions.interest;
          p.fees += portions.fee;
          p.penalties += portions.penalty;
          p.overpayment += portions.overpayment;
          p.accounts.push(loan.account_no);
          p.items.push({ client_id: r.clientId, kind: 'LOAN_REPAYMENT', loan_transaction_id: id, savings_transaction_id: null, amount: r.amount, attendance_type: null, previous_attendance_type: null, receipt_id: null });
          loanTransactions.push(id);
        } catch (err) {
          throw lineError(err, at, r.clientName);
        }
      }
      for (const d of deposits) {
        const at = `bulkSavingsDueTransactions.${d.index}`;
        try {
          const line = input.bulkSavingsDueTransactions[d.index]!;
          const { a, id } = depositInto(ctx, { savingsId: d.savingsId, transactionDate: date, transactionAmount: d.text, paymentTypeId: paymentType.id, receiptNumber: line.receiptNumber ?? input.receiptNumber ?? null, note: input.note ?? null, approval: input.approval });
          const p = paidBy(d.clientId);
          p.deposit += d.amount;
          p.accounts.push(a.account_no);
          p.items.push({ client_id: d.clientId, kind: 'SAVINGS_DEPOSIT', loan_transaction_id: null, savings_transaction_id: id, amount: d.amount, attendance_type: null, previous_attendance_type: null, receipt_id: null });
          savingsTransactions.push(id);
        } catch (err) {
          throw lineError(err, at, d.clientName);
        }
      }
    });
    if (entries.attendance.length > 0) {
      const previous = recordAttendance(ctx, sheet.calendar, sheet.name, date, entries.attendance);
      for (const a of entries.attendance) {
        insertItem(db, newGlobalId(db, 'collectionsheetitem'), sheetId, {
          client_id: a.clientId,
          kind: 'ATTENDANCE',
          loan_transaction_id: null,
          savings_transaction_id: null,
          amount: 0,
          attendance_type: ATTENDANCE_TYPES[a.attendanceType],
          previous_attendance_type: previous.get(a.clientId) ?? null,
          receipt_id: null,
        });
      }
    }
    // one receipt per member paid, their repayments and deposits as its lines (as loans.repayBatch records them)
    const memberReceipts: CollectionSheetPosted['memberReceipts'] = [];
    for (const [clientId, p] of paid) {
      const amount = p.principal + p.interest + p.fees + p.penalties + p.overpayment + p.deposit;
      const receiptId = recordReceipt(ctx, {
        kind: 'COLLECTION_SHEET_MEMBER',
        sourceType: 'collection_sheet',
        sourceId: sheetId,
        clientId,
        accountNo: p.accounts.length === 1 ? p.accounts[0]! : null,
        amount,
        date,
        paymentType: paymentType.code,
        lines: [
          { label: 'principal', amount: p.principal },
          { label: 'interest', amount: p.interest },
          { label: 'fees', amount: p.fees },
          { label: 'penalties', amount: p.penalties },
          { label: 'overpayment', amount: p.overpayment },
          { label: 'deposit', amount: p.deposit },
        ],
        balanceAfter: null,
      });
      for (const item of p.items) insertItem(db, newGlobalId(db, 'collectionsheetitem'), sheetId, { ...item, receipt_id: receiptId });
      memberReceipts.push({ clientId, receiptNumber: receiptNumberOf(db, receiptId), amount: formatMoney(amount, dp) });
    }
    const loansTotal = lines.reduce((s, r) => s + r.amount, 0);
    const sheetReceipt = recordReceipt(ctx, {
      kind: 'COLLECTION_SHEET',
      sourceType: 'collection_sheet',
      sourceId: sheetId,
      clientId: null,
      accountNo: null,
      amount: entries.total,
      date,
      paymentType: paymentType.code,
      lines: [
        { label: 'loanRepayments', amount: loansTotal },
        { label: 'savingsDeposits', amount: entries.total - loansTotal },
      ],
      balanceAfter: null,
    });
    setSheetReceipt(db, sheetId, sheetReceipt);
    // the draft is consumed by the post
    deleteDraft(db, sheet.key);
    return {
      sheetId,
      centerId: sheet.key.centerId,
      groupId: sheet.key.groupId,
      meetingDate: date,
      receiptNumber: receiptNumberOf(db, sheetReceipt),
      memberReceipts,
      loanTransactions,
      savingsTransactions,
      total: formatMoney(entries.total, dp),
    };
  });
}
