-- 0003: what the SSDA903 return carries beyond the journey's care records.
-- The return has no ids below the child, so its import finds a record by a
-- key derived from the file: an episode by child and start (DECOM), a
-- review by child and date, a missing episode by child, start and kind, a
-- social worker episode by child, start and worker, a placement decision
-- or a deprivation of liberty order by child and date. Facts the DfE
-- collects once a year (OC2 outcomes, AD1 adoption details, previous
-- permanence) are kept per collection year, as reported.

ALTER TABLE persons ADD COLUMN uasc TEXT;                    -- '1' unaccompanied asylum-seeking, '0' not
ALTER TABLE persons ADD COLUMN uasc_ceased TEXT;             -- 903 DUC
ALTER TABLE persons ADD COLUMN mother TEXT;                  -- 903 MOTHER: '1' the child is a mother
ALTER TABLE persons ADD COLUMN first_child_birth_date TEXT;  -- 903 MC_DOB

-- Derived from the postcodes when the episode is stored (places/).
ALTER TABLE care_episodes ADD COLUMN placement_distance REAL;  -- straight-line miles, 1 dp
ALTER TABLE care_episodes ADD COLUMN placement_la TEXT;        -- the placement's upper-tier authority
ALTER TABLE care_episodes ADD COLUMN placement_location TEXT CHECK (placement_location IN ('IN', 'OUT'));

CREATE UNIQUE INDEX missing_key ON missing_episodes(person_id, start_date, kind);

CREATE TABLE cla_health_outcomes (  -- OC2
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  collection_year INTEGER NOT NULL,
  sdq_score TEXT,
  sdq_reason TEXT,
  convicted TEXT,
  health_check TEXT,
  immunisations TEXT,
  teeth_check TEXT,
  health_assessment TEXT,
  substance_misuse TEXT,
  intervention_received TEXT,
  intervention_offered TEXT,
  UNIQUE (person_id, collection_year)
) STRICT;

CREATE TABLE adoptions (  -- AD1
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  collection_year INTEGER NOT NULL,
  decision_date TEXT,          -- DATE_INT: should be placed for adoption
  matched_date TEXT,           -- DATE_MATCH
  by_foster_carer TEXT,        -- FOSTER_CARE 0/1
  adopters TEXT,               -- NB_ADOPTR 1/2
  adopters_sex TEXT,           -- SEX_ADOPTR
  adopters_legal_status TEXT,  -- LS_ADOPTR
  UNIQUE (person_id, collection_year)
) STRICT;

CREATE TABLE adoption_decisions (  -- PlacedAdoption
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  decision_date TEXT NOT NULL,  -- DATE_PLACED
  ceased_date TEXT,             -- DATE_PLACED_CEASED
  ceased_reason TEXT,           -- REASON_PLACED_CEASED RD1-RD4
  UNIQUE (person_id, decision_date)
) STRICT;

CREATE TABLE previous_permanence (  -- PrevPerm
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  collection_year INTEGER NOT NULL,
  option TEXT,     -- PREV_PERM P1-P4, Z1
  la TEXT,         -- LA_PERM
  date_text TEXT,  -- DATE_PERM as written: may be partial (ZZ/MM/YYYY)
  UNIQUE (person_id, collection_year)
) STRICT;

CREATE TABLE social_worker_episodes (  -- SWEpisodes
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  worker_id TEXT NOT NULL,  -- Social Work England registration number
  start_date TEXT NOT NULL,
  end_date TEXT,
  reason TEXT,
  UNIQUE (person_id, start_date, worker_id)
) STRICT;

CREATE TABLE liberty_orders (  -- DoLo: deprivation of liberty orders
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  UNIQUE (person_id, start_date)
) STRICT;
