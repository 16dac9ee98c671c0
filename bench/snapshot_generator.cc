#include "snapshot_generator.h"

#include <algorithm>
#include <cmath>

#include "core/clock.h"

namespace sg::bench {
namespace {

using store::DayNumber;
using store::kNoDate;
using store::kNoRow;
using store::kOpen;
using store::ShortCode;

constexpr ShortCode kCategories[] = {"NEG", "EMO", "PHY", "SAB", "MUL"};
constexpr ShortCode kPlacements[] = {"U1", "U3", "U4", "U5", "U6", "K2", "R1", "S1", "P1", "H5"};
constexpr ShortCode kCeased[] = {"E11", "E12", "E13", "E41", "E45", "E8", "E4A", "E17"};
constexpr ShortCode kActivities[] = {"F1", "P1", "F2", "G4", "G5", "G6", "F5", "P5"};
constexpr ShortCode kAccommodation[] = {"B1", "C1", "D1", "E1", "S2", "T1", "U1", "V2", "R2"};

template <typename T, size_t N>
T Pick(core::Random& random, const T (&options)[N]) {
  return options[random.Between(0, N - 1)];
}

class Generator {
 public:
  explicit Generator(const AuthorityShape& shape) : shape_(shape), random_(shape.seed) {}

  store::Snapshot Run() {
    first_ = core::ReportingYear(shape_.first_year - 1).start.days();  // a year of history before
    last_ = core::ReportingYear(shape_.last_year).end.days();
    const int years = shape_.last_year - shape_.first_year + 2;
    const int children = shape_.referrals_per_year * years * 3 / 4;  // some children come back
    for (int c = 0; c < children; ++c) Child(c, children);
    store::SortSnapshot(s_);
    return std::move(s_);
  }

 private:
  DayNumber Day() { return static_cast<DayNumber>(random_.Between(first_, last_)); }

  void Child(int c, int children) {
    auto& p = s_.persons;
    const int32_t person = static_cast<int32_t>(p.size());
    p.id.push_back(c + 1);
    p.birth.push_back(Day() - static_cast<DayNumber>(random_.Between(0, 17 * 365)));
    p.uasc.push_back(random_.Chance(0.01));
    p.uasc_ceased.push_back(kOpen);
    const int referrals = random_.Chance(0.25) ? 2 : 1;
    for (int r = 0; r < referrals; ++r) Referral(person);
    if (random_.Chance(1200.0 * (shape_.last_year - shape_.first_year + 2) / children * 0.1)) Care(person);
  }

  void Contact(int32_t person, DayNumber date, store::ContactOutcome outcome) {
    auto& c = s_.contacts;
    if (c.factor_names.empty()) {
      c.factor_names = {"child_sexual_exploitation", "child_criminal_exploitation", "domestic_abuse",
                        "neglect", "mental_health"};
      c.tool_names = {"CE screening tool", "DASH risk assessment"};
    }
    c.person.push_back(person);
    c.date.push_back(date);
    c.outcome.push_back(outcome);
    uint16_t factor = static_cast<uint16_t>(random_.Between(0, 4));
    c.factor_values.push_back(factor);
    c.factors.offsets.push_back(static_cast<uint32_t>(c.factor_values.size()));
    if (factor < 2 && random_.Chance(0.7)) c.tool_values.push_back(0);
    c.tools.offsets.push_back(static_cast<uint32_t>(c.tool_values.size()));
  }

  void Referral(int32_t person) {
    const DayNumber date = Day();
    Contact(person, date - static_cast<DayNumber>(random_.Between(0, 3)), store::ContactOutcome::kReferral);
    Contact(person, Day(), random_.Chance(0.5) ? store::ContactOutcome::kAdvice : store::ContactOutcome::kNfa);
    if (random_.Chance(0.3)) {
      s_.early_help.person.push_back(person);
      s_.early_help.start.push_back(Day());
      s_.early_help.end.push_back(kOpen);
    }
    auto& r = s_.referrals;
    const int32_t referral = static_cast<int32_t>(r.size());
    const bool nfa = random_.Chance(0.07);
    const DayNumber closure = random_.Chance(0.2) ? kOpen : date + static_cast<DayNumber>(random_.Between(0, 500));
    r.person.push_back(person);
    r.date.push_back(date);
    r.nfa.push_back(nfa);
    r.closure.push_back(closure);
    r.closure_reason.push_back(closure == kOpen ? ShortCode() : ShortCode(random_.Chance(0.3) ? "RC8" : "RC1"));
    if (nfa) return;
    const DayNumber start = date + static_cast<DayNumber>(random_.Between(0, 5));
    s_.assessments.referral.push_back(referral);
    s_.assessments.start.push_back(start);
    s_.assessments.authorised.push_back(random_.Chance(0.9) ? start + static_cast<DayNumber>(random_.Between(0, 90)) : kNoDate);
    if (!random_.Chance(0.35)) return;
    const DayNumber s47_start = date + static_cast<DayNumber>(random_.Between(0, 20));
    const int32_t s47 = static_cast<int32_t>(s_.section47s.size());
    s_.section47s.referral.push_back(referral);
    s_.section47s.start.push_back(s47_start);
    if (!random_.Chance(0.33)) return;
    const DayNumber icpc = s47_start + static_cast<DayNumber>(random_.Between(5, 30));
    s_.icpcs.referral.push_back(referral);
    s_.icpcs.section47.push_back(s47);
    s_.icpcs.date.push_back(icpc);
    s_.icpcs.transfer_in.push_back(0);
    if (random_.Chance(0.85)) Plan(person, referral, icpc);
  }

  void Plan(int32_t person, int32_t referral, DayNumber start) {
    auto& p = s_.cp_plans;
    const DayNumber end = random_.Chance(0.3) ? kOpen : start + static_cast<DayNumber>(random_.Between(60, 800));
    p.person.push_back(person);
    p.referral.push_back(referral);
    p.start.push_back(start);
    p.end.push_back(end);
    p.initial_category.push_back(Pick(random_, kCategories));
    p.previous_plans.push_back(random_.Chance(0.2) ? 1 : 0);
    for (DayNumber d = start + 85; d < std::min(end, last_); d += static_cast<DayNumber>(random_.Between(150, 190)))
      p.review_dates.push_back(d);
    p.reviews.offsets.push_back(static_cast<uint32_t>(p.review_dates.size()));
  }

  void Care(int32_t person) {
    auto& e = s_.care_episodes;
    DayNumber start = Day();
    const int episodes = static_cast<int>(random_.Between(1, 4));
    for (int i = 0; i < episodes; ++i) {
      const bool last = i == episodes - 1;
      const DayNumber end = last && random_.Chance(0.5) ? kOpen : start + static_cast<DayNumber>(random_.Between(30, 400));
      e.person.push_back(person);
      e.start.push_back(start);
      e.end.push_back(end);
      e.reason_new_episode.push_back(i == 0 ? ShortCode("S") : ShortCode("P"));
      e.legal_status.push_back(random_.Chance(0.03) ? ShortCode("V3") : ShortCode("C2"));
      e.placement_type.push_back(Pick(random_, kPlacements));
      e.reason_ceased.push_back(end == kOpen ? ShortCode() : last ? Pick(random_, kCeased) : ShortCode("X1"));
      e.distance_miles.push_back(random_.Chance(0.1) ? std::nanf("") : static_cast<float>(random_.Between(0, 600)) / 10.0f);
      e.outside_la.push_back(static_cast<int8_t>(random_.Between(-1, 1)));
      if (end == kOpen) break;
      start = end;
    }
    if (random_.Chance(0.4)) {
      auto& l = s_.leaver_contacts;
      const int contacts = static_cast<int>(random_.Between(1, 4));
      for (int i = 0; i < contacts; ++i) {
        l.person.push_back(person);
        l.date.push_back(Day());
        l.in_touch.push_back(random_.Chance(0.9) ? ShortCode("YES") : ShortCode("NO"));
        l.activity.push_back(Pick(random_, kActivities));
        l.accommodation.push_back(Pick(random_, kAccommodation));
      }
    }
  }

  AuthorityShape shape_;
  core::Random random_;
  DayNumber first_ = 0, last_ = 0;
  store::Snapshot s_;
};

}  // namespace

store::Snapshot GenerateAuthority(const AuthorityShape& shape) { return Generator(shape).Run(); }

}  // namespace sg::bench
