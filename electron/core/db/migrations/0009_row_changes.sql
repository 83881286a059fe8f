-- What each command changed (issue 13; ARCHITECTURE.md 7): the image of every row written to an exportable table,
-- written by triggers made from the schema at start-up (db/capture.ts) with the sequence of the command under way
-- (capture_context, set by the dispatcher at the start of each command's transaction and cleared by its
-- command_log row; NULL outside any command, so that a direct edit of the file leaves an image without one). `row_key` is the row's rowid, or its primary key columns joined
-- by ':' for a table without rowid. `image` is the row as JSON (NULL for a delete). The export cuts bundles from it.
CREATE TABLE row_changes (
  id INTEGER PRIMARY KEY,
  command_seq INTEGER,
  table_name TEXT NOT NULL,
  row_key TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),
  image TEXT
);
CREATE INDEX row_changes_unclaimed ON row_changes (id) WHERE command_seq IS NULL;

CREATE TABLE capture_context (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER
);
INSERT INTO capture_context (id, seq) VALUES (1, NULL);
CREATE INDEX row_changes_command ON row_changes (command_seq);

-- Where capture began for each table: rows older than `max_age` (their rowid, or the first primary key column of a
-- table without rowid) were written before it and have no image.
CREATE TABLE capture_start (
  table_name TEXT PRIMARY KEY,
  max_age INTEGER NOT NULL
) WITHOUT ROWID;

-- A loan transaction's replacement, looked up by the foreign key's own checks (the capture trigger made SQLite's
-- plan of an insert show them): an index instead of a scan of every transaction.
CREATE INDEX loan_transactions_replaces ON loan_transactions (replaces_id) WHERE replaces_id IS NOT NULL;
