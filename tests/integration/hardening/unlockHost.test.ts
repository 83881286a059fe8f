import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { startUnlockHost } from '../../../electron/server/unlockHost';

/** The unlock page of an encrypted branch started without its passphrase (electron/server/unlockHost.ts). */
describe('the unlock page', () => {
  it('answers a form over its limit with its page (413), a wrong passphrase with 400, and opens with the right one', async () => {
    const tried: string[] = [];
    const host = await startUnlockHost({
      port: 0,
      check: async (passphrase) => {
        tried.push(passphrase);
        if (passphrase !== 'mango tree by the river 42') throw new AppError('VALIDATION_FAILED', 'wrong', [{ field: 'passphrase', code: 'wrong_passphrase', message: 'is not the right passphrase' }]);
      },
    });
    const post = (body: string) => fetch(`${host.url}unlock`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    try {
      const big = await post(`passphrase=${'x'.repeat(200_000)}`);
      expect(big.status).toBe(413);
      expect(await big.text()).toContain('far longer than any recovery passphrase');
      expect(tried).toEqual([]); // never stretched

      const wrong = await post('passphrase=not+it');
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain('This is not the recovery passphrase of this branch');

      const right = await post(`passphrase=${encodeURIComponent('mango tree by the river 42')}`);
      expect(right.status).toBe(200);
      await right.text();
      expect(await host.unlocked).toBe('mango tree by the river 42');
    } finally {
      await host.close().catch(() => undefined);
    }
  });
});
