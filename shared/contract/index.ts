/**
 * The one contract: every operation the renderer (or a script) can call, by name.
 * Add an area by writing its `xOperations` map and spreading it here.
 */
import type { InputOf, OutputOf, ParsedInputOf } from './operation';
import { grants, type Access, type PermissionCode } from '../permissions';
import { setupOperations } from './setup';
import { sessionOperations } from './session';
import { userOperations } from './users';
import { settingsOperations } from './settings';
import { clientOperations } from './clients';
import { loanOperations } from './loans';
import { loanProductOperations } from './loanProducts';
import { penaltyOperations } from './penalties';
import { chargeOperations } from './charges';
import { accountingOperations } from './accounting';
import { savingsOperations } from './savings';
import { tillOperations } from './tills';
import { dayEndOperations } from './dayEnd';
import { calendarOperations } from './calendar';
import { groupOperations } from './groups';
import { collectionSheetOperations } from './collectionSheet';
import { exportOperations } from './exports';
import { hqOperations } from './hq';
import { backupOperations } from './backups';
import { reportsOperations } from './reports';
import { dashboardOperations } from './dashboard';

export const operations = {
  ...setupOperations,
  ...sessionOperations,
  ...userOperations,
  ...settingsOperations,
  ...clientOperations,
  ...loanOperations,
  ...loanProductOperations,
  ...penaltyOperations,
  ...chargeOperations,
  ...accountingOperations,
  ...savingsOperations,
  ...tillOperations,
  ...dayEndOperations,
  ...calendarOperations,
  ...groupOperations,
  ...collectionSheetOperations,
  ...exportOperations,
  ...hqOperations,
  ...backupOperations,
  ...reportsOperations,
  ...dashboardOperations,
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type Input<K extends OperationName> = InputOf<Operations[K]>;
export type ParsedInput<K extends OperationName> = ParsedInputOf<Operations[K]>;
export type Output<K extends OperationName> = OutputOf<Operations[K]>;

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(operations, name);
}

/** What an operation asks of its caller: the permission it declares, or PUBLIC / AUTHENTICATED. */
export function accessOf(name: OperationName): Access {
  return operations[name].access;
}

/** Whether a user holding `permissions` may call the operation (null: nobody is signed in). */
export function mayCall(name: OperationName, permissions: readonly PermissionCode[] | null | undefined): boolean {
  return grants(accessOf(name), permissions);
}

export * from './operation';
export type { ManagerApproval } from './fields';
export type { SessionInfo } from './session';
export type { DemoHistoryResult, DemoStatus, SetupStatus } from './setup';
export type { UserSummary, StaffSummary } from './users';
export type { Settings, OfficeSummary, AuditEntry } from './settings';
export type { ClientSummary, ClientDetail, ClientIdentifier, ClientStatus, ClientPage } from './clients';
export { GENDERS, DOCUMENT_TYPES, CLIENT_STATUSES } from './clients';
export type { ScheduleInputRaw, ScheduleOutput, SchedulePeriodOutput } from './loanSchedule';
export { parseInput } from './parse';
export * from './loans';
export type { LoanProduct, LoanProductInput } from './loanProducts';
export type { AppliedPenalty, LoanOverdueView, OverduePenaltyRun } from './penalties';
export * from './charges';
export * from './accounting';
export * from './savings';
export * from './tills';
export * from './dayEnd';
export * from './calendar';
export * from './groups';
export * from './collectionSheet';
export * from './exports';
export * from './hq';
export * from './backups';
export * from './reports';
