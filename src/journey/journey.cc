// Journey: people, notes, the chronology and the helpers every command
// shares. The steps of the journey are in journey_front_door.cc,
// journey_cin.cc, journey_protection.cc and journey_care.cc.
#include "journey/journey.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "journey/journey_internal.h"

namespace sg::journey {

using core::Code;
using core::Fail;

int CollectionYearOf(Date d) {
  int year = d.month() >= 4 ? d.year() + 1 : d.year();
  // Records older than the earliest collection we hold code lists for are
  // checked against that first list (a CIN episode can stay open for years).
  return std::max(year, kEarliestCollectionYear);
}

Status Journey::NotInFuture(Date date, std::string_view what) const {
  if (date > gate_.clock().Today()) {
    return Fail(Code::kInvalidArgument, fmt::format("the {} ({}) is in the future; record it on "
                                                    "or after the day it happens",
                                                    what, date.Iso()));
  }
  return {};
}

Status Journey::CheckCode(core::CodeList list, std::string_view code, Date on) const {
  return codes_.Check(list, code, CollectionYearOf(on));
}

Result<store::Person> Journey::ChildOf(Id person_id) {
  SG_ASSIGN_OR_RETURN(auto person, store_.FindPerson(person_id));
  if (!person) return Fail(Code::kNotFound, fmt::format("there is no child with id {}", person_id));
  return *std::move(person);
}

Result<store::Referral> Journey::OpenReferralById(Id referral_id) {
  SG_ASSIGN_OR_RETURN(auto referral, store_.FindReferral(referral_id));
  if (!referral) {
    return Fail(Code::kNotFound, fmt::format("there is no referral with id {}", referral_id));
  }
  if (referral->closure_date) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("referral {} was closed on {}; open a new referral instead",
                            referral_id, referral->closure_date->Iso()));
  }
  return *std::move(referral);
}

Result<store::Referral> Journey::OpenReferralFrom(Id referral_id, Date date,
                                                  std::string_view what) {
  SG_ASSIGN_OR_RETURN(auto referral, OpenReferralById(referral_id));
  if (date < referral.referral_date) {
    return Fail(Code::kInvalidArgument, Before(what, date, "referral date", referral.referral_date));
  }
  return referral;
}

Status Journey::Chronicle(const Actor& actor, Id person_id, Date date, std::string_view kind,
                          std::string summary, std::string_view table, Id record_id) {
  store::ChronologyEntry entry;
  entry.person_id = person_id;
  entry.occurred_on = date;
  entry.recorded_at = gate_.clock().NowUtc();
  entry.kind = std::string(kind);
  entry.summary = std::move(summary);
  entry.author = actor.name;
  entry.author_agency = actor.agency;
  entry.record_table = std::string(table);
  entry.record_id = record_id;
  SG_ASSIGN_OR_RETURN(Id ignored, store_.InsertChronology(entry));
  (void)ignored;
  return store_.BumpVersion(person_id);
}

Result<Id> Journey::RegisterChild(const Actor& actor, store::Person child) {
  if (!child.birth_date && !child.expected_birth_date) {
    return Fail(Code::kInvalidArgument,
                "a child needs a date of birth, or an expected date of birth if unborn");
  }
  if (child.birth_date) SG_RETURN_IF_ERROR(NotInFuture(*child.birth_date, "date of birth"));
  if (child.sex != "M" && child.sex != "F" && child.sex != "U") {
    return Fail(Code::kInvalidArgument,
                fmt::format("sex '{}' is not M, F or U", child.sex));
  }
  const Date today = gate_.clock().Today();
  SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kEthnicity, child.ethnicity, today));
  for (const auto& d : child.disabilities) {
    SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kDisability, d, today));
  }
  if (child.disabilities.size() > 1 &&
      std::ranges::find(child.disabilities, "NONE") != child.disabilities.end()) {
    return Fail(Code::kInvalidArgument, "disability NONE cannot be recorded with other disabilities");
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    if (child.la_child_id) {
      SG_ASSIGN_OR_RETURN(auto existing, store_.FindPersonByLaChildId(*child.la_child_id));
      if (existing) {
        // Not the existing child's id: the caller may not be cleared for
        // them, and a search tells them whom to contact.
        return Fail(Code::kAlreadyExists,
                    fmt::format("a child with LA child id '{}' is already recorded; search for "
                                "them",
                                *child.la_child_id));
      }
    }
    SG_ASSIGN_OR_RETURN(id, store_.InsertPerson(child, gate_.clock().NowUtc()));
    if (child.birth_date) {
      SG_RETURN_IF_ERROR(
          Chronicle(actor, id, *child.birth_date, "birth", "Date of birth", "persons", id));
    } else {
      SG_RETURN_IF_ERROR(Chronicle(
          actor, id, today, "unborn",
          fmt::format("Unborn child recorded, expected {}", child.expected_birth_date->Iso()),
          "persons", id));
    }
    note = Note("create", "child", id, id);
    return {};
  }));
  return id;
}

Result<Id> Journey::Allocate(const Actor& actor, Id person_id, Id team_id,
                             std::optional<Id> worker_id, Date start, std::string_view reason) {
  SG_RETURN_IF_ERROR(NotInFuture(start, "allocation date"));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_RETURN_IF_ERROR(ChildOf(person_id));
    SG_ASSIGN_OR_RETURN(auto team, store_.FindTeam(team_id));
    if (!team) return Fail(Code::kNotFound, fmt::format("there is no team with id {}", team_id));
    SG_RETURN_IF_ERROR(store_.EndOpenAllocations(person_id, start));
    store::Involvement involvement;
    involvement.person_id = person_id;
    involvement.team_id = team_id;
    involvement.worker_id = worker_id;
    involvement.start = start;
    involvement.reason = std::string(reason);
    SG_ASSIGN_OR_RETURN(id, store_.InsertInvolvement(involvement));
    SG_RETURN_IF_ERROR(Chronicle(actor, person_id, start, "allocation",
                                 fmt::format("Allocated to {}", team->name), "involvements", id));
    note = Note("create", "involvement", id, person_id);
    return {};
  }));
  return id;
}

Status Journey::EndAllocations(const Actor& actor, Id person_id, Date end) {
  SG_RETURN_IF_ERROR(NotInFuture(end, "end of allocation"));
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_RETURN_IF_ERROR(ChildOf(person_id));
    SG_RETURN_IF_ERROR(store_.EndOpenAllocations(person_id, end));
    SG_RETURN_IF_ERROR(store_.BumpVersion(person_id));
    note = Note("update", "involvement", person_id, person_id);
    return {};
  });
}

Result<Id> Journey::Involve(const Actor& actor, Id person_id, Id team_id,
                            std::optional<Id> worker_id, Date start, std::string lawful_basis,
                            bool consent, std::string reason) {
  SG_RETURN_IF_ERROR(NotInFuture(start, "start of the involvement"));
  if (lawful_basis.empty() && !consent) {
    return Fail(Code::kInvalidArgument,
                "sharing a child's record with a team needs a lawful basis or the family's "
                "consent");
  }
  if (lawful_basis.size() > 500) {
    return Fail(Code::kInvalidArgument, "a lawful basis is limited to 500 characters");
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kManageInvolvements,
                               [&](access::AuditNote& note) -> Status {
    SG_RETURN_IF_ERROR(ChildOf(person_id));
    SG_ASSIGN_OR_RETURN(auto team, store_.FindTeam(team_id));
    if (!team) return Fail(Code::kNotFound, fmt::format("there is no team with id {}", team_id));
    if (worker_id) {
      SG_ASSIGN_OR_RETURN(auto worker, store_.FindWorker(*worker_id));
      if (!worker || worker->team_id != team_id) {
        return Fail(Code::kInvalidArgument,
                    fmt::format("worker {} is not in the team '{}'", *worker_id, team->name));
      }
    }
    SG_ASSIGN_OR_RETURN(auto involvements, store_.InvolvementsOf(person_id));
    for (const auto& i : involvements) {
      if (i.team_id == team_id && (!i.end || *i.end >= start)) {
        return Fail(Code::kAlreadyExists,
                    fmt::format("the team '{}' is already involved with the child (since {})",
                                team->name, i.start.Iso()));
      }
    }
    SG_ASSIGN_OR_RETURN(auto agency, store_.FindAgency(team->agency_id));
    store::Involvement involvement;
    involvement.person_id = person_id;
    involvement.team_id = team_id;
    involvement.worker_id = worker_id;
    involvement.start = start;
    involvement.reason = reason;
    involvement.lawful_basis = lawful_basis.empty() ? "consent" : lawful_basis;
    involvement.consent = consent;
    SG_ASSIGN_OR_RETURN(id, store_.InsertInvolvement(involvement));
    SG_RETURN_IF_ERROR(Chronicle(
        actor, person_id, start, "involvement",
        fmt::format("{} ({}) involved{}", team->name, agency ? agency->name : "",
                    reason.empty() ? std::string() : ": " + reason),
        "involvements", id));
    note = Note("create", "involvement", id, person_id);
    return {};
  }));
  return id;
}

Status Journey::EndInvolvement(const Actor& actor, Id involvement_id, Date end) {
  SG_RETURN_IF_ERROR(NotInFuture(end, "end of the involvement"));
  return gate_.Run(actor, access::Action::kManageInvolvements, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto involvement, store_.FindInvolvement(involvement_id));
    if (!involvement) {
      return Fail(Code::kNotFound, fmt::format("there is no involvement with id {}",
                                               involvement_id));
    }
    if (involvement->end) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("involvement {} already ended on {}", involvement_id,
                              involvement->end->Iso()));
    }
    if (end < involvement->start) {
      return Fail(Code::kInvalidArgument,
                  Before("end of the involvement", end, "start", involvement->start));
    }
    SG_RETURN_IF_ERROR(store_.EndInvolvement(involvement_id, end));
    SG_ASSIGN_OR_RETURN(auto team, store_.FindTeam(involvement->team_id));
    SG_RETURN_IF_ERROR(Chronicle(actor, involvement->person_id, end, "involvement_end",
                                 fmt::format("{} no longer involved", team ? team->name : "Team"),
                                 "involvements", involvement_id));
    note = Note("update", "involvement", involvement_id, involvement->person_id);
    return {};
  });
}

Result<Id> Journey::FindChild(const Actor& actor, std::string_view reference) {
  Id found = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kReadRecord,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto by_la_id, store_.FindPersonByLaChildId(reference));
    if (by_la_id) {
      found = by_la_id->id;
    } else {
      Id number = 0;
      auto [end, ec] = std::from_chars(reference.data(), reference.data() + reference.size(), number);
      if (ec == std::errc() && end == reference.data() + reference.size() && number > 0) {
        SG_ASSIGN_OR_RETURN(auto by_id, store_.FindPerson(number));
        if (by_id) found = by_id->id;
      }
    }
    if (found == 0) {
      return Fail(Code::kNotFound,
                  fmt::format("no child has the LA child id or Safeguard id '{}'", reference));
    }
    note = Note("search", "child", found, found);
    return {};
  }));
  return found;
}

Result<Id> Journey::AddNote(const Actor& actor, const NewNote& input) {
  SG_RETURN_IF_ERROR(NotInFuture(input.date, "date of the entry"));
  if (input.summary.empty()) {
    return Fail(Code::kInvalidArgument, "a chronology entry needs some text");
  }
  if (input.summary.size() > 10000) {
    return Fail(Code::kInvalidArgument, "a chronology entry is limited to 10,000 characters");
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kAddNote,
                               [&](access::AuditNote& note) -> Status {
    SG_RETURN_IF_ERROR(access::MayClassify(gate_.database(), actor, input.classification));
    SG_RETURN_IF_ERROR(ChildOf(input.person_id));
    store::ChronologyEntry entry;
    entry.person_id = input.person_id;
    entry.occurred_on = input.date;
    entry.recorded_at = gate_.clock().NowUtc();
    entry.kind = "note";
    entry.summary = input.summary;
    entry.author = actor.name;
    entry.author_agency = actor.agency;
    entry.classification = input.classification;
    SG_ASSIGN_OR_RETURN(id, store_.InsertChronology(entry));
    SG_RETURN_IF_ERROR(store_.BumpVersion(input.person_id));
    note = Note("create", "chronology_entry", id, input.person_id);
    if (!input.classification.empty()) {
      // The classification is a code from the classifications table, not free text.
      note.details = fmt::format("{{\"classification\":\"{}\"}}", input.classification);
    }
    return {};
  }));
  return id;
}

Result<ChronologyView> Journey::ReadChronology(const Actor& actor, Id person_id,
                                               store::Person* child_out) {
  ChronologyView view;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kReadRecord,
                               [&](access::AuditNote& note) -> Status {
    // Cleared first, so that nothing (not even whether the child exists) is
    // read for an actor who may not; the filter needs the basis too.
    SG_ASSIGN_OR_RETURN(auto clearance,
                        access::ClearForChild(gate_.database(), actor, person_id,
                                              access::Action::kReadRecord, gate_.clock()));
    SG_ASSIGN_OR_RETURN(auto child, ChildOf(person_id));
    SG_ASSIGN_OR_RETURN(auto entries, store_.ChronologyOf(person_id));
    access::ClassificationFilter filter(gate_.database(), actor, clearance);
    for (auto& entry : entries) {
      SG_ASSIGN_OR_RETURN(bool shown, filter.Admit(entry.classification));
      if (shown) view.entries.push_back(std::move(entry));
    }
    view.withheld = filter.withheld();
    if (child_out != nullptr) *child_out = std::move(child);
    note = Note("read", "chronology", person_id, person_id);
    if (!view.withheld.empty()) {
      int withheld = 0;
      for (const auto& w : view.withheld) withheld += w.count;
      note.details = fmt::format("{{\"withheld\":{}}}", withheld);
    }
    return {};
  }));
  return view;
}

}  // namespace sg::journey
