-- 0005: indexes for reading a child's whole record on every GET of it.

-- The record shows how many of a child's chronology items each
-- classification restricts, never the items; counting them through
-- chronology_person would read every one of the child's items. Only
-- classified items are indexed, so the index stays small.
CREATE INDEX chronology_restricted ON chronology(person_id, classification)
  WHERE classification <> '';
