// The front door: contacts, decisions on them, and early help.
#include <algorithm>

#include <fmt/format.h>

#include "journey/journey.h"
#include "journey/journey_internal.h"

namespace sg::journey {

using core::Code;
using core::Fail;

namespace {

bool IsOutcome(std::string_view outcome) {
  return outcome == kOutcomeAdvice || outcome == kOutcomeEarlyHelp ||
         outcome == kOutcomeReferral || outcome == kOutcomeNoFurtherAction;
}

std::string_view OutcomeText(std::string_view outcome) {
  if (outcome == kOutcomeAdvice) return "advice and information";
  if (outcome == kOutcomeEarlyHelp) return "early help brokerage";
  if (outcome == kOutcomeReferral) return "referral to children's social care";
  return "no further action";
}

}  // namespace

Result<Id> Journey::RecordContact(const Actor& actor, const NewContact& input) {
  SG_RETURN_IF_ERROR(NotInFuture(input.date, "contact date"));
  SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kReferralSource, input.source, input.date));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_RETURN_IF_ERROR(ChildOf(input.person_id));
    store::Contact contact;
    contact.person_id = input.person_id;
    contact.contact_date = input.date;
    contact.contact_source = input.source;
    contact.contactor = input.contactor;
    contact.factors = input.factors;
    contact.screening_tools = input.screening_tools;
    contact.consultation_ref = input.consultation_ref;
    contact.team_id = input.team_id;
    std::ranges::sort(contact.factors);
    contact.factors.erase(std::unique(contact.factors.begin(), contact.factors.end()),
                          contact.factors.end());
    SG_ASSIGN_OR_RETURN(id, store_.InsertContact(contact));
    std::string summary = "Contact received";
    if (!contact.factors.empty()) {
      summary += fmt::format(" (factors: {})", fmt::join(contact.factors, ", "));
    }
    SG_RETURN_IF_ERROR(
        Chronicle(actor, input.person_id, input.date, "contact", summary, "contacts", id));
    note = Note("create", "contact", id, input.person_id);
    return {};
  }));
  return id;
}

Status Journey::DecideContact(const Actor& actor, Id contact_id, Date decided,
                              std::string_view outcome) {
  if (!IsOutcome(outcome)) {
    return Fail(Code::kInvalidArgument,
                fmt::format("'{}' is not a contact decision: use advice, early_help, referral "
                            "or nfa",
                            outcome));
  }
  SG_RETURN_IF_ERROR(NotInFuture(decided, "decision date"));
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto contact, store_.FindContact(contact_id));
    if (!contact) return Fail(Code::kNotFound, fmt::format("there is no contact with id {}", contact_id));
    if (contact->decision_date) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("contact {} was already decided on {} ({})", contact_id,
                              contact->decision_date->Iso(), contact->outcome.value_or("")));
    }
    if (decided < contact->contact_date) {
      return Fail(Code::kInvalidArgument,
                  Before("decision", decided, "contact", contact->contact_date));
    }
    SG_RETURN_IF_ERROR(store_.DecideContact(contact_id, decided, outcome));
    SG_RETURN_IF_ERROR(Chronicle(actor, contact->person_id, decided, "contact_decision",
                                 fmt::format("Contact decided: {}", OutcomeText(outcome)),
                                 "contacts", contact_id));
    note = Note("update", "contact", contact_id, contact->person_id);
    return {};
  });
}

Result<Id> Journey::StartEarlyHelp(const Actor& actor, Id person_id, Date start,
                                   std::optional<Id> contact_id) {
  SG_RETURN_IF_ERROR(NotInFuture(start, "start of early help"));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_RETURN_IF_ERROR(ChildOf(person_id));
    SG_ASSIGN_OR_RETURN(auto open, store_.FindOpenEarlyHelp(person_id));
    if (open) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the child already has an early help episode open since {}",
                              open->start.Iso()));
    }
    store::EarlyHelpEpisode episode;
    episode.person_id = person_id;
    episode.start = start;
    episode.contact_id = contact_id;
    SG_ASSIGN_OR_RETURN(id, store_.InsertEarlyHelp(episode));
    SG_RETURN_IF_ERROR(Chronicle(actor, person_id, start, "early_help", "Early help started",
                                 "early_help_episodes", id));
    note = Note("create", "early_help_episode", id, person_id);
    return {};
  }));
  return id;
}

Status Journey::EndEarlyHelp(const Actor& actor, Id episode_id, Date end,
                             std::string_view reason) {
  SG_RETURN_IF_ERROR(NotInFuture(end, "end of early help"));
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto episode, store_.FindEarlyHelp(episode_id));
    if (!episode) {
      return Fail(Code::kNotFound, fmt::format("there is no early help episode with id {}", episode_id));
    }
    if (episode->end) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("early help episode {} already ended on {}", episode_id,
                              episode->end->Iso()));
    }
    if (end < episode->start) {
      return Fail(Code::kInvalidArgument, Before("end of early help", end, "start", episode->start));
    }
    SG_RETURN_IF_ERROR(store_.EndEarlyHelp(episode_id, end, reason));
    SG_RETURN_IF_ERROR(Chronicle(actor, episode->person_id, end, "early_help",
                                 fmt::format("Early help ended ({})", reason),
                                 "early_help_episodes", episode_id));
    note = Note("update", "early_help_episode", episode_id, episode->person_id);
    return {};
  });
}

}  // namespace sg::journey
