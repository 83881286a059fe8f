import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { acknowledgementFor, importBundle, type HeadOffice, type ImportOutcome } from './import';

/**
 * Head office receiving a bundle over the network in pieces (issue 13), as tus does: the branch asks how much of a
 * file head office has (`offset`), then sends the rest from there (`append`), piece by piece; a dropped connection
 * loses at most the piece under way. The pieces are kept on disk in the data folder's incoming/ (in memory for a
 * head office kept in memory), each written and flushed before it is counted. When the last piece is in, the file is
 * imported like one from a USB stick and head office answers with its acknowledgement.
 */
export const BUNDLE_FILE = /^([A-Z0-9]{2,6})-\d{2}-\d{9}-\d{9}\.bbx$/;
/** The largest bundle accepted over the network (a full snapshot of a very large branch). */
export const MAX_UPLOAD = 4 * 1024 * 1024 * 1024;
/** The largest piece accepted in one request. */
export const MAX_PIECE = 8 * 1024 * 1024;

export type ReceiveAnswer =
  | { kind: 'partial'; offset: number }
  /** the file came whole before (its answer was lost on the way back): head office says what it holds */
  | { kind: 'received'; acknowledgement: string }
  | { kind: 'done'; offset: number; outcome: ImportOutcome; acknowledgement: string | null }
  | { kind: 'refused'; status: 400 | 404 | 409 | 413; message: string; offset?: number };

export class Receiver {
  private readonly memory = new Map<string, Buffer>();
  /** files being imported now: a piece repeated meanwhile waits for the same answer */
  private readonly importing = new Map<string, Promise<ReceiveAnswer>>();

  constructor(
    private readonly hq: HeadOffice,
    private readonly dataDir: string | null,
  ) {}

  /** Why head office does not take `name` from anyone, or null. */
  private refusal(name: string): ReceiveAnswer | null {
    const m = BUNDLE_FILE.exec(name);
    if (!m) return { kind: 'refused', status: 400, message: `${name} is not the name of a bundle file` };
    if (!this.hq.store.branch(m[1]!)) return { kind: 'refused', status: 404, message: `branch ${m[1]} is not registered here: import its pairing file first` };
    return null;
  }

  private file(name: string): string {
    return join(this.dataDir!, 'incoming', `${name}.part`);
  }

  private received(name: string): number {
    if (this.dataDir === null) return this.memory.get(name)?.length ?? 0;
    const f = this.file(name);
    return existsSync(f) ? statSync(f).size : 0;
  }

  /** How many bytes of `name` head office holds, or that it has the whole file already. */
  async offset(name: string): Promise<ReceiveAnswer> {
    const refused = this.refusal(name);
    if (refused) return refused;
    const office = BUNDLE_FILE.exec(name)![1]!;
    if (this.hq.store.received(office, name)) return { kind: 'received', acknowledgement: await acknowledgementFor(this.hq, office) };
    return { kind: 'partial', offset: this.received(name) };
  }

  /** A piece of `name` starting at `offset`, of a file of `total` bytes. */
  async append(name: string, offset: number, total: number, piece: Buffer): Promise<ReceiveAnswer> {
    const refused = this.refusal(name);
    if (refused) return refused;
    if (!Number.isSafeInteger(total) || total <= 0 || total > MAX_UPLOAD) return { kind: 'refused', status: 413, message: `a bundle of ${total} bytes is not accepted` };
    if (piece.length > MAX_PIECE) return { kind: 'refused', status: 413, message: `a piece of ${piece.length} bytes is too large` };
    const pending = this.importing.get(name);
    if (pending) return pending;
    const office = BUNDLE_FILE.exec(name)![1]!;
    if (this.hq.store.received(office, name)) return { kind: 'received', acknowledgement: await acknowledgementFor(this.hq, office) };
    const have = this.received(name);
    if (offset !== have) return { kind: 'refused', status: 409, message: `head office holds ${have} bytes of ${name}, not ${offset}`, offset: have };
    if (have + piece.length > total) return { kind: 'refused', status: 400, message: `the piece goes past the file's ${total} bytes` };
    this.write(name, piece);
    const now = have + piece.length;
    if (now < total) return { kind: 'partial', offset: now };
    const done = this.finish(name, total);
    this.importing.set(name, done);
    try {
      return await done;
    } finally {
      this.importing.delete(name);
    }
  }

  private write(name: string, piece: Buffer): void {
    if (this.dataDir === null) {
      this.memory.set(name, Buffer.concat([this.memory.get(name) ?? Buffer.alloc(0), piece]));
      return;
    }
    mkdirSync(join(this.dataDir, 'incoming'), { recursive: true });
    const fd = openSync(this.file(name), 'a');
    try {
      writeSync(fd, piece);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The whole file is in: imported once (a duplicate changes nothing), then its pieces forgotten. */
  private async finish(name: string, total: number): Promise<ReceiveAnswer> {
    const bytes = this.dataDir === null ? this.memory.get(name)! : readFileSync(this.file(name));
    const outcome = await importBundle(this.hq, name, bytes);
    if (this.dataDir === null) this.memory.delete(name);
    else rmSync(this.file(name), { force: true });
    const acknowledgement = outcome.status === 'refused' || !outcome.officeCode ? null : await acknowledgementFor(this.hq, outcome.officeCode);
    return { kind: 'done', offset: total, outcome, acknowledgement };
  }
}
