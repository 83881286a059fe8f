/**
 * Fineract's two due / in-advance repayment strategies (strategies.ts dueThenInAdvance):
 * - due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy
 *   (DuePenFeeIntPriInAdvancePriPenFeeIntLoanRepaymentScheduleTransactionProcessor);
 * - due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy
 *   (DuePenIntPriFeeInAdvancePenIntPriFeeLoanRepaymentScheduleTransactionProcessor).
 * The single-installment cases are Fineract's own unit tests of the two processors
 * (fineract-provider/src/test/.../transactionprocessor/impl/DuePenFeeIntPriInAdvancePriPenFeeInt...ProcessorTest and
 * DuePenIntPriFeeInAdvancePenIntPriFee...ProcessorTest: USD, amounts 1 to 11 written here in cents); the others are
 * worked by hand from the processors' code, each step in a comment.
 */
import { describe, expect, it } from 'vitest';
import type { Minor } from '../../../../shared/money';
import {
  allocateRepayment,
  allocateTransaction,
  emptyComponent,
  replayTransactions,
  type InstallmentState,
} from '../../../../electron/core/domain/loans';
import type { LoanChargeDue } from '../../../../electron/core/domain/loans/strategies';
import { split } from './helpers';

const PRI_FIRST = 'due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy' as const;
const PEN_INT_FIRST = 'due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy' as const;

const m = (n: number) => n as Minor;
/** Fineract's tests count in dollars; a dollar is 100 minor units here. */
const usd = (n: number) => n * 100;

interface Parts {
  principal: number;
  interest: number;
  fee: number;
  penalty: number;
}

function installment(n: number, fromDate: string, dueDate: string, p: Parts): InstallmentState {
  return {
    installmentNumber: n,
    fromDate,
    dueDate,
    principal: emptyComponent(m(p.principal)),
    interest: emptyComponent(m(p.interest)),
    fee: emptyComponent(m(p.fee)),
    penalty: emptyComponent(m(p.penalty)),
  };
}

/** Fineract's test installment: from 11 July 2023, due 31 July 2023; its payments are made on 11 July (in advance). */
const IN_ADVANCE_ON = '2023-07-11';
function fineractInstallment(principal: number, interest: number, fee: number, penalty: number): InstallmentState[] {
  return [installment(1, '2023-07-11', '2023-07-31', { principal: usd(principal), interest: usd(interest), fee: usd(fee), penalty: usd(penalty) })];
}

/** A loan charge of Fineract's tests: its amount, fee or penalty, its due date; it sits on installment 1. */
const charge = (penalty: boolean, amount: number, dueDate: string): LoanChargeDue => ({ penalty, amount: usd(amount), dueDate, installmentNumbers: [1] });

const portions = (principal: number, interest: number, fee: number, penalty: number) => ({
  principal: usd(principal),
  interest: usd(interest),
  fee: usd(fee),
  penalty: usd(penalty),
  total: usd(principal + interest + fee + penalty),
});

function inAdvance(strategy: typeof PRI_FIRST | typeof PEN_INT_FIRST, state: InstallmentState[], amount: number, charges: LoanChargeDue[] = []) {
  return allocateTransaction(state, { type: 'REPAYMENT', date: IN_ADVANCE_ON, amount: m(usd(amount)) }, strategy, { charges }).portions;
}

describe('due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy: Fineract test figures', () => {
  // DuePenFeeIntPriInAdvancePriPenFeeIntLoanRepaymentScheduleTransactionProcessorTest (in advance, no charge due):
  // principal first, then penalty, fee, interest
  it.each([
    ['inAdvancePaymentOfPrincipalAndPenaltyAndFeeAndInterest', 10, portions(3, 1, 2, 4)],
    ['...ButNotEnoughOnlyForPartialPrincipal', 2, portions(2, 0, 0, 0)],
    ['...ButNotEnoughOnlyForPrincipalAndPartialPenalty', 4, portions(3, 0, 0, 1)],
    ['...ButNotEnoughOnlyForPrincipalAndPenaltyAndPartialFee', 8, portions(3, 0, 1, 4)],
  ])('%s: installment 3 / 2 / 2 / 4, paid %i', (_name, amount, expected) => {
    expect(inAdvance(PRI_FIRST, fineractInstallment(3, 2, 2, 4), amount)).toEqual(expected);
  });

  it('inAdvancePaymentOfPrincipalAndPenaltyAndFee: principal 3, fee 2, penalty 6, paid 10', () => {
    expect(inAdvance(PRI_FIRST, fineractInstallment(3, 0, 2, 6), 10)).toEqual(portions(3, 0, 1, 6));
  });

  it('duePaymentOfPenaltyAsInAdvanceTransaction: a penalty of 2 due on the day is paid before principal', () => {
    // penalty 2 (the due total; 8 left), fee 0 (its charge falls due tomorrow), principal 3 (5 left), then penalty 2,
    // fee 2, interest 1: Fineract verifies payPenaltyChargesComponent(2) then payPrincipalComponent(8)
    const charges = [charge(true, 2, IN_ADVANCE_ON), charge(false, 1, '2023-07-12')];
    expect(inAdvance(PRI_FIRST, fineractInstallment(3, 2, 2, 4), 10, charges)).toEqual(portions(3, 1, 2, 4));
  });

  it('duePaymentOfPenaltyAndFeeAsInAdvanceTransaction: penalty 2 and fee 1 due, paid first', () => {
    // penalty 2 (8), fee 1 (7), principal 3 (4), penalty 2 (2), fee 1 (1), interest 1
    const charges = [charge(true, 2, IN_ADVANCE_ON), charge(false, 1, '2023-07-10')];
    expect(inAdvance(PRI_FIRST, fineractInstallment(3, 2, 2, 4), 10, charges)).toEqual(portions(3, 1, 2, 4));
  });

  it('duePaymentOfHigherPenaltyAndHigherFeeAsInAdvanceTransaction: due totals above the payment', () => {
    // penalty min(11, 10) on 4 owed (6 left), fee min(11, 6) on 2 owed (4), principal 2 (2), interest 2
    const charges = [charge(true, 11, IN_ADVANCE_ON), charge(false, 11, '2023-07-10')];
    expect(inAdvance(PRI_FIRST, fineractInstallment(2, 2, 2, 4), 10, charges)).toEqual(portions(2, 2, 2, 4));
  });

  it('hand-worked: a due fee is paid before principal when the money runs out', () => {
    // due totals penalty 2, fee 1; paid 4: penalty 2 (2 left), fee 1 (1), principal 1
    const charges = [charge(true, 2, IN_ADVANCE_ON), charge(false, 1, '2023-07-10')];
    expect(inAdvance(PRI_FIRST, fineractInstallment(3, 2, 2, 4), 4, charges)).toEqual(portions(1, 0, 1, 2));
    // without them: principal 3, penalty 1
    expect(inAdvance(PRI_FIRST, fineractInstallment(3, 2, 2, 4), 4)).toEqual(portions(3, 0, 0, 1));
  });
});

describe('due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy: Fineract test figures', () => {
  // DuePenIntPriFeeInAdvancePenIntPriFeeLoanRepaymentScheduleTransactionProcessorTest: a penalty of 4 and a fee of 2
  // falling due on 1 August (after the payment: not due); in advance the installment pays penalty, interest,
  // principal, fee
  const notDue = [charge(true, 4, '2023-08-01'), charge(false, 2, '2023-08-01')];
  it.each([
    ['inAdvancePaymentOfPrincipalAndPenaltyAndFeeAndInterest', 10, portions(3, 2, 1, 4)],
    ['...ButNotEnoughOnlyForPartialPenalty', 2, portions(0, 0, 0, 2)],
    ['...ButNotEnoughOnlyForPenaltyAndPartialInterest', 5, portions(0, 1, 0, 4)],
    ['...ButNotEnoughOnlyForPenaltyAndInterestAndPartialPrincipal', 7, portions(1, 2, 0, 4)],
  ])('%s: installment 3 / 2 / 2 / 4, paid %i', (_name, amount, expected) => {
    expect(inAdvance(PEN_INT_FIRST, fineractInstallment(3, 2, 2, 4), amount, notDue)).toEqual(expected);
  });

  it('inAdvancePaymentOfPrincipalAndPenaltyAndFeeAndInterestButNotEnoughOnlyForPenaltyAndInterestAndPrincipalAndPartialFee', () => {
    // the penalty (4) is due on the day: penalty 4 (6 left), fee 0 (not due); then interest 2 (4), principal 3 (1), fee 1
    const charges = [charge(true, 4, IN_ADVANCE_ON), charge(false, 2, '2023-08-01')];
    expect(inAdvance(PEN_INT_FIRST, fineractInstallment(3, 2, 2, 4), 10, charges)).toEqual(portions(3, 2, 1, 4));
  });

  it('duePaymentOfPenaltyAndFeeAsInAdvanceTransaction and duePaymentOfHigherPenaltyAndHigherFee...', () => {
    const due = [charge(true, 2, IN_ADVANCE_ON), charge(false, 1, '2023-07-10')];
    expect(inAdvance(PEN_INT_FIRST, fineractInstallment(2, 2, 2, 4), 10, due)).toEqual(portions(2, 2, 2, 4));
    const higher = [charge(true, 11, IN_ADVANCE_ON), charge(false, 11, '2023-07-10')];
    expect(inAdvance(PEN_INT_FIRST, fineractInstallment(2, 2, 2, 4), 10, higher)).toEqual(portions(2, 2, 2, 4));
  });

  it('hand-worked: the due fee comes before interest; without it the fee comes last', () => {
    // due totals penalty 2, fee 1; paid 4: penalty 2 (2 left), fee 1 (1), then penalty 1
    const due = [charge(true, 2, IN_ADVANCE_ON), charge(false, 1, '2023-07-10')];
    expect(inAdvance(PEN_INT_FIRST, fineractInstallment(2, 2, 2, 4), 4, due)).toEqual(portions(0, 0, 1, 3));
    // nothing due, paid 9: penalty 4 (5), interest 2 (3), principal 2 (1), fee 1
    expect(inAdvance(PEN_INT_FIRST, fineractInstallment(2, 2, 2, 4), 9)).toEqual(portions(2, 2, 1, 4));
  });
});

/** Installments of principal 100, interest 10, fee 2 and penalty 1 (minor units), due 1 Feb, 1 Mar, 1 Apr 2024. */
function loan(parts: Parts = { principal: 100, interest: 10, fee: 2, penalty: 1 }): InstallmentState[] {
  return [1, 2, 3].map((n) => installment(n, `2024-0${n}-01`, `2024-0${n + 1}-01`, parts));
}

describe('on time, late, partial and early payments over several installments (hand-worked)', () => {
  it('on time: what is due pays in the due order', () => {
    // penalty 1, fee 2, interest 10, principal 37
    expect(allocateRepayment(loan(), '2024-02-01', m(50), PRI_FIRST).split).toEqual([split(1, 37, 10, 2, 1)]);
    // penalty 1, interest 10, principal 39, fee 0
    expect(allocateRepayment(loan(), '2024-02-01', m(50), PEN_INT_FIRST).split).toEqual([split(1, 39, 10, 0, 1)]);
  });

  it('late and partial: only the overdue installment is reached', () => {
    // penalty 1, fee 2, interest 2 / penalty 1, interest 4
    expect(allocateRepayment(loan(), '2024-02-10', m(5), PRI_FIRST).split).toEqual([split(1, 0, 2, 2, 1)]);
    expect(allocateRepayment(loan(), '2024-02-10', m(5), PEN_INT_FIRST).split).toEqual([split(1, 0, 4, 0, 1)]);
  });

  it('late: every due installment is paid before the one in advance, which pays the due fees first', () => {
    // 15 March: installments 1 and 2 are late (113 each, 24 left); installment 3 is in advance. Due totals, read
    // before the payment: fees 2 + 2, penalties 1 + 1 (installments 1 and 2, due and unpaid).
    // pri-first: penalty min(24, 2) -> 1 (23), fee min(23, 4) -> 2 (21), principal 21
    expect(allocateRepayment(loan(), '2024-03-15', m(250), PRI_FIRST).split).toEqual([split(1, 100, 10, 2, 1), split(2, 100, 10, 2, 1), split(3, 21, 0, 2, 1)]);
    // pen-int-first: penalty 1 (23), fee 2 (21), then interest 10 (11), principal 11
    expect(allocateRepayment(loan(), '2024-03-15', m(250), PEN_INT_FIRST).split).toEqual([split(1, 100, 10, 2, 1), split(2, 100, 10, 2, 1), split(3, 11, 10, 2, 1)]);
    // (mifos-standard pays installment 3 the same as pen-int-first here: 11 / 10 / 2 / 1)
  });

  it('early, nothing due: principal first, or penalty, interest, principal, fee', () => {
    // 15 January, before every due date: no due totals
    expect(allocateRepayment(loan(), '2024-01-15', m(20), PRI_FIRST).split).toEqual([split(1, 20, 0, 0, 0)]);
    // principal 100 (10 left), penalty 1 (9), fee 2 (7), interest 7
    expect(allocateRepayment(loan(), '2024-01-15', m(110), PRI_FIRST).split).toEqual([split(1, 100, 7, 2, 1)]);
    // penalty 1 (19), interest 10 (9), principal 9
    expect(allocateRepayment(loan(), '2024-01-15', m(20), PEN_INT_FIRST).split).toEqual([split(1, 9, 10, 0, 1)]);
  });

  it('a fee the same payment has just paid still counts as due (Fineract updates the charges after the payment)', () => {
    // 1 Feb, 150: installment 1 on time takes 113 (37 left). Its fee (2) and penalty (1) were due and unpaid before the
    // payment, so installment 2, in advance, pays penalty 1 (36), fee 2 (34), then principal 34.
    const r = allocateRepayment(loan(), '2024-02-01', m(150), PRI_FIRST);
    expect(r.split).toEqual([split(1, 100, 10, 2, 1), split(2, 34, 0, 2, 1)]);
    // the same money in two payments: once installment 1 is paid nothing is due, so the 37 goes to principal
    const first = allocateRepayment(loan(), '2024-02-01', m(113), PRI_FIRST);
    expect(allocateRepayment(first.state, '2024-02-01', m(37), PRI_FIRST).split).toEqual([split(2, 37, 0, 0, 0)]);
  });

  it('overpayment: money beyond every installment is left over', () => {
    // 339 owed in all; in advance every installment is paid in full whatever the order
    const r = allocateRepayment(loan(), '2024-01-15', m(400), PEN_INT_FIRST);
    expect(r.portions.total).toBe(339);
    expect(r.overpaid).toBe(61);
  });
});

describe("the loan's charges give the due totals (the option the loan service can pass)", () => {
  // installment fees of 2 (one INSTALMENT_FEE charge of 6 over the three installments) and, on installment 2, a field
  // visit fee of 50 dated 10 February; installment 1 is paid; the payment is made on 15 February
  const parts = { principal: 100, interest: 10, fee: 2, penalty: 0 };
  function state(): InstallmentState[] {
    const [one, two, three] = loan(parts);
    const paidOne = { ...one!, principal: { ...one!.principal, paid: m(100) }, interest: { ...one!.interest, paid: m(10) }, fee: { ...one!.fee, paid: m(2) } };
    return [paidOne, { ...two!, fee: emptyComponent(m(52)) }, three!];
  }
  const charges: LoanChargeDue[] = [
    { penalty: false, amount: 6, dueDate: null, installmentNumbers: [1, 2, 3] },
    { penalty: false, amount: 50, dueDate: '2024-02-10', installmentNumbers: [2] },
  ];

  it('a specified-due-date fee already due on the installment paid in advance is paid first', () => {
    // due fee total: the visit fee (50; the installment fee's first unpaid installment is due 1 March, not yet)
    // pri-first: fee min(60, 50) (10 left), principal 10
    const r = allocateTransaction(state(), { type: 'REPAYMENT', date: '2024-02-15', amount: m(60) }, PRI_FIRST, { charges });
    expect(r.split).toEqual([split(2, 10, 0, 50, 0)]);
    // pen-int-first: fee 50 (10 left), then interest 10
    const s = allocateTransaction(state(), { type: 'REPAYMENT', date: '2024-02-15', amount: m(60) }, PEN_INT_FIRST, { charges });
    expect(s.split).toEqual([split(2, 0, 10, 50, 0)]);
  });

  it('without the charges the installment state alone knows no fee due before 1 March: principal first', () => {
    const r = allocateTransaction(state(), { type: 'REPAYMENT', date: '2024-02-15', amount: m(60) }, PRI_FIRST);
    expect(r.split).toEqual([split(2, 60, 0, 0, 0)]);
  });

  it('an installment fee counts in full once its first unpaid installment is due', () => {
    // on 1 March installment 2 is on time and pays 52 of fees, 10 of interest and 100 principal (162); 18 left for
    // installment 3, in advance: the installment fee charge (6, first unpaid installment due 1 March) and the visit fee
    // (50) were pending before the payment: fee min(18, 56) on 2 owed (16 left), principal 16
    const r = allocateTransaction(state(), { type: 'REPAYMENT', date: '2024-03-01', amount: m(180) }, PRI_FIRST, { charges });
    expect(r.split).toEqual([split(2, 100, 10, 52, 0), split(3, 16, 0, 2, 0)]);
  });
});

describe('replay: a backdated payment changes what is due when a later one is made', () => {
  it('pri-first: the 1 February payment no longer finds installment 1 fees due', () => {
    // alone, the 150 of 1 February pays installment 1 (113) and installment 2 penalty 1, fee 2, principal 34
    const alone = replayTransactions(loan(), [{ type: 'REPAYMENT', date: '2024-02-01', amount: m(150) }], PRI_FIRST);
    expect(alone.transactions[0]!.split).toEqual([split(1, 100, 10, 2, 1), split(2, 34, 0, 2, 1)]);
    // a payment of 113 dated 20 January is entered afterwards: in advance of installment 1 with nothing due,
    // principal 100, penalty 1, fee 2, interest 10. Then 1 February: installment 1 is paid, nothing is due, so
    // installment 2 in advance: principal 100 (50 left), penalty 1 (49), fee 2 (47), interest 10 (37); installment 3:
    // principal 37
    const replay = replayTransactions(
      loan(),
      [
        { type: 'REPAYMENT', date: '2024-02-01', amount: m(150) },
        { type: 'REPAYMENT', date: '2024-01-20', amount: m(113) },
      ],
      PRI_FIRST,
    );
    expect(replay.transactions.map((t) => [t.index, t.split])).toEqual([
      [1, [split(1, 100, 10, 2, 1)]],
      [0, [split(2, 100, 10, 2, 1), split(3, 37, 0, 0, 0)]],
    ]);
    // undoing the backdated one (replaying without it) gives back the first split
    expect(replayTransactions(loan(), [{ type: 'REPAYMENT', date: '2024-02-01', amount: m(150) }], PRI_FIRST).transactions[0]!.split).toEqual(
      alone.transactions[0]!.split,
    );
  });

  it('pen-int-first: the same two payments', () => {
    // 20 January, 113 in advance of installment 1, nothing due: penalty 1, interest 10, principal 100, fee 2.
    // 1 February, 150: installment 2 in advance, nothing due: penalty 1, interest 10, principal 100, fee 2 (37 left);
    // installment 3: penalty 1, interest 10, principal 26
    const replay = replayTransactions(
      loan(),
      [
        { type: 'REPAYMENT', date: '2024-02-01', amount: m(150) },
        { type: 'REPAYMENT', date: '2024-01-20', amount: m(113) },
      ],
      PEN_INT_FIRST,
    );
    expect(replay.transactions.map((t) => t.split)).toEqual([[split(1, 100, 10, 2, 1)], [split(2, 100, 10, 2, 1), split(3, 26, 10, 0, 1)]]);
  });
});
