import type { LoanChargeView } from '../../../../shared/contract';
import type { CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import type { Db } from '../../db/connection';
import { toLoanTerms, type InstallmentState } from '../../domain/loans';
import { chargeFigures, type ChargeFigures } from './chargeFigures';
import { readChargeInstallments, readLoanCharges, scheduleChargeRecords, type LoanChargeRow } from './charges';
import { initialState } from './lifecycle';
import { readTransactions, type LoanRow } from './repository';

/** The per-charge figures of a loan's active charges, now (services/charges README "Per-charge figures"). */
export function loanChargeFigures(db: Db, loanId: number, state: InstallmentState[]): { charges: LoanChargeRow[]; figures: Map<number, ChargeFigures> } {
  const charges = readLoanCharges(db, loanId);
  const live = readTransactions(db, loanId).filter((t) => !t.reversed);
  const figures = chargeFigures(
    charges,
    readChargeInstallments(db, loanId),
    state,
    live.filter((t) => t.type === 'WAIVE_CHARGE'),
    live.some((t) => t.type === 'REPAYMENT_AT_DISBURSEMENT'),
  );
  return { charges, figures };
}

/**
 * loans.get `charges`: a disbursed loan's charges with what each was paid, waived and written off; before
 * disbursement, the schedule charges of its terms with what they will come to on the expected schedule.
 */
export function loanChargeViews(db: Db, loan: LoanRow, terms: CompleteScheduleInput, state: InstallmentState[], f: (n: number) => string): LoanChargeView[] {
  if (loan.disbursed_on === null) return expectedCharges(db, terms, f);
  const { charges, figures } = loanChargeFigures(db, loan.id, state);
  return charges.map((c) => {
    const x = figures.get(c.id)!;
    return {
      loanChargeId: c.id,
      chargeId: c.charge_id,
      name: c.name,
      chargeTimeType: c.time_type,
      chargeCalculationType: c.calculation_type,
      penalty: c.penalty === 1,
      percentage: c.percentage,
      amount: f(x.amount),
      dueDate: c.due_date,
      amountPaid: f(x.paid),
      amountWaived: f(x.waived),
      amountWrittenOff: f(x.writtenOff),
      amountOutstanding: f(x.outstanding),
      installments: x.installments.map((s) => ({
        installmentNumber: s.installmentNumber,
        dueDate: s.dueDate,
        amount: f(s.amount),
        amountPaid: f(s.paid),
        amountWaived: f(s.waived),
        amountWrittenOff: f(s.writtenOff),
        amountOutstanding: f(s.outstanding),
      })),
    };
  });
}

function expectedCharges(db: Db, terms: CompleteScheduleInput, f: (n: number) => string): LoanChargeView[] {
  if (!terms.charges.some((c) => c.chargeTimeType === 'DISBURSEMENT' || c.chargeTimeType === 'INSTALMENT_FEE')) return [];
  const { schedule, state } = initialState(db, terms);
  const { records } = scheduleChargeRecords(terms, toLoanTerms(terms), schedule, state, terms.expectedDisbursementDate);
  const byNumber = new Map(state.map((i) => [i.installmentNumber, i.dueDate]));
  return records.map((r) => ({
    loanChargeId: null,
    chargeId: r.chargeId,
    name: r.name,
    chargeTimeType: r.timeType,
    chargeCalculationType: r.calculationType,
    penalty: r.penalty,
    percentage: r.percentage,
    amount: f(r.amount),
    dueDate: r.dueDate,
    amountPaid: f(0),
    amountWaived: f(0),
    amountWrittenOff: f(0),
    amountOutstanding: f(r.amount),
    installments: r.installments.map(([n, a]) => ({
      installmentNumber: n,
      dueDate: byNumber.get(n) ?? '',
      amount: f(a),
      amountPaid: f(0),
      amountWaived: f(0),
      amountWrittenOff: f(0),
      amountOutstanding: f(a),
    })),
  }));
}
