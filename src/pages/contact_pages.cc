// Contact pages: record a contact (consultation) about a child at the front
// door, and decide it within its clock.
//
//   GET|POST /children/{id}/contacts  record a contact about the child
//   GET|POST /contacts/{id}/decision  decide the contact (advice, early help,
//                                     referral, no further action)
//
// Design. The pages only present and validate; every rule is the journey's.
//
//   * Both forms read the child through api::OnChildRecord and change it
//     through ChangeChildFromForm with Action::kRecordJourney, so a user who
//     may not record the journey (a partner practitioner) is refused before
//     anything is shown, a stale form is refused by the child's version
//     (409, the form again with the version now), and the journey's own
//     refusals (a decision dated before its contact, a contact already
//     decided) come back to the form with what was typed (400).
//   * A contact's summary is the contact's chronology note
//     (journey::Journey::AddNote) written in the same change, since a
//     contact record has no text field of its own.
//   * Several children in one consultation share a consultation reference:
//     "Save and record another child" gives the contact one (made from the
//     date and the child when none was typed) and goes back to the search
//     carrying it, and the next child's contact form is prefilled with it.
//   * The decision clock is journey::ContactDecisionDue (the end of the next
//     working day), tagged in words as the start page tags it (ClockTag in
//     front_door.h). A decision leads on to the referral or early help form
//     prefilled from the contact.
//
// The start page, the search and the registration of a child are in
// front_door_pages.cc.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/paging.h"
#include "journey/clocks.h"
#include "journey/journey.h"
#include "pages/front_door.h"
#include "pages/page.h"
#include "store/journey_store.h"

namespace sg::pages::front_door {
namespace {

using access::Action;
using core::Date;
using core::Result;
using nlohmann::json;
using store::Id;

// The factors a contact may record, as the store names them (the demo and
// the indicators read these names: any "exploitation" factor counts as child
// exploitation).
// A contact's summary is a chronology note starting with this.
constexpr std::string_view kSummaryPrefix = "Contact summary: ";

const Choices& Factors() {
  static const Choices factors = {{"child_sexual_exploitation", "Child sexual exploitation"},
                                  {"child_criminal_exploitation", "Child criminal exploitation"},
                                  {"domestic_abuse", "Domestic abuse"},
                                  {"mental_health", "Mental health"},
                                  {"missing", "Missing"},
                                  {"neglect", "Neglect"},
                                  {"substance_misuse", "Drug or alcohol misuse"},
                                  {"physical_abuse", "Physical abuse"},
                                  {"sexual_abuse", "Sexual abuse"},
                                  {"emotional_abuse", "Emotional abuse"},
                                  {"self_harm", "Self-harm"},
                                  {"other", "Other"}};
  return factors;
}

// Screening tools: the form's value, and the name stored (a child
// exploitation tool's name begins "CE", which the indicator reads).
const Choices& ScreeningTools() {
  static const Choices tools = {{"ce_screening_tool", "CE screening tool"},
                                {"dash", "DASH risk assessment"},
                                {"graded_care_profile", "Graded Care Profile 2"}};
  return tools;
}

const Choices& Outcomes() {
  static const Choices outcomes = {
      {std::string(journey::kOutcomeAdvice), "Advice and information"},
      {std::string(journey::kOutcomeEarlyHelp), "Early help brokerage"},
      {std::string(journey::kOutcomeReferral), "Referral to children's social care"},
      {std::string(journey::kOutcomeNoFurtherAction), "No further action"}};
  return outcomes;
}

// A stored factor's words: its label, or the name with spaces ("self_harm").
std::string FactorText(std::string_view name) {
  if (auto text = TextOf(Factors(), name); !text.empty()) return std::string(text);
  std::string out(name);
  std::ranges::replace(out, '_', ' ');
  return Readable(out);
}

std::string BirthText(const store::Person& person) {
  if (person.birth_date) return LongDate(*person.birth_date);
  if (person.expected_birth_date) {
    return fmt::format("Not born yet (expected {})", LongDate(*person.expected_birth_date));
  }
  return "Not recorded";
}

// --- Showing a form again ------------------------------------------------------------

// The status of a form shown for a child's record.
using StatusFn = std::function<int(const api::ChildRecord&)>;

StatusFn Fixed(int status) {
  return [status](const api::ChildRecord&) { return status; };
}

// After the change was refused: 400 when the form's version was current
// (the journey refused it), 409 when it was stale (the form then carries
// the record's version now).
StatusFn AfterRefusal(const http::Form& form) {
  return [sent = form.Get("version")](const api::ChildRecord& record) {
    return std::to_string(record.version) == sent ? 400 : 409;
  };
}

// The form shown again, or the error page when the child cannot be shown.
http::Response ShownOrError(const api::Call& call, Result<http::Response> shown) {
  return shown ? *std::move(shown) : ErrorPage(call.request, shown.error(), api::Refusal::kNone);
}

// --- GET|POST /children/{id}/contacts -------------------------------------------------

// The contact form's state: as typed (form set) or new (prefilled).
struct ContactForm {
  const http::Form* form = nullptr;
  std::string consultation;  // prefill of a new form
};

json ContactFields(const api::Call& call, const ContactForm& in, const FormErrors& errors) {
  const Date today = call.clock.Today();
  auto value = [&](std::string_view name, std::string preset = "") {
    return in.form != nullptr ? in.form->Get(name) : std::move(preset);
  };
  auto all = [&](std::string_view name) {
    return in.form != nullptr ? in.form->All(name) : std::vector<std::string>{};
  };
  Choices sources;
  for (const core::CodeEntry* entry :
       call.codes.CodesFor(core::CodeList::kReferralSource, journey::CollectionYearOf(today))) {
    sources.emplace_back(entry->code, entry->description);
  }
  json date = in.form != nullptr ? DateInputJson(*in.form, "date") : DateInputJson(today);
  json fields = {
      {"date", DateField("date", "Date of the contact", std::move(date), errors)},
      {"contactor",
       TextField("contactor", "Who contacted the front door? (optional)", value("contactor"),
                 errors, "Their name and role, for example Sam Jones, class teacher")},
      {"source", SmallChoices("source", "Where did the contact come from?",
                              Options(sources, {value("source")}), errors)},
      {"factors", SmallChoices("factors", "Factors (optional)", Options(Factors(), all("factors")),
                               errors, "Select all that apply")},
      {"screening_tools", SmallChoices("screening_tools", "Screening tools attached (optional)",
                                       Options(ScreeningTools(), all("screening_tools")), errors,
                                       "Select each screening tool completed for this contact")},
      {"consultation_ref",
       TextField("consultation_ref", "Consultation reference (optional)",
                 value("consultation_ref", in.consultation), errors,
                 "Give every child discussed in one consultation the same reference")},
      {"summary", TextField("summary", "Summary of the contact", value("summary"), errors,
                            "What was said, and what the person contacting is worried about")}};
  fields["consultation_ref"]["width"] = "20";
  fields["summary"]["rows"] = "8";
  return fields;
}

http::Response RenderContactForm(api::Call& call, const api::ChildRecord& record,
                                 const ContactForm& in, const FormErrors& errors, int status) {
  const Id id = record.person.id;
  json data = ContactFields(call, in, errors);
  data["child_name"] = ChildName(record.person);
  data["birth"] = BirthText(record.person);
  data["back"] = ChildPath(id);
  data["action"] = ChildPath(id) + "/contacts";
  data["version"] = std::to_string(record.version);
  return RenderForm(call, "Record a contact", "front_door_contact", std::move(data), errors,
                    status);
}

// The form about child `id`, read through the door that checks the user may
// record the child's journey (and audits the look).
Result<http::Response> ShowContactForm(api::Call& call, Id id, const ContactForm& in,
                                       const FormErrors& errors, const StatusFn& status) {
  return api::OnChildRecord(call, Action::kRecordJourney, api::ChildById(id), "child", id,
                            [&](const api::ChildRecord& record) -> Result<http::Response> {
                              return RenderContactForm(call, record, in, errors, status(record));
                            });
}

Result<http::Response> GetContact(api::Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, api::IdParam(call.params, "id", "child"));
  FormErrors none;
  ContactForm in{nullptr, ConsultationParam(call.request)};
  return ShowContactForm(call, id, in, none, Fixed(200));
}

std::vector<std::string> ReadChoices(const http::Form& form, std::string_view name,
                                     const Choices& choices, std::string_view message,
                                     FormErrors& errors) {
  std::vector<std::string> out;
  for (const std::string& value : form.All(name)) {
    if (!IsChoice(choices, value)) {
      errors.Add(std::string(name), std::string(message));
    } else if (std::ranges::find(out, value) == out.end()) {
      out.push_back(value);
    }
  }
  return out;
}

// A valid contact form: the contact and its summary.
struct NewContact {
  journey::NewContact contact;
  std::string summary;
};

std::optional<NewContact> ReadContact(const api::Call& call, Id child, const http::Form& form,
                                      FormErrors& errors) {
  const Date today = call.clock.Today();
  NewContact out;
  journey::NewContact& c = out.contact;
  c.person_id = child;
  auto date = ReadDate(form, "date", "date of the contact", errors, today);
  c.contactor = Trim(form.Get("contactor"));
  if (c.contactor.size() > 200) {
    errors.Add("contactor", "Who contacted the front door must be 200 characters or less");
  }
  c.source = Trim(form.Get("source"));
  if (c.source.empty()) {
    errors.Add("source", "Select where the contact came from");
  } else if (!call.codes.IsValid(core::CodeList::kReferralSource, c.source,
                                 journey::CollectionYearOf(date.value_or(today)))) {
    errors.Add("source", "Select a source from the list");
  }
  c.factors = ReadChoices(form, "factors", Factors(), "Select factors from the list", errors);
  for (const std::string& tool : ReadChoices(form, "screening_tools", ScreeningTools(),
                                             "Select screening tools from the list", errors)) {
    c.screening_tools.emplace_back(TextOf(ScreeningTools(), tool));
  }
  std::string ref = Trim(form.Get("consultation_ref"));
  if (ref.size() > kMaxConsultationRef) {
    errors.Add("consultation_ref", "Consultation reference must be 50 characters or less");
  }
  auto summary = ReadText(form, "summary", "Enter a summary of the contact", errors, 5000);
  if (!errors.empty()) return std::nullopt;
  c.date = *date;
  if (!ref.empty()) c.consultation_ref = ref;
  if (form.Get("next") == "another" && !c.consultation_ref) {
    // Another child follows: the consultation needs a reference to share.
    c.consultation_ref =
        fmt::format("C-{:04}{:02}{:02}-{}", c.date.year(), c.date.month(), c.date.day(), child);
  }
  c.team_id = call.actor().team_id;
  out.summary = *summary;
  return out;
}

Result<http::Response> PostContact(api::Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, api::IdParam(call.params, "id", "child"));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  const ContactForm typed{&form, ""};
  std::optional<NewContact> made = ReadContact(call, id, form, errors);
  if (!made) return ShowContactForm(call, id, typed, errors, Fixed(400));

  FormChange change;
  change.child = api::ChildById(id);
  change.command = [&](Id person_id) -> Result<Id> {
    SG_ASSIGN_OR_RETURN(Id contact_id, call.journey.RecordContact(call.actor(), made->contact));
    journey::NewNote note;
    note.person_id = person_id;
    note.date = made->contact.date;
    note.summary = std::string(kSummaryPrefix) + made->summary;
    SG_RETURN_IF_ERROR(call.journey.AddNote(call.actor(), note));
    return contact_id;
  };
  change.done = [&](const api::ChildRecord& record, Id contact_id) {
    if (form.Get("next") == "another") {
      return SeeOther(
          WithConsultation("/front-door", made->contact.consultation_ref.value_or("")),
          fmt::format("Contact about {} recorded. Find the next child in this consultation",
                      ChildName(record.person)));
    }
    return SeeOther(fmt::format("/contacts/{}/decision", contact_id), "Contact recorded");
  };
  change.again = [&](std::string message) -> http::Response {
    FormErrors refused;
    refused.Add("date", Readable(message));
    return ShownOrError(call, ShowContactForm(call, id, typed, refused, AfterRefusal(form)));
  };
  return ChangeChildFromForm(call, form, change);
}

// --- GET|POST /contacts/{id}/decision ---------------------------------------------------

const store::Contact* FindContact(const api::ChildRecord& record, Id contact_id) {
  for (const store::Contact& contact : record.contacts) {
    if (contact.id == contact_id) return &contact;
  }
  return nullptr;
}

std::string Listed(const std::vector<std::string>& items, std::string (*text)(std::string_view)) {
  if (items.empty()) return "None recorded";
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + text(item);
  return out;
}

std::string AsIs(std::string_view text) {
  return std::string(text);
}

json ContactRows(const api::Call& call, const store::Contact& contact) {
  auto source = call.codes.Describe(core::CodeList::kReferralSource, contact.contact_source,
                                    journey::CollectionYearOf(contact.contact_date));
  auto row = [](std::string key, std::string value) {
    return json{{"key", std::move(key)}, {"value", std::move(value)}};
  };
  json rows = json::array(
      {row("Date of the contact", LongDate(contact.contact_date)),
       row("Who contacted", contact.contactor.empty() ? "Not recorded" : contact.contactor),
       row("Source", source ? std::string(*source) : contact.contact_source),
       row("Factors", Listed(contact.factors, FactorText)),
       row("Screening tools", Listed(contact.screening_tools, AsIs)),
       row("Consultation reference", contact.consultation_ref.value_or("None"))});
  // What the contact said is kept as a chronology note of the same day (the
  // contact record has no text of its own); the decider needs it.
  std::string said;
  if (auto chronology = call.journey.ReadChronology(call.actor(), contact.person_id)) {
    for (const store::ChronologyEntry& entry : chronology->entries) {
      if (entry.occurred_on != contact.contact_date || !entry.summary.starts_with(kSummaryPrefix)) {
        continue;
      }
      said += (said.empty() ? "" : "\n") + entry.summary.substr(kSummaryPrefix.size());
    }
  }
  rows.insert(rows.begin() + 2, row("What the contact said", said.empty() ? "Not recorded" : said));
  return rows;
}

// The decision form's state: as typed (form set) or new.
struct DecisionForm {
  const http::Form* form = nullptr;
};

http::Response RenderDecision(api::Call& call, const api::ChildRecord& record,
                              const store::Contact& contact, const DecisionForm& in,
                              const FormErrors& errors, int status) {
  const Date today = call.clock.Today();
  const Date due = journey::ContactDecisionDue(call.calendar, contact.contact_date);
  json data = {{"child_name", ChildName(record.person)},
               {"back", ChildPath(record.person.id)},
               {"action", fmt::format("/contacts/{}/decision", contact.id)},
               {"version", std::to_string(record.version)},
               {"rows", ContactRows(call, contact)},
               {"due", LongDate(due)}};
  data["another_href"] = contact.consultation_ref
                             ? json(WithConsultation("/front-door", *contact.consultation_ref))
                             : json(nullptr);
  if (contact.decision_date) {
    data["decided"] =
        fmt::format("This contact was decided on {}: {}.", LongDate(*contact.decision_date),
                    TextOf(Outcomes(), contact.outcome.value_or("")));
    data["tag"] = nullptr;
  } else {
    data["decided"] = nullptr;
    data["tag"] = ClockTag(journey::StatusOn(call.calendar, due, today), due, today);
    json date = in.form != nullptr ? DateInputJson(*in.form, "date") : DateInputJson(today);
    data["outcome"] = ChoiceField(
        "outcome", "What is the decision?",
        Options(Outcomes(), {in.form != nullptr ? in.form->Get("outcome") : ""}), errors);
    data["date"] = DateField("date", "Date of the decision", std::move(date), errors);
  }
  return RenderForm(call, "Decide on the contact", "front_door_decision", std::move(data), errors,
                    status);
}

api::ChildFinder OfContact(Id contact_id) {
  return api::ChildOf("contact", contact_id, &store::JourneyStore::FindContact);
}

Result<http::Response> ShowDecision(api::Call& call, Id contact_id, const DecisionForm& in,
                                    const FormErrors& errors, const StatusFn& status) {
  return api::OnChildRecord(
      call, Action::kRecordJourney, OfContact(contact_id), "contact", contact_id,
      [&](const api::ChildRecord& record) -> Result<http::Response> {
        const store::Contact* contact = FindContact(record, contact_id);
        if (contact == nullptr) {
          return core::Fail(core::Code::kNotFound,
                            fmt::format("there is no contact with id {}", contact_id));
        }
        return RenderDecision(call, record, *contact, in, errors, status(record));
      });
}

Result<http::Response> GetDecision(api::Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, api::IdParam(call.params, "id", "contact"));
  FormErrors none;
  return ShowDecision(call, id, {}, none, Fixed(200));
}

// Where a decision leads: the referral or early help form prefilled from
// the contact, else the child's record.
std::string AfterDecision(std::string_view outcome, Id child, Id contact_id) {
  if (outcome == journey::kOutcomeReferral) {
    return fmt::format("/children/{}/referrals?contact={}", child, contact_id);
  }
  if (outcome == journey::kOutcomeEarlyHelp) {
    return fmt::format("/children/{}/early-help?contact={}", child, contact_id);
  }
  return ChildPath(child);
}

Result<http::Response> PostDecision(api::Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, api::IdParam(call.params, "id", "contact"));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  const DecisionForm typed{&form};
  const std::string outcome = form.Get("outcome");
  if (!IsChoice(Outcomes(), outcome)) errors.Add("outcome", "Select the decision");
  auto date = ReadDate(form, "date", "date of the decision", errors, call.clock.Today());
  if (!errors.empty()) {
    return ShowDecision(call, id, typed, errors, Fixed(400));
  }

  FormChange change;
  change.child = OfContact(id);
  change.command = [&](Id) -> Result<Id> {
    SG_RETURN_IF_ERROR(call.journey.DecideContact(call.actor(), id, *date, outcome));
    return id;
  };
  change.done = [&](const api::ChildRecord& record, Id) {
    return SeeOther(AfterDecision(outcome, record.person.id, id), "Decision recorded");
  };
  change.again = [&](std::string message) -> http::Response {
    FormErrors refused;
    // The journey's refusals are about the date (before the contact) or the
    // contact itself (already decided, changed meanwhile).
    refused.Add(message.find("before") != std::string::npos ? "date" : "outcome",
                Readable(message));
    return ShownOrError(call, ShowDecision(call, id, typed, refused, AfterRefusal(form)));
  };
  return ChangeChildFromForm(call, form, change);
}

}  // namespace

void AddContactPages(api::RouteTable& routes) {
  routes.Add("GET", "/children/{id}/contacts", Page(GetContact));
  routes.Add("POST", "/children/{id}/contacts", Page(PostContact));
  routes.Add("GET", "/contacts/{id}/decision", Page(GetDecision));
  routes.Add("POST", "/contacts/{id}/decision", Page(PostDecision));
}

}  // namespace sg::pages::front_door
