-- Failed sign-ins under names that are no user's (issue 14 point 5). A name that is nobody's answers and locks
-- exactly as a user's does: its wrong passwords are counted here as a user's are counted in users.failed_attempts,
-- and the fifth locks it for as long (users.locked_until). Keyed by the SHA-256 of the name as users.username
-- compares it (ASCII letters in lower case), so a password typed into the username box is not kept in clear.
-- Not exported, not posted: a row whose lock has passed holds nothing and is deleted by the next failed sign-in.
CREATE TABLE sign_in_failures (
  name_hash TEXT PRIMARY KEY,
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until TEXT
) WITHOUT ROWID;

CREATE INDEX sign_in_failures_by_lock ON sign_in_failures (locked_until) WHERE locked_until IS NOT NULL;
