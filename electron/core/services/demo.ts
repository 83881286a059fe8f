import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { displayNameOf, refreshSearch } from './clients';
import { findLocalOffice, newGlobalId, nextSequence } from './organisation';
import { insertStaff } from './users';
import type { HandlerContext } from '../dispatch/context';
import { ensureTill, fundVault, requireUser, vaultTransfer } from './tills';

/**
 * Realistic demo data for training and benchmarks: loan officers and `clients` clients with names, phones,
 * identity documents and addresses drawn from a fixed seed, so every training room sees the same branch.
 * Runs inside the caller's transaction.
 */
const FEMALE = ['Amina', 'Wanjiru', 'Akinyi', 'Fatuma', 'Grace', 'Mercy', 'Aisha', 'Halima', 'Esther', 'Nafula', 'Adaeze', 'Abena', 'Aminata', 'Fatou', 'Zawadi', 'Neema', 'Rehema', 'Achieng', 'Njeri', 'Mariam', 'Chiamaka', 'Awa', 'Josephine', 'Mwajuma', 'Salome'];
const MALE = ['Juma', 'Otieno', 'Kamau', 'Baraka', 'Hassan', 'Peter', 'Samuel', 'Kofi', 'Kwame', 'Moussa', 'Ibrahim', 'Omondi', 'Mwangi', 'Emeka', 'Seydou', 'Daniel', 'Joseph', 'Musa', 'Abdi', 'Tendai', 'Kiprono', 'Yaw', 'Mamadou', 'Chinedu', 'Wekesa'];
const LAST = ['Odhiambo', 'Kariuki', 'Wambui', 'Mohamed', 'Achieng', 'Mutua', 'Njoroge', 'Omondi', 'Chebet', 'Kiplagat', 'Mensah', 'Diallo', 'Traore', 'Okafor', 'Nwosu', 'Banda', 'Phiri', 'Moyo', 'Mbeki', 'Ndlovu', 'Hassan', 'Abdallah', 'Wafula', 'Kimani', 'Otieno', 'Keita', 'Coulibaly', 'Boateng', 'Asante', 'Nyambura'];
const PLACES = ['Kibera', 'Kawangware', 'Githurai', 'Kayole', 'Mathare', 'Dandora', 'Kangemi', 'Eastleigh', 'Umoja', 'Ruaka', 'Rongai', 'Kitengela'];
const MARKETS = ['market stall', 'tailoring shop', 'vegetable kiosk', 'boda-boda stage', 'salon', 'mobile money agent', 'poultry farm', 'charcoal depot'];

/** A small seeded random number generator (mulberry32): the same demo, or benchmark branch, from the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

export interface DemoOptions {
  clients: number;
  officeId: number;
  businessDate: string;
  now: string;
  seed?: number;
  /** Called every 1,000 clients (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

export function seedDemo(db: Db, opt: DemoOptions): { officers: number[]; clients: number } {
  const rand = prng(opt.seed ?? 20261126);
  const office = findLocalOffice(db)!;
  const officers = [
    insertStaff(db, { officeId: opt.officeId, firstname: 'Fatuma', lastname: 'Ali', isLoanOfficer: true, mobileNo: '+254711000001' }),
    insertStaff(db, { officeId: opt.officeId, firstname: 'Daniel', lastname: 'Kiprotich', isLoanOfficer: true, mobileNo: '+254711000002' }),
    insertStaff(db, { officeId: opt.officeId, firstname: 'Esther', lastname: 'Njeri', isLoanOfficer: true, mobileNo: '+254711000003' }),
  ];
  sql(db, "UPDATE users SET staff_id = ? WHERE username = 'officer'").run(officers[0]!);

  const insert = sql(
    db,
    `INSERT INTO clients (global_id, account_no, office_id, staff_id, status, firstname, middlename, lastname,
       display_name, date_of_birth, gender, mobile_no, address, external_id, submitted_on, activated_on,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, 'ACTIVE', ?, NULL, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
  );
  const insertId = sql(db, 'INSERT INTO client_identifiers (client_id, document_type, document_key) VALUES (?, ?, ?)');
  const year = Number(opt.businessDate.slice(0, 4));
  for (let i = 0; i < opt.clients; i++) {
    const female = rand() < 0.7; // most microfinance clients are women
    const first = pick(rand, female ? FEMALE : MALE);
    const last = pick(rand, LAST);
    const dob = `${year - 20 - Math.floor(rand() * 45)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const seq = nextSequence(db, `client.account.${office.code}`);
    const accountNo = `${office.code}-${String(seq).padStart(6, '0')}`;
    const mobile = `+2547${String(10_000_000 + ((seq * 7919) % 89_999_999)).padStart(8, '0')}`;
    const id = Number(
      insert.run(
        newGlobalId(db, 'client', office.code),
        accountNo,
        opt.officeId,
        officers[i % officers.length]!,
        first,
        last,
        displayNameOf(first, null, last),
        dob,
        female ? 'FEMALE' : 'MALE',
        mobile,
        `${pick(rand, MARKETS)}, ${pick(rand, PLACES)}`,
        opt.businessDate,
        opt.businessDate,
        opt.now,
        opt.now,
      ).lastInsertRowid,
    );
    insertId.run(id, 'NATIONAL_ID', String(20_000_000 + seq * 13));
    refreshSearch(db, id);
    if (opt.onProgress && (i + 1) % 1000 === 0) opt.onProgress(i + 1, opt.clients);
  }
  return { officers, clients: opt.clients };
}

/**
 * A training branch starts with cash: the vault funded from the bank and a float allocated to each demo teller
 * (who opens the till with a count as the first step of a demo). Posted through the tills' own operations' code.
 */
export function seedTrainingCash(ctx: HandlerContext, vaultCash: number, floats: Record<string, number>): void {
  const bank = sql<[], { code: string }>(ctx.db, "SELECT code FROM gl_accounts WHERE tag = 'BANK'").get()!;
  fundVault(ctx, bank.code, vaultCash, null, 'Cash brought into the vault (training)');
  for (const [username, amount] of Object.entries(floats)) {
    const user = requireUser(ctx, username);
    vaultTransfer(ctx, ensureTill(ctx, user), amount, 'ALLOCATION', user, 'Opening float (training)');
  }
}
