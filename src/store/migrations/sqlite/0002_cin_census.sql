-- 0002: what the CIN census carries beyond the journey, and lookups by the
-- keys an import derives. The census has no ids below the child, so an
-- episode is found by child and referral date, an assessment by episode and
-- start date, and so on; these indexes make each lookup one probe.

ALTER TABLE persons ADD COLUMN former_upn TEXT;
ALTER TABLE persons ADD COLUMN upn_unknown TEXT;      -- UN1 ... UN7

CREATE INDEX assessments_key ON assessments(referral_id, start_date);
CREATE INDEX cin_plans_key ON cin_plans(referral_id, start_date);
CREATE INDEX section47_key ON section47_enquiries(referral_id, start_date);
CREATE INDEX icpcs_key ON icpcs(referral_id, conference_date);
CREATE INDEX cp_plans_key ON cp_plans(referral_id, start_date);
CREATE INDEX cp_reviews_key ON cp_reviews(cp_plan_id, review_date);
