import type { DayEndPreview, DayEndResult, DayEndStatus, DayEndStep } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { HandlerContext } from '../../dispatch/context';
import type { Registry } from '../../dispatch/registry';
import { addDays } from '../../domain/calendar';
import type { ServiceDeps } from '../deps';
import { getOrganisation, getSetting, setSetting } from '../organisation';
import { exportToFolder, headOfficeLink } from '../export';
import { senderOf } from '../export/sender';
import { backUpClosedDay, checkFolderInput, copyToSecondFolder } from '../../backup';
import { AnchorRefused, writeAnchor } from '../../anchor';
import { CHAIN_START, type ChainPoint } from '../../verify/chain';
import {
  arrearsCount,
  insertRun,
  lastBackupFile,
  lastClosedRun,
  lastRun,
  loansFallingDue,
  periodicAccrualCount,
  runOf,
  savingsDue,
  setBackupFile,
  type RunRow,
} from './repository';
import { FIRST_STEP, runChunk } from './steps';
import { assertNoOpenTills, openTillUsers } from '../tills';
import { countPenaltiesDue } from '../penalties';
import { countDormancyDue } from '../savings/dormancy';
import { listDrafts } from '../collectionSheet/entries';

/**
 * Day-end, Fineract's close of business (DOMAIN.md "Day-end"; FINERACT-NOTES.md section 4): a job that closes the
 * business date D, and each later date up to `untilDate`, one calendar day at a time (every date is closed,
 * non-working days too). Each chunk of each step is one command; the run's progress is kept with it, so a run
 * killed at any moment and started again finishes the same day without posting anything twice.
 */
interface Running {
  date: string;
  step: DayEndStep;
  done: number;
  total: number;
}

/** The day-end under way on a connection (one at a time), for dayEnd.status while it runs. */
const running = new WeakMap<object, Running>();

/** The settings key of the second backup folder (a USB stick). */
const SECOND_FOLDER = 'backup.second_folder';

/**
 * The audit chain's point the last backup's check reached ({seq, hash}): the next backup's chain is checked from
 * there (that row must still hash as then), so a day-end's backup check costs the day's commands, not the branch's.
 */
const CHECKED_CHAIN = 'backup.checked_chain';

function checkedChain(db: HandlerContext['db']): ChainPoint {
  try {
    const p = JSON.parse(getSetting(db, CHECKED_CHAIN) ?? 'null') as ChainPoint | null;
    return p && Number.isSafeInteger(p.seq) && typeof p.hash === 'string' ? p : CHAIN_START;
  } catch {
    return CHAIN_START;
  }
}

/** The PC's own date, in its time zone: days before it can be closed. */
export function pcToday(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * The last date a run may close: the day before the PC's date (the branch closes its days after they end), or the
 * business date itself when it is the PC's date (the evening close); any date in a training branch (trainers move
 * a demo a month on). Null when there is nothing to close.
 */
function latestClosable(ctx: HandlerContext): string | null {
  const businessDate = ctx.businessDate();
  const today = pcToday(ctx.clock.now());
  const latest = businessDate === today ? today : addDays(today, -1);
  return latest >= businessDate ? latest : null;
}

async function closeDay(ctx: HandlerContext, deps: ServiceDeps, date: string): Promise<DayEndResult['days'][number]> {
  const db = ctx.db;
  let run: RunRow | undefined = runOf(db, date);
  let postings = 0;
  let penalties = 0;
  while (!run?.finished_at) {
    const at: RunRow = run ?? { business_date: date, started_at: '', started_by: null, step: FIRST_STEP, cursor: 0, done: 0, total: 0, export_seq: null, finished_at: null, backup_file: null };
    running.set(db, { date, step: at.step, done: at.done, total: at.total });
    deps.faults?.dayEnd?.(`${date}:${at.step}:${at.cursor}:before`);
    const r = await ctx.chunk({ date, step: at.step, cursor: at.cursor }, (c) => {
      // the run of the date starts with its first chunk: nothing is written for a date until then
      if (!run) insertRun(c.db, { date, startedAt: c.clock.now().toISOString(), startedBy: c.actor?.userId ?? null, step: FIRST_STEP });
      return runChunk(c, runOf(c.db, date)!, deps.faults?.dayEnd);
    });
    if (at.step === 'savings') postings += r.count;
    if (at.step === 'penalties') penalties += r.count;
    run = runOf(db, date);
  }
  return { date, loansInArrears: arrearsCount(db, date), interestPostings: postings, penaltiesApplied: penalties, exportSeq: run.export_seq ?? 0 };
}

/**
 * The verified backup copied to the second folder when one is set. The day is closed whatever happens here: a
 * copy that fails (the USB stick unplugged or full) is a warning naming the folder, and the next day-end tries again.
 */
async function copyToSecond(ctx: HandlerContext, db: HandlerContext['db'], file: string, date: string): Promise<string | null> {
  const folder = getSetting(db, SECOND_FOLDER);
  if (!folder) return null;
  try {
    return await copyToSecondFolder(file, date, folder);
  } catch (err) {
    ctx.warn({ code: 'SECOND_BACKUP_FAILED', message: `The day is closed and backed up on this PC, but the copy to ${folder} failed: ${(err as Error).message}`, details: { folder } });
    return null;
  }
}

/**
 * The day-end's anchor of the audit chain (anchor.ts; issue 14 point 2). The days are closed whatever happens here:
 * an anchor refused (the log no longer holds the rows the last anchor named: the file was edited) is a warning that
 * sends the manager to `branchbox verify`; nothing is signed over a rewritten history.
 */
async function anchorDayEnd(ctx: HandlerContext, dataDir: string | null): Promise<void> {
  try {
    await writeAnchor(ctx.db, dataDir, 'day-end', ctx.clock.now());
  } catch (err) {
    if (!(err instanceof AnchorRefused)) throw err;
    ctx.warn({
      code: 'ANCHOR_REFUSED',
      message: `The day is closed, but its audit history was not anchored: ${err.message}. The books may have been edited outside Branchbox: run "branchbox verify --full" and call your head office.`,
      details: { fault: err.message },
    });
  }
}

export function registerDayEnd(registry: Registry, deps: ServiceDeps): void {
  registry.register('dayEnd.preview', (ctx): DayEndPreview => {
    const db = ctx.db;
    const date = ctx.businessDate();
    const falling = loansFallingDue(db, date);
    const interest = savingsDue(db, date);
    const penalties = countPenaltiesDue(db, date, date);
    return {
      businessDate: date,
      today: pcToday(ctx.clock.now()),
      training: getOrganisation(db).training,
      latestClosable: latestClosable(ctx),
      openTills: openTillUsers(db),
      loansFallingOverdue: falling,
      interestPostings: interest,
      penaltiesDue: penalties.penalties,
      loansPenalised: penalties.loans,
      // saved collection sheets not posted: listed for the manager, never a reason to hold the day open
      collectionSheetDrafts: listDrafts(db),
      steps: [
        { step: 'tills', count: openTillUsers(db).length },
        { step: 'penalties', count: penalties.penalties },
        { step: 'arrears', count: falling },
        { step: 'accruals', count: periodicAccrualCount(db) },
        { step: 'savings', count: interest },
        { step: 'dormancy', count: countDormancyDue(db, date) },
        { step: 'snapshot', count: 1 },
        { step: 'checkpoint', count: 1 },
        { step: 'date', count: 1 },
      ],
    };
  });

  registry.register('dayEnd.status', (ctx): DayEndStatus => {
    const db = ctx.db;
    const now = running.get(db);
    const last = lastRun(db);
    return {
      running: now !== undefined,
      businessDate: ctx.businessDate(),
      date: now?.date ?? last?.business_date ?? null,
      step: now?.step ?? last?.step ?? null,
      done: now?.done ?? 0,
      total: now?.total ?? 0,
      lastClosed: lastClosedRun(db)?.business_date ?? null,
      lastBackup: lastBackupFile(db),
      secondBackupFolder: getSetting(db, SECOND_FOLDER) || null,
    };
  });

  registry.register('dayEnd.setBackupFolder', (ctx, input) => {
    const folder = input.folder;
    if (folder !== null) checkFolderInput(folder);
    setSetting(ctx.db, SECOND_FOLDER, folder ?? '');
    ctx.touched('setting', SECOND_FOLDER);
    return { secondBackupFolder: folder };
  });

  registry.register('dayEnd.run', async (ctx, input): Promise<DayEndResult> => {
    const db = ctx.db;
    if (running.has(db)) throw new AppError('INVALID_STATE', 'A day-end is already running', undefined, { reason: 'DAY_END_RUNNING' });
    const from = ctx.businessDate();
    const until = input.untilDate ?? from;
    if (until < from) {
      throw new AppError('VALIDATION_FAILED', `untilDate is before the business date ${from}: a closed day stays closed`, [
        { field: 'untilDate', code: 'before_business_date', message: `cannot be before the business date ${from}` },
      ]);
    }
    const latest = getOrganisation(db).training ? until : latestClosable(ctx);
    if (latest === null || until > latest) {
      throw new AppError('VALIDATION_FAILED', `${until} cannot be closed yet: a day is closed once it has begun, up to the day before today (${pcToday(ctx.clock.now())})`, [
        { field: 'untilDate', code: 'not_yet', message: 'cannot be closed before it has come' },
      ]);
    }
    assertNoOpenTills(ctx.db);
    const closed: string[] = [];
    const days: DayEndResult['days'] = [];
    running.set(db, { date: from, step: FIRST_STEP, done: 0, total: 0 });
    try {
      while (ctx.businessDate() <= until) {
        const date = ctx.businessDate();
        assertNoOpenTills(ctx.db);
        days.push(await closeDay(ctx, deps, date));
        closed.push(date);
      }
      // the chain anchored as the days closed (before the copy: the backup holds the anchor)
      if (closed.length > 0) await anchorDayEnd(ctx, deps.dataDir);
      // a verified copy of the closed day (once at the end of a catch-up)
      let backupFile: string | null = null;
      if (deps.dataDir && closed.length > 0) {
        const last = closed[closed.length - 1]!;
        const backup = await backUpClosedDay(db, deps.dataDir, last, checkedChain(db));
        backupFile = backup.file;
        await ctx.chunk({ date: last, step: 'backup', file: backupFile }, (c) => {
          setBackupFile(c.db, last, backup.file);
          setSetting(c.db, CHECKED_CHAIN, JSON.stringify(backup.checked));
        });
      }
      const secondBackupFile = backupFile ? await copyToSecond(ctx, db, backupFile, closed[closed.length - 1]!) : null;
      // the closed days go to head office: into the folder set for it (a USB stick), and over the link when there is
      // one (in the background)
      const exportFiles = await exportToFolder(ctx, db, deps.dataDir);
      if (headOfficeLink(db)) void senderOf(db, deps.dataDir, deps.clock).kick();
      return { closed, businessDate: ctx.businessDate(), backupFile, secondBackupFile, exportFiles, days };
    } finally {
      running.delete(db);
    }
  });
}
