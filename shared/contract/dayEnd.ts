import { z } from 'zod';
import { op } from './operation';
import { isoDate } from './fields';
import type { CollectionSheetDraftSummary } from './collectionSheet';

/**
 * Day-end, Fineract's close of business (DOMAIN.md "Day-end"; FINERACT-NOTES.md section 4). The business date moves
 * only by day-end, one calendar day at a time, never backwards; closing a day D: refuse while a till is open, loans
 * (overdue penalties, the arrears snapshot for D, accruals), savings (every interest posting dated D, then dormancy:
 * accounts going inactive, dormant or escheated), the branch's
 * figures for D, the head-office export's checkpoint, the business date to D+1, then a verified backup.
 */
export const DAY_END_STEPS = ['tills', 'penalties', 'arrears', 'accruals', 'savings', 'dormancy', 'snapshot', 'checkpoint', 'date'] as const;
export type DayEndStep = (typeof DAY_END_STEPS)[number];

export interface DayEndStepPreview {
  step: DayEndStep;
  /** what the step will do for the next date closed, in numbers */
  count: number;
}

export interface DayEndPreview {
  businessDate: string;
  /** the PC's date: days up to the day before it can be closed (any day in a training branch) */
  today: string;
  /** a training branch may be moved to any later date */
  training: boolean;
  /** the last date a run may close now (null: nothing to close yet; any date in a training branch) */
  latestClosable: string | null;
  openTills: { username: string; displayName: string }[];
  /** active loans with an installment falling due on the business date and unpaid */
  loansFallingOverdue: number;
  /** savings accounts with an interest posting dated the business date */
  interestPostings: number;
  /** overdue penalties the close of the business date will apply (services/penalties), and on how many loans */
  penaltiesDue: number;
  loansPenalised: number;
  /** the collection sheets saved as drafts and not posted (issue 17): listed, they do not block day-end */
  collectionSheetDrafts: CollectionSheetDraftSummary[];
  steps: DayEndStepPreview[];
}

export interface DayEndStatus {
  running: boolean;
  businessDate: string;
  /** the date being closed, or the last one closed */
  date: string | null;
  step: DayEndStep | null;
  done: number;
  total: number;
  lastClosed: string | null;
  lastBackup: string | null;
  /** the second folder each day's backup is also copied to (a USB stick), or null */
  secondBackupFolder: string | null;
}

export interface DayEndResult {
  closed: string[];
  businessDate: string;
  backupFile: string | null;
  /** the copy in the second backup folder; null when none is set or it could not be written (a warning says why) */
  secondBackupFile: string | null;
  /** the bundles written to the export folder (a USB stick for head office), when one is set */
  exportFiles: string[];
  /** per date closed: the figures the steps wrote */
  days: { date: string; loansInArrears: number; interestPostings: number; penaltiesApplied: number; exportSeq: number }[];
}

export const dayEndOperations = {
  'dayEnd.preview': op<DayEndPreview>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
  'dayEnd.run': op<DayEndResult>()({
    kind: 'job',
    access: 'dayEnd.run',
    input: z.strictObject({ untilDate: isoDate.optional() }),
  }),
  /**
   * The branch manager's second backup folder (a USB stick): after each day-end the verified backup is also copied
   * there, with the same rotation. The folder must exist and be writable when set; null stops the copies.
   */
  'dayEnd.setBackupFolder': op<{ secondBackupFolder: string | null }>()({
    kind: 'command',
    access: 'dayEnd.run',
    input: z.strictObject({ folder: z.string().trim().min(1).max(500).nullable() }),
  }),
  'dayEnd.status': op<DayEndStatus>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
} as const;
