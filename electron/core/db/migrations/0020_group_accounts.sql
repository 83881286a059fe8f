-- Accounts tied to a group (issue 17): a joint-liability (JLG) loan is one member's loan applied for in a group and
-- tied to the group's meeting calendar (Fineract's m_loan.group_id with loan_type JLG, and the loan's calendar
-- instance with syncDisbursementWithMeeting); a member's savings account may be tied to the group (Fineract's
-- m_savings_account.group_id). New tables: nothing is added to the exported loans and savings_accounts.

CREATE TABLE loan_groups (
  loan_id INTEGER PRIMARY KEY REFERENCES loans(id),
  group_id INTEGER NOT NULL REFERENCES groups(id),
  -- the meeting calendar the installments fall on (the center's or the standalone group's); null: not synced
  calendar_id INTEGER REFERENCES calendars(id),
  sync_disbursement_with_meeting INTEGER NOT NULL DEFAULT 0 CHECK (sync_disbursement_with_meeting IN (0, 1))
);
CREATE INDEX loan_groups_group ON loan_groups(group_id);

CREATE TABLE savings_groups (
  savings_id INTEGER PRIMARY KEY REFERENCES savings_accounts(id),
  group_id INTEGER NOT NULL REFERENCES groups(id)
);
CREATE INDEX savings_groups_group ON savings_groups(group_id);
