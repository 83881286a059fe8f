-- Transfers between savings accounts (issue 16), as Fineract's account transfer (m_account_transfer_transaction
-- linking m_savings_account_transaction rows): each transfer is a WITHDRAWAL of the source account and a DEPOSIT of
-- the destination, both dated the transfer date, written by one command with one journal entry. This table links the
-- two legs; the legs themselves are ordinary savings transactions (interest computes on them as on any other). An
-- undo reverses both legs (REVERSAL rows pointing at each); nothing here changes. See
-- electron/core/services/savings/README.md (transfers.ts).

CREATE TABLE savings_transfers (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  -- the source's WITHDRAWAL and the destination's DEPOSIT
  from_transaction_id INTEGER NOT NULL UNIQUE REFERENCES savings_transactions(id),
  to_transaction_id INTEGER NOT NULL UNIQUE REFERENCES savings_transactions(id),
  transfer_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  CHECK (from_transaction_id <> to_transaction_id)
);

CREATE TRIGGER savings_transfers_no_update BEFORE UPDATE ON savings_transfers
BEGIN SELECT RAISE(ABORT, 'savings transfers are append-only: undo the transfer'); END;
CREATE TRIGGER savings_transfers_no_delete BEFORE DELETE ON savings_transfers
BEGIN SELECT RAISE(ABORT, 'savings transfers are append-only: undo the transfer'); END;

-- The withdrawal fees a transfer took from its source (WITHDRAWAL_FEE transactions, when the source's product applies
-- withdrawal fees to transfers: Fineract's withdrawalFeeForTransfers); an undo of the transfer reverses them too.
CREATE TABLE savings_transfer_fees (
  transaction_id INTEGER PRIMARY KEY REFERENCES savings_transactions(id),
  transfer_id INTEGER NOT NULL REFERENCES savings_transfers(id)
);
CREATE INDEX savings_transfer_fees_transfer ON savings_transfer_fees(transfer_id);

CREATE TRIGGER savings_transfer_fees_no_update BEFORE UPDATE ON savings_transfer_fees
BEGIN SELECT RAISE(ABORT, 'savings transfer fees are append-only'); END;
CREATE TRIGGER savings_transfer_fees_no_delete BEFORE DELETE ON savings_transfer_fees
BEGIN SELECT RAISE(ABORT, 'savings transfer fees are append-only'); END;
