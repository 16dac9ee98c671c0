// The annual report's content: which sections, which tables and charts,
// and the narrative with its figures. Rendering is in annual_report_html.cc
// and annual_report_xlsx.cc.
#include "reporting/annual_report.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/shipped_path.h"
#include "reporting/format.h"
#include "reporting/narrative.h"
#include "reporting/svg_chart.h"

namespace sg::reporting {
namespace {

using indicators::Unit;

std::optional<double> Ours(const IndicatorHistory& h, size_t period) { return h.values[period].value; }


std::string Span(const FigureBook& book) {
  return fmt::format("{} to {}", book.periods.front().label, book.periods.back().label);
}

std::string RegionName(const FigureBook& book) {
  return book.authority && !book.authority->region_name.empty() ? book.authority->region_name : "Region";
}

// Rows of our own figures, one per indicator, a column per year.
ReportTable OurYears(const FigureBook& book, std::string id, std::string caption,
                     const std::vector<std::string_view>& indicator_ids) {
  ReportTable t{.id = std::move(id), .caption = fmt::format("{}, {}", caption, Span(book)),
                .first_column = "Measure"};
  for (const auto& p : book.periods) t.columns.push_back(p.label);
  for (std::string_view indicator : indicator_ids) {
    const IndicatorHistory& h = book.Find(indicator);
    TableRow row{.label = std::string(h.definition->title), .unit = h.definition->unit, .ours = true};
    for (size_t i = 0; i < book.periods.size(); ++i) row.values.push_back(Ours(h, i));
    t.rows.push_back(std::move(row));
  }
  std::string_view source = book.Find(indicator_ids.front()).definition->source;
  if (source.ends_with('.')) source.remove_suffix(1);
  t.source = fmt::format("{}'s records in Safeguard ({})", book.AuthorityName(), source);
  return t;
}

// One indicator over the book's periods: the authority's own figures first,
// then England's, its region's and its neighbours' median as DfE publishes them.
std::vector<Series> Beside(const FigureBook& book, const IndicatorHistory& h) {
  std::vector<Series> areas = {{book.AuthorityName(), {}},
                               {"England", {}},
                               {RegionName(book), {}},
                               {"Statistical neighbours (median)", {}}};
  for (size_t i = 0; i < book.periods.size(); ++i) {
    areas[0].values.push_back(Ours(h, i));
    areas[1].values.push_back(h.published[i].england);
    areas[2].values.push_back(h.published[i].region);
    areas[3].values.push_back(h.published[i].neighbours_median);
  }
  return areas;
}

// One indicator over the years: the authority beside England, its region
// and its statistical neighbours (DfE's published figures).
ReportTable Compared(const FigureBook& book, std::string id, std::string_view indicator) {
  const IndicatorHistory& h = book.Find(indicator);
  ReportTable t{.id = std::move(id),
                .caption = fmt::format("{}, {}", h.definition->title, Span(book)),
                .first_column = "Area"};
  for (const auto& p : book.periods) t.columns.push_back(p.label);
  for (Series& area : Beside(book, h)) {
    const bool ours = t.rows.empty();  // Beside lists the authority first
    t.rows.push_back({.label = std::move(area.name), .unit = h.definition->unit,
                      .values = std::move(area.values), .ours = ours});
  }
  t.source = fmt::format("{} from its records; England, {} and neighbours: {}", book.AuthorityName(),
                         RegionName(book),
                         h.benchmark_source.empty() ? "DfE publishes no such figure" : h.benchmark_source);
  return t;
}

ReportChart Trend(const FigureBook& book, std::string_view indicator) {
  const IndicatorHistory& h = book.Find(indicator);
  std::vector<std::string> years;
  for (const auto& p : book.periods) years.push_back(p.label);
  ChartOptions options{.title = fmt::format("{}, {}", h.definition->title, Span(book)),
                       .summary = std::string(h.definition->rule),
                       .axis_label = h.definition->unit == Unit::kPercent   ? "Per cent"
                                     : h.definition->unit == Unit::kPer10k ? "Per 10,000 children"
                                                                            : "Number",
                       .value_suffix = h.definition->unit == Unit::kPercent   ? "%"
                                       : h.definition->unit == Unit::kPer10k ? " per 10,000"
                                                                              : "",
                       .decimals = h.definition->unit == Unit::kCount ? 0 : 1,
                       .id = fmt::format("chart-{}", indicator)};
  if (h.definition->unit == Unit::kPercent) {
    options.axis_min = 0;
    options.axis_max = 100;
  }
  return {options.title, LineChart(years, Beside(book, h), options)};
}

ReportChart CategoriesChart(const FigureBook& book) {
  static constexpr std::pair<std::string_view, std::string_view> kCategories[] = {
      {"cpp_started_neglect", "Neglect"},
      {"cpp_started_emotional", "Emotional abuse"},
      {"cpp_started_physical", "Physical abuse"},
      {"cpp_started_sexual", "Sexual abuse"},
      {"cpp_started_multiple", "Multiple"}};
  std::vector<Bar> bars;
  for (const auto& [id, label] : kCategories)
    bars.push_back({std::string(label), book.Find(id).values.back().value, true});
  ChartOptions options{.title = fmt::format("Child protection plans started in {} by initial category",
                                            book.periods.back().label),
                       .axis_label = "Plans started",
                       .decimals = 0,
                       .id = "chart-cpp-categories"};
  return {options.title, BarChart(bars, options)};
}

// The figures the narrative can name: {{id}}, {{id.last_year}},
// {{id.numerator}}, {{id.denominator}}, {{id.england}}, {{id.region}},
// {{id.neighbours}}, {{id.published}}, and the report's own facts.
Figure Lookup(const FigureBook& book, const std::string& partnership, std::string_view key) {
  const size_t last = book.periods.size() - 1;
  if (key == "authority") return Figure::Text(book.AuthorityName());
  if (key == "partnership") return Figure::Text(partnership);
  if (key == "year") return Figure::Text(book.periods[last].label);
  if (key == "previous_year") return Figure::Text(YearLabel(book.periods[last].year - 1));
  if (key == "next_year") return Figure::Text(YearLabel(book.periods[last].year + 1));
  if (key == "period_start") return Figure::Text(book.periods[last].period.start.Iso());
  if (key == "period_end") return Figure::Text(book.periods[last].period.end.Iso());
  if (key == "region") return Figure::Text(RegionName(book));
  if (key == "neighbour_model")
    return book.neighbour_model.empty() ? Figure::NotAvailable() : Figure::Text(book.neighbour_model);
  if (key == "population") {
    auto p = book.population[last];
    return p ? Figure::Text(FormatNumber(*p, 0)) : Figure::NotAvailable();
  }
  auto dot = key.find('.');
  std::string_view id = key.substr(0, dot);
  std::string_view part = dot == std::string_view::npos ? "" : key.substr(dot + 1);
  const indicators::Definition* def = indicators::FindDefinition(id);
  if (def == nullptr) return Figure::Unknown();
  const IndicatorHistory& h = book.Find(id);
  auto text = [&](std::optional<double> v, Unit unit) {
    return v ? Figure::Text(FormatFigure(v, unit, "", /*rate_unit_in_words=*/true)) : Figure::NotAvailable();
  };
  const auto& value = h.values[last];
  const auto& published = h.published[last];
  if (part.empty()) return text(value.value, def->unit);
  if (part == "last_year") return last == 0 ? Figure::NotAvailable() : text(h.values[last - 1].value, def->unit);
  if (part == "numerator") return text(value.numerator, Unit::kCount);
  if (part == "denominator") return text(value.denominator, Unit::kCount);
  if (part == "england") return text(published.england, def->unit);
  if (part == "region") return text(published.region, def->unit);
  if (part == "neighbours") return text(published.neighbours_median, def->unit);
  if (part == "published") return text(published.authority, def->unit);
  return Figure::Unknown();
}

core::Result<std::string> Narrative(const std::filesystem::path& dir, const std::string& section,
                                    const FigureLookup& lookup) {
  const std::filesystem::path file = dir / (section + ".md");
  std::error_code error;
  if (!std::filesystem::exists(file, error)) return std::string();
  std::ifstream in(file);
  if (!in) return core::Fail(core::Code::kUnavailable, fmt::format("{} cannot be read", file.string()));
  std::stringstream text;
  text << in.rdbuf();
  auto html = RenderNarrative(text.str(), lookup);
  if (!html) return std::unexpected(html.error().WithContext(file.filename().string()));
  return html;
}

std::vector<ReportSection> Sections(const FigureBook& book) {
  std::vector<ReportSection> s;
  auto add = [&](std::string id, std::string title, int level = 2) -> ReportSection& {
    s.push_back(ReportSection{.id = std::move(id), .title = std::move(title), .level = level});
    return s.back();
  };
  add("foreword", "Foreword from the Partnership Chair");
  add("summary", "Summary");
  add("partnership", "The partnership");
  auto& population = add("population", "Our child population");
  ReportTable rates = OurYears(book, "rates", "Children in need, with a plan and cared for",
                               {"cin_rate_per_10k", "cpp_rate_per_10k", "cla_rate_per_10k"});
  TableRow children{.label = "Children aged 0 to 17 (ONS mid-year estimate)", .unit = Unit::kCount};
  children.values = book.population;
  rates.rows.insert(rates.rows.begin(), std::move(children));
  rates.source += "; ONS mid-year population estimates";
  population.tables.push_back(std::move(rates));
  add("journey", "The child's journey");
  auto& front_door = add("front-door", "The front door: consultations", 3);
  front_door.tables.push_back(OurYears(book, "consultations", "Consultations and conversion to referral",
                                       {"contacts", "contacts_to_referral_pct", "referrals",
                                        "referral_rate_per_10k", "rereferrals_12m_pct"}));
  front_door.charts.push_back(Trend(book, "referral_rate_per_10k"));
  auto& early_help = add("early-help", "Early help", 3);
  early_help.tables.push_back(OurYears(book, "early-help", "Early help", {"early_help_started"}));
  auto& assessments = add("assessments", "Assessments", 3);
  assessments.tables.push_back(Compared(book, "assessments-45", "assessments_within_45wd_pct"));
  assessments.tables.push_back(OurYears(book, "assessments", "Assessments completed",
                                        {"assessments_completed", "assessments_within_45wd_pct",
                                         "assessments_within_45wd_of_referral_pct"}));
  assessments.charts.push_back(Trend(book, "assessments_within_45wd_pct"));
  auto& cin = add("children-in-need", "Children in need", 3);
  cin.tables.push_back(Compared(book, "cin-rate", "cin_rate_per_10k"));
  cin.tables.push_back(OurYears(book, "children-in-need", "Children in need",
                                {"cin_started", "cin_at_31_march", "cin_rate_per_10k"}));
  cin.charts.push_back(Trend(book, "cin_rate_per_10k"));
  auto& cp = add("child-protection", "Child protection", 3);
  cp.tables.push_back(OurYears(book, "section-47", "Section 47 enquiries and conferences",
                               {"s47_started", "icpc_held", "s47_to_icpc_pct", "cpp_started",
                                "cpp_at_31_march", "cpp_rate_per_10k"}));
  cp.tables.push_back(OurYears(book, "cp-key-indicators", "Child protection key indicators",
                               {"cpp_ended_2y_plus_pct", "cpp_open_2y_plus_pct",
                                "cpp_second_or_subsequent_pct", "cpp_reviews_in_time_pct",
                                "icpc_within_15wd_pct"}));
  cp.tables.push_back(Compared(book, "cpp-repeat", "cpp_second_or_subsequent_pct"));
  cp.charts.push_back(Trend(book, "icpc_within_15wd_pct"));
  cp.charts.push_back(Trend(book, "cpp_second_or_subsequent_pct"));
  cp.charts.push_back(CategoriesChart(book));
  auto& cla = add("cared-for", "Cared-for children", 3);
  cla.tables.push_back(OurYears(book, "cared-for", "Cared-for children at 31 March",
                                {"cla_at_31_march", "cla_rate_per_10k", "cla_placement_foster_pct",
                                 "cla_placement_residential_home_pct",
                                 "cla_placement_residential_school_pct",
                                 "cla_outside_la_over_20_miles_pct", "cla_uasc_at_31_march"}));
  cla.tables.push_back(OurYears(book, "ceased", "Children who ceased to be cared for",
                                {"cla_started", "cla_ceased", "cla_ceased_adopted", "cla_ceased_sgo",
                                 "cla_ceased_aged_18"}));
  cla.tables.push_back(Compared(book, "cla-rate", "cla_rate_per_10k"));
  cla.charts.push_back(Trend(book, "cla_rate_per_10k"));
  auto& leavers = add("care-leavers", "Care leavers", 3);
  leavers.tables.push_back(OurYears(book, "care-leavers", "Care leavers",
                                    {"care_leavers_in_touch", "care_leavers_19_21_eet_pct",
                                     "care_leavers_19_21_suitable_accommodation_pct"}));
  leavers.tables.push_back(Compared(book, "care-leavers-eet", "care_leavers_19_21_eet_pct"));
  auto& ce = add("child-exploitation", "Child exploitation", 3);
  ce.tables.push_back(OurYears(book, "child-exploitation", "Child exploitation at the front door",
                               {"contacts_child_exploitation", "children_child_exploitation_contacts",
                                "contacts_child_exploitation_screening_pct",
                                "contacts_child_exploitation_to_referral"}));
  add("priorities", "Review of our priorities");
  add("learning", "Learning and improvement");
  auto no_data = [&](std::string id, std::string title, std::string what) {
    add(std::move(id), std::move(title), 3).no_data =
        fmt::format("No data recorded: Safeguard does not yet hold {}.", what);
  };
  no_data("audits", "Multi-agency audits", "multi-agency audits and their findings");
  no_data("case-reviews", "Rapid reviews and child safeguarding practice reviews",
          "rapid reviews or local child safeguarding practice reviews");
  no_data("section-175", "Section 175 returns from schools", "schools' section 175 returns");
  no_data("training", "Training and development", "multi-agency training courses or attendance");
  add("next-year", fmt::format("Key priorities for {}", YearLabel(book.periods.back().year + 1)));
  return s;
}

}  // namespace

std::filesystem::path DefaultNarrativeDirectory() {
  return core::ShippedPath("SAFEGUARD_NARRATIVE", std::filesystem::path("data") / "report" / "annual");
}

core::Result<AnnualReport> BuildAnnualReport(FigureBook book, const AnnualReportOptions& options) {
  AnnualReport report;
  report.book = std::move(book);
  const FigureBook& b = report.book;
  report.year = b.periods.back().year;
  const std::string partnership = options.partnership_name.empty()
                                      ? fmt::format("{} Safeguarding Children Partnership", b.AuthorityName())
                                      : options.partnership_name;
  report.title = fmt::format("{} Annual Report {}", partnership, b.periods.back().label);
  report.sections = Sections(b);
  const auto dir = options.narrative_dir.empty() ? DefaultNarrativeDirectory() : options.narrative_dir;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error))
    return core::Fail(core::Code::kNotFound,
                      fmt::format("the narrative folder {} does not exist", dir.string()));
  FigureLookup lookup = [&](std::string_view key) { return Lookup(b, partnership, key); };
  for (ReportSection& section : report.sections) {
    SG_ASSIGN_OR_RETURN(section.narrative_html, Narrative(dir, section.id, lookup));
  }
  return report;
}

}  // namespace sg::reporting
