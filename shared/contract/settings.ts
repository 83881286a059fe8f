import { z } from 'zod';
import { op } from './operation';

export interface Settings {
  idleLockMinutes: number;
}

export interface OfficeSummary {
  id: number;
  code: string;
  name: string;
  headOffice: boolean;
  parentId: number | null;
}

export interface AuditEntry {
  seq: number;
  operation: string;
  username: string | null;
  businessDate: string;
  recordedAt: string;
  entityIds: string[];
}

export const settingsOperations = {
  'settings.get': op<Settings>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
  'settings.update': op<Settings>()({
    kind: 'command',
    access: 'settings.manage',
    input: z.strictObject({ idleLockMinutes: z.number().int().min(1).max(240).optional() }),
  }),
  'offices.list': op<OfficeSummary[]>()({ kind: 'query', access: 'organisation.read', input: z.strictObject({}) }),
  'audit.list': op<AuditEntry[]>()({
    kind: 'query',
    access: 'audit.read',
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100), beforeSeq: z.number().int().optional() }),
  }),
} as const;
