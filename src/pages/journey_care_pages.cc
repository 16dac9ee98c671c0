// Journey pages of the steps after the front door: allocating the child to
// a team, early help, a period of care (its start, changes, end and
// reviews), missing episodes, contact with care leavers and chronology
// notes.
//
// Design. Each step is a row of journey_step.h's Step table, served by the
// same GET and POST handlers as the referral and child protection steps
// (journey_pages.cc), so these forms validate, refuse and redirect exactly
// as those do; this file only says which fields each step shows and how it
// reads them into a journey::Journey command. AddCareSteps adds the rows'
// routes; AddJourneyPages calls it.
#include <fmt/format.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/need_to_know.h"
#include "journey/journey.h"
#include "pages/journey_step.h"
#include "pages/page.h"
#include "store/access_store.h"
#include "store/admin_store.h"
#include "store/identity_store.h"
#include "store/journey_store.h"

namespace sg::pages::journey_step {
namespace {

api::ChildFinder OfEarlyHelp(Id id) {
  return api::ChildOf("early help episode", id, &store::JourneyStore::FindEarlyHelp);
}

// --- Who works with the child, early help ------------------------------------------

// The caller's agency's teams, each on its own ("team:7": no named worker
// yet) and with each of its workers ("team:7:worker:12"), in one choice: a
// worker belongs to one team, so a page without script can offer both at
// once and the two never disagree.
Choices TeamsAndWorkersOf(const Ctx& c) {
  Choices out;
  auto teams = store::IdentityStore(c.call.db).ListTeams();
  if (!teams) return out;
  store::AdminStore admin(c.call.db);
  for (const store::TeamRef& team : *teams) {
    if (team.agency != c.call.actor().agency) continue;
    out.emplace_back(fmt::format("team:{}", team.id),
                     fmt::format("{}: no named worker yet", team.name));
    auto workers = admin.WorkersOf(team.id, 500, std::nullopt);
    if (!workers) continue;
    for (const store::Worker& worker : *workers) {
      out.emplace_back(fmt::format("team:{}:worker:{}", team.id, worker.id),
                       fmt::format("{}: {}", team.name, worker.name));
    }
  }
  return out;
}

struct Allocation {
  Id team = 0;
  std::optional<Id> worker;
};

std::optional<Allocation> ParseAllocation(std::string_view value) {
  Allocation allocation;
  long long team = 0;
  long long worker = 0;
  char tail = 0;
  const std::string text(value);
  if (std::sscanf(text.c_str(), "team:%lld:worker:%lld%c", &team, &worker, &tail) == 2) {
    allocation.team = team;
    allocation.worker = worker;
    return allocation;
  }
  if (std::sscanf(text.c_str(), "team:%lld%c", &team, &tail) == 1) {
    allocation.team = team;
    return allocation;
  }
  return std::nullopt;
}

json AllocationFields(const Ctx& c) {
  return json::array(
      {ChoiceItem(c, "allocate_to", "Allocate to", TeamsAndWorkersOf(c), "Select a team or worker",
                  "", "The social worker who will hold the case, or the team until one is named"),
       DateItem(c, "start", "Date the allocation starts", c.today),
       TextItem(c, "reason", "Reason (optional)")});
}

std::optional<Recording> ReadAllocation(const Ctx& c, FormErrors& errors) {
  std::optional<Allocation> to = ParseAllocation(c.form->Get("allocate_to"));
  if (!to) errors.Add("allocate_to", "Select a team or worker");
  auto start = ReadDay(c, errors, "start", "date the allocation starts");
  std::string reason = Trim(c.form->Get("reason"));
  if (reason.size() > 500) errors.Add("reason", "Reason must be 500 characters or less");
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, child = c.id, to = *to, d = *start, reason](Id) {
                     return call.journey.Allocate(call.actor(), child, to.team, to.worker, d,
                                                  reason);
                   },
                   to->worker ? "Child allocated to a social worker" : "Child allocated to a team"};
}

json EarlyHelpFields(const Ctx& c) {
  const store::Contact* contact = PrefillContact(c);
  return json::array(
      {Hidden(c, "contact_id", contact != nullptr ? std::to_string(contact->id) : ""),
       DateItem(c, "start", "Date early help started",
                contact != nullptr ? contact->decision_date : std::nullopt)});
}

std::optional<Recording> ReadEarlyHelp(const Ctx& c, FormErrors& errors) {
  auto start = ReadDay(c, errors, "start", "date early help started");
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, child = c.id, d = *start, contact = ReadId(c, "contact_id")](
                       Id) { return call.journey.StartEarlyHelp(call.actor(), child, d, contact); },
                   "Early help started"};
}

json EndEarlyHelpFields(const Ctx& c) {
  return json::array({DateItem(c, "date", "Date early help ended"),
                      TextItem(c, "reason", "Why did early help end?", true)});
}

std::optional<Recording> ReadEndEarlyHelp(const Ctx& c, FormErrors& errors) {
  auto date = ReadDay(c, errors, "date", "date early help ended");
  auto reason = ReadText(*c.form, "reason", "Enter why early help ended", errors);
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, id = c.id, d = *date, why = *reason](Id) {
                     return Changed(call.journey.EndEarlyHelp(call.actor(), id, d, why), id);
                   },
                   "Early help ended"};
}

// --- Cared for and care leavers ---------------------------------------------------

// The fields a start or a change of a care episode shares.
void AddPlacementFields(const Ctx& c, json& fields) {
  fields.push_back(CodeItem(c, "legal_status", "Legal status", CodeList::kLegalStatus));
  fields.push_back(CodeItem(c, "category_of_need", "Category of need", CodeList::kPrimaryNeed, "",
                            {"N0", "N9"}));
  fields.push_back(CodeItem(c, "placement_type", "Placement type", CodeList::kPlacementType));
  fields.push_back(CodeItem(c, "placement_provider", "Placement provider (optional)",
                            CodeList::kPlacementProvider, "Not known"));
  fields.push_back(TextItem(c, "home_postcode", "Postcode of the child's home (optional)"));
  fields.push_back(TextItem(c, "placement_postcode", "Postcode of the placement (optional)"));
}

// Reads what AddPlacementFields shows.
void ReadPlacement(const Ctx& c, FormErrors& errors, std::optional<Date> on,
                   journey::CareChange& change) {
  change.legal_status =
      ReadCode(c, errors, "legal_status", CodeList::kLegalStatus, "Select the legal status", on);
  change.category_of_need = ReadCode(c, errors, "category_of_need", CodeList::kPrimaryNeed,
                                     "Select the category of need", on);
  change.placement_type = ReadCode(c, errors, "placement_type", CodeList::kPlacementType,
                                   "Select the placement type", on);
  change.placement_provider =
      OrNone(ReadCode(c, errors, "placement_provider", CodeList::kPlacementProvider, "", on));
  change.home_postcode = OrNone(Trim(c.form->Get("home_postcode")));
  change.placement_postcode = OrNone(Trim(c.form->Get("placement_postcode")));
}

json StartCareFields(const Ctx& c) {
  json fields = json::array({DateItem(c, "start", "Date the child started to be looked after")});
  AddPlacementFields(c, fields);
  return fields;
}

std::optional<Recording> ReadStartCare(const Ctx& c, FormErrors& errors) {
  journey::CareChange change;
  auto start = ReadDay(c, errors, "start", "date the child started to be looked after");
  ReadPlacement(c, errors, start, change);
  if (!errors.empty()) return std::nullopt;
  change.date = *start;
  // A std::string, not "S": g++ 12 warns falsely (-Wrestrict) on assigning
  // the literal here.
  change.reason_new_episode = std::string("S");
  return Recording{[&call = c.call, child = c.id, change](Id) {
                     return call.journey.StartCare(call.actor(), child, change);
                   },
                   "Period of care started"};
}

json ChangeCareFields(const Ctx& c) {
  json fields = json::array(
      {DateItem(c, "date", "Date of the change"),
       CodeItem(c, "reason_new_episode", "What changed?", CodeList::kReasonNewEpisode, "", {"S"}),
       CodeItem(c, "reason_place_change", "Reason the placement changed (optional)",
                CodeList::kReasonPlaceChange, "Not a change of placement")});
  AddPlacementFields(c, fields);
  return fields;
}

std::optional<Recording> ReadChangeCare(const Ctx& c, FormErrors& errors) {
  journey::CareChange change;
  auto date = ReadDay(c, errors, "date", "date of the change");
  change.reason_new_episode = ReadCode(c, errors, "reason_new_episode", CodeList::kReasonNewEpisode,
                                       "Select what changed", date);
  change.reason_place_change =
      OrNone(ReadCode(c, errors, "reason_place_change", CodeList::kReasonPlaceChange, "", date));
  ReadPlacement(c, errors, date, change);
  if (!errors.empty()) return std::nullopt;
  change.date = *date;
  return Recording{[&call = c.call, child = c.id, change](Id) {
                     return call.journey.ChangeCare(call.actor(), child, change);
                   },
                   "Care episode changed"};
}

json EndCareFields(const Ctx& c) {
  return json::array({DateItem(c, "date", "Date the child stopped being looked after"),
                      CodeItem(c, "reason_ceased", "Why did care end?",
                               CodeList::kReasonEpisodeCeased, "", {"X1"})});
}

std::optional<Recording> ReadEndCare(const Ctx& c, FormErrors& errors) {
  return ReadDateAndCode(
      c, errors,
      {"date the child stopped being looked after", "reason_ceased", CodeList::kReasonEpisodeCeased,
       "Select why care ended", &journey::Journey::EndCare, "Period of care ended"});
}

// SSDA903 PARTICIPATION: not among the embedded code lists.
const Choices& Participation() {
  static const Choices codes = {
      {"PN0", "Child aged under 4 at the time of the review"},
      {"PN1", "Child attended and spoke for themselves"},
      {"PN2", "Child attended and an advocate spoke for them"},
      {"PN3", "Child attended and conveyed their views without words"},
      {"PN4", "Child attended but did not convey their views"},
      {"PN5", "Child did not attend and briefed an advocate"},
      {"PN6", "Child did not attend and conveyed their views another way"},
      {"PN7", "Child did not attend or convey their views"}};
  return codes;
}

json CareReviewFields(const Ctx& c) {
  return json::array({DateItem(c, "date", "Date of the review"),
                      ChoiceItem(c, "participation", "How did the child take part? (optional)",
                                 Participation(), "Not recorded")});
}

std::optional<Recording> ReadCareReview(const Ctx& c, FormErrors& errors) {
  auto date = ReadDay(c, errors, "date", "date of the review");
  std::optional<std::string> participation = OrNone(Trim(c.form->Get("participation")));
  bool known = !participation;
  for (const auto& [code, text] : Participation()) known = known || code == participation;
  if (!known) errors.Add("participation", "Select an option from the list");
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, child = c.id, d = *date, participation](Id) {
                     return call.journey.RecordCareReview(call.actor(), child, d, participation);
                   },
                   "Review recorded"};
}

json MissingFields(const Ctx& c) {
  return json::array({ChoiceItem(c, "kind", "Was the child missing or away?",
                                 {{"M", "Missing from their placement"},
                                  {"A", "Away from their placement without authorisation"}}),
                      DateItem(c, "start", "Date it started"),
                      DateItem(c, "end", "Date the child came back (optional)", std::nullopt,
                               "Leave empty if the child has not come back yet")});
}

std::optional<Recording> ReadMissing(const Ctx& c, FormErrors& errors) {
  const std::string kind = c.form->Get("kind");
  if (kind != "M" && kind != "A") {
    errors.Add("kind", "Select whether the child was missing or away");
  }
  auto start = ReadDay(c, errors, "start", "date it started");
  auto end = ReadDay(c, errors, "end", "date the child came back", {.required = false});
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, child = c.id, kind, s = *start, end](Id) {
                     return call.journey.RecordMissing(call.actor(), child, kind, s, end);
                   },
                   "Missing episode recorded"};
}

json CareLeaverFields(const Ctx& c) {
  return json::array({DateItem(c, "date", "Date of the contact"),
                      CodeItem(c, "in_touch", "Is the council in touch with the young person?",
                               CodeList::kCareLeaverInTouch),
                      CodeItem(c, "activity", "Main activity (optional)",
                               CodeList::kCareLeaverActivity, "Not known"),
                      CodeItem(c, "accommodation", "Accommodation (optional)",
                               CodeList::kCareLeaverAccommodation, "Not known")});
}

std::optional<Recording> ReadCareLeaver(const Ctx& c, FormErrors& errors) {
  auto date = ReadDay(c, errors, "date", "date of the contact");
  std::string in_touch = ReadCode(c, errors, "in_touch", CodeList::kCareLeaverInTouch,
                                  "Select whether the council is in touch", date);
  auto activity = OrNone(ReadCode(c, errors, "activity", CodeList::kCareLeaverActivity, "", date));
  auto accommodation =
      OrNone(ReadCode(c, errors, "accommodation", CodeList::kCareLeaverAccommodation, "", date));
  if (!errors.empty()) return std::nullopt;
  return Recording{
      [&call = c.call, child = c.id, d = *date, in_touch, activity, accommodation](Id) {
        return call.journey.RecordCareLeaverContact(call.actor(), child, d, in_touch, activity,
                                                    accommodation);
      },
      "Care leaver contact recorded"};
}

// --- Chronology notes -------------------------------------------------------------

// Who may read the note: everyone working with the child, or (for users of
// an agency that owns a classification) that agency's users only.
Choices Classifications(const Ctx& c) {
  Choices out = {{"", "Everyone working with the child"}};
  store::AccessStore store(c.call.db);
  for (std::string_view code : {"police-restricted", "health-restricted"}) {
    if (!access::MayClassify(c.call.db, c.call.actor(), code)) continue;
    auto found = store.FindClassification(code);
    if (found && *found) out.emplace_back(std::string(code), (*found)->label);
  }
  return out;
}

json NoteFields(const Ctx& c) {
  json fields = json::array({DateItem(c, "date", "Date of the event", c.today),
                             TextItem(c, "summary", "What happened", true)});
  Choices classes = Classifications(c);
  if (classes.size() > 1) {
    fields.push_back(ChoiceItem(c, "classification", "Who may read it?", classes, "", ""));
  }
  return fields;
}

std::optional<Recording> ReadNote(const Ctx& c, FormErrors& errors) {
  journey::NewNote note;
  auto date = ReadDay(c, errors, "date", "date of the event");
  auto summary = ReadText(*c.form, "summary", "Enter what happened", errors, 10000);
  note.classification = Trim(c.form->Get("classification"));
  if (!errors.empty()) return std::nullopt;
  note.person_id = c.id;
  note.date = *date;
  note.summary = *summary;
  return Recording{[&call = c.call, note](Id) { return call.journey.AddNote(call.actor(), note); },
                   "Note added to the chronology"};
}

// --- The steps ----------------------------------------------------------------

const std::vector<Step>& CareSteps() {
  static const std::vector<Step> steps = {
      {.path = "/children/{id}/allocation",
       .entity = "child",
       .heading = "Allocate the child",
       .child = OfChild,
       .fields = AllocationFields,
       .read = ReadAllocation,
       .main_field = "start"},
      {.path = "/children/{id}/early-help",
       .entity = "child",
       .heading = "Start early help",
       .child = OfChild,
       .fields = EarlyHelpFields,
       .read = ReadEarlyHelp,
       .main_field = "start"},
      {.path = "/early-help/{id}/end",
       .entity = "early_help_episode",
       .heading = "End early help",
       .child = OfEarlyHelp,
       .fields = EndEarlyHelpFields,
       .read = ReadEndEarlyHelp,
       .main_field = "date"},
      {.path = "/children/{id}/care",
       .entity = "child",
       .heading = "Start a period of care",
       .child = OfChild,
       .fields = StartCareFields,
       .read = ReadStartCare,
       .main_field = "start"},
      {.path = "/children/{id}/care/changes",
       .entity = "child",
       .heading = "Record a change of placement or legal status",
       .child = OfChild,
       .fields = ChangeCareFields,
       .read = ReadChangeCare,
       .main_field = "date"},
      {.path = "/children/{id}/care/end",
       .entity = "child",
       .heading = "End the period of care",
       .child = OfChild,
       .fields = EndCareFields,
       .read = ReadEndCare,
       .main_field = "date"},
      {.path = "/children/{id}/care/reviews",
       .entity = "child",
       .heading = "Record a cared-for review",
       .child = OfChild,
       .fields = CareReviewFields,
       .read = ReadCareReview,
       .main_field = "date"},
      {.path = "/children/{id}/missing",
       .entity = "child",
       .heading = "Record a missing or away episode",
       .child = OfChild,
       .fields = MissingFields,
       .read = ReadMissing,
       .main_field = "start"},
      {.path = "/children/{id}/care-leaver-contacts",
       .entity = "child",
       .heading = "Record contact with a care leaver",
       .child = OfChild,
       .fields = CareLeaverFields,
       .read = ReadCareLeaver,
       .main_field = "date"},
      {.path = "/children/{id}/notes",
       .entity = "child",
       .heading = "Add a note to the chronology",
       .child = OfChild,
       .fields = NoteFields,
       .read = ReadNote,
       .main_field = "summary",
       .action = access::Action::kAddNote},
  };
  return steps;
}

}  // namespace

void AddCareSteps(api::RouteTable& routes) {
  AddStepRoutes(routes, CareSteps());
}

}  // namespace sg::pages::journey_step
