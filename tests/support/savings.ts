import { AKIBA, lendingBranch, setBusinessDate, type LendingBranch } from './lending';

export interface SavingsBranch extends LendingBranch {
  /** The savings product the branch was made with (`productId` stays the loan product). */
  savingsProductId: number;
  /** An active account of that product for `clientId`, activated on 1 January 2026. */
  savingsId: number;
}

/**
 * Submits (teller), approves and activates (manager) an account on the business date; returns its id. `activation`:
 * what savings.activate takes besides (the payment type of an opening deposit).
 */
export async function openSavings(b: LendingBranch, productId: number, clientId = b.clientId, activation: Record<string, unknown> = {}): Promise<number> {
  const { savingsId } = await b.teller.ok('savings.submit', { clientId, productId });
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId, ...activation });
  return savingsId;
}

/** A lending branch (tills open, 10,000,000 each) on 1 January 2026 with a savings product and an active account. */
export async function savingsBranch(product: Record<string, unknown> = AKIBA, activation: Record<string, unknown> = {}): Promise<SavingsBranch> {
  const b = await lendingBranch();
  setBusinessDate(b.core, '2026-01-01');
  const { id: savingsProductId } = await b.manager.ok('savingsProducts.create', product as never);
  return { ...b, savingsProductId, savingsId: await openSavings(b, savingsProductId, b.clientId, activation) };
}
