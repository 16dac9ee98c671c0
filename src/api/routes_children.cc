// Children: discovery, registration, the child's record, the chronology,
// notes, break-glass and the access log.
//
// Every route that touches one child goes through the Gate with the child's
// id on the audit note, so need-to-know decides before anything is shown
// and the read or change is audited in the same transaction; discovery goes
// through access::Discover, which tells an uncleared caller only whom to
// contact.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "access/need_to_know.h"
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
using nlohmann::json;

constexpr int kMaxSearchMatches = 50;

core::Result<store::Id> ChildParam(const Call& call) {
  return IdParam(call.params, "id", "child");
}

std::string ChildUrl(store::Id id) {
  return fmt::format("/api/v1/children/{}", id);
}

// {"items":[...],"next":...} as PageJson writes it, as JSON to add to.
json PagedJson(const http::Request& request, const json& items, std::optional<int64_t> next) {
  return json::parse(
      PageJson(request, items.dump(-1, ' ', false, json::error_handler_t::replace), next));
}

// --- GET /api/v1/children/search ---------------------------------------------

core::Result<access::SearchQuery> ReadSearch(const http::Request& request) {
  access::SearchQuery query;
  query.name = std::string(request.Query("name").value_or(""));
  query.identifier = std::string(request.Query("identifier").value_or(""));
  if (auto birth = request.Query("birth_date"); birth && !birth->empty()) {
    SG_ASSIGN_OR_RETURN(query.birth_date, core::Date::ParseIso(*birth, "birth_date"));
  }
  const bool blank_name = query.name.find_first_not_of(' ') == std::string::npos;
  if (blank_name && query.identifier.empty() && !query.birth_date) {
    return Fail(Code::kInvalidArgument,
                "give at least one of name, birth_date or identifier to search for a child");
  }
  if (query.name.size() > 200 || query.identifier.size() > 100) {
    return Fail(Code::kInvalidArgument, "the name or identifier searched for is too long");
  }
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(request, 20, kMaxSearchMatches));
  if (page.after) {
    return Fail(Code::kInvalidArgument,
                "search results are not paged: narrow the search instead of using 'after'");
  }
  query.limit = page.limit;
  return query;
}

core::Result<http::Response> SearchChildren(Call& call) {
  SG_ASSIGN_OR_RETURN(access::SearchQuery query, ReadSearch(call.request));
  SG_ASSIGN_OR_RETURN(std::vector<access::SearchMatch> matches, FindChildren(call, query));
  json items = json::array();
  for (const auto& m : matches) items.push_back(SearchMatchJson(m));
  return JsonResponse(200, json{{"items", items}, {"next", nullptr}});
}

// --- POST /api/v1/children ---------------------------------------------------

core::Result<store::Person> ReadNewChild(const http::Request& request) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(request.body));
  store::Person p;
  SG_ASSIGN_OR_RETURN(p.forename, body.String("forename"));
  SG_ASSIGN_OR_RETURN(p.surname, body.String("surname"));
  SG_ASSIGN_OR_RETURN(p.birth_date, body.OptDate("birth_date"));
  SG_ASSIGN_OR_RETURN(p.expected_birth_date, body.OptDate("expected_birth_date"));
  SG_ASSIGN_OR_RETURN(p.sex, body.String("sex"));
  SG_ASSIGN_OR_RETURN(p.ethnicity, body.String("ethnicity"));
  SG_ASSIGN_OR_RETURN(p.la_child_id, body.OptString("la_child_id"));
  SG_ASSIGN_OR_RETURN(p.upn, body.OptString("upn"));
  SG_ASSIGN_OR_RETURN(p.nhs_number, body.OptString("nhs_number"));
  SG_ASSIGN_OR_RETURN(p.home_postcode, body.OptString("home_postcode"));
  SG_ASSIGN_OR_RETURN(p.disabilities, body.Strings("disabilities"));
  SG_RETURN_IF_ERROR(body.Finish());
  if (p.birth_date && p.expected_birth_date) {
    return Fail(Code::kInvalidArgument,
                "give birth_date for a child who is born, or expected_birth_date for an unborn "
                "child, not both");
  }
  if (p.forename.size() > 100 || p.surname.size() > 100) {
    return Fail(Code::kInvalidArgument, "a forename or surname is limited to 100 characters");
  }
  return p;
}

core::Result<http::Response> RegisterChild(Call& call) {
  SG_ASSIGN_OR_RETURN(store::Person person, ReadNewChild(call.request));
  http::Response response;
  SG_RETURN_IF_ERROR(call.gate.Run(
      call.actor(), access::Action::kRecordJourney, [&](access::AuditNote&) -> core::Status {
        SG_ASSIGN_OR_RETURN(store::Id id, call.journey.RegisterChild(call.actor(), person));
        SG_ASSIGN_OR_RETURN(access::Clearance clearance,
                            call.gate.Clear(call.actor(), access::Action::kRecordJourney, id));
        SG_ASSIGN_OR_RETURN(ChildRecord record, LoadChildRecord(call.db, call.actor(), clearance,
                                                                id, call.clock.Today()));
        response = JsonResponse(201, ChildRecordJson(record, call.calendar, call.clock.Today()));
        response.SetHeader("Location", ChildUrl(id));
        response.SetHeader("ETag", ETagFor(record.version));
        return {};
      }));
  return response;
}

// --- GET /api/v1/children/{id} -------------------------------------------------

core::Result<http::Response> GetChild(Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, ChildParam(call));
  ChildRead read;
  read.entity = "child";
  read.entity_id = id;
  read.child = ChildById(id);
  read.view = [&](const ChildRecord& record) -> core::Result<json> {
    return ChildRecordJson(record, call.calendar, call.clock.Today());
  };
  return ReadOfChild(call, read);
}

// --- GET /api/v1/children/{id}/chronology ------------------------------------

// A chronology is in date order and entries may be recorded after later
// ones (a backdated note), so an id alone is no keyset. The cursor packs
// the last entry's (date, id) into one integer that orders the same way:
// the date's day number, offset to stay positive, above 36 bits of id.
constexpr int kCursorIdBits = 36;
constexpr int64_t kCursorDayOffset = int64_t{1} << 20;

int64_t ChronologyKey(const store::ChronologyEntry& e) {
  return ((e.occurred_on.days() + kCursorDayOffset) << kCursorIdBits) | e.id;
}

core::Result<http::Response> GetChronology(Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, ChildParam(call));
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(call.request));
  // Cleared first, so that a refusal names the child and is on the record.
  SG_RETURN_IF_ERROR(call.gate.Clear(call.actor(), access::Action::kReadRecord, id));
  SG_ASSIGN_OR_RETURN(journey::ChronologyView view, call.journey.ReadChronology(call.actor(), id));
  std::vector<store::ChronologyEntry>& entries = view.entries;
  std::ranges::sort(entries, {}, ChronologyKey);
  auto from = entries.begin();
  if (page.after) {
    from = std::ranges::upper_bound(entries, *page.after, {}, ChronologyKey);
  }
  json items = json::array();
  std::optional<int64_t> next;
  for (auto it = from; it != entries.end(); ++it) {
    if (static_cast<int>(items.size()) == page.limit) {
      next = ChronologyKey(*std::prev(it));
      break;
    }
    items.push_back(ChronologyEntryJson(*it));
  }
  json out = PagedJson(call.request, items, next);
  json withheld = json::array();
  for (const auto& w : view.withheld) withheld.push_back(WithheldJson(w));
  out["withheld"] = std::move(withheld);
  return JsonResponse(200, out);
}

// --- POST /api/v1/children/{id}/notes ------------------------------------------

core::Result<http::Response> AddNote(Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, ChildParam(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  journey::NewNote note;
  note.person_id = id;
  SG_ASSIGN_OR_RETURN(note.date, body.Date("date"));
  SG_ASSIGN_OR_RETURN(note.summary, body.String("summary"));
  SG_ASSIGN_OR_RETURN(auto classification, body.OptString("classification"));
  SG_RETURN_IF_ERROR(body.Finish());
  note.classification = classification.value_or("");
  ChildWrite write;
  write.action = access::Action::kAddNote;
  write.child = ChildById(id);
  write.command = [&](store::Id) { return call.journey.AddNote(call.actor(), note); };
  write.view = [&](const ChildRecord&, store::Id entry_id) -> std::optional<json> {
    store::ChronologyEntry entry;
    entry.id = entry_id;
    entry.person_id = id;
    entry.occurred_on = note.date;
    entry.recorded_at = call.clock.NowUtc();
    entry.kind = "note";
    entry.summary = note.summary;
    entry.author = call.actor().name;
    entry.author_agency = call.actor().agency;
    entry.classification = note.classification;
    return ChronologyEntryJson(entry);
  };
  write.location = [&](const ChildRecord&, store::Id) { return ChildUrl(id) + "/chronology"; };
  return WriteOnChild(call, write);
}

// --- POST /api/v1/children/{id}/break-glass ----------------------------------

core::Result<http::Response> BreakGlass(Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, ChildParam(call));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  access::BreakGlassRequest request;
  request.person_id = id;
  SG_ASSIGN_OR_RETURN(request.reason, body.String("reason"));
  SG_ASSIGN_OR_RETURN(request.lawful_basis, body.String("lawful_basis"));
  SG_ASSIGN_OR_RETURN(auto minutes, body.OptInt("minutes"));
  SG_RETURN_IF_ERROR(body.Finish());
  if (minutes && (*minutes < 1 || *minutes > 240)) {
    return Fail(Code::kInvalidArgument, "minutes must be between 1 and 240");
  }
  request.minutes = static_cast<int>(minutes.value_or(request.minutes));
  SG_ASSIGN_OR_RETURN(GlassBroken broken, BreakTheGlass(call, request));
  http::Response response = JsonResponse(201, json{{"id", broken.grant_id},
                                                   {"person_id", id},
                                                   {"reason", request.reason},
                                                   {"lawful_basis", request.lawful_basis},
                                                   {"minutes", request.minutes},
                                                   {"expires_at", broken.expires_at}});
  response.SetHeader("Location", ChildUrl(id));
  return response;
}

// --- GET /api/v1/children/{id}/access-log --------------------------------------

core::Result<http::Response> GetAccessLog(Call& call) {
  SG_ASSIGN_OR_RETURN(store::Id id, ChildParam(call));
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(call.request));
  std::vector<access::AccessLogEntry> entries;
  SG_RETURN_IF_ERROR(call.gate.Run(
      call.actor(), access::Action::kReadAccessLog, [&](access::AuditNote& note) -> core::Status {
        SG_RETURN_IF_ERROR(ChildById(id)(call.db));
        // One more than the page, to know whether there is a next one.
        SG_ASSIGN_OR_RETURN(entries,
                            access::AccessLog(call.db, call.actor(), id, call.clock.Today(),
                                              page.limit + 1, page.after));
        note = access::AuditNote{"read", "access_log", std::to_string(id), id, "{}"};
        return {};
      }));
  std::optional<int64_t> next;
  if (static_cast<int>(entries.size()) > page.limit) {
    entries.resize(page.limit);
    next = entries.back().seq;
  }
  json items = json::array();
  for (const auto& e : entries) items.push_back(AccessLogEntryJson(e));
  return JsonResponse(200, PagedJson(call.request, items, next));
}

}  // namespace

void AddChildRoutes(RouteTable& routes) {
  routes.Add("GET", "/api/v1/children/search", DatabaseRoute(SearchChildren, "read"));
  routes.Add("POST", "/api/v1/children", DatabaseRoute(RegisterChild, "write"));
  routes.Add("GET", "/api/v1/children/{id}", DatabaseRoute(GetChild, "read"));
  routes.Add("GET", "/api/v1/children/{id}/chronology", DatabaseRoute(GetChronology, "read"));
  routes.Add("POST", "/api/v1/children/{id}/notes", DatabaseRoute(AddNote, "write"));
  routes.Add("POST", "/api/v1/children/{id}/break-glass", DatabaseRoute(BreakGlass, "write"));
  routes.Add("GET", "/api/v1/children/{id}/access-log", DatabaseRoute(GetAccessLog, "read"));
}

}  // namespace sg::api
