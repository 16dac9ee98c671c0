// Compute: every section's values, then the rule that a period the records
// do not reach has no figures. A count of 0 is a claim ("no child was
// referred in the year"); when the records of a source (contacts,
// referrals, care episodes...) do not reach the period at all, the honest
// answer is "no data recorded", so every indicator drawn from that source
// is null with a reason. A source reaches a period when the span of its
// records' dates, [earliest date, latest date of any kind], meets it; a
// record still open (no end date) reaches every later period.
#include <algorithm>
#include <array>
#include <cassert>

#include <fmt/format.h>

#include "indicators/indicator.h"
#include "indicators/sink.h"

namespace sg::indicators {
namespace {

using store::DayNumber;
using store::kNoDate;
using store::kOpen;

struct Span {
  DayNumber first = kOpen;
  DayNumber last = kNoDate;
  void Add(DayNumber d) {
    if (d == kNoDate) return;
    if (d != kOpen) first = std::min(first, d);
    last = std::max(last, d);
  }
  void AddAll(const std::vector<DayNumber>& days) {
    for (DayNumber d : days) Add(d);
  }
  bool Meets(const core::Period& p) const {
    return first <= p.end.days() && last >= p.start.days();
  }
};

struct Source {
  explicit Source(std::string_view what) : records(what) {}
  std::string_view records;  // "contacts", for the reason
  Span span;
};

// The source an indicator is drawn from, by id.
enum class SourceId { kContacts, kEarlyHelp, kReferrals, kProtection, kCare, kLeavers };

SourceId SourceOf(const Definition& d) {
  if (d.id == "early_help_started") return SourceId::kEarlyHelp;
  if (d.id.starts_with("care_leavers_")) return SourceId::kLeavers;
  if (d.id.starts_with("cla_")) return SourceId::kCare;
  if (d.id.starts_with("contacts") || d.id.starts_with("children_child_exploitation"))
    return SourceId::kContacts;
  if (d.id.starts_with("s47_") || d.id.starts_with("icpc_") || d.id.starts_with("cpp_"))
    return SourceId::kProtection;
  return SourceId::kReferrals;
}

std::array<Source, 6> Sources(const store::Snapshot& s) {
  std::array<Source, 6> sources{Source{"contacts"},
                                Source{"early help episodes"},
                                Source{"referrals or assessments"},
                                Source{"referrals, enquiries, conferences or plans"},
                                Source{"care episodes"},
                                Source{"care episodes or care-leaver contacts"}};
  auto& [contacts, early_help, referrals, protection, care, leavers] = sources;
  contacts.span.AddAll(s.contacts.date);
  early_help.span.AddAll(s.early_help.start);
  early_help.span.AddAll(s.early_help.end);
  referrals.span.AddAll(s.referrals.date);
  referrals.span.AddAll(s.referrals.closure);
  referrals.span.AddAll(s.assessments.start);
  referrals.span.AddAll(s.assessments.authorised);
  protection.span = referrals.span;
  protection.span.AddAll(s.section47s.start);
  protection.span.AddAll(s.icpcs.date);
  protection.span.AddAll(s.cp_plans.start);
  protection.span.AddAll(s.cp_plans.end);
  care.span.AddAll(s.care_episodes.start);
  care.span.AddAll(s.care_episodes.end);
  leavers.span = care.span;
  leavers.span.AddAll(s.leaver_contacts.date);
  return sources;
}

}  // namespace

std::vector<Value> Compute(const Inputs& inputs) {
  Sink sink(inputs.population, inputs.population_note);
  ComputeFrontDoor(inputs, sink);
  ComputeChildrenInNeed(inputs, sink);
  ComputeProtection(inputs, sink);
  ComputeCare(inputs, sink);
  std::vector<Value> values = sink.TakeInCatalogueOrder();

  const auto sources = Sources(inputs.snapshot);
  for (Value& v : values) {
    const Definition* def = FindDefinition(v.id);
    assert(def != nullptr);
    const Source& source = sources[static_cast<size_t>(SourceOf(*def))];
    if (source.span.Meets(inputs.period)) continue;
    v.value.reset();
    v.numerator.reset();
    v.denominator.reset();
    v.reason = fmt::format("no data recorded: no {} are recorded for {} to {}", source.records,
                           inputs.period.start.Iso(), inputs.period.end.Iso());
  }
  return values;
}

}  // namespace sg::indicators
