import { z } from 'zod';
import { op } from './operation';
import { isoDate, trimmed, username, newPassword } from './fields';
import { currency } from './setup';
import type { SessionInfo } from './session';
import type { BookText } from '../bookText';

/**
 * Head office (issue 13): the same program started with `branchbox hq serve` on its own data folder. It is set up
 * once (hq.initialize, then session.login as elsewhere), registers the branches from their pairing files, and
 * receives their bundles (as file contents: never as paths on the server), applied once each and in order.
 */
export interface HqAlarm {
  id: number;
  kind: string;
  detail: string;
  raisedAt: string;
}

export interface HqBranch {
  officeCode: string;
  name: string;
  /** the last command sequence applied */
  lastSequence: number;
  lastAppliedAt: string | null;
  /** the first sequence head office waits for when a later bundle came first, else null */
  missingFrom: number | null;
  alarms: HqAlarm[];
}

/** What became of one bundle file. */
export type HqImportOutcome =
  | { file: string; status: 'applied'; officeCode: string; fromSeq: number; toSeq: number; lines: number; alsoApplied: string[] }
  | { file: string; status: 'duplicate'; officeCode: string; fromSeq: number; toSeq: number }
  | { file: string; status: 'held'; officeCode: string; fromSeq: number; toSeq: number; reason: 'MISSING_SEQ' | 'NEW_EPOCH'; missing?: { fromSeq: number; toSeq: number } }
  | { file: string; status: 'refused'; reason: string; officeCode?: string };

/** A bundle file's name as the branch writes it: office, epoch, first and last sequence. */
const bundleName = z
  .string()
  .trim()
  .max(120)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'must be a file name (letters, digits, dot, dash, underscore)' });

/** A branch's portfolio as head office holds it, or the institution's (amounts in the reporting currency). */
export interface HqPortfolioFigures {
  activeLoans: number;
  principalOutstanding: string;
  interestOutstanding: string;
  feeOutstanding: string;
  penaltyOutstanding: string;
  /** principal, interest, fees and penalties overdue */
  overdue: string;
  /** the outstanding principal of loans more than 30 days in arrears */
  par30: string;
  disbursed: string;
  collected: string;
  /** par30 / principal outstanding, in per cent with two decimals (null when nothing is outstanding) */
  par30Ratio: string | null;
  /** overdue / everything outstanding, in per cent with two decimals */
  arrearsRate: string | null;
}

export interface HqPortfolio {
  asOf: string;
  currency: { code: string; decimalPlaces: number } | null;
  /** each branch as its last bundle left it (businessDate: the branch's business date then) */
  branches: (HqPortfolioFigures & { officeCode: string; name: string; businessDate: string | null })[];
  /** the sums of the branches' amounts; the ratios recomputed from the sums */
  institution: HqPortfolioFigures;
}

export interface HqTrialBalanceFigures {
  /** nameText: what a template account's name says in the reader's language (shared/bookText.ts), null for a name a branch typed */
  rows: { glCode: string; name: string; nameText: BookText | null; type: string; debit: string; credit: string }[];
  totalDebit: string;
  totalCredit: string;
}

export interface HqTrialBalance {
  asOf: string | null;
  currency: { code: string; decimalPlaces: number } | null;
  branches: (HqTrialBalanceFigures & { officeCode: string; name: string })[];
  institution: HqTrialBalanceFigures;
}

/** A client of a branch as head office holds it, with its loans (read only). */
export interface HqClientFound {
  officeCode: string;
  branchName: string;
  accountNo: string;
  displayName: string;
  mobileNo: string | null;
  status: string;
  loans: { accountNo: string; status: string; principal: string; disbursedOn: string | null }[];
}

export const hqOperations = {
  /** First start of a head office only: the organisation, its reporting currency and the first user. */
  'hq.initialize': op<SessionInfo>()({
    kind: 'command',
    access: 'PUBLIC',
    input: z.strictObject({
      organisation: z.strictObject({ name: trimmed(120) }),
      currency,
      admin: z.strictObject({ username, password: newPassword, displayName: trimmed(120).optional() }),
    }),
  }),
  /** Head office's pairing file (its public key and its certificate's fingerprint), for the branches. */
  'hq.pairing': op<{ fileName: string; text: string }>()({ kind: 'query', access: 'hq.read', input: z.strictObject({}) }),
  'hq.registerBranch': op<{ officeCode: string; name: string }>()({
    kind: 'command',
    access: 'hq.manage',
    input: z.strictObject({ pairing: z.string().min(2).max(20_000) }),
  }),
  /**
   * Bundle files as their contents (base64), in any order: each applied, a duplicate, held or refused saying why;
   * with head office's signed acknowledgement for each branch they came from (the text of `<office>.ack`).
   */
  'hq.importBundles': op<{ files: HqImportOutcome[]; acknowledgements: Record<string, string> }>()({
    kind: 'job',
    access: 'hq.manage',
    input: z.strictObject({
      files: z
        .array(z.strictObject({ name: bundleName, base64: z.string().min(1).regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' }) }))
        .min(1)
        .max(500),
    }),
  }),
  /**
   * A head-office user accepts a branch's new epoch (its NEW_EPOCH alarm: the branch restored its books): the bundles
   * of that epoch waiting are applied, the first a full snapshot that replaces what head office held of the branch.
   */
  'hq.acceptAlarm': op<{ officeCode: string; epoch: number; lastSequence: number; applied: string[] }>()({
    kind: 'job',
    access: 'hq.manage',
    input: z.strictObject({ alarmId: z.number().int().positive() }),
  }),
  'hq.branches': op<HqBranch[]>()({ kind: 'query', access: 'hq.read', input: z.strictObject({}) }),
  /**
   * A client or a loan looked up across the branches, read only: by part of a name, or a client's account number,
   * mobile number or external id, or a loan's account number.
   */
  'hq.lookup': op<HqClientFound[]>()({ kind: 'query', access: 'hq.read', input: z.strictObject({ text: trimmed(80) }) }),
  /** The consolidated portfolio: each branch and the institution; disbursed and collected are those of `asOf`. */
  'hq.portfolio': op<HqPortfolio>()({ kind: 'query', access: 'hq.read', input: z.strictObject({ asOf: isoDate.optional() }) }),
  /** Trial balance per branch and for the institution, from every journal line dated up to `asOf` (all by default). */
  'hq.trialBalance': op<HqTrialBalance>()({ kind: 'query', access: 'hq.read', input: z.strictObject({ asOf: isoDate.optional() }) }),
} as const;
