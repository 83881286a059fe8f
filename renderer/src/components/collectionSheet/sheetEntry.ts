/**
 * The collection sheet's entry, kept apart from the screen (views/CollectionSheetView.vue): what each cell holds,
 * what the sheet expected there, the totals (exact, BigInt through format/sum), the body of collectionSheet.save and
 * .post, and the core's refusals placed on the member and field they name.
 *
 * What is expected: each loan's amountDue (arrears included, as Fineract's sheet), each savings account's dueAmount
 * (0 for voluntary savings), and PRESENT for attendance (Fineract's UI shows a member with no attendance taken as
 * present). A saved draft (or what was posted) fills the cells instead; the highlight always compares with what was
 * expected, so a draft's differences stay visible when it is opened again.
 */
import type { AttendanceTypeName, CollectionSheetEntries, CollectionSheetView } from '../../../../shared/contract';
import { compareAmounts } from '../../format/cash';
import { sumAmounts } from '../../format/sum';

export interface SheetEntry {
  /** loanId -> amount typed (a plain decimal string, as UiMoneyInput gives it) */
  loans: Record<number, string>;
  /** savingsId -> deposit typed */
  savings: Record<number, string>;
  /** clientId -> attendance */
  attendance: Record<number, AttendanceTypeName>;
}

/** The badge of a sheet's state (base.css): new plain, draft amber, posted green. */
export const STATE_BADGE = { NEW: '', DRAFT: 'badge--warn', POSTED: 'badge--ok' } as const;

export const EXPECTED_ATTENDANCE: AttendanceTypeName = 'PRESENT';

/** What the sheet expects in each cell. */
export function expectedEntry(view: CollectionSheetView): SheetEntry {
  const e: SheetEntry = { loans: {}, savings: {}, attendance: {} };
  for (const g of view.groups) {
    for (const c of g.clients) {
      e.attendance[c.clientId] = EXPECTED_ATTENDANCE;
      for (const l of c.loans) e.loans[l.loanId] = l.amountDue;
      for (const s of c.savings) e.savings[s.savingsId] = s.dueAmount;
    }
  }
  return e;
}

/** The cells as the screen opens them: what was posted, else the saved draft, else what is expected. */
export function initialEntry(view: CollectionSheetView): SheetEntry {
  const e = expectedEntry(view);
  const source: CollectionSheetEntries | null = view.posted ?? view.draft;
  if (source) {
    for (const l of source.bulkRepaymentTransactions) if (l.loanId in e.loans) e.loans[l.loanId] = l.transactionAmount;
    for (const s of source.bulkSavingsDueTransactions) if (s.savingsId in e.savings) e.savings[s.savingsId] = s.transactionAmount;
    for (const a of source.clientsAttendance) if (a.clientId in e.attendance) e.attendance[a.clientId] = a.attendanceType;
  } else {
    for (const g of view.groups) for (const c of g.clients) if (c.attendanceType) e.attendance[c.clientId] = c.attendanceType;
  }
  return e;
}

/** Whether an amount typed differs from the one expected (an unreadable text differs). */
export function amountDiffers(typed: string, expected: string): boolean {
  const text = typed.trim() === '' ? '0' : typed.trim();
  return compareAmounts(text, expected) !== 0;
}

/** An amount as the sheet reads it: empty is 0. */
export function amountOrZero(typed: string): string {
  return typed.trim() === '' ? '0' : typed.trim();
}

export interface EntryTotals {
  loansExpected: string;
  loansEntered: string | null;
  savingsEntered: string | null;
  totalExpected: string;
  totalEntered: string | null;
  /** cells (amounts and attendance) differing from what was expected */
  changed: number;
  members: number;
  absent: number;
}

type SheetGroup = CollectionSheetView['groups'][number];

/** Totals over some groups of the sheet (one group, or the whole center); null sums while a cell is unreadable. */
export function totalsOf(groups: readonly SheetGroup[], entry: SheetEntry, expected: SheetEntry, decimalPlaces: number): EntryTotals {
  const loansExpected: string[] = [];
  const savingsExpected: string[] = [];
  const loansEntered: string[] = [];
  const savingsEntered: string[] = [];
  let changed = 0;
  let members = 0;
  let absent = 0;
  for (const g of groups) {
    for (const c of g.clients) {
      members++;
      const att = entry.attendance[c.clientId] ?? EXPECTED_ATTENDANCE;
      if (att === 'ABSENT') absent++;
      if (att !== (expected.attendance[c.clientId] ?? EXPECTED_ATTENDANCE)) changed++;
      for (const l of c.loans) {
        const typed = amountOrZero(entry.loans[l.loanId] ?? '');
        loansExpected.push(l.amountDue);
        loansEntered.push(typed);
        if (amountDiffers(typed, l.amountDue)) changed++;
      }
      for (const s of c.savings) {
        const typed = amountOrZero(entry.savings[s.savingsId] ?? '');
        savingsExpected.push(s.dueAmount);
        savingsEntered.push(typed);
        if (amountDiffers(typed, s.dueAmount)) changed++;
      }
    }
  }
  const le = sumAmounts(loansEntered, decimalPlaces);
  const se = sumAmounts(savingsEntered, decimalPlaces);
  const lx = sumAmounts(loansExpected, decimalPlaces) ?? '0';
  const sx = sumAmounts(savingsExpected, decimalPlaces) ?? '0';
  return {
    loansExpected: lx,
    loansEntered: le,
    savingsEntered: se,
    totalExpected: sumAmounts([lx, sx], decimalPlaces) ?? lx,
    totalEntered: le !== null && se !== null ? sumAmounts([le, se], decimalPlaces) : null,
    changed,
    members,
    absent,
  };
}

/** The body of collectionSheet.save and .post (Fineract's field names): every line of the sheet, 0 posting nothing. */
export function entryBody(view: CollectionSheetView, entry: SheetEntry, paymentTypeCode: string) {
  const ref =
    view.centerId !== null ? { centerId: view.centerId } : view.groupId !== null ? { groupId: view.groupId } : { calendarId: view.calendarId };
  const loans: { loanId: number; transactionAmount: string }[] = [];
  const savings: { savingsId: number; transactionAmount: string }[] = [];
  const attendance: { clientId: number; attendanceType: AttendanceTypeName }[] = [];
  for (const g of view.groups) {
    for (const c of g.clients) {
      attendance.push({ clientId: c.clientId, attendanceType: entry.attendance[c.clientId] ?? EXPECTED_ATTENDANCE });
      for (const l of c.loans) loans.push({ loanId: l.loanId, transactionAmount: amountOrZero(entry.loans[l.loanId] ?? '') });
      for (const s of c.savings) savings.push({ savingsId: s.savingsId, transactionAmount: amountOrZero(entry.savings[s.savingsId] ?? '') });
    }
  }
  return {
    ...ref,
    meetingDate: view.meetingDate,
    paymentTypeCode,
    bulkRepaymentTransactions: loans,
    bulkSavingsDueTransactions: savings,
    clientsAttendance: attendance,
  };
}

/** A cell of the sheet: its input's id on the screen. */
export type CellRef = { kind: 'loan'; id: number } | { kind: 'savings'; id: number } | { kind: 'attendance'; id: number };

export const cellDomId = (c: CellRef): string => `sheet-${c.kind}-${c.id}`;

export interface PlacedError {
  clientId: number;
  cell: CellRef | null;
  code: string;
  message: string;
}

/**
 * Where a refusal of save/post belongs: a field path of the body sent ("bulkRepaymentTransactions.3.transactionAmount",
 * "clientsAttendance.0.attendanceType") names the line by its index; the error's details may name the loan, savings
 * account or client instead. Errors naming no line stay general (null).
 */
export function placeError(
  view: CollectionSheetView,
  body: ReturnType<typeof entryBody>,
  field: string | null,
  details: Record<string, unknown> | undefined,
): { clientId: number; cell: CellRef | null } | null {
  const ownerOfLoan = (loanId: number) => findClient(view, (c) => c.loans.some((l) => l.loanId === loanId));
  const ownerOfSavings = (savingsId: number) => findClient(view, (c) => c.savings.some((s) => s.savingsId === savingsId));
  const m = field ? /^(bulkRepaymentTransactions|bulkSavingsDueTransactions|clientsAttendance)\.(\d+)/.exec(field) : null;
  if (m) {
    const i = Number(m[2]);
    if (m[1] === 'bulkRepaymentTransactions') {
      const line = body.bulkRepaymentTransactions[i];
      const owner = line ? ownerOfLoan(line.loanId) : null;
      if (line && owner !== null) return { clientId: owner, cell: { kind: 'loan', id: line.loanId } };
    } else if (m[1] === 'bulkSavingsDueTransactions') {
      const line = body.bulkSavingsDueTransactions[i];
      const owner = line ? ownerOfSavings(line.savingsId) : null;
      if (line && owner !== null) return { clientId: owner, cell: { kind: 'savings', id: line.savingsId } };
    } else {
      const line = body.clientsAttendance[i];
      if (line) return { clientId: line.clientId, cell: { kind: 'attendance', id: line.clientId } };
    }
  }
  const num = (k: string): number | null => (typeof details?.[k] === 'number' ? (details[k] as number) : null);
  const loanId = num('loanId');
  if (loanId !== null && ownerOfLoan(loanId) !== null) return { clientId: ownerOfLoan(loanId)!, cell: { kind: 'loan', id: loanId } };
  const savingsId = num('savingsId');
  if (savingsId !== null && ownerOfSavings(savingsId) !== null) return { clientId: ownerOfSavings(savingsId)!, cell: { kind: 'savings', id: savingsId } };
  const clientId = num('clientId');
  if (clientId !== null && findClient(view, (c) => c.clientId === clientId) !== null) return { clientId, cell: null };
  return null;
}

function findClient(view: CollectionSheetView, test: (c: SheetGroup['clients'][number]) => boolean): number | null {
  for (const g of view.groups) for (const c of g.clients) if (test(c)) return c.clientId;
  return null;
}
