import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call, type Warning } from '../api/client';
import type { StaffSummary } from '../../../shared/contract';

/** Client screens' shared state: warnings to show after a save, and the loan officers for the form. */
export const useClientsStore = defineStore('clients', () => {
  /** Warnings (e.g. POSSIBLE_DUPLICATE) returned by the last save of a client, shown on its detail page. */
  const warningsByClient = ref<Record<number, Warning[]>>({});
  const loanOfficers = ref<StaffSummary[] | null>(null);

  function rememberWarnings(clientId: number, warnings: Warning[]): void {
    warningsByClient.value = { ...warningsByClient.value, [clientId]: warnings };
  }

  function takeWarnings(clientId: number): Warning[] {
    const list = warningsByClient.value[clientId] ?? [];
    const rest = { ...warningsByClient.value };
    delete rest[clientId];
    warningsByClient.value = rest;
    return list;
  }

  async function loadLoanOfficers(force = false): Promise<StaffSummary[]> {
    if (!loanOfficers.value || force) {
      loanOfficers.value = await call('staff.list', { loanOfficersOnly: true });
    }
    return loanOfficers.value;
  }

  return { warningsByClient, loanOfficers, rememberWarnings, takeWarnings, loadLoanOfficers };
});
