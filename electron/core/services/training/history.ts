import type { Envelope, Input, OperationName, Output } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { addDays, dayOfWeek, WEEKDAYS } from '../../domain/calendar';
import type { HandlerContext } from '../../dispatch/context';
import type { SessionStore } from '../../dispatch/sessions';
import { MONTHLY_PRODUCT, SAVINGS_PRODUCT, WEEKLY_PRODUCT, weeklyInstallment, type DemoPlan, type PlannedLoan } from './plan';
import { clientIdsInOrder, dayHadBusiness, demoUser, madeSoFar } from './repository';

/** The core's dispatcher, as the job calls it: the one door every operation goes through. */
export type Dispatch = (name: string, input: unknown, caller: { sessionToken?: string | null }) => Promise<{ envelope: Envelope<unknown> }>;

/** The teller's float: what the till holds at the end of each day, the rest settled to the vault. */
export const TELLER_FLOAT = 20_000;

/** A demo user signed in for the job: every call goes through the dispatcher (session, permission, zod, audit row). */
class DemoUser {
  constructor(
    private readonly dispatch: Dispatch,
    readonly token: string,
    readonly username: string,
  ) {}

  async ok<K extends OperationName>(name: K, input: Input<K>): Promise<Output<K>> {
    const { envelope } = await this.dispatch(name, input, { sessionToken: this.token });
    if (!envelope.ok) {
      throw new AppError('INVALID_STATE', `The training demo's history stopped: ${name} by ${this.username} was refused (${envelope.error.code}: ${envelope.error.message})`);
    }
    return envelope.data as Output<K>;
  }
}

/** A till's exact count: its thousands in 1,000 notes, the rest in 1-shilling coins (the demo moves whole shillings). */
function countOf(balance: string): { denomination: string; quantity: number }[] {
  const shillings = Math.round(Number(balance));
  return [
    { denomination: '1000', quantity: Math.floor(shillings / 1000) },
    { denomination: '1', quantity: shillings % 1000 },
  ].filter((c) => c.quantity > 0);
}

export interface HistoryProgress {
  /** after each business day and the day-end that closes it */
  (date: string, done: number, total: number): Promise<void>;
}

/**
 * Posts the plan's business day by day through the dispatcher, as the demo's users would (the officer submits, the
 * manager approves, the teller disburses, takes repayments and savings through her till, closes it with her count,
 * the manager settles the cash above the float back to the vault and runs day-end up to the next business day).
 * The branch's business date is the plan's first day when it starts and today when it ends.
 */
export async function buildHistory(ctx: HandlerContext, sessions: SessionStore, dispatch: Dispatch, plan: DemoPlan, progress: HistoryProgress): Promise<{ loans: number; savings: number }> {
  const db = ctx.db;
  const tokens: string[] = [];
  const as = (username: string): DemoUser => {
    const u = demoUser(db, username);
    if (!u) throw new AppError('INVALID_STATE', `The training demo has no active user ${username}`);
    const token = sessions.create(u.id).token;
    tokens.push(token);
    return new DemoUser(dispatch, token, username);
  };
  try {
    const manager = as('manager');
    const officer = as('officer');
    const teller = as('teller');
    const clients = clientIdsInOrder(db);
    const officerStaff = demoUser(db, 'officer')?.staffId ?? undefined;

    // what a run cut short already made (nothing on a first run): the products by name, the loans in the order the
    // plan submits them, the savings accounts in the plan's order
    const made = madeSoFar(db, { weekly: WEEKLY_PRODUCT.name, monthly: MONTHLY_PRODUCT.name, savings: SAVINGS_PRODUCT.name });
    let weeklyId = made.weeklyId ?? 0;
    let monthlyId = made.monthlyId ?? 0;
    let savingsProductId = made.savingsProductId ?? 0;
    const inSubmitOrder = plan.days.flatMap((d) => plan.loans.filter((l) => l.submitOn === d));
    const loanIds = new Map<number, number>(made.loanIds.map((id, k) => [inSubmitOrder[k]!.index, id]));
    const savingsIds = new Map<number, number>(made.savingsIds.map((id, k) => [plan.savings[k]!.index, id]));

    const byDay = <T>(items: T[], dates: (t: T) => (string | null)[]): Map<string, T[]> => {
      const m = new Map<string, T[]>();
      for (const it of items) for (const d of dates(it)) if (d) m.set(d, [...(m.get(d) ?? []), it]);
      return m;
    };
    const submitted = byDay(plan.loans, (l) => [l.submitOn]);
    const approved = byDay(plan.loans, (l) => [l.approveOn]);
    const disbursed = byDay(plan.loans, (l) => [l.disburseOn]);
    const paid = byDay(plan.loans, (l) => l.payOn);
    const writtenOff = byDay(plan.loans, (l) => [l.writeOffOn]);
    const moves = new Map<string, { account: number; amount: number }[]>();
    for (const s of plan.savings) for (const m of s.moves) moves.set(m.date, [...(moves.get(m.date) ?? []), { account: s.index, amount: m.amount }]);

    const loanOf = (l: PlannedLoan): number => loanIds.get(l.index)!;

    const businessOf = async (day: string): Promise<void> => {
      if (ctx.businessDate() !== day) throw new AppError('INVALID_STATE', `The training demo's history expected the business date ${day}, found ${ctx.businessDate()}`);
      // One business day's commands are committed together (each still its own savepoint with its own command_log
      // row, all or nothing: the dispatcher runs a command synchronously when called, as tests/bench/bigBranch.ts
      // groups them): one write to the disk a day instead of one a command, and a day is in the books whole or not
      // at all. Day-end runs after, in its own chunks.
      db.exec('BEGIN IMMEDIATE');

      if (day === plan.start) {
        // the products, the center with its groups and weekly meeting, the savings accounts
        weeklyId = (await manager.ok('loanProducts.create', WEEKLY_PRODUCT as never)).id;
        monthlyId = (await manager.ok('loanProducts.create', MONTHLY_PRODUCT as never)).id;
        savingsProductId = (await manager.ok('savingsProducts.create', SAVINGS_PRODUCT as never)).id;
        if (plan.groups.length > 0) {
          const centerId = (await manager.ok('centers.create', { name: 'Kibera Market Center', ...(officerStaff ? { staffId: officerStaff } : {}), active: true })).id;
          await manager.ok('calendars.create', {
            entityType: 'CENTER', entityId: centerId, typeId: 'COLLECTION', startDate: day, frequency: 'WEEKLY', interval: 1,
            repeatsOnDay: WEEKDAYS[dayOfWeek(day) - 1]!, location: 'Kibera market hall', meetingtime: '09:00',
          } as never);
          for (const g of plan.groups) {
            await manager.ok('groups.create', { name: g.name, centerId, clientMembers: g.members.map((c) => clients[c]!), ...(officerStaff ? { staffId: officerStaff } : {}), active: true });
          }
        }
        for (const s of plan.savings) {
          const { savingsId } = await teller.ok('savings.submit', { clientId: clients[s.client]!, productId: savingsProductId });
          await manager.ok('savings.approve', { savingsId });
          await manager.ok('savings.activate', { savingsId });
          savingsIds.set(s.index, savingsId);
        }
      }

      // applications, decisions, disbursements (by mobile money: the till keeps its float)
      for (const l of submitted.get(day) ?? []) {
        const { loanId } = await officer.ok('loans.submit', { clientId: clients[l.client]!, productId: l.product === 'WEEKLY' ? weeklyId : monthlyId, principal: String(l.principal) } as never);
        loanIds.set(l.index, loanId);
      }
      for (const l of approved.get(day) ?? []) await manager.ok('loans.approve', { loanId: loanOf(l) });
      for (const l of disbursed.get(day) ?? []) await teller.ok('loans.disburse', { loanId: loanOf(l), paymentTypeCode: 'MOBILE_MONEY' });

      // the money of the day: the teller's till opened with her count, repayments and savings, closed with her count
      const repayments = paid.get(day) ?? [];
      const savingsMoves = moves.get(day) ?? [];
      const cashDay = repayments.some((l) => l.cash) || savingsMoves.length > 0;
      if (cashDay) {
        const cashOut = savingsMoves.filter((m) => m.amount < 0).reduce((s, m) => s - m.amount, 0);
        let till = await teller.ok('tills.current', {});
        if (Number(till.balance ?? 0) < cashOut + TELLER_FLOAT / 2) {
          await manager.ok('tills.allocate', { username: 'teller', amount: String(cashOut + TELLER_FLOAT) });
          till = await teller.ok('tills.current', {});
        }
        await teller.ok('tills.open', { count: countOf(till.balance ?? '0') });
      }
      for (const l of repayments) {
        await teller.ok('loans.repay', { loanId: loanOf(l), transactionAmount: String(weeklyInstallment(l.principal)), paymentTypeCode: l.cash ? 'CASH' : 'MOBILE_MONEY' });
      }
      // deposits before withdrawals: the cash taken in pays out
      for (const m of [...savingsMoves].sort((a, b) => b.amount - a.amount)) {
        const op = m.amount > 0 ? 'savings.deposit' : 'savings.withdraw';
        await teller.ok(op, { savingsId: savingsIds.get(m.account)!, transactionAmount: String(Math.abs(m.amount)), paymentTypeCode: 'CASH' });
      }
      for (const l of writtenOff.get(day) ?? []) await manager.ok('loans.writeOff', { loanId: loanOf(l), note: 'Client left the area; no payment for 8 weeks' });
      if (cashDay) {
        const vault = await manager.ok('tills.vault', {});
        const balance = vault.tills.find((t) => t.username === 'teller')?.balance ?? '0';
        await teller.ok('tills.close', { count: countOf(balance) });
        const above = Math.round(Number(balance)) - TELLER_FLOAT;
        if (above > 0) await manager.ok('tills.settle', { username: 'teller', amount: String(above), note: 'Cash above the float back to the vault' });
      }

      db.exec('COMMIT');
    };

    // where to start: the last business day on or before the business date (the first on a first run); its
    // business is skipped when it is already in the books (the run stopped in its day-end)
    const resumedOn = ctx.businessDate();
    let first = 0;
    while (first + 1 < plan.days.length && plan.days[first + 1]! <= resumedOn) first += 1;

    for (let i = first; i < plan.days.length; i++) {
      const day = plan.days[i]!;
      const resumedInDayEnd = i === first && (ctx.businessDate() !== day || dayHadBusiness(db, day));
      if (!resumedInDayEnd) await businessOf(day);
      // day-end closes the day and the quiet days up to the next business day
      const until = addDays(plan.days[i + 1] ?? plan.today, -1);
      if (ctx.businessDate() <= until) await manager.ok('dayEnd.run', { untilDate: until });
      await progress(day, i + 1, plan.days.length);
    }
    return { loans: loanIds.size, savings: savingsIds.size };
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    for (const t of tokens) sessions.delete(t);
  }
}
