// Demo: a deterministic synthetic local authority of realistic size.
//
// Builds, through the same journey commands a practitioner uses (so every
// rule and the audit apply), several years of a children's services front
// door and what follows from it. Per year, once a few years have run:
// about 10,000 contacts (some with child exploitation as a factor, some of
// those with a screening tool), 1,600 early help episodes, 2,900 referrals,
// 3,300 assessments, 1,100 section 47 enquiries, 400 initial conferences
// and child protection plans, 200 children starting to be looked after and
// 450-550 looked after at 31 March, 100 care leavers in touch. Most work is
// done on time, with a realistic late tail, and work still open on the last
// day stays open, so the work tray has something to show. Families come
// back as they do in England: about one referral in five is a re-referral
// within 12 months, and about one plan in five a second or later plan (the
// demo has no history before its first day, so that share builds up over
// its first three years).
//
// Homes and placements are real postcodes (demo/postcodes.h): homes in
// Cheshire East, placements mostly there and some in neighbouring or distant
// authorities. Given the postcode directory, the care commands derive each
// placement's distance and IN/OUT from them; without it the demo still
// builds and those fields stay unknown.
//
// The partnership works beside the council: the agencies are the ones
// migration 0004 seeds, and the police's Public Protection Unit joins every
// section 47 enquiry (and records restricted intelligence on some of those
// children), a primary school works with some school-age children in need,
// and the hospital trust's safeguarding team with babies under one and
// unborn children, each involvement with its lawful basis (or consent).
// These partner stories draw from a random stream of their own, so the
// council's figures are the same with or without them.
//
// The same seed, years and last day give the same database, row for row: the
// generator draws from core::Random only and the clock is fixed at `until`.
// Every person is fictional; names are drawn from common English names.
#ifndef SAFEGUARD_DEMO_DEMO_H_
#define SAFEGUARD_DEMO_DEMO_H_

#include <cstdint>
#include <functional>
#include <string>

#include "access/accounts.h"
#include "access/gate.h"
#include "core/calendar.h"
#include "core/code_lists.h"
#include "core/date.h"
#include "places/postcode_directory.h"

namespace sg::demo {

struct Options {
  uint64_t seed = 1;
  int years = 5;
  core::Date until;                // the last day of the demo ("today")
  double contacts_per_year = 9000;  // the rest of the volumes scale with this
  // Not owned; nullptr leaves placement distance and IN/OUT unknown.
  const places::PostcodeDirectory* postcodes = nullptr;
  // The demo's users (demo_users.h), one per role, all signing in with this
  // password; empty: no users.
  std::string users_password;
  access::HashCost users_hash_cost = access::HashCost::kInteractive;  // kMinimum in tests
};

// The DfE number of the authority the demo stands for (Cheshire East).
inline constexpr int kLaNumber = 895;

struct Counts {
  int64_t children = 0;
  int64_t contacts = 0;
  int64_t early_help = 0;
  int64_t referrals = 0;
  int64_t assessments = 0;
  int64_t section47s = 0;
  int64_t icpcs = 0;
  int64_t cp_plans = 0;
  int64_t care_periods = 0;
  int64_t care_leaver_contacts = 0;
};

// Called now and then with the share of the work done (0..1).
using Progress = std::function<void(double)>;

// Builds the demo in `gate`'s database, which must hold no journey yet, in
// one transaction: on any failure nothing is kept. `gate`'s clock must be at
// options.until.
core::Result<Counts> Build(access::Gate& gate, const core::WorkingCalendar& calendar,
                           const core::CodeLists& codes, const Options& options,
                           const Progress& progress);

}  // namespace sg::demo

#endif  // SAFEGUARD_DEMO_DEMO_H_
