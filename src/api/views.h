// Views: what the JSON API shows of a child's records.
//
// Design. Every response that carries a child's data is built here, from
// the plain structs of store/records.h, so that a record looks the same
// wherever it appears (inside the child's record, as the body of the 201
// that created it, under GET of the sub-record) and so that one reading of
// this file tells what the API discloses. The views add nothing the caller
// is not cleared for: restricted chronology items are filtered before they
// get here, and withheld items appear only as a notice naming the agency
// to ask (WithheldJson).
//
// The two doors a handler uses to a child's record are here too, so that
// both route files (routes_children.cc, routes_journey.cc) go through the
// same steps in the same order (ReadOfChild, WriteOnChild below).
//
// Field names are snake_case, dates "YYYY-MM-DD", absent optional values
// null (never omitted, so that clients see the whole shape), ids integers.
//
// ChildRecord is the whole of one child's record as the API shows it, read
// in one go by LoadChildRecord straight from the journey store's per-child
// reads, so that it shows every record whoever wrote it (a
// journey command or an import, which writes no chronology), each with all
// its fields. This is the path the server's benchmark drives, so the number
// of queries is small and fixed, whatever the number of records: at most
// twenty-three per child (fourteen for a child never referred, twenty-one
// with referrals but no protection plan), plus one per kind of restricted
// item withheld from the caller. Everything under the referrals is read for
// the whole child at once, the open involvements come with their names in
// one joined query, and the chronology is only counted by classification
// (the record shows counts of restricted items, never the items).
// LoadChildRecord does not check access itself: it REQUIRES the caller to
// be inside a Gate::Run whose actor has been cleared for the child
// (Gate::Clear), so that the read is need-to-know checked and audited in
// the same transaction.
#ifndef SAFEGUARD_API_VIEWS_H_
#define SAFEGUARD_API_VIEWS_H_

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/actor.h"
#include "access/need_to_know.h"
#include "access/policy.h"
#include "api/app.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/error.h"
#include "journey/work_list.h"
#include "store/database.h"
#include "store/journey_store.h"
#include "store/records.h"

namespace sg::api {

// --- One record each ------------------------------------------------------

nlohmann::json PersonJson(const store::Person& person);
nlohmann::json ContactJson(const store::Contact& contact);
nlohmann::json EarlyHelpJson(const store::EarlyHelpEpisode& episode);
// The referral's own fields; ReferralRecordJson adds what happened under it.
nlohmann::json ReferralJson(const store::Referral& referral);
nlohmann::json AssessmentJson(const store::Assessment& assessment);
nlohmann::json CinPlanJson(const store::CinPlan& plan);
nlohmann::json StrategyDiscussionJson(const store::StrategyDiscussion& discussion);
nlohmann::json Section47Json(const store::Section47& enquiry);
nlohmann::json IcpcJson(const store::Icpc& icpc);
nlohmann::json CpPlanJson(const store::CpPlan& plan, const std::vector<core::Date>& reviews,
                          const std::vector<core::Date>& core_groups);
nlohmann::json CareEpisodeJson(const store::CareEpisode& episode);
nlohmann::json CareReviewJson(const store::CareReview& review);
nlohmann::json MissingJson(const store::MissingEpisode& episode);
nlohmann::json CareLeaverContactJson(const store::CareLeaverContact& contact);
nlohmann::json ChronologyEntryJson(const store::ChronologyEntry& entry);
// "police-restricted information is held by Cheshire Constabulary: ask them."
nlohmann::json WithheldJson(const access::Withheld& withheld);
nlohmann::json ContactPointJson(const access::ContactPoint& point);
// A discovery match: whom to contact always; the child's details only when
// the match says the caller is cleared.
nlohmann::json SearchMatchJson(const access::SearchMatch& match);
nlohmann::json AccessLogEntryJson(const access::AccessLogEntry& entry);
// A statutory step that is due: what, for which record, when, how it stands.
nlohmann::json NextStepJson(const journey::WorkItem& item, core::Date today,
                            const core::WorkingCalendar& calendar);

// --- The whole record -----------------------------------------------------

struct CpPlanRecord {
  store::CpPlan plan;
  std::vector<core::Date> reviews;
  std::vector<core::Date> core_groups;
};

// A referral (CIN episode) with everything recorded under it, each list in
// date order.
struct ReferralRecord {
  store::Referral referral;
  std::vector<store::Assessment> assessments;
  std::vector<store::CinPlan> cin_plans;
  std::vector<store::StrategyDiscussion> strategy_discussions;
  std::vector<store::Section47> section47s;
  std::vector<store::Icpc> conferences;
  std::vector<CpPlanRecord> cp_plans;
};

// An involvement open today, with the names a reader needs.
using InvolvementNow = store::NamedInvolvement;
nlohmann::json InvolvementJson(const InvolvementNow& now);

struct ChildRecord {
  store::Person person;
  int64_t version = 0;
  std::vector<store::Contact> contacts;
  std::vector<store::EarlyHelpEpisode> early_help;
  std::vector<ReferralRecord> referrals;  // by referral date
  std::vector<store::CareEpisode> care_episodes;
  std::vector<store::CareReview> care_reviews;  // by date
  std::vector<store::MissingEpisode> missing;
  std::vector<store::CareLeaverContact> care_leaver_contacts;
  std::vector<InvolvementNow> involved;  // open today
  // Restricted chronology items: those the caller may see are counted in
  // `restricted_visible` by classification (owner: the caller's agency,
  // the only one whose users see them); the rest are `withheld`.
  std::vector<access::Withheld> withheld;
  std::vector<access::Withheld> restricted_visible;
};

// kNotFound "there is no child with id N". REQUIRES: inside a Gate::Run of
// `actor`, who is cleared for the child as `clearance` (see the overview).
core::Result<ChildRecord> LoadChildRecord(store::Database& db, const access::Actor& actor,
                                          const access::Clearance& clearance, store::Id person_id,
                                          core::Date today);

// The child's open statutory work (journey clocks), soonest due first.
std::vector<journey::WorkItem> NextSteps(const ChildRecord& record,
                                         const core::WorkingCalendar& calendar, core::Date today);

// The whole record as GET /api/v1/children/{id} shows it.
nlohmann::json ChildRecordJson(const ChildRecord& record, const core::WorkingCalendar& calendar,
                               core::Date today);
// One referral with its assessments, plans, discussions, enquiries and
// conferences.
nlohmann::json ReferralRecordJson(const ReferralRecord& record);

// Finders into a loaded record (nullptr when the record has no such item).
const ReferralRecord* FindReferralRecord(const ChildRecord& record, store::Id referral_id);
const CpPlanRecord* FindCpPlanRecord(const ChildRecord& record, store::Id plan_id);

// --- Handlers' doors to a child's record ----------------------------------

// application/json of `body`; text that is not valid UTF-8 (an import may
// have stored some) is replaced rather than thrown on.
http::Response JsonResponse(int status, const nlohmann::json& body);

// Finds the child a request is about: from the path's child id, or from a
// sub-record (a referral, a plan). kNotFound when there is no such record.
// Runs inside the Gate, before need-to-know is checked, so it must return
// nothing but the child's id.
using ChildFinder = std::function<core::Result<store::Id>(store::Database& db)>;
ChildFinder ChildById(store::Id person_id);

template <typename T>
using FindFn = core::Result<std::optional<T>> (store::JourneyStore::*)(store::Id);

// The child a sub-record belongs to: directly (person_id), or through its
// referral (referral_id). `what` names the record in the kNotFound message
// ("there is no assessment with id 7") and must outlive the finder.
template <typename T>
ChildFinder ChildOf(std::string_view what, store::Id id, FindFn<T> find) {
  return [what, id, find](store::Database& db) -> core::Result<store::Id> {
    store::JourneyStore store(db);
    SG_ASSIGN_OR_RETURN(std::optional<T> found, (store.*find)(id));
    if (!found) {
      return core::Fail(core::Code::kNotFound, fmt::format("there is no {} with id {}", what, id));
    }
    if constexpr (requires(const T& t) { t.person_id; }) {
      return found->person_id;
    } else {
      SG_ASSIGN_OR_RETURN(auto referral, store.FindReferral(found->referral_id));
      if (!referral) {
        return core::Fail(core::Code::kInternal, fmt::format("the {}'s referral is missing", what));
      }
      return referral->person_id;
    }
  };
}

struct ChildRead {
  access::Action action = access::Action::kReadRecord;
  std::string entity;  // what the audit row says was read: "child", "referral" ...
  store::Id entity_id = 0;
  ChildFinder child;
  // The body, from the loaded record; kNotFound when the record lacks it.
  std::function<core::Result<nlohmann::json>(const ChildRecord&)> view;
};

// One audited read: inside one Gate::Run, finds the child, clears the
// caller for them (403 with whom to ask, before anything is read), loads the
// record and answers 200 with the view and the child's ETag.
core::Result<http::Response> ReadOfChild(Call& call, const ChildRead& read);

struct ChildWrite {
  access::Action action = access::Action::kRecordJourney;
  ChildFinder child;
  // The journey command, given the child's id; the id of the record it made
  // or changed.
  std::function<core::Result<store::Id>(store::Id person_id)> command;
  // The record made or changed, from the record after the change (nullopt:
  // the body is just {"id": ...}).
  std::function<std::optional<nlohmann::json>(const ChildRecord&, store::Id record_id)> view;
  // For a created record, its URL: the answer is 201 with Location.
  // Empty: 200.
  std::function<std::string(const ChildRecord&, store::Id record_id)> location;
};

// A write on an existing child's record: inside one Gate::Run (so a failure
// anywhere rolls everything back), finds the child, clears the caller,
// checks If-Match against the child's version (428 without, 412 stale, and
// nothing runs), runs the command (audited by the journey), then answers
// with the record made or changed and the child's new ETag. The caller has
// read and Finish()ed the body before.
core::Result<http::Response> WriteOnChild(Call& call, const ChildWrite& write);

// --- What the API and the pages both do -------------------------------------

// Where the child stands today, as the record's status badges show it.
struct ChildStatus {
  bool in_need = false;      // a referral (CIN episode) is open
  bool protection = false;   // a child protection plan is open
  bool cared_for = false;    // a care episode is open
  bool care_leaver = false;  // left care at 16 or over, or has care-leaver contacts
};
ChildStatus StatusOf(const ChildRecord& record);

// Discovery without disclosure: the matches for `query` as the caller may
// see them (access::Discover), audited as one "search" row that records how
// many children matched and never what was searched for.
core::Result<std::vector<access::SearchMatch>> FindChildren(Call& call,
                                                            const access::SearchQuery& query);

struct GlassBroken {
  int64_t grant_id = 0;
  std::string expires_at;  // UTC
};
// Breaks the glass on a child for the caller (access::BreakGlass): audited,
// and the teams involved are told. REQUIRES: request.minutes in 1..240.
core::Result<GlassBroken> BreakTheGlass(Call& call, const access::BreakGlassRequest& request);

// --- The doors themselves, for answers of the caller's own making ----------
// ReadOfChild and WriteOnChild are these with a JSON answer; the pages use
// them with an HTML one, so that a page and the API read and change a child
// through the same steps.

using RecordAnswer = std::function<core::Result<http::Response>(const ChildRecord&)>;

// One audited read ("read" of `entity` `entity_id`, for the child): inside
// one Gate::Run, finds the child, clears the caller (the refusal, before
// anything is read), loads the record and answers with `answer`.
core::Result<http::Response> OnChildRecord(Call& call, access::Action action,
                                           const ChildFinder& child, std::string_view entity,
                                           store::Id entity_id, const RecordAnswer& answer);

struct ChildChange {
  access::Action action = access::Action::kRecordJourney;
  ChildFinder child;
  // Given the child's version before the change: an answer to give instead
  // of changing anything (a stale If-Match, a form opened on an older
  // version), or nullopt to go on.
  std::function<std::optional<http::Response>(int64_t version)> precondition;
  std::function<core::Result<store::Id>(store::Id person_id)> command;
  // The answer, from the record after the change.
  std::function<core::Result<http::Response>(const ChildRecord&, store::Id record_id)> answer;
};

// One change: inside one Gate::Run (a failure anywhere rolls everything
// back), finds the child, clears the caller, asks the precondition, runs
// the command (audited by the journey), reloads the record and answers.
core::Result<http::Response> ChangeChild(Call& call, const ChildChange& change);

}  // namespace sg::api

#endif  // SAFEGUARD_API_VIEWS_H_
