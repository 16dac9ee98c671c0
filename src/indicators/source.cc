#include "indicators/source.h"

#include <fmt/format.h>

namespace sg::indicators {

core::Result<store::Snapshot> ReadSnapshot(access::Gate& gate, const access::Actor& actor,
                                           std::string_view purpose) {
  core::Result<store::Snapshot> snapshot;
  SG_RETURN_IF_ERROR(gate.Run(actor, access::Action::kComputeIndicators,
                              [&](access::AuditNote& note) -> core::Status {
                                snapshot = store::LoadSnapshot(gate.database());
                                if (!snapshot) return std::unexpected(snapshot.error());
                                note.action = "compute";
                                note.entity = "indicators";
                                note.entity_id = std::string(purpose);
                                note.details = fmt::format(
                                    R"({{"children":{},"referrals":{},"care_episodes":{}}})",
                                    snapshot->persons.size(), snapshot->referrals.size(),
                                    snapshot->care_episodes.size());
                                return {};
                              }));
  return snapshot;
}

core::Result<core::Period> PeriodFor(int year, int quarter) {
  if (year < 2000 || year > 2100)
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("--year {} is not a reporting year (2000 to 2100; 2021 means "
                                  "April 2020 to March 2021)", year));
  if (quarter < 0 || quarter > 4)
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("--quarter {} is not a quarter (1 April-June ... 4 January-March)",
                                  quarter));
  core::Period whole = core::ReportingYear(year);
  if (quarter == 0) return whole;
  core::Date start = core::AddMonths(whole.start, 3 * (quarter - 1));
  core::Date end = core::AddMonths(whole.start, 3 * quarter).AddDays(-1);
  return core::Period{start, end};
}

int ReportingYearOf(core::Date day) {
  int year = day.year();
  return day.month() >= 4 ? year + 1 : year;
}

ChildPopulationFor PopulationFor(const BenchmarkData* data, std::string_view la_number,
                                 core::Period period) {
  if (la_number.empty())
    return {std::nullopt, "the authority is not known (set it with --la), so the child population "
                          "for rates is not known"};
  if (data == nullptr) return {std::nullopt, "the DfE benchmark data (with the ONS population) is not loaded"};
  const int year = ReportingYearOf(period.end);
  auto children = data->ChildPopulation(la_number, year);
  if (children) return {*children, fmt::format("ONS mid-{} estimate of children aged 0-17", year - 1)};
  // ONS publishes each mid-year estimate about a year later, so the current
  // year's rates would wait a year; until then the latest published
  // estimate stands in, at most two years older, and the note says so.
  for (int earlier = year - 1; earlier >= year - 2; --earlier) {
    if (auto provisional = data->ChildPopulation(la_number, earlier)) {
      return {*provisional,
              fmt::format("ONS mid-{} estimate of children aged 0-17, the latest published (provisional: "
                          "the mid-{} estimate is not yet available)",
                          earlier - 1, year - 1)};
    }
  }
  return {std::nullopt, children.error().message()};
}

std::vector<Value> ComputeFor(const store::Snapshot& snapshot, core::Period period,
                              const core::WorkingCalendar& calendar, const BenchmarkData* data,
                              std::string_view la_number) {
  ChildPopulationFor population = PopulationFor(data, la_number, period);
  return Compute(Inputs{.snapshot = snapshot,
                        .period = period,
                        .calendar = calendar,
                        .population = population.children,
                        .population_note = population.note});
}

}  // namespace sg::indicators
