// Cared-for children, care leavers and the chronology.
#include "store/journey_store.h"
#include "store/row_reader.h"

namespace sg::store {
namespace {

CareEpisode ReadCareEpisode(RowReader& r) {
  CareEpisode e;
  e.id = r.Int(0);
  e.source_id = r.OptString(1);
  e.person_id = r.Int(2);
  e.start = r.Date(3);
  e.reason_new_episode = r.String(4);
  e.legal_status = r.String(5);
  e.category_of_need = r.String(6);
  e.placement_type = r.String(7);
  e.placement_provider = r.OptString(8);
  e.home_postcode = r.OptString(9);
  e.placement_postcode = r.OptString(10);
  e.urn = r.OptString(11);
  e.end = r.OptDate(12);
  e.reason_ceased = r.OptString(13);
  e.reason_place_change = r.OptString(14);
  return e;
}

ChronologyEntry ReadChronology(RowReader& r) {
  ChronologyEntry c;
  c.id = r.Int(0);
  c.person_id = r.Int(1);
  c.occurred_on = r.Date(2);
  c.recorded_at = r.String(3);
  c.kind = r.String(4);
  c.summary = r.String(5);
  c.author = r.String(6);
  c.author_agency = r.String(7);
  c.classification = r.String(8);
  c.record_table = r.OptString(9);
  c.record_id = r.OptInt(10);
  return c;
}

}  // namespace

Result<Id> JourneyStore::InsertCareEpisode(const CareEpisode& e, const DerivedPlacement& d) {
  return db_.InsertReturningId(
      "INSERT INTO care_episodes (source_id, person_id, start_date, reason_new_episode, "
      "legal_status, category_of_need, placement_type, placement_provider, home_postcode, "
      "placement_postcode, urn, end_date, reason_ceased, reason_place_change, "
      "placement_distance, placement_la, placement_location) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
      "RETURNING id",
      {e.source_id, e.person_id, e.start, e.reason_new_episode, e.legal_status,
       e.category_of_need, e.placement_type, e.placement_provider, e.home_postcode,
       e.placement_postcode, e.urn, e.end, e.reason_ceased, e.reason_place_change, d.distance,
       d.placement_la, d.placement_location});
}

Result<std::vector<CareEpisode>> JourneyStore::CareEpisodesOf(Id person_id) {
  return QueryAll<CareEpisode>(
      db_,
      "SELECT id, source_id, person_id, start_date, reason_new_episode, legal_status, "
      "category_of_need, placement_type, placement_provider, home_postcode, placement_postcode, "
      "urn, end_date, reason_ceased, reason_place_change FROM care_episodes "
      "WHERE person_id = $1 ORDER BY start_date, id",
      {person_id}, ReadCareEpisode);
}

Status JourneyStore::EndCareEpisode(Id id, Date end, std::string_view reason_ceased,
                                    const std::optional<std::string>& reason_place_change) {
  return db_.Execute(
      "UPDATE care_episodes SET end_date = $2, reason_ceased = $3, reason_place_change = $4 "
      "WHERE id = $1",
      {id, end, reason_ceased, reason_place_change});
}

Result<Id> JourneyStore::InsertCareReview(Id person_id, Date date,
                                          const std::optional<std::string>& participation) {
  return db_.InsertReturningId(
      "INSERT INTO care_reviews (person_id, review_date, participation) VALUES ($1, $2, $3) "
      "RETURNING id",
      {person_id, date, participation});
}

Result<std::vector<Date>> JourneyStore::CareReviewDates(Id person_id) {
  return QueryAll<Date>(
      db_, "SELECT review_date FROM care_reviews WHERE person_id = $1 ORDER BY review_date",
      {person_id}, [](RowReader& r) { return r.Date(0); });
}

Result<std::vector<CareReview>> JourneyStore::CareReviewsOf(Id person_id) {
  return QueryAll<CareReview>(
      db_,
      "SELECT id, person_id, review_date, participation FROM care_reviews WHERE person_id = $1 "
      "ORDER BY review_date, id",
      {person_id}, [](RowReader& r) {
        return CareReview{r.Int(0), r.Int(1), r.Date(2), r.OptString(3)};
      });
}

Result<Id> JourneyStore::InsertMissing(const MissingEpisode& m) {
  return db_.InsertReturningId(
      "INSERT INTO missing_episodes (person_id, kind, start_date, end_date) "
      "VALUES ($1, $2, $3, $4) RETURNING id",
      {m.person_id, m.kind, m.start, m.end});
}

Result<std::vector<MissingEpisode>> JourneyStore::MissingEpisodesOf(Id person_id) {
  return QueryAll<MissingEpisode>(
      db_,
      "SELECT id, person_id, kind, start_date, end_date FROM missing_episodes "
      "WHERE person_id = $1 ORDER BY start_date, id",
      {person_id}, [](RowReader& r) {
        return MissingEpisode{r.Int(0), r.Int(1), r.String(2), r.Date(3), r.OptDate(4)};
      });
}

Result<Id> JourneyStore::InsertCareLeaverContact(const CareLeaverContact& c) {
  return db_.InsertReturningId(
      "INSERT INTO care_leaver_contacts (person_id, contact_date, in_touch, activity, "
      "accommodation) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {c.person_id, c.date, c.in_touch, c.activity, c.accommodation});
}

Result<std::vector<CareLeaverContact>> JourneyStore::CareLeaverContactsOf(Id person_id) {
  return QueryAll<CareLeaverContact>(
      db_,
      "SELECT id, person_id, contact_date, in_touch, activity, accommodation "
      "FROM care_leaver_contacts WHERE person_id = $1 ORDER BY contact_date, id",
      {person_id}, [](RowReader& r) {
        return CareLeaverContact{r.Int(0), r.Int(1), r.Date(2), r.String(3), r.OptString(4),
                                 r.OptString(5)};
      });
}

Result<Id> JourneyStore::InsertChronology(const ChronologyEntry& c) {
  return db_.InsertReturningId(
      "INSERT INTO chronology (person_id, occurred_on, recorded_at, kind, summary, author, "
      "author_agency, classification, record_table, record_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {c.person_id, c.occurred_on, c.recorded_at, c.kind, c.summary, c.author, c.author_agency,
       c.classification, c.record_table, c.record_id});
}

Result<std::vector<ChronologyEntry>> JourneyStore::ChronologyOf(Id person_id) {
  return QueryAll<ChronologyEntry>(
      db_,
      "SELECT id, person_id, occurred_on, recorded_at, kind, summary, author, author_agency, "
      "classification, record_table, record_id FROM chronology WHERE person_id = $1 "
      "ORDER BY occurred_on, id",
      {person_id}, ReadChronology);
}

Result<std::vector<ClassificationCount>> JourneyStore::ClassificationCountsOf(Id person_id) {
  return QueryAll<ClassificationCount>(
      db_,
      "SELECT classification, COUNT(*) FROM chronology "
      "WHERE person_id = $1 AND classification <> '' GROUP BY classification "
      "ORDER BY classification",
      {person_id}, [](RowReader& r) {
        return ClassificationCount{r.String(0), static_cast<int>(r.Int(1))};
      });
}

}  // namespace sg::store
