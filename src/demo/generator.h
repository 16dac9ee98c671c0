// The demo's generator: one object walks the days of the demo, creating
// contacts, and plays each child's story forward from the contact through
// the journey commands. Internal to demo/.
#ifndef SAFEGUARD_DEMO_GENERATOR_H_
#define SAFEGUARD_DEMO_GENERATOR_H_

#include <array>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "demo/demo.h"
#include "journey/journey.h"

namespace sg::demo {

using core::Date;
using core::Result;
using core::Status;
using store::Id;

// A day beyond any demo: "still open at the end".
inline constexpr Date kNever = Date::FromDays(std::numeric_limits<int32_t>::max() / 2);

struct DemoChild {
  Id id = 0;
  Date birth;
  std::string home_postcode;
  Date free_from;  // the child's story is over from this day; kNever if open
  int cp_plans = 0;  // child protection plans started in the demo
};

// A family coming back to the front door on a later day: referred again,
// and, after a child protection plan, with concerns that call for a
// section 47 enquiry.
struct Return {
  size_t child = 0;
  bool protection = false;
};

struct Teams {
  Id front_door = 0, early_help = 0, cared_for = 0, care_leavers = 0;
  std::vector<Id> assessment, safeguarding;
  // The partner agencies' teams, and the partnership's business unit.
  Id police = 0, hospital = 0, school = 0, business_unit = 0;
  std::vector<std::vector<Id>> workers;  // by team id - 1 (team ids are 1..n)
};

class Generator {
 public:
  Generator(access::Gate& gate, const core::WorkingCalendar& calendar,
            const core::CodeLists& codes, const Options& options);
  Result<Counts> Run(const Progress& progress);

 private:
  // demo.cc: set-up, people, the front door.
  Status SeedDirectory();
  Result<size_t> NewChild(Date on, int min_age, int max_age);
  Result<size_t> PickChild(Date on);
  Status ContactDay(Date day, int contacts);
  Status Contact(Date day);
  std::string ContactSource(Date day);
  Result<Id> RecordContact(size_t child, Date day, const std::string& source);
  Status ComeBack(const Return& back, Date day);
  Status SeedCohorts(Date first_day);
  std::string HomePostcode();
  std::string PlacementPostcode(std::string_view placement_type, const std::string& home);

  // demo.cc: the partner agencies, drawing from partner_random_ only so that
  // the council's story (random_) is the same with or without them.
  Result<Id> PartnerTeam(store::JourneyStore& store, std::string_view agency, std::string name,
                         const char* role);
  Result<Id> Involve(size_t child, Id team, Date start, std::string_view lawful_basis,
                     bool consent, std::string_view reason);
  Status EndInvolvement(Id involvement, Date end);
  // Police intelligence on a child in a section 47 enquiry, from `from`.
  Status PoliceIntelligence(size_t child, Date from);
  // The hooks the stories call: the hospital with a baby under one from the
  // referral, the police from the strategy discussion, the school with a
  // primary-age child from the CIN plan (0: not involved). Ended* end what
  // is open for the child when its part of the story is over (not kNever).
  Status HospitalAtReferral(size_t child, Date date);
  Status HospitalEnded(size_t child, Date over);
  Status PoliceAtStrategy(size_t child, Date date);
  Status PoliceEnded(size_t child, Date over);
  Result<Id> SchoolAtCinPlan(size_t child, Date start);
  // Unborn children the hospital's safeguarding team is working with.
  Status Unborn();

  // stories.cc: what follows a contact.
  Result<Date> EarlyHelp(size_t child, Date start, Id contact);
  // A referral's story, and whether the family comes back (ScheduleReturn).
  Result<Date> ReferralStory(size_t child, Date date, std::optional<Id> contact,
                             std::string source, bool protection = false);
  Result<Date> Referral(size_t child, Date date, std::optional<Id> contact, std::string source,
                        bool protection);
  Result<Date> Protection(size_t child, Id referral, Date referral_date, Date& assessed,
                          bool returning);
  Result<Date> ProtectionPlan(size_t child, Id icpc, Date start);
  Result<Date> CloseAfter(size_t child, Id referral, Date from, bool cin_plan_likely);
  // Care from `start`, lasting at least until `not_before_end` when given
  // (kNever: until the 18th birthday).
  Result<Date> Care(size_t child, Date start, std::optional<Date> not_before_end = std::nullopt);
  Status CareReviews(Id person, Date start, Date end);
  Status CareLeaver(size_t child, Date left);

  // Draws.
  Date Wd(Date d, int n) const { return calendar_.AddWorkingDays(d, n); }
  Date NextWorkingDayOrSame(Date d) const;
  int Between(int lo, int hi) { return static_cast<int>(random_.Between(lo, hi)); }
  bool Chance(double p) { return random_.Chance(p); }
  template <typename T>
  const T& Pick(std::span<const std::pair<T, double>> weighted);
  template <typename T, size_t N>
  const T& PickOne(const std::array<T, N>& list) {
    return list[static_cast<size_t>(Between(0, static_cast<int>(N) - 1))];
  }
  Id Worker(Id team);
  bool Open(Date d) const { return d > options_.until; }  // not happened by the last day

  access::Gate& gate_;
  const core::WorkingCalendar& calendar_;
  const core::CodeLists& codes_;
  Options options_;
  journey::Journey journey_;
  access::Actor actor_;
  core::Random random_;
  core::Random partner_random_;
  access::Actor police_actor_;  // records the police's restricted intelligence
  std::map<size_t, Id> hospital_open_, police_open_;  // by child: open involvements
  Teams teams_;
  std::vector<DemoChild> children_;
  std::map<Date, std::vector<Return>> returns_;  // by day, in the order scheduled
  Counts counts_;
  int next_child_number_ = 1;
};

template <typename T>
const T& Generator::Pick(std::span<const std::pair<T, double>> weighted) {
  double total = 0;
  for (const auto& [value, weight] : weighted) total += weight;
  double x = random_.Unit() * total;
  for (const auto& [value, weight] : weighted) {
    if (x < weight) return value;
    x -= weight;
  }
  return weighted.back().first;
}

}  // namespace sg::demo

#endif  // SAFEGUARD_DEMO_GENERATOR_H_
