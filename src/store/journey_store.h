// JourneyStore: loads and saves the records of the child's journey.
//
// A repository in the LevelDB sense: a small surface of typed calls, each
// one SQL statement or a few, no rules. The rules (what may follow what,
// which dates are allowed) live in journey/, and the decision of who may
// read or write lives in access/; this class only does what it is told,
// inside whatever transaction the caller holds.
//
// Find* return an empty optional when nothing matches; every other failure
// is an Error from the database.
//
// The *Of reads give every record of one kind for a child (or for one
// referral), whoever wrote it (a journey command or an import), in date
// order then id, each complete (with its factors or tools) in a fixed small
// number of queries whatever the number of records: a child's whole record
// is read on every GET of it, so no read here costs a query per row.
#ifndef SAFEGUARD_STORE_JOURNEY_STORE_H_
#define SAFEGUARD_STORE_JOURNEY_STORE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace sg::store {

class JourneyStore {
 public:
  explicit JourneyStore(Database& db) : db_(db) {}

  // People and the agencies that work with them.
  Result<Id> InsertPerson(const Person& person, std::string_view created_at);
  Result<std::optional<Person>> FindPerson(Id id);
  Result<std::optional<Person>> FindPersonByLaChildId(std::string_view la_child_id);
  Result<int64_t> CountPersons();
  Result<Id> InsertAgency(const Agency& agency);
  Result<std::optional<Agency>> FindAgencyByCode(std::string_view code);
  Result<Id> InsertTeam(const Team& team);
  Result<Id> InsertWorker(const Worker& worker);
  Result<Id> InsertInvolvement(const Involvement& involvement);
  Status EndOpenInvolvements(Id person_id, Date end);
  // Ends the child's open allocations: involvements of the council's own
  // teams (agencies of kind "council"), leaving partner agencies' open.
  Status EndOpenAllocations(Id person_id, Date end);
  Result<std::optional<Involvement>> FindInvolvement(Id id);
  Result<std::vector<Involvement>> InvolvementsOf(Id person_id);  // by start date, then id
  Status EndInvolvement(Id id, Date end);
  Result<std::optional<Team>> FindTeam(Id id);
  Result<std::optional<Worker>> FindWorker(Id id);
  Result<std::optional<Agency>> FindAgency(Id id);
  // The involvements open on `day` (start <= day, no end or end >= day), by
  // start date then id, with their team, agency and worker names: one query.
  Result<std::vector<NamedInvolvement>> OpenInvolvementsOf(Id person_id, Date day);

  // Optimistic concurrency: every change to a child's journey bumps the
  // child's version (ETags carry it). kNotFound for an unknown child.
  Status BumpVersion(Id person_id);
  Result<int64_t> PersonVersion(Id person_id);

  // Front door and early help.
  Result<Id> InsertContact(const Contact& contact);
  Result<std::optional<Contact>> FindContact(Id id);
  // With factors and screening tools; by contact date.
  Result<std::vector<Contact>> ContactsOf(Id person_id);
  Status DecideContact(Id id, Date decision_date, std::string_view outcome);
  Result<Id> InsertEarlyHelp(const EarlyHelpEpisode& episode);
  Result<std::optional<EarlyHelpEpisode>> FindEarlyHelp(Id id);
  Result<std::optional<EarlyHelpEpisode>> FindOpenEarlyHelp(Id person_id);
  Result<std::vector<EarlyHelpEpisode>> EarlyHelpOf(Id person_id);  // by start date
  Status EndEarlyHelp(Id id, Date end, std::string_view reason);

  // Referrals (CIN episodes) and what happens under them.
  Result<Id> InsertReferral(const Referral& referral);
  Result<std::optional<Referral>> FindReferral(Id id);
  Result<std::optional<Referral>> FindOpenReferral(Id person_id);
  Result<std::optional<Referral>> FindLatestReferral(Id person_id);
  Result<std::vector<Referral>> ReferralsOf(Id person_id);  // by referral date
  Status CloseReferral(Id id, Date closure_date, std::string_view reason);
  Result<Id> InsertAssessment(const Assessment& assessment);
  Result<std::optional<Assessment>> FindAssessment(Id id);
  // With factors; by start date.
  Result<std::vector<Assessment>> AssessmentsOf(Id referral_id);
  Status AuthoriseAssessment(Id id, Date authorised, const std::vector<std::string>& factors);
  Result<Id> InsertCinPlan(const CinPlan& plan);
  Result<std::optional<CinPlan>> FindCinPlan(Id id);
  Result<std::vector<CinPlan>> CinPlansOf(Id referral_id);
  Status EndCinPlan(Id id, Date end);
  Result<Id> InsertStrategyDiscussion(const StrategyDiscussion& discussion);
  Result<std::optional<StrategyDiscussion>> FindStrategyDiscussion(Id id);
  Result<std::vector<StrategyDiscussion>> StrategyDiscussionsOf(Id referral_id);  // by date
  Result<Id> InsertSection47(const Section47& enquiry);
  Result<std::optional<Section47>> FindSection47(Id id);
  Result<std::vector<Section47>> Section47sOf(Id referral_id);  // by start date
  Status SetIcpcNotRequired(Id section47_id);
  Result<Id> InsertIcpc(const Icpc& icpc);
  Result<std::optional<Icpc>> FindIcpc(Id id);
  Result<std::optional<Icpc>> FindIcpcOfSection47(Id section47_id);
  Result<std::vector<Icpc>> IcpcsOf(Id referral_id);  // by conference date
  Result<Id> InsertCpPlan(const CpPlan& plan);
  Result<std::optional<CpPlan>> FindCpPlan(Id id);
  Result<std::vector<CpPlan>> CpPlansOf(Id referral_id);
  Result<int> CountEarlierCpPlans(Id person_id, Date before);
  Status EndCpPlan(Id id, Date end);
  Status SetLatestCategory(Id plan_id, std::string_view category);
  Result<Id> InsertCpReview(Id plan_id, Date date);
  Result<std::vector<Date>> CpReviewDates(Id plan_id);
  Result<Id> InsertCoreGroup(Id plan_id, Date date);
  Result<std::vector<Date>> CoreGroupDates(Id plan_id);
  // Everything under all the child's referrals: nine queries, whatever the
  // number of referrals and plans.
  Result<ChildReferralRecords> ReferralRecordsOf(Id person_id);

  // Cared-for children and care leavers.
  Result<Id> InsertCareEpisode(const CareEpisode& episode,
                               const DerivedPlacement& derived = {});
  Result<std::vector<CareEpisode>> CareEpisodesOf(Id person_id);  // by start date
  Status EndCareEpisode(Id id, Date end, std::string_view reason_ceased,
                        const std::optional<std::string>& reason_place_change);
  Result<Id> InsertCareReview(Id person_id, Date date, const std::optional<std::string>& participation);
  Result<std::vector<Date>> CareReviewDates(Id person_id);
  Result<std::vector<CareReview>> CareReviewsOf(Id person_id);  // by review date
  Result<Id> InsertMissing(const MissingEpisode& episode);
  Result<std::vector<MissingEpisode>> MissingEpisodesOf(Id person_id);  // by start date
  Result<Id> InsertCareLeaverContact(const CareLeaverContact& contact);
  Result<std::vector<CareLeaverContact>> CareLeaverContactsOf(Id person_id);  // by date

  // The chronology.
  Result<Id> InsertChronology(const ChronologyEntry& entry);
  Result<std::vector<ChronologyEntry>> ChronologyOf(Id person_id);
  // The classified items only, counted by classification (in code order);
  // for the record's notices, which show counts and never the items.
  Result<std::vector<ClassificationCount>> ClassificationCountsOf(Id person_id);

  // Settings (facts about the database itself).
  Status PutSetting(std::string_view key, std::string_view value);
  Result<std::optional<std::string>> GetSetting(std::string_view key);

 private:
  // With factors; by start date, then id (ReferralRecordsOf's first part).
  Result<std::vector<Assessment>> AssessmentsOfChild(Id person_id);

  Database& db_;
};

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_JOURNEY_STORE_H_
