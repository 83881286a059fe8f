import { z } from 'zod';
import { op } from './operation';
import { amountText, id, isoDate, managerApproval, optionalText } from './fields';
import { fineractEnum } from './loanSchedule';
import { ATTENDANCE_TYPES, type AttendanceTypeName } from './groups';

/**
 * The collection sheet of a center or a group for a meeting date (issue 17; FINERACT-NOTES.md 3): every member,
 * their loan installments due (arrears included) and their savings, totals per group and for the center, as
 * Fineract's JLG collection sheet computes them; saved as a draft by the loan officer, posted in one command by a
 * teller (or a branch manager with an open till), undone as a whole the same business day by a branch manager.
 * Field names are Fineract's (`bulkRepaymentTransactions`, `bulkSavingsDueTransactions`, `clientsAttendance`).
 * Amounts are decimal text in the branch's currency.
 */

export interface CollectionSheetLoan {
  loanId: number;
  accountNo: string;
  productId: number;
  productName: string;
  /** Σ over unpaid installments due on or before the meeting date (arrears included), as Fineract's sheet. */
  principalDue: string;
  interestDue: string;
  feeDue: string;
  penaltyDue: string;
  /** Fineract's totalDue: principalDue + interestDue + feeDue (penalties not included). */
  totalDue: string;
  /** Fineract's chargesDue: the loan's unpaid charges (fees and penalties) due by the meeting date. */
  chargesDue: string;
  /** What the sheet expects at the meeting and prefills: principal, interest, fees and penalties due. */
  amountDue: string;
  /** Of amountDue, what was due before the meeting date (arrears). */
  arrears: string;
  principalPaid: string;
  interestPaid: string;
  feePaid: string;
  /** The loan's whole outstanding balance (the most a payment can take before it overpays). */
  totalOutstanding: string;
}

export interface CollectionSheetSavings {
  savingsId: number;
  accountNo: string;
  productId: number;
  productName: string;
  /** Voluntary savings have nothing due (Fineract): the sheet has a column to enter deposits. */
  dueAmount: string;
  /** Fineract's depositAccountType ('Saving Deposit' 100). */
  depositAccountType: 'SAVING_DEPOSIT';
  accountBalance: string;
}

export interface CollectionSheetClient {
  clientId: number;
  accountNo: string;
  clientName: string;
  /** The attendance taken for the meeting, or null when none was taken yet (Fineract's 0, shown as PRESENT by its UI). */
  attendanceType: AttendanceTypeName | null;
  loans: CollectionSheetLoan[];
  savings: CollectionSheetSavings[];
  /** Σ amountDue of the loans + Σ dueAmount of the savings. */
  totalDue: string;
}

export interface CollectionSheetTotals {
  loansDue: string;
  savingsDue: string;
  totalDue: string;
  members: number;
}

export interface CollectionSheetGroup {
  groupId: number;
  groupName: string;
  staffId: number | null;
  staffName: string | null;
  clients: CollectionSheetClient[];
  totals: CollectionSheetTotals;
}

/** What was entered for a meeting (a saved draft, or what was posted): the body of save/post as it was sent. */
export interface CollectionSheetEntries {
  paymentTypeCode: string | null;
  receiptNumber: string | null;
  note: string | null;
  bulkRepaymentTransactions: { loanId: number; transactionAmount: string }[];
  bulkSavingsDueTransactions: { savingsId: number; transactionAmount: string }[];
  clientsAttendance: { clientId: number; attendanceType: AttendanceTypeName }[];
}

export interface CollectionSheetView {
  centerId: number | null;
  centerName: string | null;
  /** Set for a standalone group's (or one group's) sheet. */
  groupId: number | null;
  calendarId: number;
  /** Fineract's dueDate: the meeting date. */
  meetingDate: string;
  /** The calendar's own date when the meeting was moved by a holiday. */
  scheduledDate: string | null;
  location: string | null;
  meetingtime: string | null;
  loanProducts: { id: number; name: string }[];
  savingsProducts: { id: number; name: string; depositAccountType: 'SAVING_DEPOSIT' }[];
  groups: CollectionSheetGroup[];
  totals: CollectionSheetTotals;
  /** NEW: nothing entered; DRAFT: saved by the officer, nothing posted; POSTED: posted (and not undone). */
  state: 'NEW' | 'DRAFT' | 'POSTED';
  draft: (CollectionSheetEntries & { savedBy: string; savedAt: string }) | null;
  posted: (CollectionSheetEntries & { sheetId: number; postedBy: string; postedAt: string; receiptNumber: string; businessDate: string; undoable: boolean }) | null;
  attendanceTypeOptions: { id: number; code: AttendanceTypeName }[];
  paymentTypeOptions: { id: number; code: string; name: string }[];
}

export interface CollectionSheetPosted {
  sheetId: number;
  centerId: number | null;
  groupId: number | null;
  meetingDate: string;
  /** The sheet's receipt (the whole sheet's total). */
  receiptNumber: string;
  /** One receipt per member paid. */
  memberReceipts: { clientId: number; receiptNumber: string; amount: string }[];
  loanTransactions: number[];
  savingsTransactions: number[];
  total: string;
}

export interface CollectionSheetDraftSummary {
  centerId: number | null;
  groupId: number | null;
  name: string;
  meetingDate: string;
  savedBy: string;
  savedAt: string;
  total: string;
}

export interface CollectionSheetMeeting {
  centerId: number | null;
  groupId: number | null;
  name: string;
  calendarId: number;
  staffName: string | null;
  meetingDate: string;
  members: number;
  state: 'NEW' | 'DRAFT' | 'POSTED';
}

/** Which sheet: a center's, or a group's, on a meeting date; or Fineract's calendarId with transactionDate. */
const sheetRef = {
  centerId: id.optional(),
  groupId: id.optional(),
  calendarId: id.optional(),
  meetingDate: isoDate.optional(),
  /** Fineract's name for the meeting date (with calendarId). */
  transactionDate: isoDate.optional(),
  /** Fineract's: a sheet on a date that is not a meeting date of the calendar (refused unless true). */
  isTransactionDateOnNonMeetingDate: z.boolean().optional(),
};

function requireSheetRef(v: { centerId?: number | undefined; groupId?: number | undefined; calendarId?: number | undefined; meetingDate?: string | undefined; transactionDate?: string | undefined }, ctx: z.RefinementCtx): void {
  const given = [v.centerId, v.groupId, v.calendarId].filter((x) => x !== undefined).length;
  if (given === 0) ctx.addIssue({ code: 'custom', path: ['centerId'], message: 'is required (or groupId, or calendarId)' });
  if (v.centerId !== undefined && v.groupId !== undefined) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'cannot be given with centerId' });
  if (v.meetingDate === undefined && v.transactionDate === undefined) ctx.addIssue({ code: 'custom', path: ['meetingDate'], message: 'is required' });
  if (v.meetingDate !== undefined && v.transactionDate !== undefined && v.meetingDate !== v.transactionDate) {
    ctx.addIssue({ code: 'custom', path: ['transactionDate'], message: 'must be the meetingDate when both are given' });
  }
}

/** An amount of a sheet's line: zero or more (Fineract: amounts must be >= 0); 0 posts nothing for the line. */
const lineAmount = amountText.refine((v) => !v.startsWith('-'), { message: 'must not be negative' });

const sheetEntries = {
  paymentTypeId: id.optional(),
  paymentTypeCode: z.string().trim().toUpperCase().optional(),
  receiptNumber: optionalText(60),
  note: optionalText(1000),
  bulkRepaymentTransactions: z.array(z.strictObject({ loanId: id, transactionAmount: lineAmount, receiptNumber: optionalText(60) })).max(2000).default([]),
  bulkSavingsDueTransactions: z
    .array(z.strictObject({ savingsId: id, transactionAmount: lineAmount, receiptNumber: optionalText(60), depositAccountType: z.union([z.literal(100), z.literal('SAVING_DEPOSIT')]).optional() }))
    .max(2000)
    .default([]),
  clientsAttendance: z.array(z.strictObject({ clientId: id, attendanceType: fineractEnum(ATTENDANCE_TYPES) })).max(2000).default([]),
  /** A branch manager's approval for overpayments beyond the margin (as loans.repay). */
  approval: managerApproval.optional(),
};

const sheetBody = z.strictObject({ ...sheetRef, ...sheetEntries }).superRefine(requireSheetRef);

export const collectionSheetOperations = {
  /** The sheet for a center (or a group) and a meeting date, with any saved draft or what was posted. */
  'collectionSheet.get': op<CollectionSheetView>()({
    kind: 'query',
    access: 'groups.read',
    input: z.strictObject(sheetRef).superRefine(requireSheetRef),
  }),
  /** The loan officer's draft: saved, posts nothing; saved again, replaced. */
  'collectionSheet.save': op<{ centerId: number | null; groupId: number | null; meetingDate: string; savedAt: string }>()({
    kind: 'command',
    access: 'collectionSheet.enter',
    input: sheetBody,
  }),
  /** Every repayment, deposit and attendance of the sheet in one command; the cash through the poster's till. */
  'collectionSheet.post': op<CollectionSheetPosted>()({ kind: 'command', access: 'collectionSheet.post', input: sheetBody }),
  /** A posted sheet undone as a whole, the business day it was posted: every posting reversed, the cash back out. */
  'collectionSheet.undo': op<{ sheetId: number; loanTransactions: number[]; savingsTransactions: number[] }>()({
    kind: 'command',
    access: 'collectionSheet.undo',
    input: z.strictObject({ sheetId: id, note: optionalText(1000) }),
  }),
  /** The saved drafts not yet posted (day-end lists them; they do not block it). */
  'collectionSheet.drafts': op<CollectionSheetDraftSummary[]>()({ kind: 'query', access: 'groups.read', input: z.strictObject({}) }),
  /** The centers and standalone groups meeting on a date (Fineract's "productive collection sheet"), with their sheet's state. */
  'collectionSheet.meetings': op<CollectionSheetMeeting[]>()({
    kind: 'query',
    access: 'groups.read',
    input: z.strictObject({ meetingDate: isoDate.optional(), staffId: id.optional() }),
  }),
} as const;
