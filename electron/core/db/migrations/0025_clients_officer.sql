-- The client list filtered by loan officer (clients.list staffId, issue 19 point 11): the officer's clients in id
-- order from this index, for the page and its count, instead of reading every client of a big branch.
CREATE INDEX clients_staff ON clients(staff_id);
