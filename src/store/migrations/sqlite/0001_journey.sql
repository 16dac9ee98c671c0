-- 0001: the child's journey, people who work with children, the chronology
-- and the audit log. Dates are ISO 'YYYY-MM-DD' text, timestamps UTC
-- 'YYYY-MM-DDTHH:MM:SSZ'. Every record that can come from another system
-- keeps that system's id in source_id beside our own integer id.

CREATE TABLE agencies (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL            -- council, police, health, school, other
) STRICT;

CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  name TEXT NOT NULL,
  UNIQUE (agency_id, name)
) STRICT;

CREATE TABLE workers (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL
) STRICT;

CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  source_system TEXT,
  source_id TEXT,
  la_child_id TEXT UNIQUE,
  upn TEXT,
  nhs_number TEXT,
  forename TEXT NOT NULL DEFAULT '',
  surname TEXT NOT NULL DEFAULT '',
  sex TEXT NOT NULL DEFAULT 'U',      -- M, F, U
  ethnicity TEXT NOT NULL DEFAULT 'NOBT',
  birth_date TEXT,
  expected_birth_date TEXT,
  death_date TEXT,
  home_postcode TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (source_system, source_id),
  CHECK (birth_date IS NOT NULL OR expected_birth_date IS NOT NULL)
) STRICT;

CREATE TABLE person_disabilities (
  person_id INTEGER NOT NULL REFERENCES persons(id),
  code TEXT NOT NULL,
  PRIMARY KEY (person_id, code)
) STRICT;

-- Who works with which child, from when to when: the basis of need-to-know.
CREATE TABLE involvements (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  team_id INTEGER NOT NULL REFERENCES teams(id),
  worker_id INTEGER REFERENCES workers(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX involvements_person ON involvements(person_id);

-- One row per child a consultation is about; consultation_ref groups them.
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  consultation_ref TEXT,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  contact_date TEXT NOT NULL,
  contact_source TEXT NOT NULL,        -- referral source code (1A ... 10)
  contactor TEXT NOT NULL DEFAULT '',
  decision_date TEXT,
  outcome TEXT,                        -- advice, early_help, referral, nfa
  team_id INTEGER REFERENCES teams(id),
  CHECK (decision_date IS NULL OR decision_date >= contact_date)
) STRICT;
CREATE INDEX contacts_person ON contacts(person_id);
CREATE INDEX contacts_open ON contacts(decision_date) WHERE decision_date IS NULL;

CREATE TABLE contact_factors (
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  factor TEXT NOT NULL,
  PRIMARY KEY (contact_id, factor)
) STRICT;

CREATE TABLE contact_screening_tools (
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  tool TEXT NOT NULL,
  PRIMARY KEY (contact_id, tool)
) STRICT;

CREATE TABLE early_help_episodes (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  contact_id INTEGER REFERENCES contacts(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  lead_agency_id INTEGER REFERENCES agencies(id),
  end_reason TEXT,
  CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX early_help_person ON early_help_episodes(person_id);

-- A referral is a CIN episode: from referral to closure.
CREATE TABLE referrals (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  contact_id INTEGER REFERENCES contacts(id),
  referral_date TEXT NOT NULL,
  referral_source TEXT NOT NULL,
  primary_need TEXT,
  nfa INTEGER NOT NULL DEFAULT 0 CHECK (nfa IN (0, 1)),
  closure_date TEXT,
  closure_reason TEXT,
  team_id INTEGER REFERENCES teams(id),
  CHECK (closure_date IS NULL OR closure_date >= referral_date),
  CHECK ((closure_date IS NULL) = (closure_reason IS NULL))
) STRICT;
CREATE INDEX referrals_person ON referrals(person_id, referral_date);

CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  referral_id INTEGER NOT NULL REFERENCES referrals(id),
  start_date TEXT NOT NULL,
  authorisation_date TEXT,
  CHECK (authorisation_date IS NULL OR authorisation_date >= start_date)
) STRICT;
CREATE INDEX assessments_referral ON assessments(referral_id);

CREATE TABLE assessment_factors (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  factor TEXT NOT NULL,
  PRIMARY KEY (assessment_id, factor)
) STRICT;

CREATE TABLE cin_plans (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  referral_id INTEGER NOT NULL REFERENCES referrals(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX cin_plans_referral ON cin_plans(referral_id);

CREATE TABLE strategy_discussions (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  referral_id INTEGER NOT NULL REFERENCES referrals(id),
  discussion_date TEXT NOT NULL
) STRICT;
CREATE INDEX strategy_discussions_referral ON strategy_discussions(referral_id);

CREATE TABLE section47_enquiries (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  referral_id INTEGER NOT NULL REFERENCES referrals(id),
  strategy_discussion_id INTEGER REFERENCES strategy_discussions(id),
  start_date TEXT NOT NULL,
  icpc_target_date TEXT,
  icpc_not_required INTEGER NOT NULL DEFAULT 0 CHECK (icpc_not_required IN (0, 1))
) STRICT;
CREATE INDEX section47_referral ON section47_enquiries(referral_id);

CREATE TABLE icpcs (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  referral_id INTEGER NOT NULL REFERENCES referrals(id),
  section47_id INTEGER UNIQUE REFERENCES section47_enquiries(id),
  conference_date TEXT NOT NULL,
  transfer_in INTEGER NOT NULL DEFAULT 0 CHECK (transfer_in IN (0, 1)),
  plan_made INTEGER NOT NULL CHECK (plan_made IN (0, 1)),
  CHECK (section47_id IS NOT NULL OR transfer_in = 1)
) STRICT;
CREATE INDEX icpcs_referral ON icpcs(referral_id);

CREATE TABLE cp_plans (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  referral_id INTEGER NOT NULL REFERENCES referrals(id),
  icpc_id INTEGER UNIQUE REFERENCES icpcs(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  initial_category TEXT NOT NULL,
  latest_category TEXT NOT NULL,
  previous_plans INTEGER NOT NULL DEFAULT 0 CHECK (previous_plans >= 0),
  CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX cp_plans_referral ON cp_plans(referral_id);

CREATE TABLE core_group_meetings (
  id INTEGER PRIMARY KEY,
  cp_plan_id INTEGER NOT NULL REFERENCES cp_plans(id),
  meeting_date TEXT NOT NULL
) STRICT;
CREATE INDEX core_groups_plan ON core_group_meetings(cp_plan_id);

CREATE TABLE cp_reviews (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  cp_plan_id INTEGER NOT NULL REFERENCES cp_plans(id),
  review_date TEXT NOT NULL
) STRICT;
CREATE INDEX cp_reviews_plan ON cp_reviews(cp_plan_id);

-- An SSDA903 episode: a span with one legal status and one placement. A
-- period of care is a run of episodes joined by reason ceased X1.
CREATE TABLE care_episodes (
  id INTEGER PRIMARY KEY,
  source_id TEXT,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  start_date TEXT NOT NULL,
  reason_new_episode TEXT NOT NULL,
  legal_status TEXT NOT NULL,
  category_of_need TEXT NOT NULL,
  placement_type TEXT NOT NULL,
  placement_provider TEXT,
  home_postcode TEXT,
  placement_postcode TEXT,
  urn TEXT,
  end_date TEXT,
  reason_ceased TEXT,
  reason_place_change TEXT,
  UNIQUE (person_id, start_date),
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK ((end_date IS NULL) = (reason_ceased IS NULL))
) STRICT;

CREATE TABLE care_reviews (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  review_date TEXT NOT NULL,
  participation TEXT,
  UNIQUE (person_id, review_date)
) STRICT;

CREATE TABLE missing_episodes (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  kind TEXT NOT NULL CHECK (kind IN ('M', 'A')),
  start_date TEXT NOT NULL,
  end_date TEXT,
  CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX missing_person ON missing_episodes(person_id);

CREATE TABLE care_leaver_contacts (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  contact_date TEXT NOT NULL,
  in_touch TEXT NOT NULL,
  activity TEXT,
  accommodation TEXT,
  UNIQUE (person_id, contact_date)
) STRICT;

-- The chronology: one per child, every event of the journey plus entries
-- that practitioners write. classification is empty for items every
-- involved practitioner may see, or names the owning agency's restriction
-- (for example 'police-restricted').
CREATE TABLE chronology (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  occurred_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  author TEXT NOT NULL,
  author_agency TEXT NOT NULL,
  classification TEXT NOT NULL DEFAULT '',
  record_table TEXT,
  record_id INTEGER
) STRICT;
CREATE INDEX chronology_person ON chronology(person_id, occurred_on);

-- Append-only and hash-chained: entry_hash = SHA-256(prev_hash || canonical
-- bytes of the row). The triggers stop ordinary updates and deletes; the
-- chain (and, later, signed checkpoints) detects everything else.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  person_id INTEGER,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  entry_hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_person ON audit_log(person_id) WHERE person_id IS NOT NULL;

-- The newest entry, updated with every append in the same transaction, so
-- that removing rows from the end of the log is detected too.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  entry_hash TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Facts about the database itself (which demo built it, for instance).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
