/**
 * Allocation of repayments, waivers and write-off to installments (DOMAIN.md "Repayments, arrears, closure";
 * Fineract's transaction processors named by each strategy code).
 */
import { describe, expect, it } from 'vitest';
import type { Minor } from '../../../../shared/money';
import { AppError } from '../../../../shared/errors';
import {
  allocateRepayment,
  allocateTransaction,
  emptyComponent,
  replayTransactions,
  sameSplit,
  waiveInterest,
  writeOff,
  type InstallmentState,
  type LoanTransaction,
} from '../../../../electron/core/domain/loans';
import { split } from './helpers';

const m = (n: number) => n as Minor;

/** Installments of principal 100, interest 10, fee 2 and penalty 1 (minor units), due monthly from 1 Feb 2024. */
function loan(count = 3, parts = { principal: 100, interest: 10, fee: 2, penalty: 1 }): InstallmentState[] {
  return Array.from({ length: count }, (_, i) => ({
    installmentNumber: i + 1,
    fromDate: `2024-${String(i + 1).padStart(2, '0')}-01`,
    dueDate: `2024-${String(i + 2).padStart(2, '0')}-01`,
    principal: emptyComponent(m(parts.principal)),
    interest: emptyComponent(m(parts.interest)),
    fee: emptyComponent(m(parts.fee)),
    penalty: emptyComponent(m(parts.penalty)),
  }));
}

describe('mifos-standard-strategy: penalties, fees, interest, principal, oldest installment first', () => {
  it('partial payment on the due date', () => {
    const r = allocateRepayment(loan(), '2024-02-01', m(50));
    expect(r.split).toEqual([split(1, 37, 10, 2, 1)]);
    expect(r.overpaid).toBe(0);
    expect(r.state[0]?.principal.paid).toBe(37);
  });

  it('late payment clears the overdue installments, then the current one', () => {
    const r = allocateRepayment(loan(), '2024-03-15', m(250));
    expect(r.split).toEqual([split(1, 100, 10, 2, 1), split(2, 100, 10, 2, 1), split(3, 11, 10, 2, 1)]);
  });

  it('early payment pays the next installment in the same order', () => {
    const r = allocateRepayment(loan(), '2024-01-15', m(20));
    expect(r.split).toEqual([split(1, 7, 10, 2, 1)]);
  });

  it('money beyond the last installment is an overpayment', () => {
    const r = allocateRepayment(loan(), '2024-02-01', m(400));
    expect(r.portions.total).toBe(339);
    expect(r.overpaid).toBe(61);
    expect(r.state.every((i) => i.principal.paid === 100)).toBe(true);
  });

  it('does not change the state it was given', () => {
    const before = loan();
    const copy = JSON.stringify(before);
    allocateRepayment(before, '2024-02-01', m(50));
    expect(JSON.stringify(before)).toBe(copy);
  });
});

describe('other strategies', () => {
  it('principal-interest-penalties-fees-order-strategy', () => {
    const r = allocateRepayment(loan(), '2024-02-01', m(120), 'principal-interest-penalties-fees-order-strategy');
    expect(r.split).toEqual([split(1, 100, 10, 2, 1), split(2, 7, 0, 0, 0)]);
    const small = allocateRepayment(loan(), '2024-02-01', m(50), 'principal-interest-penalties-fees-order-strategy');
    expect(small.split).toEqual([split(1, 50, 0, 0, 0)]);
  });

  it('interest-principal-penalties-fees-order-strategy', () => {
    const r = allocateRepayment(loan(), '2024-02-01', m(50), 'interest-principal-penalties-fees-order-strategy');
    expect(r.split).toEqual([split(1, 40, 10, 0, 0)]);
  });

  it('rbi-india-strategy: a late payment pays all overdue and current interest before any principal', () => {
    // Fineract's RBILoanRepaymentScheduleTransactionProcessor (MIFOS-5636): two installments of 200 + 20 due,
    // a payment of 40 pays 20 interest on each.
    const state = loan(3, { principal: 200, interest: 20, fee: 0, penalty: 0 });
    const r = allocateRepayment(state, '2024-03-10', m(40), 'rbi-india-strategy');
    expect(r.split).toEqual([split(1, 0, 20, 0, 0), split(2, 0, 20, 0, 0)]);
    const more = allocateRepayment(state, '2024-03-10', m(300), 'rbi-india-strategy');
    expect(more.split).toEqual([split(1, 200, 20, 0, 0), split(2, 60, 20, 0, 0)]);
  });

  it('rbi-india-strategy pays like mifos-standard when the payment is not late', () => {
    const r = allocateRepayment(loan(), '2024-02-01', m(50), 'rbi-india-strategy');
    expect(r.split).toEqual([split(1, 37, 10, 2, 1)]);
  });

  it('heavensfamily-strategy: principal first; prepaying an installment principal waives its interest', () => {
    const early = allocateRepayment(loan(), '2024-01-15', m(103), 'heavensfamily-strategy');
    expect(early.split).toEqual([split(1, 100, 0, 2, 1)]);
    expect(early.autoWaivedInterest).toEqual([split(1, 0, 10, 0, 0)]);
    expect(early.state[0]?.interest.waived).toBe(10);
    const onTime = allocateRepayment(loan(), '2024-02-01', m(50), 'heavensfamily-strategy');
    expect(onTime.split).toEqual([split(1, 50, 0, 0, 0)]);
    expect(onTime.autoWaivedInterest).toEqual([]);
  });

  it('refuses an unknown strategy', () => {
    expect(() => allocateRepayment(loan(), '2024-02-01', m(1), 'no-such-strategy' as never)).toThrow(AppError);
  });
});

describe('waivers and write-off', () => {
  it('waives interest oldest first, future installments included', () => {
    const r = waiveInterest(loan(), '2024-02-01', m(25));
    expect(r.split).toEqual([split(1, 0, 10, 0, 0), split(2, 0, 10, 0, 0), split(3, 0, 5, 0, 0)]);
    expect(r.overpaid).toBe(0);
  });

  it('refuses to waive more interest than is outstanding', () => {
    expect(() => waiveInterest(loan(), '2024-02-01', m(31))).toThrow(/interest outstanding/);
  });

  it('waives the unpaid part of a charge', () => {
    const paid = allocateRepayment(loan(), '2024-02-01', m(2)).state; // pays penalty 1 and 1 of the fee
    const r = allocateTransaction(paid, { type: 'WAIVE_CHARGE', date: '2024-02-02', installmentNumber: 1, component: 'fee' });
    expect(r.split).toEqual([split(1, 0, 0, 1, 0)]);
    expect(r.state[0]?.fee).toEqual({ due: 2, paid: 1, waived: 1, writtenOff: 0 });
  });

  it('writes off everything outstanding, future interest included', () => {
    const partly = allocateRepayment(loan(), '2024-02-01', m(50)).state;
    const r = writeOff(partly, '2024-04-10');
    expect(r.portions).toEqual({ principal: 263, interest: 20, fee: 4, penalty: 2, total: 289 });
    expect(r.state.every((i) => i.principal.due === i.principal.paid + i.principal.writtenOff)).toBe(true);
  });

  it('refuses bad transactions naming the field', () => {
    const bad = (t: LoanTransaction) => {
      try {
        allocateTransaction(loan(), t);
      } catch (e) {
        return (e as AppError).fields?.[0]?.field;
      }
      return 'accepted';
    };
    expect(bad({ type: 'REPAYMENT', date: '2024-02-30', amount: m(1) })).toBe('date');
    expect(bad({ type: 'REPAYMENT', date: '2024-02-01', amount: m(0) })).toBe('amount');
    expect(bad({ type: 'REPAYMENT', date: '2024-02-01', amount: m(1.5) })).toBe('amount');
    expect(bad({ type: 'WAIVE_CHARGE', date: '2024-02-01', installmentNumber: 9, component: 'fee' })).toBe('installmentNumber');
  });
});

describe('replay from scratch (reverse-replay)', () => {
  const t1: LoanTransaction = { type: 'REPAYMENT', date: '2024-03-15', amount: m(113) };
  const t2: LoanTransaction = { type: 'REPAYMENT', date: '2024-02-01', amount: m(50) };

  it('replays in date order whatever the order entered, and matches allocating one by one', () => {
    const replay = replayTransactions(loan(), [t1, t2]);
    expect(replay.transactions.map((t) => t.index)).toEqual([1, 0]);
    const first = allocateTransaction(loan(), t2);
    const second = allocateTransaction(first.state, t1);
    expect(replay.state).toEqual(second.state);
    expect(sameSplit(replay.transactions[1]!, second)).toBe(true);
  });

  it('a backdated repayment changes the split of a later one', () => {
    const alone = replayTransactions(loan(), [t1]).transactions[0]!;
    const withBackdated = replayTransactions(loan(), [t1, t2]).transactions.find((t) => t.index === 0)!;
    expect(alone.split).toEqual([split(1, 100, 10, 2, 1)]);
    expect(withBackdated.split).toEqual([split(1, 63, 0, 0, 0), split(2, 37, 10, 2, 1)]);
    expect(sameSplit(alone, withBackdated)).toBe(false);
  });

  it('resets paid amounts of the state it starts from', () => {
    const paid = allocateRepayment(loan(), '2024-02-01', m(113)).state;
    expect(replayTransactions(paid, []).state).toEqual(loan());
    expect(replayTransactions(paid, [], 'mifos-standard-strategy', { resetDerived: false }).state).toEqual(paid);
  });

  it('the excess of an overpayment sits on the transactions last by date', () => {
    const all = replayTransactions(loan(), [
      { type: 'REPAYMENT', date: '2024-05-01', amount: m(30) },
      { type: 'REPAYMENT', date: '2024-02-01', amount: m(330) },
    ]);
    expect(all.overpaid).toBe(21);
    expect(all.transactions.map((t) => [t.transaction.date, t.overpaid])).toEqual([
      ['2024-02-01', 0],
      ['2024-05-01', 21],
    ]);
  });

  it('caps a replayed waiver at what a backdated repayment left', () => {
    const r = replayTransactions(loan(1), [
      { type: 'WAIVE_INTEREST', date: '2024-02-10', amount: m(10) },
      { type: 'REPAYMENT', date: '2024-02-01', amount: m(8) }, // pays penalty, fee and 5 of the interest
    ]);
    expect(r.transactions[1]?.portions.interest).toBe(5);
  });

  it('refuses a repayment after the write-off (only recoveries, outside the installments, may follow)', () => {
    expect(() =>
      replayTransactions(loan(), [
        { type: 'WRITE_OFF', date: '2024-04-01' },
        { type: 'REPAYMENT', date: '2024-04-02', amount: m(10) },
      ]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });

  it('a backdated repayment before the write-off reduces what is written off', () => {
    const r = replayTransactions(loan(), [
      { type: 'WRITE_OFF', date: '2024-04-01' },
      { type: 'REPAYMENT', date: '2024-02-01', amount: m(113) },
    ]);
    expect(r.writtenOffOn).toBe('2024-04-01');
    expect(r.transactions[1]?.portions.total).toBe(226);
  });
});
