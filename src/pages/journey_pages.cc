// Journey pages: a form for each step of a child's journey, at the API's
// path without "/api/v1" (GET shows the form, POST records the step).
//
// Design. Every step is one row of a table (a Step, see journey_step.h):
// its path, heading, where the child is found from the path's id, the
// fields it shows, and how it reads a submitted form into a journey
// command. One GET handler and one POST handler serve every row, so that
// each form behaves the same way:
//
//   * GET shows the form through api::OnChildRecord with the step's action
//     (kRecordJourney, or kAddNote): a user who may not record the step on
//     this child is refused before anything is shown, and the read that
//     names the child in the caption is audited.
//   * POST validates on the server (dates with ReadDate's GOV.UK messages,
//     codes against the collection year's code lists, whose descriptions
//     the form shows) and, on any error, shows the form again with 400, the
//     messages by the fields and everything as typed.
//   * A valid form runs the journey command through ChangeChildFromForm:
//     the form's version must be the child's (else the form again, 409,
//     with the fresh version so that a second submission goes through); a
//     rule of the journey that refuses the step (a date before the referral,
//     an assessment still open) shows the form again, 400, with the
//     journey's sentence by the step's main field; success is 303 to the
//     child's record with a notice.
//
// The rules themselves stay in journey::Journey: a page checks only what a
// form can get wrong on its own (a missing or impossible date, an unknown
// code), so the browser and the API refuse the same things.
//
// This file has the handlers, the field and read helpers journey_step.h
// declares, and the children in need and child protection steps; the
// allocation, early help, care, missing, care leaver and note steps are in
// journey_care_pages.cc.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/paging.h"
#include "journey/journey.h"
#include "pages/journey_step.h"
#include "pages/page.h"
#include "pages/pages.h"
#include "store/journey_store.h"

namespace sg::pages::journey_step {
namespace {

// --- Finding the child from a sub-record ------------------------------------

api::ChildFinder OfReferral(Id id) {
  return api::ChildOf("referral", id, &store::JourneyStore::FindReferral);
}
api::ChildFinder OfAssessment(Id id) {
  return api::ChildOf("assessment", id, &store::JourneyStore::FindAssessment);
}
api::ChildFinder OfCinPlan(Id id) {
  return api::ChildOf("child in need plan", id, &store::JourneyStore::FindCinPlan);
}
api::ChildFinder OfDiscussion(Id id) {
  return api::ChildOf("strategy discussion", id, &store::JourneyStore::FindStrategyDiscussion);
}
api::ChildFinder OfSection47(Id id) {
  return api::ChildOf("section 47 enquiry", id, &store::JourneyStore::FindSection47);
}
api::ChildFinder OfConference(Id id) {
  return api::ChildOf("conference", id, &store::JourneyStore::FindIcpc);
}
api::ChildFinder OfCpPlan(Id id) {
  return api::ChildOf("child protection plan", id, &store::JourneyStore::FindCpPlan);
}

// --- This file's field helpers ----------------------------------------------------

// One item of the step template's "fields": exactly one kind is set, every
// other is null, so mustache never finds a kind in an enclosing context.
json Item(std::string_view kind, json field) {
  json item = {{"hidden", nullptr},    {"date", nullptr},   {"text", nullptr},
               {"textarea", nullptr},  {"radios", nullptr}, {"select", nullptr},
               {"checkboxes", nullptr}};
  item[std::string(kind)] = std::move(field);
  return item;
}

// The field's value as typed, or `preset` on a new form.
std::string Value(const Ctx& c, std::string_view name, std::string preset = "") {
  return c.form != nullptr ? c.form->Get(name) : std::move(preset);
}

json CheckboxItem(const Ctx& c, std::string name, std::string legend, const Choices& choices,
                  std::string hint = "") {
  std::vector<std::string> selected =
      c.form != nullptr ? c.form->All(name) : std::vector<std::string>{};
  return Item("checkboxes", ChoiceField(std::move(name), std::move(legend),
                                        Options(choices, selected), c.errors, std::move(hint)));
}

// A code list's codes valid today, with their descriptions.
Choices Codes(const Ctx& c, CodeList list, std::vector<std::string_view> except = {}) {
  Choices out;
  for (const core::CodeEntry* entry :
       c.call.codes.CodesFor(list, journey::CollectionYearOf(c.today))) {
    bool skipped = false;
    for (std::string_view code : except) skipped = skipped || code == entry->code;
    if (!skipped) out.emplace_back(entry->code, entry->description);
  }
  return out;
}

}  // namespace

api::ChildFinder OfChild(Id id) {
  return api::ChildById(id);
}

// --- Fields (declared in journey_step.h) ---------------------------------------

json Hidden(const Ctx& c, std::string_view name, std::string preset) {
  return Item("hidden", {{"name", name}, {"value", Value(c, name, std::move(preset))}});
}

json DateItem(const Ctx& c, std::string name, std::string legend, std::optional<Date> preset,
              std::string hint) {
  json value = c.form != nullptr ? DateInputJson(*c.form, name) : DateInputJson(preset);
  return Item("date", DateField(std::move(name), std::move(legend), std::move(value), c.errors,
                                std::move(hint)));
}

json TextItem(const Ctx& c, std::string name, std::string label, bool textarea, std::string hint) {
  std::string value = Value(c, name);
  return Item(
      textarea ? "textarea" : "text",
      TextField(std::move(name), std::move(label), std::move(value), c.errors, std::move(hint)));
}

// Radios for a few choices, a select for many (with a first, empty choice
// `none`: "Select one", or what no choice means for an optional field).
json ChoiceItem(const Ctx& c, std::string name, std::string legend, Choices choices,
                std::string none, std::string preset, std::string hint) {
  std::vector<std::string> selected =
      c.form != nullptr ? c.form->All(name) : std::vector<std::string>{preset};
  const bool radios = choices.size() <= 10 && none.empty();
  if (!radios) choices.insert(choices.begin(), {"", none.empty() ? "Select one" : none});
  json field = ChoiceField(std::move(name), std::move(legend), Options(choices, selected), c.errors,
                           std::move(hint));
  return Item(radios ? "radios" : "select", std::move(field));
}

json CodeItem(const Ctx& c, std::string name, std::string legend, CodeList list, std::string none,
              std::vector<std::string_view> except, std::string hint) {
  return ChoiceItem(c, std::move(name), std::move(legend), Codes(c, list, std::move(except)),
                    std::move(none), "", std::move(hint));
}

// --- Reading a form -------------------------------------------------------------

// The code chosen in `name` ("" when none): `missing` when required and
// empty, "Select ... from the list" when not a code of the list on `on`.
std::string ReadCode(const Ctx& c, FormErrors& errors, std::string_view name, CodeList list,
                     std::string_view missing, std::optional<Date> on) {
  std::string code = Trim(c.form->Get(name));
  if (code.empty()) {
    if (!missing.empty()) errors.Add(std::string(name), std::string(missing));
    return "";
  }
  if (!c.call.codes.IsValid(list, code, journey::CollectionYearOf(on.value_or(c.today)))) {
    errors.Add(std::string(name), "Select an option from the list");
  }
  return code;
}

std::optional<std::string> OrNone(std::string value) {
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<Date> ReadDay(const Ctx& c, FormErrors& errors, std::string_view name,
                            std::string_view label, DateRules rules) {
  return ReadDate(*c.form, name, label, errors, c.today, rules);
}

// A number the form carries (an id in a hidden field or a radio); nullopt
// when empty or not a number.
std::optional<Id> ReadId(const Ctx& c, std::string_view name) {
  std::string text = Trim(c.form->Get(name));
  if (text.empty() || text.size() > 18) return std::nullopt;
  Id value = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    value = value * 10 + (ch - '0');
  }
  return value;
}

json DateOnlyFields(const Ctx& c) {
  const DateOnly& only = c.step.date_only;
  return json::array({DateItem(c, std::string(only.name), std::string(only.legend))});
}

std::optional<Recording> ReadDateOnly(const Ctx& c, FormErrors& errors) {
  const DateOnly& only = c.step.date_only;
  auto date = ReadDay(c, errors, only.name, only.label);
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, id = c.id, date = *date, only](Id) -> Result<Id> {
                     if (only.makes != nullptr) {
                       return (call.journey.*only.makes)(call.actor(), id, date);
                     }
                     return Changed((call.journey.*only.changes)(call.actor(), id, date), id);
                   },
                   std::string(only.notice)};
}

// A journey Status as the Result<Id> of the record it changed.
Result<Id> Changed(core::Status status, Id id) {
  if (!status) return std::unexpected(status.error());
  return id;
}

std::optional<Recording> ReadDateAndCode(const Ctx& c, FormErrors& errors,
                                         const DateAndCode& read) {
  auto date = ReadDay(c, errors, "date", read.date_label);
  std::string code = ReadCode(c, errors, read.code, read.list, read.missing, date);
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, id = c.id, d = *date, code, command = read.command](Id) {
                     return Changed((call.journey.*command)(call.actor(), id, d, code), id);
                   },
                   std::string(read.notice)};
}

// The contact a referral or early help form is prefilled from: ?contact=ID
// when it is one of this child's contacts.
const store::Contact* PrefillContact(const Ctx& c) {
  if (c.record == nullptr) return nullptr;
  auto query = c.call.request.Query("contact");
  if (!query) return nullptr;
  for (const store::Contact& contact : c.record->contacts) {
    if (std::to_string(contact.id) == *query) return &contact;
  }
  return nullptr;
}

namespace {

// --- Words --------------------------------------------------------------------

std::string ChildName(const api::ChildRecord& record) {
  return Trim(fmt::format("{} {}", record.person.forename, record.person.surname));
}

// --- The handlers -------------------------------------------------------------

std::string_view MainField(const Step& step) {
  return step.main_field.empty() ? step.date_only.name : step.main_field;
}

std::string StepPath(const Step& step, Id id) {
  std::string path(step.path);
  path.replace(path.find("{id}"), 4, std::to_string(id));
  return path;
}

// Why the form is shown, which decides its status and the version it carries.
enum class Showing {
  kNew,      // 200, the record's version
  kInvalid,  // 400 after a validation error, the version as sent
  // After the change was refused: 400 with the version as sent, which was
  // current; or 409 when it was stale, with the record's version now.
  kAgain,
};

Result<http::Response> ShowForm(api::Call& call, const Step& step, Id id, const http::Form* form,
                                const FormErrors& errors, Showing showing) {
  return api::OnChildRecord(
      call, step.action, step.child(id), step.entity, id,
      [&](const api::ChildRecord& record) -> Result<http::Response> {
        const Ctx c{step, call, id, form, &record, errors, call.clock.Today()};
        json data = {{"heading", step.heading},
                     {"child_name", ChildName(record)},
                     {"back", ChildPath(record.person.id)},
                     {"action", StepPath(step, id)},
                     {"button", step.button},
                     {"context", step.context != nullptr ? step.context(c) : ""},
                     {"fields", step.fields(c)}};
        const std::string current = std::to_string(record.version);
        const std::string sent = form != nullptr ? form->Get("version") : current;
        data["version"] = showing == Showing::kInvalid ? sent : current;
        const int status = showing == Showing::kNew       ? 200
                           : showing == Showing::kInvalid ? 400
                           : sent == current              ? 400
                                                          : 409;
        View view;
        view.title = std::string(step.heading);
        view.template_name = "journey_step";
        view.data = std::move(data);
        view.section = Section::kChildren;
        view.status = status;
        view.errors = &errors;
        return Render(call, std::move(view));
      });
}

Result<Id> PathId(const api::Call& call, const Step& step) {
  return api::IdParam(call.params, "id", step.entity);
}

Result<http::Response> GetStep(api::Call& call, const Step& step) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, step));
  FormErrors none;
  return ShowForm(call, step, id, nullptr, none, Showing::kNew);
}

Result<http::Response> PostStep(api::Call& call, const Step& step) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, step));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  const Ctx c{step, call, id, &form, nullptr, errors, call.clock.Today()};
  std::optional<Recording> recording = step.read(c, errors);
  if (!recording || !errors.empty()) {
    return ShowForm(call, step, id, &form, errors, Showing::kInvalid);
  }

  FormChange change;
  change.child = step.child(id);
  change.action = step.action;
  change.command = recording->command;
  change.done = [&](const api::ChildRecord& record, Id) {
    return SeeOther(ChildPath(record.person.id), recording->notice);
  };
  change.again = [&](std::string message) -> http::Response {
    FormErrors refused;
    refused.Add(std::string(MainField(step)), Readable(message));
    auto shown = ShowForm(call, step, id, &form, refused, Showing::kAgain);
    return shown ? *std::move(shown) : ErrorPage(call.request, shown.error(), api::Refusal::kNone);
  };
  return ChangeChildFromForm(call, form, change);
}

// --- Children in need -----------------------------------------------------------

const api::ReferralRecord* ReferralOf(const Ctx& c) {
  return c.record != nullptr ? api::FindReferralRecord(*c.record, c.id) : nullptr;
}

std::string ReferralContext(const Ctx& c) {
  const api::ReferralRecord* r = ReferralOf(c);
  return r == nullptr ? "" : fmt::format("Referral of {}.", LongDate(r->referral.referral_date));
}

constexpr std::string_view kNfa = "yes";

json ReferralFields(const Ctx& c) {
  const store::Contact* contact = PrefillContact(c);
  std::optional<Date> date;
  std::string source, contact_id;
  if (contact != nullptr) {
    date = contact->contact_date;
    source = contact->contact_source;
    contact_id = std::to_string(contact->id);
  }
  return json::array(
      {Hidden(c, "contact_id", contact_id), DateItem(c, "date", "Date of the referral", date),
       ChoiceItem(c, "source", "Who made the referral?", Codes(c, CodeList::kReferralSource), "",
                  source),
       CodeItem(c, "primary_need", "The child's primary need", CodeList::kPrimaryNeed,
                "Select the primary need (not needed with no further action)"),
       CheckboxItem(c, "no_further_action", "No further action",
                    {{std::string(kNfa), "Close the referral today with no further action"}})});
}

std::optional<Recording> ReadReferral(const Ctx& c, FormErrors& errors) {
  journey::NewReferral r;
  auto date = ReadDay(c, errors, "date", "date of the referral");
  r.source = ReadCode(c, errors, "source", CodeList::kReferralSource,
                      "Select who made the referral", date);
  r.no_further_action = c.form->Get("no_further_action") == kNfa;
  r.primary_need =
      OrNone(ReadCode(c, errors, "primary_need", CodeList::kPrimaryNeed,
                      r.no_further_action ? "" : "Select the child's primary need", date));
  r.contact_id = ReadId(c, "contact_id");
  if (!errors.empty()) return std::nullopt;
  r.person_id = c.id;
  r.date = *date;
  return Recording{[&call = c.call, r](Id) { return call.journey.OpenReferral(call.actor(), r); },
                   "Referral recorded"};
}

json ClosureFields(const Ctx& c) {
  return json::array({DateItem(c, "date", "Date the referral was closed"),
                      CodeItem(c, "reason", "Reason for closure", CodeList::kReasonForClosure)});
}

std::optional<Recording> ReadClosure(const Ctx& c, FormErrors& errors) {
  return ReadDateAndCode(
      c, errors,
      {"date the referral was closed", "reason", CodeList::kReasonForClosure,
       "Select the reason for closure", &journey::Journey::CloseReferral, "Referral closed"});
}

json AuthorisationFields(const Ctx& c) {
  return json::array(
      {DateItem(c, "date", "Date the assessment was authorised"),
       CheckboxItem(c, "factors", "Factors identified at the end of the assessment",
                    Codes(c, CodeList::kAssessmentFactor),
                    "Select all that apply. \"No factors identified\" goes on its own.")});
}

std::optional<Recording> ReadAuthorisation(const Ctx& c, FormErrors& errors) {
  auto date = ReadDay(c, errors, "date", "date the assessment was authorised");
  std::vector<std::string> factors = c.form->All("factors");
  for (const std::string& code : factors) {
    const int year = journey::CollectionYearOf(date.value_or(c.today));
    if (!c.call.codes.IsValid(CodeList::kAssessmentFactor, code, year)) {
      errors.Add("factors", "Select factors from the list");
    }
  }
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, id = c.id, d = *date, factors](Id) {
                     return Changed(call.journey.AuthoriseAssessment(call.actor(), id, d, factors),
                                    id);
                   },
                   "Assessment authorised"};
}

// --- Child protection -----------------------------------------------------------

// The referral's enquiries that may still lead to a conference, and a
// transfer in from another authority.
Choices ConferenceRoutes(const Ctx& c) {
  Choices out;
  if (const api::ReferralRecord* r = ReferralOf(c)) {
    for (const store::Section47& s : r->section47s) {
      bool held = false;
      for (const store::Icpc& icpc : r->conferences) held = held || icpc.section47_id == s.id;
      if (held || s.icpc_not_required) continue;
      out.emplace_back(std::to_string(s.id),
                       fmt::format("The section 47 enquiry started on {}", LongDate(s.start)));
    }
  }
  out.emplace_back("transfer_in", "A transfer in: the child's plan moved from another area");
  return out;
}

json ConferenceFields(const Ctx& c) {
  Choices routes = ConferenceRoutes(c);
  std::string preset = routes.size() == 2 ? routes.front().first : "";
  return json::array(
      {DateItem(c, "date", "Date of the conference"),
       ChoiceItem(c, "section47_id", "What led to the conference?", routes, "", preset),
       ChoiceItem(c, "plan_made", "What did the conference decide?",
                  {{"yes", "The child needs a child protection plan"},
                   {"no", "The child does not need a child protection plan"}}),
       CodeItem(c, "category", "Category of abuse", CodeList::kCategoryOfAbuse, "", {},
                "Only when the conference decided on a plan")});
}

std::optional<Recording> ReadConference(const Ctx& c, FormErrors& errors) {
  auto date = ReadDay(c, errors, "date", "date of the conference");
  const std::string route = c.form->Get("section47_id");
  std::optional<Id> section47 = ReadId(c, "section47_id");
  if (route != "transfer_in" && !section47) {
    errors.Add("section47_id", "Select what led to the conference");
  }
  const std::string plan = c.form->Get("plan_made");
  if (plan != "yes" && plan != "no") {
    errors.Add("plan_made", "Select what the conference decided");
  }
  std::string category = ReadCode(c, errors, "category", CodeList::kCategoryOfAbuse,
                                  plan == "yes" ? "Select the category of abuse" : "", date);
  if (plan == "no" && !category.empty()) {
    errors.Add("category", "Leave the category of abuse empty: the conference made no plan");
  }
  if (!errors.empty()) return std::nullopt;
  const bool plan_made = plan == "yes";
  return Recording{
      [&call = c.call, referral = c.id, section47, d = *date, plan_made,
       category](Id) -> Result<Id> {
        SG_ASSIGN_OR_RETURN(Id icpc,
                            call.journey.HoldInitialConference(call.actor(), referral, section47,
                                                               !section47, d, plan_made));
        if (!plan_made) return icpc;
        return call.journey.StartCpPlan(call.actor(), icpc, d, category);
      },
      plan_made ? "Conference recorded and child protection plan started" : "Conference recorded"};
}

const store::Icpc* ConferenceOf(const Ctx& c) {
  if (c.record == nullptr) return nullptr;
  for (const api::ReferralRecord& r : c.record->referrals) {
    for (const store::Icpc& icpc : r.conferences) {
      if (icpc.id == c.id) return &icpc;
    }
  }
  return nullptr;
}

json CpPlanFields(const Ctx& c) {
  const store::Icpc* icpc = ConferenceOf(c);
  return json::array({DateItem(c, "start", "Date the plan started",
                               icpc != nullptr ? std::optional<Date>(icpc->date) : std::nullopt,
                               "The date of the initial conference"),
                      CodeItem(c, "category", "Category of abuse", CodeList::kCategoryOfAbuse)});
}

std::optional<Recording> ReadCpPlan(const Ctx& c, FormErrors& errors) {
  auto start = ReadDay(c, errors, "start", "date the plan started");
  std::string category = ReadCode(c, errors, "category", CodeList::kCategoryOfAbuse,
                                  "Select the category of abuse", start);
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, id = c.id, d = *start, category](Id) {
                     return call.journey.StartCpPlan(call.actor(), id, d, category);
                   },
                   "Child protection plan started"};
}

std::string PlanContext(const Ctx& c) {
  if (c.record == nullptr) return "";
  const api::CpPlanRecord* p = api::FindCpPlanRecord(*c.record, c.id);
  return p == nullptr
             ? ""
             : fmt::format("Child protection plan started on {}.", LongDate(p->plan.start));
}

json ReviewFields(const Ctx& c) {
  return json::array({DateItem(c, "date", "Date of the review conference"),
                      CodeItem(c, "latest_category", "Category of abuse now",
                               CodeList::kCategoryOfAbuse, "No change")});
}

std::optional<Recording> ReadReview(const Ctx& c, FormErrors& errors) {
  auto date = ReadDay(c, errors, "date", "date of the review conference");
  auto category =
      OrNone(ReadCode(c, errors, "latest_category", CodeList::kCategoryOfAbuse, "", date));
  if (!errors.empty()) return std::nullopt;
  return Recording{[&call = c.call, id = c.id, d = *date, category](Id) {
                     return call.journey.RecordCpReview(call.actor(), id, d, category);
                   },
                   "Review conference recorded"};
}

// --- The steps ----------------------------------------------------------------

const std::vector<Step>& Steps() {
  static const std::vector<Step> steps = {
      {.path = "/children/{id}/referrals",
       .entity = "child",
       .heading = "Record a referral",
       .child = OfChild,
       .fields = ReferralFields,
       .read = ReadReferral,
       .main_field = "date"},
      {.path = "/referrals/{id}/closure",
       .entity = "referral",
       .heading = "Close the referral",
       .child = OfReferral,
       .fields = ClosureFields,
       .read = ReadClosure,
       .context = ReferralContext,
       .main_field = "date"},
      {.path = "/referrals/{id}/assessments",
       .entity = "referral",
       .heading = "Start an assessment",
       .child = OfReferral,
       .date_only = {.name = "start",
                     .legend = "Date the assessment started",
                     .label = "date the assessment started",
                     .notice = "Assessment started",
                     .makes = &journey::Journey::StartAssessment},
       .context = ReferralContext},
      {.path = "/assessments/{id}/authorisation",
       .entity = "assessment",
       .heading = "Authorise the assessment",
       .child = OfAssessment,
       .fields = AuthorisationFields,
       .read = ReadAuthorisation,
       .main_field = "date"},
      {.path = "/referrals/{id}/cin-plans",
       .entity = "referral",
       .heading = "Start a child in need plan",
       .child = OfReferral,
       .date_only = {.name = "start",
                     .legend = "Date the plan started",
                     .label = "date the plan started",
                     .notice = "Child in need plan started",
                     .makes = &journey::Journey::StartCinPlan},
       .context = ReferralContext},
      {.path = "/cin-plans/{id}/end",
       .entity = "cin_plan",
       .heading = "End the child in need plan",
       .child = OfCinPlan,
       .date_only = {.name = "date",
                     .legend = "Date the plan ended",
                     .label = "date the plan ended",
                     .notice = "Child in need plan ended",
                     .changes = &journey::Journey::EndCinPlan}},
      {.path = "/referrals/{id}/strategy-discussions",
       .entity = "referral",
       .heading = "Record a strategy discussion",
       .child = OfReferral,
       .date_only = {.name = "date",
                     .legend = "Date of the strategy discussion",
                     .label = "date of the strategy discussion",
                     .notice = "Strategy discussion recorded",
                     .makes = &journey::Journey::HoldStrategyDiscussion},
       .context = ReferralContext},
      {.path = "/strategy-discussions/{id}/section47",
       .entity = "strategy_discussion",
       .heading = "Start a section 47 enquiry",
       .child = OfDiscussion,
       .date_only = {.name = "start",
                     .legend = "Date the enquiry started",
                     .label = "date the enquiry started",
                     .notice = "Section 47 enquiry started",
                     .makes = &journey::Journey::StartSection47}},
      {.path = "/section47/{id}/no-conference",
       .entity = "section47_enquiry",
       .heading = "Conclude the section 47 enquiry without a conference",
       .child = OfSection47,
       .date_only = {.name = "date",
                     .legend = "Date the enquiry was concluded",
                     .label = "date the enquiry was concluded",
                     .notice = "Section 47 enquiry concluded",
                     .changes = &journey::Journey::ConcludeSection47WithoutConference}},
      {.path = "/referrals/{id}/conferences",
       .entity = "referral",
       .heading = "Record the initial child protection conference",
       .child = OfReferral,
       .fields = ConferenceFields,
       .read = ReadConference,
       .context = ReferralContext,
       .main_field = "date"},
      {.path = "/conferences/{id}/cp-plan",
       .entity = "icpc",
       .heading = "Start the child protection plan",
       .child = OfConference,
       .fields = CpPlanFields,
       .read = ReadCpPlan,
       .main_field = "start"},
      {.path = "/cp-plans/{id}/reviews",
       .entity = "cp_plan",
       .heading = "Record a review conference",
       .child = OfCpPlan,
       .fields = ReviewFields,
       .read = ReadReview,
       .context = PlanContext,
       .main_field = "date"},
      {.path = "/cp-plans/{id}/core-groups",
       .entity = "cp_plan",
       .heading = "Record a core group meeting",
       .child = OfCpPlan,
       .date_only = {.name = "date",
                     .legend = "Date of the meeting",
                     .label = "date of the meeting",
                     .notice = "Core group meeting recorded",
                     .makes = &journey::Journey::RecordCoreGroup},
       .context = PlanContext},
      {.path = "/cp-plans/{id}/end",
       .entity = "cp_plan",
       .heading = "End the child protection plan",
       .child = OfCpPlan,
       .date_only = {.name = "date",
                     .legend = "Date the plan ended",
                     .label = "date the plan ended",
                     .notice = "Child protection plan ended",
                     .changes = &journey::Journey::EndCpPlan},
       .context = PlanContext},
  };
  return steps;
}

}  // namespace

void AddStepRoutes(api::RouteTable& routes, const std::vector<Step>& steps) {
  for (const Step& step : steps) {
    routes.Add("GET", std::string(step.path),
               Page([&step](api::Call& call) { return GetStep(call, step); }));
    routes.Add("POST", std::string(step.path),
               Page([&step](api::Call& call) { return PostStep(call, step); }));
  }
}

}  // namespace sg::pages::journey_step

namespace sg::pages {

void AddJourneyPages(api::RouteTable& routes) {
  journey_step::AddStepRoutes(routes, journey_step::Steps());
  journey_step::AddCareSteps(routes);
}

}  // namespace sg::pages
