/**
 * Lending benchmarks (issue 4): single repayment latency with synchronous=FULL in the core and through the
 * browser host, and 1,000 repayments posted in one batch (rows written per second).
 */
import { Agent, request } from 'node:http';
import type { Core } from '../../electron/core';
import { startBrowserHost } from '../../electron/server/server';
import { benchBranch, call, ms, percentile, type Figure, type Token } from './support';

/** A branch with `loans` active loans disbursed a month before the business date. */
async function branchWithLoans(loans: number): Promise<{ core: Core; token: Token; loanIds: number[]; dir: string }> {
  const { core, token, dir } = await benchBranch('branchbox-bench-lending-');
  core.db.prepare("INSERT INTO settings (key, value) VALUES ('loans.allow_self_approval', 'true')").run();
  core.db.prepare("UPDATE settings SET value = '2026-01-05' WHERE key = 'business_date'").run();
  const { id: productId } = await call(core, token, 'loanProducts.create', {
    name: 'Bench', shortName: 'BN', currencyCode: 'KES', principal: '50000', numberOfRepayments: 12,
    repaymentFrequencyType: 'MONTHS', interestRatePerPeriod: '24', interestType: 'DECLINING_BALANCE',
  });
  const loanIds: number[] = [];
  for (let i = 0; i < loans; i++) {
    const { id: clientId } = await call(core, token, 'clients.create', { firstname: `Client${i}`, lastname: 'Bench' });
    const { loanId } = await call(core, token, 'loans.submit', { clientId, productId });
    await call(core, token, 'loans.approve', { loanId });
    await call(core, token, 'loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    loanIds.push(loanId);
  }
  core.db.prepare("UPDATE settings SET value = '2026-02-05' WHERE key = 'business_date'").run();
  return { core, token, loanIds, dir };
}

/** Rows inserted, updated or deleted by this connection so far (SQLite's total_changes()). */
function rowsWritten(core: Core): number {
  return (core.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

export async function benchLending(rawBatchRowsPerSecond: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  {
    const { core, token, loanIds } = await branchWithLoans(300);
    // warm up (JIT, statement cache), as a teller's program is after its first few postings
    for (let i = 0; i < 100; i++) await call(core, token, 'loans.repay', { loanId: loanIds[i % loanIds.length], transactionAmount: '10', paymentTypeCode: 'CASH' });
    const samples: number[] = [];
    for (let i = 0; i < 600; i++) {
      const s = process.hrtime.bigint();
      await call(core, token, 'loans.repay', { loanId: loanIds[i % loanIds.length], transactionAmount: '1000', paymentTypeCode: 'CASH' });
      samples.push(ms(s));
    }
    figures.push({ name: 'repayment latency in the core p50', value: percentile(samples, 50), unit: 'ms' });
    figures.push({ name: 'repayment latency in the core p95', value: percentile(samples, 95), unit: 'ms', goal: '< 2 ms' });

    const host = await startBrowserHost(core, { port: 0 });
    const cookie = `branchbox_session=${token.t}`;
    // a keep-alive connection, as a browser tab holds one
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string) =>
      new Promise<string>((ok, fail) => {
        const req = request(
          { host: '127.0.0.1', port: host.port, path: '/api/loans.repay', method: 'POST', agent, headers: { 'content-type': 'application/json', cookie, 'content-length': Buffer.byteLength(body) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
          },
        );
        req.on('error', fail);
        req.end(body);
      });
    const http: number[] = [];
    for (let i = 0; i < 600; i++) {
      const s = process.hrtime.bigint();
      const body = JSON.parse(await post(JSON.stringify({ loanId: loanIds[i % loanIds.length], transactionAmount: '1000', paymentTypeCode: 'CASH' }))) as { ok: boolean };
      if (!body.ok) throw new Error(JSON.stringify(body));
      http.push(ms(s));
    }
    agent.destroy();
    await host.close();
    figures.push({ name: 'repayment latency through HTTP p50', value: percentile(http, 50), unit: 'ms' });
    figures.push({ name: 'repayment latency through HTTP p95', value: percentile(http, 95), unit: 'ms', goal: '< 5 ms' });
    core.close();
  }
  {
    const { core, token, loanIds } = await branchWithLoans(1000);
    const before = rowsWritten(core);
    const s = process.hrtime.bigint();
    await call(core, token, 'loans.repayBatch', { repayments: loanIds.map((loanId) => ({ loanId, transactionAmount: '4727.98' })) });
    const elapsed = ms(s);
    const rows = rowsWritten(core) - before;
    const perSecond = rows / (elapsed / 1000);
    figures.push({ name: '1,000 repayments in one batch', value: elapsed, unit: 'ms' });
    figures.push({ name: 'batch: rows written per second', value: Math.round(perSecond), unit: 'rows/s', goal: `>= ${Math.round(rawBatchRowsPerSecond / 3).toLocaleString('en')} (1/3 raw)` });
    core.close();
  }
  return figures;
}
