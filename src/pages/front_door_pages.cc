// Front door pages: find the child first, register a child nobody has
// recorded, record a contact (consultation) about them, and decide it within
// its clock.
//
//   GET      /front-door              start: the search form ("find the child
//                                     first") and the contacts awaiting a
//                                     decision, each with its clock
//   GET      /children                find a child: discovery without
//                                     disclosure
//   GET|POST /children/new            register a child the search did not find
//   GET|POST /children/{id}/contacts  record a contact about the child
//   GET|POST /contacts/{id}/decision  decide the contact (advice, early help,
//                                     referral, no further action)
//
// Design. The pages only present and validate; every rule is a module's.
//
//   * Search is access::Discover inside a Gate::Run with Action::kSearch and
//     the same audit note as GET /api/v1/children/search (the count of
//     matches, never what was searched for). A match the user is not cleared
//     for shows only whom to contact: the teams working with the child now
//     (or the front door). No name, no date of birth, no id, no link: the
//     match carries none of them (SearchMatch fills them only when cleared),
//     so the template cannot show them by mistake.
//   * Search before create: "Register a new child" is offered from the
//     results (a button when nothing matched) and carries what was typed to
//     the registration form, which calls journey::Journey::RegisterChild.
//   * The contact and decision forms read the child through
//     api::OnChildRecord and change it through ChangeChildFromForm with
//     Action::kRecordJourney, so a user who may not record the journey (a
//     partner practitioner) is refused before anything is shown, a stale form
//     is refused by the child's version, and the journey's own refusals (a
//     decision dated before its contact, a contact already decided) come back
//     to the form with what was typed.
//   * A contact's summary is the contact's chronology note
//     (journey::Journey::AddNote) written in the same change, since a
//     contact record has no text field of its own.
//   * Several children in one consultation share a consultation reference:
//     "Save and record another child" gives the contact one (made from the
//     date and the child when none was typed) and goes back to the search
//     carrying it, and the next child's contact form is prefilled with it.
//   * The decision clock is journey::ContactDecisionDue (the end of the next
//     working day); the start page lists the undecided contacts of children
//     the user is cleared for (the front door is cleared for every child),
//     from journey::LoadWorkList, each tagged "Overdue", "Due today" or
//     "On time" in words, never by colour alone.
#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/need_to_know.h"
#include "access/policy.h"
#include "api/paging.h"
#include "journey/clocks.h"
#include "journey/journey.h"
#include "journey/work_list.h"
#include "pages/page.h"
#include "pages/pages.h"
#include "store/journey_store.h"

namespace sg::pages {
namespace {

using access::Action;
using core::Date;
using core::Result;
using nlohmann::json;
using store::Id;

using Choices = std::vector<std::pair<std::string, std::string>>;

constexpr size_t kMaxAwaitingShown = 50;
constexpr size_t kMaxConsultationRef = 50;

// The factors a contact may record, as the store names them (the demo and
// the indicators read these names: any "exploitation" factor counts as child
// exploitation).
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

const Choices& Sexes() {
  static const Choices sexes = {{"F", "Female"}, {"M", "Male"}, {"U", "Not known"}};
  return sexes;
}

// --- Small words ------------------------------------------------------------------

std::string Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string_view TextOf(const Choices& choices, std::string_view value) {
  for (const auto& [known, text] : choices) {
    if (known == value) return text;
  }
  return {};
}

bool IsChoice(const Choices& choices, std::string_view value) {
  return !TextOf(choices, value).empty();
}

// A stored factor's words: its label, or the name with spaces ("self_harm").
std::string FactorText(std::string_view name) {
  if (auto text = TextOf(Factors(), name); !text.empty()) return std::string(text);
  std::string out(name);
  std::ranges::replace(out, '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string ChildName(const store::Person& person) {
  return Trim(fmt::format("{} {}", person.forename, person.surname));
}

std::string BirthText(const store::Person& person) {
  if (person.birth_date) return LongDate(*person.birth_date);
  if (person.expected_birth_date) {
    return fmt::format("Not born yet (expected {})", LongDate(*person.expected_birth_date));
  }
  return "Not recorded";
}

// A module's sentence for the error summary: a capital first letter and
// ISO dates written as GOV.UK writes them.
std::string Sentence(std::string_view message) {
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (i + 10 <= message.size() && std::isdigit(static_cast<unsigned char>(message[i])) &&
        message[i + 4] == '-' && message[i + 7] == '-') {
      if (auto date = Date::ParseIso(message.substr(i, 10))) {
        out += LongDate(*date);
        i += 9;
        continue;
      }
    }
    out += message[i];
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

// The request's query as a form, so that a GET form is read like a POST.
http::Form QueryForm(const http::Request& request) {
  std::vector<http::FormField> fields;
  for (const auto& [name, value] : request.query) fields.push_back({name, value, std::nullopt});
  return http::Form(std::move(fields));
}

// The consultation reference a link carries: trimmed, short, or "".
std::string ConsultationParam(const http::Request& request) {
  std::string ref = Trim(request.Query("consultation").value_or(""));
  return ref.size() > kMaxConsultationRef ? "" : ref;
}

std::string WithConsultation(std::string path, std::string_view ref) {
  if (ref.empty()) return path;
  return fmt::format("{}{}consultation={}", path, path.find('?') == std::string::npos ? '?' : '&',
                     http::UrlEncode(ref));
}

bool Allowed(const access::Actor& actor, Action action) {
  return access::Policy().Decide(actor, action).has_value();
}

// Who decides contacts: those who may record the journey and see a work tray.
bool MayDecide(const access::Actor& actor) {
  return Allowed(actor, Action::kRecordJourney) && Allowed(actor, Action::kReadWorkList);
}

json SmallChoices(std::string id, std::string legend, json options, const FormErrors& errors,
                  std::string hint = "") {
  json field =
      ChoiceField(std::move(id), std::move(legend), std::move(options), errors, std::move(hint));
  field["small"] = true;
  return field;
}

// The child a contact is about. TEMPORARY: api::ChildOf in routes_journey.cc
// does this for every kind of sub-record but is not public.
api::ChildFinder OfContact(Id contact_id) {
  return [contact_id](store::Database& db) -> Result<Id> {
    SG_ASSIGN_OR_RETURN(std::optional<store::Contact> contact,
                        store::JourneyStore(db).FindContact(contact_id));
    if (!contact) {
      return core::Fail(core::Code::kNotFound,
                        fmt::format("there is no contact with id {}", contact_id));
    }
    return contact->person_id;
  };
}

// --- Find the child first ------------------------------------------------------------

// What the search form says, read from the query.
struct SearchForm {
  http::Form typed;
  bool asked = false;  // the form was sent (any of its fields is in the query)
  std::optional<access::SearchQuery> query;  // when asked and valid
};

SearchForm ReadSearch(const http::Request& request, Date today, FormErrors& errors) {
  SearchForm out;
  out.typed = QueryForm(request);
  for (std::string_view name : {"name", "identifier", "dob-day", "dob-month", "dob-year"}) {
    out.asked = out.asked || out.typed.Has(name);
  }
  if (!out.asked) return out;
  access::SearchQuery query;
  query.name = Trim(out.typed.Get("name"));
  query.identifier = Trim(out.typed.Get("identifier"));
  query.birth_date = ReadDate(out.typed, "dob", "date of birth", errors, today,
                              DateRules{.required = false, .not_in_future = true});
  if (query.name.size() > 200) errors.Add("name", "Name must be 200 characters or less");
  if (query.identifier.size() > 100) {
    errors.Add("identifier", "Identifier must be 100 characters or less");
  }
  if (query.name.empty() && query.identifier.empty() && !query.birth_date && errors.empty()) {
    errors.Add("name", "Enter a name, date of birth or identifier to search for");
  }
  if (errors.empty()) out.query = std::move(query);
  return out;
}

// Discovery, audited as the API's search is: the row records only how many
// children matched. TEMPORARY: the same Gate::Run as SearchChildren in
// api/routes_children.cc, which is not public.
Result<std::vector<access::SearchMatch>> Discover(api::Call& call,
                                                  const access::SearchQuery& query) {
  std::vector<access::SearchMatch> matches;
  SG_RETURN_IF_ERROR(
      call.gate.Run(call.actor(), Action::kSearch, [&](access::AuditNote& note) -> core::Status {
        SG_ASSIGN_OR_RETURN(matches, access::Discover(call.db, call.actor(), query, call.clock));
        note = access::AuditNote{"search", "child", "", std::nullopt,
                                 fmt::format("{{\"matches\":{}}}", matches.size())};
        return {};
      }));
  return matches;
}

std::string Teams(const std::vector<access::ContactPoint>& contacts) {
  std::string out;
  for (size_t i = 0; i < contacts.size(); ++i) {
    if (i > 0) out += i + 1 == contacts.size() ? " and " : ", ";
    out += fmt::format("{} ({})", contacts[i].team, contacts[i].agency_name);
  }
  return out;
}

// The only words an uncleared match gets: whom to contact.
std::string WhomToContact(const access::SearchMatch& match) {
  if (match.contacts.empty()) {
    return "A child matching these details is known to Safeguard, but no team is working with "
           "them now. Contact the front door to ask about this child.";
  }
  return fmt::format(
      "A child matching these details is known to {}. Contact {} to ask about this child.",
      Teams(match.contacts), match.contacts.size() == 1 ? "that team" : "one of those teams");
}

json ClearedMatch(const access::SearchMatch& match, bool may_record, std::string_view ref) {
  store::Person person;
  person.forename = match.forename;
  person.surname = match.surname;
  person.birth_date = match.birth_date;
  const Id id = match.person_id.value_or(0);
  return {{"name", ChildName(person)},
          {"href", ChildPath(id)},
          {"birth_date", match.birth_date ? LongDate(*match.birth_date) : "Not recorded"},
          {"la_child_id", match.la_child_id.empty() ? "None" : match.la_child_id},
          {"known_to", match.contacts.empty() ? "No team now" : Teams(match.contacts)},
          {"contact_href",
           may_record ? json(WithConsultation(ChildPath(id) + "/contacts", ref)) : json(nullptr)}};
}

// /children/new?... carrying what the search typed: the name split into
// forename and surname (one word: the surname), the date of birth, and an
// identifier shaped like an NHS number (10 digits) or a UPN (13 characters).
std::string RegisterHref(const http::Form& typed, std::string_view ref) {
  std::vector<std::pair<std::string, std::string>> carried;
  std::string name = Trim(typed.Get("name"));
  if (!name.empty()) {
    const auto space = name.find(' ');
    if (space == std::string::npos) {
      carried.emplace_back("surname", name);
    } else {
      carried.emplace_back("forename", name.substr(0, space));
      carried.emplace_back("surname", Trim(name.substr(space + 1)));
    }
  }
  for (std::string_view part : {"dob-day", "dob-month", "dob-year"}) {
    std::string value = Trim(typed.Get(part));
    if (!value.empty()) carried.emplace_back(part, value);
  }
  std::string identifier;
  for (char c : typed.Get("identifier")) {
    if (c != ' ') identifier += c;
  }
  const bool digits = !identifier.empty() && std::ranges::all_of(identifier, [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
  if (digits && identifier.size() == 10) carried.emplace_back("nhs_number", identifier);
  if (!digits && identifier.size() == 13) carried.emplace_back("upn", identifier);
  if (!ref.empty()) carried.emplace_back("consultation", std::string(ref));
  std::string href = "/children/new";
  for (size_t i = 0; i < carried.size(); ++i) {
    href += fmt::format("{}{}={}", i == 0 ? '?' : '&', carried[i].first,
                        http::UrlEncode(carried[i].second));
  }
  return href;
}

json SearchFields(const http::Form& typed, const FormErrors& errors) {
  return {{"name_field",
           TextField("name", "Name", typed.Get("name"), errors, "First name, last name, or both")},
          {"dob_field", DateField("dob", "Date of birth", DateInputJson(typed, "dob"), errors,
                                  "For example, 27 3 2015. Leave it blank if you do not know it")},
          {"identifier_field",
           TextField("identifier", "NHS number, UPN or LA child ID", typed.Get("identifier"),
                     errors, "For example, 943 476 5919")}};
}

// The results part of the find page's data.
void AddResults(api::Call& call, const SearchForm& form,
                const std::vector<access::SearchMatch>& matches, std::string_view ref, json& data) {
  const bool may_record = Allowed(call.actor(), Action::kRecordJourney);
  json cleared = json::array();
  json uncleared = json::array();
  for (const auto& match : matches) {
    if (match.cleared && match.person_id) {
      cleared.push_back(ClearedMatch(match, may_record, ref));
    } else {
      uncleared.push_back({{"text", WhomToContact(match)}});
    }
  }
  data["searched"] = true;
  data["results_heading"] = matches.empty() ? std::string("No child matches")
                            : matches.size() == 1
                                ? std::string("1 child matches")
                                : fmt::format("{} children match", matches.size());
  data["no_match"] = matches.empty();
  data["has_cleared"] = !cleared.empty();
  data["cleared"] = std::move(cleared);
  data["uncleared"] = std::move(uncleared);
  data["may_register"] = may_record;
  data["register_href"] = RegisterHref(form.typed, ref);
}

// --- Contacts awaiting a decision ---------------------------------------------------

json ClockTag(const journey::WorkItem& item, Date today) {
  if (item.status == journey::ClockStatus::kOverdue) {
    return {{"text", "Overdue"}, {"class", "govuk-tag--red"}};
  }
  if (item.due == today) return {{"text", "Due today"}, {"class", "govuk-tag--yellow"}};
  return {{"text", "On time"}, {"class", "govuk-tag--green"}};
}

// The undecided contacts of children the user is cleared for, soonest due
// first. The list is read (and audited) by journey::LoadWorkList.
Result<json> Awaiting(api::Call& call, json& data) {
  const access::Actor& actor = call.actor();
  const Date today = call.clock.Today();
  SG_ASSIGN_OR_RETURN(std::vector<journey::WorkItem> items,
                      journey::LoadWorkList(call.gate, actor, call.calendar, today));
  json rows = json::array();
  size_t more = 0;
  for (const journey::WorkItem& item : items) {
    if (item.kind != journey::ClockKind::kContactDecision) continue;
    auto cleared = access::ClearForChild(call.db, actor, item.owner.person_id, Action::kReadRecord,
                                         call.clock);
    if (!cleared) {
      if (cleared.error().code() != core::Code::kPermissionDenied) {
        return std::unexpected(cleared.error());
      }
      continue;
    }
    if (rows.size() == kMaxAwaitingShown) {
      ++more;
      continue;
    }
    rows.push_back({{"child", item.owner.name},
                    {"child_href", ChildPath(item.owner.person_id)},
                    {"contact_date", ShortDate(item.started)},
                    {"due", ShortDate(item.due)},
                    {"tag", ClockTag(item, today)},
                    {"decide_href", fmt::format("/contacts/{}/decision", item.record_id)}});
  }
  data["has_awaiting"] = !rows.empty();
  data["more_awaiting"] =
      more == 0 ? json(nullptr)
                : json(fmt::format("{} more contacts are waiting: see the work tray.", more));
  return rows;
}

// --- GET /front-door and GET /children ------------------------------------------------

struct FindPage {
  bool start = false;  // the front door's start page
};

Result<http::Response> ShowFind(api::Call& call, FindPage page) {
  const access::Actor& actor = call.actor();
  SG_RETURN_IF_ERROR(access::Policy().Decide(actor, Action::kSearch));
  const std::string ref = ConsultationParam(call.request);
  FormErrors errors;
  SearchForm form = ReadSearch(call.request, call.clock.Today(), errors);
  std::vector<access::SearchMatch> matches;
  if (form.query) {
    auto found = Discover(call, *form.query);
    if (!found && found.error().code() == core::Code::kInvalidArgument) {
      errors.Add("name", Sentence(found.error().message()));
    } else if (!found) {
      return std::unexpected(found.error());
    } else {
      matches = *std::move(found);
    }
  }
  json data = SearchFields(form.typed, errors);
  data["start"] = page.start;
  data["heading"] = page.start ? "Front door" : "Find a child";
  data["consultation"] = ref.empty() ? json(nullptr) : json(ref);
  data["searched"] = false;
  if (form.query && errors.empty()) AddResults(call, form, matches, ref, data);
  data["awaiting_section"] = false;
  if (page.start && MayDecide(actor)) {
    SG_ASSIGN_OR_RETURN(json awaiting, Awaiting(call, data));
    data["awaiting"] = std::move(awaiting);
    data["awaiting_section"] = true;
  }
  View view;
  view.title = page.start ? "Front door" : "Find a child";
  view.template_name = "front_door_find";
  view.data = std::move(data);
  view.section = page.start ? Section::kFrontDoor : Section::kChildren;
  view.status = errors.empty() ? 200 : 400;
  view.errors = &errors;
  return Render(call, std::move(view));
}

Result<http::Response> GetFrontDoor(api::Call& call) {
  return ShowFind(call, {.start = true});
}
Result<http::Response> GetFindChild(api::Call& call) {
  return ShowFind(call, {.start = false});
}

// --- GET|POST /children/new -------------------------------------------------------------

Choices Ethnicities(const api::Call& call, Date today) {
  Choices out = {{"", "Not known yet"}};
  for (const core::CodeEntry* entry :
       call.codes.CodesFor(core::CodeList::kEthnicity, journey::CollectionYearOf(today))) {
    if (entry->code != "NOBT") out.emplace_back(entry->code, entry->description);
  }
  return out;
}

http::Response ShowRegister(api::Call& call, const http::Form& typed, const FormErrors& errors,
                            int status) {
  const Date today = call.clock.Today();
  json data = {
      {"consultation", typed.Get("consultation")},
      {"back", WithConsultation("/children", typed.Get("consultation"))},
      {"forename", TextField("forename", "First name", typed.Get("forename"), errors)},
      {"surname", TextField("surname", "Last name", typed.Get("surname"), errors)},
      {"dob", DateField("dob", "Date of birth", DateInputJson(typed, "dob"), errors,
                        "For example, 27 3 2015")},
      {"expected", DateField("expected", "Expected date of birth, if the child is not born yet",
                             DateInputJson(typed, "expected"), errors,
                             "Leave it blank when you have entered the date of birth")},
      {"sex", SmallChoices("sex", "Sex", Options(Sexes(), {typed.Get("sex")}), errors)},
      {"ethnicity",
       ChoiceField("ethnicity", "Ethnicity (optional)",
                   Options(Ethnicities(call, today), {typed.Get("ethnicity")}), errors)},
      {"postcode", TextField("postcode", "Postcode of the child's home (optional)",
                             typed.Get("postcode"), errors)},
      {"nhs_number", TextField("nhs_number", "NHS number (optional)", typed.Get("nhs_number"),
                               errors, "10 digits, for example 943 476 5919")},
      {"upn", TextField("upn", "Unique pupil number (UPN) (optional)", typed.Get("upn"), errors,
                        "13 characters, for example A123456789012")}};
  data["postcode"]["width"] = "10";
  data["nhs_number"]["width"] = "10";
  data["upn"]["width"] = "20";
  View view;
  view.title = "Register a child";
  view.template_name = "front_door_register";
  view.data = std::move(data);
  view.section = Section::kFrontDoor;
  view.status = status;
  view.errors = &errors;
  return Render(call, std::move(view));
}

Result<http::Response> GetRegister(api::Call& call) {
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), Action::kRecordJourney));
  FormErrors none;
  return ShowRegister(call, QueryForm(call.request), none, 200);
}

std::string Compact(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// The NHS number's modulus 11 check digit.
bool RealNhsNumber(std::string_view digits) {
  if (digits.size() != 10) return false;
  int sum = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(digits[i]))) return false;
    if (i < 9) sum += (digits[i] - '0') * static_cast<int>(10 - i);
  }
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  return check != 10 && check == digits[9] - '0';
}

// A UPN: a check letter, 11 digits, then a digit (or a letter for a
// temporary UPN).
bool RealUpn(std::string_view upn) {
  if (upn.size() != 13 || !std::isalpha(static_cast<unsigned char>(upn[0]))) return false;
  for (size_t i = 1; i < 12; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(upn[i]))) return false;
  }
  return std::isalnum(static_cast<unsigned char>(upn[12])) != 0;
}

// A UK postcode's shape: "CW1 2AB" (outward code, space, digit and two letters).
std::optional<std::string> Postcode(std::string_view text) {
  std::string compact = Compact(text);
  if (compact.size() < 5 || compact.size() > 7) return std::nullopt;
  if (!std::isalpha(static_cast<unsigned char>(compact[0]))) return std::nullopt;
  if (!std::ranges::all_of(compact,
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
    return std::nullopt;
  }
  const size_t n = compact.size();
  if (!std::isdigit(static_cast<unsigned char>(compact[n - 3])) ||
      !std::isalpha(static_cast<unsigned char>(compact[n - 2])) ||
      !std::isalpha(static_cast<unsigned char>(compact[n - 1]))) {
    return std::nullopt;
  }
  return compact.substr(0, n - 3) + " " + compact.substr(n - 3);
}

std::optional<store::Person> ReadChild(const api::Call& call, const http::Form& form,
                                       FormErrors& errors) {
  const Date today = call.clock.Today();
  store::Person child;
  auto forename = ReadText(form, "forename", "Enter the child's first name", errors, 100);
  auto surname = ReadText(form, "surname", "Enter the child's last name", errors, 100);
  child.birth_date = ReadDate(form, "dob", "date of birth", errors, today,
                              DateRules{.required = false, .not_in_future = true});
  child.expected_birth_date = ReadDate(form, "expected", "expected date of birth", errors, today,
                                       DateRules{.required = false, .not_in_future = false});
  if (!errors.Has("dob") && !errors.Has("expected")) {
    if (!child.birth_date && !child.expected_birth_date) {
      errors.Add("dob",
                 "Enter the child's date of birth, or the expected date if the child is "
                 "not born yet");
    } else if (child.birth_date && child.expected_birth_date) {
      errors.Add("expected", "Enter a date of birth or an expected date of birth, not both");
    }
  }
  child.sex = form.Get("sex");
  if (!IsChoice(Sexes(), child.sex)) errors.Add("sex", "Select the child's sex");
  const std::string ethnicity = form.Get("ethnicity");
  child.ethnicity = ethnicity.empty() ? "NOBT" : ethnicity;
  if (!call.codes.IsValid(core::CodeList::kEthnicity, child.ethnicity,
                          journey::CollectionYearOf(today))) {
    errors.Add("ethnicity", "Select the child's ethnicity from the list");
  }
  if (std::string text = Trim(form.Get("postcode")); !text.empty()) {
    child.home_postcode = Postcode(text);
    if (!child.home_postcode) errors.Add("postcode", "Enter a real postcode, like CW1 2AB");
  }
  if (std::string nhs = Compact(form.Get("nhs_number")); !nhs.empty()) {
    if (RealNhsNumber(nhs)) {
      child.nhs_number = nhs;
    } else {
      errors.Add("nhs_number", "Enter a real NHS number: 10 digits, like 943 476 5919");
    }
  }
  if (std::string upn = Compact(form.Get("upn")); !upn.empty()) {
    if (RealUpn(upn)) {
      child.upn = upn;
    } else {
      errors.Add("upn", "Enter a real UPN: 13 characters, like A123456789012");
    }
  }
  if (!errors.empty()) return std::nullopt;
  child.forename = *forename;
  child.surname = *surname;
  return child;
}

Result<http::Response> PostRegister(api::Call& call) {
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), Action::kRecordJourney));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  std::optional<store::Person> child = ReadChild(call, form, errors);
  if (!child) return ShowRegister(call, form, errors, 400);
  auto id = call.journey.RegisterChild(call.actor(), *child);
  if (!id) {
    if (id.error().code() != core::Code::kInvalidArgument) return std::unexpected(id.error());
    errors.Add("forename", Sentence(id.error().message()));
    return ShowRegister(call, form, errors, 400);
  }
  std::string ref = Trim(form.Get("consultation"));
  if (ref.size() > kMaxConsultationRef) ref.clear();
  return SeeOther(WithConsultation(ChildPath(*id) + "/contacts", ref),
                  fmt::format("{} registered", ChildName(*child)));
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
  View view;
  view.title = "Record a contact";
  view.template_name = "front_door_contact";
  view.data = std::move(data);
  view.section = Section::kFrontDoor;
  view.status = status;
  view.errors = &errors;
  return Render(call, std::move(view));
}

// The form about child `id`, read through the door that checks the user may
// record the child's journey (and audits the look).
Result<http::Response> ShowContactForm(api::Call& call, Id id, const ContactForm& in,
                                       const FormErrors& errors,
                                       std::function<int(const api::ChildRecord&)> status) {
  return api::OnChildRecord(call, Action::kRecordJourney, api::ChildById(id), "child", id,
                            [&](const api::ChildRecord& record) -> Result<http::Response> {
                              return RenderContactForm(call, record, in, errors, status(record));
                            });
}

Result<http::Response> GetContact(api::Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, api::IdParam(call.params, "id", "child"));
  FormErrors none;
  ContactForm in{nullptr, ConsultationParam(call.request)};
  return ShowContactForm(call, id, in, none, [](const api::ChildRecord&) { return 200; });
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
  auto same_status = [](int status) {
    return [status](const api::ChildRecord&) { return status; };
  };
  std::optional<NewContact> made = ReadContact(call, id, form, errors);
  if (!made) return ShowContactForm(call, id, typed, errors, same_status(400));

  FormChange change;
  change.child = api::ChildById(id);
  change.command = [&](Id person_id) -> Result<Id> {
    SG_ASSIGN_OR_RETURN(Id contact_id, call.journey.RecordContact(call.actor(), made->contact));
    journey::NewNote note;
    note.person_id = person_id;
    note.date = made->contact.date;
    note.summary = "Contact summary: " + made->summary;
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
    refused.Add("date", Sentence(message));
    // A stale form comes back with the record's version now (409); a
    // journey refusal kept the version, which was current (400).
    const std::string sent = form.Get("version");
    auto shown = ShowContactForm(call, id, typed, refused, [&](const api::ChildRecord& record) {
      return std::to_string(record.version) == sent ? 400 : 409;
    });
    return shown ? *std::move(shown) : ErrorPage(call.request, shown.error(), api::Refusal::kNone);
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
  return json::array(
      {row("Date of the contact", LongDate(contact.contact_date)),
       row("Who contacted", contact.contactor.empty() ? "Not recorded" : contact.contactor),
       row("Source", source ? std::string(*source) : contact.contact_source),
       row("Factors", Listed(contact.factors, FactorText)),
       row("Screening tools", Listed(contact.screening_tools, AsIs)),
       row("Consultation reference", contact.consultation_ref.value_or("None"))});
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
    const auto state = journey::StatusOn(call.calendar, due, today);
    data["decided"] = nullptr;
    data["tag"] = state == journey::ClockStatus::kOverdue
                      ? json{{"text", "Overdue"}, {"class", "govuk-tag--red"}}
                  : due == today ? json{{"text", "Due today"}, {"class", "govuk-tag--yellow"}}
                                 : json{{"text", "On time"}, {"class", "govuk-tag--green"}};
    json date = in.form != nullptr ? DateInputJson(*in.form, "date") : DateInputJson(today);
    data["outcome"] = ChoiceField(
        "outcome", "What is the decision?",
        Options(Outcomes(), {in.form != nullptr ? in.form->Get("outcome") : ""}), errors);
    data["date"] = DateField("date", "Date of the decision", std::move(date), errors);
  }
  View view;
  view.title = "Decide on the contact";
  view.template_name = "front_door_decision";
  view.data = std::move(data);
  view.section = Section::kFrontDoor;
  view.status = status;
  view.errors = &errors;
  return Render(call, std::move(view));
}

Result<http::Response> ShowDecision(api::Call& call, Id contact_id, const DecisionForm& in,
                                    const FormErrors& errors,
                                    std::function<int(const api::ChildRecord&)> status) {
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
  return ShowDecision(call, id, {}, none, [](const api::ChildRecord&) { return 200; });
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
    return ShowDecision(call, id, typed, errors, [](const api::ChildRecord&) { return 400; });
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
                Sentence(message));
    const std::string sent = form.Get("version");
    auto shown = ShowDecision(call, id, typed, refused, [&](const api::ChildRecord& record) {
      return std::to_string(record.version) == sent ? 400 : 409;
    });
    return shown ? *std::move(shown) : ErrorPage(call.request, shown.error(), api::Refusal::kNone);
  };
  return ChangeChildFromForm(call, form, change);
}

}  // namespace

void AddFrontDoorPages(api::RouteTable& routes) {
  routes.Add("GET", "/front-door", Page(GetFrontDoor));
  routes.Add("GET", "/children", Page(GetFindChild));
  routes.Add("GET", "/children/new", Page(GetRegister));
  routes.Add("POST", "/children/new", Page(PostRegister));
  routes.Add("GET", "/children/{id}/contacts", Page(GetContact));
  routes.Add("POST", "/children/{id}/contacts", Page(PostContact));
  routes.Add("GET", "/contacts/{id}/decision", Page(GetDecision));
  routes.Add("POST", "/contacts/{id}/decision", Page(PostDecision));
}

}  // namespace sg::pages
