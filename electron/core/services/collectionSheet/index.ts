import { AppError } from '../../../../shared/errors';
import type { Registry } from '../../dispatch/registry';

/**
 * The collection sheet (issue 17; FINERACT-NOTES.md 3): the operations of shared/contract/collectionSheet.ts.
 * Registered first with a refusal so the core starts while the handlers land one by one.
 */
const notYet = (): never => {
  throw new AppError('INVALID_STATE', 'The collection sheet is not ready yet');
};

export function registerCollectionSheet(registry: Registry): void {
  registry.register('collectionSheet.get', notYet);
  registry.register('collectionSheet.save', notYet);
  registry.register('collectionSheet.post', notYet);
  registry.register('collectionSheet.undo', notYet);
  registry.register('collectionSheet.drafts', notYet);
  registry.register('collectionSheet.meetings', notYet);
}
