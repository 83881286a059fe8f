import { lendingBranch, type LendingBranch } from '../../support/lending';

export interface GroupsBranch extends LendingBranch {
  /** Staff 1 (not the officer's) and staff 2 (the loan officer user's own), both loan officers. */
  staff: [number, number];
  /** Clients 1..8 (client 1 is the lending branch's Amina Odhiambo). */
  clients: number[];
}

/**
 * The lending branch (business date 2026-03-02, a Monday; its product 1 `product`, else Biashara) with two loan officers on the staff, the officer user
 * linked to staff 2, and eight active clients.
 */
export async function groupsBranch(product?: Record<string, unknown>): Promise<GroupsBranch> {
  const b = await lendingBranch(product);
  const { id: s1 } = await b.admin.ok('staff.create', { firstname: 'Joseph', lastname: 'Mwangi', isLoanOfficer: true });
  const { id: s2 } = await b.admin.ok('staff.create', { firstname: 'Grace', lastname: 'Wanjiru', isLoanOfficer: true });
  const users = await b.admin.ok('users.list', {});
  const officer = users.find((u) => u.username === 'officer')!;
  await b.admin.ok('users.update', { id: officer.id, staffId: s2 });
  const clients = [b.clientId];
  for (const name of ['Wanjiku', 'Akinyi', 'Njeri', 'Atieno', 'Chebet', 'Muthoni', 'Nafula']) {
    clients.push((await b.admin.ok('clients.create', { firstname: name, lastname: 'Kamau' })).id);
  }
  return { ...b, staff: [s1, s2], clients };
}

/** Center 1's weekly COLLECTION calendar: Tuesdays from 3 March 2026 at 09:00, in the Kibera market hall. */
export const WEEKLY_TUESDAY = {
  entityType: 'CENTER',
  entityId: 1,
  typeId: 'COLLECTION',
  startDate: '2026-03-03',
  frequency: 'WEEKLY',
  interval: 1,
  repeatsOnDay: 'TUESDAY',
  location: 'Kibera market hall',
  meetingtime: '09:00',
};
