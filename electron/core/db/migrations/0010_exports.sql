-- The bundles cut for head office (issue 13; services/export): sequences from_seq..to_seq of an epoch (a
-- deliberate restore starts a new one), their hash (the next bundle names it), the file written, and whether head
-- office has acknowledged them. Kept by the export itself, outside the command log (cutting a bundle is not a
-- change of the branch's books).
CREATE TABLE export_bundles (
  id INTEGER PRIMARY KEY,
  epoch INTEGER NOT NULL,
  from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  snapshot INTEGER NOT NULL CHECK (snapshot IN (0, 1)),
  hash TEXT NOT NULL UNIQUE,
  prev_hash TEXT NOT NULL,
  file_name TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  acknowledged_at TEXT,
  UNIQUE (epoch, from_seq)
);
