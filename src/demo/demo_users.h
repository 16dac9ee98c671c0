// Demo users: one person who signs in for each role, in the demo's teams.
//
// The demo authority (demo.h) builds the partnership's teams; AddDemoUsers
// then creates a user per role in them, all with one password that the
// caller chooses (run.sh prints it), so that someone trying Safeguard can
// sign in as a front-door practitioner, a social worker, a police officer, a
// school's designated safeguarding lead and so on, and see what each may
// see. Teams are found by name, so this works on any database that has them;
// a missing team is kFailedPrecondition naming it, and then no user is kept.
// The users go through access::Accounts like any other, so the password
// policy applies and each creation is audited (as the system actor "demo").
#ifndef SAFEGUARD_DEMO_DEMO_USERS_H_
#define SAFEGUARD_DEMO_DEMO_USERS_H_

#include <string_view>
#include <vector>

#include "access/accounts.h"
#include "access/gate.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace sg::demo {

struct DemoUser {
  std::string_view username;
  std::string_view display_name;
  access::Role role;
  std::string_view agency;  // agency code
  // The team's exact name, or when team_is_prefix the start of its name
  // (the first such team of the agency, by id).
  std::string_view team;
  bool team_is_prefix = false;
  // Linked to the team's first worker (lowest id), so that the involvements
  // the demo gives that worker are this user's caseload.
  bool first_worker = false;
};

// The demo's users, in the order they are created.
std::vector<DemoUser> DemoUsers();

// Creates every demo user, all with `password`, in one transaction of
// `gate`'s (a savepoint inside the demo build). `db` and `clock` must be
// gate's own. Fails kFailedPrecondition naming the first team the database
// lacks, kAlreadyExists when a demo user is there already, and
// kInvalidArgument when `password` breaks the policy. Use HashCost::kMinimum
// in tests only.
core::Status AddDemoUsers(store::Database& db, access::Gate& gate, const core::Clock& clock,
                          std::string_view password,
                          access::HashCost cost = access::HashCost::kInteractive);

}  // namespace sg::demo

#endif  // SAFEGUARD_DEMO_DEMO_USERS_H_
