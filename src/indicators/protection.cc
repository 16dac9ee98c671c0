// Section 47 enquiries and child protection plans (CIN census data).
//
// Each group of ids is one pass over one table; nothing is kept between
// calls, because Compute() is called once per period. "At 31 March" is the
// period's last day (`as_at`), so a quarter is measured at its end.
//
// How each rule is implemented, and the choices INDICATORS.md left open:
//   - s47_started, icpc_held: each enquiry and each conference is counted
//     (episodes, not children). icpc_held counts every conference dated in
//     the period, under an enquiry or not, transfer-in included.
//   - s47_to_icpc_pct is icpc_held ÷ s47_started, DfE's ratio of two counts
//     of the same period; it can exceed 100.
//   - icpc_within_15wd_pct takes the conferences of the period recorded under
//     an enquiry and not flagged transfer-in (DfE reports transfer-in
//     conferences apart); a conference dated before its enquiry's start is a
//     data error and is left out. On time is WD(enquiry start, ICPC) <= 15.
//   - cpp_second_or_subsequent_pct: "an earlier plan on record" is a plan of
//     the same child that starts strictly before this one (a second plan on
//     the same day is a duplicate, not a previous plan). Plans are ordered by
//     (person, start), so the child's first plan decides.
//   - cpp_ended_2y_plus_pct: a plan ending before it starts is a data error,
//     left out of the measure (numerator and denominator).
//   - cpp_reviews_in_time_pct: only reviews on or before `as_at` count. A
//     review on or before the plan's start is a data error (CIN rule 8841):
//     the plan is left out of the measure. Otherwise the plan is in time when
//     each review is held by its due date (add_months(start, 3) for the
//     first, add_months(previous review, 6) after) and the next due date is
//     not before `as_at` (no review overdue at the period's end).
#include <cstdint>
#include <span>
#include <string_view>

#include "indicators/sink.h"

namespace sg::indicators {
namespace {

using core::AddMonths;
using core::Date;
using store::DayNumber;
using store::kNoDate;
using store::kNoRow;
using store::kOpen;
using store::ShortCode;

constexpr int32_t kTwoYearsInDays = 729;  // DfE: "more than 729 days including the day of cessation"
constexpr int32_t kIcpcWorkingDays = 15;

struct Window {
  DayNumber first;
  DayNumber last;  // the period's last day: "31 March"
  bool Contains(DayNumber d) const { return first <= d && d <= last; }
};

Window WindowOf(const core::Period& period) {
  return {period.start.days(), period.end.days()};
}

bool OpenAt(DayNumber start, DayNumber end, DayNumber day) {
  return start != kNoDate && start <= day && end > day;
}

void ComputeEnquiriesAndConferences(const Inputs& in, Sink& out) {
  const Window w = WindowOf(in.period);
  const auto& s47 = in.snapshot.section47s;
  const auto& icpc = in.snapshot.icpcs;

  int64_t started = 0;
  for (DayNumber start : s47.start) started += w.Contains(start);

  int64_t held = 0, timed = 0, within_15 = 0;
  for (size_t i = 0; i < icpc.size(); ++i) {
    if (!w.Contains(icpc.date[i])) continue;
    ++held;
    if (icpc.section47[i] == kNoRow || icpc.transfer_in[i]) continue;
    const DayNumber enquiry_start = s47.start[icpc.section47[i]];
    if (enquiry_start == kNoDate || enquiry_start > icpc.date[i]) continue;  // data error
    ++timed;
    const int32_t wd = in.calendar.WorkingDaysBetween(Date::FromDays(enquiry_start),
                                                      Date::FromDays(icpc.date[i]));
    within_15 += wd <= kIcpcWorkingDays;
  }
  out.Count("s47_started", started);
  out.Count("icpc_held", held);
  out.Percent("s47_to_icpc_pct", held, started);
  out.Percent("icpc_within_15wd_pct", within_15, timed);
}

void ComputePlanStarts(const Inputs& in, Sink& out) {
  const Window w = WindowOf(in.period);
  const auto& cp = in.snapshot.cp_plans;
  struct Category { std::string_view id; ShortCode code; int64_t count = 0; };
  Category categories[] = {{"cpp_started_neglect", ShortCode("NEG")},
                           {"cpp_started_physical", ShortCode("PHY")},
                           {"cpp_started_sexual", ShortCode("SAB")},
                           {"cpp_started_emotional", ShortCode("EMO")},
                           {"cpp_started_multiple", ShortCode("MUL")}};

  int64_t started = 0, repeat = 0;
  size_t first_of_child = 0;  // plans are ordered by (person, start)
  for (size_t i = 0; i < cp.size(); ++i) {
    if (i > 0 && cp.person[i] != cp.person[i - 1]) first_of_child = i;
    if (!w.Contains(cp.start[i])) continue;
    ++started;
    for (Category& c : categories) c.count += cp.initial_category[i] == c.code;
    const bool earlier_on_record = cp.start[first_of_child] < cp.start[i];
    repeat += cp.previous_plans[i] > 0 || earlier_on_record;
  }
  out.Count("cpp_started", started);
  for (const Category& c : categories) out.Count(c.id, c.count);
  out.Percent("cpp_second_or_subsequent_pct", repeat, started);
}

void ComputePlansOpenAtEnd(const Inputs& in, Sink& out) {
  const DayNumber as_at = in.period.end.days();
  const auto& cp = in.snapshot.cp_plans;
  int64_t open = 0, two_years = 0;
  for (size_t i = 0; i < cp.size(); ++i) {
    if (!OpenAt(cp.start[i], cp.end[i], as_at)) continue;
    ++open;
    two_years += as_at - cp.start[i] >= kTwoYearsInDays;
  }
  out.Count("cpp_at_31_march", open);
  out.Rate("cpp_rate_per_10k", open);
  out.Percent("cpp_open_2y_plus_pct", two_years, open);
}

void ComputePlanEndings(const Inputs& in, Sink& out) {
  const Window w = WindowOf(in.period);
  const auto& cp = in.snapshot.cp_plans;
  int64_t ended = 0, two_years = 0;
  for (size_t i = 0; i < cp.size(); ++i) {
    if (cp.end[i] == kOpen || !w.Contains(cp.end[i])) continue;
    if (cp.start[i] == kNoDate || cp.end[i] < cp.start[i]) continue;  // data error
    ++ended;
    two_years += cp.end[i] - cp.start[i] >= kTwoYearsInDays;
  }
  out.Percent("cpp_ended_2y_plus_pct", two_years, ended);
}

enum class ReviewVerdict { kDataError, kInTime, kLate };

// REQUIRES: `reviews` ascending. Judges the reviews held up to `as_at`.
ReviewVerdict JudgeReviews(Date start, std::span<const DayNumber> reviews, Date as_at) {
  if (!reviews.empty() && reviews.front() <= start.days()) return ReviewVerdict::kDataError;
  Date due = AddMonths(start, 3);
  for (DayNumber day : reviews) {
    const Date review = Date::FromDays(day);
    if (review > as_at) break;
    if (review > due) return ReviewVerdict::kLate;
    due = AddMonths(review, 6);
  }
  return due >= as_at ? ReviewVerdict::kInTime : ReviewVerdict::kLate;
}

void ComputeReviewsInTime(const Inputs& in, Sink& out) {
  const Date as_at = in.period.end;
  const DayNumber latest_start = AddMonths(as_at, -3).days();
  const auto& cp = in.snapshot.cp_plans;
  int64_t due = 0, in_time = 0;
  for (size_t i = 0; i < cp.size(); ++i) {
    if (!OpenAt(cp.start[i], cp.end[i], as_at.days()) || cp.start[i] > latest_start) continue;
    std::span<const DayNumber> reviews(cp.review_dates.data() + cp.reviews.begin(i),
                                       cp.reviews.end(i) - cp.reviews.begin(i));
    const ReviewVerdict verdict = JudgeReviews(Date::FromDays(cp.start[i]), reviews, as_at);
    if (verdict == ReviewVerdict::kDataError) continue;
    ++due;
    in_time += verdict == ReviewVerdict::kInTime;
  }
  out.Percent("cpp_reviews_in_time_pct", in_time, due);
}

}  // namespace

void ComputeProtection(const Inputs& in, Sink& out) {
  ComputeEnquiriesAndConferences(in, out);
  ComputePlanStarts(in, out);
  ComputePlansOpenAtEnd(in, out);
  ComputePlanEndings(in, out);
  ComputeReviewsInTime(in, out);
}

}  // namespace sg::indicators
