import { z } from 'zod';
import { op } from './operation';
import { secret } from './fields';

/** The shortest recovery passphrase of an encrypted branch (issue 14 point 4): it guards every client's data. */
export const PASSPHRASE_MIN_LENGTH = 12;

/** A recovery passphrase being set: at least PASSPHRASE_MIN_LENGTH characters, never logged. */
export const recoveryPassphrase = secret(
  z
    .string()
    .max(1024)
    .refine((p) => [...p].length >= PASSPHRASE_MIN_LENGTH, { message: `must be at least ${PASSPHRASE_MIN_LENGTH} characters` }),
);

/** Whether the branch's database is encrypted at rest, and what keeps its key (settings.encryption). */
export interface EncryptionStatus {
  encrypted: boolean;
  /** The database is kept in memory (tests, the training demo in memory): nothing on disk to encrypt. */
  inMemory: boolean;
  /** The key is sealed by a recovery passphrase in this PC's key folder. */
  recoveryPassphrase: boolean;
  /** The operating system keeps a copy of the key for the desktop app (Windows DPAPI, macOS Keychain, libsecret). */
  systemKeeps: boolean;
  passphraseMinLength: number;
}

export interface Settings {
  idleLockMinutes: number;
  /**
   * How far a loan payment may overpay the loan without a branch manager's approval, in percent of what the loan
   * owed before the payment ("10"): the branch manager sets it (settings.setOverpaymentMargin).
   */
  overpaymentMarginPercent: string;
  /**
   * Fineract's global configuration `penalty-wait-period`: days after an installment's due date before day-end
   * penalises it (2 unless an administrator changes it).
   */
  penaltyWaitPeriod: number;
  /**
   * Fineract's `backdate-penalties-enabled` (on unless changed): off, day-end penalises only installments falling
   * overdue on the day it closes, never older ones.
   */
  backdatePenaltiesEnabled: boolean;
  /**
   * First month (1 = January .. 12) of the financial year: quarterly, half-yearly and yearly savings interest
   * periods follow it (Fineract's global configuration financial-year-beginning-month; default 1).
   */
  financialYearBeginningMonth: number;
  /**
   * Savings interest is posted on the last day of its period instead of the day after (Fineract's global
   * configuration savings-interest-posting-current-period-end; default false). The amounts are the same.
   */
  savingsInterestPostingAtCurrentPeriodEnd: boolean;
  /**
   * Fineract's `min-clients-in-group` and `max-clients-in-group` (null: off, Fineract's default): the active members a
   * group needs to be activated (both), and may have (the maximum, also when members are added).
   */
  minClientsInGroup: number | null;
  maxClientsInGroup: number | null;
  /**
   * Tellers close blind (issue 19 point 3; on unless the branch manager turns it off, settings.setBlindClose): while
   * a teller's till is open, nothing the teller is answered gives the till's cash or expected figure; a branch
   * manager (tills.manage) always sees them.
   */
  blindClose: boolean;
}

export interface OfficeSummary {
  id: number;
  code: string;
  name: string;
  headOffice: boolean;
  parentId: number | null;
}

export interface AuditEntry {
  seq: number;
  operation: string;
  username: string | null;
  businessDate: string;
  recordedAt: string;
  entityIds: string[];
}

export const settingsOperations = {
  'settings.get': op<Settings>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
  'settings.update': op<Settings>()({
    kind: 'command',
    access: 'settings.manage',
    input: z.strictObject({
      idleLockMinutes: z.number().int().min(1).max(240).optional(),
      penaltyWaitPeriod: z.number().int({ message: 'must be a whole number of days' }).min(0).max(365).optional(),
      backdatePenaltiesEnabled: z.boolean().optional(),
      // both refused (INVALID_STATE on the field) once interest is posted on an account whose periods they would move
      financialYearBeginningMonth: z.number().int({ message: 'must be a month number from 1 to 12' }).min(1).max(12).optional(),
      savingsInterestPostingAtCurrentPeriodEnd: z.boolean().optional(),
      minClientsInGroup: z.number().int({ message: 'must be a whole number' }).min(1).max(1000).nullable().optional(),
      maxClientsInGroup: z.number().int({ message: 'must be a whole number' }).min(1).max(1000).nullable().optional(),
    }),
  }),
  /** The branch manager's margin for overpayments (Settings.overpaymentMarginPercent): 0 to 100, at most 2 decimals. */
  'settings.setOverpaymentMargin': op<Settings>()({
    kind: 'command',
    access: 'tills.manage',
    input: z.strictObject({
      overpaymentMarginPercent: z
        .string()
        .trim()
        .regex(/^\d{1,3}(\.\d{1,2})?$/, { message: 'must be a percentage such as 10 or 12.5' })
        .refine((v) => Number(v.split('.')[0]) < 100 || /^100(\.0{1,2})?$/.test(v), { message: 'must be at most 100' }),
    }),
  }),
  /** The branch manager's blind close of tellers' tills (Settings.blindClose). */
  'settings.setBlindClose': op<Settings>()({
    kind: 'command',
    access: 'settings.branch',
    input: z.strictObject({ blindClose: z.boolean() }),
  }),
  'settings.encryption': op<EncryptionStatus>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
  /**
   * Encrypts a plain branch's database (a job: a checked backup, the key sealed by the passphrase, the file
   * encrypted in place, the backups kept so far encrypted with it, then the command recorded).
   */
  'settings.turnOnEncryption': op<EncryptionStatus>()({
    kind: 'job',
    access: 'settings.manage',
    input: z.strictObject({ passphrase: recoveryPassphrase }),
  }),
  'offices.list': op<OfficeSummary[]>()({ kind: 'query', access: 'organisation.read', input: z.strictObject({}) }),
  'audit.list': op<AuditEntry[]>()({
    kind: 'query',
    access: 'audit.read',
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100), beforeSeq: z.number().int().optional() }),
  }),
} as const;
