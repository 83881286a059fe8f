-- Idempotency keys belong to the user who sent them (issue 14, point 10): a key is looked up with its user, so
-- another user replaying someone's key is a call of their own and never reads the first user's answer (a receipt).
-- user_id 0 stands for a command sent with nobody signed in (setup). Existing keys take the user of their command.
CREATE TABLE idempotency_keys_by_user (
  user_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  operation TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  command_seq INTEGER NOT NULL REFERENCES command_log(seq) DEFERRABLE INITIALLY DEFERRED,
  result_json TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
INSERT INTO idempotency_keys_by_user (user_id, key, operation, input_hash, command_seq, result_json)
  SELECT COALESCE(c.user_id, 0), k.key, k.operation, k.input_hash, k.command_seq, k.result_json
  FROM idempotency_keys k LEFT JOIN command_log c ON c.seq = k.command_seq;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_by_user RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_command ON idempotency_keys(command_seq);
