import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core';
import type { Envelope, Output } from '../../../shared/contract';
import { checkBackup } from '../../../electron/core/backup';
import { verifyDatabase } from '../../../electron/core/verify';
import { Caller, SETUP_INPUT, snapshot, TestClock, tempDir } from '../../support/core';
import { AKIBA, BIASHARA, setBusinessDate } from '../../support/lending';

/**
 * Day-end (issue 12): the business date moves one day at a time; each closed day rebuilds the arrears snapshot,
 * posts the savings interest due, keeps the day's figures and the export checkpoint, then a verified backup.
 * The PC's clock is 2 March 2026, so any day up to 1 March can be closed.
 */
interface DayEndBranch {
  core: Core;
  dir: string;
  admin: Caller;
  manager: Caller;
  teller: Caller;
  loanId: number;
  savingsId: number;
}

async function branch(faults?: { dayEnd?: (point: string) => void }): Promise<DayEndBranch> {
  const dir = tempDir('branchbox-dayend-');
  const core = await openCore({
    dataDir: dir,
    clock: new TestClock(new Date('2026-03-02T08:00:00Z').getTime()),
    // the simulated power cuts are expected: keep them out of the test's output
    ...(faults ? { faults, log: () => undefined } : {}),
  });
  const admin = new Caller(core);
  await admin.ok('setup.initialize', SETUP_INPUT);
  await admin.ok('settings.update', { idleLockMinutes: 240 });
  const users: Record<string, Caller> = {};
  for (const [username, role] of [['manager', 'BRANCH_MANAGER'], ['teller', 'TELLER']] as const) {
    await admin.ok('users.create', { username, password: 'Str0ng-pass-2026', roles: [role], displayName: username });
    users[username] = new Caller(core);
    await users[username]!.ok('session.login', { username, password: 'Str0ng-pass-2026' });
  }
  setBusinessDate(core, '2026-01-05');
  const { id: productId } = await admin.ok('loanProducts.create', BIASHARA as never);
  const { id: clientId } = await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo', mobileNo: '+254700000001' });
  const { loanId } = await admin.ok('loans.submit', { clientId, productId });
  await users.manager!.ok('loans.approve', { loanId });
  await users.manager!.ok('loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
  const { id: savingsProductId } = await users.manager!.ok('savingsProducts.create', AKIBA as never);
  const { savingsId } = await users.teller!.ok('savings.submit', { clientId, productId: savingsProductId });
  await users.manager!.ok('savings.approve', { savingsId });
  await users.manager!.ok('savings.activate', { savingsId });
  await users.teller!.ok('savings.deposit', { savingsId, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
  return { core, dir, admin, manager: users.manager!, teller: users.teller!, loanId, savingsId };
}

const businessDate = (b: DayEndBranch) => (b.core.db.prepare("SELECT value FROM settings WHERE key = 'business_date'").get() as { value: string }).value;
const postings = (b: DayEndBranch) =>
  b.core.db.prepare("SELECT transaction_date AS date, amount FROM savings_transactions WHERE type = 'INTEREST_POSTING' ORDER BY id").all() as { date: string; amount: number }[];
const arrears = (b: DayEndBranch) => b.core.db.prepare('SELECT * FROM loan_arrears ORDER BY loan_id').all();
const figures = (b: DayEndBranch) => b.core.db.prepare("SELECT business_date, dimension, dimension_key, figures_json FROM day_end_snapshots ORDER BY 1, 2, 3").all();

function assertClean(b: DayEndBranch): void {
  const v = verifyDatabase(b.core.db);
  expect(v.faults).toEqual([]);
}

describe('day-end', () => {
  it('runs a branch through 40 business days: arrears fall and clear, interest posts at month end, every day kept', async () => {
    const b = await branch();
    for (let i = 0; i < 40; i++) {
      const date = businessDate(b);
      if (date === '2026-02-10') {
        // the client pays the first installment five days late (4,727.98 a month: 1,000.00 interest on 50,000 at 2 %)
        await b.teller.ok('loans.repay', { loanId: b.loanId, transactionAmount: '4727.98', paymentTypeCode: 'MOBILE_MONEY' });
      }
      const r = await b.manager.ok('dayEnd.run', {});
      expect(r.closed).toEqual([date]);
      if (date === '2026-02-05') {
        // installment 1 fell due on 5 February and is unpaid: on 6 February it is 1 day late
        expect(r.days[0]!.loansInArrears).toBe(1);
        const loan = await b.manager.ok('loans.get', { loanId: b.loanId });
        expect(loan.summary).toMatchObject({ totalOverdue: '4727.98', daysInArrears: 1 });
        expect(arrears(b)).toEqual([
          { loan_id: b.loanId, as_of: '2026-02-05', overdue_since: '2026-02-05', principal_overdue: 372_798, interest_overdue: 100_000, fee_overdue: 0, penalty_overdue: 0, total_overdue: 472_798, days_in_arrears: 1 },
        ]);
      }
      if (date === '2026-02-09') expect(arrears(b)).toMatchObject([{ days_in_arrears: 5 }]);
      if (date === '2026-02-10') expect(arrears(b)).toEqual([]);
    }
    expect(businessDate(b)).toBe('2026-02-14');
    // January's interest (monthly posting) is made by day-end, never dated after the business date
    // 10,000.00 from 5 January at 6 % on the daily balance (365 days): 10000 x 0.06 x 27 / 365 = 44.3836 -> 44.38
    // dated 1 February (the savings engine's posting date for January), made by the close of 1 February
    expect(postings(b)).toEqual([{ date: '2026-02-01', amount: 4438 }]);
    expect((await b.teller.ok('savings.get', { savingsId: b.savingsId })).summary.accountBalance).toBe('10044.38');
    // a snapshot per closed day for the branch, with the PAR of the day: on 5 February all 46,272.02 outstanding is at risk
    const feb5 = JSON.parse((b.core.db.prepare("SELECT figures_json FROM day_end_snapshots WHERE business_date = '2026-02-05' AND dimension = 'BRANCH'").get() as { figures_json: string }).figures_json);
    expect(feb5).toMatchObject({ activeLoans: 1, principalOutstanding: 5_000_000, par1: 5_000_000, par30: 0, principalOverdue: 372_798 });
    expect(b.core.db.prepare("SELECT count(DISTINCT business_date) AS n FROM day_end_snapshots WHERE dimension = 'BRANCH'").get()).toEqual({ n: 40 });
    // backups: the last 7 days and January's month-end copy, each a sound database
    const files = readdirSync(join(b.dir, 'backups')).filter((f) => /^branchbox-(day|month)-/.test(f)).sort();
    // nothing beside the copies themselves (no -wal or -shm files, no half-written copy)
    expect(files.every((f) => f.endsWith('.sqlite'))).toBe(true);
    expect(files.filter((f) => f.startsWith('branchbox-day-'))).toHaveLength(7);
    expect(files).toContain('branchbox-month-2026-01.sqlite');
    for (const f of files) await checkBackup(join(b.dir, 'backups', f));
    assertClean(b);
  }, 120_000);

  it('copies each verified backup to the second folder the manager sets (a USB stick), and closes the day when the stick is gone', async () => {
    const b = await branch();
    const usb = tempDir('branchbox-usb-');
    // a folder that is not there, or a relative path, is refused naming the field; nothing is stored
    const absent = await b.manager.err('dayEnd.setBackupFolder', { folder: join(usb, 'not-here') });
    expect(absent).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'folder', code: 'not_writable' }] });
    expect(await b.manager.err('dayEnd.setBackupFolder', { folder: 'Backups' })).toMatchObject({ fields: [{ field: 'folder', code: 'not_absolute' }] });
    expect((await b.teller.err('dayEnd.setBackupFolder', { folder: usb })).code).toBe('PERMISSION_DENIED');
    expect((await b.teller.ok('dayEnd.status', {})).secondBackupFolder).toBeNull();

    expect(await b.manager.ok('dayEnd.setBackupFolder', { folder: usb })).toEqual({ secondBackupFolder: usb });
    expect((await b.teller.ok('dayEnd.status', {})).secondBackupFolder).toBe(usb);
    // 27 to 31 January: five days, each copied; the month's copy goes with the 31st
    setBusinessDate(b.core, '2026-01-27');
    for (let i = 0; i < 5; i++) {
      const r = await b.manager.ok('dayEnd.run', {});
      expect(r.secondBackupFile).toBe(join(usb, `branchbox-day-${r.closed[0]}.sqlite`));
    }
    expect(readdirSync(usb).sort()).toEqual([...['27', '28', '29', '30', '31'].map((d) => `branchbox-day-2026-01-${d}.sqlite`), 'branchbox-month-2026-01.sqlite']);
    for (const f of readdirSync(usb)) await checkBackup(join(usb, f));

    // the stick is pulled out: the day still closes and is backed up on the PC, with a warning naming the folder
    rmSync(usb, { recursive: true, force: true });
    const r = (await b.manager.raw('dayEnd.run', {})) as Envelope<Output<'dayEnd.run'>>;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.closed).toEqual(['2026-02-01']);
    expect(r.data.backupFile).toBe(join(b.dir, 'backups', 'branchbox-day-2026-02-01.sqlite'));
    expect(r.data.secondBackupFile).toBeNull();
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'SECOND_BACKUP_FAILED', details: { folder: usb } })]);
    // the copies stop when the manager clears the folder
    expect(await b.manager.ok('dayEnd.setBackupFolder', { folder: null })).toEqual({ secondBackupFolder: null });
    const after = await b.manager.raw('dayEnd.run', {});
    expect(after).toMatchObject({ ok: true, data: { secondBackupFile: null } });
    expect(after.ok && after.warnings).toBeUndefined();
    assertClean(b);
  });

  it("checks each backup's audit chain from where the last day-end's check stopped, and only if that row still holds", async () => {
    const b = await branch();
    const checked = () => JSON.parse((b.core.db.prepare("SELECT value FROM settings WHERE key = 'backup.checked_chain'").get() as { value: string }).value) as { seq: number; hash: string };
    const first = await b.manager.ok('dayEnd.run', {});
    const point = checked();
    // the point is the last row the copy held: the run's own backup row comes after it
    const row = b.core.db.prepare('SELECT seq, hash FROM command_log WHERE seq = ?').get(point.seq);
    expect(row).toEqual(point);
    expect((b.core.db.prepare("SELECT max(seq) AS n FROM command_log").get() as { n: number }).n).toBe(point.seq + 1);
    await b.manager.ok('dayEnd.run', {});
    expect(checked().seq).toBeGreaterThan(point.seq);
    // a copy is refused when the row the check starts from is not the one checked then
    await expect(checkBackup(first.backupFile!, { seq: point.seq, hash: '0'.repeat(64) })).rejects.toThrow(/audit chain/);
    expect(await checkBackup(first.backupFile!, point)).toEqual(point);
  });

  it('refuses, writing nothing, while a till is open, naming the teller', async () => {
    const b = await branch();
    await b.manager.ok('tills.fundVault', { amount: '1000' });
    await b.manager.ok('tills.allocate', { username: 'teller', amount: '1000' });
    await b.teller.ok('tills.open', { count: [{ denomination: '1000', quantity: 1 }] });
    const before = snapshot(b.core);
    const e = await b.manager.err('dayEnd.run', {});
    expect(e).toMatchObject({ code: 'TILLS_OPEN', details: { openTills: ['teller'] } });
    expect(snapshot(b.core)).toBe(before);
    expect((await b.teller.ok('dayEnd.preview', {})).openTills).toEqual([{ username: 'teller', displayName: 'teller' }]);
    await b.teller.ok('tills.close', { count: [{ denomination: '1000', quantity: 1 }] });
    expect((await b.manager.ok('dayEnd.run', {})).businessDate).toBe('2026-01-06');
  });

  it('catches up several days in one run, each closed on its own, and refuses days not yet come', async () => {
    const b = await branch();
    setBusinessDate(b.core, '2026-02-27');
    const r = await b.manager.ok('dayEnd.run', { untilDate: '2026-03-01' });
    expect(r.closed).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(r.businessDate).toBe('2026-03-02');
    expect(b.core.db.prepare('SELECT count(*) AS n FROM day_end_runs WHERE finished_at IS NOT NULL').get()).toEqual({ n: 3 });
    // 2 March is the PC's day: it can be closed (the evening close), but not 3 March
    expect(await b.manager.err('dayEnd.run', { untilDate: '2026-03-03' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'untilDate', code: 'not_yet' }] });
    expect(await b.manager.err('dayEnd.run', { untilDate: '2026-02-01' })).toMatchObject({ fields: [{ field: 'untilDate', code: 'before_business_date' }] });
    // a teller may look but not run it
    expect(await b.teller.err('dayEnd.run', {})).toMatchObject({ code: 'PERMISSION_DENIED' });
    assertClean(b);
  });

  it('finishes the same day after a crash at any step boundary or inside a step, posting nothing twice', async () => {
    // the reference: the same branch closed from 27 January to 2 February without a crash
    const reference = await branch();
    setBusinessDate(reference.core, '2026-01-27');
    await reference.manager.ok('dayEnd.run', { untilDate: '2026-02-02' });
    const points = ['2026-01-31:arrears:0:before', '2026-01-31:arrears:0:inside', '2026-02-01:savings:0:before', '2026-02-01:savings:0:inside', '2026-02-01:snapshot:0:inside', '2026-02-01:checkpoint:0:before', '2026-02-01:date:0:before', '2026-02-01:date:0:inside'];
    for (const point of points) {
      let armed = true;
      const b = await branch({
        dayEnd: (p) => {
          if (armed && p === point) {
            armed = false;
            throw new Error(`power cut at ${p}`);
          }
        },
      });
      setBusinessDate(b.core, '2026-01-27');
      const crashed = await b.manager.raw('dayEnd.run', { untilDate: '2026-02-02' });
      expect(crashed.ok, point).toBe(false);
      assertClean(b);
      const r = await b.manager.ok('dayEnd.run', { untilDate: '2026-02-02' });
      expect(r.businessDate, point).toBe('2026-02-03');
      expect(postings(b), point).toEqual(postings(reference));
      expect(arrears(b), point).toEqual(arrears(reference));
      expect(figures(b), point).toEqual(figures(reference));
      assertClean(b);
      expect(existsSync(join(b.dir, 'backups', 'branchbox-day-2026-02-02.sqlite'))).toBe(true);
    }
  }, 120_000);

  it('answers dayEnd.status and dayEnd.preview for anyone', async () => {
    const b = await branch();
    expect(await b.teller.ok('dayEnd.status', {})).toMatchObject({ running: false, businessDate: '2026-01-05', lastClosed: null });
    const preview = await b.teller.ok('dayEnd.preview', {});
    expect(preview).toMatchObject({ businessDate: '2026-01-05', today: '2026-03-02', latestClosable: '2026-03-01', openTills: [], training: false });
    await b.manager.ok('dayEnd.run', {});
    expect(await b.teller.ok('dayEnd.status', {})).toMatchObject({ running: false, businessDate: '2026-01-06', lastClosed: '2026-01-05' });
  });

  it('goes live from paper: set up on an earlier first day, then catches up to today', async () => {
    const core = await openCore({ dataDir: null, clock: new TestClock(new Date('2026-03-02T08:00:00Z').getTime()) });
    const admin = new Caller(core);
    const before = snapshot(core);
    expect(await admin.err('setup.initialize', { ...SETUP_INPUT, businessDate: '2026-03-03' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'businessDate', code: 'after_today' }],
    });
    expect(snapshot(core)).toBe(before);
    const session = await admin.ok('setup.initialize', { ...SETUP_INPUT, businessDate: '2026-02-20' });
    expect(session.businessDate).toBe('2026-02-20');
    const r = await admin.ok('dayEnd.run', { untilDate: '2026-03-01' });
    expect(r.closed).toHaveLength(10);
    expect(r.businessDate).toBe('2026-03-02');
    expect(verifyDatabase(core.db).faults).toEqual([]);
  });
});
