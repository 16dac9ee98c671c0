// Children in need: referrals, assessments, CIN plans and closure.
#include <algorithm>

#include <fmt/format.h>

#include "journey/clocks.h"
#include "journey/journey.h"
#include "journey/journey_internal.h"

namespace sg::journey {

using core::Code;
using core::Fail;

namespace {

// The CIN census closes a referral that needs no further action on the day
// it is made, with "case closed after assessment, no further action".
constexpr std::string_view kNoFurtherActionClosure = "RC8";

}  // namespace

Result<Id> Journey::OpenReferral(const Actor& actor, const NewReferral& input) {
  SG_RETURN_IF_ERROR(NotInFuture(input.date, "referral date"));
  SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kReferralSource, input.source, input.date));
  if (input.primary_need) {
    SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kPrimaryNeed, *input.primary_need, input.date));
  } else if (!input.no_further_action) {
    return Fail(Code::kInvalidArgument,
                "a referral that goes further than no further action needs a primary need code");
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_RETURN_IF_ERROR(ChildOf(input.person_id));
    SG_ASSIGN_OR_RETURN(auto open, store_.FindOpenReferral(input.person_id));
    if (open) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the child already has an open CIN episode (referral {} of {}); "
                              "close it before opening a new referral",
                              open->id, open->referral_date.Iso()));
    }
    SG_ASSIGN_OR_RETURN(auto latest, store_.FindLatestReferral(input.person_id));
    if (latest && latest->closure_date && *latest->closure_date > input.date) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the child's previous CIN episode was open until {}; a new "
                              "referral cannot start on {}, before it closed",
                              latest->closure_date->Iso(), input.date.Iso()));
    }
    if (input.contact_id) {
      SG_ASSIGN_OR_RETURN(auto contact, store_.FindContact(*input.contact_id));
      if (!contact || contact->person_id != input.person_id) {
        return Fail(Code::kNotFound, fmt::format("the child has no contact with id {}",
                                                 *input.contact_id));
      }
      if (contact->outcome != std::string(kOutcomeReferral)) {
        return Fail(Code::kFailedPrecondition,
                    fmt::format("contact {} was not decided as a referral", *input.contact_id));
      }
      if (input.date < contact->contact_date) {
        return Fail(Code::kInvalidArgument,
                    Before("referral date", input.date, "contact date", contact->contact_date));
      }
    }
    store::Referral referral;
    referral.person_id = input.person_id;
    referral.contact_id = input.contact_id;
    referral.referral_date = input.date;
    referral.referral_source = input.source;
    referral.primary_need = input.primary_need;
    referral.nfa = input.no_further_action;
    referral.team_id = input.team_id;
    if (input.no_further_action) {
      referral.closure_date = input.date;
      referral.closure_reason = std::string(kNoFurtherActionClosure);
    }
    SG_ASSIGN_OR_RETURN(id, store_.InsertReferral(referral));
    SG_RETURN_IF_ERROR(Chronicle(
        actor, input.person_id, input.date, "referral",
        input.no_further_action ? "Referral received: no further action"
                                : fmt::format("Referral received (primary need {})",
                                              input.primary_need.value_or("")),
        "referrals", id));
    note = Note("create", "referral", id, input.person_id);
    return {};
  }));
  return id;
}

Result<Id> Journey::StartAssessment(const Actor& actor, Id referral_id, Date start) {
  SG_RETURN_IF_ERROR(NotInFuture(start, "assessment start"));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralFrom(referral_id, start, "assessment start"));
    SG_ASSIGN_OR_RETURN(auto assessments, store_.AssessmentsOf(referral_id));
    for (const auto& a : assessments) {
      if (!a.authorised) {
        return Fail(Code::kFailedPrecondition,
                    fmt::format("assessment {} started on {} is still open; authorise it first",
                                a.id, a.start.Iso()));
      }
    }
    store::Assessment assessment;
    assessment.referral_id = referral_id;
    assessment.start = start;
    SG_ASSIGN_OR_RETURN(id, store_.InsertAssessment(assessment));
    SG_RETURN_IF_ERROR(Chronicle(actor, referral.person_id, start, "assessment",
                                 "Assessment started", "assessments", id));
    note = Note("create", "assessment", id, referral.person_id);
    return {};
  }));
  return id;
}

Status Journey::AuthoriseAssessment(const Actor& actor, Id assessment_id, Date authorised,
                                    const std::vector<std::string>& factors) {
  SG_RETURN_IF_ERROR(NotInFuture(authorised, "assessment authorisation"));
  for (const auto& f : factors) {
    SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kAssessmentFactor, f, authorised));
  }
  if (factors.size() > 1 && std::ranges::find(factors, "21") != factors.end()) {
    return Fail(Code::kInvalidArgument,
                "assessment factor 21 (no factors identified) cannot be recorded with other "
                "factors");
  }
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto assessment, store_.FindAssessment(assessment_id));
    if (!assessment) {
      return Fail(Code::kNotFound, fmt::format("there is no assessment with id {}", assessment_id));
    }
    if (assessment->authorised) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("assessment {} was already authorised on {}", assessment_id,
                              assessment->authorised->Iso()));
    }
    if (authorised < assessment->start) {
      return Fail(Code::kInvalidArgument,
                  Before("assessment's authorisation", authorised, "assessment's start",
                         assessment->start));
    }
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralById(assessment->referral_id));
    SG_RETURN_IF_ERROR(store_.AuthoriseAssessment(assessment_id, authorised, factors));
    int32_t days = calendar_.WorkingDaysBetween(referral.referral_date, authorised);
    SG_RETURN_IF_ERROR(Chronicle(
        actor, referral.person_id, authorised, "assessment",
        fmt::format("Assessment authorised, {} working days from referral{}", days,
                    days > kAssessmentWorkingDays ? " (outside 45 working days)" : ""),
        "assessments", assessment_id));
    note = Note("update", "assessment", assessment_id, referral.person_id);
    return {};
  });
}

Result<Id> Journey::StartCinPlan(const Actor& actor, Id referral_id, Date start) {
  SG_RETURN_IF_ERROR(NotInFuture(start, "CIN plan start"));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralFrom(referral_id, start, "CIN plan start"));
    SG_ASSIGN_OR_RETURN(auto plans, store_.CinPlansOf(referral_id));
    for (const auto& p : plans) {
      if (!p.end) {
        return Fail(Code::kFailedPrecondition,
                    fmt::format("a CIN plan has been open since {}", p.start.Iso()));
      }
    }
    SG_ASSIGN_OR_RETURN(id, store_.InsertCinPlan(store::CinPlan{0, {}, referral_id, start, {}}));
    SG_RETURN_IF_ERROR(Chronicle(actor, referral.person_id, start, "cin_plan",
                                 "Child in need plan started", "cin_plans", id));
    note = Note("create", "cin_plan", id, referral.person_id);
    return {};
  }));
  return id;
}

Status Journey::EndCinPlan(const Actor& actor, Id plan_id, Date end) {
  SG_RETURN_IF_ERROR(NotInFuture(end, "CIN plan end"));
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto plan, store_.FindCinPlan(plan_id));
    if (!plan) return Fail(Code::kNotFound, fmt::format("there is no CIN plan with id {}", plan_id));
    if (plan->end) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("CIN plan {} already ended on {}", plan_id, plan->end->Iso()));
    }
    if (end < plan->start) {
      return Fail(Code::kInvalidArgument, Before("CIN plan end", end, "its start", plan->start));
    }
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralById(plan->referral_id));
    SG_RETURN_IF_ERROR(store_.EndCinPlan(plan_id, end));
    SG_RETURN_IF_ERROR(Chronicle(actor, referral.person_id, end, "cin_plan",
                                 "Child in need plan ended", "cin_plans", plan_id));
    note = Note("update", "cin_plan", plan_id, referral.person_id);
    return {};
  });
}

Status Journey::CloseReferral(const Actor& actor, Id referral_id, Date closed,
                              std::string_view reason) {
  SG_RETURN_IF_ERROR(NotInFuture(closed, "closure date"));
  SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kReasonForClosure, reason, closed));
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralFrom(referral_id, closed, "closure date"));
    SG_ASSIGN_OR_RETURN(auto assessments, store_.AssessmentsOf(referral_id));
    for (const auto& a : assessments) {
      if (!a.authorised) {
        return Fail(Code::kFailedPrecondition,
                    fmt::format("assessment {} is still open; authorise it before closing the "
                                "referral",
                                a.id));
      }
      if (closed < *a.authorised) {
        return Fail(Code::kInvalidArgument,
                    Before("closure date", closed, "assessment's authorisation", *a.authorised));
      }
    }
    SG_ASSIGN_OR_RETURN(auto cin_plans, store_.CinPlansOf(referral_id));
    for (const auto& p : cin_plans) {
      if (!p.end) {
        return Fail(Code::kFailedPrecondition, "end the child in need plan before closing the referral");
      }
      if (closed < *p.end) {
        return Fail(Code::kInvalidArgument,
                    Before("closure date", closed, "end of the child in need plan", *p.end));
      }
    }
    SG_ASSIGN_OR_RETURN(auto cp_plans, store_.CpPlansOf(referral_id));
    for (const auto& p : cp_plans) {
      if (!p.end) {
        return Fail(Code::kFailedPrecondition,
                    "end the child protection plan before closing the referral");
      }
      if (closed < *p.end) {
        return Fail(Code::kInvalidArgument,
                    Before("closure date", closed, "end of the child protection plan", *p.end));
      }
    }
    SG_RETURN_IF_ERROR(store_.CloseReferral(referral_id, closed, reason));
    SG_RETURN_IF_ERROR(Chronicle(actor, referral.person_id, closed, "referral",
                                 fmt::format("CIN episode closed ({})", reason), "referrals",
                                 referral_id));
    note = Note("update", "referral", referral_id, referral.person_id);
    return {};
  });
}

}  // namespace sg::journey
