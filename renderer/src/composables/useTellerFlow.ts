import { computed, nextTick, onMounted, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { call, isApiError } from '../api/client';
import type { ManagerApproval, PaymentType, ReceiptView } from '../../../shared/contract';
import type TellerClientPicker from '../components/TellerClientPicker.vue';
import { isAmountText } from '../format';
import { useCashCall } from './useCashCall';
import { useFormat } from './useFormat';
import { useFormErrors } from './useFormErrors';

/** The client a teller screen works for (TellerClientPicker's choice, or the one of the account opened from a link). */
export interface TellerClient {
  id: number;
  displayName: string;
  accountNo: string;
}

/** The payment part of a teller's cash command: amount, payment type, the payer's reference, the idempotency key. */
export interface TellerPayment {
  transactionAmount: string;
  paymentTypeCode: string;
  receiptNumber: string | undefined;
  idempotencyKey: string;
}

/** Answers of the host that are no refusal of the core: the command may have been written, the key is kept. */
const NOT_A_REFUSAL = new Set(['HOST_UNREACHABLE', 'BAD_RESPONSE']);

/**
 * The teller's flow, the same on the repayment and the savings screens: (1) the client picked with
 * TellerClientPicker (or the account of a link's query, `opened`), (2) the loan or account picked in a keyboard
 * list (`listKey`), (3) the amount with its payment type and reference (TellerPaymentFields), posted by Enter
 * through useCashCall (the manager's approval, the till not open) with an idempotency key made once per form, then
 * the receipt; closing the receipt, Escape or Cancel bring back an empty search box (`reset`).
 * `amountTestid` finds the amount box to focus; `onReset` clears what the screen adds (its loans or accounts).
 */
export function useTellerFlow(options: { amountTestid: string; onReset: () => void; opened?: () => Promise<boolean> }) {
  const { t, te } = useI18n();
  const fmt = useFormat();
  const route = useRoute();
  const router = useRouter();

  const searchError = ref<unknown>(null);
  const client = ref<TellerClient | null>(null);
  const paymentTypes = ref<PaymentType[]>([]);
  const amount = ref('');
  const paymentTypeCode = ref<string | null>('CASH');
  /** A mobile-money or bank reference (receiptNumber), asked when the payment is not cash. */
  const reference = ref('');
  const idempotencyKey = ref('');
  const posting = ref(false);
  const receipt = ref<ReceiptView | null>(null);
  const receiptOpen = ref(false);
  const errors = useFormErrors({ known: (p) => p === 'transactionAmount' || p === 'paymentTypeCode' || p === 'receiptNumber' });
  const { run: cashCall, tillNotOpen } = useCashCall();
  const picker = ref<InstanceType<typeof TellerClientPicker> | null>(null);
  const form = ref<HTMLFormElement | null>(null);

  const paymentOptions = computed(() =>
    paymentTypes.value.map((p) => ({ value: p.code, label: te(`paymentTypes.${p.code}`) ? t(`paymentTypes.${p.code}`) : p.name })),
  );
  // TILL_NOT_OPEN is said once, by the notice with the way to the till.
  const amountError = computed(() => errors.of('transactionAmount') ?? (tillNotOpen.value ? undefined : errors.general.value) ?? undefined);

  onMounted(async () => {
    paymentTypes.value = await call('paymentTypes.list', {}).catch(() => []);
    try {
      if (options.opened && (await options.opened())) return;
    } catch (e) {
      searchError.value = e;
    }
    picker.value?.focus();
  });

  async function focusAmount(): Promise<void> {
    await nextTick();
    const input = form.value?.querySelector<HTMLInputElement>(`[data-testid="${options.amountTestid}"]`);
    input?.focus();
    input?.select();
  }

  /** A new form for the loan or account picked: the amount (what is due, or nothing), cash, a new idempotency key. */
  async function startPayment(prefill = ''): Promise<void> {
    amount.value = prefill;
    paymentTypeCode.value = 'CASH';
    reference.value = '';
    idempotencyKey.value = crypto.randomUUID();
    errors.clear();
    await focusAmount();
  }

  /**
   * Posts the form with `send` (the amount checked first), then shows the receipt; `posted` keeps what the screen
   * needs of the result. A refusal is shown beside its field and written nothing: the next try is a new command.
   */
  async function post<R extends { receipt: ReceiptView | null }>(send: (payment: TellerPayment, approval: ManagerApproval | undefined) => Promise<R>, posted: (result: R, payment: TellerPayment) => void): Promise<void> {
    if (posting.value) return;
    errors.clear();
    if (!isAmountText(amount.value, fmt.currency.value.decimalPlaces) || !/[1-9]/.test(amount.value)) {
      errors.set('transactionAmount', 'amount');
      return;
    }
    posting.value = true;
    const payment: TellerPayment = {
      transactionAmount: amount.value,
      paymentTypeCode: paymentTypeCode.value ?? 'CASH',
      receiptNumber: paymentTypeCode.value !== 'CASH' && reference.value.trim() ? reference.value.trim() : undefined,
      idempotencyKey: idempotencyKey.value,
    };
    try {
      const result = await cashCall((approval) => send(payment, approval));
      if (!result) {
        await focusAmount();
        return;
      }
      posted(result, payment);
      receipt.value = result.receipt;
      receiptOpen.value = true;
    } catch (e) {
      errors.apply(e);
      if (isApiError(e) && !NOT_A_REFUSAL.has(e.code)) idempotencyKey.value = crypto.randomUUID();
      await focusAmount();
    } finally {
      posting.value = false;
    }
  }

  /** Back to an empty search box, for the next client. */
  async function reset(): Promise<void> {
    picker.value?.clear();
    client.value = null;
    options.onReset();
    amount.value = '';
    receipt.value = null;
    errors.clear();
    if (Object.keys(route.query).length > 0) void router.replace({ query: {} });
    await nextTick();
    // The dialog hands the focus back to what opened it when it closes; take it afterwards.
    setTimeout(() => picker.value?.focus(), 0);
  }

  watch(receiptOpen, (open) => {
    if (!open && receipt.value) void reset();
  });

  /**
   * The keys of a step-2 pick list (loans, savings accounts): arrows move, Enter (or a key `choose` accepts) picks,
   * Escape starts again. Returns nothing; `choose(index, event)` says whether it took the key.
   */
  function listKey(e: KeyboardEvent, highlighted: Ref<number>, count: number, choose: (index: number, e: KeyboardEvent) => boolean): void {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      highlighted.value = Math.min(highlighted.value + 1, count - 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      highlighted.value = Math.max(highlighted.value - 1, 0);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      void reset();
    } else if (choose(highlighted.value, e)) {
      e.preventDefault();
    }
  }

  return {
    searchError,
    client,
    paymentTypes,
    paymentOptions,
    amount,
    paymentTypeCode,
    reference,
    posting,
    receipt,
    receiptOpen,
    errors,
    amountError,
    tillNotOpen,
    picker,
    form,
    focusAmount,
    startPayment,
    post,
    reset,
    listKey,
  };
}
