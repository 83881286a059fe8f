import { z } from 'zod';
import { op } from './operation';
import { isoDate, trimmed, username, newPassword } from './fields';
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
    }),
  }),
  /** First run only: a training branch with demo users and clients, marked TRAINING everywhere. */
  'setup.openTrainingDemo': op<{ users: { username: string; password: string; roles: string[] }[] }>()({
    kind: 'command',
    access: 'PUBLIC',
    input: z.strictObject({ clients: z.number().int().min(0).max(2000).default(200) }),
  }),
} as const;
