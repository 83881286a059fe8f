import { z } from 'zod';
import { op } from './operation';

/**
 * The export to head office (issue 13; ARCHITECTURE.md 7): the branch's commands cut into signed, encrypted
 * bundles of what each changed, sequences a..b, the first a full snapshot. `exports.setHeadOffice` takes head
 * office's pairing file (its text: files reach the API as contents, never as server paths).
 */
export interface ExportStatus {
  officeCode: string;
  /** head office's organisation as its pairing file names it, or null before pairing */
  headOffice: string | null;
  url: string | null;
  epoch: number;
  lastBundle: { fromSeq: number; toSeq: number; createdAt: string; fileName: string } | null;
  /** the last sequence head office holds (0: none yet) */
  acknowledgedSequence: number;
  /** commands not yet in any bundle */
  pendingCommands: number;
  /** 'none' without an address; the upload comes later */
  linkState: 'none';
}

export const exportOperations = {
  'exports.setHeadOffice': op<{ headOffice: string; url: string | null }>()({
    kind: 'command',
    access: 'exports.manage',
    input: z.strictObject({ pairing: z.string().min(2).max(20_000), url: z.string().trim().url().max(500).optional() }),
  }),
  'exports.status': op<ExportStatus>()({ kind: 'query', access: 'exports.manage', input: z.strictObject({}) }),
} as const;
