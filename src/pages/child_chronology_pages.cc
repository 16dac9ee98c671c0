// Child chronology pages: a child's chronology, emergency access to their
// record, and what the pages of the record share (child_view.h).
//
//   GET      /children/{id}/chronology   the shared chronology, filtered
//                                        (dates, kind) and paged
//   GET|POST /children/{id}/break-glass  emergency access for a user who is
//                                        not working with the child
//
// Design. The chronology is read through the same door as the API
// (journey::ReadChronology), so need-to-know and the classification filter
// are theirs: a restricted entry the user may not see never reaches this
// file, only a notice naming the agency to ask. The filters are a GET form
// (dates as GOV.UK date inputs, the kinds present as a select), so a
// filtered page has an address that can be shared and paged.
//
// Break-glass is api::BreakTheGlass, as the API's break-glass route does:
// the same checks, grant, audit row and message to the teams involved. This
// file only validates the form the GOV.UK way (messages by the fields,
// every value kept) and words the answer.
//
// The refusal page, the tabs and the words both pages use are defined here
// too (declared in child_view.h): the refusal leads to break-glass, and
// keeping them out of child_pages.cc keeps that file about the record.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "access/need_to_know.h"
#include "access/policy.h"
#include "api/paging.h"
#include "api/views.h"
#include "core/clock.h"
#include "journey/journey.h"
#include "pages/child_view.h"
#include "pages/page.h"

namespace sg::pages::child_view {

using nlohmann::json;

// --- What the pages of the record share (child_view.h) -------------------------

std::string Humanised(std::string_view name) {
  std::string out = Capitalised(name);
  std::ranges::replace(out, '_', ' ');
  return out;
}

std::string Joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string FullName(const store::Person& person) {
  return Joined({person.forename, person.surname}, " ");
}

std::string WithheldNotice(const access::Withheld& w) {
  return fmt::format(
      "{} information is held by {}: ask them if you need to know ({} item{} "
      "you cannot see).",
      Capitalised(w.classification),
      w.owner_agency_name.empty() ? w.owner_agency : w.owner_agency_name, w.count,
      w.count == 1 ? "" : "s");
}

bool Allowed(const api::Call& call, access::Action action) {
  return access::Policy().Decide(call.actor(), action).has_value();
}

json TabsJson(const api::Call& call, store::Id child, Tab current) {
  const std::string base = ChildPath(child);
  json tabs = json::array();
  auto add = [&](std::string href, std::string_view text, bool selected) {
    tabs.push_back({{"href", std::move(href)}, {"text", text}, {"current", selected}});
  };
  add(base, "Record", current == Tab::kRecord);
  add(base + "/chronology", "Chronology", current == Tab::kChronology);
  if (Allowed(call, access::Action::kManageInvolvements)) {
    add(base + "/involvements", "Involvements", false);
  }
  if (Allowed(call, access::Action::kReadAccessLog)) add(base + "/access-log", "Access log", false);
  return tabs;
}

namespace {

// The page for a user who may not see the child: whom to ask, and, where
// their role may, how to request emergency access. Nothing of the child.
http::Response Refusal(const api::Call& call, store::Id child, const core::Error& error) {
  View view;
  view.title = "You cannot see this child's record";
  view.template_name = "child_refused";
  view.section = Section::kChildren;
  view.status = 403;
  view.data = {{"message", Capitalised(error.message()) + "."},
               {"break_glass", Allowed(call, access::Action::kBreakGlass)},
               {"break_glass_href", ChildPath(child) + "/break-glass"}};
  return Render(call, std::move(view));
}

// `result`, or the refusal page when it is need-to-know's refusal.
core::Result<http::Response> OrRefusal(const api::Call& call, store::Id child,
                                       core::Result<http::Response> result) {
  if (!result && result.error().code() == core::Code::kPermissionDenied) {
    return Refusal(call, child, result.error());
  }
  return result;
}

}  // namespace

core::Result<http::Response> ShowChildPage(api::Call& call, const ShowFn& show) {
  SG_ASSIGN_OR_RETURN(store::Id id, api::IdParam(call.params, "id", "child"));
  SG_RETURN_IF_ERROR(api::ChildById(id)(call.db));
  auto cleared = call.gate.Clear(call.actor(), access::Action::kReadRecord, id);
  if (!cleared) return OrRefusal(call, id, std::unexpected(cleared.error()));
  return OrRefusal(call, id, show(id));
}

namespace {

constexpr int kChronologyPageSize = 25;
constexpr int kMinReasonChars = 20;
constexpr int kMaxReasonChars = 2000;
constexpr int kDefaultGlassMinutes = 60;
constexpr int kMaxGlassMinutes = 240;

// The whole of `text` as a number ("12"), else nullopt ("", "12a", " 1").
std::optional<int> WholeNumber(std::string_view text) {
  int number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return number;
}

// --- GET /children/{id}/chronology -------------------------------------------------

std::string ChronologyKindText(std::string_view kind) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kNames = {
      {"birth", "Birth"},
      {"unborn", "Unborn child"},
      {"allocation", "Allocation"},
      {"involvement", "Involvement"},
      {"involvement_end", "Involvement ended"},
      {"contact", "Contact"},
      {"contact_decision", "Contact decision"},
      {"early_help", "Early help"},
      {"referral", "Referral"},
      {"assessment", "Assessment"},
      {"cin_plan", "Child in need plan"},
      {"strategy_discussion", "Strategy discussion"},
      {"section47", "Section 47 enquiry"},
      {"icpc", "Initial child protection conference"},
      {"cp_plan", "Child protection plan"},
      {"core_group", "Core group meeting"},
      {"cp_review", "Child protection review"},
      {"care", "Cared for"},
      {"care_review", "Cared-for review"},
      {"missing", "Missing or away"},
      {"care_leaver", "Care leaver contact"},
      {"note", "Note"},
  };
  for (const auto& [known, text] : kNames) {
    if (known == kind) return std::string(text);
  }
  return Humanised(kind);
}

struct ChronologyFilter {
  std::optional<core::Date> from;
  std::optional<core::Date> to;
  std::string kind;  // "" for every kind
  int page = 1;
};

http::Form QueryForm(const http::Request& request) {
  std::vector<http::FormField> fields;
  for (const auto& [name, value] : request.query) fields.push_back({name, value, std::nullopt});
  return http::Form(std::move(fields));
}

ChronologyFilter ReadFilter(const http::Form& query, FormErrors& errors, core::Date today) {
  ChronologyFilter filter;
  const DateRules optional{.required = false, .not_in_future = false};
  filter.from = ReadDate(query, "from", "date to show entries from", errors, today, optional);
  filter.to = ReadDate(query, "to", "date to show entries to", errors, today, optional);
  if (filter.from && filter.to && *filter.to < *filter.from) {
    errors.Add("to",
               "Date to show entries to must be the same as or after the date to show "
               "entries from");
    filter.to.reset();
  }
  filter.kind = query.Get("kind");
  if (auto page = WholeNumber(query.Get("page")); page && *page >= 1) filter.page = *page;
  return filter;
}

bool Shown(const store::ChronologyEntry& e, const ChronologyFilter& filter) {
  if (filter.from && e.occurred_on < *filter.from) return false;
  if (filter.to && e.occurred_on > *filter.to) return false;
  return filter.kind.empty() || e.kind == filter.kind;
}

json KindOptions(const std::vector<store::ChronologyEntry>& entries, const std::string& chosen) {
  std::vector<std::string> kinds;
  for (const auto& e : entries) {
    if (std::ranges::find(kinds, e.kind) == kinds.end()) kinds.push_back(e.kind);
  }
  std::ranges::sort(kinds, {}, [](const std::string& k) { return ChronologyKindText(k); });
  std::vector<std::pair<std::string, std::string>> options = {{"", "All entries"}};
  for (const auto& k : kinds) options.emplace_back(k, ChronologyKindText(k));
  return Options(options, {chosen});
}

// The chronology's link to another page of the same filter.
std::string PageHref(const http::Request& request, store::Id child, int page) {
  std::string query;
  for (const auto& [name, value] : request.query) {
    if (name == "page" || value.empty()) continue;
    query += fmt::format("{}={}&", http::UrlEncode(name), http::UrlEncode(value));
  }
  query += fmt::format("page={}", page);
  return fmt::format("{}/chronology?{}", ChildPath(child), query);
}

json EntryJson(const store::ChronologyEntry& e) {
  return {{"date", LongDate(e.occurred_on)},
          {"kind", ChronologyKindText(e.kind)},
          {"summary", e.summary},
          {"author", Joined({e.author, e.author_agency})},
          {"classification",
           e.classification.empty() ? json(nullptr) : json(Capitalised(e.classification))}};
}

// The entries of page `wanted` (the last when past it) and the links to the
// pages either side: {"entries", "pagination", "previous", "next", "page",
// "pages"}.
json PageOfEntries(const http::Request& request, store::Id child,
                   const std::vector<const store::ChronologyEntry*>& shown, int wanted) {
  const int pages =
      std::max(1, static_cast<int>((shown.size() + kChronologyPageSize - 1) / kChronologyPageSize));
  const int page = std::min(wanted, pages);
  json entries = json::array();
  const size_t first = static_cast<size_t>(page - 1) * kChronologyPageSize;
  for (size_t i = first; i < shown.size() && i < first + kChronologyPageSize; ++i) {
    entries.push_back(EntryJson(*shown[i]));
  }
  return {{"entries", std::move(entries)},
          {"pagination", pages > 1},
          {"previous", page > 1 ? json(PageHref(request, child, page - 1)) : json(nullptr)},
          {"next", page < pages ? json(PageHref(request, child, page + 1)) : json(nullptr)},
          {"page", page},
          {"pages", pages}};
}

core::Result<http::Response> ChronologyPage(api::Call& call, store::Id id) {
  store::Person child;
  SG_ASSIGN_OR_RETURN(auto read, call.journey.ReadChronology(call.actor(), id, &child));
  std::vector<store::ChronologyEntry>& all = read.entries;
  std::ranges::sort(all, {}, [](const store::ChronologyEntry& e) {
    return std::pair(e.occurred_on.days(), e.id);
  });
  const http::Form query = QueryForm(call.request);
  FormErrors errors;
  const ChronologyFilter filter = ReadFilter(query, errors, call.clock.Today());
  std::vector<const store::ChronologyEntry*> shown;
  for (const auto& e : all) {
    if (Shown(e, filter)) shown.push_back(&e);
  }

  View view;
  view.title = "Chronology of " + FullName(child);
  view.template_name = "child_chronology";
  view.section = Section::kChildren;
  view.status = errors.empty() ? 200 : 400;
  view.errors = &errors;
  view.data = {
      {"child", {{"id", id}, {"name", FullName(child)}}},
      {"tabs", TabsJson(call, id, Tab::kChronology)},
      {"action", ChildPath(id) + "/chronology"},
      {"from", DateField("from", "From", DateInputJson(query, "from"), errors)},
      {"to", DateField("to", "To", DateInputJson(query, "to"), errors)},
      {"kind", ChoiceField("kind", "What happened", KindOptions(all, filter.kind), errors)},
      {"has_entries", !shown.empty()},
      {"count", shown.size()},
      {"total", all.size()},
      {"filtered", shown.size() != all.size()},
      {"withheld", ArrayOf(read.withheld, WithheldNotice)},
      {"may_note", Allowed(call, access::Action::kAddNote)},
      {"note_href", ChildPath(id) + "/notes"},
  };
  view.data.update(PageOfEntries(call.request, id, shown, filter.page));
  return Render(call, std::move(view));
}

core::Result<http::Response> ShowChronology(api::Call& call) {
  return ShowChildPage(call, [&](store::Id id) { return ChronologyPage(call, id); });
}

// --- GET|POST /children/{id}/break-glass --------------------------------------------

struct LawfulBasis {
  std::string_view value;
  std::string_view text;  // shown, and recorded on the grant
};
constexpr std::array<LawfulBasis, 3> kLawfulBases = {{
    {"vital-interests", "Vital interests: to protect someone's life (UK GDPR 6(1)(d))"},
    {"public-task",
     "Public task: safeguarding duties (UK GDPR 6(1)(e), 9(2)(g); Children Act 1989)"},
    {"legal-obligation", "Legal obligation (UK GDPR 6(1)(c))"},
}};

std::optional<std::string_view> LawfulBasisText(std::string_view value) {
  for (const auto& basis : kLawfulBases) {
    if (basis.value == value) return basis.text;
  }
  return std::nullopt;
}

// Characters, not bytes, as access::BreakGlass counts a reason.
int CharacterCount(std::string_view text) {
  return static_cast<int>(std::ranges::count_if(
      text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

struct GlassForm {
  std::string reason;
  std::string lawful_basis;  // the value of the radio chosen
  std::string minutes = std::to_string(kDefaultGlassMinutes);
};

http::Response GlassPage(const api::Call& call, store::Id child, const GlassForm& form,
                         const FormErrors& errors, int status) {
  std::vector<std::pair<std::string, std::string>> bases;
  for (const auto& basis : kLawfulBases) bases.emplace_back(basis.value, basis.text);
  json reason = TextField("reason", "Why do you need this child's record now?", form.reason, errors,
                          "At least 20 characters. The teams working with the child "
                          "are told your reason straight away.");
  reason["rows"] = 5;
  json minutes =
      TextField("minutes", "For how many minutes?", form.minutes, errors, "From 1 to 240 minutes");
  minutes["width"] = 3;
  View view;
  view.title = "Request emergency access to a child's record";
  view.template_name = "child_break_glass";
  view.section = Section::kChildren;
  view.status = status;
  view.errors = &errors;
  view.data = {{"child_id", child},
               {"action", ChildPath(child) + "/break-glass"},
               {"reason", std::move(reason)},
               {"lawful_basis", ChoiceField("lawful-basis",
                                            "What is the lawful basis for this "
                                            "access?",
                                            Options(bases, {form.lawful_basis}), errors)},
               {"minutes", std::move(minutes)}};
  return Render(call, std::move(view));
}

core::Result<http::Response> ShowBreakGlass(api::Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, api::IdParam(call.params, "id", "child"));
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), access::Action::kBreakGlass));
  SG_RETURN_IF_ERROR(api::ChildById(id)(call.db));
  return GlassPage(call, id, GlassForm{}, FormErrors{}, 200);
}

// The form's request, or nullopt with `errors` filled.
std::optional<access::BreakGlassRequest> ReadGlass(const GlassForm& form, store::Id child,
                                                   FormErrors& errors) {
  access::BreakGlassRequest request;
  request.person_id = child;
  request.reason = form.reason;
  if (form.reason.empty()) {
    errors.Add("reason", "Enter why you need this child's record now");
  } else if (CharacterCount(form.reason) < kMinReasonChars) {
    errors.Add("reason",
               "Reason must be 20 characters or more: say why you need this child's "
               "record now");
  } else if (CharacterCount(form.reason) > kMaxReasonChars) {
    errors.Add("reason", "Reason must be 2,000 characters or less");
  }
  if (auto basis = LawfulBasisText(form.lawful_basis)) {
    request.lawful_basis = std::string(*basis);
  } else {
    errors.Add("lawful-basis", "Select the lawful basis for this access");
  }
  auto minutes = WholeNumber(form.minutes);
  if (form.minutes.empty()) {
    errors.Add("minutes", "Enter for how many minutes you need the record");
  } else if (!minutes || *minutes < 1 || *minutes > kMaxGlassMinutes) {
    errors.Add("minutes", "Minutes must be a whole number from 1 to 240");
  } else {
    request.minutes = *minutes;
  }
  if (!errors.empty()) return std::nullopt;
  return request;
}

core::Result<http::Response> GrantBreakGlass(api::Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, api::IdParam(call.params, "id", "child"));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  GlassForm typed{Trim(form.Get("reason")), form.Get("lawful-basis"), Trim(form.Get("minutes"))};
  FormErrors errors;
  std::optional<access::BreakGlassRequest> request = ReadGlass(typed, id, errors);
  if (!request) return GlassPage(call, id, typed, errors, 400);
  core::Result<api::GlassBroken> broken = api::BreakTheGlass(call, *request);
  if (!broken) {
    switch (broken.error().code()) {
      case core::Code::kFailedPrecondition:  // already cleared; nobody to tell
      case core::Code::kInvalidArgument:
        errors.Add("reason", Capitalised(broken.error().message()));
        return GlassPage(call, id, typed, errors, 400);
      default:
        return std::unexpected(broken.error());
    }
  }
  return SeeOther(ChildPath(id),
                  fmt::format("Emergency access granted until {}. The teams working with the "
                              "child have been told.",
                              LongDateTime(broken->expires_at)));
}

}  // namespace

void AddChronologyPages(api::RouteTable& routes) {
  routes.Add("GET", "/children/{id}/chronology", Page(ShowChronology));
  routes.Add("GET", "/children/{id}/break-glass", Page(ShowBreakGlass));
  routes.Add("POST", "/children/{id}/break-glass", Page(GrantBreakGlass));
}

}  // namespace sg::pages::child_view
