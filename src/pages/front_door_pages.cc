// Front door pages: find the child first and register a child nobody has
// recorded; the contact about a child and its decision are in
// contact_pages.cc (front_door.h has what the two files share).
//
//   GET      /front-door              start: the search form ("find the child
//                                     first") and the contacts awaiting a
//                                     decision, each with its clock
//   GET      /children                find a child: discovery without
//                                     disclosure
//   GET|POST /children/new            register a child the search did not find
//
// Design. The pages only present and validate; every rule is a module's.
//
//   * Search is api::FindChildren, the same audited discovery as GET
//     /api/v1/children/search (the audit row records the count of matches,
//     never what was searched for). A match the user is not cleared for
//     shows only whom to contact: the teams working with the child now (or
//     the front door). No name, no date of birth, no id, no link: the match
//     carries none of them (SearchMatch fills them only when cleared), so
//     the template cannot show them by mistake.
//   * Search before create: "Register a new child" is offered from the
//     results (a button when nothing matched) and carries what was typed to
//     the registration form, which calls journey::Journey::RegisterChild.
//   * A consultation reference (several children in one consultation) rides
//     along in the links: from the contact form back to the search, to the
//     registration form and on to the next child's contact form.
//   * The start page lists the undecided contacts of children the user is
//     cleared for (the front door is cleared for every child), from
//     journey::LoadWorkList, each with its decision clock
//     (journey::ContactDecisionDue, the end of the next working day) tagged
//     "Overdue", "Due today" or "On time" in words, never by colour alone.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/need_to_know.h"
#include "access/policy.h"
#include "api/paging.h"
#include "journey/clocks.h"
#include "journey/journey.h"
#include "journey/work_list.h"
#include "pages/front_door.h"
#include "pages/page.h"
#include "pages/pages.h"

namespace sg::pages::front_door {

using access::Action;
using core::Date;
using core::Result;
using nlohmann::json;
using store::Id;

// --- Shared with contact_pages.cc (front_door.h) -----------------------------------

std::string_view TextOf(const Choices& choices, std::string_view value) {
  for (const auto& [known, text] : choices) {
    if (known == value) return text;
  }
  return {};
}

bool IsChoice(const Choices& choices, std::string_view value) {
  return !TextOf(choices, value).empty();
}

std::string ChildName(const store::Person& person) {
  return Trim(fmt::format("{} {}", person.forename, person.surname));
}

std::string ConsultationParam(const http::Request& request) {
  std::string ref = Trim(request.Query("consultation").value_or(""));
  return ref.size() > kMaxConsultationRef ? "" : ref;
}

std::string WithConsultation(std::string path, std::string_view ref) {
  if (ref.empty()) return path;
  return fmt::format("{}{}consultation={}", path, path.find('?') == std::string::npos ? '?' : '&',
                     http::UrlEncode(ref));
}

json SmallChoices(std::string id, std::string legend, json options, const FormErrors& errors,
                  std::string hint) {
  json field =
      ChoiceField(std::move(id), std::move(legend), std::move(options), errors, std::move(hint));
  field["small"] = true;
  return field;
}

json ClockTag(journey::ClockStatus status, Date due, Date today) {
  if (status == journey::ClockStatus::kOverdue) {
    return {{"text", "Overdue"}, {"class", "govuk-tag--red"}};
  }
  if (due == today) return {{"text", "Due today"}, {"class", "govuk-tag--yellow"}};
  return {{"text", "On time"}, {"class", "govuk-tag--green"}};
}

http::Response RenderForm(const api::Call& call, std::string title, std::string template_name,
                          json data, const FormErrors& errors, int status) {
  View view;
  view.title = std::move(title);
  view.template_name = std::move(template_name);
  view.data = std::move(data);
  view.section = Section::kFrontDoor;
  view.status = status;
  view.errors = &errors;
  return Render(call, std::move(view));
}

namespace {

constexpr size_t kMaxAwaitingShown = 50;

const Choices& Sexes() {
  static const Choices sexes = {{"F", "Female"}, {"M", "Male"}, {"U", "Not known"}};
  return sexes;
}

// The request's query as a form, so that a GET form is read like a POST.
http::Form QueryForm(const http::Request& request) {
  std::vector<http::FormField> fields;
  for (const auto& [name, value] : request.query) fields.push_back({name, value, std::nullopt});
  return http::Form(std::move(fields));
}

bool Allowed(const access::Actor& actor, Action action) {
  return access::Policy().Decide(actor, action).has_value();
}

// Who decides contacts: those who may record the journey and see a work tray.
bool MayDecide(const access::Actor& actor) {
  return Allowed(actor, Action::kRecordJourney) && Allowed(actor, Action::kReadWorkList);
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
          {"la_child_id", match.la_child_id.empty() ? "Not recorded" : match.la_child_id},
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
                    {"tag", ClockTag(item.status, item.due, today)},
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
    auto found = api::FindChildren(call, *form.query);
    if (!found && found.error().code() == core::Code::kInvalidArgument) {
      errors.Add("name", Readable(found.error().message()));
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
  return RenderForm(call, "Register a child", "front_door_register", std::move(data), errors,
                    status);
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
    errors.Add("forename", Readable(id.error().message()));
    return ShowRegister(call, form, errors, 400);
  }
  std::string ref = Trim(form.Get("consultation"));
  if (ref.size() > kMaxConsultationRef) ref.clear();
  return SeeOther(WithConsultation(ChildPath(*id) + "/contacts", ref),
                  fmt::format("{} registered", ChildName(*child)));
}

}  // namespace
}  // namespace sg::pages::front_door

namespace sg::pages {

void AddFrontDoorPages(api::RouteTable& routes) {
  routes.Add("GET", "/front-door", Page(front_door::GetFrontDoor));
  routes.Add("GET", "/children", Page(front_door::GetFindChild));
  routes.Add("GET", "/children/new", Page(front_door::GetRegister));
  routes.Add("POST", "/children/new", Page(front_door::PostRegister));
  front_door::AddContactPages(routes);
}

}  // namespace sg::pages
