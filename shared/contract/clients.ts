import { z } from 'zod';
import { op } from './operation';
import { id, isoDate, trimmed, optionalText } from './fields';

export const GENDERS = ['FEMALE', 'MALE', 'OTHER'] as const;
export const DOCUMENT_TYPES = ['NATIONAL_ID', 'PASSPORT', 'DRIVING_LICENCE', 'VOTER_CARD', 'BIRTH_CERTIFICATE', 'OTHER'] as const;
export const CLIENT_STATUSES = ['PENDING', 'ACTIVE', 'CLOSED'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export interface ClientIdentifier {
  documentType: (typeof DOCUMENT_TYPES)[number];
  documentKey: string;
}

export interface ClientSummary {
  id: number;
  accountNo: string;
  displayName: string;
  status: ClientStatus;
  mobileNo: string | null;
  dateOfBirth: string | null;
  officeName: string;
  loanOfficerName: string | null;
}

/** A page of clients.list: the clients of this page and how many match in all. */
export interface ClientPage {
  clients: ClientSummary[];
  /** Every client that matches the search and filters (not only this page). */
  total: number;
  offset: number;
  limit: number;
}

export interface ClientDetail extends ClientSummary {
  firstname: string;
  middlename: string | null;
  lastname: string;
  gender: (typeof GENDERS)[number] | null;
  address: string | null;
  externalId: string | null;
  officeId: number;
  loanOfficerId: number | null;
  identifiers: ClientIdentifier[];
  submittedOn: string;
  activatedOn: string | null;
  closedOn: string | null;
  closureReason: string | null;
  version: number;
}

const identifier = z.strictObject({
  documentType: z.enum(DOCUMENT_TYPES),
  documentKey: z
    .string()
    .trim()
    .min(1, { message: 'is required' })
    .max(40)
    .transform((v) => v.toUpperCase()),
});

const mobileNo = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, { message: 'must be a phone number such as +254700000001' })
  .transform((v) => v.replace(/[ ()-]/g, ''));

const clientFields = {
  firstname: trimmed(60),
  middlename: optionalText(60),
  lastname: trimmed(60),
  dateOfBirth: isoDate.nullish(),
  gender: z.enum(GENDERS).nullish(),
  mobileNo: mobileNo.nullish(),
  address: optionalText(300),
  externalId: optionalText(60),
  loanOfficerId: id.nullish(),
  officeId: id.optional(),
  identifiers: z.array(identifier).max(10).optional(),
};

export const clientOperations = {
  'clients.create': op<{ id: number; accountNo: string }>()({
    kind: 'command',
    access: 'clients.write',
    input: z.strictObject({
      ...clientFields,
      /** Activate at once (the usual case at a branch counter); default true. */
      active: z.boolean().default(true),
    }),
  }),
  'clients.update': op<{ id: number }>()({
    kind: 'command',
    access: 'clients.write',
    input: z.strictObject({
      id,
      firstname: clientFields.firstname.optional(),
      middlename: clientFields.middlename,
      lastname: clientFields.lastname.optional(),
      dateOfBirth: clientFields.dateOfBirth,
      gender: clientFields.gender,
      mobileNo: clientFields.mobileNo,
      address: clientFields.address,
      externalId: clientFields.externalId,
      loanOfficerId: clientFields.loanOfficerId,
      identifiers: clientFields.identifiers,
    }),
  }),
  'clients.activate': op<{ id: number }>()({
    kind: 'command',
    access: 'clients.write',
    input: z.strictObject({ id, activationDate: isoDate.optional() }),
  }),
  'clients.close': op<{ id: number }>()({
    kind: 'command',
    access: 'clients.close',
    input: z.strictObject({ id, closureReason: trimmed(200), closureDate: isoDate.optional() }),
  }),
  'clients.reopen': op<{ id: number }>()({ kind: 'command', access: 'clients.close', input: z.strictObject({ id }) }),
  'clients.get': op<ClientDetail>()({ kind: 'query', access: 'clients.read', input: z.strictObject({ id }) }),
  /**
   * Any part of a name, the account number, an identity number or a phone number (an empty query lists every
   * client). A page of at most `limit`, newest first; `afterId`, the last id of the page before, asks for the next
   * page.
   */
  'clients.search': op<ClientSummary[]>()({
    kind: 'query',
    access: 'clients.read',
    input: z.strictObject({
      query: z.string().trim().max(100).default(''),
      status: z.enum(CLIENT_STATUSES).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      afterId: id.optional(),
    }),
  }),
  /**
   * The client list (issue 19 point 11): the clients who match the search text (as clients.search: every typed
   * word somewhere in the client's text, best matches first, then newest first) and every filter given: `staffId`
   * their loan officer, `status`, `groupId` the group they are a member of now. A page of `limit` from `offset`,
   * with the `total` that match. A filter naming no loan officer or no group is refused, naming the field.
   */
  'clients.list': op<ClientPage>()({
    kind: 'query',
    access: 'clients.read',
    input: z.strictObject({
      query: z.string().trim().max(100).default(''),
      staffId: id.optional(),
      status: z.enum(CLIENT_STATUSES).optional(),
      groupId: id.optional(),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    }),
  }),
} as const;
