import type { DemoHistoryResult, DemoStatus } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { Registry } from '../../dispatch/registry';
import type { ServiceDeps } from '../deps';
import { findOrganisation, getSetting, setSetting } from '../organisation';
import { buildHistory } from './history';
import { planDemo } from './plan';
import { clientIdsInOrder } from './repository';

export { HISTORY_DAYS, HISTORY_MAX_CLIENTS } from './plan';

/**
 * The training demo's past business (issue 19 point 1), a job run after the demo opens: `setup.openTrainingDemo`
 * makes the branch as of HISTORY_DAYS ago and records the history as pending; `setup.demoHistory` posts it day by
 * day through the dispatcher (history.ts), each day's progress recorded in the database by a chunk of its own;
 * `setup.demoStatus` answers how far it is while it runs.
 */
const KEY = 'training.history';

export interface HistoryState {
  state: 'none' | 'pending' | 'running' | 'done';
  /** the plan's first day (the branch's first business date) and today (the business date it ends on) */
  start: string;
  today: string;
  done: number;
  total: number;
}

export function historyState(db: Db): HistoryState | null {
  try {
    return JSON.parse(getSetting(db, KEY) ?? 'null') as HistoryState | null;
  } catch {
    return null;
  }
}

/** Written inside a command (the open command, or one of the job's chunks). */
export function setHistoryState(db: Db, s: HistoryState): void {
  setSetting(db, KEY, JSON.stringify(s));
}

/** The job under way on a connection, for setup.demoStatus. */
const running = new WeakMap<object, { date: string; done: number; total: number }>();

export function registerTraining(registry: Registry, deps: ServiceDeps): void {
  registry.register('setup.demoStatus', (ctx): DemoStatus => {
    const s = historyState(ctx.db);
    const now = running.get(ctx.db);
    if (now) return { state: 'running', date: now.date, done: now.done, total: now.total, businessDate: ctx.businessDate() };
    // a run recorded as running but not under way in this process was cut short (the program stopped)
    const state = s === null ? 'none' : s.state === 'running' ? 'interrupted' : s.state;
    return { state, date: null, done: s?.done ?? 0, total: s?.total ?? 0, businessDate: findOrganisation(ctx.db) ? ctx.businessDate() : null };
  });

  registry.register('setup.demoHistory', async (ctx): Promise<DemoHistoryResult> => {
    const db = ctx.db;
    if (!findOrganisation(db)?.training) throw new AppError('INVALID_STATE', 'Only a training demo has a made-up history', undefined, { reason: 'NOT_TRAINING' });
    if (running.has(db)) throw new AppError('INVALID_STATE', "The demo's history is being built", undefined, { reason: 'RUNNING' });
    const s = historyState(db);
    // pending: never started; running but not under way here: cut short (the program stopped, or a day was refused),
    // continued from the last day in the books
    if (!s || (s.state !== 'pending' && s.state !== 'running')) {
      const why = s?.state === 'done' ? "The demo's history is already built" : 'This demo has no history to build (too many clients for one)';
      throw new AppError('INVALID_STATE', why, undefined, { reason: 'NOTHING_TO_BUILD' });
    }
    if (!deps.dispatch) throw new Error('setup.demoHistory needs the dispatcher (ServiceDeps.dispatch)');
    const started = Date.now();
    const plan = planDemo(clientIdsInOrder(db).length, s.today);
    running.set(db, { date: plan.start, done: 0, total: plan.days.length });
    try {
      if (s.state === 'pending') await ctx.chunk({ step: 'start', days: plan.days.length, loans: plan.loans.length, savings: plan.savings.length }, (c) => setHistoryState(c.db, { ...s, state: 'running', done: 0, total: plan.days.length }));
      else running.set(db, { date: ctx.businessDate(), done: s.done, total: plan.days.length });
      const made = await buildHistory(ctx, deps.sessions, deps.dispatch, plan, async (date, done, total) => {
        running.set(db, { date, done, total });
        await ctx.chunk({ step: 'day', date, done, total }, (c) => setHistoryState(c.db, { ...s, state: done === total ? 'done' : 'running', done, total }));
      });
      if (plan.days.length === 0) await ctx.chunk({ step: 'done' }, (c) => setHistoryState(c.db, { ...s, state: 'done', done: 0, total: 0 }));
      return { days: plan.days.length, loans: made.loans, savingsAccounts: made.savings, businessDate: ctx.businessDate(), seconds: Math.round((Date.now() - started) / 100) / 10 };
    } finally {
      running.delete(db);
    }
  });
}
