import type { Db } from '../db/connection';
import type { CommandLogRow } from '../dispatch/commandLog';
import { markStillHolds, walkChain, type ChainPoint } from './chain';
import { portfolioMessage, savingsControlNet, savingsMessage, sessionFault, tillMessage } from './checks';
import { accountLinesFault, dailyBalanceFault, installmentsFault, loanFiguresFault, loanKeptFault, savingsKeptFault } from './kept';
import { loanChargesFault } from './loanCharges';
import { savingsTransfersFault } from './savingsTransfers';
import { savingsEscheatFault } from './savingsEscheat';
import { groupsFault } from './groups';
import type { VerifyMark } from './mark';
import { changesSinceFault } from './changes';
import { anchorCheck, type AnchorPlace } from './anchors';
import { IMAGES_START, type ImagesPoint } from './images';
import { triggerFault } from './triggers';
import { loanReceivablesFault, savingsPayableFault } from './receivables';

/**
 * An incremental run: the audit chain from the mark, and the invariants for what changed since it. What changed is
 * found from the command_log rows since the mark (the ids of what each command created or changed, as
 * `ctx.touched` recorded them) and the journal entries posted since (their lines, days and sources). The global sums
 * are taken from the kept figures, which the run checks for what changed and a full run checks for everything.
 */
export interface SinceScope {
  mark: VerifyMark;
  /** JSON arrays for json_each: the days posted to, and the loans, savings accounts and tills touched */
  days: string;
  loans: string;
  savings: string;
  tills: string;
}

/**
 * The journal entries posted since the mark: after its last entry, or (none in a database no one edited) before it
 * by a command after its last row. Two index ranges; a UNION would merge them by scanning the entries.
 */
const SINCE_ENTRIES = 'SELECT id FROM journal_entries WHERE id > @entry UNION ALL SELECT id FROM journal_entries WHERE command_seq > @seq AND id <= @entry';

/** Ids named in the command_log rows walked, by entity ('loan:12' is entity loan, id 12). */
class Touched {
  private readonly ids = new Map<string, Set<number>>();

  add(row: CommandLogRow): void {
    let names: unknown;
    try {
      names = JSON.parse(row.entity_ids_json);
    } catch {
      return;
    }
    if (!Array.isArray(names)) return;
    for (const name of names) {
      const m = typeof name === 'string' ? /^([a-z_]+):(\d+)$/.exec(name) : null;
      if (!m) continue;
      let set = this.ids.get(m[1]!);
      if (!set) this.ids.set(m[1]!, (set = new Set()));
      set.add(Number(m[2]));
    }
  }

  json(entity: string): string {
    return JSON.stringify([...(this.ids.get(entity) ?? [])]);
  }
}

/**
 * The accounts of an area touched since the mark: named by a command (@accounts), owning a transaction a command
 * named (@transactions), or owning the transaction an entry since was posted for.
 */
function touchedAccounts(transactions: string, account: string, source: string): string {
  return `SELECT value AS id FROM json_each(@accounts)
    UNION SELECT ${account} FROM ${transactions} WHERE id IN (SELECT value FROM json_each(@transactions))
    UNION SELECT t.${account} FROM (${SINCE_ENTRIES}) s CROSS JOIN journal_entries e ON e.id = s.id CROSS JOIN ${transactions} t ON t.id = e.source_id
      WHERE e.source_type = '${source}'`;
}

/** The days, loans, savings accounts and tills that changed since the mark. */
function scopeOf(db: Db, mark: VerifyMark, touched: Touched): SinceScope {
  const since = { entry: mark.journalEntryId, seq: mark.seq };
  const list = (text: string, params: object): string => (db.prepare(`SELECT json_group_array(DISTINCT id) AS ids FROM (${text})`).get(params) as { ids: string }).ids;
  return {
    mark,
    days: list(`SELECT entry_date AS id FROM journal_entries WHERE id IN (${SINCE_ENTRIES})`, since),
    loans: list(touchedAccounts('loan_transactions', 'loan_id', 'loan_transaction'), {
      ...since,
      accounts: touched.json('loan'),
      transactions: touched.json('loan_transaction'),
    }),
    savings: list(touchedAccounts('savings_transactions', 'account_id', 'savings_transaction'), {
      ...since,
      accounts: touched.json('savings_account'),
      transactions: touched.json('savings_transaction'),
    }),
    // every movement of a till's cash comes with a line on its account (the ledger refuses one without)
    tills: list(
      `SELECT value AS id FROM json_each(@tills)
       UNION SELECT till_id FROM till_sessions WHERE id IN (SELECT value FROM json_each(@sessions))
       UNION SELECT t.id FROM tills t WHERE t.gl_account_id IN (SELECT l.gl_account_id FROM journal_lines l WHERE l.entry_id IN (${SINCE_ENTRIES}))`,
      { ...since, tills: touched.json('till'), sessions: touched.json('till_session') },
    ),
  };
}

interface SinceCheck {
  name: string;
  run(db: Db, scope: SinceScope): string | null;
}

const SINCE_CHECKS: SinceCheck[] = [
  {
    name: 'balanced journal since the mark',
    run(db, { mark }) {
      const bad = db
        .prepare(
          `SELECT s.id, coalesce(sum(l.debit), 0) AS d, coalesce(sum(l.credit), 0) AS c, count(l.id) AS n
           FROM (${SINCE_ENTRIES}) s LEFT JOIN journal_lines l ON l.entry_id = s.id
           GROUP BY s.id HAVING d <> c OR n < 2 ORDER BY d = c, s.id LIMIT 1`,
        )
        .get({ entry: mark.journalEntryId, seq: mark.seq }) as { id: number; d: number; c: number; n: number } | undefined;
      if (!bad) return null;
      return bad.d !== bad.c ? `journal: entry ${bad.id} does not balance (debits ${bad.d}, credits ${bad.c})` : `journal: entry ${bad.id} has fewer than two lines`;
    },
  },
  {
    name: 'journal entries since the mark belong to commands since it',
    run(db, { mark }) {
      const bad = db
        .prepare(
          `SELECT e.id, e.command_seq, EXISTS (SELECT 1 FROM command_log c WHERE c.seq = e.command_seq) AS logged
           FROM journal_entries e WHERE e.id IN (${SINCE_ENTRIES}) AND (e.command_seq <= @seq OR NOT logged) ORDER BY e.id LIMIT 1`,
        )
        .get({ entry: mark.journalEntryId, seq: mark.seq }) as { id: number; command_seq: number; logged: number } | undefined;
      if (!bad) return null;
      return bad.logged
        ? `journal: entry ${bad.id}, posted after the mark, points at command ${bad.command_seq}, verified before it`
        : `journal: entry ${bad.id} points at command ${bad.command_seq}, which is not in the command_log`;
    },
  },
  {
    name: 'kept GL figures of the days posted to',
    run: (db, { days }) => dailyBalanceFault(db, days) ?? accountLinesFault(db, days),
  },
  { name: 'kept figures of the loans touched', run: (db, { loans }) => loanKeptFault(db, loans) },
  { name: 'loan_figures of the loans touched', run: (db, { loans }) => loanFiguresFault(db, loans) },
  { name: 'installments of the loans touched equal their transactions', run: (db, { loans }) => installmentsFault(db, loans) },
  { name: "fees and penalties of the loans touched equal their charges", run: (db, { loans }) => loanChargesFault(db, loans) },
  { name: 'kept balances of the savings accounts touched', run: (db, { savings }) => savingsKeptFault(db, savings) },
  { name: 'transfers of the savings accounts touched: legs of their amount and date, live or reversed together', run: (db, { savings }) => savingsTransfersFault(db, savings) },
  { name: 'escheats of the savings accounts touched: closed, emptied, sub-status ESCHEAT', run: (db, { savings }) => savingsEscheatFault(db, savings) },
  { name: 'groups: a client in one group at a time, members and roles of open groups, groups as their centers (all: few rows)', run: (db) => groupsFault(db) },
  {
    name: 'on accruals, the loans and savings accounts touched: receivables (payable) equal their transactions',
    run: (db, { loans, savings }) => loanReceivablesFault(db, loans) ?? savingsPayableFault(db, savings),
  },
  {
    name: "each till touched: GL balance, balance and movements since the mark agree",
    run(db, { tills, mark }) {
      // each movement since the mark leaves what the one before it left plus its amount (the last one at the mark left
      // what the till held then), and the last one what the till holds and its account says
      const broken = db
        .prepare(
          `SELECT m.id, u.username, m.amount, m.balance_after AS after,
             coalesce((SELECT p.balance_after FROM till_movements p WHERE p.till_id = m.till_id AND p.id < m.id ORDER BY p.id DESC LIMIT 1), 0) AS before
           FROM till_movements m JOIN tills t ON t.id = m.till_id JOIN users u ON u.id = t.user_id
           WHERE m.till_id IN (SELECT value FROM json_each(@tills)) AND m.id > @movement AND m.balance_after <> before + m.amount
           ORDER BY m.id LIMIT 1`,
        )
        .get({ tills, movement: mark.tillMovementId }) as { id: number; username: string; amount: number; after: number; before: number } | undefined;
      if (broken) {
        return `tills: movement ${broken.id} of the till of ${broken.username} leaves ${broken.after}, but ${broken.before} before it and ${broken.amount} moved make ${broken.before + broken.amount}`;
      }
      const bad = db
        .prepare(
          `SELECT u.username, t.balance,
             coalesce((SELECT sum(b.debits) - sum(b.credits) FROM gl_daily_balances b WHERE b.gl_account_id = t.gl_account_id), 0) AS gl,
             coalesce((SELECT m.balance_after FROM till_movements m WHERE m.till_id = t.id ORDER BY m.id DESC LIMIT 1), 0) AS moved
           FROM tills t JOIN users u ON u.id = t.user_id
           WHERE t.id IN (SELECT value FROM json_each(@tills)) AND (gl <> moved OR t.balance <> moved) ORDER BY t.id LIMIT 1`,
        )
        .get({ tills }) as { username: string; balance: number; gl: number; moved: number } | undefined;
      return bad ? tillMessage(bad) : sessionFault(db, tills);
    },
  },
  {
    name: 'total debits equal total credits (kept daily balances)',
    run(db) {
      const all = db.prepare('SELECT coalesce(sum(debits), 0) AS d, coalesce(sum(credits), 0) AS c FROM gl_daily_balances').get() as { d: number; c: number };
      return all.d === all.c ? null : `journal: total debits ${all.d} differ from total credits ${all.c}`;
    },
  },
  {
    name: 'loan portfolio equals the kept principal outstanding',
    run(db) {
      const rows = db
        .prepare(
          `WITH sub AS MATERIALIZED (SELECT json_extract(gl_mapping_json, '$.portfolio') AS id, sum(principal_outstanding) AS outstanding FROM loans GROUP BY 1),
           accounts AS (SELECT id FROM sub UNION SELECT gl_loan_portfolio FROM loan_products UNION SELECT id FROM gl_accounts WHERE tag = 'LOAN_PORTFOLIO')
           SELECT a.code, coalesce((SELECT sum(b.debits) - sum(b.credits) FROM gl_daily_balances b WHERE b.gl_account_id = x.id), 0) AS balance,
             coalesce(sub.outstanding, 0) AS outstanding
           FROM accounts x JOIN gl_accounts a ON a.id = x.id LEFT JOIN sub ON sub.id = x.id ORDER BY a.code`,
        )
        .all() as { code: string; balance: number; outstanding: number }[];
      const bad = rows.find((r) => r.balance !== r.outstanding);
      return bad ? portfolioMessage(bad, true) : null;
    },
  },
  {
    name: 'savings control equals the kept savings balances',
    run(db) {
      const net = savingsControlNet(db, 'kept');
      const { balance } = db.prepare('SELECT coalesce(sum(balance), 0) AS balance FROM savings_accounts').get() as { balance: number };
      return net === balance ? null : savingsMessage(net, balance, true);
    },
  },
  { name: 'row images since the mark: claimed, and each row still its last image', run: (db, scope) => changesSinceFault(db, scope.mark.seq) },
  { name: 'protective triggers present as made', run: (db) => triggerFault(db) },
];

/** Runs the checks from the mark; `last` is the last command_log row that held (where the next mark goes). */
export function verifySince(db: Db, mark: VerifyMark, place: AnchorPlace): { faults: string[]; checks: string[]; last: ChainPoint; commands: number; images: ImagesPoint } {
  const faults: string[] = [];
  const touched = new Touched();
  const held = markStillHolds(db, mark, mark.verifiedAt);
  if (held.fault) faults.push(held.fault);
  const chain = walkChain(db, held.from, (row) => touched.add(row));
  if (chain.fault) faults.push(chain.fault);
  const scope = scopeOf(db, mark, touched);
  for (const check of SINCE_CHECKS) {
    const fault = check.run(db, scope);
    if (fault) faults.push(fault);
  }
  // the newest anchor, the images' digest taken on from the mark's point
  const from = mark.imagesBlocks !== undefined && mark.imagesChain !== undefined ? { blocks: mark.imagesBlocks, chain: mark.imagesChain } : IMAGES_START;
  const anchored = anchorCheck(db, place, from);
  if (anchored.fault) faults.push(anchored.fault);
  return { faults, checks: ['command log chain from the mark', ...SINCE_CHECKS.map((c) => c.name), 'the newest anchor'], last: chain.last, commands: chain.rows, images: anchored.images };
}
