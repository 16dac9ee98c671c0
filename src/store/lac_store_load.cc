// Loading children for an SSDA903 return: one bulk query per table over the
// children looked after in the year, stitched together in memory, rather
// than a query per child.
#include <cstdlib>
#include <unordered_map>

#include "store/lac_store.h"
#include "store/row_reader.h"

namespace sg::store {
namespace {

// The children of a year's return ($1 its start, $2 its end): looked after
// on some day of it, or a care leaver whose contact on their birthday falls
// in it.
constexpr std::string_view kInYear =
    "(SELECT e.person_id FROM care_episodes e WHERE e.start_date <= $2 AND "
    "(e.end_date IS NULL OR e.end_date >= $1) UNION SELECT c.person_id FROM "
    "care_leaver_contacts c WHERE c.contact_date BETWEEN $1 AND $2)";

struct Loaded {
  std::vector<LacChild> children;
  std::unordered_map<Id, size_t> child_of_person;
  LacChild* Find(Id person) {
    auto at = child_of_person.find(person);
    return at == child_of_person.end() ? nullptr : &children[at->second];
  }
};

std::string Sql(std::string_view head, std::string_view tail = "") {
  return std::string(head) + std::string(kInYear) + std::string(tail);
}

// Runs `sql` (which selects person_id first) and hands each row to `add`
// with the child it belongs to.
template <class Add>
Status Attach(Database& db, const std::string& sql, Params params, Loaded& loaded, Add add) {
  return db.Query(sql, params, [&](const Row& row) -> Status {
    LacChild* child = loaded.Find(row.Int(0));
    if (child == nullptr) return {};
    RowReader r(row);
    add(*child, r);
    return r.status();
  });
}

}  // namespace

Status LacStore::ForEachChild(int year, const std::function<Status(const LacChild&)>& each) {
  core::Period period = core::ReportingYear(year);
  Loaded loaded;
  SG_RETURN_IF_ERROR(db_.Query(
      Sql("SELECT id, la_child_id, sex, birth_date, ethnicity, upn, upn_unknown, uasc, "
          "uasc_ceased, mother, first_child_birth_date FROM persons WHERE la_child_id IS NOT NULL "
          "AND birth_date IS NOT NULL AND id IN ",
          " ORDER BY la_child_id"),
      {period.start, period.end}, [&](const Row& row) -> Status {
        RowReader r(row);
        LacChild child;
        LacPerson& p = child.person;
        p.id = r.Int(0);
        p.la_child_id = r.String(1);
        p.sex = r.String(2);
        p.birth_date = r.Date(3);
        p.ethnicity = r.String(4);
        p.upn = r.OptString(5);
        p.upn_unknown = r.OptString(6);
        p.uasc = r.OptString(7);
        p.uasc_ceased = r.OptDate(8);
        p.mother = r.OptString(9);
        p.first_child_birth_date = r.OptDate(10);
        loaded.child_of_person[p.id] = loaded.children.size();
        loaded.children.push_back(std::move(child));
        return r.status();
      }));
  Params in_year = {period.start, period.end};
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, start_date, reason_new_episode, legal_status, category_of_need, "
          "placement_type, placement_provider, home_postcode, placement_postcode, urn, end_date, "
          "reason_ceased, reason_place_change, placement_distance, placement_la, "
          "placement_location FROM care_episodes WHERE person_id IN ",
          " ORDER BY person_id, start_date"),
      in_year, loaded, [](LacChild& child, RowReader& r) {
        LacEpisode e;
        CareEpisode& c = e.episode;
        c.person_id = r.Int(0);
        c.start = r.Date(1);
        c.reason_new_episode = r.String(2);
        c.legal_status = r.String(3);
        c.category_of_need = r.String(4);
        c.placement_type = r.String(5);
        c.placement_provider = r.OptString(6);
        c.home_postcode = r.OptString(7);
        c.placement_postcode = r.OptString(8);
        c.urn = r.OptString(9);
        c.end = r.OptDate(10);
        c.reason_ceased = r.OptString(11);
        c.reason_place_change = r.OptString(12);
        // A distance is stored to one decimal place; REAL keeps it exactly
        // enough to print back the same digits.
        if (auto text = r.OptString(13)) e.distance = std::strtod(text->c_str(), nullptr);
        e.placement_la = r.OptString(14);
        e.placement_location = r.OptString(15);
        child.episodes.push_back(std::move(e));
      }));
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, review_date, participation FROM care_reviews WHERE person_id IN ",
          " ORDER BY person_id, review_date"),
      in_year, loaded, [](LacChild& child, RowReader& r) {
        child.reviews.push_back(LacReview{r.Date(1), r.OptString(2)});
      }));
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, kind, start_date, end_date FROM missing_episodes WHERE person_id IN ",
          " ORDER BY person_id, start_date, kind"),
      in_year, loaded, [](LacChild& child, RowReader& r) {
        MissingEpisode m;
        m.person_id = r.Int(0);
        m.kind = r.String(1);
        m.start = r.Date(2);
        m.end = r.OptDate(3);
        child.missing.push_back(std::move(m));
      }));
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, contact_date, in_touch, activity, accommodation FROM "
          "care_leaver_contacts WHERE person_id IN ",
          " ORDER BY person_id, contact_date"),
      in_year, loaded, [](LacChild& child, RowReader& r) {
        CareLeaverContact c;
        c.person_id = r.Int(0);
        c.date = r.Date(1);
        c.in_touch = r.String(2);
        c.activity = r.OptString(3);
        c.accommodation = r.OptString(4);
        child.leaver_contacts.push_back(std::move(c));
      }));
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, decision_date, ceased_date, ceased_reason FROM adoption_decisions "
          "WHERE person_id IN ",
          " ORDER BY person_id, decision_date"),
      in_year, loaded, [](LacChild& child, RowReader& r) {
        child.adoption_decisions.push_back(
            LacAdoptionDecision{r.Date(1), r.OptDate(2), r.OptString(3)});
      }));
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, worker_id, start_date, end_date, reason FROM social_worker_episodes "
          "WHERE person_id IN ",
          " ORDER BY person_id, start_date, worker_id"),
      in_year, loaded, [](LacChild& child, RowReader& r) {
        child.social_workers.push_back(
            LacSocialWorkerEpisode{r.String(1), r.Date(2), r.OptDate(3), r.OptString(4)});
      }));
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, start_date, end_date FROM liberty_orders WHERE person_id IN ",
          " ORDER BY person_id, start_date"),
      in_year, loaded, [](LacChild& child, RowReader& r) {
        child.liberty_orders.push_back(LacLibertyOrder{r.Date(1), r.OptDate(2)});
      }));
  Params of_year = {period.start, period.end, year};
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, sdq_score, sdq_reason, convicted, health_check, immunisations, "
          "teeth_check, health_assessment, substance_misuse, intervention_received, "
          "intervention_offered FROM cla_health_outcomes WHERE collection_year = $3 AND "
          "person_id IN "),
      of_year, loaded, [](LacChild& child, RowReader& r) {
        LacOutcomes o;
        for (size_t i = 0; i < o.size(); ++i) o[i] = r.OptString(static_cast<int>(i) + 1);
        child.outcomes = std::move(o);
      }));
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, decision_date, matched_date, by_foster_carer, adopters, "
          "adopters_sex, adopters_legal_status FROM adoptions WHERE collection_year = $3 AND "
          "person_id IN "),
      of_year, loaded, [](LacChild& child, RowReader& r) {
        child.adoption = LacAdoption{r.OptDate(1),     r.OptDate(2),     r.OptString(3),
                                     r.OptString(4), r.OptString(5), r.OptString(6)};
      }));
  SG_RETURN_IF_ERROR(Attach(
      db_,
      Sql("SELECT person_id, option, la, date_text FROM previous_permanence WHERE "
          "collection_year = $3 AND person_id IN "),
      of_year, loaded, [](LacChild& child, RowReader& r) {
        child.permanence = LacPermanence{r.OptString(1), r.OptString(2), r.OptString(3)};
      }));
  for (const LacChild& child : loaded.children) SG_RETURN_IF_ERROR(each(child));
  return {};
}

}  // namespace sg::store
