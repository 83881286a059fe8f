import { createHash, type Hash } from 'node:crypto';
import type { Db } from '../db/connection';
import { GENESIS_HASH } from '../dispatch/commandLog';

/**
 * A digest of the captured row images (`row_changes`, db/capture.ts) up to an id, which an anchor signs (anchor.ts):
 * an image edited, removed or slipped in under an anchored id changes it. The images are cut into blocks of
 * IMAGE_BLOCK ids; a chain hashes the full blocks one after the other, and the digest at id n is the chain over the
 * blocks wholly at or below n with the hash of the rows of the block n falls in. So the digest does not depend on where
 * earlier digests were taken: an anchor continues from the previous anchor's chain (the day's rows and one block at
 * most), a full `verify` computes it from the start, a run since the mark from the mark's chain.
 */
export const IMAGE_BLOCK = 4096;

/** The chain over the first `blocks` full blocks. */
export interface ImagesPoint {
  blocks: number;
  chain: string;
}

export const IMAGES_START: ImagesPoint = { blocks: 0, chain: GENESIS_HASH };

const link = (chain: string, block: Hash) => createHash('sha256').update(chain).update('\n').update(block.digest('hex')).digest('hex');
const digestOf = (chain: string, upTo: number, block: Hash) => createHash('sha256').update(chain).update(`\n${upTo}\n`).update(block.digest('hex')).digest('hex');

/** The highest row_changes id (0 when there is no image, or no table yet: a database before migration 0009). */
export function lastImageId(db: Db): number {
  const t = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'row_changes'").get();
  if (!t) return 0;
  return (db.prepare('SELECT coalesce(max(id), 0) AS id FROM row_changes').get() as { id: number }).id;
}

/**
 * Walks the images from `from` (a chain point trusted) to `end`: the digest at each id of `at` (ids from
 * from.blocks * IMAGE_BLOCK to end), and the chain point over the full blocks up to `end`, where a later walk may
 * start.
 */
export function walkImages(db: Db, from: ImagesPoint, end: number, at: number[] = []): { digests: Map<number, string>; point: ImagesPoint } {
  const digests = new Map<number, string>();
  const stops = [...new Set(at)].filter((n) => n >= from.blocks * IMAGE_BLOCK && n <= end).sort((a, b) => a - b);
  let { blocks, chain } = from;
  let block = createHash('sha256');
  let next = 0;
  // a digest at id n is taken before the rows after n are hashed; the full blocks are linked as they end
  const reach = (id: number) => {
    for (;;) {
      const boundary = (blocks + 1) * IMAGE_BLOCK;
      while (next < stops.length && stops[next]! < Math.min(id, boundary + 1) && stops[next]! < boundary) {
        digests.set(stops[next]!, digestOf(chain, stops[next]!, block.copy()));
        next += 1;
      }
      if (id <= boundary) return;
      chain = link(chain, block);
      blocks += 1;
      block = createHash('sha256');
    }
  };
  if (end > blocks * IMAGE_BLOCK && lastImageId(db) > 0) {
    // each image as one line of JSON, [id, command_seq, table_name, row_key, op, image], made by SQLite
    const rows = db
      .prepare('SELECT id, json_array(id, command_seq, table_name, row_key, op, image) FROM row_changes WHERE id > ? AND id <= ? ORDER BY id')
      .raw()
      .iterate(blocks * IMAGE_BLOCK, end) as IterableIterator<[number, string]>;
    for (const [id, line] of rows) {
      reach(id);
      block.update(line).update('\n');
    }
  }
  // the rows up to `end` are hashed: the stops left, then the full blocks up to it
  for (;;) {
    const boundary = (blocks + 1) * IMAGE_BLOCK;
    while (next < stops.length && stops[next]! < boundary) {
      digests.set(stops[next]!, digestOf(chain, stops[next]!, block.copy()));
      next += 1;
    }
    if (end < boundary) break;
    chain = link(chain, block);
    blocks += 1;
    block = createHash('sha256');
  }
  return { digests, point: { blocks, chain } };
}
