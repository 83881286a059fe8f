import type { RouteLocationRaw } from 'vue-router';
import type { ReportLink } from '../../../../shared/contract/dashboard';

/** The report screen behind a dashboard figure: `/reports/<name>?<parameter>=<value>` (the reports screens' route). */
export function reportRoute(link: ReportLink): RouteLocationRaw {
  const { report, ...parameters } = link;
  return { path: `/reports/${report}`, query: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)])) };
}
