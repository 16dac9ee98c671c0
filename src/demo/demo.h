// Demo: a deterministic synthetic local authority of realistic size.
//
// Builds, through the same journey commands a practitioner uses (so every
// rule and the audit apply), several years of a children's services front
// door and what follows from it. Per year, about: 9,000 contacts (some with
// child exploitation as a factor, some of those with a screening tool),
// 1,500 early help episodes, 2,500 referrals, 3,000 assessments, 900 section
// 47 enquiries, 300 initial conferences, 280 child protection plans, 500
// children looked after at 31 March, 200 care leavers in touch. Most work is
// done on time, with a realistic late tail, and work still open on the last
// day stays open, so the work tray has something to show.
//
// The same seed, years and last day give the same database, row for row: the
// generator draws from core::Random only and the clock is fixed at `until`.
// Every person is fictional; names are drawn from common English names.
#ifndef SAFEGUARD_DEMO_DEMO_H_
#define SAFEGUARD_DEMO_DEMO_H_

#include <cstdint>
#include <functional>

#include "access/gate.h"
#include "core/calendar.h"
#include "core/code_lists.h"
#include "core/date.h"

namespace sg::demo {

struct Options {
  uint64_t seed = 1;
  int years = 5;
  core::Date until;                // the last day of the demo ("today")
  double contacts_per_year = 9000;  // the rest of the volumes scale with this
};

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
