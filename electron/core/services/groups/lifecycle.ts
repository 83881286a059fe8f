import type { ParsedInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { findLocalOffice, newGlobalId } from '../organisation';
import { requireLoanOfficer } from '../users';
import { groupMemberLimits } from './memberLimits';
import {
  activateUnit,
  activeMemberCount,
  addMember,
  assignRole,
  clientRef,
  closeUnit,
  currentGroupOf,
  endMembership,
  getCenterRow,
  getGroupRow,
  holderOfExternalId,
  insertCenter,
  insertGroup,
  liveLoansOf,
  membersOf,
  openGroupsOf,
  setClientStaff,
  setUnitStaff,
  staffIdOfUser,
  unassignRole,
  updateUnit,
  type CenterRow,
  type GroupRow,
  type Unit,
  type UnitRow,
} from './repository';

/**
 * Centers and groups through Fineract's lifecycle (FINERACT-NOTES.md 5; GroupingTypesWritePlatformServiceJpaRepositoryImpl):
 * pending -> active -> closed, members, roles, loan officers, transfers. Every refusal throws before anything is
 * written, or inside the command's transaction, so a refused command leaves the database as it was.
 */

const fail = (code: 'VALIDATION_FAILED' | 'INVALID_STATE' | 'NOT_FOUND' | 'DUPLICATE' | 'CONFLICT' | 'PERMISSION_DENIED', field: string, message: string, reason = code.toLowerCase()): never => {
  throw new AppError(code, message, [{ field, code: reason, message }]);
};

export function requireCenter(db: Db, centerId: number, field = 'centerId'): CenterRow {
  return getCenterRow(db, centerId) ?? fail('NOT_FOUND', field, `There is no center ${centerId}`, 'not_found');
}

export function requireGroup(db: Db, groupId: number, field = 'groupId'): GroupRow {
  return getGroupRow(db, groupId) ?? fail('NOT_FOUND', field, `There is no group ${groupId}`, 'not_found');
}

/**
 * Who may change a center or group: a holder of groups.manage (a branch manager) any; a loan officer (groups.write)
 * only those whose loan officer they are (their user's staff record), and only naming themselves as loan officer.
 */
export function requireOwn(ctx: HandlerContext, staffId: number | null, field: string): void {
  const me = actorOf(ctx);
  if (me.permissions.includes('groups.manage')) return;
  const mine = staffIdOfUser(ctx.db, me.userId);
  if (mine === null || staffId !== mine) {
    fail('PERMISSION_DENIED', field, 'A loan officer may only keep the centers and groups they are the loan officer of', 'not_own');
  }
}

function checkExternalId(db: Db, unit: Unit, externalId: string | null | undefined, exceptId: number): void {
  if (!externalId) return;
  const other = holderOfExternalId(db, unit, externalId, exceptId);
  if (other) fail('DUPLICATE', 'externalId', `External id ${externalId} already belongs to ${other.name}`, 'duplicate');
}

interface Dates {
  active?: boolean | undefined;
  activationDate?: string | undefined;
  submittedOnDate?: string | undefined;
}

/**
 * Fineract's dates of a new center or group: active when `active` or an `activationDate` is given (on that date, or
 * the business date); submitted on `submittedOnDate`, or the activation date, or the business date. Neither after
 * the business date; activation not before submission.
 */
function datesOf(ctx: HandlerContext, input: Dates): { submittedOn: string; activatedOn: string | null } {
  const today = ctx.businessDate();
  const active = input.active ?? input.activationDate !== undefined;
  if (input.active === false && input.activationDate) fail('VALIDATION_FAILED', 'activationDate', 'is only for an active center or group (active is false)', 'not_active');
  const activatedOn = active ? (input.activationDate ?? today) : null;
  const submittedOn = input.submittedOnDate ?? (activatedOn !== null && activatedOn < today ? activatedOn : today);
  if (submittedOn > today) fail('VALIDATION_FAILED', 'submittedOnDate', `must not be after the business date ${today}`, 'future');
  if (activatedOn !== null) checkActivationDate(ctx, activatedOn, submittedOn);
  return { submittedOn, activatedOn };
}

function checkActivationDate(ctx: HandlerContext, on: string, submittedOn: string): void {
  const today = ctx.businessDate();
  if (on > today) fail('VALIDATION_FAILED', 'activationDate', `must not be after the business date ${today}`, 'future');
  if (on < submittedOn) fail('VALIDATION_FAILED', 'activationDate', `must not be before the submission date ${submittedOn}`, 'before_submission');
}

function checkStaff(db: Db, staffId: number | undefined | null, field = 'staffId'): number | null {
  if (staffId == null) return null;
  requireLoanOfficer(db, staffId, field);
  return staffId;
}

export function createCenter(ctx: HandlerContext, input: ParsedInput<'centers.create'>): { id: number } {
  const db = ctx.db;
  const office = findLocalOffice(db)!;
  const staffId = checkStaff(db, input.staffId);
  requireOwn(ctx, staffId, 'staffId');
  checkExternalId(db, 'centers', input.externalId, 0);
  const { submittedOn, activatedOn } = datesOf(ctx, input);
  const id = insertCenter(db, {
    globalId: newGlobalId(db, 'center', office.code),
    officeId: office.id,
    name: input.name,
    externalId: input.externalId ?? null,
    staffId,
    status: activatedOn ? 'ACTIVE' : 'PENDING',
    submittedOn,
    activatedOn,
    createdAt: ctx.clock.now().toISOString(),
  });
  ctx.touched('center', id);
  return { id };
}

/** The clients joining a group: each existing, not closed, in the branch, listed once, in no group now. */
function checkJoining(db: Db, groupId: number, clientIds: readonly number[], field: string): void {
  const seen = new Set<number>();
  clientIds.forEach((clientId, i) => {
    const at = `${field}.${i}`;
    if (seen.has(clientId)) fail('VALIDATION_FAILED', at, `Client ${clientId} is listed twice`, 'duplicate');
    seen.add(clientId);
    const c = clientRef(db, clientId) ?? fail('NOT_FOUND', at, `There is no client ${clientId}`, 'not_found');
    if (c.status === 'CLOSED') fail('INVALID_STATE', at, `${c.display_name} (${c.account_no}) is closed`, 'client_closed');
    const current = currentGroupOf(db, clientId);
    if (current) {
      // Branchbox's rule, stricter than Fineract (which lets a client belong to several groups)
      const where = current.group_id === groupId ? 'is already a member of this group' : `is already a member of group ${current.name} (${current.group_id})`;
      throw new AppError('CONFLICT', `${c.display_name} (${c.account_no}) ${where}: a client is a member of one group at a time`, [
        { field: at, code: 'in_another_group', message: where },
      ], { clientId, groupId: current.group_id, groupName: current.name });
    }
  });
}

function checkMaximum(db: Db, groupId: number, adding: readonly number[], field: string): void {
  const { maxClientsInGroup: max } = groupMemberLimits(db);
  if (max === null) return;
  const activeAdded = adding.filter((id) => clientRef(db, id)?.status === 'ACTIVE').length;
  const total = activeMemberCount(db, groupId) + activeAdded;
  if (total > max) fail('VALIDATION_FAILED', field, `The group would have ${total} active members, more than the branch's maximum of ${max}`, 'above_maximum');
}

function join(ctx: HandlerContext, groupId: number, clientIds: readonly number[], on: string): void {
  for (const clientId of clientIds) {
    addMember(ctx.db, newGlobalId(ctx.db, 'groupMember'), groupId, clientId, on);
    ctx.touched('client', clientId);
  }
}

export function createGroup(ctx: HandlerContext, input: ParsedInput<'groups.create'>): { id: number } {
  const db = ctx.db;
  const office = findLocalOffice(db)!;
  const staffId = checkStaff(db, input.staffId);
  requireOwn(ctx, staffId, 'staffId');
  let center: CenterRow | undefined;
  if (input.centerId !== undefined) {
    center = requireCenter(db, input.centerId);
    if (center.status === 'CLOSED') fail('INVALID_STATE', 'centerId', `The center ${center.name} is closed`, 'center_closed');
  }
  checkExternalId(db, 'groups', input.externalId, 0);
  const { submittedOn, activatedOn } = datesOf(ctx, input);
  checkJoining(db, 0, input.clientMembers, 'clientMembers');
  const id = insertGroup(db, {
    globalId: newGlobalId(db, 'group', office.code),
    officeId: office.id,
    centerId: center?.id ?? null,
    name: input.name,
    externalId: input.externalId ?? null,
    staffId,
    status: 'PENDING',
    submittedOn,
    activatedOn: null,
    createdAt: ctx.clock.now().toISOString(),
  });
  join(ctx, id, input.clientMembers, submittedOn);
  checkMaximum(db, id, [], 'clientMembers');
  if (activatedOn !== null) activate(ctx, 'groups', id, activatedOn);
  ctx.touched('group', id);
  return { id };
}

export function updateCenterOrGroup(ctx: HandlerContext, unit: Unit, row: UnitRow, input: { name?: string | undefined; externalId?: string | null | undefined }): { id: number } {
  requireOwn(ctx, row.staff_id, unit === 'centers' ? 'centerId' : 'groupId');
  if (row.status === 'CLOSED') fail('INVALID_STATE', unit === 'centers' ? 'centerId' : 'groupId', `${row.name} is closed`, 'closed');
  const externalId = input.externalId === undefined ? row.external_id : input.externalId;
  checkExternalId(ctx.db, unit, externalId, row.id);
  updateUnit(ctx.db, unit, row.id, { name: input.name ?? row.name, externalId: externalId ?? null });
  ctx.touched(unit === 'centers' ? 'center' : 'group', row.id);
  return { id: row.id };
}

/** Activates a pending center or group (Fineract's command=activate); a group checks its center and the member limits. */
export function activate(ctx: HandlerContext, unit: Unit, id: number, on: string | undefined): { id: number } {
  const db = ctx.db;
  const field = unit === 'centers' ? 'centerId' : 'groupId';
  const row = unit === 'centers' ? requireCenter(db, id) : requireGroup(db, id);
  requireOwn(ctx, row.staff_id, field);
  if (row.status !== 'PENDING') fail('INVALID_STATE', field, `${row.name} is ${row.status.toLowerCase()}, not pending`, 'not_pending');
  const date = on ?? ctx.businessDate();
  checkActivationDate(ctx, date, row.submitted_on);
  if (unit === 'groups') {
    const group = row as GroupRow;
    if (group.center_id !== null) {
      const center = requireCenter(db, group.center_id, 'centerId');
      if (center.status !== 'ACTIVE') fail('INVALID_STATE', field, `The group's center ${center.name} is not active`, 'center_not_active');
    }
    const { minClientsInGroup: min, maxClientsInGroup: max } = groupMemberLimits(db);
    const n = activeMemberCount(db, id);
    if ((min !== null && n < min) || (max !== null && n > max)) {
      // Fineract's GroupMemberCountNotInPermissibleRangeException
      fail('VALIDATION_FAILED', 'clientMembers', `${row.name} has ${n} active members; the branch allows ${min ?? 0} to ${max ?? 'any number'}`, 'member_count');
    }
  }
  activateUnit(db, unit, id, date);
  ctx.touched(unit === 'centers' ? 'center' : 'group', id);
  return { id };
}

function closureDateOf(ctx: HandlerContext, row: UnitRow, closureDate: string | undefined): string {
  const date = closureDate ?? ctx.businessDate();
  if (date > ctx.businessDate()) fail('VALIDATION_FAILED', 'closureDate', `must not be after the business date ${ctx.businessDate()}`, 'future');
  const since = row.activated_on ?? row.submitted_on;
  if (date < since) fail('VALIDATION_FAILED', 'closureDate', `must not be before ${since}`, 'before_activation');
  return date;
}

/**
 * Closes a group (Fineract's command=close): refused while a member has a loan pending, approved or active (naming
 * the loan), and, as Fineract (Group.close / hasActiveClients: "Group cannot be closed because of active clients
 * associated with it"), while any member who is not a closed client remains: they are removed or transferred first.
 * A closed client still listed leaves with the closure (no member of a closed group, verify/groups.ts).
 */
export function closeGroup(ctx: HandlerContext, input: ParsedInput<'groups.close'>): { id: number } {
  const db = ctx.db;
  const row = requireGroup(db, input.groupId);
  if (row.status === 'CLOSED') fail('INVALID_STATE', 'groupId', `${row.name} is already closed`, 'closed');
  const date = closureDateOf(ctx, row, input.closureDate);
  const members = membersOf(db, row.id);
  const loan = liveLoansOf(db, members.map((m) => m.client_id))[0];
  if (loan) {
    const who = members.find((m) => m.client_id === loan.client_id)!;
    fail('INVALID_STATE', 'groupId', `${who.display_name} (${who.account_no}) has loan ${loan.account_no} still open: ${row.name} cannot be closed`, 'active_loans');
  }
  const remaining = members.filter((m) => m.client_status !== 'CLOSED').length;
  if (remaining > 0) {
    const n = remaining === 1 ? '1 member' : `${remaining} members`;
    throw new AppError('INVALID_STATE', `${row.name} cannot be closed: it still has ${n}; remove them or transfer them to another group first`, [
      { field: 'groupId', code: 'active_clients', message: `still has ${n}: remove or transfer them first` },
    ], { remainingMembers: remaining });
  }
  for (const m of members) endMembership(db, row.id, m.client_id, date);
  closeUnit(db, 'groups', row.id, date, input.closureReason);
  ctx.touched('group', row.id);
  return { id: row.id };
}

/** Closes a center: refused while it has groups not closed (Fineract). */
export function closeCenter(ctx: HandlerContext, input: ParsedInput<'centers.close'>): { id: number } {
  const db = ctx.db;
  const row = requireCenter(db, input.centerId);
  if (row.status === 'CLOSED') fail('INVALID_STATE', 'centerId', `${row.name} is already closed`, 'closed');
  const date = closureDateOf(ctx, row, input.closureDate);
  const open = openGroupsOf(db, row.id)[0];
  if (open) fail('INVALID_STATE', 'centerId', `${row.name} still has group ${open.name} (${open.status.toLowerCase()}): close it first`, 'open_groups');
  closeUnit(db, 'centers', row.id, date, input.closureReason);
  ctx.touched('center', row.id);
  return { id: row.id };
}

function requireOpenGroup(ctx: HandlerContext, groupId: number, field = 'groupId'): GroupRow {
  const row = requireGroup(ctx.db, groupId, field);
  if (row.status === 'CLOSED') fail('INVALID_STATE', field, `The group ${row.name} is closed`, 'closed');
  return row;
}

export function addMembers(ctx: HandlerContext, input: ParsedInput<'groups.addMembers'>): { id: number } {
  const row = requireOpenGroup(ctx, input.groupId);
  requireOwn(ctx, row.staff_id, 'groupId');
  checkJoining(ctx.db, row.id, input.clientMembers, 'clientMembers');
  checkMaximum(ctx.db, row.id, input.clientMembers, 'clientMembers');
  join(ctx, row.id, input.clientMembers, ctx.businessDate());
  ctx.touched('group', row.id);
  return { id: row.id };
}

function requireMembers(db: Db, row: GroupRow, clientIds: readonly number[], field: (i: number) => string): void {
  const members = new Set(membersOf(db, row.id).map((m) => m.client_id));
  clientIds.forEach((clientId, i) => {
    if (!members.has(clientId)) {
      const c = clientRef(db, clientId);
      fail('VALIDATION_FAILED', field(i), `${c ? `${c.display_name} (${c.account_no})` : `Client ${clientId}`} is not a member of ${row.name}`, 'not_member');
    }
  });
}

export function removeMembers(ctx: HandlerContext, input: ParsedInput<'groups.removeMembers'>): { id: number } {
  const row = requireOpenGroup(ctx, input.groupId);
  requireOwn(ctx, row.staff_id, 'groupId');
  requireMembers(ctx.db, row, input.clientMembers, (i) => `clientMembers.${i}`);
  for (const clientId of input.clientMembers) {
    endMembership(ctx.db, row.id, clientId, ctx.businessDate());
    ctx.touched('client', clientId);
  }
  ctx.touched('group', row.id);
  return { id: row.id };
}

/**
 * Fineract's transferClients: each client, an active member of the source, leaves it and joins the destination (same
 * office, not closed, not the source), takes the destination's loan officer unless inheritDestinationGroupLoanOfficer
 * is false (or newStaffId names another), and the destination's maximum members holds.
 */
export function transferClients(ctx: HandlerContext, input: ParsedInput<'groups.transferClients'>): { id: number } {
  const db = ctx.db;
  const source = requireOpenGroup(ctx, input.groupId);
  if (input.destinationGroupId === source.id) fail('VALIDATION_FAILED', 'destinationGroupId', 'must be another group than the source', 'same_group');
  const destination = requireOpenGroup(ctx, input.destinationGroupId, 'destinationGroupId');
  if (destination.office_id !== source.office_id) fail('VALIDATION_FAILED', 'destinationGroupId', 'must be in the same office as the source group', 'other_office');
  const ids = input.clients.map((c) => c.id);
  if (new Set(ids).size !== ids.length) fail('VALIDATION_FAILED', 'clients', 'a client is listed twice', 'duplicate');
  requireMembers(db, source, ids, (i) => `clients.${i}.id`);
  const newStaff = input.newStaffId !== undefined ? checkStaff(db, input.newStaffId, 'newStaffId') : input.inheritDestinationGroupLoanOfficer ? destination.staff_id : undefined;
  const today = ctx.businessDate();
  for (const clientId of ids) endMembership(db, source.id, clientId, today);
  checkMaximum(db, destination.id, ids, 'clients');
  const now = ctx.clock.now().toISOString();
  for (const clientId of ids) {
    addMember(db, newGlobalId(db, 'groupMember'), destination.id, clientId, today);
    if (newStaff !== undefined && newStaff !== null) setClientStaff(db, clientId, newStaff, now);
    ctx.touched('client', clientId);
  }
  ctx.touched('group', source.id);
  ctx.touched('group', destination.id);
  return { id: source.id };
}

export function assignStaff(ctx: HandlerContext, unit: Unit, row: UnitRow, staffId: number | null): { id: number } {
  const field = unit === 'centers' ? 'centerId' : 'groupId';
  if (row.status === 'CLOSED') fail('INVALID_STATE', field, `${row.name} is closed`, 'closed');
  if (staffId !== null) checkStaff(ctx.db, staffId);
  else if (row.staff_id === null) fail('INVALID_STATE', field, `${row.name} has no loan officer to unassign`, 'no_staff');
  setUnitStaff(ctx.db, unit, row.id, staffId);
  ctx.touched(unit === 'centers' ? 'center' : 'group', row.id);
  return { id: row.id };
}

export function setRole(ctx: HandlerContext, input: ParsedInput<'groups.assignRole'>): { id: number } {
  const row = requireOpenGroup(ctx, input.groupId);
  requireOwn(ctx, row.staff_id, 'groupId');
  requireMembers(ctx.db, row, [input.clientId], () => 'clientId');
  assignRole(ctx.db, newGlobalId(ctx.db, 'groupRole'), row.id, input.clientId, input.role);
  ctx.touched('group', row.id);
  return { id: row.id };
}

export function dropRole(ctx: HandlerContext, input: ParsedInput<'groups.unassignRole'>): { id: number } {
  const row = requireOpenGroup(ctx, input.groupId);
  requireOwn(ctx, row.staff_id, 'groupId');
  if (unassignRole(ctx.db, row.id, input.role) === 0) fail('VALIDATION_FAILED', 'role', `No member of ${row.name} holds the role ${input.role}`, 'not_held');
  ctx.touched('group', row.id);
  return { id: row.id };
}
