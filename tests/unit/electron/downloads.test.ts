import { describe, expect, it } from 'vitest';
import { BATCH_MS, folderFor, type Batch } from '../../../electron/main/downloads';

/** The desktop app's saved files: one folder asked for a batch saved together (bundles for a USB stick). */
describe('files saved in the desktop app', () => {
  it('asks for a folder once for files saved together, and again for a later batch; a cancelled dialog saves nothing', () => {
    const batch: Batch = { folder: null, until: 0 };
    const asked: string[] = [];
    const pick = (answer: string | null) => () => {
      asked.push(String(answer));
      return answer;
    };
    expect(folderFor(batch, 1_000, pick('E:\\'))).toBe('E:\\');
    expect(folderFor(batch, 1_400, pick('never asked'))).toBe('E:\\');
    expect(folderFor(batch, 1_400 + BATCH_MS - 1, pick('never asked'))).toBe('E:\\');
    expect(asked).toEqual(['E:\\']);
    // a later batch asks again; cancelled, nothing of it is saved
    expect(folderFor(batch, 100_000, pick(null))).toBeNull();
    expect(folderFor(batch, 100_500, pick('never asked'))).toBeNull();
    expect(asked).toEqual(['E:\\', 'null']);
  });
});
