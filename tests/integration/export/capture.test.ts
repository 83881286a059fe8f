import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { EXPORTABLE, installCapture } from '../../../electron/core/db/capture';
import { runVerify, verifyDatabase } from '../../../electron/core/verify';
import { AKIBA, activeLoan, lendingBranch, setBusinessDate } from '../../support/lending';
import { openSavings } from '../../support/savings';

/**
 * What each command changed, captured by construction (issue 13): triggers made from the schema write every
 * exportable row's image, and the command's own command_log row claims them in the same transaction.
 */
interface Change {
  command_seq: number | null;
  table_name: string;
  row_key: string;
  op: string;
  image: string | null;
}

const changesOf = (core: Core, seq: number) => core.db.prepare('SELECT command_seq, table_name, row_key, op, image FROM row_changes WHERE command_seq = ? ORDER BY id').all(seq) as Change[];
const lastSeq = (core: Core) => (core.db.prepare('SELECT max(seq) AS s FROM command_log').get() as { s: number }).s;

describe('row images captured by construction', () => {
  it('records what each command wrote, installments and till movements included, claimed by its own command_log row', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '1000', paymentTypeCode: 'CASH' });
    const repay = changesOf(b.core, lastSeq(b.core));
    const tables = new Set(repay.map((c) => c.table_name));
    // the repayment: its transaction, the installment it paid, the journal, the till's movement and the receipt;
    // not the kept figures it moved (the loan's outstanding, the till's balance: derived, recomputed by head office)
    expect(tables).toEqual(new Set(['loan_transactions', 'loan_installments', 'journal_entries', 'journal_lines', 'till_movements', 'receipts']));
    const installment = repay.find((c) => c.table_name === 'loan_installments')!;
    expect(installment).toMatchObject({ op: 'U', row_key: `${loanId}:1` });
    expect(JSON.parse(installment.image!)).toMatchObject({ loan_id: loanId, installment_number: 1, principal_paid: expect.any(Number) });
    // nothing is left unclaimed, and every row is its last image
    expect(b.core.db.prepare('SELECT count(*) AS n FROM row_changes WHERE command_seq IS NULL').get()).toEqual({ n: 0 });
    expect(verifyDatabase(b.core.db).faults).toEqual([]);

    // savings too
    const { id: productId } = await b.manager.ok('savingsProducts.create', AKIBA as never);
    const savingsId = await openSavings(b, productId);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '500', paymentTypeCode: 'CASH' });
    expect(new Set(changesOf(b.core, lastSeq(b.core)).map((c) => c.table_name))).toEqual(
      new Set(['savings_transactions', 'journal_entries', 'journal_lines', 'till_movements', 'receipts']),
    );
  });

  it('keeps secrets and kept figures out, and leaves signing in unrecorded', async () => {
    const b = await lendingBranch();
    const users = b.core.db.prepare("SELECT image FROM row_changes WHERE table_name = 'users'").all() as { image: string }[];
    expect(users.length).toBeGreaterThan(0);
    for (const u of users) {
      const image = JSON.parse(u.image) as Record<string, unknown>;
      expect(image).not.toHaveProperty('password_hash');
      expect(image).not.toHaveProperty('last_login_at');
      expect(image).toHaveProperty('username');
    }
    const loan = JSON.parse((b.core.db.prepare("SELECT image FROM row_changes WHERE table_name = 'loans' LIMIT 1").get() as { image: string } | undefined)?.image ?? '{}') as Record<string, unknown>;
    expect(loan).not.toHaveProperty('principal_outstanding');
    const before = (b.core.db.prepare('SELECT count(*) AS n FROM row_changes').get() as { n: number }).n;
    await b.teller.ok('session.login', { username: 'teller', password: 'Str0ng-pass-2026' });
    await b.teller.ok('session.current', {});
    expect((b.core.db.prepare('SELECT count(*) AS n FROM row_changes').get() as { n: number }).n).toBe(before);
  });

  it('catches a direct edit, an edit with the capture switched off, and a row deleted that way', async () => {
    const b = await lendingBranch();
    const clientId = b.clientId;
    expect(runVerify(b.core.db, { full: true }).faults).toEqual([]);
    b.core.db.prepare("UPDATE clients SET firstname = 'Mallory' WHERE id = ?").run(clientId);
    // a command after the edit does not make it its own
    await b.officer.ok('clients.create', { firstname: 'Juma', lastname: 'Otieno', mobileNo: '+254700000077' });
    expect(runVerify(b.core.db).faults).toEqual([`row_changes: clients row ${clientId} was written outside any command (the database file was edited directly)`]);

    const c = await lendingBranch();
    runVerify(c.core.db);
    c.core.db.exec('DROP TRIGGER capture_clients_update');
    c.core.db.prepare("UPDATE clients SET firstname = 'Mallory' WHERE id = ?").run(c.clientId);
    expect(runVerify(c.core.db, { full: true }).faults).toEqual([
      'triggers: the protective trigger capture_clients_update is missing (dropped: the database file was edited)',
      `clients row ${c.clientId} is not the last image recorded for it (it was changed without being recorded)`,
    ]);
    installCapture(c.core.db);

    const d = await lendingBranch();
    const { id: extra } = await d.officer.ok('clients.create', { firstname: 'Gone', lastname: 'Soon', mobileNo: '+254711000111' });
    d.core.db.exec('DROP TRIGGER capture_clients_delete');
    d.core.db.prepare('DELETE FROM clients WHERE id = ?').run(extra);
    expect(runVerify(d.core.db, { full: true }).faults).toContain('clients: 1 row(s) recorded as present are gone (deleted without being recorded)');
  });

  it('captures a column a later migration adds, without more code', async () => {
    const b = await lendingBranch();
    b.core.db.exec("ALTER TABLE clients ADD COLUMN nickname TEXT NOT NULL DEFAULT ''");
    installCapture(b.core.db);
    b.core.db.prepare("UPDATE clients SET nickname = 'Mama Mboga' WHERE id = ?").run(b.clientId);
    const last = b.core.db.prepare("SELECT image FROM row_changes WHERE table_name = 'clients' ORDER BY id DESC LIMIT 1").get() as { image: string };
    expect(JSON.parse(last.image)).toMatchObject({ id: b.clientId, nickname: 'Mama Mboga' });
    expect(Object.keys(EXPORTABLE)).toContain('till_movements');
  });
});
