/**
 * Savings benchmarks (teller and savings issue): deposit latency with synchronous=FULL, and an interest posting
 * run over 20,000 accounts (goal: under 5 s here).
 */
import { benchBranch, call, ms, percentile, type Figure } from './support';

export async function benchSavings(accounts = 20_000): Promise<Figure[]> {
  const { core, token } = await benchBranch('branchbox-bench-savings-');
  const { id: productId } = await call(core, token, 'savingsProducts.create', {
    name: 'Akiba', shortName: 'AKV', currencyCode: 'KES', nominalAnnualInterestRate: '6',
    interestCompoundingPeriodType: 'MONTHLY', interestPostingPeriodType: 'MONTHLY', interestCalculationType: 'DAILY_BALANCE',
    interestCalculationDaysInYearType: 365,
  });
  const { id: clientId } = await call(core, token, 'clients.create', { firstname: 'Bench', lastname: 'Saver' });
  const { savingsId } = await call(core, token, 'savings.submit', { clientId, productId });
  await call(core, token, 'savings.approve', { savingsId });
  await call(core, token, 'savings.activate', { savingsId });

  const figures: Figure[] = [];
  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const s = process.hrtime.bigint();
    await call(core, token, 'savings.deposit', { savingsId, transactionAmount: '150', paymentTypeCode: 'CASH' });
    samples.push(ms(s));
  }
  figures.push({ name: 'deposit latency in the core p50', value: percentile(samples, 50), unit: 'ms' });
  figures.push({ name: 'deposit latency in the core p95', value: percentile(samples, 95), unit: 'ms' });

  // 20,000 active accounts with three deposits in January, written directly (the run is what is measured)
  const template = core.db.prepare('SELECT * FROM savings_accounts WHERE id = ?').get(savingsId) as Record<string, unknown>;
  const insertAccount = core.db.prepare(
    `INSERT INTO savings_accounts (global_id, account_no, client_id, product_id, office_id, status, currency_code, terms_json, gl_mapping_json,
       submitted_on, submitted_by, approved_on, approved_by, activated_on, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 300, ?, ?, ?, '2026-01-01', 1, '2026-01-01', 1, '2026-01-01', '', '')`,
  );
  const insertTxn = core.db.prepare(
    "INSERT INTO savings_transactions (global_id, account_id, type, transaction_date, amount, created_at) VALUES (?, ?, 'DEPOSIT', ?, ?, '')",
  );
  core.db.transaction(() => {
    for (let i = 0; i < accounts; i++) {
      const id = Number(
        insertAccount.run(`B-s-${i}`, `BEN-S9${String(i).padStart(6, '0')}`, clientId, productId, template.office_id, template.currency_code, template.terms_json, template.gl_mapping_json)
          .lastInsertRowid,
      );
      insertTxn.run(`B-t-${i}-1`, id, '2026-01-03', 100_000 + (i % 977) * 100);
      insertTxn.run(`B-t-${i}-2`, id, '2026-01-12', 25_000);
      insertTxn.run(`B-t-${i}-3`, id, '2026-01-25', 5_000 + (i % 13) * 100);
    }
  })();
  core.db.prepare("UPDATE settings SET value = '2026-02-01' WHERE key = 'business_date'").run();
  const s = process.hrtime.bigint();
  const run = await call(core, token, 'savings.postInterest', {});
  const elapsed = ms(s);
  figures.push({ name: `interest posting run, ${(run.accounts as number).toLocaleString('en')} accounts`, value: elapsed / 1000, unit: 's', goal: '< 5 s' });
  core.close();
  return figures;
}
