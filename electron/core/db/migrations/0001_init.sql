-- Branchbox foundation: organisation, offices, users and roles, staff, clients, the command log.
-- Money columns are INTEGER minor units; business dates TEXT YYYY-MM-DD; instants TEXT ISO-8601 UTC.

CREATE TABLE organisation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  currency_code TEXT NOT NULL,
  currency_decimal_places INTEGER NOT NULL CHECK (currency_decimal_places BETWEEN 0 AND 4),
  currency_in_multiples_of INTEGER NOT NULL DEFAULT 0,
  training INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE offices (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES offices(id),
  is_head_office INTEGER NOT NULL DEFAULT 0 CHECK (is_head_office IN (0, 1)),
  -- 1 for the office this installation runs (exactly one)
  is_local INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
  opened_on TEXT NOT NULL
);
CREATE UNIQUE INDEX offices_one_local ON offices(is_local) WHERE is_local = 1;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE roles (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO roles (code, name) VALUES
  ('ADMINISTRATOR', 'Administrator'),
  ('BRANCH_MANAGER', 'Branch manager'),
  ('ACCOUNTANT', 'Accountant'),
  ('LOAN_OFFICER', 'Loan officer'),
  ('TELLER', 'Teller');

CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  office_id INTEGER NOT NULL REFERENCES offices(id),
  firstname TEXT NOT NULL,
  lastname TEXT NOT NULL,
  is_loan_officer INTEGER NOT NULL DEFAULT 0 CHECK (is_loan_officer IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  mobile_no TEXT
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  office_id INTEGER NOT NULL REFERENCES offices(id),
  staff_id INTEGER REFERENCES staff(id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  last_login_at TEXT
);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role_code TEXT NOT NULL REFERENCES roles(code),
  PRIMARY KEY (user_id, role_code)
) WITHOUT ROWID;

-- Named counters (client account numbers, receipts): incremented inside the command's transaction.
CREATE TABLE sequences (
  name TEXT PRIMARY KEY,
  last_value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_no TEXT NOT NULL UNIQUE,
  office_id INTEGER NOT NULL REFERENCES offices(id),
  staff_id INTEGER REFERENCES staff(id),
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'CLOSED')),
  firstname TEXT NOT NULL,
  middlename TEXT,
  lastname TEXT NOT NULL,
  display_name TEXT NOT NULL,
  date_of_birth TEXT,
  gender TEXT CHECK (gender IN ('FEMALE', 'MALE', 'OTHER')),
  mobile_no TEXT,
  address TEXT,
  external_id TEXT UNIQUE,
  submitted_on TEXT NOT NULL,
  activated_on TEXT,
  closed_on TEXT,
  closure_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX clients_name_dob ON clients(lower(display_name), date_of_birth);
CREATE INDEX clients_mobile ON clients(mobile_no);
CREATE INDEX clients_office ON clients(office_id, status);

CREATE TABLE client_identifiers (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  document_type TEXT NOT NULL,
  document_key TEXT NOT NULL,
  UNIQUE (document_type, document_key)
);
CREATE INDEX client_identifiers_client ON client_identifiers(client_id);

-- Substring search over names, account number, phone and identity numbers (trigram: any 3+ characters).
CREATE VIRTUAL TABLE clients_search USING fts5(text, tokenize = 'trigram');

-- One row per successful command: audit trail and the outbox for headquarters. seq is gapless; hash chains
-- every row to the one before it (SHA-256), so an edited, deleted or reordered row is detectable.
CREATE TABLE command_log (
  seq INTEGER PRIMARY KEY,
  office_code TEXT NOT NULL,
  operation TEXT NOT NULL,
  user_id INTEGER,
  username TEXT,
  business_date TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  input_json TEXT NOT NULL,
  entity_ids_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);

CREATE TRIGGER command_log_no_update BEFORE UPDATE ON command_log
BEGIN
  SELECT RAISE(ABORT, 'command_log is append-only');
END;
CREATE TRIGGER command_log_no_delete BEFORE DELETE ON command_log
BEGIN
  SELECT RAISE(ABORT, 'command_log is append-only');
END;
