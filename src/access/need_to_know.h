// Need-to-know: who may see which child, and which items of a child's record.
//
// Design. Policy::Decide (policy.h) answers "may this role do this kind of
// thing at all". This module answers the question that follows for one
// child, and it is the only place that does:
//
//   1. Clearance. An actor may see a child's record when
//        * they are the system actor (the command line, imports, the demo);
//        * their role reaches every child: the front door (who must screen
//          any contact) and auditors (who audit any case), read-only for
//          auditors;
//        * they, as a worker, or their team have an involvement with the
//          child that is open today (start <= today, end empty or >= today);
//          the involvement's lawful basis (or the family's consent) is the
//          basis of the share and is recorded on the audit row;
//        * they hold an unexpired break-glass grant on the child.
//      Partnership analysts and administrators never see a child's record;
//      they work with aggregate figures and accounts.
//   2. Classification. An item (a chronology entry) with a classification
//      such as "police-restricted" is visible only to users of the owning
//      agency (classifications table) who are cleared for the child. No
//      role, break-glass grant or system purpose overrides it: the system
//      actor sees that restricted items exist, never their text. Everyone
//      else cleared for the child learns only that the owning agency holds
//      restricted information and whom to ask (Withheld).
//   3. Discovery without disclosure. A search by name, date of birth or an
//      identifier tells every casework user whether a child is known and
//      whom to contact (the teams involved now); the match carries the
//      child's id and details only for an actor cleared for that child.
//   4. Break-glass. A casework user who is not cleared may open a child's
//      record for a limited time (60 minutes) by typing a reason of at
//      least 20 characters and the lawful basis; the grant is audited and
//      every team involved with the child (or, when none is, the front
//      door) is notified.
//
// Every function reads within the caller's transaction; Gate::Run calls
// ClearForChild for the child an audit note names, so that no read or write
// of a child's data can skip it.
#ifndef SAFEGUARD_ACCESS_NEED_TO_KNOW_H_
#define SAFEGUARD_ACCESS_NEED_TO_KNOW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/actor.h"
#include "access/policy.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "store/database.h"

namespace sg::access {

enum class Basis { kSystem, kRole, kInvolvement, kBreakGlass };
std::string_view BasisName(Basis basis);  // "system", "role", "involvement", "break-glass"

struct Clearance {
  Basis basis = Basis::kSystem;
  std::optional<int64_t> grant_id;  // involvement or break-glass id
  std::string lawful_basis;         // of the involvement or break-glass; "consent" when consented
  bool read_only = false;           // auditors
};

// Who to contact about a child: a team involved with them now.
struct ContactPoint {
  int64_t team_id = 0;
  std::string team;
  std::string agency;       // code
  std::string agency_name;
};

// The first time an action on a child is refused: kPermissionDenied whose
// message says how to get access (whom to ask; break-glass where allowed).
// The Policy (policy.h) is asked first. Auditors are refused every change.
// A break-glass grant clears reading the record and adding a note, never
// recording the journey nor reading the access log.
//
// With only a day, break-glass grants are not considered (their expiry is a
// time of day): this form fails closed for them. The Clock form considers
// them; Gate uses it.
core::Result<Clearance> ClearForChild(store::Database& db, const Actor& actor, int64_t person_id,
                                      Action action, core::Date today);
core::Result<Clearance> ClearForChild(store::Database& db, const Actor& actor, int64_t person_id,
                                      Action action, const core::Clock& clock);

// Whether `actor` may see an item carrying `classification` on a child
// they are cleared for ("" is visible to everyone cleared). An unknown
// classification is visible to nobody: the policy fails closed.
core::Result<bool> MaySeeClassification(store::Database& db, const Actor& actor,
                                        std::string_view classification);
// As above, for an actor cleared as `clearance`: restricted items are never
// shown through a break-glass grant or to the system actor.
core::Result<bool> MaySeeClassification(store::Database& db, const Actor& actor,
                                        const Clearance& clearance,
                                        std::string_view classification);
// Whether `actor` may put `classification` on an item they write: only
// users of the owning agency may restrict to it.
core::Status MayClassify(store::Database& db, const Actor& actor, std::string_view classification);

// What a cleared actor is not shown: restricted items exist, owned by whom.
struct Withheld {
  std::string classification;
  std::string owner_agency;       // code
  std::string owner_agency_name;
  int count = 0;
};

// Sorts a child's items into those `actor` may see and those withheld,
// looking each classification up once. Reads within the caller's
// transaction; `db` and `actor` must outlive it.
class ClassificationFilter {
 public:
  ClassificationFilter(store::Database& db, const Actor& actor, const Clearance& clearance)
      : db_(db), actor_(actor), clearance_(clearance) {}

  // Whether an item carrying `classification` may be shown; when not, it
  // is counted in withheld().
  core::Result<bool> Admit(std::string_view classification);
  // By classification code.
  const std::vector<Withheld>& withheld() const { return withheld_; }

 private:
  struct Seen {
    std::string classification;
    bool visible = false;
  };
  store::Database& db_;
  const Actor& actor_;
  Clearance clearance_;
  std::vector<Seen> seen_;
  std::vector<Withheld> withheld_;
};

// Discovery: a search by name (forename and/or surname, case-insensitive
// prefix), date of birth, LA child id, UPN or NHS number. At most `limit`
// matches, in surname, forename order.
struct SearchQuery {
  std::string name;  // "" or words matched against forename and surname
  std::optional<core::Date> birth_date;
  std::string identifier;  // LA child id, UPN or NHS number
  int limit = 20;
};
struct SearchMatch {
  std::vector<ContactPoint> contacts;  // whom to ask; empty: the front door
  bool cleared = false;
  // Only when cleared:
  std::optional<int64_t> person_id;
  std::string la_child_id;
  std::string forename, surname;
  std::optional<core::Date> birth_date;
};
// kInvalidArgument for a query with no criterion, a name word under two
// characters or more than four words. As ClearForChild, the day-only form
// does not count break-glass grants towards `cleared`.
core::Result<std::vector<SearchMatch>> Discover(store::Database& db, const Actor& actor,
                                                const SearchQuery& query, core::Date today);
core::Result<std::vector<SearchMatch>> Discover(store::Database& db, const Actor& actor,
                                                const SearchQuery& query,
                                                const core::Clock& clock);

// The teams involved with a child today.
core::Result<std::vector<ContactPoint>> ContactPointsFor(store::Database& db, int64_t person_id,
                                                         core::Date today);

// Break-glass. kPermissionDenied for roles that may not (and actors who are
// not signed-in users), kInvalidArgument for a reason under 20 characters
// (after trimming, counted in characters, not bytes), an empty lawful basis
// or minutes outside 1..240, kNotFound for an unknown child,
// kFailedPrecondition when the actor is already cleared. Every team involved
// with the child today is notified, or, when none is, every team with a
// front-door practitioner; kFailedPrecondition when there is nobody to
// notify. REQUIRES: inside a write transaction (the caller audits through
// Gate::Run with Action::kBreakGlass and the child as the note's person, so
// that the audit row records the new grant). Returns the grant id.
struct BreakGlassRequest {
  int64_t person_id = 0;
  std::string reason;
  std::string lawful_basis;
  int minutes = 60;  // 1..240
};
core::Result<int64_t> BreakGlass(store::Database& db, const Actor& actor,
                                 const BreakGlassRequest& request, const core::Clock& clock);

// Who looked at a child's record and when, for the agencies that own the
// child's record: team managers, auditors and administrators of an agency
// with a team involved now, and the system actor. Newest first; `limit` is
// held to 1..1000, and `before_seq` pages back through older rows.
struct AccessLogEntry {
  int64_t seq = 0;
  std::string at;
  std::string user;        // username or system:<name>
  std::string user_name;   // display name, when a user
  std::string agency;
  std::string role;
  std::string action;      // read, create, update, break-glass ...
  std::string entity;
  std::string basis;       // from the audit row's details, when recorded
};
core::Result<std::vector<AccessLogEntry>> AccessLog(store::Database& db, const Actor& actor,
                                                    int64_t person_id, core::Date today,
                                                    int limit, std::optional<int64_t> before_seq);

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_NEED_TO_KNOW_H_
