#include "store/lac_store.h"

#include <unordered_map>

#include "store/row_reader.h"

namespace sg::store {
namespace {

// Runs an upsert and adds the rows it changed (0 when the stored row was
// already the same: each DO UPDATE has a WHERE that compares).
Status Write(Database& db, int64_t& changed, std::string_view sql, Params params) {
  SG_RETURN_IF_ERROR(db.Execute(sql, params));
  changed += db.ChangedRows();
  return {};
}

constexpr std::string_view kUpsertPerson =
    "INSERT INTO persons (source_system, la_child_id, sex, birth_date, ethnicity, upn, "
    "upn_unknown, uasc, uasc_ceased, mother, first_child_birth_date, created_at) "
    "VALUES ('ssda903', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
    "ON CONFLICT (la_child_id) DO UPDATE SET sex = excluded.sex, birth_date = excluded.birth_date, "
    "ethnicity = excluded.ethnicity, upn = excluded.upn, upn_unknown = excluded.upn_unknown, "
    "uasc = excluded.uasc, uasc_ceased = excluded.uasc_ceased, mother = excluded.mother, "
    "first_child_birth_date = excluded.first_child_birth_date "
    "WHERE (persons.sex, persons.birth_date, persons.ethnicity, persons.upn, persons.upn_unknown, "
    "persons.uasc, persons.uasc_ceased, persons.mother, persons.first_child_birth_date) IS NOT "
    "(excluded.sex, excluded.birth_date, excluded.ethnicity, excluded.upn, excluded.upn_unknown, "
    "excluded.uasc, excluded.uasc_ceased, excluded.mother, excluded.first_child_birth_date)";

constexpr std::string_view kUpsertEpisode =
    "INSERT INTO care_episodes (person_id, start_date, reason_new_episode, legal_status, "
    "category_of_need, placement_type, placement_provider, home_postcode, placement_postcode, urn, "
    "end_date, reason_ceased, reason_place_change, placement_distance, placement_la, "
    "placement_location) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
    "$16) ON CONFLICT (person_id, start_date) DO UPDATE SET "
    "reason_new_episode = excluded.reason_new_episode, legal_status = excluded.legal_status, "
    "category_of_need = excluded.category_of_need, placement_type = excluded.placement_type, "
    "placement_provider = excluded.placement_provider, home_postcode = excluded.home_postcode, "
    "placement_postcode = excluded.placement_postcode, urn = excluded.urn, "
    "end_date = excluded.end_date, reason_ceased = excluded.reason_ceased, "
    "reason_place_change = excluded.reason_place_change, "
    "placement_distance = excluded.placement_distance, placement_la = excluded.placement_la, "
    "placement_location = excluded.placement_location "
    "WHERE (care_episodes.reason_new_episode, care_episodes.legal_status, "
    "care_episodes.category_of_need, care_episodes.placement_type, "
    "care_episodes.placement_provider, care_episodes.home_postcode, "
    "care_episodes.placement_postcode, care_episodes.urn, care_episodes.end_date, "
    "care_episodes.reason_ceased, care_episodes.reason_place_change, "
    "care_episodes.placement_distance, care_episodes.placement_la, "
    "care_episodes.placement_location) IS NOT (excluded.reason_new_episode, "
    "excluded.legal_status, excluded.category_of_need, excluded.placement_type, "
    "excluded.placement_provider, excluded.home_postcode, excluded.placement_postcode, "
    "excluded.urn, excluded.end_date, excluded.reason_ceased, excluded.reason_place_change, "
    "excluded.placement_distance, excluded.placement_la, excluded.placement_location)";

constexpr std::string_view kUpsertReview =
    "INSERT INTO care_reviews (person_id, review_date, participation) VALUES ($1, $2, $3) "
    "ON CONFLICT (person_id, review_date) DO UPDATE SET participation = excluded.participation "
    "WHERE care_reviews.participation IS NOT excluded.participation";

constexpr std::string_view kUpsertMissing =
    "INSERT INTO missing_episodes (person_id, kind, start_date, end_date) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (person_id, start_date, kind) DO UPDATE SET end_date = excluded.end_date "
    "WHERE missing_episodes.end_date IS NOT excluded.end_date";

constexpr std::string_view kUpsertLeaverContact =
    "INSERT INTO care_leaver_contacts (person_id, contact_date, in_touch, activity, accommodation) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, contact_date) DO UPDATE SET "
    "in_touch = excluded.in_touch, activity = excluded.activity, "
    "accommodation = excluded.accommodation WHERE (care_leaver_contacts.in_touch, "
    "care_leaver_contacts.activity, care_leaver_contacts.accommodation) IS NOT "
    "(excluded.in_touch, excluded.activity, excluded.accommodation)";

constexpr std::string_view kUpsertOutcomes =
    "INSERT INTO cla_health_outcomes (person_id, collection_year, sdq_score, sdq_reason, "
    "convicted, health_check, immunisations, teeth_check, health_assessment, substance_misuse, "
    "intervention_received, intervention_offered) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12) ON CONFLICT (person_id, collection_year) DO UPDATE SET "
    "sdq_score = excluded.sdq_score, sdq_reason = excluded.sdq_reason, "
    "convicted = excluded.convicted, health_check = excluded.health_check, "
    "immunisations = excluded.immunisations, teeth_check = excluded.teeth_check, "
    "health_assessment = excluded.health_assessment, "
    "substance_misuse = excluded.substance_misuse, "
    "intervention_received = excluded.intervention_received, "
    "intervention_offered = excluded.intervention_offered WHERE (cla_health_outcomes.sdq_score, "
    "cla_health_outcomes.sdq_reason, cla_health_outcomes.convicted, "
    "cla_health_outcomes.health_check, cla_health_outcomes.immunisations, "
    "cla_health_outcomes.teeth_check, cla_health_outcomes.health_assessment, "
    "cla_health_outcomes.substance_misuse, cla_health_outcomes.intervention_received, "
    "cla_health_outcomes.intervention_offered) IS NOT (excluded.sdq_score, excluded.sdq_reason, "
    "excluded.convicted, excluded.health_check, excluded.immunisations, excluded.teeth_check, "
    "excluded.health_assessment, excluded.substance_misuse, excluded.intervention_received, "
    "excluded.intervention_offered)";

constexpr std::string_view kUpsertAdoption =
    "INSERT INTO adoptions (person_id, collection_year, decision_date, matched_date, "
    "by_foster_carer, adopters, adopters_sex, adopters_legal_status) VALUES ($1, $2, $3, $4, $5, "
    "$6, $7, $8) ON CONFLICT (person_id, collection_year) DO UPDATE SET "
    "decision_date = excluded.decision_date, matched_date = excluded.matched_date, "
    "by_foster_carer = excluded.by_foster_carer, adopters = excluded.adopters, "
    "adopters_sex = excluded.adopters_sex, adopters_legal_status = excluded.adopters_legal_status "
    "WHERE (adoptions.decision_date, adoptions.matched_date, adoptions.by_foster_carer, "
    "adoptions.adopters, adoptions.adopters_sex, adoptions.adopters_legal_status) IS NOT "
    "(excluded.decision_date, excluded.matched_date, excluded.by_foster_carer, excluded.adopters, "
    "excluded.adopters_sex, excluded.adopters_legal_status)";

constexpr std::string_view kUpsertDecision =
    "INSERT INTO adoption_decisions (person_id, decision_date, ceased_date, ceased_reason) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, decision_date) DO UPDATE SET "
    "ceased_date = excluded.ceased_date, ceased_reason = excluded.ceased_reason "
    "WHERE (adoption_decisions.ceased_date, adoption_decisions.ceased_reason) IS NOT "
    "(excluded.ceased_date, excluded.ceased_reason)";

constexpr std::string_view kUpsertPermanence =
    "INSERT INTO previous_permanence (person_id, collection_year, option, la, date_text) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, collection_year) DO UPDATE SET "
    "option = excluded.option, la = excluded.la, date_text = excluded.date_text "
    "WHERE (previous_permanence.option, previous_permanence.la, previous_permanence.date_text) "
    "IS NOT (excluded.option, excluded.la, excluded.date_text)";

constexpr std::string_view kUpsertSocialWorker =
    "INSERT INTO social_worker_episodes (person_id, worker_id, start_date, end_date, reason) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, start_date, worker_id) DO UPDATE SET "
    "end_date = excluded.end_date, reason = excluded.reason WHERE "
    "(social_worker_episodes.end_date, social_worker_episodes.reason) IS NOT "
    "(excluded.end_date, excluded.reason)";

constexpr std::string_view kUpsertLibertyOrder =
    "INSERT INTO liberty_orders (person_id, start_date, end_date) VALUES ($1, $2, $3) "
    "ON CONFLICT (person_id, start_date) DO UPDATE SET end_date = excluded.end_date "
    "WHERE liberty_orders.end_date IS NOT excluded.end_date";

constexpr std::string_view kTables[] = {
    "persons",        "care_episodes",      "care_reviews",        "missing_episodes",
    "care_leaver_contacts", "cla_health_outcomes", "adoptions",    "adoption_decisions",
    "previous_permanence",  "social_worker_episodes", "liberty_orders"};

}  // namespace

Result<int64_t> LacStore::SaveChild(const LacChild& child, int year, const std::string& created_at) {
  int64_t changed = 0;
  const LacPerson& p = child.person;
  SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertPerson,
                           {p.la_child_id, p.sex, p.birth_date, p.ethnicity, p.upn, p.upn_unknown,
                            p.uasc, p.uasc_ceased, p.mother, p.first_child_birth_date,
                            created_at}));
  SG_ASSIGN_OR_RETURN(Id person, db_.QueryInt("SELECT id FROM persons WHERE la_child_id = $1",
                                              {p.la_child_id}, 0));
  for (const LacEpisode& e : child.episodes) {
    const CareEpisode& c = e.episode;
    SG_RETURN_IF_ERROR(Write(
        db_, changed, kUpsertEpisode,
        {person, c.start, c.reason_new_episode, c.legal_status, c.category_of_need,
         c.placement_type, c.placement_provider, c.home_postcode, c.placement_postcode, c.urn,
         c.end, c.reason_ceased, c.reason_place_change, e.distance, e.placement_la,
         e.placement_location}));
  }
  for (const LacReview& r : child.reviews) {
    SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertReview, {person, r.date, r.participation}));
  }
  for (const MissingEpisode& m : child.missing) {
    SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertMissing, {person, m.kind, m.start, m.end}));
  }
  for (const CareLeaverContact& c : child.leaver_contacts) {
    SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertLeaverContact,
                             {person, c.date, c.in_touch, c.activity, c.accommodation}));
  }
  if (child.outcomes) {
    const LacOutcomes& o = *child.outcomes;
    SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertOutcomes,
                             {person, year, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8],
                              o[9]}));
  }
  if (child.adoption) {
    const LacAdoption& a = *child.adoption;
    SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertAdoption,
                             {person, year, a.decision_date, a.matched_date, a.by_foster_carer,
                              a.adopters, a.adopters_sex, a.adopters_legal_status}));
  }
  for (const LacAdoptionDecision& d : child.adoption_decisions) {
    SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertDecision,
                             {person, d.decision_date, d.ceased_date, d.ceased_reason}));
  }
  if (child.permanence) {
    const LacPermanence& pp = *child.permanence;
    SG_RETURN_IF_ERROR(
        Write(db_, changed, kUpsertPermanence, {person, year, pp.option, pp.la, pp.date_text}));
  }
  for (const LacSocialWorkerEpisode& s : child.social_workers) {
    SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertSocialWorker,
                             {person, s.worker_id, s.start, s.end, s.reason}));
  }
  for (const LacLibertyOrder& d : child.liberty_orders) {
    SG_RETURN_IF_ERROR(Write(db_, changed, kUpsertLibertyOrder, {person, d.start, d.end}));
  }
  return changed;
}

Result<int64_t> LacStore::CountRows() {
  int64_t rows = 0;
  for (std::string_view table : kTables) {
    SG_ASSIGN_OR_RETURN(int64_t n, db_.QueryInt("SELECT COUNT(*) FROM " + std::string(table), {}));
    rows += n;
  }
  return rows;
}

}  // namespace sg::store
