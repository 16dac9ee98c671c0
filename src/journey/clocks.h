// Statutory clocks: when each piece of work is due, and how it stands.
//
// Working Together to Safeguard Children and the Care Planning Regulations
// set the timescales; research/indicators.md §12 quotes them with sources.
//
//   decision on a contact        1 working day after the contact
//   assessment                  45 working days after the referral (a second
//                                  assessment in the same episode: after its start)
//   initial child protection
//     conference (ICPC)         15 working days after the strategy discussion
//                                  that started the section 47 enquiry
//   first core group            10 working days after the ICPC
//   child protection review      3 months after the ICPC, then every 6 months
//   cared-for (CLA) review      20 working days after the period of care
//                                  began, then 3 months, then every 6 months
//
// "Within N working days" is WD(start, done) <= N (INDICATORS.md), so the
// due date is the N-th working day after the start; months are calendar
// months with the day clamped to the month's end (core::AddMonths).
//
// Status on a day `as_of`: overdue once as_of is past the due date; due soon
// when the due date is at most 5 working days ahead (WD(as_of, due) <= 5,
// so the due day itself is "due soon", not overdue); otherwise on time.
#ifndef SAFEGUARD_JOURNEY_CLOCKS_H_
#define SAFEGUARD_JOURNEY_CLOCKS_H_

#include <span>
#include <string_view>

#include "core/calendar.h"
#include "core/date.h"

namespace sg::journey {

using core::Date;
using core::WorkingCalendar;

enum class ClockKind {
  kContactDecision,
  kAssessment,
  kInitialConference,
  kFirstCoreGroup,
  kCpReview,
  kCareReview,
};

std::string_view ClockName(ClockKind kind);  // "assessment", ...
std::string_view ClockTitle(ClockKind kind);  // "Assessment (45 working days)", ...

inline constexpr int kContactDecisionWorkingDays = 1;
inline constexpr int kAssessmentWorkingDays = 45;
inline constexpr int kInitialConferenceWorkingDays = 15;
inline constexpr int kFirstCoreGroupWorkingDays = 10;
inline constexpr int kFirstCareReviewWorkingDays = 20;
inline constexpr int kDueSoonWorkingDays = 5;

Date ContactDecisionDue(const WorkingCalendar& cal, Date contact_date);
Date AssessmentDue(const WorkingCalendar& cal, Date referral_date);
Date InitialConferenceDue(const WorkingCalendar& cal, Date strategy_discussion);
Date FirstCoreGroupDue(const WorkingCalendar& cal, Date icpc_date);
// `reviews_held` in date order.
Date CpReviewDue(Date icpc_date, std::span<const Date> reviews_held);
Date CareReviewDue(const WorkingCalendar& cal, Date period_start,
                   std::span<const Date> reviews_held);

enum class ClockStatus { kOnTime, kDueSoon, kOverdue };
std::string_view StatusName(ClockStatus status);  // "on time", "due soon", "overdue"

ClockStatus StatusOn(const WorkingCalendar& cal, Date due, Date as_of);

}  // namespace sg::journey

#endif  // SAFEGUARD_JOURNEY_CLOCKS_H_
