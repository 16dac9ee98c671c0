// Child pages: a child's record, their chronology, and break-glass.
//
//   GET      /children/{id}              the record: banner, status badges,
//                                        next statutory steps, the journey so
//                                        far, the steps that may be recorded
//                                        now, the people involved
//   GET      /children/{id}/chronology   the shared chronology, filtered
//                                        (dates, kind) and paged
//   GET|POST /children/{id}/break-glass  emergency access for a user who is
//                                        not working with the child
//
// Design. These pages only present: every read goes through the same doors
// as the API (api::OnChildRecord for the record, journey::ReadChronology for
// the chronology), so need-to-know, the classification filter and the
// audit row are theirs, and what the page shows is what the API would
// show. The status flags (child in need, protection, cared for, care
// leaver, restricted items) are taken from api::ChildRecordJson's "status"
// so that the page and the API cannot disagree about them; the next steps
// are api::NextSteps. What is added here is wording (dates as GOV.UK
// writes them, codes with their descriptions from the code lists) and
// links: each statutory step and each record links to the page of the form
// that records its next step (a step's page is at the API's path without
// "/api/v1").
//
// A user who is not working with the child is not shown an error page
// that leaves them stuck: these GET routes render the refusal themselves
// (403, the Gate's message saying whom to ask, and, for roles that may,
// a link to request emergency access). Nothing of the child is on that page.
// The pages ask Gate::Clear before reading, which puts the refusal on the
// record, and because the refusal page is an answer rather than an error,
// that audit row commits with it. Break-glass itself is access::BreakGlass
// inside a Gate::Run, as the API's break-glass route does.
#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/need_to_know.h"
#include "access/policy.h"
#include "api/paging.h"
#include "core/clock.h"
#include "core/code_lists.h"
#include "journey/clocks.h"
#include "journey/journey.h"
#include "pages/page.h"
#include "pages/pages.h"

namespace sg::pages {
namespace {

using nlohmann::json;

constexpr int kChronologyPageSize = 25;
constexpr int kMinReasonChars = 20;
constexpr int kMaxReasonChars = 2000;
constexpr int kDefaultGlassMinutes = 60;
constexpr int kMaxGlassMinutes = 240;

// --- Words ------------------------------------------------------------------

std::string Capitalised(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

// "domestic_abuse" -> "Domestic abuse".
std::string Humanised(std::string_view name) {
  std::string out = Capitalised(name);
  std::ranges::replace(out, '_', ' ');
  return out;
}

// "Neglect (NEG)": a code with its description in the collection year of
// `on`; the code alone when the list does not know it then.
std::string Described(const core::CodeLists& codes, core::CodeList list, std::string_view code,
                      core::Date on) {
  if (code.empty()) return "";
  auto text = codes.Describe(list, code, journey::CollectionYearOf(on));
  if (!text) return std::string(code);
  return fmt::format("{} ({})", *text, code);
}

std::string OutcomeText(std::string_view outcome) {
  if (outcome == journey::kOutcomeAdvice) return "Advice";
  if (outcome == journey::kOutcomeEarlyHelp) return "Early help";
  if (outcome == journey::kOutcomeReferral) return "Referral to children's social care";
  if (outcome == journey::kOutcomeNoFurtherAction) return "No further action";
  return Humanised(outcome);
}

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

std::string MissingKindText(std::string_view kind) {
  if (kind == "M") return "Missing";
  if (kind == "A") return "Away without authorisation";
  return std::string(kind);
}

// Characters, not bytes, as access::BreakGlass counts a reason.
int CharacterCount(std::string_view text) {
  return static_cast<int>(std::ranges::count_if(
      text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string Joined(const std::vector<std::string>& parts, std::string_view separator = ", ") {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string DateOr(const std::optional<core::Date>& date, std::string_view otherwise) {
  return date ? LongDate(*date) : std::string(otherwise);
}

bool Allowed(const api::Call& call, access::Action action) {
  return access::Policy().Decide(call.actor(), action).has_value();
}

std::string FullName(const store::Person& person) {
  return Joined({person.forename, person.surname}, " ");
}

// --- The secondary navigation -------------------------------------------------

enum class Tab { kRecord, kChronology };

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

// --- The refusal ----------------------------------------------------------------

// The page for a user who may not see the child: whom to ask, and, where
// their role may, how to request emergency access. Nothing of the child.
http::Response Refusal(const api::Call& call, store::Id child, const core::Error& error) {
  View view;
  view.title = "You cannot see this child's record";
  view.template_name = "child_refused";
  view.section = Section::kChildren;
  view.status = 403;
  const bool may_break_glass = Allowed(call, access::Action::kBreakGlass);
  view.data = {{"message", Capitalised(error.message()) + "."},
               {"break_glass", may_break_glass},
               {"break_glass_href", ChildPath(child) + "/break-glass"}};
  return Render(call, std::move(view));
}

// The refusal page when the user may not read the child's record, before
// anything of it is read (kNotFound for no such child, as the API answers);
// nullopt to go on. Gate::Clear puts the refusal on the record, and the
// refusal page being an answer, not an error, that row is kept.
core::Result<std::optional<http::Response>> RefusedBeforeReading(api::Call& call,
                                                                 store::Id child) {
  SG_RETURN_IF_ERROR(api::ChildById(child)(call.db));
  auto cleared = call.gate.Clear(call.actor(), access::Action::kReadRecord, child);
  if (cleared) return std::nullopt;
  if (cleared.error().code() != core::Code::kPermissionDenied) {
    return std::unexpected(cleared.error());
  }
  return Refusal(call, child, cleared.error());
}

// `result`, or the refusal page when need-to-know refused.
core::Result<http::Response> OrRefusal(const api::Call& call, store::Id child,
                                       core::Result<http::Response> result) {
  if (!result && result.error().code() == core::Code::kPermissionDenied) {
    return Refusal(call, child, result.error());
  }
  return result;
}

// --- The record: banner and badges ----------------------------------------------

// The council team the child is allocated to: the open involvement of a
// council agency (Journey::Allocate keeps at most one).
const api::InvolvementNow* Allocation(const api::ChildRecord& record) {
  for (const auto& now : record.involved) {
    if (now.agency.starts_with("LA-")) return &now;
  }
  return nullptr;
}

json BannerJson(const api::ChildRecord& record, core::Date today) {
  const store::Person& p = record.person;
  json rows = json::array();
  auto row = [&](std::string_view key, std::string value) {
    if (!value.empty()) rows.push_back({{"key", key}, {"value", std::move(value)}});
  };
  if (p.birth_date) {
    const int age = core::AgeInYears(*p.birth_date, today);
    row("Date of birth", fmt::format("{} ({} year{} old)", LongDate(*p.birth_date), age,
                                     age == 1 ? "" : "s"));
  } else if (p.expected_birth_date) {
    row("Expected date of birth", fmt::format("{} (unborn)", LongDate(*p.expected_birth_date)));
  }
  if (p.death_date) row("Date of death", LongDate(*p.death_date));
  row("Safeguard reference", std::to_string(p.id));
  row("Local authority child ID", p.la_child_id.value_or(""));
  row("Unique pupil number (UPN)", p.upn.value_or(""));
  row("NHS number", p.nhs_number.value_or(""));
  row("Home postcode", p.home_postcode.value_or("Not recorded"));
  if (const api::InvolvementNow* allocated = Allocation(record)) {
    row("Allocated to", Joined({allocated->worker, allocated->team}));
  } else {
    row("Allocated to", "Not allocated");
  }
  return rows;
}

// The status badges, from the API's status flags.
json BadgesJson(const json& status) {
  json badges = json::array();
  auto add = [&](std::string_view flag, std::string_view text, std::string_view colour) {
    if (status.value(std::string(flag), false)) {
      badges.push_back({{"text", text}, {"colour", colour}});
    }
  };
  add("child_in_need", "Child in need", "blue");
  add("child_protection", "Child protection plan", "red");
  add("cared_for", "Cared for", "purple");
  add("care_leaver", "Care leaver", "green");
  add("restricted_items_present", "Restricted information held", "orange");
  return badges;
}

std::string WithheldNotice(const access::Withheld& w) {
  return fmt::format("{} information is held by {}: ask them if you need to know ({} item{} "
                     "you cannot see).",
                     Capitalised(w.classification),
                     w.owner_agency_name.empty() ? w.owner_agency : w.owner_agency_name, w.count,
                     w.count == 1 ? "" : "s");
}

json RestrictedJson(const std::vector<access::Withheld>& withheld,
                    const std::vector<access::Withheld>& visible) {
  json withheld_notices = json::array();
  for (const auto& w : withheld) withheld_notices.push_back(WithheldNotice(w));
  json visible_notices = json::array();
  for (const auto& w : visible) {
    visible_notices.push_back(fmt::format(
        "Your agency holds {} {} item{} about this child. Only your agency's users who work with "
        "the child can see {}.",
        w.count, w.classification, w.count == 1 ? "" : "s", w.count == 1 ? "it" : "them"));
  }
  return {{"withheld", std::move(withheld_notices)},
          {"visible", std::move(visible_notices)},
          {"any", !withheld.empty() || !visible.empty()}};
}

// --- The record: next statutory steps -------------------------------------------

struct StepLink {
  std::string record;  // which record the step is for
  std::string href;    // the form that records it
  std::string action;  // the link's words
};

const store::Section47* FindSection47(const api::ChildRecord& record, store::Id id,
                                      store::Id* referral_id) {
  for (const auto& r : record.referrals) {
    for (const auto& s : r.section47s) {
      if (s.id == id) {
        *referral_id = r.referral.id;
        return &s;
      }
    }
  }
  return nullptr;
}

const store::Assessment* FindAssessment(const api::ChildRecord& record, store::Id id) {
  for (const auto& r : record.referrals) {
    for (const auto& a : r.assessments) {
      if (a.id == id) return &a;
    }
  }
  return nullptr;
}

const store::Contact* FindContact(const api::ChildRecord& record, store::Id id) {
  for (const auto& c : record.contacts) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// Which record a statutory step is for, and the form that records it.
StepLink LinkFor(const api::ChildRecord& record, const journey::WorkItem& item) {
  const store::Id id = item.record_id;
  switch (item.kind) {
    case journey::ClockKind::kContactDecision: {
      const store::Contact* c = FindContact(record, id);
      return {c ? "Contact on " + LongDate(c->contact_date) : "Contact",
              fmt::format("/contacts/{}/decision", id), "Record the decision"};
    }
    case journey::ClockKind::kAssessment: {
      const store::Assessment* a = FindAssessment(record, id);
      return {a ? "Assessment started " + LongDate(a->start) : "Assessment",
              fmt::format("/assessments/{}/authorisation", id), "Record the authorisation"};
    }
    case journey::ClockKind::kInitialConference: {
      store::Id referral_id = 0;
      const store::Section47* s = FindSection47(record, id, &referral_id);
      return {s ? "Section 47 enquiry started " + LongDate(s->start) : "Section 47 enquiry",
              fmt::format("/referrals/{}/conferences", referral_id), "Record the conference"};
    }
    case journey::ClockKind::kFirstCoreGroup: {
      const api::CpPlanRecord* plan = api::FindCpPlanRecord(record, id);
      return {plan ? "Child protection plan from " + LongDate(plan->plan.start)
                   : "Child protection plan",
              fmt::format("/cp-plans/{}/core-groups", id), "Record a core group meeting"};
    }
    case journey::ClockKind::kCpReview: {
      const api::CpPlanRecord* plan = api::FindCpPlanRecord(record, id);
      return {plan ? "Child protection plan from " + LongDate(plan->plan.start)
                   : "Child protection plan",
              fmt::format("/cp-plans/{}/reviews", id), "Record the review"};
    }
    case journey::ClockKind::kCareReview:
      return {"Period of care from " + LongDate(item.started),
              ChildPath(record.person.id) + "/care/reviews", "Record the review"};
  }
  return {"", ChildPath(record.person.id), "Open"};
}

json StepStatusJson(const journey::WorkItem& item, core::Date today,
                    const core::WorkingCalendar& calendar) {
  if (item.status == journey::ClockStatus::kOverdue) {
    return {{"text", "Overdue"}, {"colour", "red"},
            {"detail", fmt::format("{} working day{} late", item.working_days_overdue,
                                   item.working_days_overdue == 1 ? "" : "s")}};
  }
  const int left = calendar.WorkingDaysBetween(today, item.due);
  if (left <= 0) return {{"text", "Due today"}, {"colour", "orange"}, {"detail", nullptr}};
  return {{"text", fmt::format("Due in {} working day{}", left, left == 1 ? "" : "s")},
          {"colour", item.status == journey::ClockStatus::kDueSoon ? "yellow" : "blue"},
          {"detail", nullptr}};
}

json NextStepsJson(const api::ChildRecord& record, core::Date today,
                   const core::WorkingCalendar& calendar, bool may_record) {
  json steps = json::array();
  for (const journey::WorkItem& item : api::NextSteps(record, calendar, today)) {
    StepLink link = LinkFor(record, item);
    steps.push_back({{"title", std::string(journey::ClockTitle(item.kind))},
                     {"record", link.record},
                     {"due", LongDate(item.due)},
                     {"status", StepStatusJson(item, today, calendar)},
                     {"href", may_record ? json(link.href) : json(nullptr)},
                     {"action", link.action}});
  }
  return steps;
}

// --- The record: the steps that may be recorded now -------------------------------

using Links = std::vector<std::pair<std::string, std::string>>;  // href, text

json LinksJson(const Links& links) {
  json out = json::array();
  for (const auto& [href, text] : links) out.push_back({{"href", href}, {"text", text}});
  return out;
}

// Assessments and child in need plans under a referral.
void AddInNeedSteps(const api::ReferralRecord& r, Links& links) {
  bool assessing = false;
  for (const auto& a : r.assessments) {
    if (a.authorised) continue;
    assessing = true;
    links.emplace_back(fmt::format("/assessments/{}/authorisation", a.id),
                       "Record the assessment's authorisation");
  }
  if (!assessing) {
    links.emplace_back(fmt::format("/referrals/{}/assessments", r.referral.id),
                       "Start an assessment");
  }
  bool cin_open = false;
  for (const auto& p : r.cin_plans) {
    if (p.end) continue;
    cin_open = true;
    links.emplace_back(fmt::format("/cin-plans/{}/end", p.id), "End the child in need plan");
  }
  if (!cin_open) {
    links.emplace_back(fmt::format("/referrals/{}/cin-plans", r.referral.id),
                       "Start a child in need plan");
  }
}

// Strategy discussions, section 47 enquiries and initial conferences.
void AddEnquirySteps(const api::ReferralRecord& r, Links& links) {
  links.emplace_back(fmt::format("/referrals/{}/strategy-discussions", r.referral.id),
                     "Record a strategy discussion");
  for (const auto& d : r.strategy_discussions) {
    const bool has_enquiry = std::ranges::any_of(
        r.section47s, [&](const store::Section47& s) { return s.strategy_discussion_id == d.id; });
    if (has_enquiry) continue;
    links.emplace_back(fmt::format("/strategy-discussions/{}/section47", d.id),
                       fmt::format("Start a section 47 enquiry (strategy discussion on {})",
                                   LongDate(d.date)));
  }
  bool conference_due = false;
  for (const auto& s : r.section47s) {
    const bool held = std::ranges::any_of(
        r.conferences, [&](const store::Icpc& c) { return c.section47_id == s.id; });
    if (held || s.icpc_not_required) continue;
    conference_due = true;
    links.emplace_back(fmt::format("/section47/{}/no-conference", s.id),
                       fmt::format("Conclude the section 47 enquiry of {} without a conference",
                                   LongDate(s.start)));
  }
  links.emplace_back(fmt::format("/referrals/{}/conferences", r.referral.id),
                     conference_due ? "Record the initial child protection conference"
                                    : "Record a child protection conference");
}

// Child protection plans: the plan a conference decided on, and the work
// under each open plan.
void AddPlanSteps(const api::ReferralRecord& r, Links& links) {
  for (const auto& c : r.conferences) {
    const bool planned = std::ranges::any_of(
        r.cp_plans, [&](const api::CpPlanRecord& p) { return p.plan.icpc_id == c.id; });
    if (!c.plan_made || planned) continue;
    links.emplace_back(fmt::format("/conferences/{}/cp-plan", c.id),
                       "Start the child protection plan");
  }
  for (const auto& p : r.cp_plans) {
    if (p.plan.end) continue;
    links.emplace_back(fmt::format("/cp-plans/{}/reviews", p.plan.id),
                       "Record a child protection review");
    links.emplace_back(fmt::format("/cp-plans/{}/core-groups", p.plan.id),
                       "Record a core group meeting");
    links.emplace_back(fmt::format("/cp-plans/{}/end", p.plan.id),
                       "End the child protection plan");
  }
}

// What may be recorded under one open referral, in the order of the work.
Links ReferralSteps(const api::ReferralRecord& r) {
  Links links;
  AddInNeedSteps(r, links);
  AddEnquirySteps(r, links);
  AddPlanSteps(r, links);
  links.emplace_back(fmt::format("/referrals/{}/closure", r.referral.id), "Close the referral");
  return links;
}

// What may be recorded about the child outside a referral.
Links ChildSteps(const api::Call& call, const api::ChildRecord& record, bool referral_open,
                 const json& status) {
  const std::string base = ChildPath(record.person.id);
  Links links;
  if (call.actor().role == access::Role::kFrontDoorPractitioner ||
      call.actor().role == access::Role::kTeamManager) {
    links.emplace_back(base + "/contacts", "Record a contact");
  }
  for (const auto& c : record.contacts) {
    if (!c.decision_date) {
      links.emplace_back(fmt::format("/contacts/{}/decision", c.id),
                         fmt::format("Decide the contact of {}", LongDate(c.contact_date)));
    }
  }
  if (!referral_open) links.emplace_back(base + "/referrals", "Record a referral");
  bool early_help_open = false;
  for (const auto& e : record.early_help) {
    if (!e.end) {
      early_help_open = true;
      links.emplace_back(fmt::format("/early-help/{}/end", e.id), "End early help");
    }
  }
  if (!early_help_open) links.emplace_back(base + "/early-help", "Start early help");
  links.emplace_back(base + "/allocation", "Allocate to a team or worker");
  if (status.value("cared_for", false)) {
    links.emplace_back(base + "/care/changes", "Record a change of placement or legal status");
    links.emplace_back(base + "/care/reviews", "Record a cared-for review");
    links.emplace_back(base + "/care/end", "End the period of care");
  } else {
    links.emplace_back(base + "/care", "Start a period of care");
  }
  links.emplace_back(base + "/missing", "Record a missing episode");
  if (status.value("care_leaver", false)) {
    links.emplace_back(base + "/care-leaver-contacts", "Record a care leaver contact");
  }
  return links;
}

json RecordStepsJson(const api::Call& call, const api::ChildRecord& record, const json& status) {
  json groups = json::array();
  bool referral_open = false;
  for (const auto& r : record.referrals) {
    if (r.referral.closure_date) continue;
    referral_open = true;
    groups.push_back({{"heading", "Referral on " + LongDate(r.referral.referral_date)},
                      {"links", LinksJson(ReferralSteps(r))}});
  }
  return {{"general", LinksJson(ChildSteps(call, record, referral_open, status))},
          {"referrals", std::move(groups)}};
}

// --- The record: the journey so far ------------------------------------------------

json ContactsJson(const api::ChildRecord& record, const core::CodeLists& codes) {
  json out = json::array();
  for (const auto& c : record.contacts) {
    std::vector<std::string> factors;
    for (const auto& f : c.factors) factors.push_back(Humanised(f));
    out.push_back(
        {{"date", LongDate(c.contact_date)},
         {"source", Described(codes, core::CodeList::kReferralSource, c.contact_source,
                              c.contact_date)},
         {"contactor", c.contactor},
         {"factors", Joined(factors)},
         {"screening_tools",
          c.screening_tools.empty() ? json(nullptr) : json(Joined(c.screening_tools))},
         {"decision", c.outcome ? fmt::format("{} on {}", OutcomeText(*c.outcome),
                                              DateOr(c.decision_date, "an unknown date"))
                                : "Not decided yet"}});
  }
  return out;
}

json EarlyHelpJson(const api::ChildRecord& record) {
  json out = json::array();
  for (const auto& e : record.early_help) {
    out.push_back({{"start", LongDate(e.start)},
                   {"end", DateOr(e.end, "Open")},
                   {"end_reason", e.end_reason ? Humanised(*e.end_reason) : ""}});
  }
  return out;
}

// One row of a referral's summary card.
void AddRow(json& rows, std::string_view key, std::string value) {
  rows.push_back({{"key", key}, {"value", std::move(value)}, {"lines", nullptr}});
}
void AddLines(json& rows, std::string_view key, const std::vector<std::string>& lines) {
  json items = json::array();
  for (const auto& line : lines) items.push_back(line);
  if (items.empty()) items.push_back("None");
  rows.push_back({{"key", key}, {"value", nullptr}, {"lines", std::move(items)}});
}

std::string CpPlanLine(const api::CpPlanRecord& p, const core::CodeLists& codes) {
  std::string line = fmt::format(
      "From {}{}: {}", LongDate(p.plan.start),
      p.plan.end ? " to " + LongDate(*p.plan.end) : std::string(" (open)"),
      Described(codes, core::CodeList::kCategoryOfAbuse, p.plan.latest_category, p.plan.start));
  std::vector<std::string> reviews;
  for (const auto& d : p.reviews) reviews.push_back(LongDate(d));
  line += reviews.empty() ? "; no review held yet" : "; reviews held " + Joined(reviews);
  line += p.core_groups.empty()
              ? "; no core group meeting yet"
              : fmt::format("; {} core group meeting{}", p.core_groups.size(),
                            p.core_groups.size() == 1 ? "" : "s");
  return line;
}

// The next child protection review due under each open plan, from the
// record's next steps.
std::string ReviewDue(const std::vector<journey::WorkItem>& steps, store::Id plan_id) {
  for (const auto& item : steps) {
    if (item.kind == journey::ClockKind::kCpReview && item.record_id == plan_id) {
      return LongDate(item.due);
    }
  }
  return "";
}

json ReferralCardJson(const api::ReferralRecord& r, const core::CodeLists& codes,
                      const std::vector<journey::WorkItem>& steps) {
  const store::Referral& ref = r.referral;
  json rows = json::array();
  AddRow(rows, "Source",
         Described(codes, core::CodeList::kReferralSource, ref.referral_source, ref.referral_date));
  AddRow(rows, "Primary need",
         ref.primary_need ? Described(codes, core::CodeList::kPrimaryNeed, *ref.primary_need,
                                      ref.referral_date)
                          : "Not recorded");
  if (ref.closure_date) {
    AddRow(rows, "Closed",
           Joined({LongDate(*ref.closure_date),
                   ref.closure_reason ? Described(codes, core::CodeList::kReasonForClosure,
                                                  *ref.closure_reason, *ref.closure_date)
                                      : ""}));
  } else {
    AddRow(rows, "Status", ref.nfa ? "No further action" : "Open");
  }
  std::vector<std::string> lines;
  for (const auto& a : r.assessments) {
    std::vector<std::string> factors;
    for (const auto& f : a.factors) {
      factors.push_back(Described(codes, core::CodeList::kAssessmentFactor, f, a.start));
    }
    lines.push_back(fmt::format("Started {}, {}{}", LongDate(a.start),
                                a.authorised ? "authorised " + LongDate(*a.authorised)
                                             : std::string("not authorised yet"),
                                factors.empty() ? "" : "; factors: " + Joined(factors)));
  }
  AddLines(rows, "Assessments", lines);
  lines.clear();
  for (const auto& p : r.cin_plans) {
    lines.push_back(fmt::format("From {}{}", LongDate(p.start),
                                p.end ? " to " + LongDate(*p.end) : std::string(" (open)")));
  }
  AddLines(rows, "Child in need plans", lines);
  lines.clear();
  for (const auto& d : r.strategy_discussions) lines.push_back(LongDate(d.date));
  AddLines(rows, "Strategy discussions", lines);
  lines.clear();
  for (const auto& s : r.section47s) {
    lines.push_back(fmt::format("Started {}{}", LongDate(s.start),
                                s.icpc_not_required ? "; concluded without a conference" : ""));
  }
  AddLines(rows, "Section 47 enquiries", lines);
  lines.clear();
  for (const auto& c : r.conferences) {
    lines.push_back(fmt::format("{}{}: {}", LongDate(c.date),
                                c.transfer_in ? " (transfer in)" : "",
                                c.plan_made ? "child protection plan made" : "no plan made"));
  }
  AddLines(rows, "Initial child protection conferences", lines);
  lines.clear();
  for (const auto& p : r.cp_plans) {
    std::string line = CpPlanLine(p, codes);
    if (!p.plan.end) {
      if (std::string due = ReviewDue(steps, p.plan.id); !due.empty()) {
        line += "; next review due " + due;
      }
    }
    lines.push_back(std::move(line));
  }
  AddLines(rows, "Child protection plans", lines);
  return {{"title", "Referral on " + LongDate(ref.referral_date)}, {"rows", std::move(rows)}};
}

json CareJson(const api::ChildRecord& record, const core::CodeLists& codes) {
  json episodes = json::array();
  for (const auto& e : record.care_episodes) {
    episodes.push_back(
        {{"start", LongDate(e.start)},
         {"reason", Described(codes, core::CodeList::kReasonNewEpisode, e.reason_new_episode,
                              e.start)},
         {"legal_status",
          Described(codes, core::CodeList::kLegalStatus, e.legal_status, e.start)},
         {"placement",
          Described(codes, core::CodeList::kPlacementType, e.placement_type, e.start)},
         {"end", e.end ? Joined({LongDate(*e.end),
                                 e.reason_ceased
                                     ? Described(codes, core::CodeList::kReasonEpisodeCeased,
                                                 *e.reason_ceased, *e.end)
                                     : ""})
                       : "Open"}});
  }
  json reviews = json::array();
  for (const auto& r : record.care_reviews) {
    reviews.push_back({{"date", LongDate(r.date)},
                       {"participation", r.participation.value_or("Not recorded")}});
  }
  json missing = json::array();
  for (const auto& m : record.missing) {
    missing.push_back({{"kind", MissingKindText(m.kind)},
                       {"start", LongDate(m.start)},
                       {"end", DateOr(m.end, "Not back yet")}});
  }
  json leaver = json::array();
  for (const auto& c : record.care_leaver_contacts) {
    leaver.push_back(
        {{"date", LongDate(c.date)},
         {"in_touch", Described(codes, core::CodeList::kCareLeaverInTouch, c.in_touch, c.date)},
         {"activity", c.activity ? Described(codes, core::CodeList::kCareLeaverActivity,
                                             *c.activity, c.date)
                                 : "Not recorded"},
         {"accommodation",
          c.accommodation ? Described(codes, core::CodeList::kCareLeaverAccommodation,
                                      *c.accommodation, c.date)
                          : "Not recorded"}});
  }
  return {{"episodes", std::move(episodes)},
          {"reviews", std::move(reviews)},
          {"missing", std::move(missing)},
          {"leaver", std::move(leaver)},
          {"has_episodes", !record.care_episodes.empty()},
          {"has_reviews", !record.care_reviews.empty()},
          {"has_missing", !record.missing.empty()},
          {"has_leaver", !record.care_leaver_contacts.empty()}};
}

json InvolvedJson(const api::ChildRecord& record) {
  json out = json::array();
  for (const auto& now : record.involved) {
    const store::Involvement& i = now.involvement;
    out.push_back({{"team", now.team},
                   {"agency", now.agency_name.empty() ? now.agency : now.agency_name},
                   {"worker", now.worker.empty() ? "No named worker" : now.worker},
                   {"since", LongDate(i.start)},
                   {"basis", i.consent ? "The family's consent" : i.lawful_basis}});
  }
  return out;
}

// --- GET /children/{id} --------------------------------------------------------------

json RecordData(const api::Call& call, const api::ChildRecord& record) {
  const core::Date today = call.clock.Today();
  const json status = api::ChildRecordJson(record, call.calendar, today)["status"];
  const bool may_record = Allowed(call, access::Action::kRecordJourney);
  const std::vector<journey::WorkItem> steps = api::NextSteps(record, call.calendar, today);
  json referrals = json::array();
  for (const auto& r : record.referrals) {
    referrals.push_back(ReferralCardJson(r, call.codes, steps));
  }
  json next_steps = NextStepsJson(record, today, call.calendar, may_record);
  json badges = BadgesJson(status);
  json data = {
      {"child", {{"id", record.person.id}, {"name", FullName(record.person)}}},
      {"banner", BannerJson(record, today)},
      {"badges", badges},
      {"has_badges", !badges.empty()},
      {"restricted", RestrictedJson(record.withheld, record.restricted_visible)},
      {"tabs", TabsJson(call, record.person.id, Tab::kRecord)},
      {"has_steps", !next_steps.empty()},
      {"steps", std::move(next_steps)},
      {"may_record", may_record},
      {"may_note", Allowed(call, access::Action::kAddNote)},
      {"note_href", ChildPath(record.person.id) + "/notes"},
      {"contacts", ContactsJson(record, call.codes)},
      {"has_contacts", !record.contacts.empty()},
      {"early_help", EarlyHelpJson(record)},
      {"has_early_help", !record.early_help.empty()},
      {"referrals", std::move(referrals)},
      {"has_referrals", !record.referrals.empty()},
      {"care", CareJson(record, call.codes)},
      {"involved", InvolvedJson(record)},
      {"has_involved", !record.involved.empty()},
      {"version", record.version},
  };
  if (may_record) data["record_steps"] = RecordStepsJson(call, record, status);
  return data;
}

core::Result<http::Response> ShowRecord(api::Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, api::IdParam(call.params, "id", "child"));
  SG_ASSIGN_OR_RETURN(auto refused, RefusedBeforeReading(call, id));
  if (refused) return *std::move(refused);
  auto answer = [&](const api::ChildRecord& record) -> core::Result<http::Response> {
    View view;
    view.title = FullName(record.person);
    view.template_name = "child_record";
    view.section = Section::kChildren;
    view.data = RecordData(call, record);
    return Render(call, std::move(view));
  };
  return OrRefusal(call, id,
                   api::OnChildRecord(call, access::Action::kReadRecord, api::ChildById(id),
                                      "child", id, answer));
}

// --- GET /children/{id}/chronology -------------------------------------------------

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
    errors.Add("to", "Date to show entries to must be the same as or after the date to show "
                     "entries from");
    filter.to.reset();
  }
  filter.kind = query.Get("kind");
  const std::string page = query.Get("page");
  int number = 0;
  auto [end, ec] = std::from_chars(page.data(), page.data() + page.size(), number);
  if (ec == std::errc() && end == page.data() + page.size() && number >= 1) filter.page = number;
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
          {"classification", e.classification.empty() ? json(nullptr)
                                                      : json(Capitalised(e.classification))}};
}

// The entries of page `wanted` (the last when past it) and the links to the
// pages either side: {"entries", "pagination", "previous", "next", "page",
// "pages"}.
json PageOfEntries(const http::Request& request, store::Id child,
                   const std::vector<const store::ChronologyEntry*>& shown, int wanted) {
  const int pages = std::max(
      1, static_cast<int>((shown.size() + kChronologyPageSize - 1) / kChronologyPageSize));
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

core::Result<http::Response> ShowChronology(api::Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, api::IdParam(call.params, "id", "child"));
  SG_ASSIGN_OR_RETURN(auto refused, RefusedBeforeReading(call, id));
  if (refused) return *std::move(refused);
  store::Person child;
  auto read = call.journey.ReadChronology(call.actor(), id, &child);
  if (!read) {
    if (read.error().code() == core::Code::kPermissionDenied) {
      return Refusal(call, id, read.error());
    }
    return std::unexpected(read.error());
  }
  std::vector<store::ChronologyEntry>& all = read->entries;
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
  json withheld = json::array();
  for (const auto& w : read->withheld) withheld.push_back(WithheldNotice(w));

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
      {"withheld", std::move(withheld)},
      {"may_note", Allowed(call, access::Action::kAddNote)},
      {"note_href", ChildPath(id) + "/notes"},
  };
  view.data.update(PageOfEntries(call.request, id, shown, filter.page));
  return Render(call, std::move(view));
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

struct GlassForm {
  std::string reason;
  std::string lawful_basis;  // the value of the radio chosen
  std::string minutes = std::to_string(kDefaultGlassMinutes);
};

http::Response GlassPage(const api::Call& call, store::Id child, const GlassForm& form,
                         const FormErrors& errors, int status) {
  std::vector<std::pair<std::string, std::string>> bases;
  for (const auto& basis : kLawfulBases) bases.emplace_back(basis.value, basis.text);
  json reason = TextField("reason", "Why do you need this child's record now?", form.reason,
                          errors, "At least 20 characters. The teams working with the child "
                                  "are told your reason straight away.");
  reason["rows"] = 5;
  json minutes = TextField("minutes", "For how many minutes?", form.minutes, errors,
                           "From 1 to 240 minutes");
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
               {"lawful_basis", ChoiceField("lawful-basis", "What is the lawful basis for this "
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

std::optional<int> ReadMinutes(const std::string& text) {
  int minutes = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), minutes);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return minutes;
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
    errors.Add("reason", "Reason must be 20 characters or more: say why you need this child's "
                         "record now");
  } else if (CharacterCount(form.reason) > kMaxReasonChars) {
    errors.Add("reason", "Reason must be 2,000 characters or less");
  }
  if (auto basis = LawfulBasisText(form.lawful_basis)) {
    request.lawful_basis = std::string(*basis);
  } else {
    errors.Add("lawful-basis", "Select the lawful basis for this access");
  }
  auto minutes = ReadMinutes(form.minutes);
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
  GlassForm typed{Trimmed(form.Get("reason")), form.Get("lawful-basis"),
                  Trimmed(form.Get("minutes"))};
  FormErrors errors;
  std::optional<access::BreakGlassRequest> request = ReadGlass(typed, id, errors);
  if (!request) return GlassPage(call, id, typed, errors, 400);
  core::Status granted = call.gate.Run(
      call.actor(), access::Action::kBreakGlass, [&](access::AuditNote& note) -> core::Status {
        SG_RETURN_IF_ERROR(api::ChildById(id)(call.db));
        SG_ASSIGN_OR_RETURN(int64_t grant,
                            access::BreakGlass(call.db, call.actor(), *request, call.clock));
        note = access::AuditNote{
            "break-glass", "child", std::to_string(id), id,
            fmt::format("{{\"grant\":{},\"minutes\":{}}}", grant, request->minutes)};
        return {};
      });
  if (!granted) {
    switch (granted.error().code()) {
      case core::Code::kFailedPrecondition:  // already cleared; nobody to tell
      case core::Code::kInvalidArgument:
        errors.Add("reason", Capitalised(granted.error().message()));
        return GlassPage(call, id, typed, errors, 400);
      default:
        return std::unexpected(granted.error());
    }
  }
  const std::string until = LongDateTime(
      core::UtcFromUnixSeconds(call.clock.NowUnixSeconds() + int64_t{request->minutes} * 60));
  return SeeOther(ChildPath(id),
                  fmt::format("Emergency access granted until {}. The teams working with the "
                              "child have been told.",
                              until));
}

}  // namespace

void AddChildPages(api::RouteTable& routes) {
  routes.Add("GET", "/children/{id}", Page(ShowRecord));
  routes.Add("GET", "/children/{id}/chronology", Page(ShowChronology));
  routes.Add("GET", "/children/{id}/break-glass", Page(ShowBreakGlass));
  routes.Add("POST", "/children/{id}/break-glass", Page(GrantBreakGlass));
}

}  // namespace sg::pages
