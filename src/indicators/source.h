// Source: where the indicators' inputs come from.
//
// ReadSnapshot loads the journey's columns through access::Gate, so that
// computing figures over every child is decided by the policy and leaves
// one audit row (who computed what, for which period), like any other read
// of people's data. PeriodFor turns the command line's year/quarter into a
// period; ReportingYearOf says which reporting year a day belongs to (the
// population of a rate is that year's).
#ifndef SAFEGUARD_INDICATORS_SOURCE_H_
#define SAFEGUARD_INDICATORS_SOURCE_H_

#include <string_view>

#include "access/actor.h"
#include "access/gate.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/error.h"
#include "indicators/benchmarks.h"
#include "indicators/indicator.h"
#include "store/snapshot.h"

namespace sg::indicators {

// `purpose` says what the figures are for ("indicators 2021", "annual report 2021").
core::Result<store::Snapshot> ReadSnapshot(access::Gate& gate, const access::Actor& actor,
                                           std::string_view purpose);

// Reporting year `year`, or its quarter 1-4 (Q1 April-June ... Q4 January-March);
// quarter 0 = the whole year. kInvalidArgument for a quarter outside 0-4 or
// a year outside 2000-2100.
core::Result<core::Period> PeriodFor(int year, int quarter);

// The reporting year (ending 31 March) that contains `day`.
int ReportingYearOf(core::Date day);

// Children aged 0-17 in the authority for the reporting year that contains
// the period's end, or why that is not known (no authority, no benchmark
// data, no estimate for the year).
struct ChildPopulationFor {
  std::optional<double> children;
  std::string note;  // "ONS mid-2020 estimate" or the reason it is missing
};
ChildPopulationFor PopulationFor(const BenchmarkData* data, std::string_view la_number,
                                 core::Period period);

// Every indicator for the period, with the authority's population for rates.
std::vector<Value> ComputeFor(const store::Snapshot& snapshot, core::Period period,
                              const core::WorkingCalendar& calendar, const BenchmarkData* data,
                              std::string_view la_number);

}  // namespace sg::indicators

#endif  // SAFEGUARD_INDICATORS_SOURCE_H_
