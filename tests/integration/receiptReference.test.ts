import { describe, expect, it } from 'vitest';
import { assertInvariants } from '../support/core';
import { activeLoan } from '../support/lending';
import { savingsBranch } from '../support/savings';

/**
 * A mobile-money payment's reference (issue 19 point 15): the API's `receiptNumber`, typed on the teller screens,
 * kept with the transaction and printed on its receipt, the original and every copy.
 */
describe('the payer reference on a receipt', () => {
  it('prints a mobile-money deposit and loan repayment with their reference, on the copy too; cash without one has none', async () => {
    const b = await savingsBranch();
    const deposit = await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '700', paymentTypeCode: 'MOBILE_MONEY', receiptNumber: 'QK7A2B9XYZ' });
    expect(deposit.receipt).toMatchObject({ paymentType: 'MOBILE_MONEY', reference: 'QK7A2B9XYZ', amount: '700.00' });
    expect(await b.manager.ok('receipts.reprint', { number: deposit.receipt!.number })).toMatchObject({ copy: true, reference: 'QK7A2B9XYZ' });

    const cash = await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '300', paymentTypeCode: 'CASH' });
    expect(cash.receipt).toMatchObject({ paymentType: 'CASH', reference: null });

    const loanId = await activeLoan(b, '2026-01-01');
    const repaid = await b.teller.ok('loans.repay', { loanId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY', receiptNumber: 'RBX55TT01' });
    expect(repaid.receipt).toMatchObject({ kind: 'LOAN_REPAYMENT', paymentType: 'MOBILE_MONEY', reference: 'RBX55TT01' });
    assertInvariants(b.core);
  });
});
