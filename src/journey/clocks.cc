#include "journey/clocks.h"

namespace sg::journey {

std::string_view ClockName(ClockKind kind) {
  switch (kind) {
    case ClockKind::kContactDecision: return "contact_decision";
    case ClockKind::kAssessment: return "assessment";
    case ClockKind::kInitialConference: return "initial_conference";
    case ClockKind::kFirstCoreGroup: return "first_core_group";
    case ClockKind::kCpReview: return "cp_review";
    case ClockKind::kCareReview: return "care_review";
  }
  return "unknown";
}

std::string_view ClockTitle(ClockKind kind) {
  switch (kind) {
    case ClockKind::kContactDecision: return "Decision on contact (1 working day)";
    case ClockKind::kAssessment: return "Assessment (45 working days)";
    case ClockKind::kInitialConference: return "Initial CP conference (15 working days)";
    case ClockKind::kFirstCoreGroup: return "First core group (10 working days)";
    case ClockKind::kCpReview: return "CP review conference";
    case ClockKind::kCareReview: return "Cared-for review";
  }
  return "unknown";
}

Date ContactDecisionDue(const WorkingCalendar& cal, Date contact_date) {
  return cal.AddWorkingDays(contact_date, kContactDecisionWorkingDays);
}

Date AssessmentDue(const WorkingCalendar& cal, Date referral_date) {
  return cal.AddWorkingDays(referral_date, kAssessmentWorkingDays);
}

Date InitialConferenceDue(const WorkingCalendar& cal, Date strategy_discussion) {
  return cal.AddWorkingDays(strategy_discussion, kInitialConferenceWorkingDays);
}

Date FirstCoreGroupDue(const WorkingCalendar& cal, Date icpc_date) {
  return cal.AddWorkingDays(icpc_date, kFirstCoreGroupWorkingDays);
}

Date CpReviewDue(Date icpc_date, std::span<const Date> reviews_held) {
  if (reviews_held.empty()) return core::AddMonths(icpc_date, 3);
  return core::AddMonths(reviews_held.back(), 6);
}

Date CareReviewDue(const WorkingCalendar& cal, Date period_start,
                   std::span<const Date> reviews_held) {
  switch (reviews_held.size()) {
    case 0: return cal.AddWorkingDays(period_start, kFirstCareReviewWorkingDays);
    case 1: return core::AddMonths(reviews_held.front(), 3);
    default: return core::AddMonths(reviews_held.back(), 6);
  }
}

std::string_view StatusName(ClockStatus status) {
  switch (status) {
    case ClockStatus::kOnTime: return "on time";
    case ClockStatus::kDueSoon: return "due soon";
    case ClockStatus::kOverdue: return "overdue";
  }
  return "unknown";
}

ClockStatus StatusOn(const WorkingCalendar& cal, Date due, Date as_of) {
  if (as_of > due) return ClockStatus::kOverdue;
  if (cal.WorkingDaysBetween(as_of, due) <= kDueSoonWorkingDays) return ClockStatus::kDueSoon;
  return ClockStatus::kOnTime;
}

}  // namespace sg::journey
