import { z } from 'zod';
import { op } from './operation';
import { id, trimmed, username, newPassword, currentPassword, optionalText } from './fields';
import { ROLES, type RoleCode } from '../permissions';

export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
  roles: RoleCode[];
  active: boolean;
  locked: boolean;
  staffId: number | null;
  lastLoginAt: string | null;
}

export interface StaffSummary {
  id: number;
  officeId: number;
  firstname: string;
  lastname: string;
  displayName: string;
  isLoanOfficer: boolean;
  active: boolean;
  mobileNo: string | null;
}

const roles = z.array(z.enum(ROLES)).min(1, { message: 'choose at least one role' });

export const userOperations = {
  'users.create': op<{ id: number }>()({
    kind: 'command',
    access: 'users.manage',
    input: z.strictObject({
      username,
      password: newPassword,
      roles,
      displayName: trimmed(120),
      staffId: id.optional(),
    }),
  }),
  'users.update': op<{ id: number }>()({
    kind: 'command',
    access: 'users.manage',
    input: z.strictObject({
      id,
      displayName: trimmed(120).optional(),
      roles: roles.optional(),
      active: z.boolean().optional(),
      password: newPassword.optional(),
      staffId: id.nullable().optional(),
    }),
  }),
  /** Lifts a lockout after repeated failed sign-ins. */
  'users.unlock': op<{ id: number }>()({ kind: 'command', access: 'users.manage', input: z.strictObject({ id }) }),
  'users.list': op<UserSummary[]>()({ kind: 'query', access: 'users.read', input: z.strictObject({}) }),
  /** Any signed-in user may change their own password. */
  'users.changePassword': op<{ id: number }>()({
    kind: 'command',
    access: 'AUTHENTICATED',
    input: z.strictObject({ currentPassword, newPassword }),
  }),
  'staff.create': op<{ id: number }>()({
    kind: 'command',
    access: 'staff.manage',
    input: z.strictObject({
      firstname: trimmed(60),
      lastname: trimmed(60),
      isLoanOfficer: z.boolean().default(false),
      mobileNo: optionalText(30),
      officeId: id.optional(),
    }),
  }),
  'staff.list': op<StaffSummary[]>()({
    kind: 'query',
    access: 'staff.read',
    input: z.strictObject({ loanOfficersOnly: z.boolean().default(false) }),
  }),
} as const;
