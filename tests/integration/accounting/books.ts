import type { Core } from '../../../electron/core';
import { addDays } from '../../../electron/core/domain/calendar/isoDate';
import { formatMoney, parseMoney } from '../../../shared/money';
import { activeLoan, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/** Books with history, built through the API, for the tests of what the accounting reads return and how. */
export interface Books extends LendingBranch {
  loanId: number;
  /** the GL account ids of office rent (5400, debit-normal), capital (3100, credit-normal) and the vault (1110) */
  rent: number;
  capital: number;
  vault: number;
}

/**
 * A lending branch whose journal is not in date order: a loan disbursed on 2026-01-05 and repaid on 5 February
 * and 5 March; 40 manual entries posted every other day from 6 January, every few of them dated up to 20 days
 * before the day they are posted (so before entries already posted), some with two lines on the rent account, two of
 * them reversed later; then, on 28 March, a repayment dated 20 February, which reverses the 5 March repayment's
 * entries and posts them again. The business date ends on 2026-03-31.
 */
export async function booksWithHistory(): Promise<Books> {
  const b = await lendingBranch();
  const loanId = await activeLoan(b, '2026-01-05');
  const ids = accountIds(b.core, ['5400', '3100', '1110']);
  const posted: number[] = [];
  let today = '2026-01-06';
  for (let i = 0; i < 40; i++, today = addDays(today, 2)) {
    setBusinessDate(b.core, today);
    if (today >= '2026-02-05' && today < '2026-02-07') await b.teller.ok('loans.repay', { loanId, transactionAmount: '4728', paymentTypeCode: 'CASH' });
    if (today >= '2026-03-05' && today < '2026-03-07') await b.teller.ok('loans.repay', { loanId, transactionAmount: '4728', paymentTypeCode: 'CASH' });
    const back = i % 5 === 3 ? 9 : i % 7 === 5 ? 20 : 0;
    const date = addDays(today, -back) < '2026-01-06' ? '2026-01-06' : addDays(today, -back);
    const amount = `${((i * 37) % 500) + 1}.${String((i * 13) % 100).padStart(2, '0')}`;
    const lines =
      i % 6 === 0
        ? [{ glCode: '5400', debit: '10' }, { glCode: '5400', debit: amount }, { glCode: '1110', credit: plus(amount, '10') }]
        : i % 2 === 0
          ? [{ glCode: '5400', debit: amount }, { glCode: '1110', credit: amount }]
          : [{ glCode: '1110', debit: amount }, { glCode: '3100', credit: amount }];
    posted.push((await b.accountant.ok('accounting.postEntry', { transactionDate: date, description: `Entry ${i} of ${date}`, lines })).id);
    if (i === 17 || i === 31) await b.accountant.ok('accounting.reverseEntry', { entryId: posted[i - 6]! });
  }
  setBusinessDate(b.core, '2026-03-28');
  await b.teller.ok('loans.repay', { loanId, transactionAmount: '1000', transactionDate: '2026-02-20', paymentTypeCode: 'CASH' });
  setBusinessDate(b.core, '2026-03-31');
  return { ...b, loanId, rent: ids[0]!, capital: ids[1]!, vault: ids[2]! };
}

function plus(a: string, b: string): string {
  return formatMoney(parseMoney(a, 2) + parseMoney(b, 2), 2);
}

function accountIds(core: Core, codes: string[]): number[] {
  return codes.map((code) => (core.db.prepare('SELECT id FROM gl_accounts WHERE code = ?').get(code) as { id: number }).id);
}
