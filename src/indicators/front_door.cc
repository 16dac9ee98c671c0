// Front door: contacts (consultations) and early help, a local measure set.
//
// The store keeps a contact's factors and screening tools as free names (the
// front door records them as the partnership words them), so the rule for
// "child exploitation" is a rule about names, kept here once:
//   - a factor is child exploitation when its name mentions exploitation
//     (child_exploitation, child_sexual_exploitation,
//     child_criminal_exploitation) or is one of the abbreviations CSE, CCE;
//   - a screening tool is a child exploitation tool when its name mentions
//     exploitation or begins with "CE" as a word ("CE screening tool").
#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "indicators/sink.h"

namespace sg::indicators {
namespace {

using store::ContactOutcome;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsChildExploitationFactor(std::string_view name) {
  std::string lower = Lower(name);
  return lower.find("exploitation") != std::string::npos || lower == "cse" || lower == "cce";
}

bool IsChildExploitationTool(std::string_view name) {
  std::string lower = Lower(name);
  if (lower.find("exploitation") != std::string::npos) return true;
  return lower.starts_with("ce") && (lower.size() == 2 || !std::isalnum(static_cast<unsigned char>(lower[2])));
}

// Per name: does it satisfy `test`? Decided once per distinct name.
template <typename Test>
std::vector<uint8_t> Classify(const std::vector<std::string>& names, Test test) {
  std::vector<uint8_t> out;
  out.reserve(names.size());
  for (const auto& name : names) out.push_back(test(name));
  return out;
}

bool AnyOf(const store::Csr& csr, const std::vector<uint16_t>& values,
           const std::vector<uint8_t>& matches, size_t row) {
  for (uint32_t i = csr.begin(row); i < csr.end(row); ++i)
    if (matches[values[i]]) return true;
  return false;
}

}  // namespace

void ComputeFrontDoor(const Inputs& in, Sink& out) {
  const auto& c = in.snapshot.contacts;
  const auto ce_factor = Classify(c.factor_names, IsChildExploitationFactor);
  const auto ce_tool = Classify(c.tool_names, IsChildExploitationTool);
  const store::DayNumber first = in.period.start.days(), last = in.period.end.days();

  int64_t contacts = 0, to_referral = 0, ce_contacts = 0, ce_screened = 0, ce_to_referral = 0;
  std::unordered_set<int32_t> ce_children;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c.date[i] < first || c.date[i] > last) continue;
    ++contacts;
    const bool referral = c.outcome[i] == ContactOutcome::kReferral;
    to_referral += referral;
    if (!AnyOf(c.factors, c.factor_values, ce_factor, i)) continue;
    ++ce_contacts;
    ce_children.insert(c.person[i]);
    ce_screened += AnyOf(c.tools, c.tool_values, ce_tool, i);
    ce_to_referral += referral;
  }
  out.Count("contacts", contacts);
  out.Percent("contacts_to_referral_pct", to_referral, contacts);
  out.Count("contacts_child_exploitation", ce_contacts);
  out.Count("children_child_exploitation_contacts", static_cast<int64_t>(ce_children.size()));
  out.Percent("contacts_child_exploitation_screening_pct", ce_screened, ce_contacts);
  out.Count("contacts_child_exploitation_to_referral", ce_to_referral);

  const auto& eh = in.snapshot.early_help;
  out.Count("early_help_started",
            std::count_if(eh.start.begin(), eh.start.end(),
                          [&](store::DayNumber d) { return d >= first && d <= last; }));
}

}  // namespace sg::indicators
