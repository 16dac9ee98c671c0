// Golden fixtures for indicators: a few journey records and the values they
// must give, written by hand in one text file (testdata/indicators/*.txt).
//
// Format (whitespace-separated columns; `#` starts a comment line; `-` is an
// empty value; `~` inside a value stands for a space; lists are `;`-separated):
//
//   year: 2021                       reporting year (1 Apr 2020 - 31 Mar 2021), or
//   period: 2020-04-01 2020-06-30    any date range
//   population: 10000                children aged 0-17; absent = not known
//   --- persons                      child birth [uasc [uasc_ceased]]
//   --- contacts                     child date outcome factors tools
//                                    outcome: advice early_help referral nfa -
//   --- early_help                   child start end
//   --- referrals                    ref child date nfa closure reason
//   --- assessments                  ref start authorised
//   --- section47s                   s47 ref start
//   --- icpcs                        ref s47 date transfer_in
//   --- cp_plans                     child ref start end category previous reviews
//   --- care_episodes                child start end rne legal_status placement reason_ceased
//                                    distance outside      (distance: miles or -, outside: 1 0 -)
//   --- leaver_contacts              child date in_touch activity accommodation
//   --- expect                       id value [numerator/denominator]
//                                    value `null` expects no value
//
// Each table section starts with a header line naming its columns exactly as
// above (checked, so a fixture documents itself). `child`, `ref` and `s47`
// are labels local to the file; a child named only in other tables is a
// person with no birth date. Rows may come in any order: the builder sorts
// them into the Snapshot's invariant order. Only the ids under `expect` are
// checked; a fixture pins what its comment says it pins.
#ifndef SAFEGUARD_INDICATORS_FIXTURE_H_
#define SAFEGUARD_INDICATORS_FIXTURE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "store/snapshot.h"

namespace sg::indicators {

struct Expectation {
  std::string id;
  std::optional<double> value;  // nullopt: the indicator must be null
  std::optional<double> numerator;
  std::optional<double> denominator;
  int line = 0;
};

struct Fixture {
  core::Period period;
  std::optional<double> population;
  store::Snapshot snapshot;
  std::vector<Expectation> expectations;
};

// Fails with the line number and what is wrong.
core::Result<Fixture> ParseFixture(std::string_view text);

}  // namespace sg::indicators

#endif  // SAFEGUARD_INDICATORS_FIXTURE_H_
