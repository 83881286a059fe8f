import type { Registry } from '../../dispatch/registry';
import { exportReport } from './files';
import { listReports, runReport } from './run';

/** Reports (issue 18): the operations of shared/contract/reports.ts. */
export function registerReports(registry: Registry): void {
  registry.register('reports.list', (ctx) => listReports(ctx));
  registry.register('reports.run', (ctx, input) => runReport(ctx, input));
  registry.register('reports.export', (ctx, { format, words, ...input }) => exportReport(ctx, input, format, words));
}
