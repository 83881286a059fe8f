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
  /**
   * The link to head office: 'none' without an address; 'idle' (nothing to send, or not tried yet), 'sending',
   * 'waiting' (the link failed: the next try is due at link.nextTryAt), 'refused' (head office refused a file, or
   * the server is not head office: link.lastError says why; retrying will not help).
   */
  linkState: 'none' | 'idle' | 'sending' | 'waiting' | 'refused';
  link: {
    sending: { file: string; sent: number; total: number } | null;
    lastAttemptAt: string | null;
    lastSuccessAt: string | null;
    lastError: string | null;
    nextTryAt: string | null;
  };
  /** when head office last acknowledged anything (null: never) */
  acknowledgedAt: string | null;
  /** the folder each day-end writes the pending bundles to (a USB stick), or null */
  exportFolder: string | null;
}

export const exportOperations = {
  'exports.setHeadOffice': op<{ headOffice: string; url: string | null }>()({
    kind: 'command',
    access: 'exports.manage',
    input: z.strictObject({ pairing: z.string().min(2).max(20_000), url: z.string().trim().url().max(500).optional() }),
  }),
  /**
   * Head office's signed acknowledgement (the text of `<office>.ack`, from the USB stick or an upload's answer):
   * the branch records what head office holds and does not send those sequences again unless asked.
   */
  'exports.acknowledge': op<{ acknowledgedSequence: number; bundles: number }>()({
    kind: 'job',
    access: 'exports.manage',
    input: z.strictObject({ ack: z.string().min(2).max(5_000) }),
  }),
  /** Sends to head office now, in the background (over the address set); exports.status shows how it goes. */
  'exports.sendNow': op<{ linkState: ExportStatus['linkState'] }>()({ kind: 'job', access: 'exports.manage', input: z.strictObject({}) }),
  /**
   * The folder each day-end writes the pending bundles to (a USB stick taken to head office), or null to stop; it
   * must exist and be writable when set. A stick missing at a day-end does not stop the close: a warning says so.
   */
  'exports.setFolder': op<{ exportFolder: string | null }>()({
    kind: 'command',
    access: 'exports.manage',
    input: z.strictObject({ folder: z.string().trim().min(1).max(500).nullable() }),
  }),
  /** This branch's pairing file for head office (office code, name, the public half of its signing key). */
  'exports.pairing': op<{ fileName: string; text: string }>()({ kind: 'job', access: 'exports.manage', input: z.strictObject({}) }),
  'exports.status': op<ExportStatus>()({ kind: 'query', access: 'exports.manage', input: z.strictObject({}) }),
  /**
   * The bundles head office has not acknowledged, as file contents (base64) for a browser to save, in order: what is
   * pending is cut first. The files `branchbox export --out DIR` writes, where no folder can be chosen (the browser host).
   */
  'exports.download': op<{ files: { name: string; base64: string }[] }>()({ kind: 'job', access: 'exports.manage', input: z.strictObject({}) }),
} as const;
