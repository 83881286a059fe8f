import { useI18n } from 'vue-i18n';
import type { Charge, ProductCharge } from '../../../shared/contract';
import { formatMonthDay } from '../format';
import { useFormat } from './useFormat';

/**
 * A catalogue charge in words (the charges screen and the product forms): what it takes, money or a percentage of
 * what, and when it is charged, with its days and how often for the charges that have them.
 */
export function useChargeText() {
  const { t } = useI18n();
  const fmt = useFormat();

  function amount(c: Pick<ProductCharge, 'chargeTimeType' | 'chargeCalculationType' | 'amount'>): string {
    if (c.chargeCalculationType === 'FLAT') return fmt.money(c.amount);
    const percent = fmt.decimal(c.amount);
    if (c.chargeTimeType === 'WITHDRAWAL_FEE') return t('charges.percentOfWithdrawal', { percent });
    // Fineract takes an installment fee's or an overdue penalty's percentage of that installment's amounts
    if (c.chargeTimeType === 'INSTALMENT_FEE') return t(`charges.percentOfInstallment.${c.chargeCalculationType}`, { percent });
    if (c.chargeTimeType === 'OVERDUE_INSTALLMENT') return t(`charges.percentOfOverdue.${c.chargeCalculationType}`, { percent });
    return `${percent} ${t(`enums.chargeCalculationType.${c.chargeCalculationType}`)}`;
  }

  function when(c: Charge | ProductCharge): string {
    const parts = [t(`enums.chargeTimeType.${c.chargeTimeType}`)];
    if (!('feeInterval' in c)) return parts[0]!;
    const n = c.feeInterval ?? 1;
    const day = c.feeOnMonthDay;
    if (c.chargeTimeType === 'OVERDUE_INSTALLMENT' && c.feeFrequency) parts.push(t(`charges.everyUnit.${c.feeFrequency}`, { n }, n));
    if (c.chargeTimeType === 'ANNUAL_FEE' && day) parts.push(t('charges.onDate', { date: formatMonthDay(day, fmt.intl.value) }));
    if (c.chargeTimeType === 'MONTHLY_FEE') {
      if (n > 1) parts.push(t('charges.everyUnit.MONTHS', { n }, n));
      if (day) parts.push(day.includes('-') ? t('charges.fromDate', { date: formatMonthDay(day, fmt.intl.value) }) : t('charges.onDay', { day: Number(day) }));
    }
    if (c.chargeTimeType === 'WEEKLY_FEE' && n > 1) parts.push(t('charges.everyUnit.WEEKS', { n }, n));
    if (c.chargeTimeType === 'WITHDRAWAL_FEE' && c.paymentType) parts.push(t('charges.byPaymentType', { type: c.paymentType.name }));
    return parts.join(' · ');
  }

  return { amount, when };
}
