import { computed, reactive, ref } from 'vue';
import { isApiError } from '../api/client';
import { useTillStore } from '../stores/useTillStore';
import type { ManagerApproval } from '../../../shared/contract';

type Attempt = (approval: ManagerApproval | undefined) => Promise<unknown>;

interface PendingApproval {
  attempt: Attempt;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Why a manager must approve: cash over the till's limit, a payment that overpays a loan beyond the branch's margin, or a teller's correction of a savings transaction not their own of today. */
export type ApprovalReason = 'cashLimit' | 'overpayment' | 'correction' | 'undoRepayment';

/**
 * The manager approval prompt's state: one for the whole window (components/ManagerApprovalDialog.vue, mounted
 * once by AppShell, shows it). The figures are the core's (the refusal's details) for the reason given. `error` is
 * the last refused approval (wrong password, not a manager).
 */
export const approvalPrompt = reactive({
  open: false,
  busy: false,
  reason: 'cashLimit' as ApprovalReason,
  cashLimit: null as string | null,
  balanceAfter: null as string | null,
  /** an overpayment: what the loan owes, by how much the payment overpays it, the most allowed and its percentage */
  owed: null as string | null,
  overpaidBy: null as string | null,
  margin: null as string | null,
  marginPercent: null as string | null,
  error: null as unknown,
});
let pending: PendingApproval | null = null;

function showPrompt(e: unknown, next: PendingApproval): void {
  const details = isApiError(e) ? e.details : undefined;
  const fact = (name: string): string | null => (typeof details?.[name] === 'string' ? (details[name] as string) : null);
  const reason = fact('reason');
  approvalPrompt.reason = isApiError(e) && e.code === 'OVERPAYMENT_APPROVAL_REQUIRED' ? 'overpayment' : reason === 'correction' || reason === 'undoRepayment' ? reason : 'cashLimit';
  approvalPrompt.cashLimit = fact('cashLimit');
  approvalPrompt.balanceAfter = fact('balanceAfter');
  approvalPrompt.owed = fact('owed');
  approvalPrompt.overpaidBy = fact('overpaidBy');
  approvalPrompt.margin = fact('margin');
  approvalPrompt.marginPercent = fact('marginPercent');
  approvalPrompt.error = null;
  approvalPrompt.busy = false;
  approvalPrompt.open = true;
  pending = next;
}

const isApprovalRequired = (e: unknown) => isApiError(e) && (e.code === 'APPROVAL_REQUIRED' || e.code === 'OVERPAYMENT_APPROVAL_REQUIRED');
/** Failures the manager can put right in the prompt itself. */
const isApprovalRefused = (e: unknown) => isApiError(e) && (e.code === 'INVALID_CREDENTIALS' || e.code === 'PERMISSION_DENIED' || e.code === 'VALIDATION_FAILED' || e.code === 'ACCOUNT_LOCKED');

/** The prompt's "Approve": the very same call again, now with the manager's username and password. */
export async function approvePending(approval: ManagerApproval): Promise<void> {
  const p = pending;
  if (!p || approvalPrompt.busy) return;
  approvalPrompt.busy = true;
  approvalPrompt.error = null;
  try {
    const result = await p.attempt(approval);
    pending = null;
    approvalPrompt.open = false;
    p.resolve(result);
  } catch (e) {
    if (isApprovalRefused(e)) {
      approvalPrompt.error = e;
    } else if (isApprovalRequired(e)) {
      // Still over a limit (the till or the loan moved meanwhile): the prompt stays, with the new figures.
      showPrompt(e, p);
      approvalPrompt.error = e;
    } else {
      pending = null;
      approvalPrompt.open = false;
      p.reject(e);
    }
  } finally {
    approvalPrompt.busy = false;
  }
}

/** The prompt closed without approval: the call counts as not made. */
export function cancelPending(): void {
  const p = pending;
  pending = null;
  approvalPrompt.open = false;
  p?.resolve(null);
}

/**
 * Wraps a cash command (repayment, deposit, withdrawal, disbursement ...) or a loan payment: the attempt is made
 * without an approval; when the core answers APPROVAL_REQUIRED (the till would go over its cash limit) or
 * OVERPAYMENT_APPROVAL_REQUIRED (the payment would overpay the loan beyond the branch's margin) the manager approval
 * prompt opens and the very same attempt runs again with `approval: {username, password}`. Resolves with the
 * command's result, or null when the prompt was cancelled; any other failure is thrown for the screen to show.
 * `tillNotOpen` is true after a TILL_NOT_OPEN (the screen offers the way to the till). The till's cash position
 * is refreshed after every attempt.
 */
export function useCashCall() {
  const till = useTillStore();
  const lastError = ref<unknown>(null);

  async function run<T>(attempt: (approval: ManagerApproval | undefined) => Promise<T>): Promise<T | null> {
    lastError.value = null;
    try {
      return await attempt(undefined);
    } catch (e) {
      if (!isApprovalRequired(e)) {
        lastError.value = e;
        throw e;
      }
      try {
        return await new Promise<T | null>((resolve, reject) => {
          showPrompt(e, { attempt, resolve: resolve as (value: unknown) => void, reject });
        });
      } catch (refused) {
        lastError.value = refused;
        throw refused;
      }
    } finally {
      void till.refresh();
    }
  }

  const tillNotOpen = computed(() => isApiError(lastError.value) && lastError.value.code === 'TILL_NOT_OPEN');
  function clearError(): void {
    lastError.value = null;
  }

  return { run, tillNotOpen, clearError };
}
