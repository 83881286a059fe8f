import { describe, expect, it } from 'vitest';
import { setBusinessDate } from '../../support/lending';
import { openSavings, savingsBranch } from '../../support/savings';
import { planOf, statementsOf, type Executed } from './statements';

/**
 * The hot statements of savings and clients read through indexes (issue 11: a branch with 100,000 loans works as
 * fast as a new one). Each statement is the one the operation really ran, captured with its parameters, and its plan
 * is SQLite's own (EXPLAIN QUERY PLAN): no step may scan one of the tables that grow with the branch, or sort rows in
 * a temporary b-tree (a sort reads everything it sorts), and the paged lists walk the index named here.
 */
const GROWING = /^SCAN (a|c|t|r|fts|savings_accounts|savings_transactions|clients|receipts)\b(?! VIRTUAL TABLE INDEX \d+:\S*L)/;

/** The statements of the savings and client areas among those the calls ran, each once, with its plan. */
function ours(statements: Executed[], core: Parameters<typeof planOf>[0]): { text: string; plan: string[] }[] {
  const byText = new Map<string, Executed>();
  for (const s of statements) {
    const text = s.text.replace(/\s+/g, ' ').trim();
    if (/savings_accounts|savings_transactions|savings_products|FROM clients c|clients_search/.test(text) && !/^INSERT/i.test(text) && !byText.has(text)) byText.set(text, s);
  }
  return [...byText].map(([text, s]) => ({ text, plan: planOf(core, s) }));
}

function expectIndexed(found: { text: string; plan: string[] }[]): void {
  const bad = found.filter((s) => s.plan.some((step) => GROWING.test(step) || step.includes('TEMP B-TREE')));
  expect(bad).toEqual([]);
}

/** The plan of the one statement the call ran that `pick` finds. */
function planOfOne(found: { text: string; plan: string[] }[], pick: RegExp): string[] {
  const matching = found.filter((s) => pick.test(s.text));
  expect(matching.map((s) => s.text), String(pick)).toHaveLength(1);
  return matching[0]!.plan;
}

describe('query plans: savings', () => {
  it('deposits, withdrawals, posting runs, an account and the lists read through indexes', async () => {
    const b = await savingsBranch({
      name: 'Fee',
      shortName: 'FEE',
      currencyCode: 'KES',
      nominalAnnualInterestRate: '6',
      withdrawalFee: '20',
      allowOverdraft: true,
      overdraftLimit: '500',
      nominalAnnualInterestRateOverdraft: '18',
    });
    const other = await openSavings(b, b.savingsProductId);
    const all: Executed[] = [];
    const capture = async <T>(call: () => Promise<T>): Promise<T> => {
      const { result, statements } = await statementsOf(b.core, call);
      all.push(...statements);
      return result;
    };
    await capture(() => b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '5000' }));
    setBusinessDate(b.core, '2026-01-20');
    await capture(() => b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '5200' }));
    await capture(() => b.teller.ok('savings.deposit', { savingsId: other, transactionAmount: '100' }));
    setBusinessDate(b.core, '2026-02-01');
    await capture(() => b.accountant.ok('savings.postInterest', {}));
    // a backdated deposit (checked against the history) and the run that re-posts January; then a resumed run
    await capture(() => b.teller.ok('savings.withdraw', { savingsId: other, transactionAmount: '10', transactionDate: '2026-01-10' }));
    await capture(() => b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '300', transactionDate: '2026-01-05' }));
    await capture(() => b.accountant.ok('savings.postInterest', {}));
    setBusinessDate(b.core, '2026-03-01');
    await capture(() => b.accountant.ok('savings.postInterest', {}));
    await capture(() => b.teller.ok('savings.get', { savingsId: b.savingsId }));
    for (const filter of [{}, { clientId: b.clientId }, { status: 'ACTIVE' as const }, { clientId: b.clientId, status: 'ACTIVE' as const }]) {
      const page = await capture(() => b.teller.ok('savings.list', { ...filter, limit: 1 }));
      await capture(() => b.teller.ok('savings.list', { ...filter, limit: 1, afterId: page[0]!.id }));
    }

    const found = ours(all, b.core);
    expectIndexed(found);
    // the kept balance, read and moved by the account's primary key; the transactions from a date by the account's index
    expect(planOfOne(found, /^SELECT balance FROM savings_accounts WHERE id = \?$/)).toEqual(['SEARCH savings_accounts USING INTEGER PRIMARY KEY (rowid=?)']);
    expect(planOfOne(found, /^UPDATE savings_accounts SET balance = balance \+ @delta/)).toEqual(['SEARCH savings_accounts USING INTEGER PRIMARY KEY (rowid=?)']);
    expect(planOfOne(found, /t\.account_id = \? AND t\.transaction_date >= \?/)).toEqual([
      'SEARCH t USING INDEX savings_transactions_account (account_id=? AND transaction_date>?)',
      'CORRELATED SCALAR SUBQUERY 1',
      'SEARCH r USING COVERING INDEX sqlite_autoindex_savings_transactions_2 (reverses_id=?)',
    ]);
    // a chunk of a run reads its accounts' transactions in one statement, each account's from its date by the same index
    expect(planOfOne(found, /FROM json_each\(\?\) j CROSS JOIN savings_transactions t/)).toEqual([
      'SCAN j VIRTUAL TABLE INDEX 1:',
      'SEARCH t USING INDEX savings_transactions_account (account_id=? AND transaction_date>?)',
      'CORRELATED SCALAR SUBQUERY 1',
      'SEARCH r USING COVERING INDEX sqlite_autoindex_savings_transactions_2 (reverses_id=?)',
    ]);
    // the run finds the due accounts in the due index and stops at the first one not due
    expect(planOfOne(found, /interest_due_on <= \?/)).toEqual(['SEARCH savings_accounts USING INDEX savings_accounts_interest_due (status=? AND interest_due_on<?)']);
    // an account's receipts: its transactions first, then each one's receipt
    expect(planOfOne(found, /FROM savings_transactions t CROSS JOIN receipts r/)).toEqual([
      'SEARCH t USING COVERING INDEX savings_transactions_account (account_id=?)',
      'SEARCH r USING INDEX receipts_source (source_type=? AND source_id=?)',
    ]);
    // savings.list: each filter walks its own index newest first from the cursor
    const list = (where: string) => planOfOne(found, new RegExp(`JOIN savings_products p ON p\\.id = a\\.product_id WHERE ${where} ORDER BY a\\.id DESC`));
    expect(list('a\\.id < @after')).toContain('SEARCH a USING INTEGER PRIMARY KEY (rowid<?)');
    expect(list('a\\.client_id = @client AND a\\.id < @after')).toContain('SEARCH a USING INDEX savings_accounts_client (client_id=? AND rowid<?)');
    expect(list('a\\.status = @status AND a\\.id < @after')).toContain('SEARCH a USING INDEX savings_accounts_status (status=? AND rowid<?)');
    expect(list('a\\.client_id = @client AND \\+a\\.status = @status AND a\\.id < @after')).toContain('SEARCH a USING INDEX savings_accounts_client (client_id=? AND rowid<?)');
  });
});

describe('query plans: clients', () => {
  it('the client list, by status, a search and the next page read through indexes', async () => {
    const b = await savingsBranch();
    for (const [firstname, lastname] of [['Baraka', 'Mwangi'], ['Wanjiku', 'Kamau'], ['Achieng', 'Atieno']] as const) await b.admin.ok('clients.create', { firstname, lastname });
    const all: Executed[] = [];
    for (const input of [
      { query: '' },
      { query: '', limit: 2, afterId: 3 },
      { query: '', status: 'ACTIVE' as const },
      { query: '', status: 'ACTIVE' as const, afterId: 3 },
      { query: 'mwangi' },
      { query: 'mwangi kamau', afterId: 5 },
      { query: 'NRB-000002', status: 'ACTIVE' as const, afterId: 4 },
    ]) {
      all.push(...(await statementsOf(b.core, () => b.admin.ok('clients.search', input))).statements);
    }
    const found = ours(all, b.core);
    expectIndexed(found);
    const page = (where: string) => planOfOne(found, new RegExp(`LEFT JOIN staff s ON s\\.id = c\\.staff_id WHERE ${where} ORDER BY c\\.id DESC`))[0];
    expect(page('c\\.id < @after')).toBe('SEARCH c USING INTEGER PRIMARY KEY (rowid<?)');
    expect(page('c\\.status = @status AND c\\.id < @after')).toBe('SEARCH c USING INDEX clients_status (status=? AND rowid<?)');
    // a search: the trigram index takes each pattern (L0: a LIKE on its column 0) and the cursor (<), drives the
    // join and gives the rows newest first (no sort: checked above); with a status too
    const search = found.filter((s) => s.text.includes('JOIN clients_search fts')).map((s) => s.plan[0]);
    expect(search).toEqual(['SCAN fts VIRTUAL TABLE INDEX 192:L0<', 'SCAN fts VIRTUAL TABLE INDEX 192:L0L0<', 'SCAN fts VIRTUAL TABLE INDEX 192:L0<']);
  });
});
