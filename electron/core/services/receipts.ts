import type { ReceiptView } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { HandlerContext } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import { findLocalOffice, getOrganisation, nextSequence } from './organisation';

/**
 * Numbered receipts (DOMAIN.md "Tellers and cash"): unique offline because the number is this office's code and
 * its own sequence ("NRB-R000042"). A receipt is issued once with its transaction; every later print is logged
 * and says COPY. The receipts of a batch (a collection sheet's, one per member and one for the sheet) come back from
 * their command as numbers only: the first print of each is the original, the prints after it copies.
 */
const ISSUED_BY_NUMBER: ReadonlySet<string> = new Set(['COLLECTION_SHEET', 'COLLECTION_SHEET_MEMBER']);
export interface NewReceipt {
  kind: string;
  sourceType: string;
  sourceId: number;
  clientId: number | null;
  accountNo: string | null;
  amount: number;
  date: string;
  paymentType: string | null;
  /** label keys the renderer translates (principal, interest, fees, penalties, overpayment ...) */
  lines: { label: string; amount: number }[];
  balanceAfter: number | null;
}

interface ReceiptRow {
  id: number;
  number: string;
  kind: string;
  source_type: string;
  source_id: number;
  client_id: number | null;
  account_no: string | null;
  amount: number;
  currency_code: string;
  transaction_date: string;
  details_json: string;
  issued_by: number | null;
  issued_at: string;
}

export function issueReceipt(ctx: HandlerContext, r: NewReceipt): ReceiptView {
  const id = recordReceipt(ctx, r);
  return receiptView(ctx.db, sql<[number], ReceiptRow>(ctx.db, 'SELECT * FROM receipts WHERE id = ?').get(id)!, false);
}

/** Writes the receipt and returns its row id (a batch needs only the number, not the printable view). */
export function recordReceipt(ctx: HandlerContext, r: NewReceipt): number {
  const db = ctx.db;
  const office = findLocalOffice(db)!;
  const org = getOrganisation(db);
  const number = `${office.code}-R${String(nextSequence(db, `receipt.${office.code}`)).padStart(6, '0')}`;
  const id = Number(
    sql(
      db,
      `INSERT INTO receipts (number, office_id, kind, source_type, source_id, client_id, account_no, amount, currency_code,
         transaction_date, details_json, issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      number,
      office.id,
      r.kind,
      r.sourceType,
      r.sourceId,
      r.clientId,
      r.accountNo,
      r.amount,
      org.currency.code,
      r.date,
      JSON.stringify({ paymentType: r.paymentType, lines: r.lines.filter((l) => l.amount !== 0), balanceAfter: r.balanceAfter }),
      ctx.actor?.userId ?? null,
      ctx.clock.now().toISOString(),
    ).lastInsertRowid,
  );
  ctx.touched('receipt', id);
  return id;
}

/**
 * The payer's own reference of the transaction a receipt is for (a mobile-money or bank reference, the number of a
 * paper receipt: the API's `receiptNumber`), read from the transaction itself so that a reprint shows it too.
 */
const REFERENCE_OF: Readonly<Record<string, string>> = {
  loan_transaction: 'SELECT receipt_number AS ref FROM loan_transactions WHERE id = ?',
  savings_transaction: 'SELECT receipt_number AS ref FROM savings_transactions WHERE id = ?',
};
function referenceOf(db: Db, r: Pick<ReceiptRow, 'source_type' | 'source_id'>): string | null {
  const query = REFERENCE_OF[r.source_type];
  return query ? (sql<[number], { ref: string | null }>(db, query).get(r.source_id)?.ref ?? null) : null;
}

export function receiptNumberOf(db: Db, id: number): string {
  return sql<[number], { number: string }>(db, 'SELECT number FROM receipts WHERE id = ?').get(id)!.number;
}

function receiptView(db: Db, r: ReceiptRow, copy: boolean): ReceiptView {
  const org = getOrganisation(db);
  const office = findLocalOffice(db)!;
  const dp = org.currency.decimalPlaces;
  const details = JSON.parse(r.details_json) as { paymentType: string | null; lines: { label: string; amount: number }[]; balanceAfter: number | null };
  const client = r.client_id
    ? sql<[number], { display_name: string; account_no: string }>(db, 'SELECT display_name, account_no FROM clients WHERE id = ?').get(r.client_id)
    : undefined;
  const user = r.issued_by ? sql<[number], { display_name: string }>(db, 'SELECT display_name FROM users WHERE id = ?').get(r.issued_by) : undefined;
  return {
    number: r.number,
    kind: r.kind,
    copy,
    officeName: office.name,
    organisationName: org.name,
    clientName: client?.display_name ?? null,
    clientAccountNo: client?.account_no ?? null,
    accountNo: r.account_no,
    transactionDate: r.transaction_date,
    amount: formatMoney(r.amount, dp),
    currencyCode: r.currency_code,
    currencyDecimalPlaces: dp,
    paymentType: details.paymentType,
    reference: referenceOf(db, r),
    lines: details.lines.map((l) => ({ label: l.label, amount: formatMoney(l.amount, dp) })),
    balanceAfter: details.balanceAfter === null ? null : formatMoney(details.balanceAfter, dp),
    issuedBy: user?.display_name ?? '',
    issuedAt: r.issued_at,
    training: org.training,
  };
}

export function registerReceipts(registry: Registry): void {
  registry.register('receipts.reprint', (ctx, input) => {
    const r = sql<[string], ReceiptRow>(ctx.db, 'SELECT * FROM receipts WHERE number = ?').get(input.number.toUpperCase());
    if (!r) throw new AppError('NOT_FOUND', `There is no receipt ${input.number}`, [{ field: 'number', code: 'not_found', message: 'no such receipt' }]);
    const printedBefore = sql<[number], { n: number }>(ctx.db, 'SELECT count(*) AS n FROM receipt_prints WHERE receipt_id = ?').get(r.id)!.n > 0;
    const id = Number(
      sql(ctx.db, 'INSERT INTO receipt_prints (receipt_id, printed_by, printed_at) VALUES (?, ?, ?)').run(r.id, ctx.actor?.userId ?? null, ctx.clock.now().toISOString())
        .lastInsertRowid,
    );
    ctx.touched('receipt_print', id);
    return receiptView(ctx.db, r, printedBefore || !ISSUED_BY_NUMBER.has(r.kind));
  });
}
