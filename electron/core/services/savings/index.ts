import type { Registry } from '../../dispatch/registry';
import { addSavingsCharge, paySavingsCharge, waiveSavingsCharge, withdrawalFeePreview } from './chargeOperations';
import { adjustSavingsTransaction, undoSavingsTransaction } from './corrections';
import { changeBlock } from './dormancy';
import { postInterest } from './interest';
import { activateSavings, approveSavings, closeSavings, submitSavings } from './lifecycle';
import { createProduct, getProduct, listProducts } from './products';
import { deposit, transferToLoan, withdraw } from './transactions';
import { transferBetweenSavings } from './transfers';
import { listSavings, savingsStatement, savingsView } from './views';

/**
 * Savings products and accounts (DOMAIN.md "Savings (Fineract)"): the operations, each handed to the file that
 * does it (README.md in this folder lists them). The rules are the savings engine's (domain/savings); the SQL is
 * repository.ts'.
 */
export function registerSavings(registry: Registry): void {
  registry.register('savingsProducts.create', (ctx, input) => createProduct(ctx, input));
  registry.register('savingsProducts.list', (ctx) => listProducts(ctx.db));
  registry.register('savingsProducts.get', (ctx, input) => getProduct(ctx.db, input.id));

  registry.register('savings.submit', (ctx, input) => submitSavings(ctx, input));
  registry.register('savings.approve', (ctx, input) => approveSavings(ctx, input));
  registry.register('savings.activate', (ctx, input) => activateSavings(ctx, input));
  registry.register('savings.close', (ctx, input) => closeSavings(ctx, input));

  registry.register('savings.deposit', (ctx, input) => deposit(ctx, input));
  registry.register('savings.withdraw', (ctx, input) => withdraw(ctx, input));
  registry.register('savings.transferToLoan', (ctx, input) => transferToLoan(ctx, input));
  registry.register('savings.transfer', (ctx, input) => transferBetweenSavings(ctx, input));

  registry.register('savings.postInterest', (ctx, input) => postInterest(ctx, input));

  registry.register('savings.addCharge', (ctx, input) => addSavingsCharge(ctx, input));
  registry.register('savings.payCharge', (ctx, input) => paySavingsCharge(ctx, input));
  registry.register('savings.waiveCharge', (ctx, input) => waiveSavingsCharge(ctx, input));
  registry.register('savings.undoTransaction', (ctx, input) => undoSavingsTransaction(ctx, input));
  registry.register('savings.adjustTransaction', (ctx, input) => adjustSavingsTransaction(ctx, input));
  registry.register('savings.withdrawalFee', (ctx, input) => withdrawalFeePreview(ctx, input));

  registry.register('savings.block', (ctx, input) => changeBlock(ctx, 'savings.block', input));
  registry.register('savings.unblock', (ctx, input) => changeBlock(ctx, 'savings.unblock', input));
  registry.register('savings.blockDebit', (ctx, input) => changeBlock(ctx, 'savings.blockDebit', input));
  registry.register('savings.unblockDebit', (ctx, input) => changeBlock(ctx, 'savings.unblockDebit', input));

  registry.register('savings.get', (ctx, input) => savingsView(ctx.db, input.savingsId, ctx.businessDate()));
  registry.register('savings.list', (ctx, input) => listSavings(ctx.db, input));
  registry.register('savings.statement', (ctx, input) => savingsStatement(ctx.db, input, ctx.businessDate()));
}
