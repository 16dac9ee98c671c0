// CIN census rules: assessment. Conventions in cin_rule_kit.h.
#include <optional>
#include <string>
#include <string_view>

#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// The span of an assessment, when its dates allow one.
std::optional<Span> SpanOf(const CinAssessment& assessment, const CinContext& census) {
  return SpanOf(assessment.start, assessment.authorised, census);
}

// The first factor of the assessment written as `code`, or null.
const Item* FindFactor(const CinAssessment& assessment, std::string_view code) {
  for (const Item& factor : assessment.factors) {
    if (factor.text == code) return &factor;
  }
  return nullptr;
}

bool HasAnyFactor(const CinAssessment& assessment) {
  for (const Item& factor : assessment.factors) {
    if (!factor.missing()) return true;
  }
  return false;
}

// The factors block, or the assessment when there is none.
Position FactorsAt(const CinAssessment& assessment) {
  return assessment.factors_block.line != 0 ? assessment.factors_block : assessment.at;
}

// A factor code valid in the census year or retired before it: 18A and 19A,
// split in 2020-21, are still written and have their own queries (8945Q,
// 8950Q) rather than counting as no factor at all.
bool IsKnownFactor(const CinContext& census, const Item& factor) {
  if (factor.missing()) return false;
  for (const core::CodeEntry& entry : census.codes->entries()) {
    if (entry.list == core::CodeList::kAssessmentFactor && entry.code == factor.text &&
        entry.first_year <= census.collection_year) {
      return true;
    }
  }
  return false;
}

// Calls `check(assessment)` for every assessment of the child.
template <typename Check>
void ForEachAssessment(const CinChild& child, Check check) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinAssessment& assessment : episode.assessments) check(assessment);
  }
}

// 1103: an assessment cannot start before its episode's referral.
void Rule1103(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.referral_date)) continue;
    for (const CinAssessment& assessment : episode.assessments) {
      if (Has(assessment.start) && *assessment.start.date < *episode.referral_date.date) {
        flag(assessment.start);
      }
    }
  }
}

// 8608: an assessment cannot start after it was authorised.
void Rule8608(const CinChild& child, const CinContext&, CinFlagger& flag) {
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    if (Has(assessment.start) && Has(assessment.authorised) &&
        *assessment.start.date > *assessment.authorised.date) {
      flag(assessment.start);
    }
  });
}

// 8614: factors may only be given for an assessment that has been authorised.
void Rule8614(const CinChild& child, const CinContext&, CinFlagger& flag) {
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    if (Unrecorded(assessment.authorised) && HasAnyFactor(assessment)) flag(FactorsAt(assessment));
  });
}

// 8670Q: an assessment not yet authorised should not have started before the
// reference date minus 45 working days.
void Rule8670Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  // The DfE text counts 45 working days back from the reference date; the peer
  // validator counts 44 (CustomBusinessDay(n=44)) and so also flags the 45th.
  std::optional<core::Date> limit;
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    if (!Unrecorded(assessment.authorised) || !Has(assessment.start)) return;
    if (!limit) limit = census.calendar->SubtractWorkingDays(census.reference_date, 45);
    if (*assessment.start.date < *limit) flag(assessment.start);
  });
}

// 8696: an authorisation date must fall within the census year.
void Rule8696(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    if (Has(assessment.authorised) && !census.InPeriod(assessment.authorised)) {
      flag(assessment.authorised);
    }
  });
}

// 8736: an assessment not yet authorised must have started within the census year.
void Rule8736(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  // The peer validator also flags a missing start date; the DfE text says
  // "where present" (a missing start is reported by the schema).
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    if (Unrecorded(assessment.authorised) && Has(assessment.start) &&
        !census.InPeriod(assessment.start)) {
      flag(assessment.start);
    }
  });
}

// 8863Q: within an episode, an assessment should not start on or between the
// start and authorisation (or, if open, the reference date) of another one.
void Rule8863Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  // Another assessment with the very same dates is still another one; the peer
  // validator skips such exact duplicates, the DfE text does not.
  for (const CinEpisode& episode : child.episodes) {
    const auto& assessments = episode.assessments;
    for (size_t i = 0; i < assessments.size(); ++i) {
      if (!Has(assessments[i].start)) continue;
      for (size_t j = 0; j < assessments.size(); ++j) {
        std::optional<Span> other = SpanOf(assessments[j], census);
        if (i != j && other && Within(*assessments[i].start.date, *other)) {
          flag(assessments[i].start);
          break;
        }
      }
    }
  }
}

// 8867: once the episode is closed, every assessment must be authorised.
void Rule8867(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.closure_date)) continue;
    for (const CinAssessment& assessment : episode.assessments) {
      if (Unrecorded(assessment.authorised)) flag(At(assessment.authorised, assessment.at));
    }
  }
}

// 8869: factor 21 (no factors identified) must be the only factor given.
void Rule8869(const CinChild& child, const CinContext&, CinFlagger& flag) {
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    const Item* none = FindFactor(assessment, "21");
    if (none == nullptr) return;
    for (const Item& factor : assessment.factors) {
      if (!factor.missing() && factor.text != "21") {
        flag(*none);
        return;
      }
    }
  });
}

// 8873Q: when an episode's only assessment found no factors (21), the
// episode should close with RC8 or RC9.
void Rule8873Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (episode.assessments.size() != 1) continue;
    const Item* none = FindFactor(episode.assessments.front(), "21");
    if (none == nullptr) continue;
    const std::string& reason = episode.closure_reason.text;
    if (reason != "RC8" && reason != "RC9") {
      flag(episode.closure_reason.present() ? episode.closure_reason.at : none->at);
    }
  }
}

// 8896: an episode must not have more than one assessment not yet authorised.
void Rule8896(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    int open = 0;
    for (const CinAssessment& assessment : episode.assessments) open += Unrecorded(assessment.authorised);
    if (open < 2) continue;
    for (const CinAssessment& assessment : episode.assessments) {
      if (Unrecorded(assessment.authorised)) flag(At(assessment.authorised, assessment.at));
    }
  }
}

// 8897Q: an assessment authorised in or after the census year should have at
// least one factor, and every factor should be a valid code (retired ones
// included, as the peer validator does).
void Rule8897Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    if (!Has(assessment.authorised) || *assessment.authorised.date < census.period.start) return;
    if (assessment.factors.empty()) {
      flag(assessment.factors_block.line != 0 ? assessment.factors_block
                                              : assessment.authorised.at);
      return;
    }
    for (const Item& factor : assessment.factors) {
      if (!IsKnownFactor(census, factor)) {
        flag(At(factor, assessment.factors_block));
        return;
      }
    }
  });
}

// 8898: an assessment must not give the same factor twice.
void Rule8898(const CinChild& child, const CinContext&, CinFlagger& flag) {
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    const auto& factors = assessment.factors;
    for (size_t i = 1; i < factors.size(); ++i) {
      if (factors[i].missing()) continue;
      for (size_t j = 0; j < i; ++j) {
        if (factors[j].text == factors[i].text) {
          flag(factors[i]);
          return;
        }
      }
    }
  });
}

// Flags each assessment that uses the retired factor `code`.
void FlagRetiredFactor(const CinChild& child, std::string_view code, CinFlagger& flag) {
  ForEachAssessment(child, [&](const CinAssessment& assessment) {
    if (const Item* factor = FindFactor(assessment, code)) flag(*factor);
  });
}

// 8945Q: factor 18A should not be used (18B or 18C instead).
void Rule8945Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  FlagRetiredFactor(child, "18A", flag);
}

// 8950Q: factor 19A should not be used (19B or 19C instead).
void Rule8950Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  FlagRetiredFactor(child, "19A", flag);
}

}  // namespace

std::span<const CinChildRule> CinChildRulesAssessment() {
  static constexpr CinChildRule kRules[] = {
      {"1103", Rule1103}, {"8608", Rule8608},   {"8614", Rule8614},   {"8670Q", Rule8670Q},
      {"8696", Rule8696}, {"8736", Rule8736},   {"8863Q", Rule8863Q}, {"8867", Rule8867},
      {"8869", Rule8869}, {"8873Q", Rule8873Q}, {"8896", Rule8896},   {"8897Q", Rule8897Q},
      {"8898", Rule8898}, {"8945Q", Rule8945Q}, {"8950Q", Rule8950Q},
  };
  return kRules;
}

}  // namespace sg::returns
