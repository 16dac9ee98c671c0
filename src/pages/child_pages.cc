// Child pages: a child's record.
//
//   GET /children/{id}   the record: banner, status badges, next statutory
//                        steps, the journey so far, the steps that may be
//                        recorded now, the people involved
//
// The chronology and break-glass are in child_chronology_pages.cc; what the
// pages of the record share (the refusal, the tabs, words) in child_view.h.
//
// Design. This page only presents: the record is read through the same
// door as the API (api::OnChildRecord), so need-to-know, the
// classification filter and the audit row are theirs, and what the page
// shows is what the API would show. The status flags (child in need,
// protection, cared for, care leaver) are api::StatusOf, as the API's
// "status" is, so that the page and the API cannot disagree about them; the
// restricted items are the record's own counts (withheld, and visible to
// the user's agency); the next steps are api::NextSteps. What is added here
// is wording (dates as GOV.UK writes them, codes with their descriptions
// from the code lists) and links: each statutory step and each record links
// to the page of the form that records its next step (a step's page is at
// the API's path without "/api/v1").
//
// A user who is not working with the child is shown the refusal page
// (child_view::ShowChildPage): whom to ask and, for roles that may, the way
// to request emergency access; nothing of the child.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "access/policy.h"
#include "api/views.h"
#include "core/clock.h"
#include "core/code_lists.h"
#include "journey/clocks.h"
#include "journey/journey.h"
#include "pages/child_view.h"
#include "pages/page.h"
#include "pages/pages.h"

namespace sg::pages {
namespace child_view {
namespace {

using nlohmann::json;

// --- Words ------------------------------------------------------------------

// "Neglect (NEG)": a code with its description in the collection year of
// `on`; the code alone when the list does not know it then.
std::string Described(const core::CodeLists& codes, core::CodeList list, std::string_view code,
                      core::Date on) {
  if (code.empty()) return "";
  auto text = codes.Describe(list, code, journey::CollectionYearOf(on));
  if (!text) return std::string(code);
  return fmt::format("{} ({})", *text, code);
}
// The same for a code that may be absent: `otherwise` then.
std::string Described(const core::CodeLists& codes, core::CodeList list,
                      const std::optional<std::string>& code, core::Date on,
                      std::string_view otherwise) {
  return code ? Described(codes, list, *code, on) : std::string(otherwise);
}

std::string OutcomeText(std::string_view outcome) {
  if (outcome == journey::kOutcomeAdvice) return "Advice";
  if (outcome == journey::kOutcomeEarlyHelp) return "Early help";
  if (outcome == journey::kOutcomeReferral) return "Referral to children's social care";
  if (outcome == journey::kOutcomeNoFurtherAction) return "No further action";
  return Humanised(outcome);
}

std::string MissingKindText(std::string_view kind) {
  if (kind == "M") return "Missing";
  if (kind == "A") return "Away without authorisation";
  return std::string(kind);
}

std::string DateOr(const std::optional<core::Date>& date, std::string_view otherwise) {
  return date ? LongDate(*date) : std::string(otherwise);
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
    row("Date of birth",
        fmt::format("{} ({} year{} old)", LongDate(*p.birth_date), age, age == 1 ? "" : "s"));
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

// Whether restricted information is held about the child (whoever may see it).
bool RestrictedHeld(const api::ChildRecord& record) {
  return !record.withheld.empty() || !record.restricted_visible.empty();
}

// The status badges: where the child stands (api::StatusOf, as the API's
// status flags), and whether restricted information is held about them.
json BadgesJson(const api::ChildRecord& record) {
  const api::ChildStatus status = api::StatusOf(record);
  json badges = json::array();
  auto add = [&](bool shown, std::string_view text, std::string_view colour) {
    if (shown) badges.push_back({{"text", text}, {"colour", colour}});
  };
  add(status.in_need, "Child in need", "blue");
  add(status.protection, "Child protection plan", "red");
  add(status.cared_for, "Cared for", "purple");
  add(status.care_leaver, "Care leaver", "green");
  add(RestrictedHeld(record), "Restricted information held", "orange");
  return badges;
}

json RestrictedJson(const api::ChildRecord& record) {
  json visible = ArrayOf(record.restricted_visible, [](const access::Withheld& w) {
    return fmt::format(
        "Your agency holds {} {} item{} about this child. Only your agency's users who work with "
        "the child can see {}.",
        w.count, w.classification, w.count == 1 ? "" : "s", w.count == 1 ? "it" : "them");
  });
  return {{"withheld", ArrayOf(record.withheld, WithheldNotice)},
          {"visible", std::move(visible)},
          {"any", RestrictedHeld(record)}};
}

// --- The record: next statutory steps -------------------------------------------

struct StepLink {
  std::string record;  // which record the step is for
  std::string href;    // the form that records it
  std::string action;  // the link's words
};

// The item of `id` in `items`, or nullptr.
template <typename T>
const T* FindById(const std::vector<T>& items, store::Id id) {
  auto found = std::ranges::find(items, id, &T::id);
  return found == items.end() ? nullptr : &*found;
}

// The item of `id` in any referral's `list` (assessments, enquiries...).
template <typename T>
const T* FindUnderReferrals(const api::ChildRecord& record,
                            std::vector<T> api::ReferralRecord::*list, store::Id id) {
  for (const auto& r : record.referrals) {
    if (const T* found = FindById(r.*list, id)) return found;
  }
  return nullptr;
}

// "{what}{on}{date}" ("Contact on 3 March 2025"), or `what` alone when the
// record does not hold the item.
template <typename T>
std::string Named(std::string_view what, const T* item, std::string_view on, core::Date T::*date) {
  return item ? fmt::format("{}{}{}", what, on, LongDate(item->*date)) : std::string(what);
}

std::string PlanName(const api::ChildRecord& record, store::Id plan_id) {
  const api::CpPlanRecord* plan = api::FindCpPlanRecord(record, plan_id);
  return plan ? "Child protection plan from " + LongDate(plan->plan.start)
              : "Child protection plan";
}

// Which record a statutory step is for, and the form that records it.
StepLink LinkFor(const api::ChildRecord& record, const journey::WorkItem& item) {
  const store::Id id = item.record_id;
  switch (item.kind) {
    case journey::ClockKind::kContactDecision:
      return {
          Named("Contact", FindById(record.contacts, id), " on ", &store::Contact::contact_date),
          fmt::format("/contacts/{}/decision", id), "Record the decision"};
    case journey::ClockKind::kAssessment:
      return {Named("Assessment", FindUnderReferrals(record, &api::ReferralRecord::assessments, id),
                    " started ", &store::Assessment::start),
              fmt::format("/assessments/{}/authorisation", id), "Record the authorisation"};
    case journey::ClockKind::kInitialConference: {
      const store::Section47* s = FindUnderReferrals(record, &api::ReferralRecord::section47s, id);
      return {Named("Section 47 enquiry", s, " started ", &store::Section47::start),
              fmt::format("/referrals/{}/conferences", s ? s->referral_id : 0),
              "Record the conference"};
    }
    case journey::ClockKind::kFirstCoreGroup:
      return {PlanName(record, id), fmt::format("/cp-plans/{}/core-groups", id),
              "Record a core group meeting"};
    case journey::ClockKind::kCpReview:
      return {PlanName(record, id), fmt::format("/cp-plans/{}/reviews", id), "Record the review"};
    case journey::ClockKind::kCareReview:
      return {"Period of care from " + LongDate(item.started),
              ChildPath(record.person.id) + "/care/reviews", "Record the review"};
  }
  return {"", ChildPath(record.person.id), "Open"};
}

json StepStatusJson(const journey::WorkItem& item, core::Date today,
                    const core::WorkingCalendar& calendar) {
  if (item.status == journey::ClockStatus::kOverdue) {
    return {{"text", "Overdue"},
            {"colour", "red"},
            {"detail", fmt::format("{} working day{} late", item.working_days_overdue,
                                   item.working_days_overdue == 1 ? "" : "s")}};
  }
  const int left = calendar.WorkingDaysBetween(today, item.due);
  if (left <= 0) return {{"text", "Due today"}, {"colour", "orange"}, {"detail", nullptr}};
  return {{"text", fmt::format("Due in {} working day{}", left, left == 1 ? "" : "s")},
          {"colour", item.status == journey::ClockStatus::kDueSoon ? "yellow" : "blue"},
          {"detail", nullptr}};
}

// The record's next steps (api::NextSteps), each with its form's link.
json NextStepsJson(const api::Call& call, const api::ChildRecord& record,
                   const std::vector<journey::WorkItem>& steps, bool may_record) {
  return ArrayOf(steps, [&](const journey::WorkItem& item) {
    StepLink link = LinkFor(record, item);
    return json{{"title", std::string(journey::ClockTitle(item.kind))},
                {"record", link.record},
                {"due", LongDate(item.due)},
                {"status", StepStatusJson(item, call.clock.Today(), call.calendar)},
                {"href", may_record ? json(link.href) : json(nullptr)},
                {"action", link.action}};
  });
}

// --- The record: the steps that may be recorded now -------------------------------

using Links = std::vector<std::pair<std::string, std::string>>;  // href, text

json LinksJson(const Links& links) {
  return ArrayOf(links, [](const auto& link) {
    return json{{"href", link.first}, {"text", link.second}};
  });
}

// A record that is either open, with a step to record on it, or to be
// started: "/{collection}/{id}/{step}" for each open one, else `start_href`.
struct OpenOrStart {
  std::string_view collection;
  std::string_view step;
  std::string_view step_text;
  std::string start_href;
  std::string_view start_text;
};

template <typename T, typename IsOpen>
void AddOpenOrStart(Links& links, const std::vector<T>& items, IsOpen is_open,
                    const OpenOrStart& words) {
  bool any_open = false;
  for (const T& item : items) {
    if (!is_open(item)) continue;
    any_open = true;
    links.emplace_back(fmt::format("/{}/{}/{}", words.collection, item.id, words.step),
                       words.step_text);
  }
  if (!any_open) links.emplace_back(words.start_href, words.start_text);
}

// Assessments and child in need plans under a referral.
void AddInNeedSteps(const api::ReferralRecord& r, Links& links) {
  AddOpenOrStart(links, r.assessments, [](const store::Assessment& a) { return !a.authorised; },
                 {"assessments", "authorisation", "Record the assessment's authorisation",
                  fmt::format("/referrals/{}/assessments", r.referral.id), "Start an assessment"});
  AddOpenOrStart(
      links, r.cin_plans, [](const store::CinPlan& p) { return !p.end; },
      {"cin-plans", "end", "End the child in need plan",
       fmt::format("/referrals/{}/cin-plans", r.referral.id), "Start a child in need plan"});
}

// Strategy discussions, section 47 enquiries and initial conferences.
void AddEnquirySteps(const api::ReferralRecord& r, Links& links) {
  links.emplace_back(fmt::format("/referrals/{}/strategy-discussions", r.referral.id),
                     "Record a strategy discussion");
  for (const auto& d : r.strategy_discussions) {
    const bool has_enquiry = std::ranges::any_of(
        r.section47s, [&](const store::Section47& s) { return s.strategy_discussion_id == d.id; });
    if (has_enquiry) continue;
    links.emplace_back(
        fmt::format("/strategy-discussions/{}/section47", d.id),
        fmt::format("Start a section 47 enquiry (strategy discussion on {})", LongDate(d.date)));
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
    links.emplace_back(fmt::format("/cp-plans/{}/end", p.plan.id), "End the child protection plan");
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
Links ChildSteps(const api::Call& call, const api::ChildRecord& record, bool referral_open) {
  const api::ChildStatus status = api::StatusOf(record);
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
  AddOpenOrStart(links, record.early_help, [](const store::EarlyHelpEpisode& e) { return !e.end; },
                 {"early-help", "end", "End early help", base + "/early-help", "Start early help"});
  links.emplace_back(base + "/allocation", "Allocate to a team or worker");
  if (status.cared_for) {
    links.emplace_back(base + "/care/changes", "Record a change of placement or legal status");
    links.emplace_back(base + "/care/reviews", "Record a cared-for review");
    links.emplace_back(base + "/care/end", "End the period of care");
  } else {
    links.emplace_back(base + "/care", "Start a period of care");
  }
  links.emplace_back(base + "/missing", "Record a missing episode");
  if (status.care_leaver) {
    links.emplace_back(base + "/care-leaver-contacts", "Record a care leaver contact");
  }
  return links;
}

json RecordStepsJson(const api::Call& call, const api::ChildRecord& record) {
  json groups = json::array();
  bool referral_open = false;
  for (const auto& r : record.referrals) {
    if (r.referral.closure_date) continue;
    referral_open = true;
    groups.push_back({{"heading", "Referral on " + LongDate(r.referral.referral_date)},
                      {"links", LinksJson(ReferralSteps(r))}});
  }
  return {{"general", LinksJson(ChildSteps(call, record, referral_open))},
          {"referrals", std::move(groups)}};
}

// --- The record: the journey so far ------------------------------------------------

json ContactsJson(const api::ChildRecord& record, const core::CodeLists& codes) {
  return ArrayOf(record.contacts, [&](const store::Contact& c) {
    std::vector<std::string> factors;
    for (const auto& f : c.factors) factors.push_back(Humanised(f));
    return json{{"date", LongDate(c.contact_date)},
                {"source", Described(codes, core::CodeList::kReferralSource, c.contact_source,
                                     c.contact_date)},
                {"contactor", c.contactor},
                {"factors", Joined(factors)},
                {"screening_tools",
                 c.screening_tools.empty() ? json(nullptr) : json(Joined(c.screening_tools))},
                {"decision", c.outcome ? fmt::format("{} on {}", OutcomeText(*c.outcome),
                                                     DateOr(c.decision_date, "an unknown date"))
                                       : "Not decided yet"}};
  });
}

json EarlyHelpJson(const api::ChildRecord& record) {
  return ArrayOf(record.early_help, [](const store::EarlyHelpEpisode& e) {
    return json{{"start", LongDate(e.start)},
                {"end", DateOr(e.end, "Open")},
                {"end_reason", e.end_reason ? Humanised(*e.end_reason) : ""}};
  });
}

// One row of a referral's summary card: a value, or a line for each item
// ("None" for no item).
void AddRow(json& rows, std::string_view key, std::string value) {
  rows.push_back({{"key", key}, {"value", std::move(value)}, {"lines", nullptr}});
}
template <typename T, typename Fn>
void AddLines(json& rows, std::string_view key, const std::vector<T>& items, Fn line) {
  json lines = items.empty() ? json::array({"None"}) : ArrayOf(items, line);
  rows.push_back({{"key", key}, {"value", nullptr}, {"lines", std::move(lines)}});
}

// "From 4 March 2025 to 1 May 2025", or "From 4 March 2025 (open)".
std::string Period(core::Date start, const std::optional<core::Date>& end) {
  return fmt::format("From {}{}", LongDate(start),
                     end ? " to " + LongDate(*end) : std::string(" (open)"));
}

std::string AssessmentLine(const store::Assessment& a, const core::CodeLists& codes) {
  std::vector<std::string> factors;
  for (const auto& f : a.factors) {
    factors.push_back(Described(codes, core::CodeList::kAssessmentFactor, f, a.start));
  }
  return fmt::format(
      "Started {}, {}{}", LongDate(a.start),
      a.authorised ? "authorised " + LongDate(*a.authorised) : std::string("not authorised yet"),
      factors.empty() ? "" : "; factors: " + Joined(factors));
}

// The next child protection review due under an open plan, from the
// record's next steps.
std::string ReviewDue(const std::vector<journey::WorkItem>& steps, store::Id plan_id) {
  for (const auto& item : steps) {
    if (item.kind == journey::ClockKind::kCpReview && item.record_id == plan_id) {
      return LongDate(item.due);
    }
  }
  return "";
}

std::string CpPlanLine(const api::CpPlanRecord& p, const core::CodeLists& codes,
                       const std::vector<journey::WorkItem>& steps) {
  std::string line = fmt::format(
      "{}: {}", Period(p.plan.start, p.plan.end),
      Described(codes, core::CodeList::kCategoryOfAbuse, p.plan.latest_category, p.plan.start));
  std::vector<std::string> reviews;
  for (const auto& d : p.reviews) reviews.push_back(LongDate(d));
  line += reviews.empty() ? "; no review held yet" : "; reviews held " + Joined(reviews);
  line += p.core_groups.empty() ? "; no core group meeting yet"
                                : fmt::format("; {} core group meeting{}", p.core_groups.size(),
                                              p.core_groups.size() == 1 ? "" : "s");
  const std::string due = p.plan.end ? "" : ReviewDue(steps, p.plan.id);
  if (!due.empty()) line += "; next review due " + due;
  return line;
}

json ReferralCardJson(const api::ReferralRecord& r, const core::CodeLists& codes,
                      const std::vector<journey::WorkItem>& steps) {
  const store::Referral& ref = r.referral;
  json rows = json::array();
  AddRow(rows, "Source",
         Described(codes, core::CodeList::kReferralSource, ref.referral_source, ref.referral_date));
  AddRow(rows, "Primary need",
         Described(codes, core::CodeList::kPrimaryNeed, ref.primary_need, ref.referral_date,
                   "Not recorded"));
  if (ref.closure_date) {
    AddRow(rows, "Closed",
           Joined({LongDate(*ref.closure_date),
                   Described(codes, core::CodeList::kReasonForClosure, ref.closure_reason,
                             *ref.closure_date, "")}));
  } else {
    AddRow(rows, "Status", ref.nfa ? "No further action" : "Open");
  }
  AddLines(rows, "Assessments", r.assessments,
           [&](const store::Assessment& a) { return AssessmentLine(a, codes); });
  AddLines(rows, "Child in need plans", r.cin_plans,
           [](const store::CinPlan& p) { return Period(p.start, p.end); });
  AddLines(rows, "Strategy discussions", r.strategy_discussions,
           [](const store::StrategyDiscussion& d) { return LongDate(d.date); });
  AddLines(rows, "Section 47 enquiries", r.section47s, [](const store::Section47& s) {
    return fmt::format("Started {}{}", LongDate(s.start),
                       s.icpc_not_required ? "; concluded without a conference" : "");
  });
  AddLines(rows, "Initial child protection conferences", r.conferences, [](const store::Icpc& c) {
    return fmt::format("{}{}: {}", LongDate(c.date), c.transfer_in ? " (transfer in)" : "",
                       c.plan_made ? "child protection plan made" : "no plan made");
  });
  AddLines(rows, "Child protection plans", r.cp_plans,
           [&](const api::CpPlanRecord& p) { return CpPlanLine(p, codes, steps); });
  return {{"title", "Referral on " + LongDate(ref.referral_date)}, {"rows", std::move(rows)}};
}

json EpisodeJson(const store::CareEpisode& e, const core::CodeLists& codes) {
  return {
      {"start", LongDate(e.start)},
      {"reason",
       Described(codes, core::CodeList::kReasonNewEpisode, e.reason_new_episode, e.start)},
      {"legal_status", Described(codes, core::CodeList::kLegalStatus, e.legal_status, e.start)},
      {"placement", Described(codes, core::CodeList::kPlacementType, e.placement_type, e.start)},
      {"end", e.end
                  ? Joined({LongDate(*e.end), Described(codes, core::CodeList::kReasonEpisodeCeased,
                                                        e.reason_ceased, *e.end, "")})
                  : "Open"}};
}

json LeaverContactJson(const store::CareLeaverContact& c, const core::CodeLists& codes) {
  return {{"date", LongDate(c.date)},
          {"in_touch", Described(codes, core::CodeList::kCareLeaverInTouch, c.in_touch, c.date)},
          {"activity", Described(codes, core::CodeList::kCareLeaverActivity, c.activity, c.date,
                                 "Not recorded")},
          {"accommodation", Described(codes, core::CodeList::kCareLeaverAccommodation,
                                      c.accommodation, c.date, "Not recorded")}};
}

json CareJson(const api::ChildRecord& record, const core::CodeLists& codes) {
  return {{"episodes",
           ArrayOf(record.care_episodes, [&](const auto& e) { return EpisodeJson(e, codes); })},
          {"reviews", ArrayOf(record.care_reviews,
                              [](const store::CareReview& r) {
                                return json{
                                    {"date", LongDate(r.date)},
                                    {"participation", r.participation.value_or("Not recorded")}};
                              })},
          {"missing", ArrayOf(record.missing,
                              [](const store::MissingEpisode& m) {
                                return json{{"kind", MissingKindText(m.kind)},
                                            {"start", LongDate(m.start)},
                                            {"end", DateOr(m.end, "Not back yet")}};
                              })},
          {"leaver", ArrayOf(record.care_leaver_contacts,
                             [&](const auto& c) { return LeaverContactJson(c, codes); })},
          {"has_episodes", !record.care_episodes.empty()},
          {"has_reviews", !record.care_reviews.empty()},
          {"has_missing", !record.missing.empty()},
          {"has_leaver", !record.care_leaver_contacts.empty()}};
}

json InvolvedJson(const api::ChildRecord& record) {
  return ArrayOf(record.involved, [](const api::InvolvementNow& now) {
    const store::Involvement& i = now.involvement;
    return json{{"team", now.team},
                {"agency", now.agency_name.empty() ? now.agency : now.agency_name},
                {"worker", now.worker.empty() ? "No named worker" : now.worker},
                {"since", LongDate(i.start)},
                {"basis", i.consent ? "The family's consent" : i.lawful_basis}};
  });
}

// --- GET /children/{id} --------------------------------------------------------------

json RecordData(const api::Call& call, const api::ChildRecord& record) {
  const core::Date today = call.clock.Today();
  const bool may_record = Allowed(call, access::Action::kRecordJourney);
  const std::vector<journey::WorkItem> steps = api::NextSteps(record, call.calendar, today);
  json next_steps = NextStepsJson(call, record, steps, may_record);
  json badges = BadgesJson(record);
  json data = {
      {"child", {{"id", record.person.id}, {"name", FullName(record.person)}}},
      {"banner", BannerJson(record, today)},
      {"badges", badges},
      {"has_badges", !badges.empty()},
      {"restricted", RestrictedJson(record)},
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
      {"referrals", ArrayOf(record.referrals,
                            [&](const auto& r) { return ReferralCardJson(r, call.codes, steps); })},
      {"has_referrals", !record.referrals.empty()},
      {"care", CareJson(record, call.codes)},
      {"involved", InvolvedJson(record)},
      {"has_involved", !record.involved.empty()},
      {"version", record.version},
  };
  if (may_record) data["record_steps"] = RecordStepsJson(call, record);
  return data;
}

core::Result<http::Response> ShowRecord(api::Call& call) {
  return ShowChildPage(call, [&](store::Id id) {
    auto answer = [&](const api::ChildRecord& record) -> core::Result<http::Response> {
      View view;
      view.title = FullName(record.person);
      view.template_name = "child_record";
      view.section = Section::kChildren;
      view.data = RecordData(call, record);
      return Render(call, std::move(view));
    };
    return api::OnChildRecord(call, access::Action::kReadRecord, api::ChildById(id), "child", id,
                              answer);
  });
}

}  // namespace
}  // namespace child_view

void AddChildPages(api::RouteTable& routes) {
  routes.Add("GET", "/children/{id}", Page(child_view::ShowRecord));
  child_view::AddChronologyPages(routes);
}

}  // namespace sg::pages
