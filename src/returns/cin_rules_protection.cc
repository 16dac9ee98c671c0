// CIN census rules: protection (section 47 enquiries, initial child
// protection conferences, child protection plans and their reviews).
// Conventions in cin_rule_kit.h.
//
// An initial child protection conference (ICPC) is recorded on the section 47
// enquiry that led to it, or on the CINdetails module when it is not tied to
// a section 47 of that episode (a transfer-in conference, for instance); the
// rules about "the date of the initial conference" look at both.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// Every DateOfInitialCPC of an episode: each section 47's, then the
// episode's own (absent ones included; rules test Has()).
std::vector<const DateItem*> IcpcDates(const CinEpisode& episode) {
  std::vector<const DateItem*> dates;
  dates.reserve(episode.section47s.size() + 1);
  for (const CinSection47& s47 : episode.section47s) dates.push_back(&s47.icpc_date);
  dates.push_back(&episode.icpc_date);
  return dates;
}

// A section 47 enquiry still waiting for its conference: no conference date
// and not marked as needing none.
bool AwaitsConference(const CinSection47& s47) {
  return !Has(s47.icpc_date) && !IsTrue(s47.icpc_not_required);
}

// A child protection plan with no end date.
bool IsOpen(const CinProtectionPlan& plan) {
  return !Has(plan.end);
}

// What the overlap rules compare: the day something started and the last
// day it covered (unset when the rule gives it no span).
struct Stretch {
  std::optional<core::Date> start;
  std::optional<core::Date> last;
};

// True when stretches[i] starts on or between the start and the last day of
// another stretch.
bool StartsWithinAnother(std::span<const Stretch> stretches, size_t i) {
  const std::optional<core::Date>& day = stretches[i].start;
  if (!day) return false;
  for (size_t j = 0; j < stretches.size(); ++j) {
    const Stretch& other = stretches[j];
    if (j == i || !other.start || !other.last) continue;
    if (*other.start <= *day && *day <= *other.last) return true;
  }
  return false;
}

// True when `a` is before `b`, both being valid dates.
bool Before(const DateItem& a, const DateItem& b) {
  return Has(a) && Has(b) && *a.date < *b.date;
}

// 1104: an initial conference, at either level, cannot be before the referral.
// The sector's validator checks only the section 47 level.
void Rule1104(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const DateItem* icpc : IcpcDates(episode)) {
      if (Before(*icpc, episode.referral_date)) flag(*icpc);
    }
  }
}

// 1105: a child protection plan cannot start before the referral.
void Rule1105(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (Before(plan.start, episode.referral_date)) flag(plan.start);
    }
  }
}

// 2883: no more plans start in the census year than conferences are held in it.
// Counted over the whole return, conferences at both levels, as the DfE says.
class Rule2883 final : public CinReturnRule {
 public:
  void Header(const CinHeader& header, const CinContext&, CinFlagger&) override { at_ = header.at; }
  void Child(const CinChild& child, const CinContext& census, CinFlagger&) override {
    for (const CinEpisode& episode : child.episodes) {
      for (const CinProtectionPlan& plan : episode.cp_plans) {
        if (census.InPeriod(plan.start)) ++plans_;
      }
      for (const DateItem* icpc : IcpcDates(episode)) {
        if (census.InPeriod(*icpc)) ++conferences_;
      }
    }
  }
  void Finish(const CinContext&, CinFlagger& flag) override {
    if (plans_ > conferences_) flag.FlagReturn(at_);
  }

 private:
  Position at_{1, 1};
  size_t plans_ = 0;
  size_t conferences_ = 0;
};

// True when one of the child's section 47s, in any episode, had its
// conference on `day`.
bool IsSection47ConferenceDay(const CinChild& child, core::Date day) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinSection47& s47 : episode.section47s) {
      if (s47.icpc_date.date == day) return true;
    }
  }
  return false;
}

// 2884: a conference is recorded on its section 47 or on CINdetails, not both.
// Both records of one conference carry its date: a CINdetails-level date equal
// to a section 47's of the child is the same conference twice.
void Rule2884(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (Has(episode.icpc_date) && IsSection47ConferenceDay(child, *episode.icpc_date.date)) {
      flag(episode.icpc_date);
    }
  }
}

// True when `day` is the date of an initial conference that can have led to
// a plan in `episode`: one of its section 47s' (those not marked as needing
// no conference), or the episode's own when it has no such section 47.
bool IsConferenceDayForPlan(const CinEpisode& episode, core::Date day) {
  bool has_section47 = false;
  for (const CinSection47& s47 : episode.section47s) {
    if (IsTrue(s47.icpc_not_required)) continue;
    has_section47 = true;
    if (s47.icpc_date.date == day) return true;
  }
  return !has_section47 && episode.icpc_date.date == day;
}

// 2885: a plan starting in the census year starts on the day of its initial
// conference (a section 47's, or CINdetails' when the episode has no S47).
void Rule2885(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (!census.InPeriod(plan.start)) continue;
      if (!IsConferenceDayForPlan(episode, *plan.start.date)) flag(plan.start);
    }
  }
}

// 2889: a section 47 enquiry cannot start before the referral.
void Rule2889(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinSection47& s47 : episode.section47s) {
      if (Before(s47.start, episode.referral_date)) flag(s47.start);
    }
  }
}

// 8615: a section 47 with an initial conference date has a start date, on or
// before that conference.
void Rule8615(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinSection47& s47 : episode.section47s) {
      if (!Has(s47.icpc_date)) continue;
      if (!Has(s47.start) || *s47.icpc_date.date < *s47.start.date) flag(At(s47.start, s47.at));
    }
  }
}

// 8675Q: a section 47 with no conference (and not "not required") started
// more than 15 working days before the reference date.
// "Started before the reference date minus 15 working days" is "its conference
// fell due (15 working days on) before the reference date". The sector's
// validator counts 14 working days back, so also queries one due on 31 March.
void Rule8675Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinSection47& s47 : episode.section47s) {
      if (Has(s47.icpc_date) || !IsFalse(s47.icpc_not_required) || !Has(s47.start)) continue;
      core::Date due = census.calendar->AddWorkingDays(*s47.start.date, 15);
      if (due < census.reference_date) flag(s47.start);
    }
  }
}

// 8715: an initial conference, at either level, is held in the census year.
// The sector's validator checks only the section 47 level; the DfE's rule is
// about every DateOfInitialCPC (N00110), as for 1104 and 8875.
void Rule8715(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const DateItem* icpc : IcpcDates(episode)) {
      if (Has(*icpc) && !census.InPeriod(*icpc)) flag(*icpc);
    }
  }
}

// 8720: a child protection plan has a start date on or before the reference date.
void Rule8720(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (!Has(plan.start) || *plan.start.date > census.reference_date) {
        flag(At(plan.start, plan.at));
      }
    }
  }
}

// True when `text` is a whole number written in digits (0 or more).
bool IsCount(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// 8730: a child protection plan gives its number of previous plans (0 or more).
void Rule8730(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (!IsCount(plan.previous_plans.text)) flag(At(plan.previous_plans, plan.at));
    }
  }
}

// 8740: a section 47 with no conference (and not "not required") started in
// the census year.
void Rule8740(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinSection47& s47 : episode.section47s) {
      if (Has(s47.icpc_date) || !IsFalse(s47.icpc_not_required) || !Has(s47.start)) continue;
      if (!census.InPeriod(s47.start)) flag(s47.start);
    }
  }
}

// 8832: a referral with no further action has no child protection plan.
void Rule8832(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (IsTrue(episode.nfa) && !episode.cp_plans.empty()) flag(episode.nfa);
  }
}

// 8839: an episode has at most one section 47 still waiting for its conference.
void Rule8839(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    std::vector<const CinSection47*> waiting;
    for (const CinSection47& s47 : episode.section47s) {
      if (AwaitsConference(s47)) waiting.push_back(&s47);
    }
    if (waiting.size() < 2) continue;
    for (const CinSection47* s47 : waiting) flag(At(s47->icpc_date, s47->at));
  }
}

// 8840: a child protection plan cannot start and end on the same day.
void Rule8840(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (Has(plan.start) && plan.end.date == plan.start.date) flag(plan.end);
    }
  }
}

// 8841: every review of a child protection plan is after the plan's start.
void Rule8841(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (!Has(plan.start)) continue;
      for (const DateItem& review : plan.reviews) {
        if (Has(review) && *review.date <= *plan.start.date) flag(review);
      }
    }
  }
}

// 8842Q: every review recorded has a valid date.
// Each CPPreviewDate is a review record; the sector's validator reads only the
// first of each Reviews block. An empty Reviews block is a record with no date.
void Rule8842Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (plan.reviews_block.line != 0 && plan.reviews.empty()) flag(plan.reviews_block);
      for (const DateItem& review : plan.reviews) {
        if (!Has(review)) flag(At(review, plan.reviews_block));
      }
    }
  }
}

// 8868: in a closed episode, every section 47 has had its conference or needs none.
// The sector's validator also flags one with both; the DfE's rule asks for
// either, and the message calls such an enquiry completed.
void Rule8868(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.closure_date)) continue;
    for (const CinSection47& s47 : episode.section47s) {
      if (AwaitsConference(s47)) flag(At(s47.icpc_date, s47.at));
    }
  }
}

// 8870Q: the target date of the initial conference is not a Saturday or Sunday.
void Rule8870Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinSection47& s47 : episode.section47s) {
      if (Has(s47.icpc_target) && s47.icpc_target.date->is_weekend()) flag(s47.icpc_target);
    }
  }
}

// 8875: an initial conference, at either level, is not on a Saturday or Sunday.
void Rule8875(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const DateItem* icpc : IcpcDates(episode)) {
      if (Has(*icpc) && icpc->date->is_weekend()) flag(*icpc);
    }
  }
}

// 8890: no section 47 starts while another of its episode is ongoing.
// Ongoing: from its start to its conference, or to the reference date while it
// waits for one. Two with the same dates are both flagged (the sector's
// validator takes them for one record).
void Rule8890(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    std::vector<Stretch> stretches;
    for (const CinSection47& s47 : episode.section47s) {
      Stretch stretch{s47.start.date, std::nullopt};
      if (Has(s47.icpc_date)) {
        stretch.last = s47.icpc_date.date;
      } else if (AwaitsConference(s47)) {
        stretch.last = census.reference_date;
      }
      stretches.push_back(stretch);
    }
    for (size_t i = 0; i < stretches.size(); ++i) {
      if (StartsWithinAnother(stretches, i)) flag(episode.section47s[i].start);
    }
  }
}

// A child protection plan's code of abuse is one of the year's codes.
void CheckCategory(const CinChild& child, const CinContext& census, CinFlagger& flag,
                   const Item CinProtectionPlan::*category) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      const Item& code = plan.*category;
      if (!census.IsValidCode(core::CodeList::kCategoryOfAbuse, code)) flag(At(code, plan.at));
    }
  }
}

// 8905: a child protection plan has a valid initial category of abuse.
void Rule8905(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  CheckCategory(child, census, flag, &CinProtectionPlan::initial_category);
}

// 8910: a child protection plan has a valid latest category of abuse.
void Rule8910(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  CheckCategory(child, census, flag, &CinProtectionPlan::latest_category);
}

// 8915: a child protection plan cannot start after the child's death.
void Rule8915(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (Before(child.death_date, plan.start)) flag(plan.start);
    }
  }
}

// 8920: a child protection plan cannot end after the child's death.
void Rule8920(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (Before(child.death_date, plan.end)) flag(plan.end);
    }
  }
}

// 8925: a child protection plan cannot end before it starts.
void Rule8925(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (Before(plan.end, plan.start)) flag(plan.end);
    }
  }
}

// 8930: a child protection plan's end date falls within the census year.
void Rule8930(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (Has(plan.end) && !census.InPeriod(plan.end)) flag(plan.end);
    }
  }
}

// 8935: a child has at most one open child protection plan (no end date).
// Over all its episodes; the sector's validator only compares plans that have
// the same position in different episodes.
void Rule8935(const CinChild& child, const CinContext&, CinFlagger& flag) {
  std::vector<const CinProtectionPlan*> open;
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (IsOpen(plan)) open.push_back(&plan);
    }
  }
  if (open.size() < 2) return;
  for (const CinProtectionPlan* plan : open) flag(At(plan->end, plan->at));
}

// 8940: no child protection plan starts while another of the child's is open.
// Open: from its start to its end, or to the reference date. Plans of all
// episodes are compared (the sector's validator skips pairs of plans that
// have the same position in their episodes).
void Rule8940(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  std::vector<const CinProtectionPlan*> plans;
  std::vector<Stretch> stretches;
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      plans.push_back(&plan);
      stretches.push_back({plan.start.date, EndOr(plan.end, census.reference_date)});
    }
  }
  for (size_t i = 0; i < stretches.size(); ++i) {
    if (StartsWithinAnother(stretches, i)) flag(plans[i]->start);
  }
}

}  // namespace

// 2883 counts over the whole return; cin_rules_return.cc registers it.
std::unique_ptr<CinReturnRule> MakeCinRule2883() {
  return std::make_unique<Rule2883>();
}

std::span<const CinChildRule> CinChildRulesProtection() {
  static constexpr CinChildRule kRules[] = {
      {"1104", Rule1104}, {"1105", Rule1105},   {"2884", Rule2884},   {"2885", Rule2885},
      {"2889", Rule2889}, {"8615", Rule8615},   {"8675Q", Rule8675Q}, {"8715", Rule8715},
      {"8720", Rule8720}, {"8730", Rule8730},   {"8740", Rule8740},   {"8832", Rule8832},
      {"8839", Rule8839}, {"8840", Rule8840},   {"8841", Rule8841},   {"8842Q", Rule8842Q},
      {"8868", Rule8868}, {"8870Q", Rule8870Q}, {"8875", Rule8875},   {"8890", Rule8890},
      {"8905", Rule8905}, {"8910", Rule8910},   {"8915", Rule8915},   {"8920", Rule8920},
      {"8925", Rule8925}, {"8930", Rule8930},   {"8935", Rule8935},   {"8940", Rule8940},
  };
  return kRules;
}

}  // namespace sg::returns
