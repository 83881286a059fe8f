-- The savings interest run resumes from each account's last posting and skips the accounts with nothing due
-- (issue 11), and the client list pages by status through an index.

-- The interest engine's state at the start of the account's first unposted period (domain/savings README
-- "Checkpoints": its date, the end-of-day balance before it with interest postings left out, and the unrounded
-- running totals as exact decimal text), stored by each posting run and dropped when a transaction dated before
-- it is written or reversed (the next run then computes from activation).
ALTER TABLE savings_accounts ADD COLUMN interest_checkpoint_date TEXT;
ALTER TABLE savings_accounts ADD COLUMN interest_checkpoint_balance INTEGER;
ALTER TABLE savings_accounts ADD COLUMN interest_checkpoint_compounded TEXT;
ALTER TABLE savings_accounts ADD COLUMN interest_checkpoint_pending TEXT;

-- The first day on which a posting run may have something to write for the account: the posting date of the
-- period its checkpoint starts (or of its first period), moved back to a transaction's date when one is written
-- or reversed before the checkpoint. A run as of an earlier day skips the account without computing it. '' sorts
-- before every date: never computed (every account opened before this migration, or written without activation),
-- so due at the next run, which computes it from activation.
ALTER TABLE savings_accounts ADD COLUMN interest_due_on TEXT NOT NULL DEFAULT '';

-- the accounts in a status due by a date (the run takes the ACTIVE ones), in due order
CREATE INDEX savings_accounts_interest_due ON savings_accounts(status, interest_due_on);

-- clients.search by status with no words: newest first through the index, paged by id
CREATE INDEX clients_status ON clients(status);
