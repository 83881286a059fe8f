import type { CenterDetail, CenterSummary, GroupDetail, GroupRole, GroupSummary } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import { collectionCalendarOf, calendarView } from './meetings';
import { listCenterRows, listGroupRows, membersOf, rolesOf, type CenterRow, type GroupRow, type UnitRow } from './repository';
import { requireCenter, requireGroup } from './lifecycle';

/** Read models of centers and groups: lists with counts, and each one's detail with members, roles and meeting. */

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

export function groupDetail(db: Db, groupId: number): GroupDetail {
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
  };
}

export function centerDetail(db: Db, centerId: number): CenterDetail {
  const r = requireCenter(db, centerId);
  const calendar = collectionCalendarOf(db, 'CENTER', r.id);
  return {
    ...centerSummary(r),
    ...lifeOf(r),
    groups: listGroups(db, { centerId: r.id }),
    collectionCalendar: calendar ? calendarView(calendar) : null,
  };
}
