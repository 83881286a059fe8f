import type { Registry } from '../../dispatch/registry';
import { listDrafts, meetingsOn, saveSheet } from './entries';
import { postSheet } from './post';
import { resolveSheet, sheetView } from './sheet';
import { undoSheet } from './undo';

/**
 * The collection sheet (issue 17; FINERACT-NOTES.md 3): the operations of shared/contract/collectionSheet.ts.
 */
export function registerCollectionSheet(registry: Registry): void {
  registry.register('collectionSheet.get', (ctx, input) => sheetView(ctx, resolveSheet(ctx.db, input)));
  registry.register('collectionSheet.save', (ctx, input) => saveSheet(ctx, input));
  registry.register('collectionSheet.post', (ctx, input) => postSheet(ctx, input));
  registry.register('collectionSheet.undo', (ctx, input) => undoSheet(ctx, input));
  registry.register('collectionSheet.drafts', (ctx) => listDrafts(ctx.db));
  registry.register('collectionSheet.meetings', (ctx, input) => meetingsOn(ctx, input));
}
