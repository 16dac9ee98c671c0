-- 0004: people who sign in, their sessions and tokens, need-to-know grants
-- (involvements with their lawful basis, break-glass), classifications owned
-- by an agency, notifications, and the partnership's agencies.

-- The partnership's agencies, seeded here so that every database has them
-- (the demo and imports find them by code).
INSERT OR IGNORE INTO agencies (code, name, kind) VALUES
  ('LA-CSC', 'Cheshire East Council Children''s Social Care', 'council'),
  ('LA-EH', 'Cheshire East Council Early Help', 'council'),
  ('POLICE', 'Cheshire Constabulary', 'police'),
  ('CCG', 'Cheshire Clinical Commissioning Group', 'health'),
  ('MCHFT', 'Mid Cheshire Hospitals NHS Foundation Trust', 'health'),
  ('ECT', 'East Cheshire NHS Trust', 'health'),
  ('SCHOOLS', 'Schools and colleges in Cheshire East', 'school'),
  ('YJS', 'Cheshire Youth Justice Service', 'other'),
  ('PROBATION', 'National Probation Service (Cheshire)', 'other'),
  ('PUBLIC-HEALTH', 'Cheshire East Public Health', 'health');

-- Why a team may see a child: the lawful basis of the share (UK GDPR
-- Article 6/9 and the Children Act duty it rests on), or that the family
-- consented. Existing rows are the council's own casework.
ALTER TABLE involvements ADD COLUMN lawful_basis TEXT NOT NULL
  DEFAULT 'public task: Children Act 1989 duties (UK GDPR 6(1)(e), 9(2)(g))';
ALTER TABLE involvements ADD COLUMN consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1));
CREATE INDEX involvements_team ON involvements(team_id, person_id);
CREATE INDEX involvements_worker ON involvements(worker_id, person_id) WHERE worker_id IS NOT NULL;

-- A restriction owned by one agency: items that carry it are visible only
-- to that agency's users, whatever their other grants.
CREATE TABLE classifications (
  code TEXT PRIMARY KEY,
  owner_agency TEXT NOT NULL REFERENCES agencies(code),
  label TEXT NOT NULL
) STRICT;
INSERT INTO classifications (code, owner_agency, label) VALUES
  ('police-restricted', 'POLICE', 'Police intelligence: restricted to the police'),
  ('health-restricted', 'CCG', 'Health information: restricted to health');

-- People who sign in. worker_id links the user to the worker whom
-- involvements name; team_id is the user's own team (and so agency).
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  team_id INTEGER NOT NULL REFERENCES teams(id),
  worker_id INTEGER REFERENCES workers(id),
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,          -- Argon2id encoded string (libsodium)
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  disabled_at TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
) STRICT;

-- Opaque server-side sessions. Only the SHA-256 of the cookie's token is
-- stored, so a copy of the database does not hand out live sessions.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,             -- absolute timeout
  revoked_at TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

-- Tokens for system integrations: scoped, revocable, stored as SHA-256.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,                 -- space-separated: read, write, returns, indicators
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT
) STRICT;

-- Break-glass: access to one child outside need-to-know, for a typed reason,
-- until expires_at.
CREATE TABLE break_glass (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  person_id INTEGER NOT NULL REFERENCES persons(id),
  reason TEXT NOT NULL,
  lawful_basis TEXT NOT NULL,
  started_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  CHECK (expires_at > started_at)
) STRICT;
CREATE INDEX break_glass_user ON break_glass(user_id, person_id);

-- Messages to a team (break-glass on a child it works with, ...).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams(id),
  person_id INTEGER REFERENCES persons(id),
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT
) STRICT;
CREATE INDEX notifications_team ON notifications(team_id, created_at);

-- Optimistic concurrency: every journey record change bumps the child's
-- version; ETags carry it.
ALTER TABLE persons ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Why a statutory timescale was missed (reported weekly).
CREATE TABLE missed_timescales (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  work_kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (work_kind, record_id)
) STRICT;
