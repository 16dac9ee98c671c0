// Child protection: strategy discussions, section 47 enquiries, initial
// conferences, plans, core groups and reviews.
#include <fmt/format.h>

#include "journey/clocks.h"
#include "journey/journey.h"
#include "journey/journey_internal.h"

namespace sg::journey {

using core::Code;
using core::Fail;

Result<Id> Journey::HoldStrategyDiscussion(const Actor& actor, Id referral_id, Date date) {
  SG_RETURN_IF_ERROR(NotInFuture(date, "strategy discussion"));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralFrom(referral_id, date, "strategy discussion"));
    SG_ASSIGN_OR_RETURN(id, store_.InsertStrategyDiscussion({0, {}, referral_id, date}));
    SG_RETURN_IF_ERROR(Chronicle(actor, referral.person_id, date, "strategy_discussion",
                                 "Strategy discussion held", "strategy_discussions", id));
    note = Note("create", "strategy_discussion", id, referral.person_id);
    return {};
  }));
  return id;
}

Result<Id> Journey::StartSection47(const Actor& actor, Id strategy_discussion_id, Date start) {
  SG_RETURN_IF_ERROR(NotInFuture(start, "section 47 start"));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto discussion, store_.FindStrategyDiscussion(strategy_discussion_id));
    if (!discussion) {
      return Fail(Code::kNotFound,
                  fmt::format("there is no strategy discussion with id {}", strategy_discussion_id));
    }
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralById(discussion->referral_id));
    if (start < discussion->date) {
      return Fail(Code::kInvalidArgument,
                  Before("section 47 enquiry's start", start, "strategy discussion",
                         discussion->date));
    }
    store::Section47 enquiry;
    enquiry.referral_id = referral.id;
    enquiry.strategy_discussion_id = strategy_discussion_id;
    enquiry.start = start;
    enquiry.icpc_target = InitialConferenceDue(calendar_, discussion->date);
    SG_ASSIGN_OR_RETURN(id, store_.InsertSection47(enquiry));
    SG_RETURN_IF_ERROR(Chronicle(
        actor, referral.person_id, start, "section47",
        fmt::format("Section 47 enquiry started; initial conference due by {}",
                    enquiry.icpc_target->Iso()),
        "section47_enquiries", id));
    note = Note("create", "section47_enquiry", id, referral.person_id);
    return {};
  }));
  return id;
}

Status Journey::ConcludeSection47WithoutConference(const Actor& actor, Id section47_id,
                                                  Date concluded) {
  SG_RETURN_IF_ERROR(NotInFuture(concluded, "conclusion of the section 47 enquiry"));
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto enquiry, store_.FindSection47(section47_id));
    if (!enquiry) {
      return Fail(Code::kNotFound, fmt::format("there is no section 47 enquiry with id {}", section47_id));
    }
    SG_ASSIGN_OR_RETURN(auto icpc, store_.FindIcpcOfSection47(section47_id));
    if (icpc) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("section 47 enquiry {} already led to a conference on {}",
                              section47_id, icpc->date.Iso()));
    }
    if (enquiry->icpc_not_required) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("section 47 enquiry {} was already concluded", section47_id));
    }
    if (concluded < enquiry->start) {
      return Fail(Code::kInvalidArgument,
                  Before("conclusion", concluded, "section 47 enquiry's start", enquiry->start));
    }
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralById(enquiry->referral_id));
    SG_RETURN_IF_ERROR(store_.SetIcpcNotRequired(section47_id));
    SG_RETURN_IF_ERROR(Chronicle(actor, referral.person_id, concluded, "section47",
                                 "Section 47 enquiry concluded: no conference needed",
                                 "section47_enquiries", section47_id));
    note = Note("update", "section47_enquiry", section47_id, referral.person_id);
    return {};
  });
}

Result<Id> Journey::HoldInitialConference(const Actor& actor, Id referral_id,
                                          std::optional<Id> section47_id, bool transfer_in,
                                          Date date, bool plan_made) {
  SG_RETURN_IF_ERROR(NotInFuture(date, "initial child protection conference"));
  if (!section47_id && !transfer_in) {
    return Fail(Code::kFailedPrecondition,
                "an initial child protection conference needs a section 47 enquiry, or must be "
                "a transfer-in conference");
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralFrom(referral_id, date, "conference"));
    if (section47_id) {
      SG_ASSIGN_OR_RETURN(auto enquiry, store_.FindSection47(*section47_id));
      if (!enquiry || enquiry->referral_id != referral_id) {
        return Fail(Code::kNotFound, fmt::format("referral {} has no section 47 enquiry with id {}",
                                                 referral_id, *section47_id));
      }
      if (enquiry->icpc_not_required) {
        return Fail(Code::kFailedPrecondition,
                    fmt::format("section 47 enquiry {} was concluded without a conference",
                                *section47_id));
      }
      SG_ASSIGN_OR_RETURN(auto existing, store_.FindIcpcOfSection47(*section47_id));
      if (existing) {
        return Fail(Code::kAlreadyExists,
                    fmt::format("section 47 enquiry {} already had its conference on {}",
                                *section47_id, existing->date.Iso()));
      }
      if (date < enquiry->start) {
        return Fail(Code::kInvalidArgument,
                    Before("conference", date, "section 47 enquiry's start", enquiry->start));
      }
    }
    SG_ASSIGN_OR_RETURN(auto plans, store_.CpPlansOf(referral_id));
    for (const auto& p : plans) {
      if (!p.end) {
        return Fail(Code::kFailedPrecondition,
                    fmt::format("the child is already on a child protection plan (since {})",
                                p.start.Iso()));
      }
    }
    store::Icpc icpc{0, {}, referral_id, section47_id, date, transfer_in, plan_made};
    SG_ASSIGN_OR_RETURN(id, store_.InsertIcpc(icpc));
    SG_RETURN_IF_ERROR(Chronicle(
        actor, referral.person_id, date, "icpc",
        fmt::format("Initial child protection conference{}: {}", transfer_in ? " (transfer in)" : "",
                    plan_made ? "child protection plan" : "no plan"),
        "icpcs", id));
    note = Note("create", "icpc", id, referral.person_id);
    return {};
  }));
  return id;
}

Result<Id> Journey::StartCpPlan(const Actor& actor, Id icpc_id, Date start,
                                std::string_view category) {
  SG_RETURN_IF_ERROR(NotInFuture(start, "plan start"));
  SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kCategoryOfAbuse, category, start));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto icpc, store_.FindIcpc(icpc_id));
    if (!icpc) return Fail(Code::kNotFound, fmt::format("there is no conference with id {}", icpc_id));
    if (!icpc->plan_made) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the conference of {} did not decide on a child protection plan",
                              icpc->date.Iso()));
    }
    if (start != icpc->date) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("a child protection plan starts on the date of its initial "
                              "conference ({}), not {}",
                              icpc->date.Iso(), start.Iso()));
    }
    SG_ASSIGN_OR_RETURN(auto referral, OpenReferralById(icpc->referral_id));
    SG_ASSIGN_OR_RETURN(auto plans, store_.CpPlansOf(referral.id));
    for (const auto& p : plans) {
      if (p.icpc_id == icpc_id) {
        return Fail(Code::kAlreadyExists,
                    fmt::format("the conference of {} already has its plan", icpc->date.Iso()));
      }
      if (!p.end) {
        return Fail(Code::kFailedPrecondition,
                    fmt::format("the child is already on a child protection plan (since {})",
                                p.start.Iso()));
      }
    }
    store::CpPlan plan;
    plan.referral_id = referral.id;
    plan.icpc_id = icpc_id;
    plan.start = start;
    plan.initial_category = std::string(category);
    plan.latest_category = std::string(category);
    SG_ASSIGN_OR_RETURN(plan.previous_plans, store_.CountEarlierCpPlans(referral.person_id, start));
    SG_ASSIGN_OR_RETURN(id, store_.InsertCpPlan(plan));
    SG_RETURN_IF_ERROR(Chronicle(actor, referral.person_id, start, "cp_plan",
                                 fmt::format("Child protection plan started (category {})", category),
                                 "cp_plans", id));
    note = Note("create", "cp_plan", id, referral.person_id);
    return {};
  }));
  return id;
}

namespace {

struct OpenPlan {
  store::CpPlan plan;
  store::Referral referral;
};

}  // namespace

// Loads an open plan and its referral, or the error that stops a step on it.
static Result<OpenPlan> LoadOpenPlan(store::JourneyStore& store, Id plan_id) {
  SG_ASSIGN_OR_RETURN(auto plan, store.FindCpPlan(plan_id));
  if (!plan) return Fail(Code::kNotFound, fmt::format("there is no child protection plan with id {}", plan_id));
  if (plan->end) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("child protection plan {} ended on {}", plan_id, plan->end->Iso()));
  }
  SG_ASSIGN_OR_RETURN(auto referral, store.FindReferral(plan->referral_id));
  if (!referral) return Fail(Code::kInternal, "a plan's referral is missing");
  return OpenPlan{*std::move(plan), *std::move(referral)};
}

Result<Id> Journey::RecordCoreGroup(const Actor& actor, Id plan_id, Date date) {
  SG_RETURN_IF_ERROR(NotInFuture(date, "core group meeting"));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto open, LoadOpenPlan(store_, plan_id));
    if (date < open.plan.start) {
      return Fail(Code::kInvalidArgument,
                  Before("core group meeting", date, "plan's start", open.plan.start));
    }
    SG_ASSIGN_OR_RETURN(id, store_.InsertCoreGroup(plan_id, date));
    SG_RETURN_IF_ERROR(Chronicle(actor, open.referral.person_id, date, "core_group",
                                 "Core group meeting held", "core_group_meetings", id));
    note = Note("create", "core_group_meeting", id, open.referral.person_id);
    return {};
  }));
  return id;
}

Result<Id> Journey::RecordCpReview(const Actor& actor, Id plan_id, Date date,
                                   std::optional<std::string> latest_category) {
  SG_RETURN_IF_ERROR(NotInFuture(date, "review conference"));
  if (latest_category) {
    SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kCategoryOfAbuse, *latest_category, date));
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto open, LoadOpenPlan(store_, plan_id));
    if (date <= open.plan.start) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("a review conference ({}) must come after the plan's start ({})",
                              date.Iso(), open.plan.start.Iso()));
    }
    SG_ASSIGN_OR_RETURN(auto reviews, store_.CpReviewDates(plan_id));
    if (!reviews.empty() && date <= reviews.back()) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("a review conference ({}) must come after the last one ({})",
                              date.Iso(), reviews.back().Iso()));
    }
    SG_ASSIGN_OR_RETURN(id, store_.InsertCpReview(plan_id, date));
    if (latest_category) SG_RETURN_IF_ERROR(store_.SetLatestCategory(plan_id, *latest_category));
    SG_RETURN_IF_ERROR(Chronicle(actor, open.referral.person_id, date, "cp_review",
                                 "Child protection review conference held", "cp_reviews", id));
    note = Note("create", "cp_review", id, open.referral.person_id);
    return {};
  }));
  return id;
}

Status Journey::EndCpPlan(const Actor& actor, Id plan_id, Date end) {
  SG_RETURN_IF_ERROR(NotInFuture(end, "plan end"));
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto open, LoadOpenPlan(store_, plan_id));
    if (end < open.plan.start) {
      return Fail(Code::kInvalidArgument, Before("plan's end", end, "its start", open.plan.start));
    }
    SG_ASSIGN_OR_RETURN(auto reviews, store_.CpReviewDates(plan_id));
    if (!reviews.empty() && end < reviews.back()) {
      return Fail(Code::kInvalidArgument,
                  Before("plan's end", end, "last review conference", reviews.back()));
    }
    SG_RETURN_IF_ERROR(store_.EndCpPlan(plan_id, end));
    SG_RETURN_IF_ERROR(Chronicle(actor, open.referral.person_id, end, "cp_plan",
                                 "Child protection plan ended", "cp_plans", plan_id));
    note = Note("update", "cp_plan", plan_id, open.referral.person_id);
    return {};
  });
}

}  // namespace sg::journey
