#include "reporting/figures.h"

#include <algorithm>
#include <cassert>
#include <map>

#include <fmt/format.h>

#include "indicators/source.h"
#include "reporting/format.h"

namespace sg::reporting {
namespace {

using indicators::BenchmarkData;

// DfE's figures for every mapped id in `year`, keyed by id; empty (and a
// note) when the year or the authority has none.
std::map<std::string, Published, std::less<>> PublishedFor(const BenchmarkData& data,
                                                           std::string_view la, int year,
                                                           FigureBook& book) {
  auto report = indicators::CompareWithBenchmarks(data, la, year);
  if (!report) {
    book.notes.push_back(report.error().message());
    return {};
  }
  if (!report->neighbour_model.empty()) {  // the latest year's model, as periods ascend
    book.neighbour_model = report->neighbour_model;
    book.neighbours = report->neighbours;
  }
  for (const auto& note : report->notes) {
    if (std::find(book.notes.begin(), book.notes.end(), note) == book.notes.end())
      book.notes.push_back(note);
  }
  return PublishedById(*report);
}

// The first day anything is recorded (a contact, a referral or a care
// episode), or nullopt for an empty snapshot.
std::optional<core::Date> FirstRecord(const store::Snapshot& s) {
  store::DayNumber first = store::kOpen;
  for (const auto* days : {&s.contacts.date, &s.referrals.date, &s.care_episodes.start})
    for (store::DayNumber d : *days) first = std::min(first, d);
  if (first == store::kOpen) return std::nullopt;
  return core::Date::FromDays(first);
}

}  // namespace

std::map<std::string, Published, std::less<>> PublishedById(const indicators::BenchmarkReport& report) {
  std::map<std::string, Published, std::less<>> out;
  for (const auto& row : report.rows) {
    out[row.id] = Published{row.authority, row.england, row.region, row.neighbours_median,
                            row.neighbours_mean, row.neighbours_with_value};
  }
  return out;
}

const IndicatorHistory& FigureBook::Find(std::string_view id) const {
  for (const auto& h : indicators)
    if (h.definition->id == id) return h;
  assert(false && "not a catalogue id");
  return indicators.front();
}

std::string FigureBook::AuthorityName() const {
  if (authority) return authority->name;
  if (!la_number.empty()) return fmt::format("authority {}", la_number);
  return "the authority";
}

std::string FormatFigure(const std::optional<double>& value, indicators::Unit unit,
                         std::string_view missing, bool rate_unit_in_words) {
  if (!value) return std::string(missing);
  switch (unit) {
    case indicators::Unit::kCount: return FormatNumber(*value, 0);
    case indicators::Unit::kPercent: return FormatPercent(*value, 1);
    case indicators::Unit::kPer10k:
      return FormatNumber(*value, 1) + (rate_unit_in_words ? " per 10,000" : "");
  }
  return std::string(missing);
}

std::string YearLabel(int year) { return fmt::format("{}-{:02d}", year - 1, year % 100); }

std::vector<BookPeriod> YearsEnding(int last_year, int count, int quarter) {
  std::vector<BookPeriod> periods;
  for (int year = last_year - count + 1; year <= last_year; ++year) {
    BookPeriod p{.year = year, .quarter = quarter};
    p.period = indicators::PeriodFor(year, quarter).value();
    p.label = quarter == 0 ? YearLabel(year) : fmt::format("Q{} {}", quarter, YearLabel(year));
    periods.push_back(std::move(p));
  }
  return periods;
}

FigureBook BuildFigureBook(const store::Snapshot& snapshot, const core::WorkingCalendar& calendar,
                           const BenchmarkData* data, std::string_view la_number,
                           std::vector<BookPeriod> periods) {
  FigureBook book;
  book.la_number = std::string(la_number);
  book.periods = std::move(periods);
  if (data != nullptr && !la_number.empty()) {
    if (auto authority = data->FindAuthority(la_number)) {
      book.authority = *authority;
    } else {
      book.notes.push_back(authority.error().message());
    }
  }
  for (const auto& def : indicators::Catalogue()) {
    IndicatorHistory h{.definition = &def};
    if (data != nullptr) h.benchmark_source = BenchmarkData::Source(def.id);
    book.indicators.push_back(std::move(h));
  }
  std::map<int, std::map<std::string, Published, std::less<>>> published_by_year;
  const auto first_record = FirstRecord(snapshot);
  for (const BookPeriod& p : book.periods) {
    if (first_record && p.period.start < *first_record && *first_record <= p.period.end)
      book.notes.push_back(fmt::format("The records begin on {}, so the figures for {} cover part of it only.",
                                       first_record->Iso(), p.label));
    auto population = indicators::PopulationFor(data, la_number, p.period);
    book.population.push_back(population.children);
    if (population.note.find("provisional") != std::string::npos)
      book.notes.push_back(fmt::format("Rates for {} use the {}.", p.label, population.note));
    auto values = indicators::ComputeFor(snapshot, p.period, calendar, data, la_number);
    if (data != nullptr && book.authority && !published_by_year.contains(p.year))
      published_by_year[p.year] = PublishedFor(*data, la_number, p.year, book);
    const auto& published = published_by_year[p.year];
    for (size_t i = 0; i < values.size(); ++i) {
      IndicatorHistory& h = book.indicators[i];
      assert(h.definition->id == values[i].id);
      auto it = published.find(values[i].id);
      h.published.push_back(it == published.end() ? Published{} : it->second);
      h.values.push_back(std::move(values[i]));
    }
  }
  if (data == nullptr) book.notes.push_back("DfE benchmark data is not loaded: no rates and no comparisons");
  return book;
}

}  // namespace sg::reporting
