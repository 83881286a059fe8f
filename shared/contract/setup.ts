import { z } from 'zod';
import { op } from './operation';
import { amountText, isoDate, trimmed, username, newPassword } from './fields';
import type { SessionInfo } from './session';
import { recoveryPassphrase } from './settings';
import { phoneCountry } from '../phone';

export interface SetupStatus {
  initialized: boolean;
  training: boolean;
  organisationName: string | null;
  officeName: string | null;
  /**
   * The program runs as a head office (`branchbox hq serve`): its first screen sets up a head office (hq.initialize),
   * and it receives the branches' bundles rather than doing branch work.
   */
  headOffice: boolean;
}

/** How far the training demo's history is (setup.demoHistory, a job run after the demo opens). */
export interface DemoStatus {
  /** none: no history (a real branch, or a demo too large for one); interrupted: the program stopped while it ran */
  state: 'none' | 'pending' | 'running' | 'done' | 'interrupted';
  /** the business day being built */
  date: string | null;
  done: number;
  total: number;
  businessDate: string | null;
}

export interface DemoHistoryResult {
  days: number;
  loans: number;
  savingsAccounts: number;
  businessDate: string;
  seconds: number;
}

export const currency = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code such as KES' }),
  decimalPlaces: z.number().int().min(0).max(4),
  inMultiplesOf: z.number().int().min(0).max(1_000_000).default(0),
});

export const setupOperations = {
  'setup.status': op<SetupStatus>()({ kind: 'query', access: 'PUBLIC', input: z.strictObject({}) }),
  /**
   * First run only: organisation, this installation's office and the first administrator; with `encryption`, the
   * database is encrypted at rest once set up (a job: the set-up is one command, then the file is encrypted).
   */
  'setup.initialize': op<SessionInfo>()({
    kind: 'job',
    access: 'PUBLIC',
    input: z.strictObject({
      organisation: z.strictObject({
        name: trimmed(120),
        /** ISO 3166-1 alpha-2, one of shared/phone.ts: phone numbers typed as people write them there get its calling code */
        country: z
          .string()
          .trim()
          .refine((c) => phoneCountry(c) !== undefined, { message: 'must be one of the countries offered' })
          .optional(),
      }),
      currency,
      office: z.strictObject({
        code: z
          .string()
          .trim()
          .regex(/^[A-Z0-9]{2,6}$/, { message: 'must be 2 to 6 capital letters or digits' }),
        name: trimmed(120),
        headOffice: z.boolean().default(false),
      }),
      admin: z.strictObject({
        username,
        password: newPassword,
        displayName: trimmed(120).optional(),
      }),
      /**
       * The branch's first day of records, when going live from paper: its past is entered from that date and
       * day-end catches up to today. Not after the PC's date; today by default.
       */
      businessDate: isoDate.optional(),
      /** Encrypt the branch's data at rest, its key sealed by this recovery passphrase (kept by the manager, offline). */
      encryption: z.strictObject({ passphrase: recoveryPassphrase }).optional(),
      /**
       * The branch's opening balances as of its first business date (issue 19 point 10), as accounting.openingBalances
       * takes them (debits equal to credits, the equity side on 3300 Opening balance equity); they can also be
       * entered later on the Opening balances screen.
       */
      openingBalances: z
        .array(
          z
            .strictObject({ glCode: z.string().trim().min(1).max(20), debit: amountText.optional(), credit: amountText.optional() })
            .refine((l) => (l.debit === undefined) !== (l.credit === undefined), { message: 'needs a debit or a credit, not both', path: ['debit'] }),
        )
        .min(1)
        .max(200)
        .optional(),
    }),
  }),
  /**
   * First run only: a training branch with demo users and clients, marked TRAINING everywhere, its opening balances,
   * the vault funded and the teller's float. Up to 5,000 clients it opens HISTORY_DAYS in the past with its history
   * pending (`history: true`): setup.demoHistory then builds it. Larger demos (benchmarks: `branchbox seed-demo`)
   * have no history, nor does one asked with `history: false` (a quick branch for tests and benchmarks).
   */
  'setup.openTrainingDemo': op<{ users: { username: string; password: string; roles: string[] }[]; history: boolean }>()({
    kind: 'command',
    access: 'PUBLIC',
    input: z.strictObject({ clients: z.number().int().min(0).max(100_000).default(200), history: z.boolean().default(true) }),
  }),
  /**
   * A job, after setup.openTrainingDemo: the demo's past weeks of business (products, loans in every state, savings,
   * a center with its groups and meetings, the till's days) posted through the app's own operations, each business
   * day closed by day-end, up to today. Once only; setup.demoStatus answers its progress.
   */
  'setup.demoHistory': op<DemoHistoryResult>()({ kind: 'job', access: 'PUBLIC', input: z.strictObject({}) }),
  'setup.demoStatus': op<DemoStatus>()({ kind: 'query', access: 'PUBLIC', input: z.strictObject({}) }),
} as const;
