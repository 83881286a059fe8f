import type { LendingBranch } from './lending';
import { setBusinessDate } from './lending';

/**
 * Overdue-installment charges on a loan, for the penalty tests, until the charge catalogue's operations land
 * (charges.create, a product's "charges", and a submission copying them into the loan's terms, issue 15): a catalogue
 * row and the loan's terms copy of it are written by a temporary trigger on the loan's insert, so that they are part
 * of loans.submit's own command (captured with it, as `branchbox verify` expects of every write).
 */
export interface OverdueChargeSpec {
  id: number;
  name: string;
  chargeCalculationType: 'FLAT' | 'PERCENT_OF_AMOUNT' | 'PERCENT_OF_AMOUNT_AND_INTEREST' | 'PERCENT_OF_INTEREST';
  /** major units for FLAT ("150"), the percentage otherwise ("2") */
  amount: string;
  feeFrequency?: 'DAYS' | 'WEEKS' | 'MONTHS' | 'YEARS';
  feeInterval?: number;
  /** minor units */
  minCap?: number;
  maxCap?: number;
}

const quote = (v: string | number | null | undefined) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/** Submits, approves and disburses a loan dated `date` carrying `charges` (overdue-installment penalties). */
export async function loanWithOverdueCharges(b: LendingBranch, date: string, charges: OverdueChargeSpec[], terms: Record<string, unknown> = {}): Promise<number> {
  const catalogue = charges
    .map(
      (c) => `INSERT INTO charges (id, global_id, name, currency_code, applies_to, time_type, calculation_type, amount, penalty,
         fee_frequency, fee_interval, min_cap, max_cap, created_at, updated_at)
       VALUES (${c.id}, 'NRB-charge-test-${c.id}', ${quote(c.name)}, 'KES', 'LOAN', 'OVERDUE_INSTALLMENT', ${quote(c.chargeCalculationType)},
         ${quote(c.amount)}, 1, ${quote(c.feeFrequency)}, ${quote(c.feeInterval)}, ${quote(c.minCap)}, ${quote(c.maxCap)}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') ON CONFLICT (id) DO NOTHING;`,
    )
    .join('\n');
  const copies = charges.map((c) => {
    const entry: Record<string, unknown> = { name: c.name, chargeTimeType: 'OVERDUE_INSTALLMENT', chargeCalculationType: c.chargeCalculationType, amount: c.amount, chargeId: c.id, penalty: true };
    if (c.feeFrequency) entry.feeFrequency = c.feeFrequency;
    if (c.feeInterval) entry.feeInterval = c.feeInterval;
    return `'$.charges[#]', json(${quote(JSON.stringify(entry))})`;
  });
  const db = b.core.db;
  db.exec(`CREATE TEMP TRIGGER test_overdue_charges AFTER INSERT ON main.loans BEGIN
    ${catalogue}
    UPDATE loans SET terms_json = json_set(terms_json, ${copies.join(', ')}) WHERE id = NEW.id;
  END;`);
  try {
    setBusinessDate(b.core, date);
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, ...terms } as never);
    db.exec('DROP TRIGGER temp.test_overdue_charges');
    await b.manager.ok('loans.approve', { loanId });
    await b.manager.ok('loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
    return loanId;
  } finally {
    db.exec('DROP TRIGGER IF EXISTS temp.test_overdue_charges');
  }
}
