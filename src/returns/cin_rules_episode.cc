// CIN census rules: episode. Conventions in cin_rule_kit.h.
#include <optional>
#include <string_view>
#include <vector>

#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// ReferralNFA is a valid true ("no further action") or a valid false.
bool IsNfa(const CinEpisode& episode) { return IsTrue(episode.nfa); }
bool LedToAction(const CinEpisode& episode) { return IsFalse(episode.nfa); }

// An episode with no closure date written that led to further action: the
// child's current case, which runs on past the reference date.
bool IsOpenCase(const CinEpisode& episode) {
  return episode.closure_date.missing() && LedToAction(episode);
}

// Closed as RC8 or RC9: after assessment, with no further action or with a
// referral to early help.
bool ClosedAfterAssessment(const CinEpisode& episode) {
  std::string_view reason = episode.closure_reason.text;
  return reason == "RC8" || reason == "RC9";
}

// The dates that record work done on an episode after its referral:
// assessment start and authorisation, section 47 start and initial child
// protection conferences (at either level). With `with_plans`, also the CIN
// plan start and end dates and the child protection plan end dates.
std::vector<const DateItem*> ActivityDates(const CinEpisode& episode, bool with_plans) {
  std::vector<const DateItem*> dates = {&episode.icpc_date};
  for (const CinAssessment& assessment : episode.assessments) {
    dates.push_back(&assessment.start);
    dates.push_back(&assessment.authorised);
  }
  for (const CinSection47& s47 : episode.section47s) {
    dates.push_back(&s47.start);
    dates.push_back(&s47.icpc_date);
  }
  if (!with_plans) return dates;
  for (const CinPlanDates& plan : episode.cin_plans) {
    dates.push_back(&plan.start);
    dates.push_back(&plan.end);
  }
  for (const CinProtectionPlan& plan : episode.cp_plans) dates.push_back(&plan.end);
  return dates;
}

// 2990: an episode closed as RC8 or RC9 (closed after assessment) has no
// section 47, child protection plan, CINdetails-level initial conference or
// CIN plan.
void Rule2990(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!ClosedAfterAssessment(episode)) continue;
    if (!episode.section47s.empty() || !episode.cp_plans.empty() || !episode.icpc_date.missing() ||
        !episode.cin_plans.empty()) {
      flag(episode.closure_reason);
    }
  }
}

// 2991Q: an episode with a section 47 enquiry should also have an assessment.
void Rule2991Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!episode.section47s.empty() && episode.assessments.empty()) flag(episode.at);
  }
}

// 8555Q: the referral date is on or before the date of death.
void Rule8555Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (!Has(child.death_date)) return;
  for (const CinEpisode& episode : child.episodes) {
    if (Has(episode.referral_date) && *episode.referral_date.date > *child.death_date.date) {
      flag(episode.referral_date);
    }
  }
}

// 8565: a closed episode records no activity (assessment, section 47,
// conference, CIN plan dates, child protection plan end) after its closure date.
void Rule8565(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.closure_date)) continue;
    for (const DateItem* activity : ActivityDates(episode, /*with_plans=*/true)) {
      if (Has(*activity) && *activity->date > *episode.closure_date.date) {
        flag(episode.closure_date);
        break;
      }
    }
  }
}

// 8568: ReferralNFA is present and is 1/0/true/false.
void Rule8568(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!episode.nfa.value) flag(At(episode.nfa, episode.at));
  }
}

// 8569Q: a referral made before the last working day preceding the census
// year (1 April) is not a referral with no further action.
// (The peer validator subtracts CustomBusinessDay(n=0), i.e. no working day at
// all; we follow the DfE text and step back one working day.)
void Rule8569Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  const core::Date limit = census.calendar->SubtractWorkingDays(census.period.start, 1);
  for (const CinEpisode& episode : child.episodes) {
    if (Has(episode.referral_date) && *episode.referral_date.date < limit && IsNfa(episode)) {
      flag(episode.nfa);
    }
  }
}

// 8585Q: an episode closed because the child died (RC2) has a valid date of death.
void Rule8585Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (Has(child.death_date)) return;
  for (const CinEpisode& episode : child.episodes) {
    if (episode.closure_reason.text == "RC2") flag(episode.closure_reason);
  }
}

// 8600: the referral date is present and on or before the reference date.
void Rule8600(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.referral_date) || *episode.referral_date.date > census.reference_date) {
      flag(At(episode.referral_date, episode.at));
    }
  }
}

// 8610: a referral that led to further action (ReferralNFA false) has a
// primary need code.
void Rule8610(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (LedToAction(episode) && episode.primary_need.missing()) {
      flag(At(episode.primary_need, episode.nfa.at));
    }
  }
}

// 8620: a closure date, when given, falls within the census year.
void Rule8620(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (Has(episode.closure_date) && !census.InPeriod(episode.closure_date)) {
      flag(episode.closure_date);
    }
  }
}

// 8630: the closure date is on or after the referral date.
void Rule8630(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (Has(episode.closure_date) && Has(episode.referral_date) &&
        *episode.closure_date.date < *episode.referral_date.date) {
      flag(episode.closure_date);
    }
  }
}

// 8640: a reason for closure, when given, is a valid code of the year.
void Rule8640(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!episode.closure_reason.missing() &&
        !census.IsValidCode(core::CodeList::kReasonForClosure, episode.closure_reason)) {
      flag(episode.closure_reason);
    }
  }
}

// 8650: a primary need code, when given, is a valid code of the year.
void Rule8650(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!episode.primary_need.missing() &&
        !census.IsValidCode(core::CodeList::kPrimaryNeed, episode.primary_need)) {
      flag(episode.primary_need);
    }
  }
}

// 8805: an episode with a closure date has a reason for closure.
void Rule8805(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!episode.closure_date.missing() && episode.closure_reason.missing()) {
      flag(episode.closure_date);
    }
  }
}

// 8810: an episode with a reason for closure has a closure date.
void Rule8810(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!episode.closure_reason.missing() && episode.closure_date.missing()) {
      flag(episode.closure_reason);
    }
  }
}

// 8815: a child has at most one open episode (no closure date) that led to
// further action.
void Rule8815(const CinChild& child, const CinContext&, CinFlagger& flag) {
  int open = 0;
  for (const CinEpisode& episode : child.episodes) open += IsOpenCase(episode) ? 1 : 0;
  if (open < 2) return;
  for (const CinEpisode& episode : child.episodes) {
    if (IsOpenCase(episode)) flag(At(episode.closure_date, episode.at));
  }
}

// 8816: an open episode that led to further action has the latest referral
// date of the child's episodes.
// (The peer validator also flags an open episode tied with another for the
// latest date; a date equal to the latest is the latest, as the DfE text says.)
void Rule8816(const CinChild& child, const CinContext&, CinFlagger& flag) {
  std::optional<core::Date> latest;
  for (const CinEpisode& episode : child.episodes) {
    if (Has(episode.referral_date) && (!latest || *episode.referral_date.date > *latest)) {
      latest = episode.referral_date.date;
    }
  }
  for (const CinEpisode& episode : child.episodes) {
    if (IsOpenCase(episode) && Has(episode.referral_date) &&
        *episode.referral_date.date < *latest) {
      flag(episode.referral_date);
    }
  }
}

// True when `day` falls within `other`'s episode: from its referral up to,
// not including, its closure date (the next referral may start on the day
// the last one closed), or up to and including the reference date when it is
// an open case. Other episodes (no further action, or an unreadable closure
// date) cover no days for this purpose.
bool WithinEpisode(core::Date day, const CinEpisode& other, const CinContext& census) {
  if (!Has(other.referral_date) || day < *other.referral_date.date) return false;
  if (Has(other.closure_date)) return day < *other.closure_date.date;
  return IsOpenCase(other) && day <= census.reference_date;
}

// 8820: no episode's referral date falls within another episode of the same
// child (see WithinEpisode).
void Rule8820(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  const std::vector<CinEpisode>& episodes = child.episodes;
  for (size_t i = 0; i < episodes.size(); ++i) {
    if (!Has(episodes[i].referral_date)) continue;
    for (size_t j = 0; j < episodes.size(); ++j) {
      if (i != j && WithinEpisode(*episodes[i].referral_date.date, episodes[j], census)) {
        flag(episodes[i].referral_date);
        break;
      }
    }
  }
}

// 8825Q: an episode closed as RC8 or RC9 (closed after assessment) has an
// assessment.
void Rule8825Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (ClosedAfterAssessment(episode) && episode.assessments.empty()) {
      flag(episode.closure_reason);
    }
  }
}

// 8831: a referral with no further action has no assessment, section 47 or
// initial conference dates.
// (The peer validator reads only the CINdetails-level DateOfInitialCPC; the DfE
// text names the item, which a Section47 module also carries.)
void Rule8831(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!IsNfa(episode)) continue;
    for (const DateItem* activity : ActivityDates(episode, /*with_plans=*/false)) {
      if (!activity->missing()) {
        flag(*activity);
        break;
      }
    }
  }
}

// 8866: a referral made on or after 1 April 2013 has a valid source of referral.
void Rule8866(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  static const core::Date kSince = core::Date::FromYmd(2013, 4, 1);
  for (const CinEpisode& episode : child.episodes) {
    if (Has(episode.referral_date) && *episode.referral_date.date >= kSince &&
        !census.IsValidCode(core::CodeList::kReferralSource, episode.referral_source)) {
      flag(At(episode.referral_source, episode.referral_date.at));
    }
  }
}

// 8606: the referral is more than 40 weeks (280 days) before the date of
// birth or the expected date of birth (either, when both are given).
void Rule8606(const CinChild& child, const CinContext&, CinFlagger& flag) {
  auto too_early = [](const DateItem& referral, const DateItem& birth) {
    return Has(birth) && *birth.date - *referral.date > 280;
  };
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.referral_date)) continue;
    if (too_early(episode.referral_date, child.birth_date) ||
        too_early(episode.referral_date, child.expected_birth_date)) {
      flag(episode.referral_date);
    }
  }
}

}  // namespace

std::span<const CinChildRule> CinChildRulesEpisode() {
  static constexpr CinChildRule kRules[] = {
      {"2990", Rule2990}, {"2991Q", Rule2991Q}, {"8555Q", Rule8555Q}, {"8565", Rule8565},
      {"8568", Rule8568}, {"8569Q", Rule8569Q}, {"8585Q", Rule8585Q}, {"8600", Rule8600},
      {"8606", Rule8606}, {"8610", Rule8610},   {"8620", Rule8620},   {"8630", Rule8630},
      {"8640", Rule8640}, {"8650", Rule8650},   {"8805", Rule8805},   {"8810", Rule8810},
      {"8815", Rule8815}, {"8816", Rule8816},   {"8820", Rule8820},   {"8825Q", Rule8825Q},
      {"8831", Rule8831}, {"8866", Rule8866},
  };
  return kRules;
}

}  // namespace sg::returns
