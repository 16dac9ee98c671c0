// Referrals, assessments and children in need (the CIN census measures).
//
// How each rule of INDICATORS.md is implemented:
//   - A referral is in the period when its date lies in [period start,
//     period end]; `referrals`, `referrals_nfa`, `rereferrals_12m_pct` and
//     `cin_started` are one pass over the referrals.
//   - Re-referral. Referrals are ordered by (person, date), so the earlier
//     referrals of a child are the rows just above, and the one dated
//     nearest before it decides: if that one is older than
//     add_months(date, -12), every older one is too. Rows of the same child
//     on the same day are stepped over first: "before this referral date"
//     means a strictly earlier date.
//   - Assessments are counted by authorisation date. Each timeliness measure
//     times its own pair of dates, WD(assessment start, authorisation) for
//     the DfE measure and WD(referral date, authorisation) for the Working
//     Together one, and leaves out of its own denominator the assessments
//     whose pair cannot be timed (the authorisation is before the first date,
//     a data error that validation reports, or the first date is missing).
//     Such an assessment still counts in `assessments_completed`.
//   - `cin_at_31_march` is "open on the period's last day": referral date on
//     or before it and closure after it (kOpen when not closed), NFA referrals
//     excluded. An episode closing on that day is not open; one referred on
//     that day is.
//   - `cin_started`. Choice: a referral closed with RC8 or RC9 is left out
//     only when that closure is on or before the period's end, so a value
//     is what the census would have said at the time, and a referral counted
//     open in `cin_at_31_march` is also counted as started. A referral in
//     March closed RC8 in April is a start of the year that ends on 31 March.
//     The catalogue rule says the same.
#include "indicators/sink.h"

namespace sg::indicators {
namespace {

using core::Date;
using store::DayNumber;
using store::kNoDate;

constexpr int32_t kAssessmentWorkingDays = 45;
constexpr int kReReferralMonths = 12;
constexpr store::ShortCode kClosedNotInNeed{"RC8"};
constexpr store::ShortCode kClosedToEarlyHelp{"RC9"};

// True when the child of referral `row` has another referral dated strictly
// before it and on or after add_months(its date, -12).
bool IsReReferral(const store::SnapshotReferrals& r, size_t row) {
  const int32_t child = r.person[row];
  const DayNumber day = r.date[row];
  size_t above = row;
  while (above > 0 && r.person[above - 1] == child && r.date[above - 1] == day) --above;
  if (above == 0 || r.person[above - 1] != child) return false;
  const DayNumber window_start = core::AddMonths(Date::FromDays(day), -kReReferralMonths).days();
  return r.date[above - 1] >= window_start;
}

// RC8 or RC9 (closed after assessment: not in need, or to early help) by `day`.
bool ClosedNotInNeedBy(const store::SnapshotReferrals& r, size_t row, DayNumber day) {
  const store::ShortCode reason = r.closure_reason[row];
  return (reason == kClosedNotInNeed || reason == kClosedToEarlyHelp) && r.closure[row] <= day;
}

struct ReferralCounts {
  int64_t referrals = 0;
  int64_t nfa = 0;
  int64_t rereferrals = 0;
  int64_t cin_started = 0;
};

ReferralCounts CountReferrals(const store::SnapshotReferrals& r, DayNumber first, DayNumber last) {
  ReferralCounts counts;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r.date[i] < first || r.date[i] > last) continue;
    ++counts.referrals;
    counts.nfa += r.nfa[i] != 0;
    counts.rereferrals += IsReReferral(r, i);
    counts.cin_started += r.nfa[i] == 0 && !ClosedNotInNeedBy(r, i, last);
  }
  return counts;
}

// CIN episodes (referrals that are not NFA) open at `day`.
int64_t CountOpenEpisodes(const store::SnapshotReferrals& r, DayNumber day) {
  int64_t open = 0;
  for (size_t i = 0; i < r.size(); ++i)
    open += r.nfa[i] == 0 && r.date[i] != kNoDate && r.date[i] <= day && r.closure[i] > day;
  return open;
}

// A timeliness measure: how many were timed, and how many of those in time.
struct Timed {
  int64_t within = 0;
  int64_t timed = 0;

  // Adds the pair (from, to) unless it cannot be timed: `from` missing or
  // `to` before `from` (a data error, left out as INDICATORS.md says).
  void Add(const core::WorkingCalendar& calendar, DayNumber from, DayNumber to) {
    if (from == kNoDate || to < from) return;
    ++timed;
    within += calendar.WorkingDaysBetween(Date::FromDays(from), Date::FromDays(to)) <=
              kAssessmentWorkingDays;
  }
};

struct AssessmentCounts {
  int64_t completed = 0;
  Timed from_start;     // the DfE measure
  Timed from_referral;  // the Working Together measure
};

AssessmentCounts CountAssessments(const Inputs& in, DayNumber first, DayNumber last) {
  const auto& a = in.snapshot.assessments;
  const auto& referral_date = in.snapshot.referrals.date;
  AssessmentCounts counts;
  for (size_t i = 0; i < a.size(); ++i) {
    const DayNumber authorised = a.authorised[i];
    if (authorised < first || authorised > last) continue;  // kNoDate: not yet authorised
    ++counts.completed;
    counts.from_start.Add(in.calendar, a.start[i], authorised);
    counts.from_referral.Add(in.calendar, referral_date[a.referral[i]], authorised);
  }
  return counts;
}

}  // namespace

void ComputeChildrenInNeed(const Inputs& in, Sink& out) {
  const auto& referrals = in.snapshot.referrals;
  const DayNumber first = in.period.start.days(), last = in.period.end.days();

  const ReferralCounts r = CountReferrals(referrals, first, last);
  out.Count("referrals", r.referrals);
  out.Count("referrals_nfa", r.nfa);
  out.Rate("referral_rate_per_10k", r.referrals);
  out.Percent("rereferrals_12m_pct", r.rereferrals, r.referrals);

  const AssessmentCounts a = CountAssessments(in, first, last);
  out.Count("assessments_completed", a.completed);
  out.Percent("assessments_within_45wd_pct", a.from_start.within, a.from_start.timed);
  out.Percent("assessments_within_45wd_of_referral_pct", a.from_referral.within,
              a.from_referral.timed);

  const int64_t open = CountOpenEpisodes(referrals, last);
  out.Count("cin_at_31_march", open);
  out.Rate("cin_rate_per_10k", open);
  out.Count("cin_started", r.cin_started);
}

}  // namespace sg::indicators
