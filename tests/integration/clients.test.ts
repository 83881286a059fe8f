import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, memoryCore, SETUP_INPUT, setUpBranch, snapshot } from '../support/core';
import { statementsOf } from './savings/statements';

const AMINA = {
  firstname: 'Amina',
  lastname: 'Odhiambo',
  dateOfBirth: '1990-04-12',
  gender: 'FEMALE' as const,
  mobileNo: '+254700000001',
  identifiers: [{ documentType: 'NATIONAL_ID' as const, documentKey: '12345678' }],
};

/** The refusal of a set-up with this input, on a new branch. */
async function setUpBranchError(input: Record<string, unknown>) {
  const { core } = await memoryCore();
  return new Caller(core).err('setup.initialize', input as never);
}

describe('clients', () => {
  it('numbers accounts from the office code and a sequence, unique', async () => {
    const { admin } = await setUpBranch();
    const nos = [];
    for (let i = 0; i < 3; i++) nos.push((await admin.ok('clients.create', { firstname: `A${i}`, lastname: 'B' })).accountNo);
    expect(nos).toEqual(['NRB-000001', 'NRB-000002', 'NRB-000003']);
  });

  it('goes through create, edit, close, reopen and activate', async () => {
    const { admin } = await setUpBranch();
    const { id } = await admin.ok('clients.create', { ...AMINA, active: false });
    expect((await admin.ok('clients.get', { id })).status).toBe('PENDING');
    await admin.ok('clients.activate', { id });
    const active = await admin.ok('clients.get', { id });
    expect(active.status).toBe('ACTIVE');
    expect(active.activatedOn).toBe(active.submittedOn);
    await admin.ok('clients.update', { id, middlename: 'Njeri', address: 'Kibera, stall 12' });
    expect((await admin.ok('clients.get', { id })).displayName).toBe('Amina Njeri Odhiambo');
    expect((await admin.err('clients.activate', { id })).code).toBe('INVALID_STATE');
    await admin.ok('clients.close', { id, closureReason: 'Moved to another town' });
    const closed = await admin.ok('clients.get', { id });
    expect(closed).toMatchObject({ status: 'CLOSED', closureReason: 'Moved to another town' });
    const e = await admin.err('clients.update', { id, mobileNo: '+254700000009' });
    expect(e.code).toBe('INVALID_STATE');
    expect(e.details).toEqual({ status: 'CLOSED' });
    await admin.ok('clients.reopen', { id });
    expect((await admin.ok('clients.get', { id })).status).toBe('PENDING');
    await admin.ok('clients.activate', { id });
    expect((await admin.ok('clients.get', { id })).version).toBeGreaterThan(4);
  });

  it('refuses an identity document another client holds, naming that client, and writes nothing', async () => {
    const { core, admin } = await setUpBranch();
    const first = await admin.ok('clients.create', AMINA);
    const before = snapshot(core);
    const e = await admin.err('clients.create', {
      firstname: 'Juma',
      lastname: 'Hassan',
      identifiers: [
        { documentType: 'PASSPORT', documentKey: 'A1' },
        { documentType: 'NATIONAL_ID', documentKey: '12345678' },
      ],
    });
    expect(e.code).toBe('DUPLICATE');
    expect(e.message).toContain('Amina Odhiambo (NRB-000001)');
    expect(e.fields).toEqual([expect.objectContaining({ field: 'identifiers.1.documentKey', code: 'duplicate' })]);
    expect(e.details).toMatchObject({ clientId: first.id, accountNo: 'NRB-000001' });
    expect(snapshot(core)).toBe(before);
    // the same number under another document type is fine
    await admin.ok('clients.create', { firstname: 'Juma', lastname: 'Hassan', identifiers: [{ documentType: 'PASSPORT', documentKey: '12345678' }] });
  });

  it('warns, without refusing, when another client has the same name and date of birth', async () => {
    const { core, admin } = await setUpBranch();
    await admin.ok('clients.create', AMINA);
    const env = await admin.raw('clients.create', { ...AMINA, mobileNo: '+254700000002', identifiers: [] });
    expect(env.ok).toBe(true);
    if (env.ok) {
      expect(env.warnings).toEqual([expect.objectContaining({ code: 'POSSIBLE_DUPLICATE', details: expect.objectContaining({ accountNo: 'NRB-000001' }) })]);
    }
    expect((core.db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n).toBe(2);
    const other = await admin.raw('clients.create', { ...AMINA, dateOfBirth: '1991-01-01', identifiers: [] });
    expect(other.ok && other.warnings).toBeFalsy();
  });

  it('finds a client by any part of a name, account number, identity number or phone', async () => {
    const { admin } = await setUpBranch();
    const a = await admin.ok('clients.create', AMINA);
    await admin.ok('clients.create', { firstname: 'Juma', lastname: 'Hassan', mobileNo: '+254711222333', identifiers: [{ documentType: 'PASSPORT', documentKey: 'P998877' }] });
    const ids = async (query: string) => (await admin.ok('clients.search', { query })).map((c) => c.accountNo);
    expect(await ids('amina')).toEqual([a.accountNo]);
    expect(await ids('dhiam')).toEqual([a.accountNo]); // middle of a surname
    expect(await ids('Odhiambo Amina')).toEqual([a.accountNo]); // words in any order
    expect(await ids('NRB-000002')).toEqual(['NRB-000002']);
    expect(await ids('000002')).toEqual(['NRB-000002']);
    expect(await ids('12345678')).toEqual([a.accountNo]);
    expect(await ids('p998877')).toEqual(['NRB-000002']);
    expect(await ids('700000001')).toEqual([a.accountNo]);
    expect(await ids('0711222333'.slice(1))).toEqual(['NRB-000002']);
    expect(await ids('NRB')).toHaveLength(2);
    expect(await ids('zz')).toEqual([]);
    expect(await ids('%')).toHaveLength(2); // wildcards are not special
    expect((await admin.ok('clients.search', { query: '', status: 'CLOSED' }))).toEqual([]);
  });

  it('pages through the list and a search newest first with afterId, one statement a page', async () => {
    const { core, admin } = await setUpBranch();
    const ids: number[] = [];
    for (let i = 1; i <= 12; i++) {
      // the last two carry the first one's account number in their external ids
      const externalId = i > 10 ? `NRB-000001-${i}` : undefined;
      const { id } = await admin.ok('clients.create', { firstname: `Client${i}`, lastname: i % 3 === 0 ? 'Otieno' : 'Wafula', externalId, active: i % 4 !== 0 });
      ids.push(id);
    }
    const newest = [...ids].reverse();
    /** Every page of a search of `limit`, each the next after the last id of the one before, and the statements each ran. */
    const pages = async (input: { query: string; status?: 'PENDING' | 'ACTIVE' | 'CLOSED' }, limit: number) => {
      const seen: number[][] = [];
      const statements: number[] = [];
      let afterId: number | undefined;
      for (;;) {
        const { result, statements: run } = await statementsOf(core, () => admin.ok('clients.search', { ...input, limit, ...(afterId ? { afterId } : {}) }));
        statements.push(run.filter((x) => x.text.includes('FROM clients c')).length);
        seen.push(result.map((c) => c.id));
        if (result.length < limit) return { seen, statements };
        afterId = result.at(-1)!.id;
      }
    };
    // the list: pages of 5, 5 and 2, newest first, one statement each
    const list = await pages({ query: '' }, 5);
    expect(list.seen).toEqual([newest.slice(0, 5), newest.slice(5, 10), newest.slice(10)]);
    expect(list.statements).toEqual([1, 1, 1]);
    // by status: the pending ones (4, 8, 12)
    expect((await pages({ query: '', status: 'PENDING' }, 2)).seen).toEqual([[ids[11], ids[7]], [ids[3]]]);
    // a search: every Otieno (3, 6, 9, 12), newest first
    const otieno = [ids[11], ids[8], ids[5], ids[2]];
    expect((await pages({ query: 'otieno' }, 3)).seen.flat()).toEqual(otieno);
    expect((await pages({ query: 'otieno', status: 'ACTIVE' }, 1)).seen.flat()).toEqual([ids[8], ids[5], ids[2]]);
    // an account number that is also part of others' search text: all three, newest first, none twice
    const account = await pages({ query: 'NRB-000001' }, 2);
    expect(account.seen).toEqual([[ids[11], ids[10]], [ids[0]]]);
    expect(account.statements).toEqual([1, 2]); // the second page ends the best tier, then finds none below it
    expect((await pages({ query: 'nrb-000001' }, 1)).seen.flat()).toEqual([ids[11], ids[10], ids[0]]);
    expect((await pages({ query: 'NRB-000001', status: 'PENDING' }, 5)).seen.flat()).toEqual([ids[11]]);
    // a page is 500 at most; a cursor is an id
    expect((await admin.err('clients.search', { query: '', afterId: 0 })).fields).toEqual([expect.objectContaining({ field: 'afterId' })]);
    expect((await admin.err('clients.search', { query: '', limit: 501 })).fields).toEqual([expect.objectContaining({ field: 'limit' })]);
  });

  it('lists first the clients whose every typed word starts a name part, and pages through the tiers (issue 19 point 8)', async () => {
    const { core, admin } = await setUpBranch();
    const make = async (firstname: string, lastname: string) => (await admin.ok('clients.create', { firstname, lastname })).id;
    // oldest first: the best matches are the older ones, so newest-first alone would put them last
    const wekesa = await make('Neema', 'Wekesa');
    const wambui = await make('Neema', 'Wambui');
    const nwosu = await make('Neema', 'Nwosu'); // "w" inside the surname only
    const owino = await make('Neemaw', 'Owino'); // "neema" inside a longer first name, "w" inside both
    await make('Juma', 'Wekesa'); // no "neema"
    const ids = async (query: string, limit = 20, afterId?: number) =>
      (await admin.ok('clients.search', { query, limit, ...(afterId ? { afterId } : {}) })).map((c) => c.id);
    // both words start a name part (newest first): Wambui, Wekesa; then one word does: Owino ("neema" starts
    // "neemaw"), Nwosu ("neema")
    expect(await ids('Neema W')).toEqual([wambui, wekesa, owino, nwosu]);
    expect(await ids('w neema')).toEqual([wambui, wekesa, owino, nwosu]); // any order
    expect(await ids('Neema Wek')).toEqual([wekesa]);
    // a word inside a name still finds it, below those it starts
    expect(await ids('eema')).toEqual([owino, nwosu, wambui, wekesa]);
    // pages of one: each continues after the last id in that id's tier, then goes down a tier; none twice, none missed
    const paged: number[] = [];
    for (let after: number | undefined; ; ) {
      const page = await ids('neema w', 1, after);
      if (page.length === 0) break;
      paged.push(...page);
      after = page[0];
    }
    expect(paged).toEqual([wambui, wekesa, owino, nwosu]);
    // a page the best tier fills runs one statement
    const { statements } = await statementsOf(core, () => admin.ok('clients.search', { query: 'neema w', limit: 2 }));
    expect(statements.filter((x) => x.text.includes('FROM clients c'))).toHaveLength(1);
  });

  it("makes the loan officer who registers a client its loan officer, unless the form names one (issue 19 point 15)", async () => {
    const { core, admin } = await setUpBranch();
    const fatuma = await admin.ok('staff.create', { firstname: 'Fatuma', lastname: 'Ali', isLoanOfficer: true });
    const clerk = await admin.ok('staff.create', { firstname: 'Clerk', lastname: 'One' });
    const other = await admin.ok('staff.create', { firstname: 'Daniel', lastname: 'Kiprotich', isLoanOfficer: true });
    const signIn = async (username: string, staffId: number) => {
      await admin.ok('users.create', { username, password: 'Str0ng-pass-2026', roles: ['LOAN_OFFICER'], displayName: username, staffId });
      const c = new Caller(core);
      await c.ok('session.login', { username, password: 'Str0ng-pass-2026' });
      return c;
    };
    const officer = await signIn('fatuma', fatuma.id);
    const officerOf = async (c: Caller, input: Record<string, unknown>) =>
      (await c.ok('clients.get', { id: (await c.ok('clients.create', { firstname: 'Neema', lastname: 'Wekesa', ...input })).id })).loanOfficerId;
    expect(await officerOf(officer, {})).toBe(fatuma.id);
    expect(await officerOf(officer, { loanOfficerId: other.id })).toBe(other.id); // the form names another
    expect(await officerOf(officer, { loanOfficerId: null })).toBeNull(); // or none
    // a user whose staff record is no loan officer, and one with no staff record, register clients without one
    expect(await officerOf(await signIn('clerk', clerk.id), {})).toBeNull();
    expect(await officerOf(admin, {})).toBeNull();
    assertInvariants(core);
  });

  it("writes a mobile number with the organisation's country code (issue 19 point 15)", async () => {
    // the test branch was set up in KES without a country: Kenya, the currency's country
    const { core, admin } = await setUpBranch();
    const mobile = async (mobileNo: string) => (await admin.ok('clients.get', { id: (await admin.ok('clients.create', { firstname: 'A', lastname: 'B', mobileNo })).id })).mobileNo;
    expect(await mobile('0712345678')).toBe('+254712345678'); // the trunk 0 gives way to +254
    expect(await mobile('0712 345 678')).toBe('+254712345678');
    expect(await mobile('712345678')).toBe('+254712345678');
    expect(await mobile('254712345678')).toBe('+254712345678');
    expect(await mobile('+254 712-345-678')).toBe('+254712345678');
    expect(await mobile('+256772123456')).toBe('+256772123456'); // another country's number stays its own
    expect(await mobile('00256772123456')).toBe('+256772123456');
    const { id } = await admin.ok('clients.create', { firstname: 'C', lastname: 'D' });
    await admin.ok('clients.update', { id, mobileNo: '0722000111' });
    expect((await admin.ok('clients.get', { id })).mobileNo).toBe('+254722000111');
    expect((await admin.ok('clients.search', { query: '0722000111'.slice(1) })).map((c) => c.id)).toEqual([id]);
    assertInvariants(core);
    // a branch set up in Uganda keeps its country, and the session tells the screens
    const ug = await setUpBranch(undefined, { ...SETUP_INPUT, organisation: { name: 'Umoja', country: 'UG' }, currency: { code: 'UGX', decimalPlaces: 0, inMultiplesOf: 0 } } as typeof SETUP_INPUT);
    expect((await ug.admin.ok('session.current', {})).organisation.country).toBe('UG');
    const c = await ug.admin.ok('clients.create', { firstname: 'A', lastname: 'B', mobileNo: '0772 123456' });
    expect((await ug.admin.ok('clients.get', { id: c.id })).mobileNo).toBe('+256772123456');
    // a country not offered is refused, naming the field
    const bad = await setUpBranchError({ ...SETUP_INPUT, organisation: { name: 'Umoja', country: 'XX' } });
    expect(bad.fields).toEqual([expect.objectContaining({ field: 'organisation.country' })]);
  });

  it('keeps the search index current after an edit', async () => {
    const { admin } = await setUpBranch();
    const { id } = await admin.ok('clients.create', AMINA);
    await admin.ok('clients.update', { id, lastname: 'Wanjiru', mobileNo: '+254722000111' });
    expect(await admin.ok('clients.search', { query: 'odhiambo' })).toEqual([]);
    expect((await admin.ok('clients.search', { query: 'wanjiru' })).map((c) => c.id)).toEqual([id]);
    expect((await admin.ok('clients.search', { query: '722000111' })).map((c) => c.id)).toEqual([id]);
  });

  it('accepts only an active loan officer', async () => {
    const { admin } = await setUpBranch();
    const clerk = await admin.ok('staff.create', { firstname: 'Clerk', lastname: 'One' });
    const officer = await admin.ok('staff.create', { firstname: 'Fatuma', lastname: 'Ali', isLoanOfficer: true });
    const e = await admin.err('clients.create', { ...AMINA, loanOfficerId: clerk.id });
    expect(e.fields![0]!.field).toBe('loanOfficerId');
    const { id } = await admin.ok('clients.create', { ...AMINA, loanOfficerId: officer.id });
    expect((await admin.ok('clients.get', { id })).loanOfficerName).toBe('Fatuma Ali');
    expect((await admin.ok('staff.list', { loanOfficersOnly: true })).map((s) => s.displayName)).toEqual(['Fatuma Ali']);
  });

  it('refuses an external id already in use and an activation date after the business date', async () => {
    const { admin } = await setUpBranch();
    await admin.ok('clients.create', { ...AMINA, externalId: 'EXT-1' });
    expect((await admin.err('clients.create', { firstname: 'X', lastname: 'Y', externalId: 'EXT-1' })).fields![0]!.field).toBe('externalId');
    const { id } = await admin.ok('clients.create', { firstname: 'X', lastname: 'Y', active: false });
    expect((await admin.err('clients.activate', { id, activationDate: '2999-01-01' })).fields![0]!.field).toBe('activationDate');
  });

  it('answers NOT_FOUND for a client that does not exist', async () => {
    const { admin } = await setUpBranch();
    expect((await admin.err('clients.get', { id: 999 })).code).toBe('NOT_FOUND');
    expect((await admin.err('clients.update', { id: 999, firstname: 'X' })).code).toBe('NOT_FOUND');
  });
});

describe('the training demo', () => {
  it('builds a training branch with demo users and 200 clients, marked TRAINING', async () => {
    const { memoryCore } = await import('../support/core');
    const { core } = await memoryCore();
    const c = new Caller(core);
    const { users } = await c.ok('setup.openTrainingDemo', {});
    expect(users.map((u) => u.roles[0])).toEqual(['ADMINISTRATOR', 'BRANCH_MANAGER', 'LOAN_OFFICER', 'TELLER', 'ACCOUNTANT']);
    const teller = users.find((u) => u.username === 'teller')!;
    const info = await c.ok('session.login', { username: teller.username, password: teller.password });
    expect(info.training).toBe(true);
    expect(await c.ok('setup.status', {})).toMatchObject({ initialized: true, training: true });
    const all = await c.ok('clients.search', { query: '', limit: 500 });
    expect(all).toHaveLength(200);
    expect(new Set(all.map((x) => x.mobileNo)).size).toBe(200);
    expect((await c.ok('clients.search', { query: all[17]!.mobileNo!.slice(-9) })).map((x) => x.id)).toContain(all[17]!.id);
    expect((await c.err('setup.openTrainingDemo', {})).code).toBe('ALREADY_INITIALIZED');
    // the demo teller finds a float allocated, counts it and opens the till
    expect(await c.ok('tills.current', {})).toMatchObject({ hasTill: true, open: false, balance: '20000.00' });
    await c.ok('tills.open', { count: [{ denomination: '1000', quantity: 20 }] });
    assertInvariants(core);
  });
});
