-- The collection sheet (issue 17; FINERACT-NOTES.md 3; services/collectionSheet/README.md): the loan officer's
-- saved drafts, and the sheets posted with what each posted, for the whole sheet's undo. New tables only.

-- A draft: what was entered for a sheet (a center's or a group's, on a meeting date), posting nothing; saved again,
-- replaced; consumed by the post. Not exported (capture.ts): it is the officer's working copy, no financial fact,
-- rewritten at every save; head office learns of each save from the command_log and of the sheet from its post.
CREATE TABLE collection_sheet_drafts (
  id INTEGER PRIMARY KEY,
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  center_id INTEGER REFERENCES centers(id),
  group_id INTEGER REFERENCES groups(id),
  meeting_date TEXT NOT NULL,
  -- the entries as saved (CollectionSheetEntries: Fineract's field names, amounts as decimal text)
  entries_json TEXT NOT NULL,
  total INTEGER NOT NULL,
  saved_by INTEGER NOT NULL REFERENCES users(id),
  saved_at TEXT NOT NULL,
  CHECK ((center_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX collection_sheet_drafts_sheet ON collection_sheet_drafts(IFNULL(center_id, 0), IFNULL(group_id, 0), meeting_date);

-- A posted sheet (exported): its entries as posted, its receipt, who posted it on which business date.
CREATE TABLE collection_sheets (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  center_id INTEGER REFERENCES centers(id),
  group_id INTEGER REFERENCES groups(id),
  meeting_date TEXT NOT NULL,
  business_date TEXT NOT NULL,
  payment_type_id INTEGER REFERENCES payment_types(id),
  entries_json TEXT NOT NULL,
  total INTEGER NOT NULL,
  receipt_id INTEGER REFERENCES receipts(id),
  posted_by INTEGER NOT NULL REFERENCES users(id),
  posted_at TEXT NOT NULL,
  CHECK ((center_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX collection_sheets_sheet ON collection_sheets(meeting_date, center_id, group_id);

-- What a posted sheet did, one row per posting (exported): a repayment, a deposit, an attendance (with the type it
-- replaced, null when none was taken), and the member's receipt. The undo reverses each.
CREATE TABLE collection_sheet_items (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  sheet_id INTEGER NOT NULL REFERENCES collection_sheets(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  kind TEXT NOT NULL CHECK (kind IN ('LOAN_REPAYMENT', 'SAVINGS_DEPOSIT', 'ATTENDANCE')),
  loan_transaction_id INTEGER REFERENCES loan_transactions(id),
  savings_transaction_id INTEGER REFERENCES savings_transactions(id),
  amount INTEGER NOT NULL DEFAULT 0,
  attendance_type INTEGER,
  previous_attendance_type INTEGER,
  receipt_id INTEGER REFERENCES receipts(id)
);
CREATE INDEX collection_sheet_items_sheet ON collection_sheet_items(sheet_id);

-- A posted sheet undone as a whole (exported; the posted row is never edited): by whom, on which business day.
CREATE TABLE collection_sheet_undos (
  sheet_id INTEGER PRIMARY KEY REFERENCES collection_sheets(id),
  global_id TEXT NOT NULL UNIQUE,
  undone_by INTEGER NOT NULL REFERENCES users(id),
  undone_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  note TEXT
);
