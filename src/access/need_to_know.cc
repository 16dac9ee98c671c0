#include "access/need_to_know.h"

#include <algorithm>

#include <fmt/format.h>

#include "store/access_store.h"

namespace sg::access {
namespace {

using core::Code;
using core::Fail;

constexpr size_t kMinReasonChars = 20;
constexpr size_t kMaxReasonChars = 2000;
constexpr size_t kMaxLawfulBasisChars = 500;
constexpr int kMaxBreakGlassMinutes = 240;
constexpr int kMaxSearchResults = 50;
constexpr int kMaxAccessLogRows = 1000;

// The moment a decision is taken. Without `utc`, break-glass grants (which
// expire at a time of day) are not considered.
struct Moment {
  core::Date today;
  std::optional<std::string> utc;
};

Moment MomentOf(const core::Clock& clock) { return Moment{clock.Today(), clock.NowUtc()}; }

bool IsChange(Action action) {
  return action != Action::kReadRecord && action != Action::kReadAccessLog &&
         action != Action::kSearch && action != Action::kReadWorkList &&
         action != Action::kVerifyAudit && action != Action::kExportReturn &&
         action != Action::kComputeIndicators;
}

// What a break-glass grant opens: the record, and a note of what was done.
bool BreakGlassCovers(Action action) {
  return action == Action::kReadRecord || action == Action::kAddNote ||
         action == Action::kBreakGlass;
}

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// Characters, not bytes: UTF-8 continuation bytes are not counted.
size_t CharacterCount(std::string_view s) {
  return static_cast<size_t>(std::ranges::count_if(
      s, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Clearance FromInvolvement(const store::AccessInvolvement& involvement, bool read_only) {
  Clearance c;
  c.basis = Basis::kInvolvement;
  c.grant_id = involvement.id;
  c.lawful_basis = involvement.consent ? "consent" : involvement.lawful_basis;
  c.read_only = read_only;
  return c;
}

// Team managers, auditors and administrators of an agency working with the
// child see who looked at its record.
core::Result<std::optional<Clearance>> AccessLogClearance(store::AccessStore& store,
                                                          const Actor& actor, int64_t person_id,
                                                          const Moment& now) {
  if (actor.agency.empty()) return std::optional<Clearance>();
  SG_ASSIGN_OR_RETURN(auto involvement,
                      store.FindOpenAgencyInvolvement(person_id, actor.agency, now.today));
  if (!involvement) return std::optional<Clearance>();
  return std::optional<Clearance>(FromInvolvement(*involvement, actor.role == Role::kAuditor));
}

// The clearance, or nothing when the actor is not cleared for the child.
// An error only when the policy refuses (kPermissionDenied with the
// policy's message) or the database fails.
core::Result<std::optional<Clearance>> ClearanceOf(store::Database& db, const Actor& actor,
                                                   int64_t person_id, Action action,
                                                   const Moment& now) {
  SG_RETURN_IF_ERROR(Policy().Decide(actor, action));
  if (actor.is_system()) return std::optional<Clearance>(Clearance{});
  store::AccessStore store(db);
  if (action == Action::kReadAccessLog) return AccessLogClearance(store, actor, person_id, now);
  switch (actor.role) {
    case Role::kAuditor:
      if (IsChange(action)) {
        return Fail(Code::kPermissionDenied,
                    fmt::format("an auditor's access is read-only: an auditor may not {}",
                                ActionName(action)));
      }
      return std::optional<Clearance>(Clearance{Basis::kRole, std::nullopt, "", true});
    case Role::kFrontDoorPractitioner:  // screens any contact about any child
      return std::optional<Clearance>(Clearance{Basis::kRole, std::nullopt, "", false});
    case Role::kAdministrator:
      // Administrators manage who may see a child (involvements) without
      // ever seeing the record itself.
      if (action == Action::kManageInvolvements || action == Action::kAdminister) {
        return std::optional<Clearance>(Clearance{Basis::kRole, std::nullopt, "", false});
      }
      return std::optional<Clearance>();
    case Role::kPartnershipAnalyst:
      return std::optional<Clearance>();
    default:
      break;
  }
  SG_ASSIGN_OR_RETURN(auto involvement, store.FindOpenInvolvement(person_id, actor.worker_id,
                                                                  actor.team_id, now.today));
  if (involvement) return std::optional<Clearance>(FromInvolvement(*involvement, false));
  if (now.utc && actor.user_id && BreakGlassCovers(action)) {
    SG_ASSIGN_OR_RETURN(auto grant,
                        store.FindActiveBreakGlass(*actor.user_id, person_id, *now.utc));
    if (grant) {
      return std::optional<Clearance>(
          Clearance{Basis::kBreakGlass, grant->id, grant->lawful_basis, false});
    }
  }
  return std::optional<Clearance>();
}

std::string ContactList(const std::vector<ContactPoint>& contacts) {
  std::string out;
  for (const auto& c : contacts) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{} ({})", c.team, c.agency_name);
  }
  return out;
}

// Why the actor may not, and how they could.
core::Result<core::Error> Refusal(store::Database& db, const Actor& actor, int64_t person_id,
                                  Action action, const Moment& now) {
  if (action == Action::kReadAccessLog) {
    return core::Error(Code::kPermissionDenied,
                       "only team managers, auditors and administrators of an agency working "
                       "with the child may see who looked at the child's record");
  }
  if (actor.role == Role::kPartnershipAnalyst || actor.role == Role::kAdministrator) {
    return core::Error(Code::kPermissionDenied,
                       fmt::format("{} {} never sees a child's record",
                                   actor.role == Role::kAdministrator ? "an" : "a",
                                   RoleName(actor.role)));
  }
  SG_ASSIGN_OR_RETURN(auto contacts, ContactPointsFor(db, person_id, now.today));
  std::string ask = contacts.empty() ? std::string("the front door")
                                     : fmt::format("the team working with the child: {}",
                                                   ContactList(contacts));
  const bool may_break_glass =
      actor.user_id && Policy().Decide(actor, Action::kBreakGlass).has_value();
  std::string how =
      may_break_glass && action != Action::kRecordJourney
          ? fmt::format("ask {} to involve you, or, if it is urgent, break the glass with a "
                        "reason",
                        ask)
          : fmt::format("ask {} to involve you", ask);
  return core::Error(Code::kPermissionDenied,
                     fmt::format("you are not working with this child, so you may not {}: {}",
                                 ActionName(action), how));
}

core::Result<Clearance> Clear(store::Database& db, const Actor& actor, int64_t person_id,
                              Action action, const Moment& now) {
  SG_ASSIGN_OR_RETURN(auto clearance, ClearanceOf(db, actor, person_id, action, now));
  if (clearance) return *clearance;
  SG_ASSIGN_OR_RETURN(core::Error refusal, Refusal(db, actor, person_id, action, now));
  return std::unexpected(std::move(refusal));
}

core::Result<std::vector<SearchMatch>> Search(store::Database& db, const Actor& actor,
                                              const SearchQuery& query, const Moment& now) {
  SG_RETURN_IF_ERROR(Policy().Decide(actor, Action::kSearch));
  store::PersonQuery q;
  std::string_view rest = Trim(query.name);
  while (!rest.empty()) {
    const auto space = rest.find_first_of(" \t");
    std::string_view word = rest.substr(0, space);
    if (CharacterCount(word) < 2) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("the name word '{}' is too short: give at least two letters", word));
    }
    q.name_words.emplace_back(word);
    rest = space == std::string_view::npos ? std::string_view() : Trim(rest.substr(space));
  }
  if (q.name_words.size() > store::kMaxNameWords) {
    return Fail(Code::kInvalidArgument, "a name search takes at most four words");
  }
  q.birth_date = query.birth_date;
  q.identifier = std::string(Trim(query.identifier));
  if (q.name_words.empty() && !q.birth_date && q.identifier.empty()) {
    return Fail(Code::kInvalidArgument,
                "a search needs a name, a date of birth or an identifier");
  }
  q.limit = std::clamp(query.limit, 1, kMaxSearchResults);
  store::AccessStore store(db);
  SG_ASSIGN_OR_RETURN(auto rows, store.SearchPersons(q));
  std::vector<SearchMatch> matches;
  matches.reserve(rows.size());
  for (auto& row : rows) {
    SearchMatch m;
    SG_ASSIGN_OR_RETURN(m.contacts, ContactPointsFor(db, row.id, now.today));
    auto clearance = ClearanceOf(db, actor, row.id, Action::kReadRecord, now);
    if (!clearance && clearance.error().code() != Code::kPermissionDenied) {
      return std::unexpected(clearance.error());
    }
    m.cleared = clearance && clearance->has_value();
    if (m.cleared) {
      m.person_id = row.id;
      m.la_child_id = row.la_child_id.value_or("");
      m.forename = std::move(row.forename);
      m.surname = std::move(row.surname);
      m.birth_date = row.birth_date;
    }
    matches.push_back(std::move(m));
  }
  return matches;
}

// "id (agency, role; purpose: ...)", as AppendAudit writes an actor.
struct ActorText {
  std::string id, agency, role;
};
ActorText ParseActor(std::string_view text) {
  ActorText a;
  const auto open = text.find(" (");
  if (open == std::string_view::npos) {
    a.id = std::string(text);
    return a;
  }
  a.id = std::string(text.substr(0, open));
  std::string_view rest = text.substr(open + 2);
  const auto comma = rest.find(", ");
  if (comma == std::string_view::npos) return a;
  a.agency = std::string(rest.substr(0, comma));
  rest = rest.substr(comma + 2);
  a.role = std::string(rest.substr(0, rest.find("; purpose: ")));
  return a;
}

// The "basis" string field of an audit row's details, which Gate writes.
std::string BasisField(std::string_view details) {
  constexpr std::string_view kKey = "\"basis\":\"";
  const auto at = details.find(kKey);
  if (at == std::string_view::npos) return "";
  const auto start = at + kKey.size();
  const auto end = details.find('"', start);
  if (end == std::string_view::npos) return "";
  return std::string(details.substr(start, end - start));
}

}  // namespace

std::string_view BasisName(Basis basis) {
  switch (basis) {
    case Basis::kSystem: return "system";
    case Basis::kRole: return "role";
    case Basis::kInvolvement: return "involvement";
    case Basis::kBreakGlass: return "break-glass";
  }
  return "unknown";
}

core::Result<Clearance> ClearForChild(store::Database& db, const Actor& actor, int64_t person_id,
                                      Action action, core::Date today) {
  return Clear(db, actor, person_id, action, Moment{today, std::nullopt});
}

core::Result<Clearance> ClearForChild(store::Database& db, const Actor& actor, int64_t person_id,
                                      Action action, const core::Clock& clock) {
  return Clear(db, actor, person_id, action, MomentOf(clock));
}

core::Result<bool> MaySeeClassification(store::Database& db, const Actor& actor,
                                        std::string_view classification) {
  if (classification.empty()) return true;
  // The system actor sees that restricted items exist, never their text,
  // whatever agency it records for.
  if (actor.is_system()) return false;
  SG_ASSIGN_OR_RETURN(auto found, store::AccessStore(db).FindClassification(classification));
  if (!found) return false;  // unknown: fail closed
  return !actor.agency.empty() && actor.agency == found->owner_agency;
}

core::Result<bool> MaySeeClassification(store::Database& db, const Actor& actor,
                                        const Clearance& clearance,
                                        std::string_view classification) {
  if (classification.empty()) return true;
  if (clearance.basis == Basis::kBreakGlass || clearance.basis == Basis::kSystem) return false;
  return MaySeeClassification(db, actor, classification);
}

core::Status MayClassify(store::Database& db, const Actor& actor,
                         std::string_view classification) {
  if (classification.empty()) return {};
  SG_ASSIGN_OR_RETURN(auto found, store::AccessStore(db).FindClassification(classification));
  if (!found) {
    return Fail(Code::kInvalidArgument,
                fmt::format("'{}' is not a known classification", classification));
  }
  // The owning agency restricts its own items; a program recording for that
  // agency (the demo's police notes, an import from its system) may too.
  if (!actor.agency.empty() && actor.agency == found->owner_agency) return {};
  return Fail(Code::kPermissionDenied,
              fmt::format("only {} may restrict an entry as '{}'",
                          found->owner_agency_name.empty() ? found->owner_agency
                                                           : found->owner_agency_name,
                          classification));
}

core::Result<bool> ClassificationFilter::Admit(std::string_view classification) {
  if (classification.empty()) return true;
  for (const Seen& s : seen_) {
    if (s.classification == classification) {
      if (!s.visible) {
        for (Withheld& w : withheld_) {
          if (w.classification == classification) ++w.count;
        }
      }
      return s.visible;
    }
  }
  SG_ASSIGN_OR_RETURN(bool visible, MaySeeClassification(db_, actor_, clearance_, classification));
  seen_.push_back(Seen{std::string(classification), visible});
  if (!visible) {
    Withheld w;
    w.classification = std::string(classification);
    SG_ASSIGN_OR_RETURN(auto found, store::AccessStore(db_).FindClassification(classification));
    if (found) {
      w.owner_agency = found->owner_agency;
      w.owner_agency_name = found->owner_agency_name;
    }
    w.count = 1;
    withheld_.push_back(std::move(w));
    std::ranges::sort(withheld_, {}, &Withheld::classification);
  }
  return visible;
}

core::Result<std::vector<SearchMatch>> Discover(store::Database& db, const Actor& actor,
                                                const SearchQuery& query, core::Date today) {
  return Search(db, actor, query, Moment{today, std::nullopt});
}

core::Result<std::vector<SearchMatch>> Discover(store::Database& db, const Actor& actor,
                                                const SearchQuery& query,
                                                const core::Clock& clock) {
  return Search(db, actor, query, MomentOf(clock));
}

core::Result<std::vector<ContactPoint>> ContactPointsFor(store::Database& db, int64_t person_id,
                                                         core::Date today) {
  SG_ASSIGN_OR_RETURN(auto rows, store::AccessStore(db).ContactPoints(person_id, today));
  std::vector<ContactPoint> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    out.push_back(ContactPoint{r.team_id, std::move(r.team), std::move(r.agency),
                               std::move(r.agency_name)});
  }
  return out;
}

core::Result<int64_t> BreakGlass(store::Database& db, const Actor& actor,
                                 const BreakGlassRequest& request, const core::Clock& clock) {
  SG_RETURN_IF_ERROR(Policy().Decide(actor, Action::kBreakGlass));
  const std::string_view reason = Trim(request.reason);
  const std::string_view lawful_basis = Trim(request.lawful_basis);
  if (CharacterCount(reason) < kMinReasonChars) {
    return Fail(Code::kInvalidArgument,
                fmt::format("a break-glass reason needs at least {} characters; say why you "
                            "need this child's record now",
                            kMinReasonChars));
  }
  if (CharacterCount(reason) > kMaxReasonChars) {
    return Fail(Code::kInvalidArgument, "a break-glass reason is limited to 2,000 characters");
  }
  if (lawful_basis.empty()) {
    return Fail(Code::kInvalidArgument, "break-glass needs the lawful basis of the access");
  }
  if (CharacterCount(lawful_basis) > kMaxLawfulBasisChars) {
    return Fail(Code::kInvalidArgument, "a lawful basis is limited to 500 characters");
  }
  if (request.minutes < 1 || request.minutes > kMaxBreakGlassMinutes) {
    return Fail(Code::kInvalidArgument,
                fmt::format("break-glass lasts 1 to {} minutes, not {}", kMaxBreakGlassMinutes,
                            request.minutes));
  }
  if (!actor.is_system() && !actor.user_id) {
    return Fail(Code::kPermissionDenied, "only a signed-in user may break the glass");
  }
  store::AccessStore store(db);
  SG_ASSIGN_OR_RETURN(bool exists, store.PersonExists(request.person_id));
  if (!exists) {
    return Fail(Code::kNotFound, fmt::format("there is no child with id {}", request.person_id));
  }
  const Moment now = MomentOf(clock);
  SG_ASSIGN_OR_RETURN(auto cleared,
                      ClearanceOf(db, actor, request.person_id, Action::kReadRecord, now));
  if (cleared) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("you can already see this child's record ({}); break-glass is only "
                            "for a record you cannot see",
                            BasisName(cleared->basis)));
  }
  SG_ASSIGN_OR_RETURN(auto teams, store.ContactPoints(request.person_id, now.today));
  if (teams.empty()) {
    SG_ASSIGN_OR_RETURN(teams, store.TeamsWithRole(RoleCode(Role::kFrontDoorPractitioner)));
  }
  if (teams.empty()) {
    return Fail(Code::kFailedPrecondition,
                "nobody could be told of this break-glass: no team works with the child and no "
                "front door team has users");
  }
  store::BreakGlassRow grant;
  grant.user_id = *actor.user_id;
  grant.person_id = request.person_id;
  grant.reason = std::string(reason);
  grant.lawful_basis = std::string(lawful_basis);
  grant.started_at = *now.utc;
  grant.expires_at =
      core::UtcFromUnixSeconds(clock.NowUnixSeconds() + int64_t{request.minutes} * 60);
  SG_ASSIGN_OR_RETURN(int64_t id, store.InsertBreakGlass(grant));
  const std::string message = fmt::format(
      "{} ({}, {}) opened the record of child {} by break-glass from {} until {}. Reason: {} "
      "Lawful basis: {}",
      actor.name, actor.agency, RoleName(actor.role), request.person_id, grant.started_at,
      grant.expires_at, grant.reason, grant.lawful_basis);
  for (const auto& team : teams) {
    store::NotificationRow n;
    n.team_id = team.team_id;
    n.person_id = request.person_id;
    n.kind = "break-glass";
    n.message = message;
    n.created_at = grant.started_at;
    SG_RETURN_IF_ERROR(store.InsertNotification(n));
  }
  return id;
}

core::Result<std::vector<AccessLogEntry>> AccessLog(store::Database& db, const Actor& actor,
                                                    int64_t person_id, core::Date today,
                                                    int limit, std::optional<int64_t> before_seq) {
  SG_RETURN_IF_ERROR(ClearForChild(db, actor, person_id, Action::kReadAccessLog, today));
  SG_ASSIGN_OR_RETURN(auto rows, store::AccessStore(db).AuditRowsAboutPerson(
                                     person_id, std::clamp(limit, 1, kMaxAccessLogRows),
                                     before_seq));
  std::vector<AccessLogEntry> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    ActorText who = ParseActor(row.actor);
    AccessLogEntry e;
    e.seq = row.seq;
    e.at = std::move(row.at);
    e.user = std::move(who.id);
    e.user_name = std::move(row.user_display_name);
    e.agency = std::move(who.agency);
    e.role = std::move(who.role);
    e.action = std::move(row.action);
    e.entity = std::move(row.entity);
    e.basis = BasisField(row.details);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sg::access
