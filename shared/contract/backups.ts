import { z } from 'zod';
import { op } from './operation';

/**
 * The branch's backups and the restore from one of them (issue 14, "Restore"). The backups are those the core wrote
 * to the data folder's backups/ (day-end, month-end, before a migration, manual, before a restore) and those in the
 * second backup folder (a USB stick, dayEnd.setBackupFolder). A backup is named by its `id` ("backups/<file>" or
 * "second/<file>"): a screen never names a path.
 */
export const BACKUP_KINDS = ['day', 'month', 'beforeMigration', 'beforeRestore', 'manual', 'other'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** Why a backup cannot be restored (the code of backups.restore's field error on `file`, too). */
export const BACKUP_PROBLEMS = ['missing', 'empty', 'unreadable', 'damaged', 'not_branchbox', 'other_branch', 'fails_verify'] as const;
export type BackupProblemCode = (typeof BACKUP_PROBLEMS)[number];

/** The commands of the live books a restore from a backup drops (those after the last one both share). */
export interface DroppedWork {
  /** the commands dropped: sequences fromSeq..toSeq of the live audit log */
  commands: number;
  fromSeq: number;
  toSeq: number;
  /** the business dates those commands were done on (first and last) */
  firstDate: string;
  lastDate: string;
}

export interface BackupSummary {
  /** "backups/<file>" or "second/<file>": what backups.restore takes */
  id: string;
  fileName: string;
  folder: 'backups' | 'second';
  kind: BackupKind;
  /** when the file was written (ISO instant) */
  madeAt: string;
  bytes: number;
  /** the business date the books in it were on, the last command in it; null when it cannot be read */
  businessDate: string | null;
  lastSeq: number | null;
  /** what restoring it would drop of the live books; null when nothing */
  dropped: DroppedWork | null;
  /** why it cannot be restored, in words (English, for the log) and as a code (the screen translates it), or null */
  problem: string | null;
  problemCode: BackupProblemCode | null;
}

export interface BackupList {
  /** the live books: their business date and last command */
  current: { businessDate: string; lastSeq: number; epoch: number };
  /** newest first */
  backups: BackupSummary[];
  /** the second backup folder, when one is set */
  secondFolder: string | null;
}

export interface RestoreResult {
  /** the backup restored from */
  restoredFrom: string;
  /** the copy of the books as they were before the restore, kept in backups/ (null: there were no books) */
  keptAside: string | null;
  /** faults found in that copy (a damaged database is kept aside as it is), empty when it checked clean */
  keptAsideFaults: string[];
  businessDate: string;
  lastSeq: number;
  dropped: DroppedWork | null;
  /** the export epoch the branch works in from now on (head office accepts it) */
  epoch: number;
  /** the command_log sequence that records the restore */
  recordedAs: number;
  /** why the new chain head could not be anchored outside the database (verify then fails until it is), or null */
  anchorProblem: string | null;
  /** every session ended: everyone signs in again, with the passwords as they were in the backup */
  signedOut: true;
}

export const backupOperations = {
  'backups.list': op<BackupList>()({ kind: 'query', access: 'backups.restore', input: z.strictObject({}) }),
  /**
   * Replaces the branch's books by a backup: verified first (nothing changes when it is damaged), the current books
   * kept aside in backups/, the restore recorded as a command of its own with a new export epoch. Refused while
   * other users are signed in; everyone (the manager too) signs in again afterwards.
   */
  'backups.restore': op<RestoreResult>()({
    kind: 'job',
    access: 'backups.restore',
    input: z.strictObject({ file: z.string().trim().min(1).max(300) }),
  }),
} as const;
