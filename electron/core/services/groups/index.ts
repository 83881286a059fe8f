import type { Registry } from '../../dispatch/registry';
import {
  activate,
  addMembers,
  assignStaff,
  closeCenter,
  closeGroup,
  createCenter,
  createGroup,
  dropRole,
  removeMembers,
  requireCenter,
  requireGroup,
  setRole,
  transferClients,
  updateCenterOrGroup,
} from './lifecycle';
import { calendarView, createCalendar,
  updateCalendar, findCalendar, meetingDatesOf, meetingView, saveAttendance } from './meetings';
import { centerDetail, groupDetail, listCenters, listGroups } from './views';

/**
 * Centers, groups, meeting calendars and attendance (issue 17; DOMAIN.md "Clients, groups, centers";
 * FINERACT-NOTES.md 3.5 and 5): the operations of shared/contract/groups.ts.
 */
export function registerGroups(registry: Registry): void {
  registry.register('centers.create', (ctx, input) => createCenter(ctx, input));
  registry.register('centers.update', (ctx, input) => updateCenterOrGroup(ctx, 'centers', requireCenter(ctx.db, input.centerId), input));
  registry.register('centers.activate', (ctx, input) => activate(ctx, 'centers', input.centerId, input.activationDate));
  registry.register('centers.close', (ctx, input) => closeCenter(ctx, input));
  registry.register('centers.assignStaff', (ctx, input) => assignStaff(ctx, 'centers', requireCenter(ctx.db, input.centerId), input.staffId));
  registry.register('centers.unassignStaff', (ctx, input) => assignStaff(ctx, 'centers', requireCenter(ctx.db, input.centerId), null));
  registry.register('centers.get', (ctx, input) => centerDetail(ctx.db, input.centerId, ctx.businessDate()));
  registry.register('centers.list', (ctx, input) => listCenters(ctx.db, input));

  registry.register('groups.create', (ctx, input) => createGroup(ctx, input));
  registry.register('groups.update', (ctx, input) => updateCenterOrGroup(ctx, 'groups', requireGroup(ctx.db, input.groupId), input));
  registry.register('groups.activate', (ctx, input) => activate(ctx, 'groups', input.groupId, input.activationDate));
  registry.register('groups.close', (ctx, input) => closeGroup(ctx, input));
  registry.register('groups.addMembers', (ctx, input) => addMembers(ctx, input));
  registry.register('groups.removeMembers', (ctx, input) => removeMembers(ctx, input));
  registry.register('groups.transferClients', (ctx, input) => transferClients(ctx, input));
  registry.register('groups.assignStaff', (ctx, input) => assignStaff(ctx, 'groups', requireGroup(ctx.db, input.groupId), input.staffId));
  registry.register('groups.unassignStaff', (ctx, input) => assignStaff(ctx, 'groups', requireGroup(ctx.db, input.groupId), null));
  registry.register('groups.assignRole', (ctx, input) => setRole(ctx, input));
  registry.register('groups.unassignRole', (ctx, input) => dropRole(ctx, input));
  registry.register('groups.get', (ctx, input) => groupDetail(ctx.db, input.groupId, ctx.businessDate()));
  registry.register('groups.list', (ctx, input) => listGroups(ctx.db, input));

  registry.register('calendars.create', (ctx, input) => createCalendar(ctx, input));
  registry.register('calendars.update', (ctx, input) => updateCalendar(ctx, input));
  registry.register('calendars.get', (ctx, input) => calendarView(findCalendar(ctx.db, input)));
  registry.register('calendars.meetingDates', (ctx, input) => {
    const cal = findCalendar(ctx.db, input);
    return { calendarId: cal.id, dates: meetingDatesOf(ctx.db, cal, input.fromDate, input.toDate) };
  });
  registry.register('meetings.saveAttendance', (ctx, input) => saveAttendance(ctx, input));
  registry.register('meetings.get', (ctx, input) => meetingView(ctx.db, input.calendarId, input.meetingDate));
}
