// The child's journey over the API: one route per journey command, and a
// GET for each kind of sub-record a command creates.
//
// Every write follows the same steps (WriteOnChild in views.h): the body is
// read whole and Finish()ed before anything else, then inside one Gate::Run
// the child is found (from the path, or from the sub-record the path names),
// the caller is cleared for that child, If-Match is checked against the
// child's version, the journey command runs with the caller as actor (it
// checks its rules and audits), and the answer carries the record made or
// changed with the child's new ETag. A caller who is not cleared for the
// child gets 403 before the record is looked at further, so ids of
// sub-records tell them nothing about a child.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "api/app.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/views.h"
#include "journey/journey.h"
#include "store/journey_store.h"

namespace sg::api {
namespace {

using core::Code;
using core::Fail;
using core::Result;
using nlohmann::json;
using store::Id;

// --- Kinds of sub-record --------------------------------------------------

template <typename T, typename ViewFn>
std::optional<json> ViewIn(const std::vector<T>& items, Id id, ViewFn view) {
  for (const auto& item : items) {
    if (item.id == id) return view(item);
  }
  return std::nullopt;
}

// A list under each referral of the record.
template <typename Member, typename ViewFn>
std::optional<json> ViewInReferrals(const ChildRecord& r, Id id, Member member, ViewFn view) {
  for (const auto& ref : r.referrals) {
    if (auto found = ViewIn(ref.*member, id, view)) return found;
  }
  return std::nullopt;
}

std::optional<json> CpPlanView(const ChildRecord& r, Id id) {
  const CpPlanRecord* p = FindCpPlanRecord(r, id);
  if (p == nullptr) return std::nullopt;
  return CpPlanJson(p->plan, p->reviews, p->core_groups);
}

std::optional<json> ReferralView(const ChildRecord& r, Id id) {
  const ReferralRecord* ref = FindReferralRecord(r, id);
  if (ref == nullptr) return std::nullopt;
  return ReferralRecordJson(*ref);
}

// A kind of sub-record with an id of its own in the API.
struct Kind {
  std::string_view what;    // in messages: "contact"
  std::string_view entity;  // in the audit row
  std::string_view path;    // its URL is path + id
  ChildFinder (*child)(Id);
  std::optional<json> (*view)(const ChildRecord&, Id);
};

const Kind kContact{
    "contact", "contact", "/api/v1/contacts/",
    [](Id id) { return ChildOf("contact", id, &store::JourneyStore::FindContact); },
    [](const ChildRecord& r, Id id) { return ViewIn(r.contacts, id, ContactJson); }};
const Kind kEarlyHelp{
    "early help episode", "early_help_episode", "/api/v1/early-help/",
    [](Id id) { return ChildOf("early help episode", id, &store::JourneyStore::FindEarlyHelp); },
    [](const ChildRecord& r, Id id) { return ViewIn(r.early_help, id, EarlyHelpJson); }};
const Kind kReferral{
    "referral", "referral", "/api/v1/referrals/",
    [](Id id) { return ChildOf("referral", id, &store::JourneyStore::FindReferral); },
    ReferralView};
const Kind kAssessment{
    "assessment", "assessment", "/api/v1/assessments/",
    [](Id id) { return ChildOf("assessment", id, &store::JourneyStore::FindAssessment); },
    [](const ChildRecord& r, Id id) {
      return ViewInReferrals(r, id, &ReferralRecord::assessments, AssessmentJson);
    }};
const Kind kCinPlan{
    "CIN plan", "cin_plan", "/api/v1/cin-plans/",
    [](Id id) { return ChildOf("CIN plan", id, &store::JourneyStore::FindCinPlan); },
    [](const ChildRecord& r, Id id) {
      return ViewInReferrals(r, id, &ReferralRecord::cin_plans, CinPlanJson);
    }};
const Kind kStrategyDiscussion{
    "strategy discussion", "strategy_discussion", "/api/v1/strategy-discussions/",
    [](Id id) {
      return ChildOf("strategy discussion", id, &store::JourneyStore::FindStrategyDiscussion);
    },
    [](const ChildRecord& r, Id id) {
      return ViewInReferrals(r, id, &ReferralRecord::strategy_discussions, StrategyDiscussionJson);
    }};
const Kind kSection47{
    "section 47 enquiry", "section47_enquiry", "/api/v1/section47/",
    [](Id id) { return ChildOf("section 47 enquiry", id, &store::JourneyStore::FindSection47); },
    [](const ChildRecord& r, Id id) {
      return ViewInReferrals(r, id, &ReferralRecord::section47s, Section47Json);
    }};
const Kind kConference{
    "conference", "icpc", "/api/v1/conferences/",
    [](Id id) { return ChildOf("conference", id, &store::JourneyStore::FindIcpc); },
    [](const ChildRecord& r, Id id) {
      return ViewInReferrals(r, id, &ReferralRecord::conferences, IcpcJson);
    }};
const Kind kCpPlan{
    "child protection plan", "cp_plan", "/api/v1/cp-plans/",
    [](Id id) { return ChildOf("child protection plan", id, &store::JourneyStore::FindCpPlan); },
    CpPlanView};

std::string UrlOf(const Kind& kind, Id id) {
  return fmt::format("{}{}", kind.path, id);
}
std::string ChildUrl(Id id) {
  return fmt::format("/api/v1/children/{}", id);
}

Result<Id> PathId(const Call& call, const Kind& kind) {
  return IdParam(call.params, "id", kind.what);
}
Result<Id> ChildPathId(const Call& call) {
  return IdParam(call.params, "id", "child");
}

// GET of one sub-record: an audited read of the child's record.
HandlerFn GetOf(const Kind& kind) {
  return [&kind](Call& call) -> Result<http::Response> {
    SG_ASSIGN_OR_RETURN(Id id, PathId(call, kind));
    ChildRead read;
    read.entity = std::string(kind.entity);
    read.entity_id = id;
    read.child = kind.child(id);
    read.view = [&](const ChildRecord& record) -> Result<json> {
      if (auto body = kind.view(record, id)) return *std::move(body);
      return Fail(Code::kNotFound, fmt::format("there is no {} with id {}", kind.what, id));
    };
    return ReadOfChild(call, read);
  };
}

// --- The shapes of writes -------------------------------------------------

// A command that creates a sub-record of `made` under a record the path
// names (or the child): 201 with the new record and its Location.
Result<http::Response> Create(Call& call, ChildFinder child, const Kind& made,
                              std::function<Result<Id>(Id person_id)> command) {
  ChildWrite write;
  write.child = std::move(child);
  write.command = std::move(command);
  write.view = [&made](const ChildRecord& r, Id id) { return made.view(r, id); };
  write.location = [&made](const ChildRecord&, Id id) { return UrlOf(made, id); };
  return WriteOnChild(call, write);
}

// A command that changes the sub-record the path names: 200 with it.
Result<http::Response> Change(Call& call, const Kind& kind, Id id,
                              std::function<core::Status()> command) {
  ChildWrite write;
  write.child = kind.child(id);
  write.command = [command = std::move(command), id](Id) -> Result<Id> {
    SG_RETURN_IF_ERROR(command());
    return id;
  };
  write.view = [&kind](const ChildRecord& r, Id record_id) { return kind.view(r, record_id); };
  return WriteOnChild(call, write);
}

// A command on the child itself whose record is shown by `view`, at the
// child's URL.
Result<http::Response> CreateOnChild(
    Call& call, Id person_id, std::function<Result<Id>(Id person_id)> command,
    std::function<std::optional<json>(const ChildRecord&, Id record_id)> view) {
  ChildWrite write;
  write.child = ChildById(person_id);
  write.command = std::move(command);
  write.view = std::move(view);
  write.location = [person_id](const ChildRecord&, Id) { return ChildUrl(person_id); };
  return WriteOnChild(call, write);
}

// --- Front door and early help --------------------------------------------

Result<http::Response> RecordContact(Call& call) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  journey::NewContact contact;
  contact.person_id = child;
  SG_ASSIGN_OR_RETURN(contact.date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(contact.source, body.String("source"));
  SG_ASSIGN_OR_RETURN(auto contactor, body.OptString("contactor"));
  SG_ASSIGN_OR_RETURN(contact.factors, body.Strings("factors"));
  SG_ASSIGN_OR_RETURN(contact.screening_tools, body.Strings("screening_tools"));
  SG_ASSIGN_OR_RETURN(contact.consultation_ref, body.OptString("consultation_ref"));
  SG_ASSIGN_OR_RETURN(contact.team_id, body.OptInt("team_id"));
  SG_RETURN_IF_ERROR(body.Finish());
  contact.contactor = contactor.value_or("");
  return Create(call, ChildById(child), kContact,
                [&](Id) { return call.journey.RecordContact(call.actor(), contact); });
}

Result<http::Response> DecideContact(Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, kContact));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(std::string outcome, body.String("outcome"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Change(call, kContact, id,
                [&] { return call.journey.DecideContact(call.actor(), id, date, outcome); });
}

Result<http::Response> StartEarlyHelp(Call& call) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date start, body.Date("start"));
  SG_ASSIGN_OR_RETURN(std::optional<int64_t> contact_id, body.OptInt("contact_id"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Create(call, ChildById(child), kEarlyHelp, [&](Id) {
    return call.journey.StartEarlyHelp(call.actor(), child, start, contact_id);
  });
}

Result<http::Response> EndEarlyHelp(Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, kEarlyHelp));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(std::string reason, body.String("reason"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Change(call, kEarlyHelp, id,
                [&] { return call.journey.EndEarlyHelp(call.actor(), id, date, reason); });
}

// --- Children in need -----------------------------------------------------

Result<http::Response> OpenReferral(Call& call) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  journey::NewReferral referral;
  referral.person_id = child;
  SG_ASSIGN_OR_RETURN(referral.date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(referral.source, body.String("source"));
  SG_ASSIGN_OR_RETURN(referral.primary_need, body.OptString("primary_need"));
  SG_ASSIGN_OR_RETURN(referral.no_further_action, body.BoolOr("no_further_action", false));
  SG_ASSIGN_OR_RETURN(referral.contact_id, body.OptInt("contact_id"));
  SG_ASSIGN_OR_RETURN(referral.team_id, body.OptInt("team_id"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Create(call, ChildById(child), kReferral,
                [&](Id) { return call.journey.OpenReferral(call.actor(), referral); });
}

Result<http::Response> CloseReferral(Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, kReferral));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(std::string reason, body.String("reason"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Change(call, kReferral, id,
                [&] { return call.journey.CloseReferral(call.actor(), id, date, reason); });
}

Result<http::Response> StartAssessment(Call& call) {
  SG_ASSIGN_OR_RETURN(Id referral, PathId(call, kReferral));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date start, body.Date("start"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Create(call, kReferral.child(referral), kAssessment,
                [&](Id) { return call.journey.StartAssessment(call.actor(), referral, start); });
}

Result<http::Response> AuthoriseAssessment(Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, kAssessment));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(std::vector<std::string> factors, body.Strings("factors"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Change(call, kAssessment, id,
                [&] { return call.journey.AuthoriseAssessment(call.actor(), id, date, factors); });
}

Result<http::Response> StartCinPlan(Call& call) {
  SG_ASSIGN_OR_RETURN(Id referral, PathId(call, kReferral));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date start, body.Date("start"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Create(call, kReferral.child(referral), kCinPlan,
                [&](Id) { return call.journey.StartCinPlan(call.actor(), referral, start); });
}

Result<http::Response> EndCinPlan(Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, kCinPlan));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Change(call, kCinPlan, id,
                [&] { return call.journey.EndCinPlan(call.actor(), id, date); });
}

// --- Child protection -------------------------------------------------------

Result<http::Response> HoldStrategyDiscussion(Call& call) {
  SG_ASSIGN_OR_RETURN(Id referral, PathId(call, kReferral));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Create(call, kReferral.child(referral), kStrategyDiscussion, [&](Id) {
    return call.journey.HoldStrategyDiscussion(call.actor(), referral, date);
  });
}

Result<http::Response> StartSection47(Call& call) {
  SG_ASSIGN_OR_RETURN(Id discussion, PathId(call, kStrategyDiscussion));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date start, body.Date("start"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Create(call, kStrategyDiscussion.child(discussion), kSection47,
                [&](Id) { return call.journey.StartSection47(call.actor(), discussion, start); });
}

Result<http::Response> ConcludeSection47(Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, kSection47));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Change(call, kSection47, id, [&] {
    return call.journey.ConcludeSection47WithoutConference(call.actor(), id, date);
  });
}

Result<http::Response> HoldConference(Call& call) {
  SG_ASSIGN_OR_RETURN(Id referral, PathId(call, kReferral));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(std::optional<int64_t> section47, body.OptInt("section47_id"));
  SG_ASSIGN_OR_RETURN(bool transfer_in, body.BoolOr("transfer_in", false));
  SG_ASSIGN_OR_RETURN(bool plan_made, body.Bool("plan_made"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Create(call, kReferral.child(referral), kConference, [&](Id) {
    return call.journey.HoldInitialConference(call.actor(), referral, section47, transfer_in, date,
                                              plan_made);
  });
}

Result<http::Response> StartCpPlan(Call& call) {
  SG_ASSIGN_OR_RETURN(Id conference, PathId(call, kConference));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date start, body.Date("start"));
  SG_ASSIGN_OR_RETURN(std::string category, body.String("category"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Create(call, kConference.child(conference), kCpPlan, [&](Id) {
    return call.journey.StartCpPlan(call.actor(), conference, start, category);
  });
}

// A review or core group: shown as the plan it belongs to, with the new
// meeting's id and date.
std::function<std::optional<json>(const ChildRecord&, Id)> PlanMeetingView(Id plan,
                                                                           core::Date date) {
  return [plan, date](const ChildRecord& r, Id id) -> std::optional<json> {
    return json{{"id", id},
                {"cp_plan_id", plan},
                {"date", date.Iso()},
                {"cp_plan", CpPlanView(r, plan).value_or(nullptr)}};
  };
}

Result<http::Response> PlanMeeting(Call& call, bool review) {
  SG_ASSIGN_OR_RETURN(Id plan, PathId(call, kCpPlan));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  std::optional<std::string> latest_category;
  if (review) {
    SG_ASSIGN_OR_RETURN(latest_category, body.OptString("latest_category"));
  }
  SG_RETURN_IF_ERROR(body.Finish());
  ChildWrite write;
  write.child = kCpPlan.child(plan);
  write.command = [&](Id) -> Result<Id> {
    if (review) return call.journey.RecordCpReview(call.actor(), plan, date, latest_category);
    return call.journey.RecordCoreGroup(call.actor(), plan, date);
  };
  write.view = PlanMeetingView(plan, date);
  write.location = [plan](const ChildRecord&, Id) { return UrlOf(kCpPlan, plan); };
  return WriteOnChild(call, write);
}

Result<http::Response> RecordCpReview(Call& call) {
  return PlanMeeting(call, true);
}
Result<http::Response> RecordCoreGroup(Call& call) {
  return PlanMeeting(call, false);
}

Result<http::Response> EndCpPlan(Call& call) {
  SG_ASSIGN_OR_RETURN(Id id, PathId(call, kCpPlan));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_RETURN_IF_ERROR(body.Finish());
  return Change(call, kCpPlan, id, [&] { return call.journey.EndCpPlan(call.actor(), id, date); });
}

// --- Allocation -------------------------------------------------------------

Result<http::Response> Allocate(Call& call) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(int64_t team_id, body.Int("team_id"));
  SG_ASSIGN_OR_RETURN(std::optional<int64_t> worker_id, body.OptInt("worker_id"));
  SG_ASSIGN_OR_RETURN(core::Date start, body.Date("start"));
  SG_ASSIGN_OR_RETURN(std::optional<std::string> reason, body.OptString("reason"));
  SG_RETURN_IF_ERROR(body.Finish());
  return CreateOnChild(
      call, child,
      [&](Id) {
        return call.journey.Allocate(call.actor(), child, team_id, worker_id, start,
                                     reason.value_or(""));
      },
      [&](const ChildRecord& r, Id id) -> std::optional<json> {
        json involved = json::array();
        for (const auto& i : r.involved) involved.push_back(InvolvementJson(i));
        return json{{"id", id},
                    {"person_id", child},
                    {"team_id", team_id},
                    {"worker_id", worker_id ? json(*worker_id) : json()},
                    {"start", start.Iso()},
                    {"reason", reason.value_or("")},
                    {"involvements", involved}};
      });
}

// --- Cared for and care leavers -------------------------------------------

Result<journey::CareChange> ReadCareChange(JsonBody& body, bool start) {
  journey::CareChange c;
  SG_ASSIGN_OR_RETURN(c.date, body.Date(start ? "start" : "date"));
  if (start) {
    c.reason_new_episode.push_back('S');
  } else {
    SG_ASSIGN_OR_RETURN(c.reason_new_episode, body.String("reason_new_episode"));
    SG_ASSIGN_OR_RETURN(c.reason_place_change, body.OptString("reason_place_change"));
  }
  SG_ASSIGN_OR_RETURN(c.legal_status, body.String("legal_status"));
  SG_ASSIGN_OR_RETURN(c.category_of_need, body.String("category_of_need"));
  SG_ASSIGN_OR_RETURN(c.placement_type, body.String("placement_type"));
  SG_ASSIGN_OR_RETURN(c.placement_provider, body.OptString("placement_provider"));
  SG_ASSIGN_OR_RETURN(c.home_postcode, body.OptString("home_postcode"));
  SG_ASSIGN_OR_RETURN(c.placement_postcode, body.OptString("placement_postcode"));
  SG_RETURN_IF_ERROR(body.Finish());
  return c;
}

std::optional<json> CareEpisodeView(const ChildRecord& r, Id id) {
  return ViewIn(r.care_episodes, id, CareEpisodeJson);
}

Result<http::Response> CareEpisode(Call& call, bool start) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(journey::CareChange change, ReadCareChange(body, start));
  return CreateOnChild(
      call, child,
      [&](Id) {
        return start ? call.journey.StartCare(call.actor(), child, change)
                     : call.journey.ChangeCare(call.actor(), child, change);
      },
      CareEpisodeView);
}

Result<http::Response> StartCare(Call& call) {
  return CareEpisode(call, true);
}
Result<http::Response> ChangeCare(Call& call) {
  return CareEpisode(call, false);
}

Result<http::Response> EndCare(Call& call) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(std::string reason, body.String("reason_ceased"));
  SG_RETURN_IF_ERROR(body.Finish());
  ChildWrite write;
  write.child = ChildById(child);
  write.command = [&](Id) -> Result<Id> {
    SG_RETURN_IF_ERROR(call.journey.EndCare(call.actor(), child, date, reason));
    return child;
  };
  // The episode that ended is the child's latest.
  write.view = [](const ChildRecord& r, Id) -> std::optional<json> {
    if (r.care_episodes.empty()) return std::nullopt;
    return CareEpisodeJson(r.care_episodes.back());
  };
  return WriteOnChild(call, write);
}

Result<http::Response> RecordCareReview(Call& call) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(std::optional<std::string> participation, body.OptString("participation"));
  SG_RETURN_IF_ERROR(body.Finish());
  return CreateOnChild(
      call, child,
      [&](Id) { return call.journey.RecordCareReview(call.actor(), child, date, participation); },
      [&](const ChildRecord&, Id id) -> std::optional<json> {
        return json{{"id", id},
                    {"person_id", child},
                    {"date", date.Iso()},
                    {"participation", participation ? json(*participation) : json()}};
      });
}

Result<http::Response> RecordMissing(Call& call) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  store::MissingEpisode m;
  m.person_id = child;
  SG_ASSIGN_OR_RETURN(m.kind, body.String("kind"));
  SG_ASSIGN_OR_RETURN(m.start, body.Date("start"));
  SG_ASSIGN_OR_RETURN(m.end, body.OptDate("end"));
  SG_RETURN_IF_ERROR(body.Finish());
  return CreateOnChild(
      call, child,
      [&](Id) { return call.journey.RecordMissing(call.actor(), child, m.kind, m.start, m.end); },
      [&](const ChildRecord&, Id id) -> std::optional<json> {
        store::MissingEpisode made = m;
        made.id = id;
        return MissingJson(made);
      });
}

Result<http::Response> RecordCareLeaverContact(Call& call) {
  SG_ASSIGN_OR_RETURN(Id child, ChildPathId(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  store::CareLeaverContact c;
  c.person_id = child;
  SG_ASSIGN_OR_RETURN(c.date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(c.in_touch, body.String("in_touch"));
  SG_ASSIGN_OR_RETURN(c.activity, body.OptString("activity"));
  SG_ASSIGN_OR_RETURN(c.accommodation, body.OptString("accommodation"));
  SG_RETURN_IF_ERROR(body.Finish());
  return CreateOnChild(
      call, child,
      [&](Id) {
        return call.journey.RecordCareLeaverContact(call.actor(), child, c.date, c.in_touch,
                                                    c.activity, c.accommodation);
      },
      [&](const ChildRecord&, Id id) -> std::optional<json> {
        store::CareLeaverContact made = c;
        made.id = id;
        return CareLeaverContactJson(made);
      });
}

Route Write(HandlerFn fn) {
  return DatabaseRoute(std::move(fn), "write");
}

}  // namespace

void AddJourneyRoutes(RouteTable& routes) {
  // Reads of sub-records.
  for (const Kind* kind : {&kContact, &kEarlyHelp, &kReferral, &kAssessment, &kCinPlan,
                           &kStrategyDiscussion, &kSection47, &kConference, &kCpPlan}) {
    routes.Add("GET", fmt::format("{}{{id}}", kind->path), DatabaseRoute(GetOf(*kind), "read"));
  }
  // Front door and early help.
  routes.Add("POST", "/api/v1/children/{id}/contacts", Write(RecordContact));
  routes.Add("POST", "/api/v1/contacts/{id}/decision", Write(DecideContact));
  routes.Add("POST", "/api/v1/children/{id}/early-help", Write(StartEarlyHelp));
  routes.Add("POST", "/api/v1/early-help/{id}/end", Write(EndEarlyHelp));
  // Children in need.
  routes.Add("POST", "/api/v1/children/{id}/referrals", Write(OpenReferral));
  routes.Add("POST", "/api/v1/referrals/{id}/closure", Write(CloseReferral));
  routes.Add("POST", "/api/v1/referrals/{id}/assessments", Write(StartAssessment));
  routes.Add("POST", "/api/v1/assessments/{id}/authorisation", Write(AuthoriseAssessment));
  routes.Add("POST", "/api/v1/referrals/{id}/cin-plans", Write(StartCinPlan));
  routes.Add("POST", "/api/v1/cin-plans/{id}/end", Write(EndCinPlan));
  // Child protection.
  routes.Add("POST", "/api/v1/referrals/{id}/strategy-discussions", Write(HoldStrategyDiscussion));
  routes.Add("POST", "/api/v1/strategy-discussions/{id}/section47", Write(StartSection47));
  routes.Add("POST", "/api/v1/section47/{id}/no-conference", Write(ConcludeSection47));
  routes.Add("POST", "/api/v1/referrals/{id}/conferences", Write(HoldConference));
  routes.Add("POST", "/api/v1/conferences/{id}/cp-plan", Write(StartCpPlan));
  routes.Add("POST", "/api/v1/cp-plans/{id}/reviews", Write(RecordCpReview));
  routes.Add("POST", "/api/v1/cp-plans/{id}/core-groups", Write(RecordCoreGroup));
  routes.Add("POST", "/api/v1/cp-plans/{id}/end", Write(EndCpPlan));
  // Who works with the child.
  routes.Add("POST", "/api/v1/children/{id}/allocation", Write(Allocate));
  // Cared for and care leavers.
  routes.Add("POST", "/api/v1/children/{id}/care", Write(StartCare));
  routes.Add("POST", "/api/v1/children/{id}/care/changes", Write(ChangeCare));
  routes.Add("POST", "/api/v1/children/{id}/care/end", Write(EndCare));
  routes.Add("POST", "/api/v1/children/{id}/care/reviews", Write(RecordCareReview));
  routes.Add("POST", "/api/v1/children/{id}/missing", Write(RecordMissing));
  routes.Add("POST", "/api/v1/children/{id}/care-leaver-contacts", Write(RecordCareLeaverContact));
}

}  // namespace sg::api
