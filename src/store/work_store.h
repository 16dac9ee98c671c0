// WorkStore: loads, in a few bulk queries, every open piece of statutory
// work with the dates its clock needs. The clocks themselves are computed in
// journey/clocks.h; this class only gathers facts, one query per kind of
// work, so that the whole authority's work tray costs six queries however
// many children there are.
#ifndef SAFEGUARD_STORE_WORK_STORE_H_
#define SAFEGUARD_STORE_WORK_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace sg::store {

// Who the work belongs to: the child and the team and worker of the child's
// current involvement, if any.
struct WorkOwner {
  Id person_id = 0;
  std::string la_child_id;
  std::string name;
  std::optional<Id> team_id;
  std::optional<Id> worker_id;
};

struct OpenWork {
  WorkOwner owner;
  Id record_id = 0;
  Date anchor;                // the date the clock runs from
  std::vector<Date> history;  // reviews held so far, for repeating clocks
};

// An open period of care: its first day and the reviews held since.
struct OpenCare {
  WorkOwner owner;
  Id episode_id = 0;  // the open episode
  Date period_start;
  std::vector<Date> reviews;
};

struct AllOpenWork {
  std::vector<OpenWork> contact_decisions;   // anchor = contact date
  std::vector<OpenWork> assessments;         // anchor = referral date (a later one: its start)
  std::vector<OpenWork> conferences;         // anchor = strategy discussion (S47 start)
  std::vector<OpenWork> first_core_groups;   // anchor = ICPC date
  std::vector<OpenWork> cp_reviews;          // anchor = ICPC date, history = reviews
  std::vector<OpenCare> care_reviews;
  std::map<Id, std::string> team_names;
  std::map<Id, std::string> worker_names;
};

class WorkStore {
 public:
  explicit WorkStore(Database& db) : db_(db) {}
  Result<AllOpenWork> LoadOpenWork();

 private:
  Database& db_;
};

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_WORK_STORE_H_
