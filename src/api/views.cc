#include "api/views.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <unordered_map>
#include <utility>

#include "api/paging.h"
#include "core/clock.h"
#include "journey/clocks.h"
#include "store/journey_store.h"
#include "store/work_store.h"

namespace sg::api {
namespace {

using nlohmann::json;
using store::Id;

json DateOrNull(const std::optional<core::Date>& d) {
  return d ? json(d->Iso()) : json(nullptr);
}

template <typename T>
json OrNull(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json Dates(const std::vector<core::Date>& dates) {
  json out = json::array();
  for (const auto& d : dates) out.push_back(d.Iso());
  return out;
}

template <typename T, typename Fn>
json ArrayOf(const std::vector<T>& items, Fn view) {
  json out = json::array();
  out.get_ref<json::array_t&>().reserve(items.size());
  for (const auto& item : items) out.push_back(view(item));
  return out;
}

// Builds an object one field at a time. json's initializer-list form makes
// every field a two-element array first and then converts the lot, which
// doubles the allocations; a child's record is built on every read of it,
// on the server's one database thread, so its views use this instead.
class Object {
 public:
  Object() : out_(json::value_t::object) {}

  template <typename V>
  Object& Add(std::string_view key, V&& value) {
    out_.get_ref<json::object_t&>().emplace(key, json(std::forward<V>(value)));
    return *this;
  }
  json Build() { return std::move(out_); }

 private:
  json out_;
};

}  // namespace

// --- One record each ------------------------------------------------------

json PersonJson(const store::Person& p) {
  return Object()
      .Add("id", p.id)
      .Add("forename", p.forename)
      .Add("surname", p.surname)
      .Add("sex", p.sex)
      .Add("ethnicity", p.ethnicity)
      .Add("birth_date", DateOrNull(p.birth_date))
      .Add("expected_birth_date", DateOrNull(p.expected_birth_date))
      .Add("death_date", DateOrNull(p.death_date))
      .Add("home_postcode", OrNull(p.home_postcode))
      .Add("disabilities", p.disabilities)
      .Add("identifiers", Object()
                              .Add("la_child_id", OrNull(p.la_child_id))
                              .Add("upn", OrNull(p.upn))
                              .Add("nhs_number", OrNull(p.nhs_number))
                              .Add("source_system", OrNull(p.source_system))
                              .Add("source_id", OrNull(p.source_id))
                              .Build())
      .Build();
}

json ContactJson(const store::Contact& c) {
  return Object()
      .Add("id", c.id)
      .Add("person_id", c.person_id)
      .Add("date", c.contact_date.Iso())
      .Add("source", c.contact_source)
      .Add("contactor", c.contactor)
      .Add("factors", c.factors)
      .Add("screening_tools", c.screening_tools)
      .Add("consultation_ref", OrNull(c.consultation_ref))
      .Add("decision_date", DateOrNull(c.decision_date))
      .Add("outcome", OrNull(c.outcome))
      .Add("team_id", OrNull(c.team_id))
      .Build();
}

json EarlyHelpJson(const store::EarlyHelpEpisode& e) {
  return Object()
      .Add("id", e.id)
      .Add("person_id", e.person_id)
      .Add("contact_id", OrNull(e.contact_id))
      .Add("start", e.start.Iso())
      .Add("end", DateOrNull(e.end))
      .Add("end_reason", OrNull(e.end_reason))
      .Add("lead_agency_id", OrNull(e.lead_agency_id))
      .Build();
}

json ReferralJson(const store::Referral& r) {
  return Object()
      .Add("id", r.id)
      .Add("person_id", r.person_id)
      .Add("contact_id", OrNull(r.contact_id))
      .Add("date", r.referral_date.Iso())
      .Add("source", r.referral_source)
      .Add("primary_need", OrNull(r.primary_need))
      .Add("no_further_action", r.nfa)
      .Add("closure_date", DateOrNull(r.closure_date))
      .Add("closure_reason", OrNull(r.closure_reason))
      .Add("team_id", OrNull(r.team_id))
      .Add("open", !r.closure_date.has_value())
      .Build();
}

json AssessmentJson(const store::Assessment& a) {
  return Object()
      .Add("id", a.id)
      .Add("referral_id", a.referral_id)
      .Add("start", a.start.Iso())
      .Add("authorised", DateOrNull(a.authorised))
      .Add("factors", a.factors)
      .Build();
}

json CinPlanJson(const store::CinPlan& p) {
  return Object()
      .Add("id", p.id)
      .Add("referral_id", p.referral_id)
      .Add("start", p.start.Iso())
      .Add("end", DateOrNull(p.end))
      .Build();
}

json StrategyDiscussionJson(const store::StrategyDiscussion& d) {
  return Object()
      .Add("id", d.id)
      .Add("referral_id", d.referral_id)
      .Add("date", d.date.Iso())
      .Build();
}

json Section47Json(const store::Section47& s) {
  return Object()
      .Add("id", s.id)
      .Add("referral_id", s.referral_id)
      .Add("strategy_discussion_id", OrNull(s.strategy_discussion_id))
      .Add("start", s.start.Iso())
      .Add("icpc_target", DateOrNull(s.icpc_target))
      .Add("icpc_not_required", s.icpc_not_required)
      .Build();
}

json IcpcJson(const store::Icpc& c) {
  return Object()
      .Add("id", c.id)
      .Add("referral_id", c.referral_id)
      .Add("section47_id", OrNull(c.section47_id))
      .Add("date", c.date.Iso())
      .Add("transfer_in", c.transfer_in)
      .Add("plan_made", c.plan_made)
      .Build();
}

json CpPlanJson(const store::CpPlan& p, const std::vector<core::Date>& reviews,
                const std::vector<core::Date>& core_groups) {
  return Object()
      .Add("id", p.id)
      .Add("referral_id", p.referral_id)
      .Add("icpc_id", OrNull(p.icpc_id))
      .Add("start", p.start.Iso())
      .Add("end", DateOrNull(p.end))
      .Add("initial_category", p.initial_category)
      .Add("latest_category", p.latest_category)
      .Add("previous_plans", p.previous_plans)
      .Add("reviews", Dates(reviews))
      .Add("core_groups", Dates(core_groups))
      .Build();
}

json CareEpisodeJson(const store::CareEpisode& e) {
  return Object()
      .Add("id", e.id)
      .Add("person_id", e.person_id)
      .Add("start", e.start.Iso())
      .Add("reason_new_episode", e.reason_new_episode)
      .Add("legal_status", e.legal_status)
      .Add("category_of_need", e.category_of_need)
      .Add("placement_type", e.placement_type)
      .Add("placement_provider", OrNull(e.placement_provider))
      .Add("home_postcode", OrNull(e.home_postcode))
      .Add("placement_postcode", OrNull(e.placement_postcode))
      .Add("end", DateOrNull(e.end))
      .Add("reason_ceased", OrNull(e.reason_ceased))
      .Add("reason_place_change", OrNull(e.reason_place_change))
      .Build();
}

json CareReviewJson(const store::CareReview& review) {
  return Object()
      .Add("id", review.id)
      .Add("person_id", review.person_id)
      .Add("date", review.date.Iso())
      .Add("participation", OrNull(review.participation))
      .Build();
}

json MissingJson(const store::MissingEpisode& m) {
  return Object()
      .Add("id", m.id)
      .Add("person_id", m.person_id)
      .Add("kind", m.kind)
      .Add("start", m.start.Iso())
      .Add("end", DateOrNull(m.end))
      .Build();
}

json CareLeaverContactJson(const store::CareLeaverContact& c) {
  return Object()
      .Add("id", c.id)
      .Add("person_id", c.person_id)
      .Add("date", c.date.Iso())
      .Add("in_touch", c.in_touch)
      .Add("activity", OrNull(c.activity))
      .Add("accommodation", OrNull(c.accommodation))
      .Build();
}

json ChronologyEntryJson(const store::ChronologyEntry& e) {
  return json{{"id", e.id},
              {"date", e.occurred_on.Iso()},
              {"recorded_at", e.recorded_at},
              {"kind", e.kind},
              {"summary", e.summary},
              {"author", e.author},
              {"author_agency", e.author_agency},
              {"classification", e.classification.empty() ? json(nullptr) : json(e.classification)},
              {"record_table", OrNull(e.record_table)},
              {"record_id", OrNull(e.record_id)}};
}

json WithheldJson(const access::Withheld& w) {
  return Object()
      .Add("classification", w.classification)
      .Add("owner_agency", w.owner_agency)
      .Add("owner_agency_name", w.owner_agency_name)
      .Add("count", w.count)
      .Add("notice", fmt::format("{} holds {} restricted item{} ({}) about this child that "
                                 "you cannot see; contact {} if you need to know.",
                                 w.owner_agency_name, w.count, w.count == 1 ? "" : "s",
                                 w.classification, w.owner_agency_name))
      .Build();
}

json InvolvementJson(const InvolvementNow& now) {
  const store::Involvement& i = now.involvement;
  return Object()
      .Add("id", i.id)
      .Add("team_id", i.team_id)
      .Add("team", now.team)
      .Add("agency", now.agency)
      .Add("agency_name", now.agency_name)
      .Add("worker_id", OrNull(i.worker_id))
      .Add("worker", i.worker_id ? json(now.worker) : json(nullptr))
      .Add("start", i.start.Iso())
      .Add("end", DateOrNull(i.end))
      .Add("reason", i.reason)
      .Add("lawful_basis", i.lawful_basis)
      .Add("consent", i.consent)
      .Build();
}

json ContactPointJson(const access::ContactPoint& p) {
  return json{{"team_id", p.team_id},
              {"team", p.team},
              {"agency", p.agency},
              {"agency_name", p.agency_name}};
}

json SearchMatchJson(const access::SearchMatch& m) {
  json out{{"cleared", m.cleared}, {"contacts", ArrayOf(m.contacts, ContactPointJson)}};
  if (m.contacts.empty()) {
    out["contact_note"] = "no team is working with this child now: contact the front door";
  }
  if (m.cleared) {
    out["person_id"] = OrNull(m.person_id);
    out["la_child_id"] = m.la_child_id.empty() ? json(nullptr) : json(m.la_child_id);
    out["forename"] = m.forename;
    out["surname"] = m.surname;
    out["birth_date"] = DateOrNull(m.birth_date);
  }
  return out;
}

json AccessLogEntryJson(const access::AccessLogEntry& e) {
  return json{
      {"seq", e.seq},       {"at", e.at},     {"user", e.user},     {"user_name", e.user_name},
      {"agency", e.agency}, {"role", e.role}, {"action", e.action}, {"entity", e.entity},
      {"basis", e.basis}};
}

json NextStepJson(const journey::WorkItem& item, core::Date today,
                  const core::WorkingCalendar& calendar) {
  const bool overdue = item.status == journey::ClockStatus::kOverdue;
  return Object()
      .Add("kind", journey::ClockName(item.kind))
      .Add("title", journey::ClockTitle(item.kind))
      .Add("record_id", item.record_id)
      .Add("started", item.started.Iso())
      .Add("due", item.due.Iso())
      .Add("status", journey::StatusName(item.status))
      .Add("working_days_overdue", overdue ? item.working_days_overdue : 0)
      .Add("working_days_left", overdue ? 0 : calendar.WorkingDaysBetween(today, item.due))
      .Build();
}

// --- The whole record -----------------------------------------------------

namespace {

// Splits `items` (in date order) among the referrals by referral_id,
// keeping the order within each referral.
template <typename T>
void Distribute(std::vector<T>& items, const std::unordered_map<Id, size_t>& at,
                std::vector<ReferralRecord>& referrals, std::vector<T> ReferralRecord::*member) {
  for (auto& item : items) {
    if (auto it = at.find(item.referral_id); it != at.end()) {
      (referrals[it->second].*member).push_back(std::move(item));
    }
  }
}

// Gives each plan its dates (already in date order).
void AttachPlanDates(const std::vector<store::PlanDate>& dates,
                     const std::unordered_map<Id, CpPlanRecord*>& plans,
                     std::vector<core::Date> CpPlanRecord::*member) {
  for (const auto& d : dates) {
    if (auto it = plans.find(d.plan_id); it != plans.end()) (it->second->*member).push_back(d.date);
  }
}

// The referrals with everything recorded under them, in a fixed number of
// queries for the whole child (none beyond the referrals' own when the
// child has none).
core::Status LoadReferrals(store::JourneyStore& store, Id person_id, ChildRecord& out) {
  SG_ASSIGN_OR_RETURN(auto referrals, store.ReferralsOf(person_id));
  if (referrals.empty()) return {};
  SG_ASSIGN_OR_RETURN(store::ChildReferralRecords all, store.ReferralRecordsOf(person_id));
  std::unordered_map<Id, size_t> at;
  out.referrals.reserve(referrals.size());
  for (auto& referral : referrals) {
    at.emplace(referral.id, out.referrals.size());
    out.referrals.push_back(ReferralRecord{std::move(referral), {}, {}, {}, {}, {}, {}});
  }
  Distribute(all.assessments, at, out.referrals, &ReferralRecord::assessments);
  Distribute(all.cin_plans, at, out.referrals, &ReferralRecord::cin_plans);
  Distribute(all.strategy_discussions, at, out.referrals, &ReferralRecord::strategy_discussions);
  Distribute(all.section47s, at, out.referrals, &ReferralRecord::section47s);
  Distribute(all.conferences, at, out.referrals, &ReferralRecord::conferences);
  for (auto& plan : all.cp_plans) {
    if (auto it = at.find(plan.referral_id); it != at.end()) {
      out.referrals[it->second].cp_plans.push_back(CpPlanRecord{std::move(plan), {}, {}});
    }
  }
  // Pointers are taken only now that every plan list has stopped growing.
  std::unordered_map<Id, CpPlanRecord*> plans;
  for (auto& r : out.referrals) {
    for (auto& p : r.cp_plans) plans.emplace(p.plan.id, &p);
  }
  AttachPlanDates(all.cp_reviews, plans, &CpPlanRecord::reviews);
  AttachPlanDates(all.core_groups, plans, &CpPlanRecord::core_groups);
  return {};
}

// Sorts the child's classified chronology items (counted by
// classification) into those withheld from the actor (with the agency that
// owns each classification) and those they may see. Only users of the
// owning agency ever see a restricted item, so the owner of a visible one
// is the actor's own agency.
core::Status SortRestricted(store::Database& db, store::JourneyStore& store,
                            const access::Actor& actor, const access::Clearance& clearance,
                            Id person_id, ChildRecord& out) {
  SG_ASSIGN_OR_RETURN(auto counts, store.ClassificationCountsOf(person_id));
  if (counts.empty()) return {};
  access::ClassificationFilter filter(db, actor, clearance);
  for (const auto& c : counts) {
    // The filter decides once per classification and counts each item it
    // is asked about, so it is asked once per item, as for the items.
    bool admitted = false;
    for (int i = 0; i < c.count; ++i) {
      SG_ASSIGN_OR_RETURN(admitted, filter.Admit(c.classification));
    }
    if (!admitted) continue;
    access::Withheld w;
    w.classification = c.classification;
    w.owner_agency = actor.agency;
    w.count = c.count;
    out.restricted_visible.push_back(std::move(w));
  }
  out.withheld = filter.withheld();
  return {};
}

}  // namespace

core::Result<ChildRecord> LoadChildRecord(store::Database& db, const access::Actor& actor,
                                          const access::Clearance& clearance, store::Id person_id,
                                          core::Date today) {
  store::JourneyStore store(db);
  ChildRecord out;
  SG_ASSIGN_OR_RETURN(auto person, store.FindPerson(person_id));
  if (!person) {
    return core::Fail(core::Code::kNotFound,
                      fmt::format("there is no child with id {}", person_id));
  }
  out.person = *std::move(person);
  SG_ASSIGN_OR_RETURN(out.version, store.PersonVersion(person_id));
  SG_ASSIGN_OR_RETURN(out.contacts, store.ContactsOf(person_id));
  SG_ASSIGN_OR_RETURN(out.early_help, store.EarlyHelpOf(person_id));
  SG_RETURN_IF_ERROR(LoadReferrals(store, person_id, out));
  SG_ASSIGN_OR_RETURN(out.care_episodes, store.CareEpisodesOf(person_id));
  SG_ASSIGN_OR_RETURN(out.care_reviews, store.CareReviewsOf(person_id));
  SG_ASSIGN_OR_RETURN(out.missing, store.MissingEpisodesOf(person_id));
  SG_ASSIGN_OR_RETURN(out.care_leaver_contacts, store.CareLeaverContactsOf(person_id));
  SG_ASSIGN_OR_RETURN(out.involved, store.OpenInvolvementsOf(person_id, today));
  SG_RETURN_IF_ERROR(SortRestricted(db, store, actor, clearance, person_id, out));
  return out;
}

// --- Statutory steps ------------------------------------------------------

namespace {

// Where the child's current period of care began and the reviews since, as
// the work store derives it for the whole authority: a period is a run of
// episodes joined by reason ceased X1.
std::optional<store::OpenCare> OpenPeriodOfCare(const ChildRecord& r,
                                                const store::WorkOwner& owner) {
  const auto& episodes = r.care_episodes;
  if (episodes.empty() || episodes.back().end) return std::nullopt;
  size_t first = episodes.size() - 1;
  while (first > 0 && episodes[first - 1].reason_ceased.value_or("") == "X1") --first;
  store::OpenCare care{owner, episodes.back().id, episodes[first].start, {}};
  for (const auto& review : r.care_reviews) {
    if (review.date >= care.period_start) care.reviews.push_back(review.date);
  }
  return care;
}

void AddProtectionWork(const ReferralRecord& ref, const store::WorkOwner& owner,
                       store::AllOpenWork& open) {
  const bool referral_open = !ref.referral.closure_date;
  for (const auto& s : ref.section47s) {
    const bool has_conference = std::ranges::any_of(
        ref.conferences, [&](const store::Icpc& c) { return c.section47_id == s.id; });
    if (s.icpc_not_required || has_conference || !referral_open) continue;
    core::Date anchor = s.start;
    for (const auto& d : ref.strategy_discussions) {
      if (s.strategy_discussion_id == d.id) anchor = d.date;
    }
    open.conferences.push_back({owner, s.id, anchor, {}});
  }
  for (const auto& p : ref.cp_plans) {
    if (p.plan.end) continue;
    core::Date anchor = p.plan.start;
    for (const auto& c : ref.conferences) {
      if (p.plan.icpc_id == c.id) anchor = c.date;
    }
    if (p.core_groups.empty()) open.first_core_groups.push_back({owner, p.plan.id, anchor, {}});
    open.cp_reviews.push_back({owner, p.plan.id, anchor, p.reviews});
  }
}

}  // namespace

std::vector<journey::WorkItem> NextSteps(const ChildRecord& r,
                                         const core::WorkingCalendar& calendar, core::Date today) {
  store::AllOpenWork open;
  store::WorkOwner owner;
  owner.person_id = r.person.id;
  owner.la_child_id = r.person.la_child_id.value_or("");
  owner.name = r.person.forename + " " + r.person.surname;
  for (const auto& c : r.contacts) {
    if (!c.decision_date) open.contact_decisions.push_back({owner, c.id, c.contact_date, {}});
  }
  for (const auto& ref : r.referrals) {
    // The first assessment of a referral runs from the referral; a later
    // one in the same episode from its own start.
    for (size_t i = 0; i < ref.assessments.size(); ++i) {
      const auto& a = ref.assessments[i];
      if (a.authorised) continue;
      open.assessments.push_back({owner, a.id, i == 0 ? ref.referral.referral_date : a.start, {}});
    }
    AddProtectionWork(ref, owner, open);
  }
  if (auto care = OpenPeriodOfCare(r, owner)) open.care_reviews.push_back(*std::move(care));
  return journey::BuildWorkList(open, calendar, today);
}

// --- The record as JSON ---------------------------------------------------

json ReferralRecordJson(const ReferralRecord& r) {
  json out = ReferralJson(r.referral);
  out["assessments"] = ArrayOf(r.assessments, AssessmentJson);
  out["cin_plans"] = ArrayOf(r.cin_plans, CinPlanJson);
  out["strategy_discussions"] = ArrayOf(r.strategy_discussions, StrategyDiscussionJson);
  out["section47_enquiries"] = ArrayOf(r.section47s, Section47Json);
  out["conferences"] = ArrayOf(r.conferences, IcpcJson);
  out["cp_plans"] = ArrayOf(r.cp_plans, [](const CpPlanRecord& p) {
    return CpPlanJson(p.plan, p.reviews, p.core_groups);
  });
  return out;
}

namespace {

// A care leaver here is a young person who left care at 16 or over (the
// Children (Leaving Care) Act's eligible and relevant children), or whose
// care-leaver contacts are recorded.
bool IsCareLeaver(const ChildRecord& r, bool cared_for) {
  if (!r.care_leaver_contacts.empty()) return true;
  if (cared_for || r.care_episodes.empty() || !r.person.birth_date) return false;
  const auto& last = r.care_episodes.back();
  return last.end && core::AgeInYears(*r.person.birth_date, *last.end) >= 16;
}

json StatusFlags(const ChildRecord& r) {
  const ChildStatus status = StatusOf(r);
  json restricted = json::array();
  for (const auto& w : r.withheld) {
    json item = WithheldJson(w);
    item["visible_to_you"] = false;
    restricted.push_back(std::move(item));
  }
  for (const auto& w : r.restricted_visible) {
    restricted.push_back(Object()
                             .Add("classification", w.classification)
                             .Add("owner_agency", w.owner_agency)
                             .Add("count", w.count)
                             .Add("visible_to_you", true)
                             .Build());
  }
  const bool present = !restricted.empty();
  return Object()
      .Add("child_in_need", status.in_need)
      .Add("child_protection", status.protection)
      .Add("cared_for", status.cared_for)
      .Add("care_leaver", status.care_leaver)
      .Add("restricted_items_present", present)
      .Add("restricted_items", std::move(restricted))
      .Build();
}

}  // namespace

ChildStatus StatusOf(const ChildRecord& r) {
  ChildStatus status;
  for (const auto& ref : r.referrals) {
    if (!ref.referral.closure_date) status.in_need = true;
    for (const auto& p : ref.cp_plans) {
      if (!p.plan.end) status.protection = true;
    }
  }
  status.cared_for = !r.care_episodes.empty() && !r.care_episodes.back().end;
  status.care_leaver = IsCareLeaver(r, status.cared_for);
  return status;
}

core::Result<std::vector<access::SearchMatch>> FindChildren(Call& call,
                                                            const access::SearchQuery& query) {
  std::vector<access::SearchMatch> matches;
  SG_RETURN_IF_ERROR(call.gate.Run(
      call.actor(), access::Action::kSearch, [&](access::AuditNote& note) -> core::Status {
        SG_ASSIGN_OR_RETURN(matches, access::Discover(call.db, call.actor(), query, call.clock));
        // What was searched for is personal data: the row records only how
        // many children matched.
        note = access::AuditNote{"search", "child", "", std::nullopt,
                                 fmt::format("{{\"matches\":{}}}", matches.size())};
        return {};
      }));
  return matches;
}

core::Result<GlassBroken> BreakTheGlass(Call& call, const access::BreakGlassRequest& request) {
  assert(request.minutes >= 1 && request.minutes <= 240);
  GlassBroken broken;
  const store::Id id = request.person_id;
  SG_RETURN_IF_ERROR(call.gate.Run(
      call.actor(), access::Action::kBreakGlass, [&](access::AuditNote& note) -> core::Status {
        SG_RETURN_IF_ERROR(ChildById(id)(call.db));
        SG_ASSIGN_OR_RETURN(broken.grant_id,
                            access::BreakGlass(call.db, call.actor(), request, call.clock));
        broken.expires_at =
            core::UtcFromUnixSeconds(call.clock.NowUnixSeconds() + request.minutes * 60);
        note = access::AuditNote{
            "break-glass", "child", std::to_string(id), id,
            fmt::format("{{\"grant\":{},\"minutes\":{}}}", broken.grant_id, request.minutes)};
        return {};
      }));
  return broken;
}

json ChildRecordJson(const ChildRecord& r, const core::WorkingCalendar& calendar,
                     core::Date today) {
  json steps = ArrayOf(NextSteps(r, calendar, today), [&](const journey::WorkItem& item) {
    return NextStepJson(item, today, calendar);
  });
  return Object()
      .Add("person", PersonJson(r.person))
      .Add("version", r.version)
      .Add("status", StatusFlags(r))
      .Add("involvements", ArrayOf(r.involved, InvolvementJson))
      .Add("journey", Object()
                          .Add("contacts", ArrayOf(r.contacts, ContactJson))
                          .Add("early_help", ArrayOf(r.early_help, EarlyHelpJson))
                          .Add("referrals", ArrayOf(r.referrals, ReferralRecordJson))
                          .Build())
      .Add("care_episodes", ArrayOf(r.care_episodes, CareEpisodeJson))
      .Add("care_reviews", ArrayOf(r.care_reviews, CareReviewJson))
      .Add("missing", ArrayOf(r.missing, MissingJson))
      .Add("care_leaver_contacts", ArrayOf(r.care_leaver_contacts, CareLeaverContactJson))
      .Add("next_steps", std::move(steps))
      .Build();
}

const ReferralRecord* FindReferralRecord(const ChildRecord& record, store::Id referral_id) {
  for (const auto& r : record.referrals) {
    if (r.referral.id == referral_id) return &r;
  }
  return nullptr;
}

const CpPlanRecord* FindCpPlanRecord(const ChildRecord& record, store::Id plan_id) {
  for (const auto& r : record.referrals) {
    for (const auto& p : r.cp_plans) {
      if (p.plan.id == plan_id) return &p;
    }
  }
  return nullptr;
}

// --- Handlers' doors to a child's record ----------------------------------

http::Response JsonResponse(int status, const json& body) {
  return http::Json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

ChildFinder ChildById(store::Id person_id) {
  return [person_id](store::Database& db) -> core::Result<store::Id> {
    store::JourneyStore store(db);
    SG_ASSIGN_OR_RETURN(auto person, store.FindPerson(person_id));
    if (!person) {
      return core::Fail(core::Code::kNotFound,
                        fmt::format("there is no child with id {}", person_id));
    }
    return person_id;
  };
}

core::Result<http::Response> OnChildRecord(Call& call, access::Action action,
                                           const ChildFinder& child, std::string_view entity,
                                           store::Id entity_id, const RecordAnswer& answer) {
  const access::Actor& actor = call.actor();
  http::Response response;
  SG_RETURN_IF_ERROR(call.gate.Run(actor, action, [&](access::AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(store::Id person_id, child(call.db));
    SG_ASSIGN_OR_RETURN(access::Clearance clearance, call.gate.Clear(actor, action, person_id));
    SG_ASSIGN_OR_RETURN(ChildRecord record,
                        LoadChildRecord(call.db, actor, clearance, person_id, call.clock.Today()));
    SG_ASSIGN_OR_RETURN(response, answer(record));
    note =
        access::AuditNote{"read", std::string(entity), std::to_string(entity_id), person_id, "{}"};
    return {};
  }));
  return response;
}

core::Result<http::Response> ReadOfChild(Call& call, const ChildRead& read) {
  return OnChildRecord(call, read.action, read.child, read.entity, read.entity_id,
                       [&](const ChildRecord& record) -> core::Result<http::Response> {
                         SG_ASSIGN_OR_RETURN(json body, read.view(record));
                         http::Response response = JsonResponse(200, body);
                         response.SetHeader("ETag", ETagFor(record.version));
                         return response;
                       });
}

core::Result<http::Response> ChangeChild(Call& call, const ChildChange& change) {
  const access::Actor& actor = call.actor();
  http::Response response;
  // Nothing is audited by this outer run: the journey command audits its
  // own change, and a refused precondition changes and discloses nothing.
  SG_RETURN_IF_ERROR(call.gate.Run(actor, change.action, [&](access::AuditNote&) -> core::Status {
    SG_ASSIGN_OR_RETURN(store::Id person_id, change.child(call.db));
    SG_ASSIGN_OR_RETURN(access::Clearance clearance,
                        call.gate.Clear(actor, change.action, person_id));
    store::JourneyStore store(call.db);
    SG_ASSIGN_OR_RETURN(int64_t version, store.PersonVersion(person_id));
    if (change.precondition) {
      if (auto refused = change.precondition(version)) {
        response = *std::move(refused);
        return {};
      }
    }
    SG_ASSIGN_OR_RETURN(store::Id record_id, change.command(person_id));
    SG_ASSIGN_OR_RETURN(ChildRecord record,
                        LoadChildRecord(call.db, actor, clearance, person_id, call.clock.Today()));
    SG_ASSIGN_OR_RETURN(response, change.answer(record, record_id));
    return {};
  }));
  return response;
}

core::Result<http::Response> WriteOnChild(Call& call, const ChildWrite& write) {
  ChildChange change;
  change.action = write.action;
  change.child = write.child;
  change.precondition = [&](int64_t version) { return CheckIfMatch(call.request, version); };
  change.command = write.command;
  change.answer = [&](const ChildRecord& record,
                      store::Id record_id) -> core::Result<http::Response> {
    std::optional<json> body = write.view ? write.view(record, record_id) : std::nullopt;
    if (!body) body = json{{"id", record_id}};
    const bool created = static_cast<bool>(write.location);
    http::Response response = JsonResponse(created ? 201 : 200, *body);
    if (created) response.SetHeader("Location", write.location(record, record_id));
    response.SetHeader("ETag", ETagFor(record.version));
    return response;
  };
  return ChangeChild(call, change);
}

}  // namespace sg::api
