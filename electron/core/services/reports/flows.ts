import type { ReportDef } from './catalogue';

/** Money in and out of the portfolio over a period, clients and savings (FINERACT-NOTES.md 1.6-1.9, 1.13, 1.15). */
export const flowReports: ReportDef[] = [];
