import { describe, expect, it } from 'vitest';
import { getTransaction, splitOf } from '../../../electron/core/services/loans/repository';
import { assertInvariants } from '../../support/core';
import { activeLoan, BIASHARA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * Fineract's two due / in-advance strategies through the loan service: a product with the strategy, a loan
 * disbursed, repayments in advance, on time and late, a backdated repayment (reverse-replay: the later payment is
 * reversed and re-created with its new split) and an undo (loans.adjustTransaction to 0). Every split is worked by
 * hand from DuePenFeeIntPriInAdvancePriPenFeeIntLoanRepaymentScheduleTransactionProcessor and
 * DuePenIntPriFeeInAdvancePenIntPriFeeLoanRepaymentScheduleTransactionProcessor (strategies.ts dueThenInAdvance).
 *
 * The loan: KES 12,000, 4 monthly installments from 5 January 2026, flat 24 % a year: principal 3,000.00 and interest
 * 240.00 (12,000 x 24 % / 12) a month, and a ledger fee of 50.00 on each installment (3,290.00); due 5 February,
 * 5 March, 5 April, 5 May.
 */
const product = (strategy: string) => ({
  ...BIASHARA,
  name: 'Flat due first',
  shortName: 'FDF',
  principal: '12000',
  minPrincipal: '1000',
  numberOfRepayments: 4,
  interestType: 'FLAT',
  charges: [{ name: 'Ledger fee', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' }],
  transactionProcessingStrategyCode: strategy,
});

/** One installment's share of a transaction, in KES: [installment, principal, interest, fee, penalty]. */
type Share = [number, number, number, number, number];

function splitInKes(b: LendingBranch, transactionId: number): Share[] {
  const row = getTransaction(b.core.db, transactionId)!;
  return splitOf(row).map((s) => [s.installmentNumber, s.principal / 100, s.interest / 100, s.fee / 100, s.penalty / 100]);
}

interface Expected {
  /** 20 Jan, 1,000.00: in advance of installment 1, nothing due */
  jan20: Share[];
  /** 5 Feb, 3,000.00: installment 1 on time, then installment 2 in advance */
  feb5: Share[];
  /** 1 Feb, 500.00, entered on 10 Feb: in advance of installment 1 */
  feb1: Share[];
  /** 5 Feb replayed after the backdated 1 Feb payment */
  feb5AfterBackdated: Share[];
  /** 1 Feb replayed once 20 Jan is undone (null when its split does not change: it is not re-created) */
  feb1AfterUndo: Share[] | null;
  /** 5 Feb replayed once 20 Jan is undone */
  feb5AfterUndo: Share[];
  /** installment 2 after the undo: principal paid, interest paid, fee outstanding */
  installment2: [string, string, string];
  /** 20 Mar, 3,180.00: installment 2 late, then installment 3 in advance */
  mar20: Share[];
}

const CASES: [string, Expected][] = [
  [
    'due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy',
    {
      // in advance, no charge due: principal first
      jan20: [[1, 1000, 0, 0, 0]],
      // installment 1 on time: fee 50, interest 240, principal 2,000 (710 left). Installment 2 in advance: its fee up to
      // the fees due before the payment (installment 1's 50, unpaid until this payment): 50 (660 left), principal 660
      feb5: [
        [1, 2000, 240, 50, 0],
        [2, 660, 0, 50, 0],
      ],
      feb1: [[1, 500, 0, 0, 0]],
      // installment 1 owes 1,500 principal, 240, 50 (1,790; 1,210 left); installment 2: fee 50, principal 1,160
      feb5AfterBackdated: [
        [1, 1500, 240, 50, 0],
        [2, 1160, 0, 50, 0],
      ],
      // without 20 Jan, 1 Feb still pays 500 principal (nothing due before 5 Feb): unchanged, not re-created
      feb1AfterUndo: null,
      // installment 1: fee 50, interest 240, principal 2,500 (2,790; 210 left); installment 2: fee 50, principal 160
      feb5AfterUndo: [
        [1, 2500, 240, 50, 0],
        [2, 160, 0, 50, 0],
      ],
      installment2: ['160.00', '0.00', '0.00'],
      // installment 2 late: interest 240, principal 2,840 (3,080; 100 left); installment 3 in advance, no fee due
      // (installment 2's is paid): principal 100
      mar20: [
        [2, 2840, 240, 0, 0],
        [3, 100, 0, 0, 0],
      ],
    },
  ],
  [
    'due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy',
    {
      // in advance, no charge due: penalty, interest 240, principal 760, fee
      jan20: [[1, 760, 240, 0, 0]],
      // installment 1 on time: interest (paid), principal 2,240, fee 50 (710 left). Installment 2 in advance: fee 50
      // (due total: installment 1's fee), then interest 240, principal 420
      feb5: [
        [1, 2240, 0, 50, 0],
        [2, 420, 240, 50, 0],
      ],
      // in advance, nothing due; interest already paid by 20 Jan: principal 500
      feb1: [[1, 500, 0, 0, 0]],
      // installment 1: principal 1,740, fee 50 (1,210 left); installment 2: fee 50, interest 240, principal 920
      feb5AfterBackdated: [
        [1, 1740, 0, 50, 0],
        [2, 920, 240, 50, 0],
      ],
      // without 20 Jan, 1 Feb pays installment 1's interest first: interest 240, principal 260 (re-created)
      feb1AfterUndo: [[1, 260, 240, 0, 0]],
      // installment 1: principal 2,740, fee 50 (210 left); installment 2: fee 50, interest 160
      feb5AfterUndo: [
        [1, 2740, 0, 50, 0],
        [2, 0, 160, 50, 0],
      ],
      installment2: ['0.00', '160.00', '0.00'],
      // installment 2 late: interest 80, principal 3,000 (3,080; 100 left); installment 3 in advance: interest 100
      mar20: [
        [2, 3000, 80, 0, 0],
        [3, 0, 100, 0, 0],
      ],
    },
  ],
];

describe.each(CASES)('%s through the loan service', (strategy, expected) => {
  it('splits in advance, on time and late payments; a backdated payment and an undo replay the later ones', async () => {
    const b = await lendingBranch(product(strategy));
    const loanId = await activeLoan(b, '2026-01-05');
    const before = await b.manager.ok('loans.get', { loanId });
    expect(before.periods.map((p) => [p.dueDate, p.principalDue, p.interestDue, p.feeChargesDue])).toEqual([
      ['2026-02-05', '3000.00', '240.00', '50.00'],
      ['2026-03-05', '3000.00', '240.00', '50.00'],
      ['2026-04-05', '3000.00', '240.00', '50.00'],
      ['2026-05-05', '3000.00', '240.00', '50.00'],
    ]);
    const pay = async (businessDate: string, amount: string, transactionDate?: string) => {
      setBusinessDate(b.core, businessDate);
      return (await b.teller.ok('loans.repay', { loanId, transactionAmount: amount, ...(transactionDate ? { transactionDate } : {}) })).transactionId;
    };

    const jan20 = await pay('2026-01-20', '1000');
    expect(splitInKes(b, jan20)).toEqual(expected.jan20);
    const feb5 = await pay('2026-02-05', '3000');
    expect(splitInKes(b, feb5)).toEqual(expected.feb5);

    // backdated: entered on 10 February, dated 1 February
    const feb1 = await pay('2026-02-10', '500', '2026-02-01');
    expect(splitInKes(b, feb1)).toEqual(expected.feb1);
    let loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.transactions.find((t) => t.id === feb5)!.reversed).toBe(true);
    const feb5b = loan.transactions.find((t) => t.replacesId === feb5)!;
    expect(feb5b).toMatchObject({ date: '2026-02-05', amount: '3000.00', reversed: false });
    expect(splitInKes(b, feb5b.id)).toEqual(expected.feb5AfterBackdated);
    expect(loan.transactions.find((t) => t.id === jan20)!.reversed).toBe(false);

    // undo 20 January
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: jan20, transactionAmount: '0' });
    loan = await b.manager.ok('loans.get', { loanId });
    const live = loan.transactions.filter((t) => t.type === 'REPAYMENT' && !t.reversed);
    expect(live.map((t) => [t.date, t.amount])).toEqual([
      ['2026-02-01', '500.00'],
      ['2026-02-05', '3000.00'],
    ]);
    const feb1Now = live[0]!;
    if (expected.feb1AfterUndo === null) {
      expect(feb1Now.id).toBe(feb1);
    } else {
      expect(feb1Now.replacesId).toBe(feb1);
      expect(splitInKes(b, feb1Now.id)).toEqual(expected.feb1AfterUndo);
    }
    expect(live[1]!.replacesId).toBe(feb5b.id);
    expect(splitInKes(b, live[1]!.id)).toEqual(expected.feb5AfterUndo);
    const [one, two] = loan.periods;
    expect([one!.principalPaid, one!.interestPaid, one!.feeChargesOutstanding, one!.complete]).toEqual(['3000.00', '240.00', '0.00', true]);
    expect([two!.principalPaid, two!.interestPaid, two!.feeChargesOutstanding]).toEqual(expected.installment2);
    expect(two!.totalOutstandingForPeriod).toBe('3080.00'); // 3,290 - 210
    expect(loan.summary.principalOutstanding).toBe(
      // 12,000 less the principal of the two live payments
      (12000 - 3000 - Number(expected.installment2[0])).toFixed(2),
    );

    // late: installment 2 was due on 5 March
    const mar20 = await pay('2026-03-20', '3180');
    expect(splitInKes(b, mar20)).toEqual(expected.mar20);
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.periods[1]!.complete).toBe(true);
    expect(loan.status).toBe('ACTIVE');
    assertInvariants(b.core);
  });
});

/**
 * With charges added to the loan (loans.addCharge): a field visit fee of 150.00 dated 15 February and a penalty of
 * 100.00 dated 10 February, both on installment 2 (its period is 5 February to 5 March). Installment 1 is paid on
 * time (3,290.00). The replay reads the loan's charges (services/loans/strategyCharges.ts), so a charge already due
 * on installment 2 is paid first although installment 2 itself is paid in advance (Fineract's due-charge totals);
 * the installment fee (one charge of 200.00 over the four installments) is not due while its first unpaid
 * installment, 2, is not.
 */
interface WithCharges {
  /** 20 Feb, 1,000.00 */
  feb20: Share[];
  /** 12 Feb, 300.00, entered on 25 Feb */
  feb12: Share[];
  /** 20 Feb replayed after it */
  feb20AfterBackdated: Share[];
}

const WITH_CHARGES: [string, WithCharges][] = [
  [
    'due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy',
    {
      // due: penalty 100 and visit fee 150: penalty 100 (900 left), fee 150 (750), principal 750
      feb20: [[2, 750, 0, 150, 100]],
      // on 12 Feb only the penalty is due: penalty 100 (200 left), principal 200
      feb12: [[2, 200, 0, 0, 100]],
      // the penalty is paid; the visit fee (150) is due: fee 150 (850 left), principal 850
      feb20AfterBackdated: [[2, 850, 0, 150, 0]],
    },
  ],
  [
    'due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy',
    {
      // penalty 100 (900 left), fee 150 (750), then interest 240 (510), principal 510
      feb20: [[2, 510, 240, 150, 100]],
      // penalty 100 (200 left), no fee due; then interest 200
      feb12: [[2, 0, 200, 0, 100]],
      // fee 150 (850 left), then interest 40 (810), principal 810
      feb20AfterBackdated: [[2, 810, 40, 150, 0]],
    },
  ],
];

describe.each(WITH_CHARGES)('%s with charges added to the loan', (strategy, expected) => {
  it("pays the charges already due on an installment paid in advance first, from the loan's charges", async () => {
    const b = await lendingBranch(product(strategy));
    const loanId = await activeLoan(b, '2026-01-05');
    const catalogue = async (name: string, amount: string, penalty: boolean) =>
      (
        await b.admin.ok('charges.create', {
          name,
          currencyCode: 'KES',
          chargeAppliesTo: 'LOAN',
          chargeTimeType: 'SPECIFIED_DUE_DATE',
          chargeCalculationType: 'FLAT',
          amount,
          penalty,
        } as never)
      ).id;
    setBusinessDate(b.core, '2026-02-01');
    await b.manager.ok('loans.addCharge', { loanId, chargeId: await catalogue('Field visit fee', '150', false), dueDate: '2026-02-15' });
    await b.manager.ok('loans.addCharge', { loanId, chargeId: await catalogue('Late payment penalty', '100', true), dueDate: '2026-02-10' });
    let loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.periods.map((p) => [p.feeChargesDue, p.penaltyChargesDue])).toEqual([
      ['50.00', '0.00'],
      ['200.00', '100.00'],
      ['50.00', '0.00'],
      ['50.00', '0.00'],
    ]);
    const pay = async (businessDate: string, amount: string, transactionDate?: string) => {
      setBusinessDate(b.core, businessDate);
      return (await b.teller.ok('loans.repay', { loanId, transactionAmount: amount, ...(transactionDate ? { transactionDate } : {}) })).transactionId;
    };
    expect(splitInKes(b, await pay('2026-02-05', '3290'))).toEqual([[1, 3000, 240, 50, 0]]);

    const feb20 = await pay('2026-02-20', '1000');
    expect(splitInKes(b, feb20)).toEqual(expected.feb20);

    // backdated to 12 February, entered on 25 February: 20 February is re-created with its new split
    const feb12 = await pay('2026-02-25', '300', '2026-02-12');
    expect(splitInKes(b, feb12)).toEqual(expected.feb12);
    loan = await b.manager.ok('loans.get', { loanId });
    const feb20b = loan.transactions.find((t) => t.replacesId === feb20)!;
    expect(splitInKes(b, feb20b.id)).toEqual(expected.feb20AfterBackdated);

    // undo 12 February: 20 February pays as it first did, re-created again
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: feb12, transactionAmount: '0' });
    loan = await b.manager.ok('loans.get', { loanId });
    const feb20c = loan.transactions.find((t) => t.replacesId === feb20b.id)!;
    expect(feb20c.reversed).toBe(false);
    expect(splitInKes(b, feb20c.id)).toEqual(expected.feb20);
    const two = loan.periods[1]!;
    const [, principal, interest, fee, penalty] = expected.feb20[0]!;
    expect([two.principalPaid, two.interestPaid, two.feeChargesOutstanding, two.penaltyChargesOutstanding]).toEqual([
      principal.toFixed(2),
      interest.toFixed(2),
      (200 - fee).toFixed(2),
      (100 - penalty).toFixed(2),
    ]);
    assertInvariants(b.core);
  });
});
