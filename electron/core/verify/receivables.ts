import type { Db } from '../db/connection';

/**
 * Accrual accounting's accounts against the accounts' own transactions (issue 15; services/loans/accruals.ts,
 * services/savings/accruals.ts). For each loan on accruals, each receivable (interest, fees, penalties) moved by
 * the journal entries of the loan's transactions must be what was accrued less what was paid, waived and written off
 * of that component: the live ACCRUAL portions, less ACCRUAL_ADJUSTMENT, REPAYMENT, WAIVE_INTEREST, WAIVE_CHARGE and
 * WRITE_OFF portions (a reversed transaction's entry and its reversal cancel out). For each savings account on
 * accruals, the interest payable moved by its transactions' entries is what was accrued less what was posted.
 * `scope`: a JSON array of the loan (savings account) ids to check, or null for all.
 */

/** A receivable or payable account of an account's mapping, else the chart's template account with that tag. */
const ACCOUNT = (key: string, tag: string) => `coalesce(json_extract(a.mapping_json, '$.${key}'), (SELECT id FROM gl_accounts WHERE tag = '${tag}'))`;

const ACCRUAL_RULES = "('ACCRUAL_PERIODIC', 'ACCRUAL_UPFRONT')";

export function loanReceivablesFault(db: Db, scope: string | null): string | null {
  const bad = db
    .prepare(
      `WITH acc AS MATERIALIZED (
         SELECT a.account_id AS loan_id, ${ACCOUNT('interestReceivable', 'INTEREST_RECEIVABLE')} AS ri, ${ACCOUNT('feeReceivable', 'FEES_RECEIVABLE')} AS rf,
           coalesce(json_extract(a.mapping_json, '$.penaltyReceivable'), (SELECT id FROM gl_accounts WHERE tag = 'PENALTIES_RECEIVABLE'),
             ${ACCOUNT('feeReceivable', 'FEES_RECEIVABLE')}) AS rp
         FROM account_accounting a
         WHERE a.account_type = 'LOAN' AND a.accounting_rule IN ${ACCRUAL_RULES} AND (@scope IS NULL OR a.account_id IN (SELECT value FROM json_each(@scope)))),
       tx AS (
         SELECT acc.loan_id, acc.ri, acc.rf, acc.rp,
           CASE WHEN t.type = 'ACCRUAL' THEN 1 WHEN t.type IN ('ACCRUAL_ADJUSTMENT', 'REPAYMENT', 'WAIVE_INTEREST', 'WAIVE_CHARGE', 'WRITE_OFF') THEN -1 ELSE 0 END AS sign,
           t.interest_portion AS i, t.fee_portion AS f, t.penalty_portion AS p
         FROM acc CROSS JOIN loan_transactions t ON t.loan_id = acc.loan_id
         WHERE t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)),
       expected AS (
         SELECT loan_id, account, sum(net) AS net FROM (
           SELECT loan_id, ri AS account, sign * i AS net FROM tx
           UNION ALL SELECT loan_id, rf, sign * f FROM tx
           UNION ALL SELECT loan_id, rp, sign * p FROM tx) GROUP BY 1, 2),
       gl AS (
         SELECT acc.loan_id, l.gl_account_id AS account, sum(l.debit) - sum(l.credit) AS net
         FROM acc CROSS JOIN loan_transactions t ON t.loan_id = acc.loan_id
           CROSS JOIN journal_entries e ON e.source_type = 'loan_transaction' AND e.source_id = t.id
           CROSS JOIN journal_lines l ON l.entry_id = e.id
         WHERE l.gl_account_id IN (acc.ri, acc.rf, acc.rp)
         GROUP BY 1, 2),
       keys AS (SELECT loan_id, account FROM expected UNION SELECT loan_id, account FROM gl)
       SELECT ln.account_no, g.code, coalesce(x.net, 0) AS expected, coalesce(gl.net, 0) AS posted
       FROM keys k LEFT JOIN expected x ON x.loan_id = k.loan_id AND x.account = k.account
         LEFT JOIN gl ON gl.loan_id = k.loan_id AND gl.account = k.account
         JOIN loans ln ON ln.id = k.loan_id JOIN gl_accounts g ON g.id = k.account
       WHERE coalesce(x.net, 0) <> coalesce(gl.net, 0)
       ORDER BY ln.id, g.code LIMIT 1`,
    )
    .get({ scope }) as { account_no: string; code: string; expected: number; posted: number } | undefined;
  return bad
    ? `accruals: loan ${bad.account_no} moved receivable ${bad.code} by ${bad.posted}, but its transactions accrued less paid, waived and written off ${bad.expected}`
    : null;
}

export function savingsPayableFault(db: Db, scope: string | null): string | null {
  const bad = db
    .prepare(
      `WITH acc AS MATERIALIZED (
         SELECT a.account_id, ${ACCOUNT('interestPayable', 'SAVINGS_INTEREST_PAYABLE')} AS payable
         FROM account_accounting a
         WHERE a.account_type = 'SAVINGS' AND a.accounting_rule IN ${ACCRUAL_RULES} AND (@scope IS NULL OR a.account_id IN (SELECT value FROM json_each(@scope))))
       SELECT s.account_no, g.code,
         coalesce((SELECT sum(CASE t.type WHEN 'ACCRUAL' THEN t.amount WHEN 'INTEREST_POSTING' THEN -t.amount ELSE 0 END)
           FROM savings_transactions t WHERE t.account_id = acc.account_id AND t.type <> 'REVERSAL'
             AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)), 0) AS expected,
         coalesce((SELECT sum(l.credit) - sum(l.debit) FROM savings_transactions t
           CROSS JOIN journal_entries e ON e.source_type = 'savings_transaction' AND e.source_id = t.id
           CROSS JOIN journal_lines l ON l.entry_id = e.id
           WHERE t.account_id = acc.account_id AND l.gl_account_id = acc.payable), 0) AS posted
       FROM acc JOIN savings_accounts s ON s.id = acc.account_id LEFT JOIN gl_accounts g ON g.id = acc.payable
       WHERE expected <> posted ORDER BY s.id LIMIT 1`,
    )
    .get({ scope }) as { account_no: string; code: string | null; expected: number; posted: number } | undefined;
  return bad
    ? `accruals: savings account ${bad.account_no} moved interest payable ${bad.code ?? '(none)'} by ${bad.posted}, but its transactions accrued less posted ${bad.expected}`
    : null;
}
