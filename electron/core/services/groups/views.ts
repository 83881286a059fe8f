import type { CenterDetail, CenterSummary, GroupDetail, GroupFigures, GroupRole, GroupSummary } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { getOrganisation } from '../organisation';
import { collectionCalendarOf, calendarView } from './meetings';
import { listCenterRows, listGroupRows, loanFigures, membersOf, rolesOf, savingsFigures, type CenterRow, type GroupRow, type Unit, type UnitRow } from './repository';
import { requireCenter, requireGroup } from './lifecycle';

/** Read models of centers and groups: lists with counts, and each one's detail with members, roles, meeting and figures. */

function groupSummary(r: GroupRow): GroupSummary {
  return {
    id: r.id,
    name: r.name,
    externalId: r.external_id,
    status: r.status,
    centerId: r.center_id,
    centerName: r.center_name,
    staffId: r.staff_id,
    staffName: r.staff_name,
    memberCount: r.member_count,
    activationDate: r.activated_on,
  };
}

function centerSummary(r: CenterRow): CenterSummary {
  return {
    id: r.id,
    name: r.name,
    externalId: r.external_id,
    status: r.status,
    staffId: r.staff_id,
    staffName: r.staff_name,
    groupCount: r.group_count,
    memberCount: r.member_count,
    activationDate: r.activated_on,
  };
}

export function listGroups(db: Db, filter: { centerId?: number | undefined; status?: string | undefined; staffId?: number | undefined }): GroupSummary[] {
  return listGroupRows(db, filter.centerId ?? null, filter.status ?? null, filter.staffId ?? null).map(groupSummary);
}

export function listCenters(db: Db, filter: { status?: string | undefined; staffId?: number | undefined }): CenterSummary[] {
  return listCenterRows(db, filter.status ?? null, filter.staffId ?? null).map(centerSummary);
}

/** What a center's and a group's detail share: the office and the dates of their lifecycle. */
function lifeOf(r: UnitRow): { officeId: number; submittedOnDate: string; closedOnDate: string | null; closureReason: string | null } {
  return { officeId: r.office_id, submittedOnDate: r.submitted_on, closedOnDate: r.closed_on, closureReason: r.closure_reason };
}

/** A group's or a center's figures on `asOf` (the business date): two statements, whatever the number of members. */
export function figuresOf(db: Db, unit: Unit, id: number, asOf: string): GroupFigures {
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  const loans = loanFigures(db, unit, id, asOf);
  const savings = savingsFigures(db, unit, id);
  return {
    asOf,
    currencyCode: currency.code,
    activeLoans: loans.active_loans,
    principalOutstanding: f(loans.principal_outstanding),
    totalOutstanding: f(loans.total_outstanding),
    loansInArrears: loans.loans_in_arrears,
    amountInArrears: f(loans.amount_in_arrears),
    savingsAccounts: savings.savings_accounts,
    savingsBalance: f(savings.savings_balance),
  };
}

export function groupDetail(db: Db, groupId: number, asOf: string): GroupDetail {
  const r = requireGroup(db, groupId);
  const roles = rolesOf(db, r.id).map((x) => ({ role: x.role as GroupRole, clientId: x.client_id, displayName: x.display_name }));
  const calendar = collectionCalendarOf(db, 'GROUP', r.id);
  return {
    ...groupSummary(r),
    ...lifeOf(r),
    members: membersOf(db, r.id).map((m) => ({
      clientId: m.client_id,
      accountNo: m.account_no,
      displayName: m.display_name,
      clientStatus: m.client_status,
      joinedOn: m.joined_on,
      roles: roles.filter((x) => x.clientId === m.client_id).map((x) => x.role),
    })),
    roles,
    collectionCalendar: calendar ? calendarView(calendar) : null,
    figures: figuresOf(db, 'groups', r.id, asOf),
  };
}

export function centerDetail(db: Db, centerId: number, asOf: string): CenterDetail {
  const r = requireCenter(db, centerId);
  const calendar = collectionCalendarOf(db, 'CENTER', r.id);
  return {
    ...centerSummary(r),
    ...lifeOf(r),
    groups: listGroups(db, { centerId: r.id }),
    collectionCalendar: calendar ? calendarView(calendar) : null,
    figures: figuresOf(db, 'centers', r.id, asOf),
  };
}
