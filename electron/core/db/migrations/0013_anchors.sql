-- Tampering made detectable (issue 14, point 2; electron/core/anchor.ts). An anchor is the audit chain's head
-- (sequence and hash) and the captured row images' head, signed with the branch's anchor key, which is kept outside
-- the data folder. Each anchor goes to backups/anchors.jsonl and here, before the copy of a backup is made, so that
-- every backup holds the anchors written until it. `verify` checks the chain and the row images against the newest.
CREATE TABLE anchors (
  id INTEGER PRIMARY KEY,
  epoch INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  anchor_json TEXT NOT NULL
);
CREATE TRIGGER anchors_no_update BEFORE UPDATE ON anchors
BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;
CREATE TRIGGER anchors_no_delete BEFORE DELETE ON anchors
BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;

-- The captured row images are history as the command_log is: never changed, never removed.
CREATE TRIGGER row_changes_no_update BEFORE UPDATE ON row_changes
BEGIN SELECT RAISE(ABORT, 'row images are append-only'); END;
CREATE TRIGGER row_changes_no_delete BEFORE DELETE ON row_changes
BEGIN SELECT RAISE(ABORT, 'row images are append-only'); END;
