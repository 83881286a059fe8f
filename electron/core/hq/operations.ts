import { LOAN_STATUSES, type HqClientFound, type HqPortfolio, type HqPortfolioFigures, HqTrialBalance, HqTrialBalanceFigures, OperationName } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import { consolidatedPortfolio, consolidatedTrialBalance, type ConsolidatedPortfolio, type ConsolidatedTrialBalance, type PortfolioFigures, type TrialBalanceFigures } from './figures';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/connection';
import type { Registry } from '../dispatch/registry';
import type { ServiceDeps } from '../services/deps';
import { findOrganisation, getSetting, setSetting } from '../services/organisation';
import { sessionInfo } from '../services/session';
import { accountNameText } from '../services/accounting/bookTexts';
import { initializeBranch, localToday } from '../services/setup';
import { acceptNewEpoch, acknowledgementFor, branchesOf, headOfficePairingText, importBundle, registerBranch, type HeadOffice, type ImportOutcome } from './import';

/**
 * Head office's operations (issue 13) and what keeps the two kinds of installation apart: a data folder set up as a
 * head office does no branch work, and a branch does none of head office's.
 */
const MODE = 'installation.mode';
const HEAD_OFFICE = 'HEAD_OFFICE';

export function isHeadOfficeData(db: Db): boolean {
  return getSetting(db, MODE) === HEAD_OFFICE;
}

/** Refuses to open a data folder as the wrong kind of installation, saying how to start it. */
export function assertInstallation(db: Db, headOffice: boolean): void {
  if (!headOffice && isHeadOfficeData(db)) throw new Error("This data folder is a head office's: start it with `branchbox hq serve`");
  if (headOffice && findOrganisation(db) && !isHeadOfficeData(db)) throw new Error("This data folder is a branch's: a head office needs its own data folder (--data-dir)");
}

/** What a head office may be asked: signing in, its users, and head office's own work. */
function headOfficeWork(name: OperationName): boolean {
  return name.startsWith('hq.') || name.startsWith('session.') || name.startsWith('users.') || name === 'setup.status';
}

export function refusalFor(headOffice: boolean): (name: OperationName) => AppError | null {
  return (name) => {
    if (headOffice && !headOfficeWork(name)) {
      return new AppError('INVALID_STATE', `This is a head office: ${name} is done at the branches`, undefined, { reason: 'HEAD_OFFICE' });
    }
    if (!headOffice && name.startsWith('hq.')) {
      return new AppError('INVALID_STATE', `This is a branch: ${name} is head office's work (start head office with branchbox hq serve)`, undefined, { reason: 'BRANCH' });
    }
    return null;
  };
}

function the(deps: ServiceDeps): HeadOffice {
  if (!deps.headOffice) throw new AppError('INVALID_STATE', 'This is a branch, not a head office');
  return deps.headOffice;
}

/** Receives bundle files (name and bytes), each in turn. */
export async function importFiles(hq: HeadOffice, files: readonly { name: string; bytes: Buffer }[]): Promise<ImportOutcome[]> {
  const out: ImportOutcome[] = [];
  for (const f of files) out.push(await importBundle(hq, f.name, f.bytes));
  return out;
}

/** Signed acknowledgements for every branch the outcomes touched (for the trip back to each branch). */
export async function acknowledgementsFor(hq: HeadOffice, outcomes: readonly ImportOutcome[]): Promise<Map<string, string>> {
  const acks = new Map<string, string>();
  for (const o of outcomes) {
    if (o.officeCode && o.status !== 'refused' && !acks.has(o.officeCode)) acks.set(o.officeCode, await acknowledgementFor(hq, o.officeCode));
  }
  return acks;
}

/** Amounts as the screens and scripts read them: decimal text in the reporting currency. */
function portfolioView(p: ConsolidatedPortfolio): HqPortfolio {
  const dp = p.currency?.decimalPlaces ?? 2;
  const figures = (f: PortfolioFigures): HqPortfolioFigures => ({
    activeLoans: f.activeLoans,
    principalOutstanding: formatMoney(f.principalOutstanding, dp),
    interestOutstanding: formatMoney(f.interestOutstanding, dp),
    feeOutstanding: formatMoney(f.feeOutstanding, dp),
    penaltyOutstanding: formatMoney(f.penaltyOutstanding, dp),
    overdue: formatMoney(f.overdue, dp),
    par30: formatMoney(f.par30, dp),
    disbursed: formatMoney(f.disbursed, dp),
    collected: formatMoney(f.collected, dp),
    par30Ratio: f.par30Ratio,
    arrearsRate: f.arrearsRate,
  });
  return {
    asOf: p.asOf,
    currency: p.currency,
    branches: p.branches.map((b) => ({ officeCode: b.officeCode, name: b.name, businessDate: b.businessDate, ...figures(b) })),
    institution: figures(p.institution),
  };
}

function trialBalanceView(t: ConsolidatedTrialBalance): HqTrialBalance {
  const dp = t.currency?.decimalPlaces ?? 2;
  const figures = (f: TrialBalanceFigures): HqTrialBalanceFigures => ({
    rows: f.rows.map((r) => ({ glCode: r.glCode, name: r.name, nameText: accountNameText(r.glCode, r.name), type: r.type, debit: formatMoney(r.debit, dp), credit: formatMoney(r.credit, dp) })),
    totalDebit: formatMoney(f.totalDebit, dp),
    totalCredit: formatMoney(f.totalCredit, dp),
  });
  return { asOf: t.asOf, currency: t.currency, branches: t.branches.map((b) => ({ officeCode: b.officeCode, name: b.name, ...figures(b) })), institution: figures(t.institution) };
}

/** How many clients a lookup shows at most: a name typed in part may match many. */
const LOOKUP_LIMIT = 50;

function lookup(hq: HeadOffice, text: string): HqClientFound[] {
  const names = new Map(hq.store.branches().map((b) => [b.office_code, b.name]));
  const statusName = new Map(Object.entries(LOAN_STATUSES).map(([name, code]) => [code as number, name]));
  return hq.store.lookup(text, LOOKUP_LIMIT).map((r) => {
    const c = JSON.parse(r.client) as { account_no: string; display_name: string; mobile_no: string | null; status: string };
    const dp = hq.store.branchCurrency(r.office_code)?.decimalPlaces ?? 2;
    const loans = JSON.parse(r.loans) as { account_no: string; status: number; principal: number; disbursed_on?: string | null }[];
    return {
      officeCode: r.office_code,
      branchName: names.get(r.office_code) ?? r.office_code,
      accountNo: c.account_no,
      displayName: c.display_name,
      mobileNo: c.mobile_no,
      status: c.status,
      loans: loans.map((l) => ({ accountNo: l.account_no, status: statusName.get(l.status) ?? String(l.status), principal: formatMoney(l.principal, dp), disbursedOn: l.disbursed_on ?? null })),
    };
  });
}

export function registerHeadOffice(registry: Registry, deps: ServiceDeps): void {
  registry.register('hq.initialize', (ctx, input) => {
    the(deps);
    const now = ctx.clock.now();
    const { adminId, officeId } = initializeBranch(ctx.db, {
      organisationName: input.organisation.name,
      currency: input.currency,
      office: { code: 'HQ', name: input.organisation.name, headOffice: true },
      admin: { ...input.admin, displayName: input.admin.displayName ?? input.admin.username },
      businessDate: localToday(now),
      training: false,
      now: now.toISOString(),
    });
    setSetting(ctx.db, MODE, HEAD_OFFICE);
    ctx.touched('office', officeId);
    ctx.touched('user', adminId);
    ctx.afterCommit(() => ctx.session.set(deps.sessions.create(adminId).token));
    return sessionInfo(ctx.db, adminId);
  });

  registry.register('hq.pairing', (ctx) => {
    const org = findOrganisation(ctx.db);
    if (!org) throw new AppError('NOT_INITIALIZED', 'Head office is not set up yet');
    return { fileName: 'HQ.pair', text: headOfficePairingText(the(deps), org.name) };
  });

  registry.register('hq.registerBranch', (ctx, input) => {
    const b = registerBranch(the(deps), input.pairing);
    ctx.touched('branch', b.officeCode);
    return b;
  });

  registry.register('hq.importBundles', async (ctx, input) => {
    const hq = the(deps);
    const files = await importFiles(
      hq,
      input.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })),
    );
    // head office's own audit: who brought which files, and what became of them
    await ctx.chunk({ files: files.map((f) => ({ file: f.file, status: f.status })) }, () => undefined);
    return { files, acknowledgements: Object.fromEntries(await acknowledgementsFor(hq, files)) };
  });

  registry.register('hq.branches', () => branchesOf(the(deps)));
  registry.register('hq.acceptAlarm', async (ctx, input) => {
    const r = await acceptNewEpoch(the(deps), input.alarmId);
    // head office's own audit: who accepted the branch's new epoch
    await ctx.chunk({ alarmId: input.alarmId, officeCode: r.officeCode, epoch: r.epoch }, () => undefined);
    return r;
  });
  registry.register('hq.lookup', (_ctx, input) => lookup(the(deps), input.text));
  registry.register('hq.portfolio', (ctx, input) => portfolioView(consolidatedPortfolio(the(deps).store, input.asOf ?? localToday(ctx.clock.now()))));
  registry.register('hq.trialBalance', (_ctx, input) => trialBalanceView(consolidatedTrialBalance(the(deps).store, input.asOf)));
}
