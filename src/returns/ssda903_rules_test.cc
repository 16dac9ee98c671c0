// Golden tests of the SSDA903 rules, driven by the fixtures in
// testdata/ssda903/rules/ (DuckDB-style: each fixture carries its
// expectation).
//
// A fixture is a text file named <code>[_<anything>].txt holding a small
// return as CSV tables:
//
//   # 101: what the fixture shows (comment lines start with #)
//   year: 2024                 the collection year (required)
//   la: E06000049              the authority's ONS code (optional)
//   --- Header                 a table follows; the name is for people, the
//   CHILD,SEX,DOB,...          header row is what identifies it
//   PASS1,1,01/01/2010,...
//   --- previous Episodes      a table of last year's return
//   ...
//   --- derived                the postcode-derived fields of episodes, set
//   CHILD,DECOM,PL_DISTANCE,PL_LA,PL_LOCATION   after reading (IN/OUT; for
//                                            values no real postcode gives)
//   --- providers              Ofsted's provider lists, as
//   URN,PLACE_CODES,PROVIDER_CODES,REG_END,POSTCODE,LA_CODE
//   SC123456,K2 K1,PR4,,CW1 2BJ,E06000049   (codes separated by spaces,
//                                            REG_END dd/mm/yyyy or blank)
//
// Its expectations are written in the CHILD ids: a child whose id starts
// with FAIL must get at least one finding of rule <code>; a child whose id
// starts with PASS must get none; other children are context. Only rule
// <code> is run, and it must be in force in the fixture's year and able to
// run on the tables given. Every rule in the catalogue must have a failing
// and a passing case.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "returns/ssda903_catalogue.h"
#include "returns/ssda903_reader.h"
#include "returns/ssda903_rule_kit.h"
#include "returns/ssda903_tables.h"
#include "returns/ssda903_validator.h"

namespace sg::returns {
namespace {

namespace fs = std::filesystem;

fs::path FixtureDir() { return fs::path(SG_TESTDATA_DIR) / "ssda903" / "rules"; }

std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(FixtureDir())) {
    if (entry.path().extension() == ".txt") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string RuleOf(const std::string& fixture) { return fixture.substr(0, fixture.find('_')); }

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Fixture {
  int year = 0;
  std::string la;
  std::vector<LacSourceFile> current;
  std::vector<LacSourceFile> previous;
  std::vector<std::string> child_ids;  // every CHILD of the current tables
  std::optional<LacProviders> providers;
  std::vector<std::vector<std::string>> derived;  // CHILD, DECOM, PL_DISTANCE, PL_LA, PL_LOCATION
};

// Sets the derived fields the fixture gives, on the episodes they name.
void ApplyDerived(const Fixture& fixture, LacReturn& lac) {
  for (const auto& fields : fixture.derived) {
    for (EpisodeRow& episode : lac.episodes) {
      if (episode.child.text != fields[0] || episode.decom.text != fields[1]) continue;
      if (!fields[2].empty()) episode.pl_distance = std::stod(fields[2]);
      episode.pl_la = lac.text->Copy(fields[3]);
      episode.pl_location = fields[4] == "IN"    ? PlacementLocation::kInside
                            : fields[4] == "OUT" ? PlacementLocation::kOutside
                                                 : PlacementLocation::kUnknown;
    }
  }
}

std::vector<std::string> Split(const std::string& text, char by) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  std::string part;
  while (std::getline(in, part, by)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// One row of the providers section.
void AddProvider(const std::string& line, LacProviders& providers) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  fields.resize(6);
  OfstedProvider provider;
  provider.urn = fields[0];
  provider.place_codes = Split(fields[1], ' ');
  provider.provider_codes = Split(fields[2], ' ');
  provider.registration_end = ParseLacDate(fields[3]);
  provider.postcode = fields[4];
  provider.la_code = fields[5];
  providers.Add(std::move(provider));
}

Fixture Parse(const std::string& name) {
  Fixture fixture;
  std::istringstream in(Slurp(FixtureDir() / (name + ".txt")));
  std::string line;
  LacSourceFile* table = nullptr;
  bool first_row = false;
  bool in_derived = false;  // a derived section runs to the next section
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("#")) continue;
    if (line.starts_with("year:")) {
      fixture.year = std::stoi(line.substr(5));
    } else if (line.starts_with("la:")) {
      fixture.la = line.substr(line.find_first_not_of(' ', 3));
    } else if (line.starts_with("--- derived")) {
      table = nullptr;
      in_derived = true;
      first_row = true;
    } else if (in_derived) {
      if (!first_row && !line.empty()) {
        std::vector<std::string> fields;
        std::istringstream row(line);
        for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
        fields.resize(5);
        fixture.derived.push_back(std::move(fields));
      }
      first_row = false;
    } else if (line.starts_with("--- providers")) {
      fixture.providers.emplace();
      table = nullptr;
      first_row = true;
    } else if (line.starts_with("---")) {
      in_derived = false;
      std::string title = line.substr(line.find_first_not_of("- "));
      auto& files = title.starts_with("previous") ? fixture.previous : fixture.current;
      files.push_back({name + ": " + title, ""});
      table = &files.back();
      first_row = true;
    } else if (table == nullptr && fixture.providers) {
      if (!first_row && !line.empty()) AddProvider(line, *fixture.providers);
      first_row = false;
    } else if (table != nullptr) {
      table->content += line + "\n";
      bool current = table >= fixture.current.data() &&
                     table < fixture.current.data() + fixture.current.size();
      if (!first_row && current && !line.empty()) {
        fixture.child_ids.push_back(line.substr(0, line.find(',')));
      }
      first_row = false;
    }
  }
  return fixture;
}

struct Outcome {
  std::set<std::string> flagged;
  std::vector<std::string> skipped;
};

Outcome RunRule(const std::string& name, const Fixture& fixture) {
  LacReturn current;
  current.collection_year = fixture.year;
  current.la_code = fixture.la;
  auto read = ReadLacFiles(fixture.current, current);
  EXPECT_TRUE(read) << read.error().message();
  ApplyDerived(fixture, current);
  std::optional<LacReturn> previous;
  if (!fixture.previous.empty()) {
    previous.emplace();
    previous->collection_year = fixture.year - 1;
    previous->la_code = fixture.la;
    previous->as_previous_year = true;
    auto read_previous = ReadLacFiles(fixture.previous, *previous);
    EXPECT_TRUE(read_previous) << read_previous.error().message();
  }
  LacValidateOptions options;
  options.la_code = fixture.la;
  options.only_rules = {RuleOf(name)};
  if (fixture.providers) options.providers = &*fixture.providers;
  LacValidation validation = ValidateLac(current, previous ? &*previous : nullptr, options);
  Outcome outcome;
  outcome.skipped = validation.skipped_rules;
  for (const FileReport& report : validation.reports) {
    for (const Finding& finding : report.findings) {
      EXPECT_EQ(finding.rule, RuleOf(name));
      outcome.flagged.insert(finding.la_child_id);
    }
  }
  return outcome;
}

class LacRuleFixture : public testing::TestWithParam<std::string> {};

TEST_P(LacRuleFixture, FlagsFailingChildrenAndOnlyThem) {
  const std::string& name = GetParam();
  const std::string rule = RuleOf(name);
  Fixture fixture = Parse(name);
  ASSERT_NE(fixture.year, 0) << name << " has no 'year:' line";
  const LacRuleDefinition* definition = LacCatalogue::Embedded().Find(rule);
  ASSERT_NE(definition, nullptr) << rule << " is not in the catalogue";
  const auto in_force = LacCatalogue::Embedded().RulesFor(fixture.year);
  ASSERT_TRUE(std::find(in_force.begin(), in_force.end(), definition) != in_force.end())
      << rule << " is not in force in " << fixture.year;

  Outcome outcome = RunRule(name, fixture);
  ASSERT_THAT(outcome.skipped, testing::IsEmpty())
      << rule << " did not run: its tables (or last year's return) are not all in the fixture";
  bool has_fail = false, has_pass = false;
  for (const std::string& id : fixture.child_ids) {
    if (id.starts_with("FAIL")) {
      has_fail = true;
      EXPECT_TRUE(outcome.flagged.contains(id)) << rule << " did not flag " << id;
    } else if (id.starts_with("PASS")) {
      has_pass = true;
      EXPECT_FALSE(outcome.flagged.contains(id)) << rule << " flagged " << id;
    }
  }
  EXPECT_TRUE(has_fail || has_pass) << name << " names no PASS or FAIL child";
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LacRuleFixture, testing::ValuesIn(FixtureNames()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Which catalogue codes have fixtures with a failing and a passing child.
std::map<std::string, std::pair<bool, bool>> Coverage() {
  std::map<std::string, std::pair<bool, bool>> coverage;
  for (const std::string& name : FixtureNames()) {
    Fixture fixture = Parse(name);
    auto& [fail, pass] = coverage[RuleOf(name)];
    for (const std::string& id : fixture.child_ids) {
      fail = fail || id.starts_with("FAIL");
      pass = pass || id.starts_with("PASS");
    }
  }
  return coverage;
}

TEST(LacRuleCatalogue, EveryRuleHasAFailingAndAPassingFixture) {
  auto coverage = Coverage();
  std::vector<std::string> missing;
  for (const LacRuleDefinition& rule : LacCatalogue::Embedded().rules()) {
    auto [fail, pass] = coverage[rule.code];
    if (!fail || !pass) missing.push_back(rule.code);
  }
  EXPECT_THAT(missing, testing::IsEmpty());
}

TEST(LacRuleCatalogue, EveryRuleIsImplementedInEveryYearItIsInForce) {
  std::vector<std::string> unimplemented;
  LacReturn empty;
  for (int year = 2023; year <= 2027; ++year) {
    empty.collection_year = year;
    empty.supplied.fill(true);
    LacReturn previous;
    previous.collection_year = year - 1;
    previous.supplied.fill(true);
    LacProviders providers;
    LacValidateOptions options;
    options.providers = &providers;
    LacValidation validation = ValidateLac(empty, &previous, options);
    for (const std::string& code : validation.skipped_rules) {
      if (std::find(unimplemented.begin(), unimplemented.end(), code) == unimplemented.end()) {
        unimplemented.push_back(code);
      }
    }
  }
  EXPECT_THAT(unimplemented, testing::IsEmpty());
}

}  // namespace
}  // namespace sg::returns
