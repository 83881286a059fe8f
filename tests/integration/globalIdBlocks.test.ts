import { describe, expect, it } from 'vitest';
import { newGlobalId, withGlobalIdBlocks } from '../../electron/core/services/organisation';
import { setUpBranch } from '../support/core';

/**
 * withGlobalIdBlocks (a chunk of interest postings takes its global ids in one write): the ids handed out are those
 * one-by-one calls give, and the sequence is left where one-by-one calls leave it (gapless), whether the block was
 * used in part, used up and passed, or the body threw.
 */
describe('global ids taken in blocks', () => {
  it('gives the ids one by one would give and leaves the sequence gapless', async () => {
    const { core } = await setUpBranch();
    const db = core.db;
    const seq = (entity: string) => (db.prepare('SELECT last_value FROM sequences WHERE name = ?').get(`gid.${entity}`) as { last_value: number } | undefined)?.last_value ?? 0;
    const id = (entity: string) => newGlobalId(db, entity, 'X');
    db.transaction(() => {
      const start = seq('je');
      // used in part (3 of 5), with an entity met for the first time: 2 given back
      const inBlock = withGlobalIdBlocks(db, ['je', 'blocktest'], 5, () => [id('je'), id('je'), id('blocktest'), id('je')]);
      expect(inBlock).toEqual([`X-je-${start + 1}`, `X-je-${start + 2}`, 'X-blocktest-1', `X-je-${start + 3}`]);
      expect([seq('je'), seq('blocktest')]).toEqual([start + 3, 1]);
      expect(id('je')).toBe(`X-je-${start + 4}`);
      // used up and passed: the ids after the block go on one by one
      expect(withGlobalIdBlocks(db, ['je'], 2, () => [id('je'), id('je'), id('je')])).toEqual([`X-je-${start + 5}`, `X-je-${start + 6}`, `X-je-${start + 7}`]);
      expect(seq('je')).toBe(start + 7);
      // nested: the outer block serves
      expect(withGlobalIdBlocks(db, ['je'], 3, () => withGlobalIdBlocks(db, ['je'], 3, () => id('je')))).toBe(`X-je-${start + 8}`);
      expect(seq('je')).toBe(start + 8);
      // the body throws: nothing is left reserved
      expect(() => withGlobalIdBlocks(db, ['je'], 4, () => { id('je'); throw new Error('stop'); })).toThrow('stop');
      expect(seq('je')).toBe(start + 9);
      expect(id('je')).toBe(`X-je-${start + 10}`);
    })();
  });
});
