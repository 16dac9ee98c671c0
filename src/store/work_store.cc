#include "store/work_store.h"

#include <algorithm>
#include <unordered_map>

#include "store/row_reader.h"

namespace sg::store {
namespace {

// Each query below starts with these owner columns, taken from the child
// (alias p) and the child's newest open involvement.
// Statutory work belongs to the council's allocation: a partner agency's
// involvement (the police on a section 47, a school) never takes it over.
#define SG_COUNCIL_ALLOCATION                                                              \
  "FROM involvements i WHERE i.person_id = p.id AND i.end_date IS NULL AND i.team_id IN "  \
  "(SELECT t.id FROM teams t JOIN agencies a ON a.id = t.agency_id WHERE a.kind = 'council') " \
  "ORDER BY i.start_date DESC, i.id DESC LIMIT 1"
#define SG_OWNER_COLUMNS                                                                  \
  "p.id, COALESCE(p.la_child_id, ''), p.forename || ' ' || p.surname, "                   \
  "(SELECT team_id " SG_COUNCIL_ALLOCATION "), (SELECT worker_id " SG_COUNCIL_ALLOCATION ") "
constexpr int kOwnerColumns = 5;

WorkOwner ReadOwner(RowReader& r) {
  return WorkOwner{r.Int(0), r.String(1), r.String(2), r.OptInt(3), r.OptInt(4)};
}

OpenWork ReadOpenWork(RowReader& r) {
  OpenWork w;
  w.owner = ReadOwner(r);
  w.record_id = r.Int(kOwnerColumns);
  w.anchor = r.Date(kOwnerColumns + 1);
  return w;
}

constexpr std::string_view kContactDecisions =
    "SELECT " SG_OWNER_COLUMNS
    ", c.id, c.contact_date FROM contacts c JOIN persons p ON p.id = c.person_id "
    "WHERE c.decision_date IS NULL";

// The first assessment of a referral runs from the referral; a later one in
// the same episode from its own start.
constexpr std::string_view kAssessments =
    "SELECT " SG_OWNER_COLUMNS
    ", a.id, CASE WHEN EXISTS (SELECT 1 FROM assessments e WHERE e.referral_id = a.referral_id "
    "AND e.id <> a.id AND e.start_date <= a.start_date AND e.id < a.id) THEN a.start_date "
    "ELSE r.referral_date END FROM assessments a JOIN referrals r ON r.id = a.referral_id "
    "JOIN persons p ON p.id = r.person_id WHERE a.authorisation_date IS NULL";

constexpr std::string_view kConferences =
    "SELECT " SG_OWNER_COLUMNS
    ", s.id, COALESCE(d.discussion_date, s.start_date) FROM section47_enquiries s "
    "JOIN referrals r ON r.id = s.referral_id JOIN persons p ON p.id = r.person_id "
    "LEFT JOIN strategy_discussions d ON d.id = s.strategy_discussion_id "
    "WHERE s.icpc_not_required = 0 AND r.closure_date IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM icpcs c WHERE c.section47_id = s.id)";

constexpr std::string_view kFirstCoreGroups =
    "SELECT " SG_OWNER_COLUMNS
    ", pl.id, COALESCE(c.conference_date, pl.start_date) FROM cp_plans pl "
    "JOIN referrals r ON r.id = pl.referral_id JOIN persons p ON p.id = r.person_id "
    "LEFT JOIN icpcs c ON c.id = pl.icpc_id WHERE pl.end_date IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM core_group_meetings g WHERE g.cp_plan_id = pl.id)";

constexpr std::string_view kCpPlans =
    "SELECT " SG_OWNER_COLUMNS
    ", pl.id, COALESCE(c.conference_date, pl.start_date) FROM cp_plans pl "
    "JOIN referrals r ON r.id = pl.referral_id JOIN persons p ON p.id = r.person_id "
    "LEFT JOIN icpcs c ON c.id = pl.icpc_id WHERE pl.end_date IS NULL";

constexpr std::string_view kCpReviewsOfOpenPlans =
    "SELECT v.cp_plan_id, v.review_date FROM cp_reviews v JOIN cp_plans pl ON pl.id = v.cp_plan_id "
    "WHERE pl.end_date IS NULL ORDER BY v.cp_plan_id, v.review_date";

// Episodes of children who are in care now, oldest first, to find where the
// current period of care began (episodes chained by reason ceased X1).
constexpr std::string_view kCareEpisodes =
    "SELECT " SG_OWNER_COLUMNS
    ", e.id, e.start_date, e.end_date, COALESCE(e.reason_ceased, '') FROM care_episodes e "
    "JOIN persons p ON p.id = e.person_id WHERE e.person_id IN "
    "(SELECT person_id FROM care_episodes WHERE end_date IS NULL) "
    "ORDER BY e.person_id, e.start_date";

constexpr std::string_view kCareReviews =
    "SELECT person_id, review_date FROM care_reviews WHERE person_id IN "
    "(SELECT person_id FROM care_episodes WHERE end_date IS NULL) ORDER BY person_id, review_date";

#undef SG_OWNER_COLUMNS

Status LoadCare(Database& db, AllOpenWork& out) {
  struct EpisodeRow {
    WorkOwner owner;
    Id id;
    Date start;
    std::optional<Date> end;
    std::string reason;
  };
  auto episodes = QueryAll<EpisodeRow>(db, kCareEpisodes, {}, [](RowReader& r) {
    return EpisodeRow{ReadOwner(r), r.Int(kOwnerColumns), r.Date(kOwnerColumns + 1),
                      r.OptDate(kOwnerColumns + 2), r.String(kOwnerColumns + 3)};
  });
  if (!episodes) return std::unexpected(episodes.error());
  std::unordered_map<Id, size_t> index;
  for (size_t i = 0; i < episodes->size(); ++i) {
    const EpisodeRow& e = (*episodes)[i];
    // A period begins at the first episode, or after an episode that ended
    // for any reason other than X1 (a new episode the same day).
    bool starts_period = i == 0 || (*episodes)[i - 1].owner.person_id != e.owner.person_id ||
                         (*episodes)[i - 1].reason != "X1";
    if (starts_period) {
      index[e.owner.person_id] = out.care_reviews.size();
      out.care_reviews.push_back(OpenCare{e.owner, e.id, e.start, {}});
    } else {
      out.care_reviews[index[e.owner.person_id]].episode_id = e.id;
    }
    if (!e.end) continue;
    if (e.reason != "X1") {  // the period closed; a later one replaces it
      out.care_reviews.pop_back();
      index.erase(e.owner.person_id);
    }
  }
  auto reviews = QueryAll<std::pair<Id, Date>>(db, kCareReviews, {}, [](RowReader& r) {
    return std::pair<Id, Date>(r.Int(0), r.Date(1));
  });
  if (!reviews) return std::unexpected(reviews.error());
  for (const auto& [person, date] : *reviews) {
    auto it = index.find(person);
    if (it == index.end()) continue;
    OpenCare& care = out.care_reviews[it->second];
    if (date >= care.period_start) care.reviews.push_back(date);
  }
  return {};
}

}  // namespace

Result<AllOpenWork> WorkStore::LoadOpenWork() {
  AllOpenWork out;
  struct Part {
    std::string_view sql;
    std::vector<OpenWork>* into;
  };
  for (const Part& part : {Part{kContactDecisions, &out.contact_decisions},
                           Part{kAssessments, &out.assessments},
                           Part{kConferences, &out.conferences},
                           Part{kFirstCoreGroups, &out.first_core_groups},
                           Part{kCpPlans, &out.cp_reviews}}) {
    auto rows = QueryAll<OpenWork>(db_, part.sql, {}, ReadOpenWork);
    if (!rows) return std::unexpected(rows.error());
    *part.into = std::move(*rows);
  }
  std::unordered_map<Id, size_t> plan_index;
  for (size_t i = 0; i < out.cp_reviews.size(); ++i) plan_index[out.cp_reviews[i].record_id] = i;
  auto s = db_.Query(kCpReviewsOfOpenPlans, {}, [&](const Row& row) -> Status {
    RowReader r(row);
    auto it = plan_index.find(r.Int(0));
    Date date = r.Date(1);
    if (it != plan_index.end()) out.cp_reviews[it->second].history.push_back(date);
    return r.status();
  });
  if (!s) return std::unexpected(s.error());
  if (auto c = LoadCare(db_, out); !c) return std::unexpected(c.error());
  auto names = db_.Query("SELECT id, name FROM teams", {}, [&](const Row& row) -> Status {
    out.team_names[row.Int(0)] = row.String(1);
    return {};
  });
  if (!names) return std::unexpected(names.error());
  auto workers = db_.Query("SELECT id, name FROM workers", {}, [&](const Row& row) -> Status {
    out.worker_names[row.Int(0)] = row.String(1);
    return {};
  });
  if (!workers) return std::unexpected(workers.error());
  return out;
}

}  // namespace sg::store
