#include "store/snapshot.h"

#include <algorithm>
#include <type_traits>

#include <fmt/format.h>

namespace sg::store {
namespace {

using core::Code;
using core::Fail;
using core::Status;

Status Broken(std::string_view what) {
  return Fail(Code::kInternal, fmt::format("snapshot invariant broken: {}", what));
}

Status CheckCsr(const Csr& csr, size_t rows, size_t values, std::string_view name) {
  if (csr.offsets.size() != rows + 1 || csr.offsets.front() != 0 || csr.offsets.back() != values)
    return Broken(fmt::format("{} offsets do not cover the rows", name));
  for (size_t i = 1; i < csr.offsets.size(); ++i)
    if (csr.offsets[i] < csr.offsets[i - 1]) return Broken(fmt::format("{} offsets decrease", name));
  return {};
}

Status CheckRows(const std::vector<int32_t>& rows, size_t limit, bool allow_none,
                 std::string_view name) {
  for (int32_t r : rows) {
    if (r == kNoRow && allow_none) continue;
    if (r < 0 || static_cast<size_t>(r) >= limit) return Broken(fmt::format("{} out of range", name));
  }
  return {};
}

Status CheckOrder(const std::vector<int32_t>& person, const std::vector<DayNumber>& day,
                  std::string_view name) {
  for (size_t i = 1; i < person.size(); ++i)
    if (std::pair(person[i - 1], day[i - 1]) > std::pair(person[i], day[i]))
      return Broken(fmt::format("{} not in (person, date) order", name));
  return {};
}

template <typename... Columns>
bool SameSize(size_t n, const Columns&... columns) {
  return ((columns.size() == n) && ...);
}

// The stable order of rows by (person, day).
std::vector<size_t> OrderOf(const std::vector<int32_t>& person, const std::vector<DayNumber>& day) {
  std::vector<size_t> order(person.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::pair(person[a], day[a]) < std::pair(person[b], day[b]);
  });
  return order;
}

template <typename... Columns>
void Permute(const std::vector<size_t>& order, Columns&... columns) {
  auto one = [&](auto& column) {
    std::remove_reference_t<decltype(column)> sorted;
    sorted.reserve(column.size());
    for (size_t i : order) sorted.push_back(std::move(column[i]));
    column = std::move(sorted);
  };
  (one(columns), ...);
}

void SortReferrals(Snapshot& s) {
  auto& r = s.referrals;
  const auto order = OrderOf(r.person, r.date);
  Permute(order, r.person, r.date, r.nfa, r.closure, r.closure_reason);
  std::vector<int32_t> row_now(order.size());
  for (size_t i = 0; i < order.size(); ++i) row_now[order[i]] = static_cast<int32_t>(i);
  for (auto* refs : {&s.assessments.referral, &s.section47s.referral, &s.icpcs.referral, &s.cp_plans.referral})
    for (int32_t& ref : *refs)
      if (ref != kNoRow) ref = row_now[static_cast<size_t>(ref)];
}

void SortPlans(SnapshotCpPlans& p) {
  const auto order = OrderOf(p.person, p.start);
  std::vector<DayNumber> dates;
  Csr reviews;
  for (size_t i : order) {
    dates.insert(dates.end(), p.review_dates.begin() + p.reviews.begin(i),
                 p.review_dates.begin() + p.reviews.end(i));
    reviews.offsets.push_back(static_cast<uint32_t>(dates.size()));
  }
  Permute(order, p.person, p.referral, p.start, p.end, p.initial_category, p.previous_plans);
  p.review_dates = std::move(dates);
  p.reviews = std::move(reviews);
}

}  // namespace

void SortSnapshot(Snapshot& s) {
  SortReferrals(s);
  SortPlans(s.cp_plans);
  auto& e = s.care_episodes;
  Permute(OrderOf(e.person, e.start), e.person, e.start, e.end, e.reason_new_episode, e.legal_status,
          e.placement_type, e.reason_ceased, e.distance_miles, e.outside_la);
  auto& l = s.leaver_contacts;
  Permute(OrderOf(l.person, l.date), l.person, l.date, l.in_touch, l.activity, l.accommodation);
}

std::string ShortCode::str() const {
  std::string text;
  for (int i = 0; i < 4 && at(i) != '\0'; ++i) text.push_back(at(i));
  return text;
}

Status Snapshot::Validate() const {
  const size_t people = persons.size();
  for (size_t i = 1; i < people; ++i)
    if (persons.id[i - 1] >= persons.id[i]) return Broken("persons not in id order");
  if (!SameSize(people, persons.birth, persons.uasc, persons.uasc_ceased))
    return Broken("persons columns differ in length");

  const auto& c = contacts;
  if (!SameSize(c.size(), c.date, c.outcome)) return Broken("contacts columns differ in length");
  SG_RETURN_IF_ERROR(CheckRows(c.person, people, false, "contacts.person"));
  SG_RETURN_IF_ERROR(CheckCsr(c.factors, c.size(), c.factor_values.size(), "contacts.factors"));
  SG_RETURN_IF_ERROR(CheckCsr(c.tools, c.size(), c.tool_values.size(), "contacts.tools"));
  for (uint16_t v : c.factor_values)
    if (v >= c.factor_names.size()) return Broken("contacts.factor_values out of range");
  for (uint16_t v : c.tool_values)
    if (v >= c.tool_names.size()) return Broken("contacts.tool_values out of range");

  if (!SameSize(early_help.size(), early_help.start, early_help.end))
    return Broken("early_help columns differ in length");
  SG_RETURN_IF_ERROR(CheckRows(early_help.person, people, false, "early_help.person"));

  const auto& r = referrals;
  if (!SameSize(r.size(), r.date, r.nfa, r.closure, r.closure_reason))
    return Broken("referrals columns differ in length");
  SG_RETURN_IF_ERROR(CheckRows(r.person, people, false, "referrals.person"));
  SG_RETURN_IF_ERROR(CheckOrder(r.person, r.date, "referrals"));

  if (!SameSize(assessments.size(), assessments.start, assessments.authorised))
    return Broken("assessments columns differ in length");
  SG_RETURN_IF_ERROR(CheckRows(assessments.referral, r.size(), false, "assessments.referral"));
  if (!SameSize(section47s.size(), section47s.start)) return Broken("section47s columns differ");
  SG_RETURN_IF_ERROR(CheckRows(section47s.referral, r.size(), false, "section47s.referral"));
  if (!SameSize(icpcs.size(), icpcs.section47, icpcs.date, icpcs.transfer_in))
    return Broken("icpcs columns differ in length");
  SG_RETURN_IF_ERROR(CheckRows(icpcs.referral, r.size(), false, "icpcs.referral"));
  SG_RETURN_IF_ERROR(CheckRows(icpcs.section47, section47s.size(), true, "icpcs.section47"));

  const auto& p = cp_plans;
  if (!SameSize(p.size(), p.referral, p.start, p.end, p.initial_category, p.previous_plans))
    return Broken("cp_plans columns differ in length");
  SG_RETURN_IF_ERROR(CheckRows(p.person, people, false, "cp_plans.person"));
  SG_RETURN_IF_ERROR(CheckRows(p.referral, r.size(), true, "cp_plans.referral"));
  SG_RETURN_IF_ERROR(CheckOrder(p.person, p.start, "cp_plans"));
  SG_RETURN_IF_ERROR(CheckCsr(p.reviews, p.size(), p.review_dates.size(), "cp_plans.reviews"));

  const auto& e = care_episodes;
  if (!SameSize(e.size(), e.start, e.end, e.reason_new_episode, e.legal_status, e.placement_type,
                e.reason_ceased, e.distance_miles, e.outside_la))
    return Broken("care_episodes columns differ in length");
  SG_RETURN_IF_ERROR(CheckRows(e.person, people, false, "care_episodes.person"));
  SG_RETURN_IF_ERROR(CheckOrder(e.person, e.start, "care_episodes"));

  const auto& l = leaver_contacts;
  if (!SameSize(l.size(), l.date, l.in_touch, l.activity, l.accommodation))
    return Broken("leaver_contacts columns differ in length");
  SG_RETURN_IF_ERROR(CheckRows(l.person, people, false, "leaver_contacts.person"));
  SG_RETURN_IF_ERROR(CheckOrder(l.person, l.date, "leaver_contacts"));
  return {};
}

}  // namespace sg::store
