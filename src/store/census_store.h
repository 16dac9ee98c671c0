// CensusStore: the journey's records as a census sees them, saved and loaded
// child by child.
//
// A statutory return (the CIN census) carries no ids below the child, so an
// import finds each stored record by a key derived from the file: the person
// by LA child id, a referral by person and referral date, an assessment, a
// CIN plan, a section 47 enquiry or a CP plan by its referral and start
// date, a conference by its enquiry (or, when it stands alone, by referral
// and date), a review by plan and date. Saving the same child twice changes
// nothing; saving a later year's version updates what changed.
//
// "As at": a file knows the journey up to its reference date. When a file
// leaves an end date blank (an open episode, an assessment not yet
// authorised) but the store holds an end date later than the file's
// reference date, the stored one came from a later file and is kept; an end
// date on or before the reference date that the file no longer shows is
// cleared, because the file is then the better witness.
//
// Loading returns every child with a referral open at some point in a
// period, each with the records of those referrals, ordered by LA child id,
// so that an export is deterministic.
#ifndef SAFEGUARD_STORE_CENSUS_STORE_H_
#define SAFEGUARD_STORE_CENSUS_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/database.h"
#include "store/records.h"

namespace sg::store {

struct CensusSection47 {
  Section47 enquiry;
  std::optional<Date> icpc_date;  // the initial conference this enquiry led to
};

struct CensusCpPlan {
  CpPlan plan;
  std::vector<Date> reviews;
};

struct CensusEpisode {
  Referral referral;
  std::optional<Date> icpc_date;  // a conference not tied to an enquiry in this episode
  std::vector<Assessment> assessments;
  std::vector<CinPlan> cin_plans;
  std::vector<CensusSection47> section47s;
  std::vector<CensusCpPlan> cp_plans;
};

struct CensusChild {
  Person person;  // la_child_id is the key
  std::optional<std::string> former_upn;
  std::optional<std::string> upn_unknown;
  std::vector<CensusEpisode> episodes;
};

// Rows written by a save: added (new records) and updated (changed ones).
struct CensusChanges {
  int64_t added = 0;
  int64_t updated = 0;
};

class CensusStore {
 public:
  explicit CensusStore(Database& db) : db_(db) {}

  // REQUIRES: inside a write transaction; child.person.la_child_id set.
  // `created_at` stamps a new person. Returns the rows it wrote.
  Result<CensusChanges> SaveChild(const CensusChild& child, Date as_at,
                                  const std::string& created_at);

  // Every child with an LA child id and a referral open at some point in
  // `period`, with those referrals and all their records, in LA child id
  // order. REQUIRES: inside a transaction (a consistent snapshot).
  Status ForEachChild(const core::Period& period,
                      const std::function<Status(const CensusChild&)>& each);

 private:
  Database& db_;
};

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_CENSUS_STORE_H_
