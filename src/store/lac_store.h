// LacStore: the journey's care records as the SSDA903 return sees them,
// saved and loaded child by child.
//
// The return carries no ids below the child, so saving finds each stored
// record by a key derived from the file (migration 0003 says which) and
// writes it with one upsert that changes nothing when nothing changed:
// saving the same child twice leaves the database as it was, and saving a
// later year's version updates what changed. Facts collected once a year
// (OC2 outcomes, AD1 adoption details, previous permanence) are kept per
// collection year.
//
// Loading returns every child of a collection year's return (looked after
// on a day of it, or a care leaver with a contact in it), with all their
// care records, in LA child id order, so that an export is deterministic; cutting the records
// to the year is the export's business.
#ifndef SAFEGUARD_STORE_LAC_STORE_H_
#define SAFEGUARD_STORE_LAC_STORE_H_

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/database.h"
#include "store/records.h"

namespace sg::store {

using OptText = std::optional<std::string>;
using OptDate = std::optional<core::Date>;

struct LacPerson {
  Id id = 0;  // set by SaveChild and by loading
  std::string la_child_id;
  std::string sex;  // M, F, U
  core::Date birth_date;
  std::string ethnicity;
  OptText upn;
  OptText upn_unknown;  // UN1 ... UN10 in place of a UPN
  OptText uasc;         // '1' / '0'
  OptDate uasc_ceased;
  OptText mother;       // '1' / '0'
  OptDate first_child_birth_date;
};

struct LacEpisode {
  CareEpisode episode;  // person_id is filled in by SaveChild
  std::optional<double> distance;
  OptText placement_la;
  OptText placement_location;  // IN / OUT
};

struct LacReview {
  core::Date date;
  OptText participation;  // PN0 ... PN7
};

// OC2's ten answers, in the return's column order from SDQ_SCORE to
// INTERVENTION_OFFERED.
using LacOutcomes = std::array<OptText, 10>;

struct LacAdoption {
  OptDate decision_date;
  OptDate matched_date;
  OptText by_foster_carer, adopters, adopters_sex, adopters_legal_status;
};

struct LacAdoptionDecision {
  core::Date decision_date;
  OptDate ceased_date;
  OptText ceased_reason;
};

struct LacPermanence {
  OptText option, la, date_text;
};

struct LacSocialWorkerEpisode {
  std::string worker_id;
  core::Date start;
  OptDate end;
  OptText reason;
};

struct LacLibertyOrder {
  core::Date start;
  OptDate end;
};

struct LacChild {
  LacPerson person;
  std::vector<LacEpisode> episodes;  // by start date
  std::vector<LacReview> reviews;    // by date
  std::vector<MissingEpisode> missing;
  std::vector<CareLeaverContact> leaver_contacts;
  std::vector<LacAdoptionDecision> adoption_decisions;
  std::vector<LacSocialWorkerEpisode> social_workers;
  std::vector<LacLibertyOrder> liberty_orders;
  // Per collection year: loaded for the year asked for.
  std::optional<LacOutcomes> outcomes;
  std::optional<LacAdoption> adoption;
  std::optional<LacPermanence> permanence;
};

class LacStore {
 public:
  explicit LacStore(Database& db) : db_(db) {}

  // REQUIRES: inside a write transaction. Returns the rows it inserted or
  // changed. `created_at` stamps a new person.
  Result<int64_t> SaveChild(const LacChild& child, int collection_year,
                            const std::string& created_at);

  // Rows in all the tables SaveChild writes (to tell rows added from rows
  // updated across an import).
  Result<int64_t> CountRows();

  // Every child looked after in `collection_year`, in LA child id order.
  // REQUIRES: inside a transaction.
  Status ForEachChild(int collection_year, const std::function<Status(const LacChild&)>& each);

 private:
  Database& db_;
};

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_LAC_STORE_H_
