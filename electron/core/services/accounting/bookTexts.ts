import type { BookText } from '../../../../shared/bookText';

/**
 * What the chart's template names and the core's journal descriptions say, read back from the stored English
 * (shared/bookText.ts): the screens and report files show them in the reader's language. Nothing is written:
 * gl_accounts and journal_entries are exported to head office as they are, and posted history is never edited.
 */

/**
 * The template accounts' names as the branch was given them: migration 0002's chart, the accrual accounts
 * (charges/chart.ts) and the opening-balance equity (openingBalances.ts); tests/unit/accounting checks this list
 * against a new branch's chart. An account still named so shows its name in the reader's language; one the branch
 * renamed (accounting.updateAccount) keeps the name typed, as does every account an accountant added.
 */
const TEMPLATE_NAMES: Readonly<Record<string, string>> = {
  '1000': 'Assets',
  '1100': 'Cash and vault',
  '1110': 'Branch vault',
  '1120': "Tellers' tills",
  '1130': 'Mobile money float',
  '1140': 'Bank account',
  '1200': 'Loan portfolio',
  '1210': 'Interest receivable',
  '1220': 'Fees receivable',
  '1230': 'Overdraft portfolio',
  '1240': 'Penalties receivable',
  '2000': 'Liabilities',
  '2100': 'Savings deposits',
  '2200': 'Loan overpayments',
  '2300': 'Borrowings',
  '2400': 'Interest payable on savings',
  '3000': 'Equity',
  '3100': 'Share capital',
  '3200': 'Retained earnings',
  '3300': 'Opening balance equity',
  '4000': 'Income',
  '4100': 'Interest income on loans',
  '4200': 'Fee income',
  '4300': 'Penalty income',
  '4400': 'Income from recovered loans',
  '4900': 'Other income',
  '5000': 'Expenses',
  '5100': 'Losses on loans written off',
  '5200': 'Interest on savings',
  '5300': 'Cash over and short',
  '5400': 'Operating expenses',
};

export function templateAccountName(code: string): string | undefined {
  return TEMPLATE_NAMES[code];
}

/** A till's account as tills/sessions.ts names it: "Till: Peter Otieno (peter)", its code under 1120. */
const TILL_ACCOUNT = /^Till: (.+) \(([^()\s]+)\)$/;

/** What an account's name says, when it is the name the core gave it; null for a name a user typed. */
export function accountNameText(code: string, name: string): BookText | null {
  if (TEMPLATE_NAMES[code] === name) return { key: `accounts.${code}`, params: {} };
  const till = code.startsWith('1120.') ? TILL_ACCOUNT.exec(name) : null;
  if (till) return { key: 'accounts.till', params: { teller: till[1]!, login: till[2]! } };
  return null;
}

/**
 * Each description the core writes, as it writes it (the file named beside each), with its message key and the
 * names of its captured parameters. Kept in step with the writers by tests/unit/accounting/bookTexts.test.ts,
 * which posts each kind of entry and reads its key back.
 */
interface Pattern {
  sources: readonly string[];
  re: RegExp;
  key: string | ((m: RegExpExecArray) => string);
  params: readonly (string | null)[];
}

const LOAN_TYPES: Record<string, string> = {
  // loans/posting.ts DESCRIPTIONS
  'Loan disbursement': 'DISBURSEMENT',
  'Fees collected at disbursement': 'REPAYMENT_AT_DISBURSEMENT',
  'Loan repayment': 'REPAYMENT',
  'Loan written off': 'WRITE_OFF',
  'Recovery of a written-off loan': 'RECOVERY_REPAYMENT',
  'Interest waived': 'WAIVE_INTEREST',
  'Charge waived': 'WAIVE_CHARGE',
  'Income accrued': 'ACCRUAL',
  'Accrued income adjusted': 'ACCRUAL_ADJUSTMENT',
};

const SAVINGS_KINDS: Record<string, string> = {
  // savings/transactions.ts, dormancy.ts, accruals.ts, charges.ts, interest.ts (journal(): `${what} ${account_no}`)
  'Savings deposit': 'deposit',
  'Savings opening deposit': 'openingDeposit',
  'Savings withdrawal': 'withdrawal',
  'Savings closed, balance paid out': 'closed',
  'Savings escheat': 'escheat',
  'Interest accrued': 'interestAccrued',
  'Withdrawal fee': 'withdrawalFee',
  'Interest on savings': 'interest',
  'Overdraft interest': 'overdraftInterest',
};

const alternatives = (words: Record<string, string>): string =>
  Object.keys(words)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');

const NOTE = '(?:: (.*))?';

const PATTERNS: readonly Pattern[] = [
  { sources: ['loan_transaction'], re: new RegExp(`^(${alternatives(LOAN_TYPES)}) (\\S+)$`), key: (m) => `journal.loan.${LOAN_TYPES[m[1]!]!}`, params: [null, 'account'] },
  { sources: ['savings_transaction'], re: new RegExp(`^(${alternatives(SAVINGS_KINDS)}) (\\S+)$`), key: (m) => `journal.savings.${SAVINGS_KINDS[m[1]!]!}`, params: [null, 'account'] },
  // savings/charges.ts
  { sources: ['savings_transaction'], re: /^Savings fee \((.+)\) (\S+)$/, key: 'journal.savings.fee', params: ['charge', 'account'] },
  // savings/transfers.ts
  { sources: ['savings_transaction'], re: /^Savings transfer (\S+) to (\S+)$/, key: 'journal.savings.transfer', params: ['from', 'to'] },
  // tills/sessions.ts: a close's over or short, by a manager for an absent teller
  {
    sources: ['till_session'],
    re: new RegExp(`^Cash (short|over) at the close of the till of (.+?)(?: \\(closed by (.+)\\))?${NOTE}$`),
    key: (m) => `journal.till.${m[1]}${m[3] === undefined ? '' : 'ClosedBy'}`,
    params: [null, 'teller', 'manager', 'note'],
  },
  // tills/vault.ts
  { sources: ['till'], re: new RegExp(`^Cash from the vault to the till of (.+?)${NOTE}$`), key: 'journal.till.allocation', params: ['teller', 'note'] },
  { sources: ['till'], re: new RegExp(`^Cash from the till of (.+?) to the vault${NOTE}$`), key: 'journal.till.settlement', params: ['teller', 'note'] },
  // tills/vault.ts fundVault (demo.ts: the training demo's)
  { sources: ['vault'], re: new RegExp(`^Cash brought into the vault( \\(training\\))?${NOTE}$`), key: (m) => (m[1] ? 'journal.vault.fundedTraining' : 'journal.vault.funded'), params: [null, 'note'] },
  // collectionSheet/post.ts
  { sources: ['collection_sheet'], re: /^Collection sheet (.+) (\d{4}-\d{2}-\d{2})$/, key: 'journal.collectionSheet', params: ['sheet', 'date'] },
  // accounting/openingBalances.ts (when no description is typed) and setup.ts
  { sources: ['opening_balance'], re: /^Opening balances as of (\d{4}-\d{2}-\d{2})$/, key: 'journal.opening.asOf', params: ['date'] },
  { sources: ['opening_balance'], re: /^Opening balances \(training\)$/, key: 'journal.opening.training', params: [] },
  { sources: ['opening_balance'], re: /^Opening balances entered again$/, key: 'journal.opening.again', params: [] },
];

const REVERSAL = /^Reversal of: ([\s\S]*)$/;

/**
 * What a journal entry's stored description says (null: a user's own words, or a text this list does not know,
 * shown as stored). ledger.ts writes a reversal "Reversal of: <the reversed entry's description>".
 */
export function journalText(description: string, sourceType: string): BookText | null {
  const reversal = REVERSAL.exec(description);
  if (reversal) {
    const inner = reversal[1]!;
    return { key: 'journal.reversal', params: {}, of: journalText(inner, sourceType) ?? inner };
  }
  for (const p of PATTERNS) {
    if (!p.sources.includes(sourceType)) continue;
    const m = p.re.exec(description);
    if (!m) continue;
    const params: Record<string, string> = {};
    p.params.forEach((name, i) => {
      const v = m[i + 1];
      if (name !== null && v !== undefined) params[name] = v;
    });
    return { key: typeof p.key === 'string' ? p.key : p.key(m), params };
  }
  return null;
}
