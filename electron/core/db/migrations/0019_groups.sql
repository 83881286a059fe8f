-- Centers, groups, their members and roles, meeting calendars and attendance (issue 17), after Fineract's m_group
-- (levels Center and Group), m_group_client, m_group_roles, m_calendar + m_calendar_instance, m_meeting and
-- m_client_attendance. See electron/core/services/groups/README.md.
--
-- Centers and groups are two tables (Fineract keeps both in m_group, told apart by level): each numbers its own ids
-- from 1, as the issue's API examples answer. All new tables: nothing is added to an exported table.

CREATE TABLE centers (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  office_id INTEGER NOT NULL REFERENCES offices(id),
  name TEXT NOT NULL,
  external_id TEXT UNIQUE,
  staff_id INTEGER REFERENCES staff(id),
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'CLOSED')),
  submitted_on TEXT NOT NULL,
  activated_on TEXT,
  closed_on TEXT,
  closure_reason TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  office_id INTEGER NOT NULL REFERENCES offices(id),
  center_id INTEGER REFERENCES centers(id),
  name TEXT NOT NULL,
  external_id TEXT UNIQUE,
  staff_id INTEGER REFERENCES staff(id),
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'CLOSED')),
  submitted_on TEXT NOT NULL,
  activated_on TEXT,
  closed_on TEXT,
  closure_reason TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX groups_center ON groups(center_id);

-- A membership: from joined_on until left_on (null while the client is a member). History is kept.
CREATE TABLE group_members (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  joined_on TEXT NOT NULL,
  left_on TEXT
);
CREATE INDEX group_members_group ON group_members(group_id, left_on);
-- Branchbox's rule, stricter than Fineract: a client is a member of at most one group at a time.
CREATE UNIQUE INDEX group_members_one_group ON group_members(client_id) WHERE left_on IS NULL;

-- Fineract's m_group_roles (role: a GROUPROLE code value); one holder per role and group.
CREATE TABLE group_roles (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  role TEXT NOT NULL CHECK (role IN ('LEADER', 'SECRETARY', 'TREASURER')),
  UNIQUE (group_id, role)
);

-- Fineract's m_calendar with its one instance (entity_type: CENTER or GROUP); the recurrence as Fineract's RRULE.
CREATE TABLE calendars (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  entity_type TEXT NOT NULL CHECK (entity_type IN ('CENTER', 'GROUP')),
  entity_id INTEGER NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('COLLECTION', 'TRAINING', 'AUDIT', 'GENERAL')),
  title TEXT,
  description TEXT,
  start_date TEXT NOT NULL,
  end_date TEXT,
  recurrence TEXT NOT NULL,
  location TEXT,
  meeting_time TEXT,
  created_at TEXT NOT NULL
);
-- Fineract: one COLLECTION calendar per center or group ("multiple.collection.calendar.not.supported").
CREATE UNIQUE INDEX calendars_one_collection ON calendars(entity_type, entity_id) WHERE type = 'COLLECTION';

-- Fineract's m_meeting and m_client_attendance (attendance_type: AttendanceType codes 1..5).
CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  meeting_date TEXT NOT NULL,
  UNIQUE (calendar_id, meeting_date)
);

CREATE TABLE meeting_attendance (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  attendance_type INTEGER NOT NULL CHECK (attendance_type BETWEEN 1 AND 5),
  UNIQUE (meeting_id, client_id)
);
