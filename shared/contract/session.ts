import { z } from 'zod';
import { op } from './operation';
import { currentPassword } from './fields';
import type { RoleCode, PermissionCode } from '../permissions';
import type { Currency } from '../money';

export interface SessionInfo {
  /** `staffId`: the user's staff record (a loan officer's: the client form proposes it), null when none */
  user: { id: number; username: string; displayName: string; roles: RoleCode[]; permissions: PermissionCode[]; staffId?: number | null };
  office: { id: number; code: string; name: string; headOffice: boolean };
  /** `country`: ISO 3166-1 alpha-2, when the branch knows it (shared/phone.ts) */
  organisation: { name: string; country?: string | undefined };
  currency: Currency;
  businessDate: string;
  training: boolean;
  idleLockMinutes: number;
}

export const sessionOperations = {
  'session.login': op<SessionInfo>()({
    kind: 'session',
    access: 'PUBLIC',
    input: z.strictObject({ username: z.string().trim().min(1, { message: 'is required' }), password: currentPassword }),
  }),
  /** Unlocks an idle-locked session: the same user types the password again. */
  'session.unlock': op<SessionInfo>()({
    kind: 'session',
    access: 'PUBLIC',
    input: z.strictObject({ password: currentPassword }),
  }),
  'session.current': op<SessionInfo>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
  /** Locks the session now (the teller steps away). */
  'session.lock': op<{ locked: true }>()({ kind: 'session', access: 'AUTHENTICATED', input: z.strictObject({}) }),
  'session.logout': op<{ signedOut: true }>()({ kind: 'session', access: 'PUBLIC', input: z.strictObject({}) }),
} as const;
